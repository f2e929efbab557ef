-- string.rep in a loop: one cheap instruction, 0.18 s of C work each
return rule { id = "hostile.rep-loop", title = "hostile", severity = "warning", principle = "digital-completion", target = "law.sentence",
  check = function(unit, ctx)
    while true do local s = string.rep("x", 3e7) end
  end }
