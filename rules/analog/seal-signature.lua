-- analog.seal-signature (押印・署名): a seal (押印・記名押印), a handwritten signature or a seal certificate.
-- Lexicon: lexicon/seal-signature.yaml; shared contexts and the obligation-strength judgement: common.lua.
local common = require "analog.common"

return rule {
  id = "analog.seal-signature",
  title = "押印・署名 (seal or handwritten signature)",
  severity = "warning",
  principle = "digital-completion",
  analog_types = { "seal-signature" },
  target = "law.sentence",
  triggers = { "押印", "署名", "自署", "印鑑", "実印", "連署", "捺印" },
  description = [[
書類への押印・記名押印・署名を求める規定（押印・署名）。押印の廃止、電子署名による代替を認める規定に改める。
条約の署名は対象外。
A requirement to seal or sign a paper document.]],
  examples = {
    fire = {
      -- 陪審法 第46条第1項 (文語 「署名捺印スヘシ」; quiet until the 文語 form was read)
      "公判準備調書ハ三日内ニ之ヲ整理シ裁判長及裁判所書記署名捺印スヘシ",
      -- 仲裁法 第三十九条第一項
      "仲裁判断をするには、仲裁判断書を作成し、これに仲裁判断をした仲裁人が署名しなければならない。",
      -- 保険法 第六十九条第二項
      "前項の書面には、保険者（法人その他の団体にあっては、その代表者）が署名し、又は記名押印しなければならない。",
    },
    quiet = {
      -- 小切手法 第43条第3項
      "小切手ノ署名者ニシテ之ヲ受戻シタルモノモ同一ノ権利ヲ有ス",
    },
  },
  check = function(unit, ctx)
    common.check(unit, ctx, ctx.lexicon["seal-signature"], {
      confidence = 0.8,
      message = "押印・署名を求めています（押印・署名）。",
      message_en = "The clause requires a seal or a handwritten signature (seal-signature).",
    })
  end,
}
