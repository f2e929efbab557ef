-- analog.visual-inspection (目視): a person must look at a site or object (目視, 肉眼, 巡視). 目視外飛行 (drones
-- beyond visual line of sight) is not a visual-inspection duty.
-- Lexicon: lexicon/visual-inspection.yaml; shared contexts and the obligation-strength judgement: common.lua.
local common = require "analog.common"

return rule {
  id = "analog.visual-inspection",
  title = "目視 (visual inspection by a person)",
  severity = "warning",
  principle = "digital-completion",
  analog_types = { "visual-inspection" },
  target = "law.sentence",
  triggers = { "目視", "肉眼", "巡視" },
  description = [[
人が現地で目視により検査・点検・巡視することを義務付ける規定（目視規制）。
カメラ・センサー・ドローン等による遠隔での確認や画像解析を認める規定に改める。
「目視外飛行」は目視規制ではない。
A duty for a person to look at a site or object to inspect or patrol it.]],
  examples = {
    fire = {
      -- 少年院法 第十二条第一項
      "裁判官及び検察官は、少年院を巡視することができる。",
      -- 刑事収容施設及び被収容者等の処遇に関する法律 第十一条第一項
      "裁判官及び検察官は、刑事施設を巡視することができる。",
    },
    quiet = {
      -- 道路交通法 第114条の4第4項
      "都道府県は、政令で定める基準に従い条例で定めるところにより、交通巡視員に対し、その職務遂行上必要な被服を支給し、及び装備品を貸与するものとする。",
      -- 道路交通法 第114条の4第2項
      "交通巡視員は、前項に規定する事務のほか、自動車の保管場所の確保等に関する法律の規定による自動車の保管場所の確保の励行に関する事務を行うものとする。",
    },
  },
  check = function(unit, ctx)
    common.check(unit, ctx, ctx.lexicon["visual-inspection"], {
      confidence = 0.8,
      message = "人の目視による確認・巡視を義務付けています（目視規制）。",
      message_en = "The clause requires a person to inspect or patrol by eye (visual-inspection).",
    })
  end,
}
