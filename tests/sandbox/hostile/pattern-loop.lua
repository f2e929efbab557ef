-- plain string.find over a long subject in a pcall loop
return rule { id = "hostile.pattern-loop", title = "hostile", severity = "warning", principle = "digital-completion", target = "law.sentence",
  check = function(unit, ctx)
    local s = string.rep("a", 1e6)
    while true do pcall(string.find, s, "x", 1, true) end
  end }
