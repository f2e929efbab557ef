-- kpi.target-year: the target year of a KPI lies before the plan's date (source.date, else as_of), or outside
-- the plan's period (source.period {from, to}, fiscal years) when the units carry it (context plan_period_from,
-- plan_period_to). A year is a target year when a target value sits with it, or when a deadline word
-- (までに, まで, 末, 中, 目途, 目標, 予定) follows it; a year naming a budget, a publication or a baseline is not.
local kpi = require "shinsa.kpi"
local common = require "kpi.common"

return rule {
  id = "kpi.target-year",
  title = "KPIの目標年度が計画期間外 (KPI target year outside the plan)",
  severity = "warning",
  principle = "ebpm",
  target = "measure.kpi",
  description = [[
KPIの目標年度が計画の日付（source.date、なければ as_of）より前、または計画期間（source.period）の外にある。
過去の年度を目標とするKPIは既に評価済みか更新漏れであり、期間外の目標はその計画のフォローアップで評価できない。
A KPI's target year lies before the plan's date, or outside the plan's period.]],
  examples = {
    fire = {
      -- declaration-2020 8-21 (plan 2020-07-17)
      "{kind: measures, source: {date: 2020-07-17}, measures: [{id: '8-21', kpi: "
        .. "{progress: ['遠隔地間での売買取引に伴う環境価値の移転のブロックチェーンでの記録回数（平成31年度1件）（平成31年度実施済）']"
        .. "}}]}",
    },
    quiet = {
      -- sakushu-2023 06-20 (plan 2023-06-09)
      "{kind: measures, source: {date: 2023-06-09}, measures: [{id: '06-20', "
        .. "kpi: {unclassified: ['スマートシティ数（2025年（令和7年）までに100）']"
        .. "}}]}",
      -- sakushu-2023 04-01: 2022年度 names a budget, not a target
      "{kind: measures, source: {date: 2023-06-09}, measures: [{id: '04-01', "
        .. "kpi: {unclassified: ['Trusted Web共同開発支援事業（2022年度（令和4年度）補正予算）における実証件数']"
        .. "}}]}",
    },
  },
  check = function(unit, ctx)
    local lex = ctx.lexicon.kpi
    local text = unit.text
    if not common.judged_entry(unit, lex) then return end
    local k = kpi.parse(text, {lexicon = lex})
    if k.unset or k.deferred then return end
    local t = kpi.normalize(text)
    local year, fiscal
    if k.target and k.target.value ~= nil and k.target.year then
      year = k.target.year
      for _, v in ipairs(k.values) do
        if v.kind == "target" and v.year == year then fiscal = v.fiscal break end
      end
    else
      local y = common.deadline_year(t)
      if y then year, fiscal = y.year, y.fiscal end
    end
    if type(unit.data) == "table" and type(unit.data.target) == "table" and tonumber(unit.data.target.year) then
      year, fiscal = tonumber(unit.data.target.year), true
    end
    if not year then return end
    local c = unit.context or {}
    local from, to = tonumber(c.plan_period_from), tonumber(c.plan_period_to)
    local plan = common.plan_date(unit, ctx)
    local msg, msg_en
    if plan and common.year_end(year, fiscal) < common.date_num(plan) then
      msg = "KPI「" .. text .. "」の目標年度（" .. year .. (fiscal and "年度" or "年") .. "）が計画の日付（" .. plan.raw .. "）より前です。"
      msg_en = "The KPI's target year " .. year .. " lies before the plan's date " .. plan.raw .. "."
    elseif from and year < from or to and year > to then
      msg = "KPI「" .. text .. "」の目標年度（" .. year .. "年度）が計画期間（" .. tostring(from or "") .. "～"
        .. tostring(to or "") .. "年度）の外にあります。"
      msg_en = "The KPI's target year " .. year .. " lies outside the plan's period."
    end
    if not msg then return end
    ctx:report {
      message = msg,
      message_en = msg_en,
      confidence = 0.8,
      suggestion = common.suggest(k, (unit.context or {}).kpi_category, {drop = {deadline = true}}),
    }
  end,
}
