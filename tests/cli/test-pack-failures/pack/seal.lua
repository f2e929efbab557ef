local lexicon = require "shinsa.lexicon"
return rule {
  id = "demo.seal",
  title = "押印の義務 (duty to affix a seal)",
  severity = "warning",
  principle = "digital-completion",
  analog_types = { "seal-signature" },
  target = "law.sentence",
  triggers = { "押印" },
  description = "押印を義務付ける規定。\nA duty to affix a seal.",
  examples = {
    fire = { "申請者は、申請書に押印しなければならない。" },
    quiet = { "押印は、要しない。" },
  },
  check = function(unit, ctx)
    local lex = ctx.lexicon.demo
    local m = lexicon.find_trigger(lex, unit.text)
    if not m or not lexicon.any(lex.obligation, unit.text) then return end
    ctx:report { message = "押印を義務付けています。", match = lexicon.span(m),
                 severity = unit.text:find("電子署名", 1, true) and "info" or nil }
  end,
}
