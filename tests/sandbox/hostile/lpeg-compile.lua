-- LPeg compiles a pattern at its first match, quadratic in its size: 2^15 alternatives take 10 s; a loop that
-- builds and matches new ones in a pcall must still be stopped
return rule { id = "hostile.lpeg-compile", title = "hostile", severity = "warning", principle = "digital-completion", target = "law.sentence",
  check = function(unit, ctx)
    local lpeg = require "lpeg"
    local p = lpeg.P"ab"
    for _ = 1, 12 do p = p + p end
    while true do pcall(lpeg.match, p * "c", "x") end
  end }
