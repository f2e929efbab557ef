-- os is not there
return rule { id = "hostile.no-os", title = "hostile", severity = "warning", principle = "digital-completion", target = "law.sentence",
  check = function(unit, ctx)
    os.execute("touch /tmp/shinsa-escaped")
  end }
