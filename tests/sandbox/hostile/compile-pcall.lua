-- core.compile of a failing pattern in a pcall loop (was: past 60 s)
return rule { id = "hostile.compile-pcall", title = "hostile", severity = "warning", principle = "digital-completion", target = "law.sentence",
  check = function(unit, ctx)
    local core = require "shinsa.core"
    local p = string.rep("(a|b)", 2000) .. "("
    while true do pcall(core.compile, p) end
  end }
