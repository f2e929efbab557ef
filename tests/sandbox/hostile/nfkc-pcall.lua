-- core.nfkc in a pcall loop (was: past 60 s)
return rule { id = "hostile.nfkc-pcall", title = "hostile", severity = "warning", principle = "digital-completion", target = "law.sentence",
  check = function(unit, ctx)
    local core = require "shinsa.core"
    local s = string.rep("ｱ", 3e5)
    while true do pcall(core.nfkc, s) end
  end }
