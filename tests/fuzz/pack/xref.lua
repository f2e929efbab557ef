local xref = require "shinsa.xref"
return rule {
  id = "fuzz.xref", title = "citation parser", severity = "info", principle = "digital-completion",
  target = "law.sentence",
  check = function(unit, ctx)
    local refs = xref.parse(unit.text)
    if refs and #refs > 0 then ctx:report{message = "refs " .. #refs} end
  end,
}
