-- rawset on a shared table is refused
return rule { id = "hostile.poison-rawset", title = "hostile", severity = "warning", principle = "digital-completion", target = "law.sentence",
  check = function(unit, ctx)
    rawset(string, "find", function() return 1 end)
  end }
