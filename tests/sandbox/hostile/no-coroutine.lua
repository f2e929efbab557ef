-- coroutines are not there
return rule { id = "hostile.no-coroutine", title = "hostile", severity = "warning", principle = "digital-completion", target = "law.sentence",
  check = function(unit, ctx)
    coroutine.wrap(function() end)()
  end }
