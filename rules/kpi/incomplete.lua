-- kpi.incomplete: a measurable KPI (a value, or an indicator that names a count or a rate) that lacks part of
-- what makes it checkable. The parts come from the KPI grammar's reading (stdlib/shinsa/kpi.lua): indicator,
-- target (a value, a relative target such as 3割削減, or "all" such as 全ての市区町村), target year (not needed for
-- a target per period: 年15件, 1,000人/年, 毎年度), baseline (or the reference year of 「…比」) and data source. A
-- structured entry's fields (indicator, target, baseline, source) fill what its sentence lacks. One finding per
-- KPI names exactly the missing parts and what was read; it is a warning when the target or its year is missing,
-- info otherwise. The suggestion keeps the indicator and every part read, with 〔…〕 only for what is missing,
-- and gives the same KPI as a structured entry.
local kpi = require "shinsa.kpi"
local common = require "kpi.common"
local lexicon = require "shinsa.lexicon"

local function field(e, k)
  if type(e) ~= "table" then return nil end
  local v = e[k]
  if v == nil or v == "" then return nil end
  return v
end

return rule {
  id = "kpi.incomplete",
  title = "KPIの要素の不足 (incomplete KPI)",
  severity = "warning",
  principle = "ebpm",
  target = "measure.kpi",
  description = [[
測定できるKPIに、指標・目標値・目標年度・基準値・出典のいずれかがない。目標値か目標年度がなければ warning、
指標・基準値・出典だけがなければ info。指摘は不足する要素だけを挙げ、提案は読み取った指標と値をそのまま使い、
不足分だけを〔…〕で示す（構造化した記載も併記）。達成度を評価するには、何を（指標と単位）、いつまでに（目標年度）、
どこから（基準値）どこまで（目標値）、何で測るか（出典）がそろっている必要がある（EBPM）。
「年間」「毎年」「年15件」のような毎年の目標は目標年度を要しない。
A measurable KPI lacks its indicator, target value, target year, baseline or data source; the message names
exactly the missing parts, the suggestion keeps what was read.]],
  examples = {
    fire = {
      -- sakushu-2023 04-05: an indicator with no target
      "e-Govデータポータルサービスにおける登録済みデータセット数",
      -- sakushu-2023 06-20: a value and a year, no baseline and no source (info)
      "スマートシティ数（2025年（令和7年）までに100）",
    },
    quiet = {
      -- sakushu-2023 04-03 (not measurable: kpi.not-quantitative)
      "海洋関連分野とのデータ連携の推進",
      -- composed from sakushu-2023 06-27 with its source stated
      "{text: '義務教育段階の学校における学習者用デジタル教科書の整備率を2024年度（令和6年度）に100%とする',"
        .. " baseline: {value: 36.1, year: 2021}, source: 学校における教育の情報化の実態等に関する調査}",
    },
  },
  check = function(unit, ctx)
    local lex = ctx.lexicon.kpi
    local text = unit.text
    local ok, cat = common.judged_entry(unit, lex)
    if not ok then return end
    local e = unit.data
    local k = kpi.parse(text, {lexicon = lex})
    -- --explain: the grammar's reading of every KPI, on a finding or as the quiet note of this call
    if ctx.explain then
      ctx:trace("読み取り (reading):")
      for line in kpi.describe(k):gmatch("[^\n]+") do ctx:trace(line) end
    end
    if k.unset or k.deferred then return end
    local t = kpi.normalize(text)
    if t:find("KPIの設定", 1, true) or t:find("本文内に記載", 1, true) then return end
    if not k.quantitative and not common.indicator(lex, text) and not common.extra_value(t, k) then return end
    local ftarget, fbase = field(e, "target"), field(e, "baseline")
    local parts, warn, shown = {}, false, {}
    for _, r in ipairs(k.kpis or {k}) do
      local miss = {}
      for _, m in ipairs(r.missing or {}) do miss[m] = true end
      -- a structured entry's fields fill what the sentence lacks
      if field(e, "indicator") then miss.indicator = nil end
      if type(ftarget) == "table" and ftarget.value ~= nil then miss.target = nil end
      if type(ftarget) == "table" and ftarget.year ~= nil then miss.deadline = nil end
      if fbase ~= nil then miss.baseline = nil end
      if field(e, "source") then miss.source = nil end
      -- values in units the grammar does not read (930TB, 1,105km …) and a level to keep are targets
      if miss.target and (r.direction == "maintain" or common.extra_value(t, r)) then miss.target = nil end
      if r.direction == "maintain" then miss.baseline = nil end
      local names, names_en = {}, {}
      for _, key in ipairs({"indicator", "target", "deadline", "baseline", "source"}) do
        if miss[key] then
          names[#names + 1] = common.PARTS[key][1]
          names_en[#names_en + 1] = common.PARTS[key][2]
        end
      end
      if #names > 0 then
        if miss.target or miss.deadline then warn = true end
        parts[#parts + 1] = {r = r, names = names, names_en = names_en, miss = miss}
      end
    end
    if #parts == 0 then return end
    local msg, msg_en, sugg = {}, {}, {}
    for _, p in ipairs(parts) do
      local read = {}
      if p.r.indicator then read[#read + 1] = "指標「" .. p.r.indicator .. "」" end
      local v = p.r.target
      if v and v.value ~= nil then read[#read + 1] = "目標値 " .. tostring(v.value) .. (v.unit or "")
      elseif v and v.benchmark then read[#read + 1] = "目標 " .. v.benchmark end
      local d = p.r.deadline
      if d then read[#read + 1] = "目標年度 " .. (d.relative or (d.year .. (d.fiscal and "年度" or "年"))) end
      v = p.r.baseline
      if v and v.value ~= nil then read[#read + 1] = "基準値 " .. tostring(v.value) .. (v.unit or "") end
      if #read == 1 and p.r.indicator and kpi.normalize(p.r.indicator) == kpi.normalize(p.r.text or text) then
        read = {}
      end
      local label = #parts > 1 and ("「" .. (p.r.text or text) .. "」") or ("KPI「" .. text .. "」")
      msg[#msg + 1] = label .. "に" .. table.concat(p.names, "・") .. "がありません"
        .. (#read > 0 and ("（読み取り：" .. table.concat(read, "、") .. "）") or "")
      msg_en[#msg_en + 1] = "lacks " .. table.concat(p.names_en, ", ")
      -- an effect KPI that counts an activity is suggested with an outcome in its place (kpi.output-not-outcome)
      if cat == "effect" and lexicon.any(lex.output_count, t) then
        sugg[#sugg + 1] = common.suggest(p.r, cat, {drop = {indicator = true, target = true, baseline = true},
          indicator = "〔" .. (p.r.indicator or "施策") .. "によって利用者・社会に生じる変化〕"})
      else
        sugg[#sugg + 1] = common.suggest(p.r, cat)
      end
      local _ = shown
    end
    local sev = warn and "warning" or "info"
    ctx:report {
      message = table.concat(msg, "。") .. "。",
      message_en = "The KPI " .. table.concat(msg_en, "; ") .. ".",
      severity = sev,
      confidence = sev == "warning" and 0.85 or 0.7,
      suggestion = table.concat(sugg, "\n"),
    }
  end,
}
