local lpeg = require "lpeg"

return rule {
  id = "lpegslow.scan",
  title = "one long LPeg match",
  severity = "info",
  principle = "digital-completion",
  target = "law.sentence",
  description = "For the signal test: one match that runs for minutes inside LPeg.",
  check = function(unit, ctx)
    local p = (#(lpeg.P(1)^0 * -1) * 1)^0
    p:match(string.rep("a", 1e6))
  end,
}
