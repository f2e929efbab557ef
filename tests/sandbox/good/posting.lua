local core = require "shinsa.core"
return rule {
  id = "good.posting", title = "掲示", severity = "info", principle = "digital-completion",
  target = "law.sentence",
  check = function(unit, ctx)
    local s = string.find(unit.text, "掲示", 1, true)
    local start, stop = core.find(unit.text, "掲示")
    if s and start then ctx:report{message = "掲示を含む文", match = {start = start, ["end"] = stop}} end
  end,
}
