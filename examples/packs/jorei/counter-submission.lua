-- jorei.counter-submission (窓口への提出・持参): a document must be handed in at a counter or brought in person.
-- Phrases: lexicon/counter-submission.yaml; shared judgement: common.lua.
local lexicon = require "shinsa.lexicon"
local common = require "jorei.common"

return rule {
  id = "jorei.counter-submission",
  title = "窓口への提出・持参 (submission at a counter)",
  severity = "warning",
  principle = "digital-completion",
  analog_types = { "physical-delivery" },
  target = "law.sentence",
  triggers = { "窓口", "持参" },
  description = [[
申請書・届出書等を市の窓口に提出し、又は持参することを義務付ける規定。電子申請による提出を認める。
A clause that requires handing in a document at a counter or in person; allow electronic submission.]],
  examples = {
    fire = {
      "前条の届出書は、市民課の窓口に提出しなければならない。",
      "申請者は、申請書を持参して提出するものとする。",
    },
    quiet = {
      "申請書は、郵送により提出することができる。",
      "前項の場合において、申請書を持参することを要しない。",
    },
  },
  check = function(unit, ctx)
    local lex = ctx.lexicon["counter-submission"]
    local m = lexicon.find_trigger(lex, unit.text)
    if not m then return end
    common.judge(unit, ctx, lex, m, {
      confidence = 0.8,
      message = "窓口への提出又は持参を義務付けています。",
      message_en = "The clause requires submission at a counter or in person.",
    })
  end,
}
