-- 10^5 large findings in one call (was: 400 MB, a 206 MB report)
return rule { id = "hostile.report-big", title = "hostile", severity = "warning", principle = "digital-completion", target = "law.sentence",
  check = function(unit, ctx)
    local m = string.rep("あ", 20000)
    for i = 1, 1e5 do ctx:report{message = m} end
  end }
