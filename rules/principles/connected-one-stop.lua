-- principles.connected-one-stop (コネクテッド・ワンストップ): a measure that splits one procedure or life event
-- across several counters or offices (「それぞれの窓口に申請」, 「…はA窓口で、…はB窓口で」, 引越しの届出を
-- 「各課で個別に」) and names no one-stop or data-linkage route. The sentence must be about a procedure
-- (`procedure`); 「個別に」「それぞれ」 count only next to a life event (`life_event`).
-- Lexicon: lexicon/connected-one-stop.yaml; sentences that describe the split as today's problem
-- (`principles.reform`) are not reported.
local lexicon = require "shinsa.lexicon"
local common = require "principles.common"

return rule {
  id = "principles.connected-one-stop",
  title = "手続を複数の窓口に分ける (procedure split across counters)",
  severity = "warning",
  principle = "connected-one-stop",
  target = "measure",
  triggers = { "窓口", "課", "部署", "機関", "役所", "官署", "個別", "別々", "それぞれ", "所", "署", "局", "センター" },
  description = [[
デジタル3原則の「③コネクテッド・ワンストップ：民間サービスを含め、複数の手続・サービスをワンストップで実現する」
（2020年宣言 L460）。「子育てや介護などの各分野におけるワンストップ化（関連する行政手続のワンストップ化…）を推進する」
（同 L371）。一つの手続やライフイベント（引越し・死亡・出生・子育て・介護・法人設立・被災など）を複数の窓口・部署に
分けて行わせる施策（「それぞれの窓口に申請」「…はA窓口で、…はB窓口で」「各課で個別に届け出る」）で、ワンストップ・
一元的な受付・情報連携・マイナポータル等の経路を記載していないものを報告する。分かれていることを課題として述べる文は除く。
A measure that splits one procedure or life event across several counters or offices, with no one-stop or
data-linkage route (connected one-stop).]],
  examples = {
    fire = {
      -- composed (no real measure keeps the split): a move handled counter by counter
      "{id: '例', title: 転入時の手続案内, summary: 転入者は、住民異動届は市民課で、児童手当は子育て支援課で、国民健康保険は保険年金課で、"
        .. "それぞれの窓口に申請する。}",
    },
    quiet = {
      -- seed 001 (2) 子育て・介護等のワンストップ化, L371 (first sentence)
      "{id: '例', title: 子育て・介護等のワンストップ化, summary: 子育てや介護などの各分野におけるワンストップ化（関連する行政手続のワンストップ化や、"
        .. "子育て等は民間手続まで含めたワンストップ化）を推進する。}",
      -- seed 001 L2309 (the split is the problem the measure solves)
      "{id: '例', title: 警察情報管理システムの合理化・高度化, summary: 警察庁及び都道府県警察が個別にシステム整備を行っており、"
        .. "同じ仕組みを複数構築運用するなど整備・維持に係るコストの増大などの課題がある。}",
    },
  },
  check = function(unit, ctx)
    local lex = ctx.lexicon["connected-one-stop"]
    if lexicon.any(lex.one_stop, unit.text) then return end
    local reform = ctx.lexicon.principles.reform
    local m
    for _, x in ipairs(common.find_all({ triggers = lex.split }, unit.text, reform)) do
      if lexicon.any(lex.procedure, x.sentence.text) then m = x break end
    end
    if not m then
      for _, w in ipairs(common.find_all({ triggers = lex.split_weak }, unit.text, reform)) do
        if lexicon.any(lex.life_event, w.sentence.text) then m = w break end
      end
    end
    if not m then return end
    ctx:report {
      match = lexicon.span(m),
      message = "一つの手続・ライフイベントを複数の窓口・部署に分けて行わせ（「" .. m.text
        .. "」）、ワンストップや情報連携の経路が記載されていません（コネクテッド・ワンストップ）。",
      message_en = "The measure splits one procedure or life event across several counters or offices and names no"
        .. " one-stop or data-linkage route (connected one-stop).",
      confidence = 0.6,
      suggestion = lex.remedy,
    }
  end,
}
