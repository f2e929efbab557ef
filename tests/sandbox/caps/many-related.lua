return rule {
  id = "caps.many-related", title = "many related", severity = "info", principle = "digital-completion",
  target = "law.sentence",
  check = function(unit, ctx)
    local rel = {}
    for i = 1, 1000 do rel[i] = {note = "entry " .. i} end
    ctx:report{message = "many", related = rel}
  end,
}
