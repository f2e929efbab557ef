-- an error object whose __tostring loops (the handler runs no rule code)
return rule { id = "hostile.tostring-error", title = "hostile", severity = "warning", principle = "digital-completion", target = "law.sentence",
  check = function(unit, ctx)
    error(setmetatable({}, {__tostring = function() while true do end end}))
  end }
