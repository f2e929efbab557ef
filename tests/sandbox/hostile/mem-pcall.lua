-- a pcall swallowing the memory limit
return rule { id = "hostile.mem-pcall", title = "hostile", severity = "warning", principle = "digital-completion", target = "law.sentence",
  check = function(unit, ctx)
    pcall(function() local t = {} ; while true do t[#t + 1] = string.rep("m", 1e6) .. #t end end)
    ctx:report{message = "escaped the memory limit"}
  end }
