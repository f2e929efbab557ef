return rule {
  id = "broken.bad",
  title = "bad"
  severity = "warning",
}
