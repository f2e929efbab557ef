local kpi = require "shinsa.kpi"
return rule {
  id = "fuzz.kpi", title = "KPI parser", severity = "info", principle = "digital-completion",
  target = "measure.kpi",
  check = function(unit, ctx)
    local k = kpi.parse(unit.text)
    if k then
      local d = kpi.describe(k)
      if d then ctx:report{message = "kpi"} end
    end
  end,
}
