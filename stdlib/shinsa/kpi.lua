--- KPI text → reading: indicator, baseline, target, deadline, reference year, source, direction, level.
--
-- A KPI sentence is read by an LPeg grammar in two layers. The lexical layer finds the parts that have a
-- form of their own: dates (西暦, 和暦 with kanji or full-width numerals, R7/H30, 年度 vs 年, 末/中/当初,
-- month, an echo 「2023年度（令和5年度）」 read once), values (thousands separators, decimals, kanji numerals,
-- 万/億, ranges 「5～10業務」, any counter word after the number as the unit, 以上/以下/未満), relative targets
-- (倍増, 半減, 「３割削減」, 「6%以上増加」), "all" targets (全ての市区町村, 全都道府県, 概ね全て) and the markers
-- between them (から, →, までに, 比, 基準値/実績/時点/現状/参考, 見込, 出典, 及び, brackets). The clause layer
-- gives each part its role: a value in a bracket labelled 基準/時点/実績, before 「から」 or 「→」, or after a
-- 基準値 label is the baseline; a date before 「比」 is the reference year; a date before までに/まで/末/中 or
-- labelled 目標年度 is the deadline; the value that is left is the target. The 政策評価 layout
-- 「測定指標：…　基準値：…　目標値：…　目標年度：…」 is read by its labels, and several KPIs joined by 及び are
-- read one by one. Units are open; `kpi.UNITS` only normalises spellings (箇所/ヶ所 → か所).
-- The parser never raises on a string; what it cannot read is simply not in the result.
--
-- @module shinsa.kpi
-- @usage local kpi = require "shinsa.kpi"
-- local k = kpi.parse("整備率を2024年度（令和6年度）に100%とする")
-- -- k.target = {value = 100, unit = "%", kind = "absolute", year = 2024}, k.deadline = {year = 2024, fiscal = true}
local lpeg = require "lpeg"
local core = require "shinsa.core"

local P, R, S, C, Ct, Cp, Cc, Cs, Cmt, B = lpeg.P, lpeg.R, lpeg.S, lpeg.C, lpeg.Ct, lpeg.Cp, lpeg.Cc, lpeg.Cs, lpeg.Cmt,
  lpeg.B

local M = {}

-- ---- characters -------------------------------------------------------------------------------------

local cont = R("\128\191")
local uchar = R("\0\127") + R("\194\223") * cont + R("\224\239") * cont * cont + R("\240\244") * cont * cont * cont
local digit = R("09")
local latin = R("AZ", "az")
local sp = S(" \t")^0
local kata = P("\227\130") * R("\161\191") + P("\227\131") * R("\128\186") + P("ー")
local kanji = (P("\228") * R("\184\191") + R("\229\233") * cont) * cont + P("々")
local kdigit = P("〇") + "一" + "二" + "三" + "四" + "五" + "六" + "七" + "八" + "九" + "十" + "百" + "千"

local function any_of(list)
  local p = P(false)
  for _, w in ipairs(list) do p = p + P(w) end
  return p
end

-- ---- numbers ----------------------------------------------------------------------------------------

local anum = digit^1 * ("," * digit * digit * digit * -digit)^0 * ("." * digit^1)^-1
-- kanji numerals that are words, not numbers (十分 = enough, 一部 = part …)
local KANJI_WORDS = any_of({"十分", "一部", "一体", "一層", "一元", "一定", "一括", "一般", "一方", "一環", "一貫",
  "一律", "一覧", "一連", "一時", "一斉", "一度", "一人ひとり", "一人一人", "一つ", "一件", "二次", "三次元", "千差万別",
  "一本化", "一元化", "一気", "一緒", "一助", "一翼", "一丸", "一員", "一致", "一歩", "一段", "一番", "一切", "一次",
  "五感", "八百", "四半期", "百貨", "二酸化", "一酸化", "三位一体"})
local knum = #-KANJI_WORDS * kdigit^1

local function to_number(s)
  if s == nil then return nil end
  if s == "ゼロ" then return 0 end
  if s:match("^[0-9]") then return tonumber((s:gsub(",", ""))) end
  return core.kanji_to_int(s)
end

local function tidy(v)
  if math.type(v) == "float" and v == math.floor(v) and math.abs(v) < 2^53 then return math.tointeger(v) end
  return v
end

-- ---- units ------------------------------------------------------------------------------------------

--- Spellings of a unit and the form the parser reports (a table for normalisation only: any counter word
-- after a number is read as its unit).
M.UNITS = {
  ["箇所"] = "か所", ["ヶ所"] = "か所", ["カ所"] = "か所", ["ケ所"] = "か所", ["ヵ所"] = "か所",
  ["ヶ月"] = "か月", ["カ月"] = "か月", ["ケ月"] = "か月", ["ヵ月"] = "か月", ["ヶ国"] = "か国", ["カ国"] = "か国",
  ["パーセント"] = "%", ["ポイント"] = "ポイント", ["pt"] = "ポイント", ["割"] = "割",
  ["手続き"] = "手続",
}
-- counters that begin with a kana, read before the open run
local KANA_UNITS = {"か所", "ヶ所", "カ所", "ケ所", "ヵ所", "か月", "ヶ月", "カ月", "ケ月", "ヵ月", "か国", "ヶ国",
  "カ国", "か年", "パーセント", "ポイント", "つ"}
-- words that end a unit: what follows the counter (「団体以上」「件程度」「割削減」)
local UNIT_STOPS = {"以上", "以下", "未満", "以内", "超", "程度", "前後", "増加", "増", "減少", "削減", "減", "達成", "規模",
  "相当", "見込", "時点", "現在", "実績", "当たり", "分の", "年度", "年", "月", "程", "強", "弱", "余り", "余", "減らす",
  "向上", "短縮", "改善", "拡大", "延伸", "へ", "達", "導入", "参加", "実施", "整備", "設置", "開催", "創出", "突破", "超え",
  "倍増", "半減", "目標", "目途", "水準", "台湾", "育成", "当", "輸出", "以", "規模"}
local LATIN_UNITS = {"mg", "mL", "TB", "GB", "PB", "MB", "TJ", "PJ", "GJ", "MJ", "km", "kWh", "MWh", "GWh", "TWh", "kW",
  "MW", "GW",
  "Mbps", "Gbps", "kL", "pt", "t", "m", "ha", "kg", "g", "L"}

local function cut_unit(run)
  if run == "" then return nil end
  local best = #run + 1
  for _, w in ipairs(UNIT_STOPS) do
    local i = run.find(run, w, 1, true)
    while i do
      if i > 1 and i < best then best = i end
      if i == 1 then
        -- a stop word at the start ends the unit there: no unit
        best = 1
      end
      i = run.find(run, w, i + 1, true)
    end
  end
  local u = run:sub(1, best - 1)
  if u == "" then return nil end
  -- an open unit is a counter word: at most 6 characters
  if utf8.len(u) and utf8.len(u) > 6 then return nil end
  return u
end

-- the open unit: the run of kanji and katakana after the number, cut before what follows the counter; the
-- match ends where the unit ends, so that 「割削減」 leaves 削減 to be read
local unit_run = Cp() * (kanji + kata)^1 * Cp()
local open_unit = Cmt(P(true), function(subject, i)
  local s, e = unit_run:match(subject, i)
  if not s then return false end
  local u = cut_unit(subject:sub(s, e - 1))
  if not u then return false end
  return i + #u, M.UNITS[u] or u
end)
local unit_p = C(P("%") + "‰" + any_of(KANA_UNITS)) / function(u) return M.UNITS[u] or u end
  + C(any_of(LATIN_UNITS)) * -latin
  + open_unit

-- ---- dates ------------------------------------------------------------------------------------------

local ERAS = {["令和"] = 2018, ["平成"] = 1988, ["昭和"] = 1925, R = 2018, H = 1988}

local function era_year(era, n)
  local v = n == "元" and 1 or to_number(n)
  if not v or not ERAS[era] then return nil end
  return ERAS[era] + v
end

-- 事業年度 (an agency's business year, as 中期目標 write it) is a fiscal year
local yunit = C(P("年度") + P("事業年度") + P("年")) / function(u) return u ~= "年" end
local month = sp * C(digit^1 + kdigit^1) * P("月") * (sp * (digit^1 + kdigit^1) * P("日"))^-1
-- a part of the year: 末, 中, 上半期, 上期, 第3四半期 … (the deadline year is the year itself)
local edge = C(P("末") + "中" + "当初" + "内" + "上半期" + "下半期" + "上期" + "下期" + "前半" + "後半" + "頃" + "ごろ"
  + "春" + "夏" + "秋" + "冬"
  + P("第") * (digit + kdigit) * "四半期")
-- a dotted year and month, as tables and forms write them: 2024.3, R5.3, H30.10 (a calendar month)
local dot_month = P(".") * C(P("1") * R("02") + R("19")) * -digit
  * -(sp * (P("%") + "万" + "億" + "兆" + "倍" + "割" + "人" + "件"))
-- one year: 2023年度, 令和5年度, 令和元年, R5年度, R5, H30年度
-- two-digit years (「27年度」「24年には」 as the press and the plans of the 2020s write them) and an era-less
-- one-digit 年度 (「7年度まで」 in a 令和 plan) are read as 2000+N and 令和N
local short_cal = (C(digit * digit) / tonumber) * sp * P("年") * #(P("までに") + "まで" + "には" + "に" + "の" + ")" + "度"
  + "末" + "で")
local western = C(digit * digit * digit * digit) / tonumber * sp * yunit
  + (C(digit * digit) / function(n) return 2000 + tonumber(n) end) * sp * (P("年度") * Cc(true))
  + Cmt(short_cal, function(_, i, n) if n >= 10 and n <= 50 then return i, 2000 + n, false end return false end)
  + (C(digit) / function(n) return 2018 + tonumber(n) end) * sp * (P("年度") * Cc(true))
local era_name = C(P("令和") + "平成" + "昭和")
local era_num = C(digit^1 + "元" + kdigit^1)
-- 「令和7（2025）年度」: the 西暦 echo between the number and 年度; 「令和7～11年度」「令和6～10事業年度」: a span of one
-- era, read as its last year (the deadline), the first kept as `from`
local kpos = P("〇") + "一" + "二" + "三" + "四" + "五" + "六" + "七" + "八" + "九"
local era = era_name * sp * era_num * sp * "(" * sp * digit * digit * digit * digit * sp * ")" * sp * yunit
    / function(e, n, f) return era_year(e, n), f end
  + era_name * sp * era_num * sp * (P("~") + "〜" + "-") * sp * era_num * sp * yunit
    / function(e, n1, n2, f) return era_year(e, n2), f, {from = era_year(e, n1)} end
  + era_name * sp * era_num * sp * yunit
  / function(e, n, f) return era_year(e, n), f end
-- 「2025（令和7）年度」; 「二〇三〇年度」 (positional kanji digits)
local western_echo = C(digit * digit * digit * digit) / tonumber * sp * "(" * sp * (P("令和") + "平成" + "昭和") * sp
    * (digit^1 + "元" + kdigit^1) * sp * ")" * sp * yunit
  + C(kpos * kpos * kpos * kpos) / function(n) return core.kanji_to_int(n) end * sp * yunit
local rnote = C(S("RH")) * C(digit * digit^-1) * (yunit + Cc(true)) * -digit * -P(".")
  / function(e, n, f) return era_year(e, n), f end
-- FY2026, FY26 (a fiscal year); 2030年代 (the decade, read as its first year)
local fy = P("FY") * sp * (C(digit * digit * digit * digit) / tonumber + C(digit * digit) / function(n)
  return 2000 + tonumber(n) end) * -digit * Cc(true)
local decade = C(digit * digit * digit * P("0")) / tonumber * P("年代") * Cc(false)
  * (P("前半") + "後半" + "半ば" + "初頭" + "中頃")^-1

local function date_table(s, y, fiscal, ...)
  local d = {t = "date", s = s, year = y, fiscal = fiscal}
  local rest = {...}
  local e = rest[#rest]
  for i = 1, #rest - 1 do
    local v = rest[i]
    if type(v) == "table" then d.from = v.from
    elseif type(v) == "string" then
      if to_number(v) then d.month = to_number(v)
      else d.edge = v end
    end
  end
  d.e = e
  if not y or y < 1900 or y > 2200 then return nil end
  return d
end

-- an echo 「2023年度（令和5年度）」 or 「令和5年度（2023年度）」 is read once
local echo = sp * "(" * sp * (western + era + rnote) / function() end * (month / function() end)^-1
  * (edge / function() end)^-1 * sp * ")"
-- 「as of 2024-03-31」「2024/3/31」: an ISO or slashed date (a calendar month)
local iso = C(digit * digit * digit * digit) / tonumber * Cc(false) * S("-/")
  * C(P("1") * R("02") + P("0")^-1 * R("19")) * S("-/") * digit * digit^-1 * -digit
-- 2024.3 / R5.3: year, fiscal = false, month
local dotted = (C(digit * digit * digit * digit) / tonumber + C(S("RH")) * C(digit * digit^-1) / era_year)
  * Cc(false) * dot_month
local date_p = Cp() * (iso + dotted + (decade + western_echo + western + era + rnote + fy) * month^-1) * echo^-1
  * month^-1 * sp * edge^-1
  * echo^-1
  * Cp() / date_table

-- ---- values -----------------------------------------------------------------------------------------

local scale = C(P("千万") + "百万" + "万" + "億" + "兆" + "千") + Cc(nil)
local number = C(anum) + C(knum) + C(P("ゼロ"))
local range_sep = sp * (P("~") + "〜") * sp
-- before a value: a latin letter, 「第」, 「.」 or a digit make it part of a name (G20, 第2期, Ver.2, JIS X 8341-3)
local function value_table(s, v, vmax, sc, unit, e)
  local n, nmax = to_number(v), to_number(vmax)
  if not n then return nil end
  local mult = ({["万"] = 10000, ["億"] = 100000000, ["兆"] = 1000000000000, ["千"] = 1000, ["千万"] = 10000000,
    ["百万"] = 1000000})[sc or ""] or 1
  if sc == "千" and unit == "円" then mult = 1000 end
  n = tidy(n * mult)
  if nmax then nmax = tidy(nmax * mult) end
  return {t = "value", s = s, e = e, value = n, max = nmax, unit = unit}
end
-- a number followed by 「-3」, 「.1」 or a latin letter is a code or a name (8341-3, 5G), not a value
local code_tail = P("-") * digit + P(".") * digit + latin
-- a number with no unit is a value only where a clause ends (「までに100）」「データ分野数10」), not in 「30の…」
local bare_end = P(")") + "(" + "」" + "→" + "、" + "," + "。" + "以上" + "以下" + "未満" + "超" + "を" + "に" + "と" + "へ"
  + "程度" + -1
local per = P("/") * C(P("年") + "月" + "日" + "週") + Cc(nil)
-- 「3億7千万円」「1兆2,000億円」: a number written in several scales
-- (「1万2千人」: 千 as the last scale)
local SCALES = {["兆"] = 1000000000000, ["億"] = 100000000, ["千万"] = 10000000, ["百万"] = 1000000, ["万"] = 10000,
  ["千"] = 1000}
local value_compound = Cp() * Ct((C(anum) * sp * C(P("兆") + "億" + "千万" + "百万" + "万" + "千")) ^ 2) * sp * unit_p
  * per * Cp() / function(s, parts, unit, p, e)
    local n = 0
    for i = 1, #parts, 2 do n = n + to_number(parts[i]) * SCALES[parts[i + 1]] end
    return {t = "value", s = s, e = e, value = tidy(n), unit = p and (unit .. "/" .. p) or unit}
  end
local value_full = value_compound + Cp() * number * (range_sep * number + Cc(nil)) * sp * scale * sp
  * (unit_p * per + #-code_tail * #(sp * bare_end) * Cc(nil) * Cc(nil)) * Cp()
  / function(s, v, vmax, sc, unit, p, e)
    local r = value_table(s, v, vmax, sc, unit, e)
    if r and p and unit then r.unit = unit .. "/" .. p end
    return r
  end

-- ---- markers ----------------------------------------------------------------------------------------

local function mark(kind, p)
  return Cp() * C(p) * Cp() / function(s, w, e) return {t = kind, s = s, e = e, w = w} end
end

local BASE_WORDS = {"基準値", "基準年度", "基準年", "基準", "現状値", "現状", "実績値", "実績", "参考値", "参考", "時点",
  "現在", "当初値", "直近値", "直近", "確定値", "速報値"}
local markers = mark("from", P("から") + "より")
  + mark("arrow", P("→") + "⇒" + "->" + "➡")
  + mark("until", P("までに") + "まで")
  + mark("ref", P("と比べ") + "と比較" + "対比" + "比べ" + "比")
  + mark("base", any_of(BASE_WORDS) * -P("指標") * -P("評価"))
  + mark("current", P("見込み") + "見込")
  + mark("source", P("出典") + "出所" + "データ出典" + "資料出所" + "データソース")
  + mark("join", P("及び") + "並びに")
  + mark("recur", P("毎事業年度") + "各事業年度" + "毎年度" + "毎年" + "各年度" + "各年" * -P("代") + "年度毎" + "年度ごと"
    + "年間" + "毎月" + "単年度")
  + mark("open", any_of({"(", "【", "[", "「", "『", "〔"}))
  + mark("close", any_of({")", "】", "]", "」", "』", "〕"}))
  + mark("colon", P(":"))
  + mark("sep", any_of({"、", ",", "。", ";", " "}))

-- relative targets: 倍増, 半減, 3割削減, 6%以上増加, 2倍にする
local DIR_UP = {"増加", "増やす", "増", "向上", "拡大", "引き上げ", "上昇", "改善", "延伸", "延ばす"}
local DIR_DOWN = {"削減", "減少", "減らす", "減", "短縮", "低減", "縮減", "引き下げ", "抑制"}
local rel_word = mark("relword", P("倍増") + "半減" + P("半分") * #(P("以下") + "に" + "まで" + "程度"))

-- "all" targets: 全ての市区町村, すべての都道府県, 全都道府県, 概ね全て, 全員
local ALL_NOUNS = {"都道府県", "市区町村", "市町村", "自治体", "地方公共団体", "団体", "府省庁", "府省", "省庁", "学校",
  "小中学校", "公立学校", "病院", "医療機関", "職員", "手続", "施設", "事業者", "世帯", "住民", "国民", "地域",
  "保険医療機関", "薬局", "国の行政機関", "行政機関", "窓口", "業務", "システム", "機関"}
local ALL_SUFFIX = {"施設", "事業", "校", "学校", "校区", "学区", "地区", "団体", "自治体", "市町村", "市区町村", "都道府県", "省庁", "府省庁",
  "機関", "手続", "業務", "職員", "世帯", "病院", "窓口", "システム", "地域", "企業", "課", "部署", "部局"}
-- 「全都立施設」「全事業」: 全 and a noun run that ends in a counted noun (not 全国, 全体, 全面)
local all_bare = Cmt(P("全") * C((kanji + kata)^1), function(_, i, run)
  for _, w in ipairs(ALL_SUFFIX) do
    if #run >= #w and run:sub(-#w) == w then return i end
  end
  return false
end)
local all_p = Cp() * C((P("概ね") + "おおむね" + "ほぼ")^-1 * (P("全ての") + "すべての" + "全て" + "すべて" + "全"
  * #any_of(ALL_NOUNS)) * ((kanji + kata)^0)) * Cp()
  / function(s, w, e) return {t = "all", s = s, e = e, w = w} end
  + Cp() * C(all_bare) * Cp() / function(s, w, e) return {t = "all", s = s, e = e, w = w} end
  + Cp() * C(P("全員") + "100%の" * (kanji + kata)^1) * Cp()
    / function(s, w, e) return {t = "all", s = s, e = e, w = w} end
  -- 「各課に配置する」: every one of a counted noun, as the place of the measure
  + Cp() * C(P("各") * Cmt(C((kanji + kata)^1), function(_, i, run)
      for _, w in ipairs(ALL_SUFFIX) do
        if #run >= #w and run:sub(-#w) == w then return i end
      end
      return false
    end)) * #((P("に") + "で") * -(P("おけ") + "おい" + "つい" + "つき" + "て" + "の" + "は" + "も"))
    * Cp() / function(s, w, e) return {t = "all", s = s, e = e, w = w} end

-- a value glued to what makes it a name or a ratio: G20, 第2期, 5G, Society5.0, 1人1台, 1人当たり
local glued = B(latin + digit + P(".")) + B((latin + digit) * P("-"))
  + B(P("-") * digit * P(":")) + B(P("-") * digit * digit * P(":"))   -- 「JIS X 8341-3:2016」
-- 「25% (2023) → 100% (2026)」: a year alone in brackets, as English lines and tables write it (a calendar year)
local year_in_brackets = Cmt(Cp() * C(P("19") * digit * digit + P("20") * digit * digit) * #(sp * ")") * Cp(),
  function(subject, i, s, y, e)
    if not subject:sub(1, s - 1):match("%(%s*$") then return false end
    return i, {t = "date", s = s, e = e, year = tonumber(y), fiscal = false}
  end)
-- 「過半数」: more than half, a target of 50%
local majority = Cp() * P("過半数") * Cp() / function(s, e)
  return {t = "value", s = s, e = e, value = 50, unit = "%", op = "超"}
end
-- 「4分の1に減らす」: a fraction of the current level, as a multiple
local fraction = Cp() * C(digit^1) * P("分の") * C(digit^1) * Cp() / function(s, d, n, e)
  local den, num = tonumber(d), tonumber(n)
  if den == 0 then return nil end
  return {t = "value", s = s, e = e, value = tidy(num / den), unit = "倍", frac = true}
end
local token = -glued * date_p + year_in_brackets + majority + -glued * fraction
  + Cmt(Cp() * number * sp * (P("人") + "台" + "校") * sp * digit, function(_, i) return i end) / function() end
  + Cmt(Cp() * digit * digit * digit * digit * (P("大会") + "年大会" + "万博" + "五輪"), function(_, i) return i end)
    / function() end
  + Cmt(Cp() * number * sp * unit_p * sp * (P("当たり") + "あたり" + "当り" + "につき"), function(_, i) return i end)
    / function() end
  + B(P("合計") + P("累計")) * (Cp() * C(anum) * Cc(nil) * Cc(nil) * Cc(nil) * #P("の") * Cp() / value_table)
  + mark("reldate", (P("本年度") + "今年度" + "来年度" + "次年度" + "翌年度" + "本年" + "今年" + "来年") * P("末")^-1)
  + -glued * Cmt(value_full, function(_, i, v)
      if not v then return false end
      return i, v
    end)
  + rel_word + all_p + markers

-- the scan: tokens where they start, any other character skipped; a latin word is skipped whole so that
-- digits inside it (G20, 5G, Web3.0) are never a value
local skip_word = (latin + digit)^1 * latin * (latin + digit + P("."))^0 + latin^1 * (digit + P("."))^1 * latin^0
  + latin^1 + P("第") * (digit + kdigit)^1
local scan_p = Ct((token + skip_word + uchar)^0)
-- a two-digit year without era after a year of an era takes that era: 「60.2%(平成28年度) | 81.0%(32年度)」
local scan
local function inherit_era(t, toks, base)
  local offset = base
  for _, k in ipairs(toks) do
    if k.t == "date" then
      local raw = t:sub(k.s, k.e - 1)
      if raw:find("^平成") or raw:find("^H%d") then offset = 1988
      elseif raw:find("^令和") or raw:find("^R%d") then offset = 2018
      elseif offset and raw:match("^%d%d%s*年") and not raw:match("^%d%d%d") then
        k.year = offset + tonumber(raw:sub(1, 2))
      end
    end
  end
  return offset
end
-- Two-digit years of a 平成 plan: a string whose era-less two-digit years run from the 20s to 31 or 32 (「0件(27年度)→
-- 累計4件(31年度)」「974人(28年度) | 1,230人(32年度)」: 平成31/32 were the targets of the plans of 2015-2016; a 2020s
-- plan writes its targets 2027 → 2030, never 31/32 from a 20s baseline) reads them all as 平成. Set by kpi.parse for
-- the whole text, so that a cell read alone gets the same years.
local heisei_context = false
local function two_digit_years(t, toks)
  local ys = {}
  for _, k in ipairs(toks) do
    if k.t == "date" then
      local raw = t:sub(k.s, k.e - 1)
      local n = raw:match("^(%d%d)%s*年") and not raw:match("^%d%d%d") and tonumber(raw:sub(1, 2))
      if n and k.year == 2000 + n then ys[#ys + 1] = {k = k, n = n} end
    end
  end
  return ys
end
scan = {match = function(_, t)
  local toks = scan_p:match(t)
  if toks then
    local era_seen = inherit_era(t, toks, nil)
    if heisei_context and not era_seen then
      for _, y in ipairs(two_digit_years(t, toks)) do y.k.year = 1988 + y.n end
    end
  end
  return toks
end}
local function heisei_plan(t)
  local toks = scan_p:match(t) or {}
  if inherit_era(t, toks, nil) then return false end
  local lo, hi = 99, 0
  for _, y in ipairs(two_digit_years(t, toks)) do lo, hi = math.min(lo, y.n), math.max(hi, y.n) end
  return (hi == 31 or hi == 32) and lo >= 20 and lo <= 28
end

-- ---- normalisation ----------------------------------------------------------------------------------

local circled = (P("\226\145") * R("\160\179") + P("\226\157") * R("\182\191")) / ""

local uncircle = Cs((circled + uchar + P(1))^0)

--- The text the parser reads: circled item numbers (①) removed, NFKC with width folding (full-width digits
-- and signs to ASCII, 〜 to ~). Era years are kept (the grammar reads them).
local nakaguro_decimal = Cs((B(digit) * (P("・") / ".") * #(digit * digit^-2 * -digit * -P("年")) + uchar + P(1))^0)

function M.fold(text)
  if type(text) ~= "string" then return "" end
  local t = core.fold(uncircle:match(text) or text)
  -- 「1・84」「99・9%」: a 中黒 between digits is a decimal point in newspaper style (not 「2022・2023年度」)
  return nakaguro_decimal:match(t) or t
end

local function western_of(d)
  return tostring(d.year) .. (d.fiscal and "年度" or "年")
end

-- (built once: in the sandbox a pattern's first match is charged for its compilation, so a pattern built in
-- every call is compiled again every call)
local normalize_p = Cs((((western_echo + western + era + rnote) / function(y, f)
  return western_of({year = y, fiscal = f}) end) * (echo / "")^-1
  + (latin + digit)^1 * latin * (latin + digit)^0 + uchar + P(1))^0)

--- Normalize a KPI text: M.fold, then every era year written as 西暦 (「令和5年度」 → 「2023年度」) and the
-- echo of a year in brackets dropped (「2023年度（令和5年度）」 → 「2023年度」).
-- @param text string
-- @return string
-- @usage kpi.normalize("２０２３年度（令和５年度）") --> "2023年度"
function M.normalize(text)
  local t = M.fold(text)
  return normalize_p:match(t) or t
end

-- byte offset → 0-based code point offset
local function cp(t, b) return utf8.len(t, 1, b - 1) or (b - 1) end

--- Find every year in a KPI text.
-- @param text string, raw or normalized
-- @return list of `{year = 2025, fiscal = true, start = …, ["end"] = …, raw = "2025年度末"}` in order;
--   offsets are 0-based code points in the normalized text (`kpi.normalize(text)`)
-- @usage kpi.years("令和7年度末までに") --> {{year = 2025, fiscal = true, …}}
function M.years(text)
  local t = M.normalize(text)
  local out = {}
  for _, tok in ipairs(scan:match(t) or {}) do
    if tok.t == "date" then
      out[#out + 1] = {year = tok.year, fiscal = tok.fiscal, start = cp(t, tok.s), ["end"] = cp(t, tok.e),
        raw = t:sub(tok.s, tok.e - 1), edge = tok.edge, month = tok.month}
    end
  end
  return out
end

-- ---- the clause layer -------------------------------------------------------------------------------

local function has(s, words)
  for _, w in ipairs(words) do
    if s:find(w, 1, true) then return w end
  end
  return nil
end

local PUNCT = {"、", ",", ":", ";", " ", "\t", "。", "/", "|"}
local function strip(s)
  -- (indices first, one cut at the end: a run of punctuation is not copied once per mark)
  local i, j = 1, #s
  local changed = true
  while changed and i <= j do
    changed = false
    for _, w in ipairs(PUNCT) do
      if i <= j and s:sub(i, i + #w - 1) == w then i = i + #w; changed = true end
      if j - #w + 1 >= i and s:sub(j - #w + 1, j) == w then j = j - #w; changed = true end
    end
  end
  return s:sub(i, j)
end
local COUNTABLE = {"数", "率", "割合", "人口", "量", "額", "比率", "指数", "シェア", "平均", "件数", "人数", "世帯数", "数の計",
  "世帯",
  "者数", "時間", "距離", "面積", "コスト", "生産性", "所得", "GDP"}
local function has_end(s, list)
  for _, w in ipairs(list) do
    if #s >= #w and s:sub(-#w) == w then return w end
  end
  return nil
end
local function has_comma(s) return s:find("、", 1, true) or s:find(",", 1, true) end

-- the text after byte e, spaces skipped
local function after(t, e, n) return t:sub(e, e + (n or 24)):gsub("^%s+", "") end
-- the next / last n bytes from byte i (default 96): what a rule run once per token looks at must be bounded, or
-- a long text of many tokens is read in quadratic time
local function ahead(t, i, n) return t:sub(i, i + (n or 96)) end
local function behind(t, i, n) return t:sub(math.max(1, i - (n or 96)), i - 1) end
local function starts(s, list)
  for _, w in ipairs(list) do
    if s:sub(1, #w) == w then return w end
  end
  return nil
end

-- bracket groups: for each token, the innermost enclosing group {s, e, cs, text}: s = the opening bracket's
-- first byte, cs = the closing bracket's first byte, e = the byte after it (#t + 1 for a group left open).
-- One pass with a stack (linear in the tokens); a group's text is cut only when a rule asks for it.
local group_mt = {__index = function(g, key)
  if key == "text" then
    -- (the first 600 bytes: what the rules look for sits at a bracket's start; a bracket left open to the end
    -- of a long text must not be copied once per token inside it)
    local text = g.t:sub(g.s, math.min(g.e - 1, g.s + 599))
    rawset(g, "text", text)
    return text
  end
end}
local function groups(t, toks)
  local stack = {}
  for _, k in ipairs(toks) do
    if k.t == "open" then
      k.group = stack[#stack]
      stack[#stack + 1] = setmetatable({s = k.s, t = t}, group_mt)
    elseif k.t == "close" and #stack > 0 then
      local g = table.remove(stack)
      g.e, g.cs = k.e, k.s
      k.group = g
    else
      k.group = stack[#stack]
    end
  end
  for _, g in ipairs(stack) do g.e, g.cs = #t + 1, #t + 1 end
end

local NOT_DEADLINE = {"時点", "現在", "実績", "見込", "比", "と比べ", "当初予算", "補正予算", "予算", "策定", "調査", "以降",
  "から", "より", "開始", "公表", "版", "の", "基準", "~", "に設定", "設定", "までに設定", "を目途に設定", "調査"}

-- The level of an indicator is read from the kpi pack's lexicon (rules/kpi/lexicon/kpi.yaml, fields
-- level_outcome, level_activity, level_output of key `kpi`), in this order: the first list with an entry in the
-- indicator decides. An entry is a literal or `re: …` (PCRE2), as in every lexicon.
local LEVEL_ORDER = {"outcome", "activity", "output"}

local function level_entry(indicator, e)
  if type(e) == "string" then return indicator:find(e, 1, true) ~= nil end
  if type(e) == "table" and type(e.re) == "string" then return core.find(indicator, e.re) ~= nil end
  return false
end

--- The level of an indicator: "activity" (what the administration does: 開催回数, 説明会), "output" (what it
-- delivers or reaches: カバー率, 参加者数, 整備数, 導入した団体), "outcome" (the change for users and society:
-- 満足度, 利用率, 削減時間, 消費額). The words come from a lexicon (the kpi pack's `kpi` lexicon: lists
-- level_outcome, level_activity, level_output, read in that order); an indicator no word places is an outcome
-- when it is a rate or share, an output when it is a count.
-- @param indicator string
-- @param lex table|nil the kpi lexicon (`ctx.lexicon.kpi`); without it only the rate/count fallback applies
-- @return "activity" | "output" | "outcome" | nil
-- @usage kpi.level("説明会の開催回数", ctx.lexicon.kpi) --> "activity"
function M.level(indicator, lex)
  if type(indicator) ~= "string" or indicator == "" then return nil end
  if type(lex) == "table" then
    for _, level in ipairs(LEVEL_ORDER) do
      for _, e in ipairs(lex["level_" .. level] or {}) do
        if level_entry(indicator, e) then return level end
      end
    end
  end
  if has_end(indicator, {"率", "割合", "比率"}) then return "outcome" end
  if has_end(indicator, {"数", "量"}) then return "output" end
  return nil
end

local function direction_of(t, r)
  local tg, bl = r.target, r.baseline
  if t:find("維持", 1, true) or t:find("同水準", 1, true) then return "maintain" end
  -- 「…以上を確保する」「1億人程度の人口を確保」: a level to hold
  local tail = t:gsub("。", " "):gsub("%s+$", "")
  if (tail:find("を確保する$") or tail:find("を確保$")) and not has(t, DIR_UP) and not has(t, DIR_DOWN) then
    return "maintain"
  end
  if t:find("倍増", 1, true) then return "increase" end
  if t:find("半減", 1, true) then return "decrease" end
  if tg and tg.dir then return tg.dir end
  if tg and bl and type(tg.value) == "number" and type(bl.value) == "number" and tg.kind == "absolute" then
    if tg.value > bl.value then return "increase" elseif tg.value < bl.value then return "decrease" end
  end
  if tg and (tg.op == "以下" or tg.op == "未満" or tg.op == "以内") then return "decrease" end
  if has(t, DIR_DOWN) then return "decrease" end
  if tg and tg.op == "以上" then return "increase" end
  if has(t, DIR_UP) or t:find("以上", 1, true) then return "increase" end
  if tg and tg.kind == "all" then return "increase" end
  if t:find("以下", 1, true) or t:find("未満", 1, true) then return "decrease" end
  -- a level to reach: ranks improve downwards, a zero target is a reduction, anything else is built up
  if tg and tg.unit == "位" then return "decrease" end
  if tg and tg.value == 0 then return "decrease" end
  if tg and tg.value ~= nil then return "increase" end
  return nil
end

-- The label of a 政策評価 layout field, or nil.
local LABELS = {
  {"測定指標", "indicator"}, {"成果指標", "indicator"}, {"活動指標", "indicator"}, {"指標名", "indicator"},
  {"指標", "indicator"}, {"基準値", "baseline"}, {"基準年度", "baseline_year"}, {"基準年次", "baseline_year"},
  {"基準年", "baseline_year"}, {"基準日", "baseline_year"}, {"実績値", "baseline"},
  {"現状値", "baseline"}, {"現状", "baseline"}, {"中間目標", "milestone"}, {"最終目標", "target"},
  {"目標値", "target"}, {"目標年度", "deadline"}, {"目標年次", "deadline"}, {"目標年", "deadline"},
  {"目標時期", "deadline"}, {"達成年度", "deadline"}, {"達成時期", "deadline"}, {"目標", "target"},
  {"出典", "source"}, {"データ出典", "source"}, {"出所", "source"}, {"単位", "unit"},
}
-- a label is written 「基準値：」, 「【基準値】」, or bare before a space where fields are set apart by spaces or
-- slashes (「測定指標 … / 基準値 310万人（R5.3） / 目標値 600万人」「目標 95%以上（R8）／現状 62%（R5）」)
local BARE_LABELS = {["測定指標"] = true, ["指標名"] = true, ["基準値"] = true, ["目標値"] = true, ["目標年度"] = true,
  ["達成年度"] = true, ["現状値"] = true, ["現状"] = true, ["目標"] = true, ["実績値"] = true}
local label_p
do
  local alt, bare = P(false), P(false)
  for _, l in ipairs(LABELS) do
    alt = alt + (P(l[1]) * Cc(l[2]))
    if BARE_LABELS[l[1]] then bare = bare + (P(l[1]) * Cc(l[2])) end
  end
  -- (only the few bytes before the label are looked at: the scan tries this at every character)
  local field_start = Cmt(P(true), function(subject, i)
    if i == 1 then return i end
    local prev = subject:sub(math.max(1, i - 3), i - 1)
    if prev:match("[ /\t|]$") or prev == "／" or prev == "　" then return i end
    return false
  end)
  label_p = Cp() * alt * sp * (P(":") + "：") * Cp()
    + Cp() * P("【") * sp * alt * sp * P("】") * sp * Cp()
    + Cp() * P("<") * sp * alt * sp * P(">") * sp * Cp()   -- 「＜指標＞…＜現状値＞…」 (folded)
    + Cp() * #bare * field_start * bare * S(" ")^1 * #-S(" ") * Cp()
end
local labels_scan = Ct(((label_p / function(s, k, e) return {s = s, k = k, e = e} end) + uchar)^0)

-- 「92.6%(平成12年度) → 100%(平成18年度)」: an arrow after a value, past a bracket that dates it
local ARROWS = {"→", "⇒", "->", "➡", "⇨"}
local function arrow_after(t, e)
  local rest = ahead(t, e, 240):gsub("^%s+", "")
  rest = rest:gsub("^~", ""):gsub("^%s+", ""):gsub("^%b()", ""):gsub("^%s+", ""):gsub("^%b[]", ""):gsub("^%s+", "")
  return starts(rest, ARROWS) ~= nil
end
local function arrow_before(t, s)
  local head = t:sub(math.max(1, s - 12), s - 1):gsub("%s+$", "")
  for _, a in ipairs(ARROWS) do
    if #head >= #a and head:sub(-#a) == a then return true end
  end
  return false
end

-- a benchmark target: 「前中期目標期間の実績（年平均1,820件）以上」「全国平均以上」「前年度の水準以下」: a level of a
-- period or of others to reach, with no value of its own (kind relative, value nil, `benchmark` the phrase)
local BENCH_HEADS = {"前中長期目標期間", "前中期目標期間", "前中期計画期間", "前計画期間", "前期計画", "前年度", "前年",
  "前期", "全国平均", "全国水準", "国平均", "県平均", "都平均", "府平均", "道平均", "市平均", "全国の平均", "基準年度"}
local BENCH_TAILS = {"実績値", "実績", "平均値", "平均", "水準", "値", "数値"}
local function benchmark(t)
  for _, h in ipairs(BENCH_HEADS) do
    local i = t:find(h, 1, true)
    while i do
      local j = i + #h
      if t:sub(j, j + 2) == "の" then j = j + 3 end
      local w = starts(t:sub(j, j + 12), BENCH_TAILS)
      if w then j = j + #w end
      local br = t:match("^%s*%b()", j)
      local br_s = br and j
      if br then j = j + #br end
      local op = starts(t:sub(j, j + 8):gsub("^%s+", ""), {"以上", "以下"})
      if op and (w or h ~= "基準年度") then
        local e = j + #(t:sub(j):match("^%s*")) + #op
        -- (an average of others, 「全国平均（9.4分）以下」, is a level: the value in its bracket is the target)
        return {s = i, e = e, raw = t:sub(i, e - 1):gsub("%s*%b()%s*", ""), op = op, br_s = br_s, br_e = br_s and j,
          others = h:find("平均", 1, true) ~= nil or h == "全国水準"}
      end
      i = t:find(h, i + #h, true)
    end
  end
end

-- two values of one measure: the same unit, or a share written in 割 and one in %
local function same_measure(a, b)
  return a.unit == b.unit or ((a.unit == "%" or a.unit == "割") and (b.unit == "%" or b.unit == "割"))
end

-- read one clause of tokens into a reading
local function read_clause(t, toks, r)
  groups(t, toks)
  local n = #toks
  local used = {}
  -- source: 「出典：…」 to the end of its bracket or the end of the text; tokens inside are not KPI parts
  for i, k in ipairs(toks) do
    if k.t == "source" and not r.source then
      -- (up to the closing bracket's first byte: 】 is three bytes)
      local stop = k.group and k.group.cs or #t + 1
      local src = strip(t:sub(k.e, stop - 1):gsub("^%s*:", ""))
      if src ~= "" then r.source = src end
      for j = i, n do
        if toks[j].s >= k.s and toks[j].s < stop then used[j] = "source" end
      end
      if k.group then r._cut_source = k.group.s else r._cut_source = k.s end
    end
  end
  local function nextk(i)
    for j = i + 1, n do
      local k = toks[j]
      if not used[j] and k.t ~= "sep" then return k, j end
    end
  end
  local function prevk(i)
    for j = i - 1, 1, -1 do
      local k = toks[j]
      if not used[j] and k.t ~= "sep" and k.t ~= "colon" then return k, j end
    end
  end
  local baseline, target, deadline, ref
  local values = {}
  -- reference year: a date before 比 / と比べ (possibly with 時点 between)
  for i, k in ipairs(toks) do
    if k.t == "date" and not used[i] then
      local a = after(t, k.e, 30)
      a = a:gsub("^%)%s*", "")
      local w = starts(a, {"比", "と比べ", "と比較", "対比", "時点と比べ", "時点比", "実績比", "実績と比べ", "の実績と比べ",
        "に比べ", "と比して", "水準と比べ", "の水準と比べ", "の水準から", "水準から", "調査から", "調査比", "の調査から"})
      if w then ref = k; used[i] = "ref" end
    end
  end
  if not ref and has(t, {"前年度比", "前年比", "前年同期比"}) then r.reference = {previous = true} end
  -- values: baseline when labelled, bracketed with a baseline word, before から or →
  for i, k in ipairs(toks) do
    if k.t == "value" and not used[i] and not k.unit and k.group and k.group.text:sub(1, #"「") == "「"
        and k.group.text:gsub("^「%s*", ""):gsub("%s*」$", "") ~= t:sub(k.s, k.e - 1) then
      -- 「「デジタルを活用した交通社会の未来2022」本文内に記載」: a number in a title
      k.role = "cond"
      used[i] = "cond"
    end
    if k.t == "value" and not used[i] and k.unit and toks[i + 1] and toks[i + 1].t == "value" and toks[i + 1].s == k.e
        and toks[i + 1].unit then
      -- 「5分野13項目」「6要素11項目」: counts that name a list, not the KPI's values
      k.role, toks[i + 1].role = "cond", "cond"
      used[i], used[i + 1] = "cond", "cond"
    end
    if k.t == "value" and not used[i] and k.unit and (k.unit:find("^歳") or k.unit:find("か月児", 1, true)
        or k.unit:find("歳児", 1, true)) then
      -- 「高齢者（65歳以上）の…」: an age names who is counted, it is no value of the KPI
      k.role = "cond"
      used[i] = "cond"
    end
    if k.t == "value" and not used[i] then
      local nk = nextk(i)
      local pk = prevk(i)
      local g = k.group
      local gtext = g and g.text or ""
      local a = after(t, k.e, 12)
      local role
      if nk and (nk.t == "from" and nk.s == k.e + (ahead(t, k.e):match("^%s*") or ""):len()) then role = "baseline"
      elseif starts(a, {"を基準", "を基準値", "を基準とし"}) then role = "baseline"
      elseif (ahead(t, k.e, 120):match("^%s*(%b())%s*から") or ahead(t, k.e, 120):match("^%s*(%b())%s*より") or "")
          :find("%d") then
        role = "baseline"   -- 「約3万世帯（2023年3月末）から」: the value dated in brackets before から
      elseif starts(a, {"だった", "であった", "でした", "となっている", "である"}) then role = "baseline"   -- 「3.1%だった…を」
      elseif arrow_after(t, k.e) and not arrow_before(t, k.s) then role = "baseline"
      elseif arrow_after(t, k.e) then role = "target"   -- 「●→80%(R7)→100%(R10)」: a stage of the chain
      elseif starts(a, {"に比べ", "と比べ", "と比較", "に比して"}) then role = "baseline"   -- 「9.4%に比べて減少」
      elseif g and k.s <= g.s + 16 and behind(t, g.s):match("水準%s*$") then role = "baseline"   -- 「時点の水準（72.4%）」
      elseif g and gtext:match("^%(%s*同") and k.s <= g.s + 12 then role = "baseline"   -- 「(同2897人減)」 the earlier value
      elseif arrow_before(t, k.s) then role = "target"
      elseif a:sub(1, #"見込") == "見込" or (pk and pk.t == "current" and not has_comma(t:sub(pk.e, k.s - 1))) then
        role = "current"
      elseif starts(a, {"("}) and has(t:sub(k.e, k.e + 240):match("^%s*(%b())") or "", {"現在", "時点", "実績", "調査",
          "確定値", "速報値"}) and not has(t:sub(k.e, k.e + 240):match("^%s*(%b())") or "", {"目標", "まで"})
          and not ((t:sub(k.e, k.e + 240):match("^%s*(%b())") or ""):gsub("%d+[-/]%d+[-/]%d+", ""):gsub("%d+年度", "")
            :gsub("%d+年", ""):gsub("%d+月", "")
            :gsub("%d+日", ""):find("%d")) then
        -- 「36.1%（令和3年度調査（2022年3月1日現在））」: a status value
        role = "baseline"
      elseif g and has(gtext, BASE_WORDS) and not has(gtext, {"目標", "までに"}) then role = "baseline"
      elseif pk and (pk.t == "base") and pk.e >= k.s - 40 then
        -- 「現状62%」「基準値：62%」「2024年5月末時点 74.0%」: a baseline word right before the value
        local between = t:sub(pk.e, k.s - 1)
        if not has_comma(between) and not between:find("。", 1, true) and not between:find("までに", 1, true)
            and not between:find("目標", 1, true) then
          role = "baseline"
        end
      end
      if not role and pk and pk.t == "open" then
        -- 「R5実績（32分）から」: the baseline word before the bracket that holds the value
        local pk2 = prevk(select(2, prevk(i)) or 0)
        if pk2 and pk2.t == "base" and pk2.e >= pk.s - 2 then role = "baseline" end
      end
      if not role and pk and pk.t == "date" then
        local pk2 = prevk(select(2, prevk(i)) or 0)
        if pk2 and pk2.t == "base" and pk2.e >= pk.s - 2 then role = "baseline" end
      end
      if k.frac then role = nil end   -- 「現在の4分の1に」: a fraction of a level is the target, never a baseline
      k.role = role or "target"
      if k.role == "target" and starts(ahead(t, k.e), {"ずつ"}) then
        -- 「毎年度2ポイントずつ引き上げ、令和10年度に70%」: the yearly step is the path, a later value the target
        for j = i + 1, n do
          if toks[j].t == "value" and not used[j] then k.role = "part" break end
        end
      end
      if k.role == "target" and starts(ahead(t, k.e), {"の", "が", "を有する", "以上の", "以上で", "以下の", "以下で", "未満の",
          "に1台", "に"}) and not starts(ahead(t, k.e), {"に増", "にする", "にします", "にすること", "になる", "に引き上げ",
          "に高め", "に向上", "に拡大", "に減", "に削減", "に短縮", "とする", "に達", "へ"}) then
        -- a later value of the sentence is the target: this one names what is counted
        for j = i + 1, n do
          if toks[j].t == "value" and not used[j] then k.role = "part" break end
        end
      end
      values[#values + 1] = k
    end
  end
  -- 「…数（R5 120人）をR8までに300人」: a bracketed value before a target outside brackets is the baseline
  local targets = {}
  for _, v in ipairs(values) do if v.role == "target" then targets[#targets + 1] = v end end
  if #targets >= 2 and targets[1].group and not targets[#targets].group then
    local dated = false
    for _, k in ipairs(toks) do if k.t == "date" and k.group == targets[1].group then dated = true end end
    if dated or t:sub(targets[1].group.e, targets[#targets].s - 1):find("まで", 1, true) then
      targets[1].role = "baseline"
    end
  end
  -- 「14年度の808万円を20年度に891万円に伸ばす」: a dated value that is the object of the change
  if #targets >= 2 and not targets[1].group and starts(t:sub(targets[1].e):gsub("^%s+", ""), {"を", "から"})
      and t:sub(1, targets[1].s - 1):match("度の%s*$") or (#targets >= 2 and t:sub(1, targets[1].s - 1):match("年の%s*$")
      and starts(t:sub(targets[1].e):gsub("^%s+", ""), {"を", "から"})) then
    targets[1].role = "baseline"
  end
  -- 「18.8万人(2014年) 20万人」「2,044人(2014年) 2,000人以上」: a value dated in brackets, then an undated one; 「12市町村
  -- (令和2年度) 54市町村 (令和6年度)」: two values of one unit, each dated, the earlier is the status
  if #targets == 2 and not targets[1].group and not targets[2].group then
    local between = t:sub(targets[1].e, targets[2].s - 1)
    local y1, y2 = M.years(between)[1], M.years(t:sub(targets[2].e, targets[2].e + 40):match("^%s*%b()") or "")[1]
    local later = y1 and y2 and targets[1].unit == targets[2].unit and y2.year > y1.year
    if between:match("^%s*%b()%s*$") and y1 and (not y2 or later) then
      targets[1].role = "baseline"
    end
  end
  -- 「令和５年度　8,214件　令和１１年度　15,000件」「R5：延べ320人　R9：延べ1,000人」「R5：3地区　目標（R10）：12地区」: each
  -- value right after a year of its own, the years rising, the first not labelled a target: the first is the status
  if #targets >= 2 then
    local last_date, pairs_ok, prev_year = nil, true, nil
    local ti = 1
    for _, k in ipairs(toks) do
      if ti > #targets then break end
      if k.t == "date" then last_date = k
      elseif k == targets[ti] then
        local gap = last_date and t:sub(last_date.e, k.s - 1):gsub("%s", ""):gsub("延べ", ""):gsub("約", "")
          :gsub("月平均", ""):gsub("年間", ""):gsub("^%)", ""):gsub("^:", "")
        if not gap or gap ~= "" or (prev_year and last_date.year <= prev_year) then pairs_ok = false break end
        if ti == 1 and behind(t, last_date.s, 12):find("目標", 1, true) then pairs_ok = false break end
        prev_year = last_date.year
        ti = ti + 1
      end
    end
    if pairs_ok and ti > #targets and same_measure(targets[1], targets[#targets]) then targets[1].role = "baseline" end
  end
  -- 「…(2013年1.4兆円)」 after a target outside brackets: the bracketed value is the baseline
  targets = {}
  for _, v in ipairs(values) do if v.role == "target" then targets[#targets + 1] = v end end
  if #targets == 2 and not targets[1].group and targets[2].group and same_measure(targets[1], targets[2]) then
    local g = targets[2].group
    local has_date = false
    for _, k in ipairs(toks) do if k.t == "date" and k.group == g then has_date = true end end
    if has_date then targets[2].role = "baseline" end
  end
  -- 「20%台」: from 20% to under 30%
  for _, v in ipairs(values) do
    if v.unit == "%" and type(v.value) == "number" and not v.max and starts(ahead(t, v.e, 4), {"台"}) then
      v.max = v.value + 10
    end
  end
  -- per period: 「（年15件）」「1か月当たり平均10,000件」
  for _, v in ipairs(values) do
    local before = t:sub(math.max(1, v.s - 30), v.s - 1)
    -- 「年2%以上の伸び」「月1,200冊」「月平均500件」「年間2%増」: 年 / 月 right before the value, not a date's
    local function lone(word)
      -- 年 / 月 alone before the value, not the end of a date (「2020年」「令和元年」「3月」)
      local head = before:gsub("%s+$", "")
      if head:sub(-#word) ~= word then return false end
      head = head:sub(1, -#word - 1)
      local prev = head:match("[%z\1-\127\194-\244][\128-\191]*$") or ""
      return not (prev:match("^%d$") or has(prev, {"元", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "毎",
        "間", "各", "同", "前", "昨", "今", "本", "来", "翌", "半", "当"}))
    end
    local lone_year = lone("年") and true or nil
    local lone_month = lone("月") or before:match("月平均%s*$") or before:match("月間%s*$")
    lone_year = lone_year or before:match("年平均%s*$")
    local change = starts(after(t, v.e, 16), {"増", "減", "以上増", "以上減", "の増", "の減"})
    -- (none for zero: 「毎年度0件」 is no count per year)
    if v.value == 0 then before = "" end
    if v.unit and not v.unit:find("/", 1, true) and not before:match("毎年度?%s*$") then
      if lone_month then v.unit = v.unit .. "/月"
      elseif lone_year or (change and (v.unit == "%" or v.unit == "割") and before:match("年間%s*$")) then
        v.unit = v.unit .. "/年"
      end
    end
    if v.unit and v.unit ~= "%" and v.unit ~= "割" and not v.unit:find("/", 1, true) then
      if before:match("%(%s*年%s*$") or (before:match("毎年%s*$") or before:match("毎年度%s*$")) then v.unit = v.unit .. "/年"
      elseif before:find("か月当たり", 1, true) or before:find("月当たり", 1, true) then v.unit = v.unit .. "/月"
      elseif before:find("年当たり", 1, true)
          or ((before:match("年間%s*$") or before:match("年間%s*約%s*$") or before:match("年間%s*延べ%s*$"))
            and not before:match("[0-9]%s*年間"))
          then v.unit = v.unit .. "/年" end
    end
  end
  -- a value in 「比」's clause is a relative target: 「平成30年度比3割削減」「2020年度と比べ2倍」
  for _, v in ipairs(values) do
    local a = after(t, v.e, 16)
    local op = starts(a, {"以上", "以下", "未満", "以内", "超", "程度"})
    if op then v.op = op; a = a:sub(#op + 1):gsub("^%s+", "") end
    local a2 = a:gsub("^の", "")
    local up = starts(a, DIR_UP) or starts(a2, DIR_UP) or starts(a2, {"効率化"})
    local down = starts(a, DIR_DOWN) or starts(a2, DIR_DOWN)
    local sign = t:sub(math.max(1, v.s - 1), v.s - 1)
    local sign3 = t:sub(math.max(1, v.s - 3), v.s - 1)
    if sign3 == "△" or sign3 == "▲" then down = down or sign3 end   -- 「対2020年度比△15%」: a decrease
    if sign == "+" then up = up or "+" elseif sign == "-" and v.s > 1 and not t:sub(1, v.s - 2):match("[0-9]$") then
      down = down or "-"
    end
    if v.role == "target" then
      if up or down then
        v.kind = "relative"; v.dir = up and "increase" or "decrease"
      elseif v.unit == "倍" then
        v.kind = "relative"; v.dir = v.value >= 1 and "increase" or "decrease"
      elseif r.reference and r.reference.previous and v.unit == "%" and type(v.value) == "number"
          and v.value >= 100 then
        -- 「前年比120%」: a multiple of last year's value
        v.kind = "relative"; v.dir = v.value > 100 and "increase" or "maintain"
        v.value = tidy(v.value / 100); v.unit = "倍"
      elseif (ref or r.reference) and (v.unit == "割" or v.unit == "%") and (up or down) then
        v.kind = "relative"
      elseif (v.unit == "%" or v.unit == "割" or v.unit == "ポイント") and behind(t, v.s):match("比%s*$") then
        -- 「対統制群比5%」「前年度比5%」: a value right after 比 is a change against the reference
        v.kind = "relative"
      else
        v.kind = "absolute"
      end
    end
  end
  targets = {}
  for _, v in ipairs(values) do if v.role == "target" then targets[#targets + 1] = v end end
  local ndates = 0
  for _, k in ipairs(toks) do if k.t == "date" and not used[_] then ndates = ndates + 1 end end
  if #targets >= 2 and ndates >= #targets and targets[#targets].unit == targets[1].unit then
    -- 「95%(2023年度)、97%(2025年度)、99%(2030年度)」「2024年度までに1,000団体、2027年度までに1,200団体」
    target = targets[#targets]
    r.milestones = {}
    for i = 1, #targets - 1 do
      r.milestones[i] = {value = targets[i].value, unit = targets[i].unit, raw = t:sub(targets[i].s, targets[i].e - 1)}
    end
    r._staged = true
  end
  for _, v in ipairs(values) do
    if v.role == "target" and not target then target = v end
  end
  if target and target.value == 0 and not target.unit and t:sub(target.s, target.e - 1) == "ゼロ" then
    -- 「未整備世帯をゼロとする」「誤記載件数ゼロ」: the unit of ゼロ is the counted noun before it
    local head = t:sub(1, target.s - 1):gsub("%s+$", "")
    for _, w in ipairs({"を", "が", "は", "の"}) do
      if head:sub(-#w) == w then head = head:sub(1, -#w - 1) break end
    end
    for _, w in ipairs({{"件数", "件"}, {"人数", "人"}, {"者数", "人"}, {"世帯数", "世帯"}, {"世帯", "世帯"},
        {"団体数", "団体"}, {"回数", "回"}, {"件", "件"}, {"人", "人"}}) do
      if #head >= #w[1] and head:sub(-#w[1]) == w[1] then target.unit = w[2] break end
    end
  end
  if target and target.value ~= nil and (target.kind or "absolute") == "absolute" then
    -- 「全47都道府県」「全150台」: 全 before the count; 「全課（28課）」: the count of an "all" in brackets
    local before = t:sub(math.max(1, target.s - 3), target.s - 1)
    local all_before
    for i, k in ipairs(toks) do
      if k.t == "all" and not used[i] and target.group and k.e == target.group.s then all_before = i end
    end
    -- 「主要26手続について、…全てオンラインで」: a bare 全て after the count; 「標準化対象20業務のうち移行済み業務数 …→ 20業務」:
    -- the total the indicator counts out of
    local all_after, total = false, false
    for i, k in ipairs(toks) do
      if k.t == "all" and not used[i] and k.s > target.e and (k.w:sub(1, #"全て") == "全て"
          or k.w:sub(1, #"すべて") == "すべて") then all_after = i end
    end
    for _, k in ipairs(toks) do
      if k.t == "value" and k ~= target and k.s < target.s and k.value == target.value and k.unit == target.unit
          and starts(ahead(t, k.e), {"のうち"}) then total = true end
    end
    if before == "全" or all_before or all_after or total then
      target.kind = "all"
      if all_before then used[all_before] = "target" end
      if all_after then used[all_after] = "target" end
    end
  end
  for _, v in ipairs(values) do
    if (v.role == "baseline") and not baseline then baseline = v end
  end
  if not baseline then
    for _, v in ipairs(values) do
      if v.role == "current" and not baseline then baseline = v end
    end
  end
  -- a benchmark outside brackets is the target; a value in brackets beside it is the status (「全国平均以上にする
  -- （2023年：県41.2%、全国52.7%）」)
  do
    local b = benchmark(t)
    local level   -- the value in the benchmark's own bracket
    for _, v in ipairs(values) do
      if b and b.br_s and v.s > b.br_s and v.s < b.br_e then level = v end
    end
    if b and b.others and level then
      -- 「全国平均（9.4分）以下とする」: the average's value is the level to reach
      if baseline == level then baseline = nil end
      level.role = "target"
      target = level
      target.kind, target.op, target.dir = "absolute", b.op, b.op == "以上" and "increase" or "decrease"
      r.milestones, r._staged = nil, nil
    elseif b and (not target or (target.group and (b.s < target.group.s or b.s >= target.group.e))) then
      if target and target.group then
        -- the first value of the bracket beside the benchmark is the status (「（2023年：県41.2%、全国52.7%）」)
        local first
        for _, v in ipairs(values) do
          if v.group == target.group and (v.role == "target" or v == baseline) and not first then first = v end
        end
        if first and (not baseline or (baseline.group == first.group and first.s < baseline.s)) then
          if baseline then baseline.role = "part" end
          first.role = "baseline"; baseline = first
        end
      end
      r.milestones, r._staged = nil, nil
      target = {s = b.s, e = b.e, kind = "relative", unit = baseline and baseline.unit or nil, raw = b.raw,
        benchmark = b.raw, op = b.op, dir = b.op == "以上" and "increase" or "decrease"}
      r._bench_pos = b.s
    end
  end
  -- relative words without a value (倍増, 半減)
  if not target then
    for i, k in ipairs(toks) do
      if k.t == "relword" and not used[i] then
        -- 倍増 = 2倍; 半減 = a 50% decrease
        target = {s = k.s, e = k.e, kind = "relative", value = k.w == "倍増" and 2 or 50,
          unit = k.w == "倍増" and "倍" or "%", dir = k.w == "倍増" and "increase" or "decrease", raw = k.w}
        break
      end
    end
  end
  -- 「…を解消する」「ゼロにする」 with a status to start from: the target is none left
  if not target and baseline and has(t, {"解消", "ゼロに", "なくす", "根絶"}) then
    target = {s = baseline.e, e = baseline.e, kind = "absolute", value = 0, unit = baseline.unit, raw = "0"}
  end
  -- "all" targets
  if not target then
    for i, k in ipairs(toks) do
      if k.t == "all" and not used[i] then
        local unit = k.w:gsub("^概ね", ""):gsub("^おおむね", ""):gsub("^ほぼ", ""):gsub("^全ての", "")
          :gsub("^すべての", ""):gsub("^全て", ""):gsub("^すべて", ""):gsub("^全", ""):gsub("^各", "")
        target = {s = k.s, e = k.e, kind = "all", unit = unit ~= "" and unit or nil, raw = k.w}
        break
      end
    end
  end
  -- 「令和元年の水準（年間延べ12万人）を令和7年まで維持する」: a level to keep is the target
  if not target and baseline and (t:find("維持", 1, true) or t:find("保つ", 1, true)) then
    target = {s = baseline.s, e = baseline.e, value = baseline.value, max = baseline.max, unit = baseline.unit,
      kind = "absolute", raw = t:sub(baseline.s, baseline.e - 1)}
  end
  -- dates: the baseline's, the deadline
  local dates = {}
  for i, k in ipairs(toks) do
    if k.t == "date" and not used[i] then dates[#dates + 1] = {k = k, i = i} end
  end
  local bdate
  if baseline then
    local g = baseline.group
    for _, d in ipairs(dates) do
      local k = d.k
      if g and k.group == g and (k.s < baseline.s or not bdate) then
        if not bdate or bdate.k.s > baseline.s or k.s < baseline.s then bdate = d end
      end
    end
    if not bdate then
      -- the date right before the baseline value (「2023年度の62%から」「2024年5月末時点 74.0%」) or right after it in
      -- brackets (「基準値：18.5%（令和4年度）」)
      for _, d in ipairs(dates) do
        local k = d.k
        if k.e <= baseline.s and baseline.s - k.e <= 24 and not t:sub(k.e, baseline.s - 1):find("までに", 1, true)
          and not has_comma(t:sub(k.e, baseline.s - 1)) then bdate = d end
      end
    end
    if not bdate then
      for _, d in ipairs(dates) do
        local k = d.k
        if k.s >= baseline.e and k.s - baseline.e <= 5 and t:sub(baseline.e, k.s - 1):find("^%s*~?%s*%(") then
          bdate = d
          break
        end
      end
    end
    if bdate then
      used[bdate.i] = "baseline"
      baseline.year, baseline.fiscal, baseline.month = bdate.k.year, bdate.k.fiscal, bdate.k.month
    end
  end
  -- the deadline: a date followed by までに/まで/末/中/目途/に …; else the date sitting with the target; else the
  -- last date that is not a baseline's or a budget's
  local best, fallback
  for _, d in ipairs(dates) do
    local k = d.k
    if not used[d.i] then
      local a = after(t, k.e, 24)
      local no = starts(a, NOT_DEADLINE)
      if no == "から" then
        -- 「2022年度から2026年度まで」: a start year; 「2023年度の62%から」 was taken by the baseline
        no = "から"
      end
      if (k.edge == "末" or k.edge == "中") and not (no == "時点" or no == "現在" or no == "実績" or no == "見込") then
        no = nil
      end
      -- 「2018年度中を目途に数値目標をKPIとして設定する」「令和5年度を目途に目標時期、目標値の明確化を行う」: the year
      -- a KPI is to be set is no deadline
      local clause = ahead(t, k.e, 600)
      clause = clause:sub(1, (clause:find("。", 1, true) or #clause + 1) - 1)
      if has(clause, {"として設定", "を設定", "に設定", "設定する", "設定予定", "の明確化", "の設定"})
          and has(clause, {"目標", "KPI", "指標"}) then
        no = "設定"
      end
      -- 「（令和9年度調査）」: the survey of the year that closes the KPI measures the target; 「（令和7年度の各月）」
      if no and k.group and (starts(a, {"調査)", "調査】"}) or starts(a, {"の各月", "の各四半期", "の各年度"})) then
        no = nil
      end
      -- the end of a span 「令和6年度～令和8年度（の各年度）」 is the deadline
      local span_end = t:sub(math.max(1, k.s - 8), k.s - 1):match("~%s*$") and starts(a, {"の", ")", "まで", "に", "、"})
      if span_end then no = nil end
      if not no then
        if span_end or starts(a, {"までに", "まで", "目途", "を目途", "目標", "を目指", "予定"}) or k.edge == "末"
            or k.edge == "中" then
          best = d
        elseif not fallback or (target and math.abs(k.s - target.s) < math.abs(fallback.k.s - target.s)) then
          fallback = d
        end
      end
    end
  end
  -- 「令和4年度の二酸化炭素排出量を平成25年度比8%削減」「2040年時点において…改善を目指す」: the year that opens
  -- the sentence is the target's
  if not best and not fallback then
    for _, d in ipairs(dates) do
      local k = d.k
      -- (or after the reference it is compared with: 「H30比で、令和6年度の…」)
      local lead = #t:match("^%s*") + 1
      if ref and ref.s == lead then
        lead = t:match("^比で?%s*()", ref.e) or lead
        lead = t:match("^、%s*()", lead) or t:match("^,%s*()", lead) or lead
      end
      if not used[d.i] and k.s == lead then
        local a = after(t, k.e, 24)
        if starts(a, {"の", "時点において", "時点で", "時点に"}) then best = d end
      end
    end
  end
  -- a KPI with no target has a deadline only where one is marked (までに, 末, 目途 …): 「（参考：2022年度 234件、2023年度
  -- 250件見込）」 dates a status and a forecast
  if not target and #values > 0 then fallback = nil end
  deadline = best or fallback
  -- 「…5営業日以内とする（令和7年度から）」: a target that holds from a year on, the only year of the KPI, applies
  -- from that year (not 「2023年度の62%から」, the baseline's, nor 「令和6年度から令和8年度まで」, a span)
  if not deadline and target and #dates == 1 and not used[dates[1].i] then
    local a = after(t, dates[1].k.e, 12)
    if starts(a, {"から", "より"}) and not starts(a:sub(7):gsub("^%s+", ""), {"の"}) then
      local rest = a:gsub("^から", ""):gsub("^より", ""):gsub("^%s+", "")
      if rest == "" or starts(rest, {")", "、", "。", ","}) then deadline = dates[1] end
    end
    -- 「（令和7年度以降毎年度）」「（…、2025年度以降）」「（令和7年4月以降の申請分）」: the same, with 以降 in brackets
    if starts(a, {"以降"}) and dates[1].k.group then deadline = dates[1] end
  end
  -- 「来年度末までに」「本年度中に」: a deadline relative to the plan's year
  if not deadline then
    for i, k in ipairs(toks) do
      if k.t == "reldate" and not used[i] then
        r.deadline = {relative = k.w, raw = k.w}
        break
      end
    end
  end
  if r._staged and target then
    -- the date of the last stage: in its bracket, or the nearest one before it
    local own
    for _, d in ipairs(dates) do
      if not used[d.i] and d.k.s >= target.e and d.k.s - target.e <= 8
          and t:sub(target.e, d.k.s - 1):match("^%s*%(%s*$")
      then own = d break end
    end
    if not own then
      for _, d in ipairs(dates) do
        if not used[d.i] and ((target.group and d.k.group == target.group) or (d.k.e <= target.s
            and target.s - d.k.e <= 24 and not has_comma(t:sub(d.k.e, target.s - 1)))) then own = d end
      end
    end
    deadline = own or deadline
  end
  if deadline then used[deadline.i] = "deadline" end
  -- recurring targets need no deadline
  for i, k in ipairs(toks) do
    if k.t == "recur" and not used[i] then r.recurring = k.w end
  end
  if not r.recurring and t:match("%f[^%(]年%s*[0-9]") then r.recurring = "年" end
  if target then
    r.target = {value = target.value, max = target.max, unit = target.unit, kind = target.kind or "absolute",
      fiscal = deadline and deadline.k.fiscal or nil,
      op = target.op, dir = target.dir, raw = target.raw or t:sub(target.s, target.e - 1), benchmark = target.benchmark}
    r._target_pos = target.s
  end
  if baseline then
    -- 「2020年度は-1.2%」「マイナス1ポイント」「▲3%」: a status below zero
    local sign = t:sub(math.max(1, baseline.s - 9), baseline.s - 1)
    local negative = sign:match("[^0-9]%-$") or sign == "-" or sign:match("マイナス$") or sign:match("▲$")
    if negative and type(baseline.value) == "number" and baseline.value > 0 then
      baseline.value = -baseline.value
    end
    r.baseline = {value = baseline.value, max = baseline.max, unit = baseline.unit, year = baseline.year,
      fiscal = baseline.fiscal, month = baseline.month, current = baseline.role == "current" or nil,
      raw = t:sub(baseline.s, baseline.e - 1)}
  end
  if deadline and deadline.k then
    local k = deadline.k
    r.deadline = {year = k.year, fiscal = k.fiscal, month = k.month, edge = k.edge, from = k.from,
      raw = t:sub(k.s, k.e - 1)}
  end
  if ref then r.reference = {year = ref.year, fiscal = ref.fiscal, raw = t:sub(ref.s, ref.e - 1)} end
  r.values = {}
  for _, v in ipairs(values) do
    local y = v == target and deadline and deadline.k or (v == baseline and bdate and bdate.k) or nil
    r.values[#r.values + 1] = {value = v.value, max = v.max, unit = v.unit, kind = v.role,
      year = y and y.year, fiscal = y and y.fiscal or false, raw = t:sub(v.s, v.e - 1)}
  end
  r._toks = toks
end

local TAIL = {"において", "について", "における", "につき", "では", "を", "は", "が", "で", "の", "に", "へ", "、", ",",
  ":", ";", " ", "・", "=", "|", "○", "目標", "○ 目標", "年間", "毎年度", "毎年", "各年度", "月平均", "約"}
local function trim_tail(ind)
  local j = #ind
  local changed = true
  while changed do
    changed = false
    for _, w in ipairs(TAIL) do
      if j > #w and ind:sub(j - #w + 1, j) == w then j = j - #w; changed = true end
    end
  end
  return ind:sub(1, j)
end

-- the indicator: the text before the first part of the KPI (a value, a date, a bracket holding one, 「を」 before
-- one), with a leading deadline phrase 「2026年度までに、」 and a label 「KPI（効果）：」 skipped
local function indicator_of(t, toks)
  local first = #t + 1
  local start = 1
  -- leading label, quote, adverb or period: 「KPI（効果）：」「「…」」「遅くとも」「計画期間中に」「今後5年間で」
  local lab = t:match("^%s*KPI%s*%b()%s*:%s*()") or t:match("^%s*KP?G?I%s*:%s*()")
    or t:match("^[^—]-KPI[^—]*—%s*()")   -- 「DX KPI #4 — Cloud adoption rate …」
  if lab then start = lab end
  local changed = true
  -- (patterns anchored at start, never a copy of the rest: a text of many 「毎年」 stays linear)
  while changed do
    changed = false
    local skip
    for _, pat in ipairs({"^%s*「()", "^%s*遅くとも()", "^%s*計画期間中に()", "^%s*計画期間内に()", "^%s*今後%d+年間で()",
        "^%s*今後%d+年で()", "^%s*%d+年間で()", "^%s*毎年度()", "^%s*毎年()", "^%s*中長期目標期間中()",
        "^%s*中期目標期間中()", "^%s*中期計画期間中()", "^%s*計画期間中()"}) do
      skip = t:match(pat, start)
      if skip then break end
    end
    if skip then
      start = t:match("^%s*、%s*()", skip) or t:match("^%s*,%s*()", skip) or t:match("^%s*()", skip)
      changed = true
    end
  end
  -- leading span: 「令和6年度から令和8年度まで毎年度、」
  for i, k in ipairs(toks) do
    if k.s >= start then
      local k2 = toks[i + 1]
      if k2 and (k2.t == "from" or k2.t == "sep") then k2 = toks[i + 2] end
      if k.t == "date" and t:sub(start, k.s - 1):match("^%s*$") and starts(t:sub(k.e):gsub("^%s+", ""), {"から", "~"})
          and k2 and k2.t == "date" and k2.s - k.e <= 8 then
        local rest = t:sub(k2.e):gsub("^%s+", "")
        local w = starts(rest, {"までに", "まで"})
        if w then
          start = k2.e + #(t:sub(k2.e):match("^%s*")) + #w
          local each_year = t:sub(start):match("^%s*毎年度%s*()") or t:sub(start):match("^%s*各年度%s*()")
          if each_year then start = start + each_year - 1 end
          local comma = t:sub(start):match("^%s*、%s*()") or t:sub(start):match("^%s*,%s*()")
          if comma then start = start + comma - 1 end
        end
      end
      break
    end
  end
  -- leading deadline: 「2026年度までに、」 「令和7年度末までに」
  for _, k in ipairs(toks) do
    if k.s >= start then
      if (k.t == "date" or k.t == "reldate") and t:sub(start, k.s - 1):match("^%s*$") then
        local rest = t:sub(k.e)
        local w = starts(rest:gsub("^%s+", ""), {"までに、", "までに,", "までに", "に、", "に,", "中に、", "末までに、",
          "末までに", "を目途に、", "を目途に", "目途に", "比で、", "比で", "比、", "中に", "には、", "には", "に"})
        if w then
          local lead = #(rest:match("^%s*"))
          start = k.e + lead + #w
          start = start + #(t:sub(start):match("^%s*"))
        end
      end
      break
    end
  end
  -- a leading 「令和4年度の」 is the deadline, not the indicator
  for _, k in ipairs(toks) do
    if k.s >= start then
      if k.t == "date" and t:sub(start, k.s - 1):match("^%s*$") and starts(t:sub(k.e), {"の"}) then
        start = k.e + #"の"
      end
      break
    end
  end
  -- a leading 「毎年度」「年間」 is the period, not the indicator
  for _, k in ipairs(toks) do
    if k.t == "recur" and k.s >= start and k.s - start <= 8 and t:sub(start, k.s - 1):match("^%s*$") then
      start = k.e
    end
  end
  local seen_part = false   -- a value or a date since start, before the token at hand
  -- a baseline word is a part when a value or a date follows it closely (「現状（2023年度）62%」), not inside a name
  -- (「ウェブアクセシビリティ基準（JIS X 8341-3:2016…）に準拠した…」)
  local function base_part(i)
    local k = toks[i]
    for j = i + 1, #toks do
      local x = toks[j]
      if x.s > k.e + 40 then break end
      if x.t == "value" or x.t == "date" then return true end
    end
    return t:sub(k.e):match("^%s*:") ~= nil
  end
  for ki, k in ipairs(toks) do
    -- 「地方→東京圏転入 6万人減」: an arrow between names, with no value or date before it, is part of the name
    local bare_arrow = k.t == "arrow" and not seen_part
    if k.s >= start and (k.t == "value" or k.t == "date") then seen_part = true end
    if k.s >= start and ((k.t == "value" and k.role ~= "part" and k.role ~= "cond") or k.t == "date"
        or k.t == "reldate" or (k.t == "arrow" and not bare_arrow)
        or k.t == "relword"
        or (k.t == "all" and k.s > start) or (k.t == "base" and base_part(ki)) or k.t == "source"
        or k.t == "current") then
      first = math.min(first, k.s)
      break
    end
  end
  -- 「…最終年度において、令和5年度比で一般管理費を15％以上、…」: after a reference year the object of the change is
  -- the indicator
  for _, k in ipairs(toks) do
    if k.s >= first then
      if k.s == first and k.t == "date" then
        local p = t:match("^%s*比()", k.e)
        p = p and (t:match("^で()", p) or p)
        p = p and (t:match("^%s*、()", p) or t:match("^%s*,()", p) or p)
        local x, after_wo
        if p then x, after_wo = t:match("^%s*(.-)を()", p) end
        if x and (x:find("[%d,()]") or x:find("、", 1, true) or #x > 60) then x = nil end
        local nv = after_wo and t:match("^%s*()%d", after_wo)
        if x and nv and (utf8.len(x) or 0) >= 2 then return strip(trim_tail(x)) end
      end
      break
    end
  end
  local ind = t:sub(start, first - 1)
  -- cut before a bracket that holds a part of the KPI
  local cut = #ind + 1
  -- (each opening bracket before the first part, with the first closing bracket after it, in one pass)
  local pending = {}
  local function settle(close)
    for _, g in ipairs(pending) do
      if not close or close.s >= first then cut = math.min(cut, g.s - start + 1) end
    end
    pending = {}
  end
  for _, k in ipairs(toks) do
    if k.t == "close" and #pending > 0 then settle(k) end
    if k.t == "open" and k.s >= start and k.s < first then pending[#pending + 1] = k end
  end
  settle(nil)
  ind = ind:sub(1, cut - 1)
  -- 「…を」「…は」「…が」 before the first part
  ind = ind:gsub("%s+$", "")
  -- 「…の利用数を試行時点…」「…数を増加させる」: what follows the last を up to the first part is not the
  -- indicator unless it is a clause of its own (「…を設置した地方公共団体数」)
  local last_wo
  for i in ind:gmatch("()を") do last_wo = i end
  if last_wo then
    local tail = ind:sub(last_wo + #"を")
    if not has(tail, {"した", "する", "している", "された", "される", "できる", "れた", "の", "行う", "行った", "受けた",
        "持つ", "有する", "使った", "用いた", "通じた"}) or starts(tail, DIR_UP) or starts(tail, DIR_DOWN)
        or starts(tail, {"倍増", "半減", "達成", "維持"})
        -- 「…期間を中期目標期間の最終年度（令和11年度）までに」: a time to reach the target, not a clause of the name
        or has_end(tail, {"最終年度", "期間中", "期間内", "終了時", "終了時点", "最終年"}) then
      ind = ind:sub(1, last_wo - 1)
    end
  end
  -- notes and definitions after the name: 「…の整備状況 ※…」「…自治体 ●」「…登録者数 養成講座を修了し…」
  for _, w in ipairs({"※", "●", "【"}) do
    local i = ind:find(w, 1, true)
    if i and i > 1 then ind = ind:sub(1, i - 1) end
  end
  local sp1 = ind:find(" ", 1, true)
  if sp1 and sp1 > 1 and has_end(trim_tail(ind:sub(1, sp1 - 1)), {"率", "数", "割合", "者数", "件数"}) then
    ind = ind:sub(1, sp1 - 1)
  end
  ind = ind:gsub("^・", "")
  ind = trim_tail(ind)
  -- 「地方移住の推進:年間移住あっせん件数」「…の均衡 ○ 目標」: a topic before a colon or a 目標 label
  local o = ind:find("○", 1, true)
  if o and o > 1 then ind = trim_tail(ind:sub(1, o - 1)) end
  local depth, last_colon = 0, nil
  for i = 1, #ind do
    local c = ind:sub(i, i)
    if c == "(" then depth = depth + 1 elseif c == ")" then depth = depth - 1
    elseif c == ":" and depth == 0 then last_colon = i end
  end
  if last_colon and last_colon < #ind then ind = ind:sub(last_colon + 1) end
  -- 「…の整備（5Gの人口カバー率）」: a bracket at the end naming a rate or count is the indicator
  local inner = ind:match("%(([^()]*)%)$")
  if inner and (inner:find("率$") or inner:find("数$") or inner:find("割合$"))
      and not has_end(trim_tail(ind:sub(1, #ind - #inner - 2)), COUNTABLE) then ind = inner end
  -- 「道路メッシュカバー率（道路を含むメッシュ※…」: a bracket the KPI's parts cut open is a definition
  do
    local d, open_at = 0, nil
    for i = 1, #ind do
      local c = ind:sub(i, i)
      if c == "(" then d = d + 1; if d == 1 then open_at = i end
      elseif c == ")" then d = math.max(0, d - 1) end
    end
    if d > 0 and open_at and open_at > 1 then ind = ind:sub(1, open_at - 1) end
  end
  -- 「中小水力発電施設の新規開発などにより、電力自給率」「…地方公共団体のうち、…団体の割合」: a leading clause ended by
  -- 「、」 before the measured noun is not the indicator (a comma inside brackets or quotes does not count)
  do
    local d, last_comma = 0, nil
    local i = 1
    while i <= #ind do
      local c3 = ind:sub(i, i + 2)
      local c = ind:sub(i, i)
      if c == "(" or c3 == "「" or c3 == "『" then d = d + 1
      elseif c == ")" or c3 == "」" or c3 == "』" then d = math.max(0, d - 1)
      elseif c3 == "、" and d == 0 and ind:sub(i - 3, i - 1) ~= "」" and ind:sub(i + 3, i + 5) ~= "「" then
        -- (not a comma between quoted names: 「…」、「…」)
        last_comma = i
      end
      i = i + ((c:byte() or 0) >= 0xE0 and 3 or 1)
    end
    if last_comma then
      -- only a clause that ends as an adverbial (により、 のうち、 について、 …), not a relative clause that goes on to
      -- qualify the noun (「ガバメントクラウド上で提供される、データを利活用した…数」)
      local tail = strip(ind:sub(last_comma + #"、"))
      local lead = ind:sub(1, last_comma - 1)
      local adverbial = has_end(lead, {"により", "によって", "のうち", "について", "については", "に関して", "を見据え",
        "を踏まえ", "に応じ", "において", "では", "には", "ため", "として", "を通じ", "を除き", "を含め", "に向け", "に向けて",
        "ついて", "ながら"})
      -- (a duration is measured too, 「申請受付から審査結果通知までの期間」, not the plan's period 「前中期目標期間」)
      local measured = has_end(trim_tail(tail), COUNTABLE)
        or (has_end(tail, {"期間"}) and not has_end(tail, {"目標期間", "計画期間", "実施期間", "対象期間"}))
      if adverbial and (utf8.len(tail) or 0) >= 3 and measured then ind = tail
      elseif has_end(lead, {"について", "については", "に関して"}) and not measured then
        -- 「特許出願件数について、中長期目標期間中に累計150件以上」: the topic names the count, the rest is when
        local topic = trim_tail(lead:gsub("について$", ""):gsub("については$", ""):gsub("に関して$", ""))
        if has_end(topic, COUNTABLE) then ind = topic end
      end
    end
  end
  -- 「…出生率「希望出生率」」: a name in quotes at the end is the indicator's own name
  local quoted
  if ind:sub(-#"」") == "」" then
    local q
    for i in ind:gmatch("()「") do q = i end
    if q then quoted = ind:sub(q + #"「", -#"」" - 1) end
    if quoted and quoted:find("「", 1, true) then quoted = nil end
  end
  if quoted and #quoted < #ind - 6 and has_end(quoted, COUNTABLE) then ind = quoted end
  ind = strip(ind)
  -- 「4K・8Kの視聴可能世帯の増加」「アクセス数の向上」: the indicator is what is to change, not the change
  for _, w in ipairs({"の増加", "の向上", "の拡大", "の減少", "の削減", "の低減", "の縮減", "の改善", "の上昇", "の短縮"}) do
    local head = ind:sub(1, #ind - #w)
    if #ind > #w + 3 and ind:sub(-#w) == w and has_end(trim_tail(head), COUNTABLE) then ind = head break end
  end
  if ind == "" then
    -- the value comes first (「1,200システムをガバメントクラウドへ移行」「毎年度5～10業務の業務改革を実施」): what follows
    -- the first value names what is counted
    for _, k in ipairs(toks) do
      if k.t == "value" and k.s >= start then
        local rest = t:sub(k.e):gsub("^%s+", "")
        for _, w in ipairs({"程度", "以上", "以下", "前後", "規模", "余り", "強", "約", "だった", "であった"}) do
          if rest:sub(1, #w) == w then rest = rest:sub(#w + 1) break end
        end
        for _, w in ipairs({"の", "を"}) do
          if rest:sub(1, #w) == w then rest = rest:sub(#w + 1) end
        end
        local cut2 = #rest + 1
        for _, w in ipairs({"(", "、", "。", "(", "までに", "を"}) do
          local i = rest:find(w, 1, true)
          if i and i < cut2 and (w ~= "を" or i > 1) then cut2 = i end
        end
        ind = strip(trim_tail(rest:sub(1, cut2 - 1)))
        break
      end
    end
    if ind == "" then return nil end
  end
  return ind
end

-- the predicate that closes a milestone: 「…を稼働させる」「…を25年度までに完成」「…が定着」「…の整備を目指す」
local predicate = (P("を") + "が" + "までに" + "に" + "中に") * sp * C((kanji + kata)^1)
  * (P("させる") + "する" + "します" + "を目指す" + "を図る" + "を実現する" + P(true)) * sp * P("。")^-1 * sp * -1
local predicate_at = P({Cp() * predicate + uchar * lpeg.V(1)})

local function read(t, r)
  local toks = scan:match(t) or {}
  read_clause(t, toks, r)
  r.indicator = indicator_of(t, toks)
  if r._bench_pos and r.indicator then
    -- (the indicator ends before the benchmark: 「…件数について、前中期目標期間の実績以上」)
    local i = t:find(r.indicator, 1, true)
    if i and i < r._bench_pos and i + #r.indicator > r._bench_pos then
      r.indicator = strip(trim_tail(t:sub(i, r._bench_pos - 1)))
      if r.indicator == "" then r.indicator = nil end
    end
  end
  r._bench_pos = nil
  -- a milestone (no value): the indicator is the thing and what is done with it, 「新システムの稼働」
  if r.indicator and not r.target and #(r.values or {}) == 0 then
    local _, verb = predicate_at:match(t)
    -- not a direction (「アクセス数を増加させる」 names a count to raise: its indicator is the count)
    if verb and utf8.len(verb) and utf8.len(verb) <= 6 and not has(verb, DIR_UP) and not has(verb, DIR_DOWN) then
      local ind = r.indicator
      -- 「…を完了する」 kept in the indicator: 「…の完了」
      for _, sfx in ipairs({"させる", "する", "します", ""}) do
        for _, pt in ipairs({"を", "が"}) do
          local tail = pt .. verb .. sfx
          if #ind > #tail and ind:sub(-#tail) == tail then ind = ind:sub(1, -#tail - 1) break end
        end
        if ind ~= r.indicator then break end
      end
      if ind ~= r.indicator or not ind:find(verb, 1, true) then r.indicator = ind .. "の" .. verb end
    end
  end
  r._toks = nil
end

-- the 政策評価 layout: 「測定指標：…　基準値：…（令和4年度）　目標値：…　目標年度：令和8年度」
local function read_labelled(t, r)
  local all = labels_scan:match(t) or {}
  local labs = {}
  -- (a label inside brackets is no field; the brackets before each label are counted as the scan goes on)
  local opens, closes, from = 0, 0, 1
  for _, l in ipairs(all) do
    local pre = t:sub(from, l.s - 1)
    opens = opens + select(2, pre:gsub("%(", ""))
    closes = closes + select(2, pre:gsub("%)", ""))
    from = l.s
    if opens <= closes then labs[#labs + 1] = l end
  end
  local kinds = {}
  for _, l in ipairs(labs) do kinds[l.k] = true end
  local count = 0
  for _ in pairs(kinds) do count = count + 1 end
  if count < 2 or not (kinds.target or kinds.deadline) then return false end
  local fields = {}
  for i, l in ipairs(labs) do
    local stop = labs[i + 1] and labs[i + 1].s or #t + 1
    local f = strip(t:sub(l.e, stop - 1))
    -- (of two fields of one kind the one with a number: 「達成すべき目標：…の迅速化　…　目標値：95％以上」)
    if not fields[l.k] or (not fields[l.k]:find("%d") and f:find("%d")) then fields[l.k] = f end
  end
  local head = strip(t:sub(1, labs[1].s - 1))
  -- 「【現状値】R5：18件　【目標値】R9：40件　企業誘致件数（累計）」: the indicator after the last field's value
  if head == "" and not fields.indicator then
    local last = labs[#labs]
    local f = fields[last.k]
    local lastv
    for _, k in ipairs(scan:match(f) or {}) do
      if k.t == "value" or k.t == "date" then lastv = k end
    end
    if lastv then
      local rest = strip((f:sub(lastv.e):gsub("^%s*%b()", "")))
      if (utf8.len(rest) or 0) >= 3 and has_end(trim_tail((rest:gsub("%s*%b()$", ""))), COUNTABLE) then
        head = rest
        fields[last.k] = strip(f:sub(1, #f - #rest))
      end
    end
  end
  local function first(field, kind)
    if not field then return nil end
    for _, k in ipairs(scan:match(field) or {}) do
      if k.t == kind then k.raw = field:sub(k.s, k.e - 1); return k end
    end
  end
  r.indicator = fields.indicator or (head ~= "" and head) or nil
  -- 「中間目標：2025年度 40%、最終目標：2027年度 70%（…を利用するサービスの割合）」: the indicator in a closing bracket
  if not r.indicator and fields.target then
    local inner = fields.target:match("%(([^()]*)%)%s*$")
    if inner and has_end(inner, COUNTABLE) then
      r.indicator = inner
      fields.target = fields.target:sub(1, #fields.target - #inner - 2)
    end
  end
  if r.indicator then r.indicator = indicator_of(r.indicator, scan:match(r.indicator) or {}) or r.indicator end
  if fields.milestone then
    local mv = first(fields.milestone, "value")
    if mv then r.milestones = {{value = mv.value, unit = mv.unit, raw = mv.raw}} end
  end
  local bv, bd = first(fields.baseline, "value"), first(fields.baseline, "date") or first(fields.baseline_year, "date")
  if bv then
    r.baseline = {value = bv.value, max = bv.max, unit = bv.unit, raw = bv.raw}
    if bd then r.baseline.year, r.baseline.fiscal, r.baseline.month = bd.year, bd.fiscal, bd.month end
  end
  local tv = first(fields.target, "value")
  local tsub = {}
  if fields.target then read_clause(fields.target, scan:match(fields.target) or {}, tsub) end
  if tsub.target then
    r.target = tsub.target
  elseif tv then
    r.target = {value = tv.value, max = tv.max, unit = tv.unit, kind = "absolute", raw = tv.raw}
  end
  local dd = first(fields.deadline, "date") or (tsub.deadline and tsub.deadline) or nil
  if dd then r.deadline = {year = dd.year, fiscal = dd.fiscal, month = dd.month, edge = dd.edge, raw = dd.raw} end
  if fields.source then r.source = fields.source end
  r.recurring = tsub.recurring
  if fields.unit and r.target and not r.target.unit then r.target.unit = M.UNITS[fields.unit] or fields.unit end
  r.values = {}
  if r.baseline then
    r.values[#r.values + 1] = {value = r.baseline.value, unit = r.baseline.unit, kind = "baseline",
      year = r.baseline.year, fiscal = r.baseline.fiscal or false, raw = r.baseline.raw}
  end
  if r.target and r.target.value then
    r.values[#r.values + 1] = {value = r.target.value, unit = r.target.unit, kind = "target",
      year = r.deadline and r.deadline.year, fiscal = r.deadline and r.deadline.fiscal or false, raw = r.target.raw}
  end
  r.layout = "labelled"
  return true
end

-- a header row and its data row flattened into one line, cells set apart by tabs or |: 「指標名	現状値（令和5年度）
-- 目標値（令和10年度）	…件数	4,820件	15,000件」「指標	基準値	目標値	出典	…日数	12.4日（R5）	5日以内（R9）	業務統計」
-- 「指標名	実績(R5)	R6	R7	R8	…設置数（か所）	1	3	6	10」. The leading run of header cells (a column name or a bare
-- year) names the cells after it, one for one, or one for one after the indicator when the header has no
-- indicator column; the last 目標 (or year) column holds the target, the earlier ones its milestones.
-- Without tabs or |, cells set apart by spaces (and 「 / 」) when the line starts with two header cells: 「指標名 基準値
-- 目標値 目標年度 …整備率 62.5% 100% 2026年度」; cells more than the header's under an indicator column are spaces
-- inside the indicator (joined again, when they hold no value). Data of twice or more the header's width are
-- several rows, a KPI each (`kpis`). Columns of a row number, the measure, the change or a direction arrow (番号,
-- 施策, 増減, 方向性) are skipped; a 基準年度 column dates the baseline; 「全市町村」 in a target cell is an "all" target.
-- A trailing definition cell 「指標の説明 …」 is no data. 当初値 is a baseline; a bare year under 目標年度 the deadline.
local HEADER_WORDS = {"指標", "現状", "基準", "目標", "実績", "単位", "出典", "年度", "項目", "当初", "番号", "KPI", "施策",
  "期限", "増減", "方向", "備考", "達成"}
local NOTE_CELLS = {["指標の説明"] = true, ["説明"] = true, ["定義"] = true, ["指標の定義"] = true}
-- columns whose cells are no part of the KPI: a row number, the measure a KPI belongs to, the change, an arrow
local SKIP_COLUMNS = {"番号", "No", "施策", "増減", "方向", "備考", "区分", "分野", "評価"}
-- the kind of a header cell, from its name (「目標値（目標年度）」 is the target, the year in its data cell the deadline)
local function column_kind(name, d)
  local bare = name:gsub("%b()", ""):gsub("%s+", "")
  if name:find("単位", 1, true) then return "unit"
  elseif name:find("出典", 1, true) then return "source"
  elseif name:find("指標", 1, true) or bare == "KPI" or bare == "項目" then return "indicator"
  elseif starts(bare, SKIP_COLUMNS) then return "skip"
  elseif has(bare, {"基準年", "基準日"}) then return "baseline_year"
  elseif has(bare, {"中間目標"}) then return "target"
  elseif bare:find("目標値", 1, true) or bare == "最終目標" then return "target"
  elseif has(bare, {"目標年", "達成年", "目標時期", "達成時期", "期限"}) or bare == "年度" then return "deadline"
  elseif has(bare, {"現状", "基準", "実績", "当初"}) then return "baseline"
  elseif bare:find("目標", 1, true) or d then return "target" end
  return nil
end
-- a header cell: short, a column name and no value, or a year alone (「R6」「2025年度」)
local function header_cell(c)
  local v, d
  for _, k in ipairs(c.toks) do
    if k.t == "value" and not v then v = k end
    if k.t == "date" and not d then d = k end
  end
  if (utf8.len(c.text) or 99) > 16 then return false end
  if d and not v and c.text:sub(d.s, d.e - 1) == c.text then return true end
  if v or not has(c.text, HEADER_WORDS) then return false end
  -- (an indicator that holds a column word, 「目標達成率」「期限内処理件数」, names a rate or a count)
  local bare = c.text:gsub("%b()", "")
  return not has_end(bare, {"率", "割合", "件数", "者数", "数", "時間", "額", "量"}) or has(bare, {"指標", "項目"}) ~= nil
end
-- the reading of one data row under its header columns; nil when the row has no target
local function row_reading(cols, data, ind_cell, r)
  local unit_col
  for i, col in ipairs(cols) do
    if col.kind == "unit" then unit_col = data[i].text end
  end
  local mult, unit = 1, unit_col and (M.UNITS[unit_col] or unit_col)
  if unit == "千円" then mult, unit = 1000, "円" elseif unit == "百万円" then mult, unit = 1000000, "円" end
  local ind_unit = ind_cell.text:match("%(([^()]+)%)%s*$")
  if ind_unit and ((utf8.len(ind_unit) or 9) > 4 or ind_unit:find("%d") or has(ind_unit, {"累計", "年", "率"})) then
    ind_unit = nil
  end
  local function kinds(c)
    local v, d, a
    for _, k in ipairs(c.toks) do
      if k.t == "value" and not v then v = k end
      if k.t == "date" and not d then d = k end
      if k.t == "all" and not a then a = k end
    end
    return v, d, a
  end
  local function val(c)
    local v, d, a = kinds(c)
    if not v then
      -- 「全市町村」「全窓口」: an "all" target in its cell
      if a and a.s == 1 then
        local u = a.w:gsub("^概ね", ""):gsub("^ほぼ", ""):gsub("^全ての", ""):gsub("^すべての", ""):gsub("^全て", "")
          :gsub("^すべて", ""):gsub("^全", "")
        return {kind = "all", unit = u ~= "" and u or nil, raw = c.text}, d
      end
      return nil
    end
    local x = {value = type(v.value) == "number" and tidy(v.value * mult) or v.value, max = v.max,
      unit = v.unit or unit or (ind_unit and (M.UNITS[ind_unit] or ind_unit)) or nil,
      raw = c.text}
    return x, d
  end
  local base, tgt, tdate, dl, byear, source
  local stages = {}
  for i, col in ipairs(cols) do
    local cell = data[i]
    if col.kind == "baseline" and not base then
      local x, d = val(cell)
      if x and x.kind ~= "all" then base = x; d = d or col.date
        if d then base.year, base.fiscal, base.month = d.year, d.fiscal, d.month end
      end
    elseif col.kind == "baseline_year" then
      local _, d = kinds(cell)
      local y = not d and tonumber(cell.text:match("^(%d%d%d%d)$"))
      if y and y >= 1990 and y <= 2100 then d = {year = y, fiscal = col.name:find("年度", 1, true) ~= nil} end
      byear = d or byear
    elseif col.kind == "target" then
      local x, d = val(cell)
      if x then stages[#stages + 1] = x; tgt, tdate = x, d or col.date end
    elseif col.kind == "deadline" then
      local _, d = kinds(cell)
      local y = not d and tonumber(cell.text:match("^(%d%d%d%d)$"))
      if y and y >= 1990 and y <= 2100 then d = {year = y, fiscal = col.name:find("年度", 1, true) ~= nil} end
      dl = d or dl
    elseif col.kind == "source" then source = cell.text
    end
  end
  if not tgt then return nil end
  if base and byear and not base.year then
    base.year, base.fiscal, base.month = byear.year, byear.fiscal, byear.month
  end
  dl = tdate or dl
  r.source = source or r.source
  r.indicator = indicator_of(ind_cell.text, ind_cell.toks) or ind_cell.text
  r.baseline = base
  r.target = {value = tgt.value, max = tgt.max, unit = tgt.unit, kind = tgt.kind or "absolute", raw = tgt.raw}
  if tgt.kind ~= "all" then
    r.target.op = starts(tgt.raw:gsub("^[%d,.]+", ""):gsub("^[^%d]-(以)", "%1"), {"以上", "以下", "未満", "以内"})
  end
  if dl then r.deadline = {year = dl.year, fiscal = dl.fiscal, month = dl.month, edge = dl.edge} end
  if #stages > 1 then
    r.milestones = {}
    for i = 1, #stages - 1 do
      r.milestones[i] = {value = stages[i].value, unit = stages[i].unit, raw = stages[i].raw}
    end
  end
  r.values = {}
  if base then
    r.values[1] = {value = base.value, unit = base.unit, kind = "baseline", year = base.year,
      fiscal = base.fiscal or false, raw = base.raw}
  end
  if tgt.value ~= nil then
    r.values[#r.values + 1] = {value = tgt.value, unit = tgt.unit, kind = "target", year = dl and dl.year,
      fiscal = dl and dl.fiscal or false, raw = tgt.raw}
  end
  r.layout = "table"
  return r
end
local function read_header_row(t, r)
  local sep = "\t"
  local line
  if t:find("[\t|]") then
    line = (t .. "\t"):gsub("|", "\t")
  else
    -- cells set apart by spaces (and 「 / 」 between header cells): the line must start with two column names
    line = t:gsub("\u{3000}", " "):gsub("%s+/%s+", " ")
    local a, b = line:match("^%s*(%S+)%s+(%S+)")
    if not (a and b and has(a, HEADER_WORDS) and has(b, HEADER_WORDS)) then return false end
    sep = " "
    line = (line .. " "):gsub("%s+", "\t")
  end
  local cells = {}
  for c in line:gmatch("([^\t]*)\t") do
    c = strip(c:gsub("^%s+", ""):gsub("%s+$", ""))
    if c ~= "" and c ~= "/" then cells[#cells + 1] = {text = c, toks = scan:match(c) or {}} end
  end
  for i, c in ipairs(cells) do
    if i > 2 and NOTE_CELLS[c.text] then
      for j = #cells, i, -1 do cells[j] = nil end
      break
    end
  end
  local h = 0
  for _, c in ipairs(cells) do
    if not header_cell(c) then break end
    h = h + 1
  end
  local n = #cells - h
  if h < 2 or n < h then return false end
  local cols, ic = {}, nil
  for i = 1, h do
    local c = cells[i]
    local d
    for _, k in ipairs(c.toks) do if k.t == "date" and not d then d = k end end
    cols[i] = {kind = column_kind(c.text, d), date = d, name = c.text}
    if cols[i].kind == "indicator" and not ic then ic = i end
  end
  -- the data rows: one row under the header; several rows of the header's width (「指標名 現状値 目標値 A 1 2 B 3 4」);
  -- a header without an indicator column and one cell more (the indicator first); an indicator set apart by spaces
  -- (its cells joined again)
  local rows = {}
  local data = {}
  for i = h + 1, #cells do data[#data + 1] = cells[i] end
  local function no_value(c)
    for _, k in ipairs(c.toks) do if k.t == "value" then return false end end
    return true
  end
  if n == h and ic then
    rows[1] = {data = data, ind = data[ic]}
  elseif not ic and n == h + 1 then
    local rest = {}
    for i = 2, n do rest[#rest + 1] = data[i] end
    rows[1] = {data = rest, ind = data[1]}
  elseif ic and n % h == 0 then
    for k = 0, n // h - 1 do
      local row = {}
      for i = 1, h do row[i] = data[k * h + i] end
      if not no_value(row[ic]) then return false end
      rows[#rows + 1] = {data = row, ind = row[ic]}
    end
  elseif ic and sep == " " and n > h then
    local extra = n - h
    local joined = {}
    for i = ic, ic + extra do
      if not no_value(data[i]) then return false end
      joined[#joined + 1] = data[i].text
    end
    local text = table.concat(joined, " ")
    local ind = {text = text, toks = scan:match(text) or {}}
    local row = {}
    for i = 1, h do
      if i < ic then row[i] = data[i] elseif i == ic then row[i] = ind else row[i] = data[i + extra] end
    end
    rows[1] = {data = row, ind = ind}
  else
    return false
  end
  if #rows == 1 then return row_reading(cols, rows[1].data, rows[1].ind, r) ~= nil end
  -- several KPIs under one header: a reading each, the first's fields on the whole (kpi.parse copies them)
  local subs = {}
  for i, row in ipairs(rows) do
    local parts = {}
    for _, c in ipairs(row.data) do parts[#parts + 1] = c.text end
    subs[i] = row_reading(cols, row.data, row.ind, {text = table.concat(parts, " ")})
    if not subs[i] then return false end
  end
  r.kpis, r.layout, r.values = subs, "table", {}
  for _, s in ipairs(subs) do
    for _, v in ipairs(s.values) do r.values[#r.values + 1] = v end
  end
  return true
end

-- a table row as extracted: 「指標 | 現状値(2022年) | 目標値(2026年) | 7取組 | 57取組」「…率 | 44.2%(2022年) | 100%(2028年) |」:
-- the first cell with a value holds the baseline, the last one the target; dates come from those cells or
-- from the header cells labelled 現状/基準 and 目標
local function read_table(t, r)
  if not t:find("|", 1, true) then return false end
  local cells = {}
  for c in (t .. "|"):gmatch("([^|]*)|") do
    c = strip(c)
    if c ~= "" then cells[#cells + 1] = {text = c, toks = scan:match(c) or {}} end
  end
  local vcells, ind, ind_label
  vcells = {}
  local carried
  for _, c in ipairs(cells) do carried = inherit_era(c.text, c.toks, carried) end
  for _, c in ipairs(cells) do
    local v, d
    for _, k in ipairs(c.toks) do
      if k.t == "value" and not v then v = k end
      if k.t == "date" and not d then d = k end
    end
    c.v, c.d = v, d
    -- (a cell whose number sits inside a name, 「施策の柱2」, holds no value)
    if v and c.text:sub(1, v.s - 1):find("の[^%s%(]*$") then v = nil; c.v = nil; c.label = true end
    if v and not c.text:find("目標", 1, true) and not c.text:find("現状", 1, true) then vcells[#vcells + 1] = c
    elseif not v and not d and (not ind or c.label == nil and ind_label) and not has(c.text, {"現状", "目標", "基準",
        "実績", "年度", "指標", "単位", "出典"}) then
      -- (a label naming a part of the plan, 「施策の柱2」, gives way to the next name)
      ind, ind_label = c.text, c.label
    elseif not ind and #vcells == 0 then
      -- 「…取組数(累計) 現状値(2022年)」: the indicator before the header of the first column
      local cut
      for _, w in ipairs({"現状値", "基準値", "現状", "目標値"}) do
        local i = c.text:find(w, 1, true)
        if i and i > 1 and (not cut or i < cut) then cut = i end
      end
      if cut then ind = strip(c.text:sub(1, cut - 1)) end
    end
  end
  if #vcells < 2 then return false end
  local first, last = vcells[1], vcells[#vcells]
  local function hdr(words)
    for _, c in ipairs(cells) do
      if c.d and has(c.text, words) then return c.d end
    end
  end
  -- 「| 18.2% | 2022年度 | 35.0% | 2027年度 |」: the year in the cell after the value's
  local function next_date(c)
    for i, x in ipairs(cells) do
      if x == c and cells[i + 1] and cells[i + 1].d and not cells[i + 1].v
          and cells[i + 1].text == cells[i + 1].text:sub(cells[i + 1].d.s, cells[i + 1].d.e - 1) then
        return cells[i + 1].d
      end
    end
  end
  local bd = first.d or next_date(first) or hdr({"現状", "基準", "実績"})
  local dd = last.d or hdr({"目標"})
  if not dd then
    for _, c in ipairs(cells) do if c.d then dd = c.d end end
  end
  r.baseline = {value = first.v.value, max = first.v.max, unit = first.v.unit,
    year = bd and bd.year, fiscal = bd and bd.fiscal, raw = first.text}
  r.target = {value = last.v.value, max = last.v.max, unit = last.v.unit, kind = "absolute", raw = last.text}
  local op = starts(last.text:sub(last.v.e):gsub("^%s+", ""), {"以上", "以下", "未満"})
  r.target.op = op
  if dd then r.deadline = {year = dd.year, fiscal = dd.fiscal, month = dd.month, edge = dd.edge} end
  if ind then r.indicator = indicator_of(ind, scan:match(ind) or {}) or ind end
  r.values = {
    {value = r.baseline.value, unit = r.baseline.unit, kind = "baseline", year = r.baseline.year,
      fiscal = r.baseline.fiscal or false, raw = first.text},
    {value = r.target.value, unit = r.target.unit, kind = "target", year = dd and dd.year,
      fiscal = dd and dd.fiscal or false, raw = last.text},
  }
  r.layout = "table"
  return true
end

-- a table row as extracted with spaces, the unit in a column of its own: 「認定こども園 カ所 1 3」「母子・父子相談件数 件
-- 943 1,000」「目標(指標)名 単位 現状 目標(平成31年度) 待機児童 人 0 0」: indicator, unit, current value, target
local function read_row(t, r)
  local words = {}
  for w in t:gmatch("%S+") do words[#words + 1] = w end
  local n = #words
  if n < 4 then return false end
  local function num(w) return w:match("^%d[%d,]*%.?%d*$") ~= nil end
  local unit = words[n - 2]
  if not (num(words[n]) and num(words[n - 1])) or unit:find("%d") or (utf8.len(unit) or 99) > 4 or num(unit) then
    return false
  end
  if words[n - 3]:find("%d") or has(words[n - 3], {"現状", "目標", "基準"}) then return false end
  local bv, tv = to_number(words[n - 1]), to_number(words[n])
  local u = M.UNITS[unit] or unit
  r.indicator = words[n - 3]
  r.baseline = {value = tidy(bv), unit = u, raw = words[n - 1]}
  r.target = {value = tidy(tv), unit = u, kind = "absolute", raw = words[n]}
  -- dates from the header words: 「目標(平成31年度)」「現状(2022年)」
  local head = table.concat(words, " ", 1, n - 4)
  local lt, lb, from = 0, 0, 1
  for _, k in ipairs(scan:match(head) or {}) do
    if k.t == "date" then
      -- the last 目標 / 現状 before the date (searched from the previous date on)
      local before = head:sub(from, k.s - 1)
      for i in before:gmatch("()目標") do lt = from + i - 1 end
      for i in before:gmatch("()現状") do lb = from + i - 1 end
      from = k.s
      if lt > lb then r.deadline = {year = k.year, fiscal = k.fiscal, month = k.month, raw = head:sub(k.s, k.e - 1)}
      elseif lb > 0 then r.baseline.year, r.baseline.fiscal = k.year, k.fiscal end
    end
  end
  r.values = {{value = r.baseline.value, unit = u, kind = "baseline", year = r.baseline.year,
      fiscal = r.baseline.fiscal or false, raw = words[n - 1]},
    {value = r.target.value, unit = u, kind = "target", year = r.deadline and r.deadline.year,
      fiscal = r.deadline and r.deadline.fiscal or false, raw = words[n]}}
  r.layout = "row"
  return true
end

-- the lexicon of the parse under way (kpi.parse's opts.lexicon), for the level
local parse_lex

local function finish(t, r)
  if r.unset then
    r.deadline, r.target = nil, nil
  end
  -- a target per period (1,000人/年, 10,000件/月) recurs: it needs no deadline
  -- 「年間4,500時間から…12,000時間へ」: a target in the counter of a per-period baseline is per the same period;
  -- 「毎年度、…前年度比5%以上削減」: a change against the year before, every year
  if r.target and r.baseline and r.target.unit and r.baseline.unit and r.baseline.unit:find("/", 1, true)
      and r.baseline.unit:match("^(.-)/") == r.target.unit then
    r.target.unit = r.baseline.unit
  end
  if r.target and r.target.kind == "relative" and r.reference and r.reference.previous and r.target.unit
      and not r.target.unit:find("/", 1, true) and (r.recurring == "毎年度" or r.recurring == "毎年"
      or r.recurring == "各年" or r.recurring == "各年度" or r.recurring == "毎事業年度") then
    r.target.unit = r.target.unit .. "/年"
  end
  if r.target and r.target.unit and r.target.unit:find("/", 1, true) then r.recurring = r.recurring or "/" end
  -- 「…件数を…ゼロとする（…時点 約1.5万件）」: a zero counts what the baseline counts
  if r.target and r.target.value == 0 and not r.target.unit and r.baseline and r.baseline.unit then
    r.target.unit = r.baseline.unit
  end
  if r.target then
    r.target.year = r.deadline and r.deadline.year or nil
    r.target.fiscal = r.deadline and r.deadline.fiscal or nil
    if r.target.op == nil then r.target.op = nil end
  end
  r.direction = direction_of(t, r)
  if r.target then r.target.dir = nil end
  r.level = M.level(r.indicator, parse_lex)
  r.unit = (r.target and r.target.unit) or (r.baseline and r.baseline.unit) or nil
  -- measurable: a target or a value, or an indicator that names a count, a rate or an amount
  local ind = (r.indicator or ""):gsub("%b()$", ""):gsub("%s+$", "")
  r.quantitative = (r.target ~= nil) or #(r.values or {}) > 0 or (has_end(ind, COUNTABLE) and true or false)
    or has(ind, {"ランクアップ", "順位"}) ~= nil
  -- what a complete KPI has and this one lacks
  local miss = {}
  if not r.indicator then miss[#miss + 1] = "indicator" end
  if not r.target then miss[#miss + 1] = "target" end
  if not r.deadline and not r.recurring then miss[#miss + 1] = "deadline" end
  -- (an "all" target and a benchmark, 「前年度実績以上」, need no baseline of their own)
  if not r.baseline and not r.reference and r.direction ~= "maintain" and not (r.target and r.target.kind == "all")
      and not (r.target and r.target.benchmark) then
    miss[#miss + 1] = "baseline"
  end
  if not r.source then miss[#miss + 1] = "source" end
  r.missing = miss
  r._target_pos, r._cut_source = nil, nil
end

-- names of several KPIs that share one target: 「A・B（いずれも2026年度までに80％）」「A（現状58%）・B（現状23%）を
-- いずれも令和9年度に100%」. The names are set apart by ・, 及び, 並びに or 、 outside brackets and each names a
-- count or a rate; every KPI is its name with the shared part.
local EACH_WORDS = {"いずれも", "ともに", "共に"}
local function split_names(s)
  local out, d, from, i = {}, 0, 1, 1
  while i <= #s do
    local c = s:sub(i, i)
    local w
    if c == "(" then d = d + 1 elseif c == ")" then d = math.max(0, d - 1)
    elseif d == 0 then w = starts(s:sub(i, i + 8), {"・", "及び", "並びに", "、"}) end
    if w then out[#out + 1] = s:sub(from, i - 1); from = i + #w; i = i + #w
    else i = i + 1 end
  end
  out[#out + 1] = s:sub(from)
  if #out < 2 then return nil end
  for k, n in ipairs(out) do
    n = strip(n)
    out[k] = n
    if not has_end(trim_tail(n:gsub("%s*%b()%s*$", "")), COUNTABLE) then return nil end
  end
  return out
end
local function split_each(t)
  for _, w in ipairs(EACH_WORDS) do
    local i = t:find(w, 1, true)
    if i then
      local head = t:sub(1, i - 1)
      -- 「…（いずれも…）」: the shared part in a closing bracket
      local open = head:match("^.*()%(%s*$")
      local close = t:find(")", i, true)
      if open and close and t:sub(close + 1):gsub("。", ""):gsub("%s+", "") == "" then
        local names = split_names(t:sub(1, open - 1))
        if names then
          local out = {}
          for k, n in ipairs(names) do out[k] = n .. "(" .. t:sub(i + #w, close - 1) .. ")" end
          return out
        end
      end
      -- 「…をいずれも…」: the shared predicate
      local trimmed = head:gsub("%s+$", "")
      for _, pt in ipairs({"を", "が", "は"}) do
        if #trimmed > #pt and trimmed:sub(-#pt) == pt then
          local names = split_names(trimmed:sub(1, -#pt - 1))
          if names then
            local out = {}
            for k, n in ipairs(names) do out[k] = n .. pt .. t:sub(i + #w) end
            return out
          end
        end
      end
      return nil
    end
  end
end

-- split 「AをX件及びBをY%」 into two KPIs when each side has a value of its own
local function split_joined(t)
  local each_parts = split_each(t)
  if each_parts then return each_parts end
  local toks = scan:match(t) or {}
  -- the tokens that start in [s, e), found by binary search (the tokens are in text order): each piece is
  -- looked at through its own tokens only, so that a text of many pieces is read in linear time
  local function span(s, e)
    local lo, hi = 1, #toks + 1
    while lo < hi do
      local mid = (lo + hi) // 2
      if toks[mid].s < s then lo = mid + 1 else hi = mid end
    end
    local j = lo - 1
    return function()
      j = j + 1
      local k = toks[j]
      if k and k.s < e then return j, k end
    end
  end
  local parts, last = {}, 1
  local depth = 0
  -- 「A及びBをそれぞれ令和8年度までに60%とする」: each name with the predicate they share
  local each = t:find("それぞれ", 1, true)
  if each then
    local names_, from, d = {}, 1, 0
    for _, k in ipairs(toks) do
      if k.s >= each then break end
      if k.t == "open" then d = d + 1
      elseif k.t == "close" then d = math.max(0, d - 1)
      elseif k.t == "join" and d == 0 then names_[#names_ + 1] = t:sub(from, k.s - 1); from = k.e end
    end
    local tail = t:sub(from, each - 1)
    local name, particle
    local trimmed = tail:gsub("%s+$", "")
    for _, w in ipairs({"を", "が", "は", "の"}) do
      if #trimmed > #w and trimmed:sub(-#w) == w then name, particle = trimmed:sub(1, -#w - 1), w break end
    end
    if #names_ >= 1 and name and particle then
      names_[#names_ + 1] = name
      local out = {}
      local rest = t:sub(from + #name)
      for i, n in ipairs(names_) do out[i] = strip(n) .. rest end
      return out
    end
  end
  local seps = {}
  for _, k in ipairs(toks) do
    if k.t == "open" then depth = depth + 1
    elseif k.t == "close" then depth = math.max(0, depth - 1)
    elseif (k.t == "join" or (k.t == "sep" and t:sub(k.s, k.e - 1) == "、")) and depth == 0 then
      seps[#seps + 1] = k
    end
  end
  -- 「転入者数 2,150人（R5）→2,400人（R10）・転出者数 …」: a ・ right after a value or its bracket, outside brackets
  do
    local d, i = 0, t:find("[()\227]")
    local dots = {}
    while i do
      local c = t:sub(i, i)
      if c == "(" then d = d + 1 elseif c == ")" then d = math.max(0, d - 1)
      elseif d == 0 and t:sub(i, i + 2) == "・" and i > 1 and t:sub(i - 1, i - 1):match("[%)%%%d]") then
        dots[#dots + 1] = {t = "sep", s = i, e = i + 3}
      end
      i = t:find("[()\227]", i + 1)
    end
    if #dots > 0 then
      for _, k in ipairs(dots) do seps[#seps + 1] = k end
      table.sort(seps, function(a, b) return a.s < b.s end)
    end
  end
  for _, k in ipairs(seps) do
    parts[#parts + 1] = {s = last, e = k.s, sep = k}
    last = k.e
  end
  -- 「KGI：…を2028年に0人とする／KPI：…を年間500件」: a slash between two KPIs (not 件/年, not a formula in brackets)
  if #parts == 0 then
    depth = 0
    for i = 1, #t do
      local c = t:sub(i, i)
      if c == "(" then depth = depth + 1 elseif c == ")" then depth = math.max(0, depth - 1)
      elseif c == "/" and depth == 0
          and not starts(t:sub(i + 1, i + 16):gsub("^%s+", ""), {"年", "月", "日", "週", "人", "台"}) then
        parts[#parts + 1] = {s = last, e = i, sep = {t = "join", s = i, e = i + 1}}
        last = i + 1
      end
    end
  end
  parts[#parts + 1] = {s = last, e = #t + 1}
  if #parts < 2 then return nil end
  -- join pieces: a piece is a KPI when it holds a value (or a relative/all target) of its own and names something
  local function has_target(s, e)
    for _, k in span(s, e) do
      if k.t == "value" or k.t == "relword" then return true end
    end
  end
  -- the name a piece starts with: the text before its first value or date (「雇用者数4万人増加」 → 雇用者数)
  local function first_part(s, e)
    for _, k in span(s, e) do
      if k.t == "value" or k.t == "date" or k.t == "relword" or k.t == "all" then return k end
    end
  end
  local function names(s, k)
    if not k then return false end
    local head = t:sub(s, k.s - 1):gsub("^%s+", ""):gsub("%s+$", "")
    -- 「開催回数（年間120回）」: the name before the bracket that holds the value
    head = trim_tail((trim_tail(head):gsub("%(%s*$", "")))
    for _, w in ipairs({"累計", "合計", "年間", "毎年度", "毎年", "約", "計"}) do
      if head == w then return false end
    end
    return (utf8.len(head) or 0) >= 2 and not head:find("^%(") and has_end(trim_tail(head), COUNTABLE) ~= nil
  end
  -- a piece that names what it counts before its value (「20年度までに10%の削減」 names nothing: it goes on the
  -- KPI before it)
  local function named(s, e)
    local text = t:sub(s, e - 1)
    for _, k in span(s, e) do
      if (k.t == "value" or k.t == "relword" or k.t == "all") then
        text = t:sub(s, k.s - 1)
        -- 「百万人の活力人口を目指す」: the name after the value
        local tail = t:sub(k.e, e - 1)
        if k.t == "value" and tail:sub(1, #"の") == "の" and not starts(tail:sub(#"の" + 1), DIR_UP)
            and not starts(tail:sub(#"の" + 1), DIR_DOWN) then return true end
        break
      end
    end
    for _, k in span(s, e) do
      if k.t == "date" then
        local raw = t:sub(k.s, k.e - 1)
        local i = text:find(raw, 1, true)
        if i then text = text:sub(1, i - 1) .. text:sub(i + #raw) end
      end
    end
    text = text:gsub("までに", ""):gsub("まで", ""):gsub("^%s*に", ""):gsub("[%s,]", ""):gsub("、", "")
    return (utf8.len(text) or 0) >= 2
  end
  -- (what a run of merged pieces has is kept as it grows: its target, its first part; never scanned again)
  local out, cur = {}, nil
  local function start(p)
    local first = first_part(p.s, p.e)
    return {s = p.s, e = p.e, sep = p.sep, has = has_target(p.s, p.e), first = first, names = names(p.s, first)}
  end
  for _, p in ipairs(parts) do
    local ph = cur and has_target(p.s, p.e)
    if not cur then cur = start(p)
    elseif cur.has and ph and (((cur.sep and cur.sep.t == "join"
        or t:sub(p.s, p.e - 1):find("を", 1, true)) and has(t:sub(p.s, p.e - 1), {"を", "が", "は"}) and named(p.s, p.e))
        or (cur.names and names(p.s, first_part(p.s, p.e)))) then
      out[#out + 1] = cur
      cur = start(p)
    else
      cur.e = p.e
      cur.sep = p.sep
      cur.has = cur.has or ph
      if not cur.first then
        cur.first = first_part(p.s, p.e)
        cur.names = names(cur.s, cur.first)
      end
    end
  end
  out[#out + 1] = cur
  if #out < 2 then return nil end
  local texts = {}
  for i, p in ipairs(out) do texts[i] = strip(t:sub(p.s, p.e - 1)) end
  return texts
end

-- 「①電子申請率 60%（R8）②キャッシュレス納付率 50%（R8）③…」: a numbered list of KPIs (the numbers are folded away,
-- so the list is cut on the raw text); each item holds a value of its own
local circled_raw = P("\226\145") * R("\160\179") + P("\226\157") * R("\182\191")
local circled_split = Ct(C((P(1) - circled_raw)^0) * (circled_raw * C((P(1) - circled_raw)^0))^1)
local function circled_parts(text)
  local ps = circled_split:match(text)
  if not ps or #ps < 3 then return nil end
  local head = strip(M.fold(ps[1]))
  for _, k in ipairs(scan:match(head) or {}) do
    if k.t == "value" then return nil end
  end
  local out = {}
  for i = 2, #ps do
    local f = strip(M.fold(ps[i]))
    local ok = false
    for _, k in ipairs(scan:match(f) or {}) do
      if k.t == "value" or k.t == "relword" or k.t == "all" then ok = true break end
    end
    if not ok then return nil end
    out[#out + 1] = f
  end
  return out
end

local function is_unset(t)
  local trimmed = t:match("^%s*(.-)%s*$")
  return trimmed == "" or trimmed == "-" or trimmed == "—" or trimmed == "―" or trimmed == "ー" or trimmed == "－"
    or t:find("未設定", 1, true) ~= nil or t:find("KPIの設定はない", 1, true) ~= nil
end

--- Parse one KPI text.
-- @param text string (one KPI entry)
-- @param opts table|nil `{lexicon = ctx.lexicon.kpi}`: the kpi pack's lexicon, for the level (kpi.level)
-- @return table: `text`; `indicator`; `baseline` {value, unit, year, fiscal, month, current}; `target`
--   {value, max, unit, kind = "absolute"|"relative"|"all", op = 以上|以下…, year}; `deadline` {year, fiscal,
--   month, edge, from (the first year of a span 令和7～11年度), raw}; `reference` {year, fiscal} (the year of
--   「…比」); `source`; `recurring` (毎年度, 年間 …);
--   `direction` "increase"|"decrease"|"maintain"|nil; `level` "activity"|"output"|"outcome"|nil; `unit`;
--   `values` (every value read, with `kind` target|baseline|current); `missing` (the parts a complete KPI has
--   and this one lacks: indicator, target, deadline, baseline, source); `kpis` (one reading per KPI when
--   several are joined by 及び; the fields above are the first one's); `unset` (「未設定」「—」); `deferred`
--   {raw, year} (「KPIの設定時期：…」); `quantitative` (a value or a target was read)
-- @usage local k = kpi.parse("スマートシティ数（2025年（令和7年）までに100）", {lexicon = ctx.lexicon.kpi})
function M.parse(text, opts)
  parse_lex = type(opts) == "table" and opts.lexicon or nil
  local r = {text = text, values = {}, quantitative = false, missing = {}}
  if type(text) ~= "string" or text == "" then
    r.unset = true
    return r
  end
  local t = M.fold(text)
  -- an item number before the KPI: 「(2)NPO法人の数」「1. …」「・」「- 」
  t = t:gsub("^%s*%(%d+%)%s*", ""):gsub("^%s*%d+%.%s+", ""):gsub("^%s*No%.?%s*%d+%s+", "")
  local bullet = true
  while bullet do
    bullet = false
    for _, b in ipairs({"-", "・"}) do
      local rest = t:match("^%s*(.*)$")
      if rest:sub(1, #b) == b and not rest:sub(#b + 1):match("^%d") then t = rest:sub(#b + 1); bullet = true end
    end
  end
  if is_unset(t) then r.unset = true end
  heisei_context = heisei_plan(t)
  local dpos = t:find("KPIの設定時期", 1, true) or t:find("KPI の設定時期", 1, true)
  if dpos then
    local ys = M.years(t:sub(dpos))
    r.deferred = {raw = t:sub(dpos), year = ys[1] and ys[1].year}
    t = t:sub(1, dpos - 1)
  end
  if not read_header_row(t, r) and not read_table(t, r) and not read_row(t, r) and not read_labelled(t, r) then
    local parts = circled_parts(text) or split_joined(t)
    if parts then
      r.kpis = {}
      for i, p in ipairs(parts) do
        local sub = {text = p, values = {}}
        read(p, sub)
        r.kpis[i] = sub
      end
      -- 「市民向けデジタル講座の開催回数…及び受講者数…」: a bare measure word after the first KPI shares its head
      local head
      local first_ind = r.kpis[1].indicator
      if first_ind then
        local last_no
        for i in first_ind:gmatch("()の") do last_no = i end
        if last_no and last_no + #"の" <= #first_ind then head = first_ind:sub(1, last_no + #"の" - 1) end
      end
      for i = 2, #r.kpis do
        local ind = r.kpis[i].indicator
        -- (not when the later KPI is a clause of its own: 「…交付率を…50%及び電子申請率を…40%とする」)
        if head and ind and not ind:find("の", 1, true) and (utf8.len(ind) or 99) <= 6 and has_end(ind, COUNTABLE)
            and not r.kpis[i].text:find("を", 1, true) then
          r.kpis[i].indicator = head .. ind
        end
      end
      -- a deadline, baseline year or source stated once holds for every KPI of the sentence
      local shared = {}
      for _, s in ipairs(r.kpis) do
        shared.deadline = shared.deadline or s.deadline
        shared.source = shared.source or s.source
        shared.reference = shared.reference or s.reference
      end
      for _, s in ipairs(r.kpis) do
        s.deadline = s.deadline or shared.deadline
        s.source = s.source or shared.source
        s.reference = s.reference or shared.reference
      end
      -- 「令和5年度比で一般管理費を15％以上、業務経費を5％以上削減する」: a change against the reference, in the verb of
      -- the last KPI
      for i = #r.kpis - 1, 1, -1 do
        local s, nx = r.kpis[i], r.kpis[i + 1]
        if s.target and s.target.kind == "absolute" and s.reference and nx.target and nx.target.kind == "relative"
            and nx.target.unit == s.target.unit and not has(s.text, DIR_UP) and not has(s.text, DIR_DOWN) then
          s.target.kind, s.target.dir = "relative", nx.target.dir
        end
      end
      for _, s in ipairs(r.kpis) do finish(s.text, s) end
      for k, v in pairs(r.kpis[1]) do
        if k ~= "text" then r[k] = v end
      end
      r.values = {}
      for _, s in ipairs(r.kpis) do
        for _, v in ipairs(s.values) do r.values[#r.values + 1] = v end
      end
    else
      read(t, r)
    end
  end
  if r.kpis then
    for _, s in ipairs(r.kpis) do if not s.missing then finish(s.text, s) end end
    if r.layout == "table" then
      for k, v in pairs(r.kpis[1]) do
        if k ~= "text" and k ~= "values" then r[k] = v end
      end
    end
    r.quantitative = #r.values > 0 or r.target ~= nil
  else
    finish(t, r)
  end
  if r.unset then r.missing = {} end
  heisei_context = false
  return r
end

--- The reading of a KPI as lines of text, for `--explain` and `shinsa kpi`: one block per KPI.
-- @param k table returned by `kpi.parse`
-- @return string
-- @usage print(kpi.describe(kpi.parse("満足度を2027年度までに80%とする")))
function M.describe(k)
  local out = {}
  local function val(v)
    if not v then return "—" end
    local s = ""
    if v.kind == "all" then s = "全て" .. (v.unit and ("の" .. v.unit) or "")
    elseif v.value ~= nil then
      s = tostring(v.value) .. (v.max and ("～" .. tostring(v.max)) or "") .. (v.unit or "")
      if v.op then s = s .. v.op end
    end
    if v.kind == "relative" then s = s .. "（相対目標 relative）" end
    if v.year then
      s = s .. "（" .. v.year .. (v.fiscal and "年度" or "年") .. (v.month and (v.month .. "月") or "") .. "）"
    end
    if v.current then s = s .. "（見込 forecast）" end
    return s
  end
  local function block(r, prefix)
    local d = r.deadline
    local missing = {}
    local JA = {indicator = "指標", target = "目標値", deadline = "目標年度", baseline = "基準値", source = "出典"}
    for _, m in ipairs(r.missing or {}) do missing[#missing + 1] = JA[m] .. " " .. m end
    out[#out + 1] = prefix .. "指標 indicator: " .. (r.indicator or "—")
    out[#out + 1] = prefix .. "基準値 baseline: " .. val(r.baseline)
    out[#out + 1] = prefix .. "目標値 target: " .. val(r.target)
    out[#out + 1] = prefix .. "目標年度 deadline: " .. (d and d.relative and (d.relative .. "（計画の年度から）")
      or d and (d.year .. (d.fiscal and "年度" or "年")
      .. (d.month and (d.month .. "月") or "") .. (d.edge or ""))
      or (r.recurring and ("毎年 recurring（" .. r.recurring .. "）") or "—"))
    if r.reference then
      out[#out + 1] = prefix .. "比較の基準年 reference: " .. (r.reference.year and (r.reference.year
        .. (r.reference.fiscal and "年度" or "年")) or "前年度 previous year")
    end
    out[#out + 1] = prefix .. "単位 unit: " .. (r.unit or "—")
    out[#out + 1] = prefix .. "方向 direction: " .. (r.direction or "—")
    out[#out + 1] = prefix .. "区分 level: " .. (r.level or "—")
    out[#out + 1] = prefix .. "出典 source: " .. (r.source or "—")
    out[#out + 1] = prefix .. "不足 missing: " .. (#missing > 0 and table.concat(missing, "、") or "なし none")
  end
  if k.unset then return "未設定 unset" end
  if k.deferred then out[#out + 1] = "設定時期 deferred: " .. (k.deferred.raw or "") end
  if k.kpis then
    for i, s in ipairs(k.kpis) do
      out[#out + 1] = "KPI " .. i .. ": " .. s.text
      block(s, "  ")
    end
  else
    block(k, "")
  end
  return table.concat(out, "\n")
end

return M
