--- KPI text → structure: indicator, values with unit, kind and year, target and baseline, direction.
--
-- Understands full-width digits and kanji numerals, the units of the plans (件, %, 団体, 人, 万人, 億円,
-- 倍, 割, 社, 校, 自治体, 機関 …), 以上/以下/倍増/半減, ranges (5～10件), baselines (「参考：2022年度
-- 234件」, 「現状…」, 「…時点」), forecasts (「見込」 → current), years in 西暦, 和暦 (令和7年度末, 令和元年)
-- and R7, 年度 (fiscal) vs 年 (calendar), 「未設定」/「—」 and 「KPIの設定時期：…」.
-- The parser never raises on a string; anything it cannot read is simply not in the result.
--
-- @module shinsa.kpi
-- @usage local kpi = require "shinsa.kpi"
-- local k = kpi.parse("整備率を2024年度（令和6年度）に100%とする")
-- -- k.target = {value = 100, unit = "%", year = 2024}, k.quantitative = true
local core = require "shinsa.core"

local M = {}

-- Units, longest first so that 万人 wins over 人. A number followed by 万/億 and one of these is scaled.
local UNITS = {
  "万人", "億円", "万円", "千円", "自治体", "都道府県", "市町村", "事業者", "拠点", "団体", "機関", "時間",
  "か所", "箇所", "カ所", "ヶ所", "セット", "件", "%", "人", "倍", "割", "社", "校", "回", "本", "台",
  "通", "者", "施設", "機能", "種類", "分野", "地域", "本部", "円",
}

local unit_alt, UNIT_SET = {}, {}
for i, u in ipairs(UNITS) do
  unit_alt[i] = core.escape(u)
  UNIT_SET[u] = true
end
local UNIT_RE = table.concat(unit_alt, "|")
local NUM_RE = "[0-9][0-9,]*(?:\\.[0-9]+)?|[〇一二三四五六七八九十百千]+"
-- value (range end) (scale) unit
local VALUE_RE = "(" .. NUM_RE .. ")(?:\\s*~\\s*(" .. NUM_RE .. "))?\\s*(万|億)?(" .. UNIT_RE .. ")"
local YEAR_RE = "([0-9]{4})(年度|年)(末|中|当初)?"

local BASELINE_WORDS = {"参考", "現状", "実績", "時点", "現在", "確定値", "基準"}
local CURRENT_WORDS = {"見込"}
local INCREASE = {"倍増", "増加", "向上", "拡大", "以上", "倍にする", "増やす", "ランクアップ"}
local DECREASE = {"半減", "削減", "減少", "低減", "短縮", "以下", "減らす"}
local MAINTAIN = {"維持", "同水準"}

local function has_any(s, words)
  for _, w in ipairs(words) do
    if s:find(w, 1, true) then return true end
  end
  return false
end

local function to_number(s)
  if s == nil then return nil end
  local plain = s:gsub(",", "")
  local n = tonumber(plain)
  if n then return n end
  return core.kanji_to_int(s)
end

-- Japanese eras → 西暦, on text already NFKC-folded. 「2023年度(令和5年度)」 keeps only the 西暦 part.
local ERAS = {["令和"] = 2018, ["平成"] = 1988, ["昭和"] = 1925}

local function era_year(era, n)
  local base = ERAS[era]
  if not base then return nil end
  local v = n == "元" and 1 or tonumber(n)
  if not v then return nil end
  return base + v
end

local function to_western(t)
  -- drop the era echo after a western year, and the western echo after an era year
  t = core.gsub(t, "([0-9]{4}(?:・[0-9]{4})*年度?末?)\\((?:令和|平成|昭和)[0-9元・]+年度?末?\\)", "$1")
  t = core.gsub(t, "((?:令和|平成|昭和)[0-9元]+年度?末?)\\([0-9]{4}年度?末?\\)", "$1")
  for _, era in ipairs({"令和", "平成", "昭和"}) do
    local out, pos = {}, 1
    for s, e, _, n in core.find_all(t, core.escape(era) .. "([0-9]+|元)年") do
      -- core.find_all gives 0-based code-point offsets; cut with core.sub
      out[#out + 1] = core.sub(t, pos - 1, s)
      out[#out + 1] = tostring(era_year(era, n) or n) .. "年"
      pos = e + 1
    end
    if #out > 0 then
      out[#out + 1] = core.sub(t, pos - 1)
      t = table.concat(out)
    end
  end
  -- R7, R7年度 → 2025年度 (a bare R7 is a fiscal year)
  t = core.gsub(t, "(?<![A-Za-z])R([0-9]{1,2})(?:年度)?(?![0-9A-Za-z])", "R$1年度")
  local out, pos = {}, 1
  for s, e, _, n in core.find_all(t, "R([0-9]{1,2})年度") do
    out[#out + 1] = core.sub(t, pos - 1, s)
    out[#out + 1] = tostring(2018 + tonumber(n)) .. "年度"
    pos = e + 1
  end
  if #out > 0 then
    out[#out + 1] = core.sub(t, pos - 1)
    t = table.concat(out)
  end
  return t
end

--- Find every year in a KPI text.
-- @param text string, raw or normalized
-- @return list of `{year = 2025, fiscal = true, start = …, ["end"] = …, raw = "令和7年度末"}` in order;
--   offsets are 0-based code points in the normalized text (`kpi.normalize(text)`)
-- @usage kpi.years("令和7年度末までに") --> {{year = 2025, fiscal = true, …}}
function M.years(text)
  local t = M.normalize(text)
  local list = {}
  for s, e, raw, y, kind in core.find_all(t, YEAR_RE) do
    list[#list + 1] = {year = tonumber(y), fiscal = kind == "年度", start = s, ["end"] = e, raw = raw}
  end
  return list
end

--- Normalize a KPI text: NFKC (full-width digits and signs to ASCII), wave dashes to `~`, era years to
-- 西暦 and duplicated year echoes removed.
-- @param text string
-- @return string
-- @usage kpi.normalize("２０２３年度（令和５年度）") --> "2023年度"
function M.normalize(text)
  -- circled numbers (①, ②) label items; NFKC would turn them into digits that read as values
  local t = core.gsub(text, "[\\x{2460}-\\x{2473}\\x{2776}-\\x{277F}]", "")
  return to_western(core.fold(t))
end

-- The clause around [s, e): from the last opener or separator before it to the next closer after it.
local function clause(t, s, e)
  local before = core.sub(t, math.max(0, s - 40), s)
  local after = core.sub(t, e, e + 60)
  before = core.match(before, "[^(、,]*$") or before
  after = core.match(after, "^[^)、,]*") or after
  return before, after
end

--- Parse one KPI text.
-- @param text string (one KPI entry)
-- @return table `{text, indicator, values = {{value, max, unit, kind, year, fiscal, raw}}, target,
--   baseline, direction, deferred, unset, quantitative}`; `target` and `baseline` are
--   `{value, unit, year}` (the first value of that kind), `direction` is "increase", "decrease",
--   "maintain" or nil, `deferred` is `{raw, year}` for 「KPIの設定時期：…」, `unset` is true for
--   「未設定」, 「—」 and 「KPIの設定はない」
-- @usage local k = kpi.parse("スマートシティ数（2025年（令和7年）までに100）")
function M.parse(text)
  local r = {text = text, values = {}, quantitative = false}
  if type(text) ~= "string" or text == "" then
    r.unset = true
    return r
  end
  local t = M.normalize(text)
  local trimmed = t:match("^%s*(.-)%s*$")
  if trimmed == "" or trimmed == "-" or trimmed == "—" or trimmed == "―" or trimmed == "ー"
      or t:find("未設定", 1, true) or t:find("KPIの設定はない", 1, true) then
    r.unset = true
  end
  local dpos = t:find("KPIの設定時期", 1, true)
  if dpos then
    local rest = t:sub(dpos):gsub("^KPIの設定時期%s*:?%s*", "")
    local ys = M.years(rest)
    r.deferred = {raw = text:sub(text:find("KPIの設定時期", 1, true) or 1), year = ys[1] and ys[1].year}
    t = t:sub(1, dpos - 1)
  end
  local years = {}
  for s, e, raw, y, kind in core.find_all(t, YEAR_RE) do
    years[#years + 1] = {year = tonumber(y), fiscal = kind == "年度", start = s, ["end"] = e, raw = raw}
  end
  for s, e, raw, v, vmax, scale, unit in core.find_all(t, VALUE_RE) do
    local value = to_number(v)
    local prev = core.sub(t, math.max(0, s - 1), s)
    -- a number glued to latin letters ("G20", "Ver.2") is a name, not a value
    local nextc = core.sub(t, e, e + 1)
    -- 「1人1台」「1人1人1端末」 are ratios of provision, not values
    local per = nextc:match("^[0-9]") or core.sub(t, math.max(0, s - 2), s):match("^[0-9]人$")
    if value and not prev:match("[A-Za-z%.]$") and not per then
      if scale and UNIT_SET[scale .. unit] then unit = scale .. unit       -- 万人, 億円 are units of their own
      elseif scale == "万" then value = value * 10000
      elseif scale == "億" then value = value * 100000000 end
      if math.type(value) == "float" and value == math.floor(value) and value < 2^53 then
        value = math.tointeger(value)
      end
      local before, after = clause(t, s, e)
      local ctxt = before .. raw .. after
      local kind = "target"
      if has_any(ctxt, CURRENT_WORDS) then kind = "current"
      elseif has_any(ctxt, BASELINE_WORDS) and not has_any(ctxt, {"比べ", "比で"}) then kind = "baseline" end
      local year
      for _, y in ipairs(years) do
        if y["end"] <= s then year = y end
      end
      if year and year["end"] < s - 30 then year = nil end
      -- 「試行時点(2020年度)と比べ2倍」: the year before is the baseline's, not this value's
      if year and core.sub(t, year["end"], s):find("比べ", 1, true) then year = nil end
      if not year then
        for _, y in ipairs(years) do
          if y.start >= e and y.start <= e + 20 then year = y; break end
        end
      end
      local last = r.values[#r.values]
      if not year and last and last.year and last.kind == kind then
        year = {year = last.year, fiscal = last.fiscal}
      end
      r.values[#r.values + 1] = {
        value = value, max = to_number(vmax), unit = unit, kind = kind,
        year = year and year.year, fiscal = year and year.fiscal or false, raw = raw,
      }
    end
  end
  if #r.values == 0 then
    -- a bare number after a deadline: 「2025年までに100」
    for s, e, raw, v in core.find_all(t, "までに(?:約|累計|合計)?(" .. NUM_RE .. ")(?=[)、,]|$)") do
      local year
      for _, y in ipairs(years) do
        if y["end"] <= s then year = y end
      end
      r.values[#r.values + 1] = {value = to_number(v), kind = "target", year = year and year.year,
        fiscal = year and year.fiscal or false, raw = raw}
      local _ = e
    end
  end
  r.quantitative = #r.values > 0
  for _, v in ipairs(r.values) do
    if v.kind == "target" and not r.target then r.target = {value = v.value, unit = v.unit, year = v.year} end
    if v.kind ~= "target" and not r.baseline then r.baseline = {value = v.value, unit = v.unit, year = v.year} end
  end
  if not r.target and #years > 0 and not r.unset then
    -- a deadline with no number (「2024年度までに…を開発」): the year is still the target's
    local last = years[#years]
    if not has_any(t, BASELINE_WORDS) and not has_any(t, CURRENT_WORDS) then
      r.target = {year = last.year}
    end
  end
  if has_any(t, {"倍増"}) or (t:find("倍", 1, true) and t:find("比べ", 1, true)) then r.direction = "increase"
  elseif has_any(t, {"半減"}) then r.direction = "decrease"
  elseif has_any(t, MAINTAIN) then r.direction = "maintain"
  elseif has_any(t, DECREASE) then r.direction = "decrease"
  elseif has_any(t, INCREASE) then r.direction = "increase" end
  if r.target and r.target.value and r.target.unit == "%" and r.target.value == 100 and not r.direction then
    r.direction = "increase"
  end
  local ind = t:match("^%s*(.-)%s*[%(:]") or t:match("^%s*(.-)%s*$")
  r.indicator = (ind and ind ~= "") and ind or nil
  return r
end

return M
