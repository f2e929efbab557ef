return rule {
  id = "limits.good", title = "reports every sentence with 掲示", severity = "info", principle = "digital-completion",
  target = "law.sentence", triggers = {"掲示"},
  check = function(unit, ctx) ctx:report { message = "掲示を含む文", match_text = "掲示" } end,
}
