return rule {
  id = "limits.membomb", title = "allocates without end", severity = "warning", principle = "digital-completion",
  target = "law.sentence",
  check = function(unit, ctx)
    local t, s = {}, "x"
    while true do s = s .. s; t[#t + 1] = s end
  end,
}
