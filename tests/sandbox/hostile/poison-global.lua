-- shared library tables are read-only
return rule { id = "hostile.poison-global", title = "hostile", severity = "warning", principle = "digital-completion", target = "law.sentence",
  check = function(unit, ctx)
    string.find = function() return 1 end
  end }
