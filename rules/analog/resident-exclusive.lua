-- analog.resident-exclusive (常駐・専任): a person must be stationed at a site (常駐) or dedicated to it (専任).
-- Lexicon: lexicon/resident-exclusive.yaml; shared contexts and the obligation-strength judgement: common.lua.
local common = require "analog.common"

return rule {
  id = "analog.resident-exclusive",
  title = "常駐・専任 (stationing or exclusive assignment)",
  severity = "warning",
  principle = "digital-completion",
  analog_types = { "resident-exclusive" },
  target = "law.sentence",
  triggers = { "常駐", "専任", "専属", "実地に", "常時勤務する", "ごとに", "管理者を", "責任者を", "技術者を", "主任者を" },
  description = [[
有資格者等を事業所・現場に常駐させ、又は専任で置くことを義務付ける規定（常駐・専任規制）。
情報通信技術による遠隔での管理・監督を前提に常駐の免除や兼務を認める規定に改める。
「専任の職員を置くよう努める」は努力義務として情報にとどめる。
A duty to station a person at a site or assign one exclusively to it.]],
  examples = {
    fire = {
      -- 社会福祉法 第六十六条第一項
      "社会福祉施設には、専任の管理者を置かなければならない。",
      -- 不動産の鑑定評価に関する法律 第三十五条第一項
      "不動産鑑定士でない不動産鑑定業者は、その事務所ごとに専任の不動産鑑定士を一人以上置かなければならない。",
    },
    quiet = {
      -- 調停による国際的な和解合意に関する国際連合条約の実施に関する法律 第5条第6項
      "第一項の申立てに係る事件は、次に掲げる裁判所の管轄に専属する。",
      -- 特定電気通信による情報の流通によって発生する権利侵害等への対処に関する法律 第14条第2項
      "前項に規定する訴えは、同項に規定する決定をした裁判所の管轄に専属する。",
    },
  },
  check = function(unit, ctx)
    common.check(unit, ctx, ctx.lexicon["resident-exclusive"], {
      confidence = 0.8,
      message = "人を現場に常駐させ、又は専任で置くことを義務付けています（常駐・専任規制）。",
      message_en = "The clause requires a person to be stationed at, or assigned exclusively to, a"
        .. " site (resident-exclusive).",
    })
  end,
}
