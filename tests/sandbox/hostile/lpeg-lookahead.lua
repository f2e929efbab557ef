-- LPeg matches in C: a loop of look-aheads that each scan to the end is n^2 over 10^6 characters (days)
return rule { id = "hostile.lpeg-lookahead", title = "hostile", severity = "warning", principle = "digital-completion", target = "law.sentence",
  check = function(unit, ctx)
    local lpeg = require "lpeg"
    local p = (#(lpeg.P(1)^0 * -1) * 1)^0
    p:match(string.rep("a", 1e6))
  end }
