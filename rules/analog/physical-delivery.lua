-- analog.physical-delivery (郵送・持参・窓口): papers must be mailed, carried or handed in at a counter. Laws that
-- regulate 郵便 as a business are not about the channel a citizen must use.
-- Lexicon: lexicon/physical-delivery.yaml; shared contexts and the obligation-strength judgement: common.lua.
local common = require "analog.common"

return rule {
  id = "analog.physical-delivery",
  title = "郵送・持参・窓口 (physical delivery channel)",
  severity = "warning",
  principle = "digital-completion",
  analog_types = { "physical-delivery" },
  target = "law.sentence",
  triggers = { "郵送", "持参", "窓口", "来庁", "郵便" },
  description = [[
郵送・持参・窓口での提出等、物理的な送達経路を定める規定。オンラインでの提出を認める規定に改める。
郵便事業そのものを規律する法律（郵便法等）は対象外。
A physical delivery channel (mail, hand delivery, a counter) for papers.]],
  examples = {
    fire = {
      -- 裁判員の参加する刑事裁判に関する法律 第三十条第二項
      "裁判員候補者は、裁判員等選任手続の期日の日前に質問票の送付を受けたときは、裁判所の指定に従い、当該質問票を返送し又は持参しなければならない。",
    },
    quiet = {
      -- 郵便法 第87条第1項
      "第七十条第一項の規定に違反して郵便業務管理規程の認可を受けなかつた者",
      -- 郵便法 第31条第3項
      "差出人が第一項の説明又は前項の開示を拒んだときは、会社は、その郵便物の引受けをしないことができる。",
    },
  },
  check = function(unit, ctx)
    common.check(unit, ctx, ctx.lexicon["physical-delivery"], {
      confidence = 0.8,
      message = "郵送・持参・窓口による物理的な提出・送付を定めています。",
      message_en = "The clause prescribes a physical channel (mail, hand delivery, counter)"
        .. " (physical-delivery).",
    })
  end,
}
