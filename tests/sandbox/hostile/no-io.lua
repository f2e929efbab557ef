-- io is not there
return rule { id = "hostile.no-io", title = "hostile", severity = "warning", principle = "digital-completion", target = "law.sentence",
  check = function(unit, ctx)
    io.open("/etc/passwd")
  end }
