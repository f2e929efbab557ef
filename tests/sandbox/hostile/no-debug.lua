-- debug is not there
return rule { id = "hostile.no-debug", title = "hostile", severity = "warning", principle = "digital-completion", target = "law.sentence",
  check = function(unit, ctx)
    debug.sethook()
  end }
