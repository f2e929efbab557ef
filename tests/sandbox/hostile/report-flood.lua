-- ctx:report 10^7 times in one call (was: 6 GB RSS in 60 s)
return rule { id = "hostile.report-flood", title = "hostile", severity = "warning", principle = "digital-completion", target = "law.sentence",
  check = function(unit, ctx)
    for i = 1, 1e7 do ctx:report{message = "flood " .. i} end
  end }
