-- an LPeg grammar whose rules each call the next twice compiles in 2^40 steps: refused (at most 16 references)
return rule { id = "hostile.lpeg-grammar", title = "hostile", severity = "warning", principle = "digital-completion", target = "law.sentence",
  check = function(unit, ctx)
    local lpeg = require "lpeg"
    local g = {"A0"}
    for i = 0, 39 do g["A" .. i] = lpeg.V("A" .. (i + 1)) * "x" + lpeg.V("A" .. (i + 1)) * "y" end
    g.A40 = lpeg.P"a"^0
    lpeg.match(g, "aaaz")
  end }
