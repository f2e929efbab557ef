return rule {
  id = "demo.unused",
  title = "使われない (never triggered)",
  severity = "info",
  principle = "digital-completion",
  target = "law.sentence",
  triggers = { "存在しない語句" },
  description = "どのフィクスチャにも現れないトリガー (a trigger no fixture holds).",
  check = function(unit, ctx) ctx:report { message = "x" } end,
}
