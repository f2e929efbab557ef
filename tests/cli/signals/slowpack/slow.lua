return rule {
  id = "slow.spin",
  title = "spins",
  severity = "info",
  principle = "digital-completion",
  analog_types = {},
  target = "law.sentence",
  description = "Spins for a while on every sentence.",
  check = function(unit, ctx)
    local x = 0
    for i = 1, 3000000 do x = x + i end
    if x < 0 then ctx:report{ message = "never", message_en = "never" } end
  end,
}
