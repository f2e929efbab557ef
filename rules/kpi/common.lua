--- Helpers shared by the kpi rules: KPI entries of a measure, their text, the plan's date and KPI templates.
local kpi = require "shinsa.kpi"
local lexicon = require "shinsa.lexicon"
local stext = require "shinsa.text"
local core = require "shinsa.core"

local M = {}

M.CATEGORIES = {"progress", "effect", "unclassified"}
M.LABEL = {progress = "進捗", effect = "効果", unclassified = "分類なし"}

--- The text of a KPI entry (a string, or a map with `text` or `indicator`), or nil.
function M.text(e)
  if type(e) == "string" then return e end
  if type(e) == "number" then return tostring(e) end
  if type(e) == "table" then
    local t = e.text or e.indicator
    if type(t) == "string" or type(t) == "number" then return tostring(t) end
  end
  return nil
end

--- A KPI list (a list, or one entry without a list) as a list.
function M.list(v)
  if v == nil then return {} end
  if type(v) == "table" and (v[1] ~= nil or next(v) == nil) then return v end
  return {v}
end

--- Whether the line is an import artefact rather than a KPI: a footnote, a definition, a heading, or any line
-- after a section heading in the same list (`list`, `idx` 1-based, optional).
function M.noise(lex, text, list, idx)
  if text == nil then return true end
  local t = kpi.normalize(text)
  if lexicon.any(lex.noise, t) then return true end
  if list and idx then
    for i = 1, idx - 1 do
      local p = M.text(list[i])
      if p and (p:find("これまでの主な取組等", 1, true) or kpi.normalize(p):match("^II%s*[-－]")) then return true end
    end
  end
  return false
end

--- The KPI entries of a measure: list of {category, index (1-based), entry, text, list}, noise left out.
function M.entries(lex, m)
  local out = {}
  local k = type(m) == "table" and m.kpi or nil
  if type(k) ~= "table" then return out end
  for _, c in ipairs(M.CATEGORIES) do
    local list = M.list(k[c])
    for i, e in ipairs(list) do
      local t = M.text(e)
      if t and not M.noise(lex, t, list, i) then
        out[#out + 1] = {category = c, index = i, entry = e, text = t, list = list}
      end
    end
  end
  return out
end

--- The KPI entry a measure.kpi unit stands for: category, 1-based index, the list and the measure.
function M.unit_entry(unit)
  local ctxt = unit.context or {}
  local cat = ctxt.kpi_category
  local path = unit.address and unit.address.path or ""
  local idx = tonumber(tostring(path):match("%[(%d+)%]$"))
  local m = unit.parent
  local list = {}
  if type(m) == "table" and type(m.kpi) == "table" and cat then list = M.list(m.kpi[cat]) end
  return cat, idx and idx + 1 or nil, list, m
end

--- Whether a measure.kpi unit holds a KPI entry worth judging: not empty, not import noise (footnotes,
-- headings pulled into the cell). Every per-entry rule starts here.
-- @return boolean, string|nil whether to judge it, and the entry's category (progress|effect|unclassified)
function M.judged_entry(unit, lex)
  local text = unit.text
  if text == nil or text == "" then return false end
  local cat, idx, list = M.unit_entry(unit)
  if M.noise(lex, text, list, idx) then return false end
  return true, cat
end

--- The plan's date as {y, m, d}: source.date (context plan_date), else ctx.as_of; nil when neither is known.
function M.plan_date(unit, ctx)
  local s = (unit.context or {}).plan_date or ctx.as_of
  if type(s) ~= "string" then return nil end
  local y, mo, d = s:match("^(%d%d%d%d)-(%d%d)-(%d%d)")
  if not y then return nil end
  return {y = tonumber(y), m = tonumber(mo), d = tonumber(d), raw = s}
end

--- The fiscal year (年度, April–March) a date falls in.
function M.fiscal_year(date)
  if date.m >= 4 then return date.y end
  return date.y - 1
end

--- The last day of a year as a comparable number yyyymmdd: fiscal years end on 31 March of the next year.
function M.year_end(year, fiscal)
  if fiscal then return (year + 1) * 10000 + 331 end
  return year * 10000 + 1231
end

function M.date_num(date) return date.y * 10000 + date.m * 100 + date.d end

--- A KPI text normalized with every space removed (「令和 2 年度」「KPI の設定」 as in seed 001).
function M.squash(text)
  return (kpi.normalize(text):gsub("%s+", ""))
end

--- Whether a normalized KPI text holds a target value in a unit the parser does not know (930TB, 1,105km,
-- 1位, 1,000組合にする, 10サービス以上, まで1,000億枚, データ分野数10): a number right after an opening bracket or a colon, a
-- rank, 「を…にする」, 「まで…」 or a number followed by 以上/以下. Years are ignored; a parsed baseline or a
-- forecast (見込) is not a target.
function M.extra_value(t, k)
  if k.baseline ~= nil or t:find("見込", 1, true) then return false end
  local bare = core.gsub(t, "[0-9]{4}(?:・[0-9]{4})*年度?末?", "")
  return core.match(bare, "[(:]\\s*約?[0-9][0-9,.]*\\s*[^\\s0-9),、・月日年]") ~= nil or core.match(bare, "[0-9]+位") ~= nil
    or core.match(bare, "を約?[0-9][0-9,.]*[^0-9、]*にする") ~= nil or core.match(bare, "まで約?[0-9]") ~= nil
    or core.match(bare, "[0-9][0-9,.]*[^0-9、()]{1,8}以[上下]") ~= nil or core.match(bare, "数約?[0-9]") ~= nil
end

--- Whether the text is a measurable indicator (names a count, a rate, an amount).
function M.indicator(lex, text)
  return lexicon.any(lex.indicator, kpi.normalize(text))
end

--- The indicator a KPI text names, for a template: brackets and what follows を removed (「Trusted Web
-- 共同開発支援事業（2022年度補正予算）における実証件数」 → 「Trusted Web共同開発支援事業における実証件数」,
-- 「…の整備率を2024年度に100%とする」 → 「…の整備率」).
function M.indicator_of(text)
  if type(text) ~= "string" then return nil end
  local t = kpi.normalize(text):gsub("%b()", ""):gsub(":.*$", ""):gsub("。.*$", "")
  -- 「…の整備率を2024年度に100%とする」: what follows を is the target (a number in it), 「…を通じた…」 is not
  local head, rest = t:match("^(.-)を(.*)$")
  if head and rest:find("%d") then t = head end
  t = t:gsub("^%s+", ""):gsub("%s+$", "")
  if t == "" then return nil end
  if (utf8.len(t) or 0) > 60 then t = stext.sub(t, 0, 60) .. "…" end
  return t
end

M.HEAD = {effect = "効果KPI：", progress = "進捗KPI："}

local function year_text(y, fiscal)
  if not y then return nil end
  return tostring(y) .. (fiscal == false and "年" or "年度")
end

local function value_text(v)
  if type(v) ~= "table" or v.value == nil then return nil end
  local s = tostring(v.value) .. (v.max and ("～" .. tostring(v.max)) or "") .. (v.unit or "")
  return s .. ((v.op == "以上" or v.op == "以下") and v.op or "")
end

local function yaml_str(s) return "'" .. tostring(s):gsub("'", "''") .. "'" end

--- A corrected KPI built from its reading (`kpi.parse`): the indicator and every part that was read are kept
-- as read, and 〔…〕 placeholders stand only for the parts that are missing (or named in `drop`, e.g. a
-- deadline already past). Two lines: the KPI as a sentence, then the same KPI as a structured entry
-- (indicator, unit, baseline, target, source fields) that a measure document can hold instead of the text.
-- @param k table from kpi.parse (or {} for a KPI yet to be written)
-- @param category "progress" | "effect" | nil
-- @param opts {indicator = text for a missing indicator, drop = {deadline = true, …}}
function M.suggest(k, category, opts)
  opts = opts or {}
  local drop = opts.drop or {}
  local ind = (not drop.indicator and k.indicator) or opts.indicator or "〔指標〕"
  local tg = not drop.target and k.target or nil
  local bl = not drop.baseline and k.baseline or nil
  local dl = not drop.deadline and k.deadline or nil
  local src = not drop.source and k.source or nil
  local deadline = dl and (dl.relative or (year_text(dl.year, dl.fiscal) .. (dl.edge == "末" and "末" or "")))
    or (k.recurring and not drop.deadline and "毎年度") or (drop.deadline and "〔計画期間内の目標年度〕")
    or "〔目標年度〕"
  local target
  if tg and tg.kind == "all" then target = "全ての" .. (tg.unit or "〔対象〕")
  elseif tg and tg.benchmark then target = tg.benchmark   -- 「前中期目標期間の実績以上」「全国平均以上」
  else target = value_text(tg) or "〔目標値〕" end
  local base = bl and value_text(bl) or "〔基準値〕"
  local byear = bl and year_text(bl.year, bl.fiscal) or "〔基準年度〕"
  local sentence
  if tg and tg.benchmark then
    sentence = ind .. "を" .. deadline .. (deadline == "毎年度" and "" or "までに") .. target .. "とする"
  elseif tg and tg.kind == "relative" then
    local ref = k.reference and k.reference.year and year_text(k.reference.year, k.reference.fiscal)
      or (k.reference and k.reference.previous and "前年度") or byear
    local verb = k.direction == "decrease" and "削減する" or "増加させる"
    if tg.unit == "倍" then verb = "にする" end
    sentence = ind .. "を" .. ref .. "比で" .. deadline .. (deadline == "毎年度" and "" or "までに") .. target .. verb
  elseif tg and tg.kind == "all" then
    sentence = ind .. "を" .. deadline .. "までに" .. target .. "とする"
  elseif deadline == "毎年度" then
    sentence = ind .. "を" .. byear .. "の" .. base .. "から毎年度" .. target .. "とする"
  else
    sentence = ind .. "を" .. byear .. "の" .. base .. "から" .. deadline .. "までに" .. target .. "にする"
  end
  sentence = sentence .. "（出典：" .. (src or "〔統計・調査名〕") .. "）"
  local function num(v, ph) return v and v.value ~= nil and tostring(v.value) or ph end
  local structured = "構造化した記載 (structured entry)：{text: " .. yaml_str(sentence) .. ", indicator: " .. yaml_str(ind)
    .. ", unit: " .. yaml_str((tg and tg.unit) or (bl and bl.unit) or "〔単位〕")
    .. ", baseline: {value: " .. num(bl, "〔基準値〕") .. ", year: " .. ((bl and bl.year) or "〔基準年度〕") .. "}"
    .. ", target: {value: " .. (tg and tg.kind == "all" and "all" or tg and tg.benchmark and yaml_str(tg.benchmark)
      or num(tg, "〔目標値〕")) .. ", year: "
    .. ((dl and (dl.year or yaml_str(dl.relative))) or (drop.deadline and "〔計画期間内の目標年度〕") or "〔目標年度〕") .. "}"
    .. ", source: " .. yaml_str(src or "〔統計・調査名〕") .. "}"
  return (M.HEAD[category] or "KPI：") .. sentence .. "\n" .. structured
end

--- A KPI template with only placeholders but the indicator (for a KPI yet to be written).
function M.template(indicator, category)
  return M.suggest({indicator = indicator}, category)
end

--- The parts a KPI lacks, judged from its reading and a structured entry's fields (unit, target, baseline,
-- source): list of {ja, en, key} in the order indicator, target, deadline, baseline, source.
M.PARTS = {
  indicator = {"指標", "indicator"}, target = {"目標値", "target value"}, deadline = {"目標年度", "target year"},
  baseline = {"基準値", "baseline"}, source = {"出典", "data source"},
}

local DEADLINE = {"までに", "まで", "末", "中", "目途", "目標", "予定"}
local NOT_DEADLINE = {"時点", "現在", "実績", "見込", "比", "当初予算", "補正予算", "予算"}

--- The last year of a normalized KPI text that reads as a deadline: followed by までに, まで, 末, 中, 目途, 目標,
-- or 予定, and not by 時点, 現在, 実績, 見込, 比 or a budget (a year naming a budget 「2022年度補正予算」 or a
-- publication 「2019年度策定」 is not one).
-- @return the kpi.years entry, or nil
function M.deadline_year(t)
  local best
  for _, y in ipairs(kpi.years(t)) do
    local after = stext.sub(t, y["end"], y["end"] + 8):gsub("^%)", ""):gsub("^%s+", "")
    local skip = false
    for _, w in ipairs(NOT_DEADLINE) do
      if after:sub(1, #w) == w then skip = true end
    end
    for _, w in ipairs(skip and {} or DEADLINE) do
      if after:sub(1, #w) == w or y.raw:find(w, 1, true) then best = y break end
    end
  end
  return best
end

return M
