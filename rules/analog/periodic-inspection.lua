-- analog.periodic-inspection (定期検査・定期点検): inspections at fixed intervals (定期に, N年ごとに, 毎年) by people.
-- Lexicon: lexicon/periodic-inspection.yaml; shared contexts and the obligation-strength judgement: common.lua.
local common = require "analog.common"

return rule {
  id = "analog.periodic-inspection",
  title = "定期検査・定期点検 (fixed-interval inspection)",
  severity = "warning",
  principle = "digital-completion",
  analog_types = { "periodic-inspection" },
  target = "law.sentence",
  triggers = { "検査", "点検", "実地監査", "適合していることを確認", "調査を受け", "監査を受け" },
  description = [[
一定の期間ごとに一定の頻度で検査・点検を行い、又は受けることを義務付ける規定（定期検査・点検規制）。
常時監視・遠隔監視や、状態・リスクに応じた頻度を認める規定に改める。
Inspections at a fixed interval regardless of condition (one of the seven representative analog types).]],
  examples = {
    fire = {
      -- 中小漁業融資保証法 第六十六条第三項
      "主務大臣は、協会の業務又は会計の状況につき、毎年一回を常例として検査しなければならない。",
      -- 森林組合法 第百十一条第四項
      "行政庁は、出資組合又は出資連合会の業務又は会計の状況につき、毎年一回を常例として検査をしなければならない。",
    },
    quiet = {
      -- 道路運送車両法 第76条の27第1項
      "検査対象軽自動車に係る自動車重量税の納付の確認及び税額の認定の事務",
      -- 住宅宿泊事業法 第66条第2項
      "第十七条第二項及び第三項の規定は、前項の規定による立入検査について準用する。",
    },
  },
  check = function(unit, ctx)
    common.check(unit, ctx, ctx.lexicon["periodic-inspection"], {
      confidence = 0.8,
      message = "一定の頻度での検査・点検を義務付けています（定期検査・点検規制）。",
      message_en = "The clause requires inspection at a fixed interval (periodic-inspection).",
    })
  end,
}
