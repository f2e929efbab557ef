-- core.find over a long subject in a pcall loop (was: past 60 s)
return rule { id = "hostile.find-pcall", title = "hostile", severity = "warning", principle = "digital-completion", target = "law.sentence",
  check = function(unit, ctx)
    local core = require "shinsa.core"
    local s = string.rep("a", 1e6)
    while true do pcall(core.find, s, "a*b") end
  end }
