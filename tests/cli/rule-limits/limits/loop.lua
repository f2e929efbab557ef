return rule {
  id = "limits.loop", title = "loops forever", severity = "warning", principle = "digital-completion",
  target = "law.sentence",
  check = function(unit, ctx) while true do end end,
}
