-- globals cannot be written
return rule { id = "hostile.poison-env", title = "hostile", severity = "warning", principle = "digital-completion", target = "law.sentence",
  check = function(unit, ctx)
    _ENV.ctx_leak = ctx
  end }
