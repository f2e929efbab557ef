-- the string metatable is hidden
return rule { id = "hostile.string-meta", title = "hostile", severity = "warning", principle = "digital-completion", target = "law.sentence",
  check = function(unit, ctx)
    getmetatable("").__index = {}
  end }
