-- string.dump is removed
return rule { id = "hostile.no-dump", title = "hostile", severity = "warning", principle = "digital-completion", target = "law.sentence",
  check = function(unit, ctx)
    string.dump(function() end)
  end }
