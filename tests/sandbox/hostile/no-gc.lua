-- __gc metamethods are refused
return rule { id = "hostile.no-gc", title = "hostile", severity = "warning", principle = "digital-completion", target = "law.sentence",
  check = function(unit, ctx)
    setmetatable({}, {__gc = function() while true do end end})
  end }
