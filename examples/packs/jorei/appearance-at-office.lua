-- jorei.appearance-at-office (出頭・来庁): an ordinance or rule that makes a resident come to the city office.
-- Phrases: lexicon/appearance-at-office.yaml; shared judgement: common.lua.
local lexicon = require "shinsa.lexicon"
local common = require "jorei.common"

return rule {
  id = "jorei.appearance-at-office",
  title = "市役所への出頭・来庁 (appearance at the city office)",
  severity = "warning",
  principle = "digital-completion",
  analog_types = { "in-person-appearance" },
  target = "law.sentence",
  triggers = { "出頭", "来庁", "役所", "役場", "庁舎", "支所" },
  description = [[
申請者・届出者等に市役所（区役所・支所）への出頭又は来庁を義務付ける規定。オンラインによる面談や電子申請で
手続を完結できるようにする。
A clause that makes a person appear at the city office; allow an online meeting or an electronic application.]],
  examples = {
    fire = {
      "前項の通知を受けた者は、指定された日時に市役所に出頭しなければならない。",
      "申請者は、本人確認のため、来庁して申請書を提出するものとする。",
    },
    quiet = {
      "市長は、必要があると認めるときは、関係人に出頭を求めることができる。",
      "前項の申請をする場合においては、来庁することを要しない。",
      "市長は、来庁者の利便の向上に努めるものとする。",
    },
  },
  check = function(unit, ctx)
    local lex = ctx.lexicon["appearance-at-office"]
    local m = lexicon.find_trigger(lex, unit.text)
    if not m then return end
    common.judge(unit, ctx, lex, m, {
      confidence = 0.8,
      message = "市役所等への出頭・来庁を義務付けています。",
      message_en = "The clause requires appearance at the city office.",
    })
  end,
}
