-- collectgarbage only counts
return rule { id = "hostile.collectgarbage", title = "hostile", severity = "warning", principle = "digital-completion", target = "law.sentence",
  check = function(unit, ctx)
    collectgarbage("stop")
  end }
