-- binary chunks are refused (load is text-only)
return rule { id = "hostile.binary-chunk", title = "hostile", severity = "warning", principle = "digital-completion", target = "law.sentence",
  check = function(unit, ctx)
    local f, err = load("\27Lua\84\0\25\147\13\10\26\10\4\8\8", "x", "b")
    if not f then error(err) end
    f()
  end }
