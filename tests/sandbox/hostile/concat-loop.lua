-- concatenation copying 8 MB per instruction
return rule { id = "hostile.concat-loop", title = "hostile", severity = "warning", principle = "digital-completion", target = "law.sentence",
  check = function(unit, ctx)
    local s = string.rep("a", 8e6)
    while true do local t = s .. "b" end
  end }
