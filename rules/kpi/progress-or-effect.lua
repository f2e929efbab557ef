-- kpi.progress-or-effect-missing: a source that separates progress (進捗) and effect (効果) KPIs gives a
-- measure one kind but not the other. Only measures with at least one progress or effect entry are judged
-- (a 施策集 with a single KPI column fills `unclassified` and is left alone); footnotes, definitions and
-- headings the importer carried into a cell do not count as KPIs.
local common = require "kpi.common"

return rule {
  id = "kpi.progress-or-effect-missing",
  title = "進捗KPIまたは効果KPIの欠落 (progress or effect KPI missing)",
  severity = "warning",
  principle = "ebpm",
  target = "measure",
  description = [[
進捗KPIと効果KPIを分けて定める計画で、施策に一方しかない。計画は「KPI（進捗、効果）」を対で求めており、
活動の進み具合（進捗）だけでは施策の成果が、成果（効果）だけでは取組の進み具合が測れない。
「未設定」と書かれた欄は欠落として扱わない（kpi.deferred が設定時期を点検する）。
Where the source separates progress and effect KPIs, a measure has one kind but not the other.]],
  examples = {
    fire = {
      -- declaration-2020 12-4: the progress cell is 「-」
      "{id: '12-4', kpi: {effect: ['民間資金の海外プロジェクトへの誘導効果（JICTからの出資額に対するJICT及び日本企業からの総出資額の比率）：2.0倍以上']}}",
    },
    quiet = {
      -- declaration-2020 6-2
      "{id: '6-2', kpi: {progress: [補助事業実施件数], effect: ['道路メッシュカバー率（令和6年度までに90%以上）']}}",
      -- sakushu-2023 06-20: a single KPI column
      "{id: '06-20', kpi: {unclassified: ['総務省スマートシティ事業による補助事業数（年15件）']}}",
    },
  },
  check = function(unit, ctx)
    local m = unit.data or {}
    local lex = ctx.lexicon.kpi
    local n = {progress = 0, effect = 0}
    for _, e in ipairs(common.entries(lex, m)) do
      if n[e.category] then n[e.category] = n[e.category] + 1 end
    end
    if n.progress + n.effect == 0 or (n.progress > 0 and n.effect > 0) then return end
    local missing = n.progress == 0 and "progress" or "effect"
    local label = common.LABEL[missing]
    ctx:report {
      message = "施策「" .. tostring(m.title or m.id) .. "」に" .. label .. "KPIがありません（"
        .. common.LABEL[missing == "progress" and "effect" or "progress"] .. "KPIのみ）。",
      message_en = "The measure has no " .. missing .. " KPI, only "
        .. (missing == "progress" and "effect" or "progress") .. " KPIs.",
      confidence = 0.9,
      suggestion = common.template(missing == "progress" and "〔施策の活動・実施状況を表す指標〕"
        or "〔施策の成果（利用者・社会の変化）を表す指標〕", missing),
    }
  end,
}
