-- analog.paper-document (書面主義): a procedure must be done in writing on paper (書面により, 書面を交付) and the
-- clause gives no electromagnetic alternative (電磁的方法 in the same sentence, paragraph or article → info).
-- Lexicon: lexicon/paper-document.yaml; shared contexts and the obligation-strength judgement: common.lua.
local common = require "analog.common"

return rule {
  id = "analog.paper-document",
  title = "書面主義 (paper required)",
  severity = "warning",
  principle = "digital-completion",
  analog_types = { "paper-document" },
  target = "law.sentence",
  triggers = { "書面", "文書", "謄本", "正本", "副本", "抄本", "裁判書", "原本", "押印", "署名", "者表に" },
  description = [[
書面による申請・通知・交付等を求める規定（書面主義）。同じ条に電磁的方法の定めがあれば情報にとどめる。
電磁的方法により行うことができる規定に改める。
A procedure that must be done on paper, without an electromagnetic alternative.]],
  examples = {
    fire = {
      -- 日本国とアメリカ合衆国との間の相互協力及び安全保障条約第六条に基づく施設及び区域並びに日本国における合衆国軍隊の地位に関する協定の実施に伴う土地等の使用等に関する特別措置法 第十九条第二項
      "前項の規定による申立ては、防衛省令で定める様式に従い、書面でしなければならない。",
      -- 国税通則法 第百六条第三項
      "前二項の場合において、不服申立人の地位を承継した者は、書面でその旨を国税不服審判所長等に届け出なければならない。",
    },
    quiet = {
      -- 労働金庫法 第62条の6第10項
      "前項の書面の謄本又は抄本の交付の請求",
      -- 農林中央金庫法 第65条の2第3項
      "この場合において、当該申込みをした者は、同項の書面を交付したものとみなす。",
    },
  },
  check = function(unit, ctx)
    common.check(unit, ctx, ctx.lexicon["paper-document"], {
      confidence = 0.8,
      message = "書面（紙）による手続・交付を求めています（書面主義）。",
      message_en = "The clause requires paper for a procedure or a delivery (paper-document).",
    })
  end,
}
