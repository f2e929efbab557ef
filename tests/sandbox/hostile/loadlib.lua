-- package.loadlib is not there
return rule { id = "hostile.loadlib", title = "hostile", severity = "warning", principle = "digital-completion", target = "law.sentence",
  check = function(unit, ctx)
    package.loadlib("libc.so.6", "system")
  end }
