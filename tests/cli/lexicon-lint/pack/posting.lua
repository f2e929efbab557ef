local lexicon = require "shinsa.lexicon"
return rule {
  id = "lint.posting", title = "posting", severity = "warning", principle = "digital-completion",
  target = "law.sentence", triggers = { "掲示" },
  check = function(unit, ctx)
    local m = lexicon.find_trigger(ctx.lexicon.posting, unit.text)
    if m then ctx:report { message = "掲示", match = lexicon.span(m) } end
  end,
}
