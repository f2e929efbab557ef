-- kpi.deferred: a KPI left for later — 「KPIの設定時期：…」 (kpi.deferred) or 「未設定（…に設定）」 — with no
-- date by which it will be set, or with a date already past on the plan's date (source.date, else as_of).
-- One finding per measure lists the deferrals at fault.
local kpi = require "shinsa.kpi"
local common = require "kpi.common"

-- The end of the period a deferral names (yyyymmdd), or nil when it names none.
local function due(text)
  local t = common.squash(text)
  if t:find("KPIの設定はない", 1, true) then return nil end
  local ys = kpi.years(t)
  if #ys == 0 then return nil end
  local y = ys[#ys]
  local q = t:match("第(%d)四半期")
  if q and y.fiscal then
    local ends = {630, 930, 1231, 10331}
    local e = ends[tonumber(q)]
    if e then return y.year * 10000 + e end
  end
  if t:find(y.raw .. "当初", 1, true) or y.raw:find("当初", 1, true) then
    return y.year * 10000 + (y.fiscal and 430 or 131)
  end
  if t:find("年内", 1, true) and not y.fiscal then return y.year * 10000 + 1231 end
  return common.year_end(y.year, y.fiscal)
end

return rule {
  id = "kpi.deferred",
  title = "KPIの設定の先送り (KPI deferred without a valid date)",
  severity = "warning",
  principle = "ebpm",
  target = "measure",
  description = [[
KPIを後で設定するとしている（「KPIの設定時期：…」「未設定（…に設定）」）が、設定する時期が書かれていないか、
その時期が計画の日付（source.date、なければ as_of）の時点で既に過ぎている。設定時期のない先送りは
フォローアップできず、過ぎた時期は設定されたKPIへの更新漏れを示す。
A deferred KPI with no date by which it will be set, or with a date already past on the plan's date.]],
  examples = {
    fire = {
      -- declaration-2020 10-8 (効果): no date
      "{id: '10-8', kpi: {progress: ['認証シェアワーカー制度（令和2年度中に認証開始）']"
        .. ", effect: ['未設定（制度の検討状況を踏まえ設定）']}}",
      -- declaration-2020 8-7: the first quarter of FY2020 ended before the plan (2020-07-17)
      "{kind: measures, source: {date: 2020-07-17}, measures: [{id: '8-7', kpi: "
        .. "{progress: ['未設定（令和2年度第1四半期中に設定）']}}"
        .. "]}",
    },
    quiet = {
      -- sakushu-2023 06-11 (plan 2023-06-09)
      "{kind: measures, source: {date: 2023-06-09}, measures: [{id: '06-11', "
        .. "kpi: {deferred: 'KPIの設定時期：2023年度（令和5年度）末'}"
        .. "}]}",
      -- declaration-2020 1-1 (plan 2020-07-17)
      "{kind: measures, source: {date: 2020-07-17}, measures: [{id: '1-1', kpi: "
        .. "{progress: ['未設定（ベース・レジストリ整備状況を踏まえ、"
        .. "令和2年度中を目途に設定予定）']}}]}",
    },
  },
  check = function(unit, ctx)
    local m = unit.data or {}
    local lex = ctx.lexicon.kpi
    local plan = common.plan_date(unit, ctx)
    local items = {}
    local k = type(m.kpi) == "table" and m.kpi or {}
    if type(k.deferred) == "string" and k.deferred ~= "" then
      items[#items + 1] = {label = "設定時期", text = k.deferred}
    end
    local seen = {}
    for _, e in ipairs(common.entries(lex, m)) do
      local t = common.squash(e.text)
      local p = kpi.parse(t, {lexicon = lex})
      if (p.unset or p.deferred or t:find("KPIの設定", 1, true)) and not seen[t] then
        seen[t] = true
        items[#items + 1] = {label = common.LABEL[e.category] .. "KPI", text = e.text}
      end
    end
    local bad, bad_en = {}, {}
    for _, it in ipairs(items) do
      local d = due(it.text)
      if not d then
        bad[#bad + 1] = it.label .. "「" .. it.text .. "」に設定時期がない"
        bad_en[#bad_en + 1] = "no date"
      elseif plan and d < common.date_num(plan) then
        bad[#bad + 1] = it.label .. "「" .. it.text .. "」の設定時期が計画の日付（" .. plan.raw .. "）より前"
        bad_en[#bad_en + 1] = "date before the plan's date " .. plan.raw
      end
    end
    if #bad == 0 then return end
    ctx:report {
      message = "施策「" .. tostring(m.title or m.id) .. "」のKPIの先送り：" .. table.concat(bad, "、") .. "。",
      message_en = "Deferred KPI: " .. table.concat(bad_en, "; ") .. ".",
      confidence = 0.85,
      suggestion = "KPIの設定時期：〔設定年度〕末\n" .. common.template(nil, nil),
    }
  end,
}
