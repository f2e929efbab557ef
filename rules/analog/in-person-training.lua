-- analog.in-person-training (対面講習): mandatory courses that assume attendance in person. Rules on 登録講習機関
-- (registration, the body's own duties) bind the training body, not citizens, and stay quiet.
-- Lexicon: lexicon/in-person-training.yaml; shared contexts and the obligation-strength judgement: common.lua.
local common = require "analog.common"

return rule {
  id = "analog.in-person-training",
  title = "対面講習 (mandatory in-person course)",
  severity = "warning",
  principle = "digital-completion",
  analog_types = { "in-person-training" },
  target = "law.sentence",
  triggers = { "講習", "研修", "受講", "対面", "集合して", "教習" },
  description = [[
講習・研修の受講を義務付ける規定（対面講習規制）。法律は実施方法を省令等に委ねることが多いため、
対面が前提かどうか下位法令も確認する。オンライン講習を認める規定に改める。
A duty to take a course; the delivery mode is usually set in the ordinance, so check it.]],
  examples = {
    fire = {
      -- 教育公務員特例法 第二十二条第一項
      "教育公務員には、研修を受ける機会が与えられなければならない。",
      -- 児童福祉法 第二十五条の二第九項
      "要保護児童対策調整機関に置かれた調整担当者は、内閣総理大臣が定める基準に適合する研修を受けなければならない。",
    },
    quiet = {
      -- 裁判所法 第55条第1項
      "最高裁判所に司法研修所教官を置く。",
      -- 裁判所法 第44条第1項
      "裁判所調査官、裁判所事務官、司法研修所教官、裁判所職員総合研修所教官、法務事務官又は法務教官",
    },
  },
  check = function(unit, ctx)
    common.check(unit, ctx, ctx.lexicon["in-person-training"], {
      confidence = 0.8,
      message = "講習・研修の受講を義務付けています（対面講習規制。実施方法が対面に限られていないか確認してください）。",
      message_en = "The clause requires attending a course (in-person-training); check that it is"
        .. " not limited to in-person delivery.",
    })
  end,
}
