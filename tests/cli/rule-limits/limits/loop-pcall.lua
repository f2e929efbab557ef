return rule {
  id = "limits.loop-pcall", title = "loops forever inside pcall, retrying", severity = "warning",
  principle = "digital-completion", target = "law.sentence",
  check = function(unit, ctx)
    for _ = 1, 1000 do pcall(function() while true do end end) end
  end,
}
