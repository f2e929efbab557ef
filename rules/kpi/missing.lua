-- kpi.missing: a measure with no KPI at all, and no stated date by which one will be set.
--
-- Where a source defers the KPI (「KPIの設定時期：…」) the measure is not reported here; kpi.deferred judges
-- the deferral. An empty cell, 「—」 and 「－」 come out of the importers as no KPI entries.

local common = require "kpi.common"

local function count(list)
  if type(list) ~= "table" then return 0 end
  return #list
end

return rule {
  id = "kpi.missing",
  title = "KPIが設定されていない施策 (measure without any KPI)",
  severity = "error",
  principle = "ebpm",
  target = "measure",
  description = [[
施策に進捗・効果のいずれのKPIもなく、設定時期の記載もない。重点計画は施策ごとにKPIを定め、
その達成状況をフォローアップすることを求めている（EBPM）。
A measure with neither a progress nor an effect KPI, and no date by which one will be set.]],
  examples = {
    fire = {
      "{id: '03-01', title: 人間中心のAI原則の実践の支援, kpi: {}}",
      "{id: '9-9', title: 施策名, summary: 取組を推進する。}",
    },
    quiet = {
      "{id: '04-03', title: 海のデータ連携の推進, kpi: {unclassified: [海しるAPIの利用数を2020年度と比べ2倍にする（2023年度末）]}}",
      "{id: '06-11', title: モビリティ関連データの連携, kpi: {deferred: 'KPIの設定時期：2023年度（令和5年度）末'}}",
    },
  },
  check = function(unit, ctx)
    local m = unit.data or {}
    local kpi = m.kpi
    if type(kpi) ~= "table" then kpi = {} end
    if count(kpi.progress) + count(kpi.effect) + count(kpi.unclassified) > 0 then return end
    if kpi.deferred ~= nil and kpi.deferred ~= "" then return end
    -- a key that was meant to be kpi (kpis, KPI, kpi_effect …): the validator warns about it; say it here too,
    -- next to the error it causes
    local typo
    for k in pairs(m) do
      if type(k) == "string" and k ~= "kpi" and k:lower():find("^kpi") and not typo then typo = k end
    end
    local note, note_en = "", ""
    if typo then
      note = "（未知のキー「" .. typo .. "」があります。kpi のつもりですか）"
      note_en = " (unknown key '" .. typo .. "': did you mean kpi?)"
    end
    ctx:report {
      message = "施策「" .. tostring(m.title or m.id) .. "」にKPIが設定されていません" .. note
        .. "。進捗KPIと効果KPIを設定してください。",
      message_en = "The measure has no KPI" .. note_en .. ": set a progress KPI and an effect KPI.",
      confidence = 0.95,
      suggestion = common.template("〔施策の活動・実施状況を表す指標〕", "progress") .. "\n"
        .. common.template("〔施策の成果（利用者・社会の変化）を表す指標〕", "effect"),
    }
  end,
}
