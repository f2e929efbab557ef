return rule {
  id = "limits.error", title = "raises an error", severity = "warning", principle = "digital-completion",
  target = "law.sentence",
  check = function(unit, ctx) local x = nil; return x.field end,
}
