-- analog.in-person-appearance (対面・出頭・立会い): a person must appear in person (出頭), meet face to face (対面) or
-- attend an act (立会い).
-- Lexicon: lexicon/in-person-appearance.yaml; shared contexts and the obligation-strength judgement: common.lua.
local common = require "analog.common"

return rule {
  id = "analog.in-person-appearance",
  title = "出頭・対面・立会い (physical presence)",
  severity = "warning",
  principle = "digital-completion",
  analog_types = { "in-person-appearance" },
  target = "law.sentence",
  triggers = { "出頭", "対面", "立会", "立ち会", "面前で", "面前において", "面接" },
  description = [[
行政機関等への出頭、対面での手続、立会いを求める規定。映像と音声の送受信による方法（オンライン）を認める規定に改める。
A duty to appear in person, meet face to face or attend an act.]],
  examples = {
    fire = {
      -- 沖縄県の区域内における位置境界不明地域内の各筆の土地の位置境界の明確化等に関する特別措置法 第十二条第三項
      "この場合には、実施機関の長は、その所属の職員を立ち会わせなければならない。",
      -- 民法 第八百七十一条第一項
      "後見の計算は、後見監督人があるときは、その立会いをもってしなければならない。",
    },
    quiet = {
      -- 医薬品、医療機器等の品質、有効性及び安全性の確保等に関する法律 第75条の5の8第1項
      "弁明書の提出先及び提出期限（口頭による弁明の機会の付与を行う場合には、その旨並びに出頭すべき日時及び場所）",
      -- 刑事訴訟法 第326条第2項
      "被告人が出頭しないでも証拠調を行うことができる場合において、被告人が出頭しないときは、前項の同意があつたものとみなす。",
    },
  },
  check = function(unit, ctx)
    common.check(unit, ctx, ctx.lexicon["in-person-appearance"], {
      confidence = 0.8,
      message = "出頭・対面・立会いを求めています（物理的な同席）。",
      message_en = "The clause requires physical presence: appearance, a face-to-face meeting or"
        .. " attendance (in-person-appearance).",
    })
  end,
}
