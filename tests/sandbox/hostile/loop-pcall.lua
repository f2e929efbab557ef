-- a pcall swallowing the instruction limit
return rule { id = "hostile.loop-pcall", title = "hostile", severity = "warning", principle = "digital-completion", target = "law.sentence",
  check = function(unit, ctx)
    pcall(function() while true do end end)
    ctx:report{message = "escaped the instruction limit"}
  end }
