return rule {
  id = "loadloop.fine", title = "fine", severity = "info", principle = "digital-completion", target = "law.sentence",
  check = function(unit, ctx) ctx:report{message = "fine"} end,
}
