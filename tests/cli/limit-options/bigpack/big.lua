return rule {
  id = "big.suggestion",
  title = "a large finding",
  severity = "info",
  principle = "digital-completion",
  target = "law.sentence",
  description = "Reports one finding whose suggestion is 3,000 bytes long.",
  check = function(unit, ctx)
    ctx:report { message = "大きな指摘", suggestion = string.rep("x", 3000) }
  end,
}
