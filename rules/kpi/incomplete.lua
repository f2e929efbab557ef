-- kpi.incomplete: a measurable KPI (a number with its unit, or a named indicator such as 「…数」「…率」) that
-- lacks part of what makes it checkable: unit, target value, target year, baseline, data source. One finding
-- per KPI lists what is missing; it is a warning when the target value or year is missing, info otherwise.
-- A structured entry ({unit, target, baseline, source}) is judged by its fields first.
local kpi = require "shinsa.kpi"
local common = require "kpi.common"

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
測定できるKPIに、単位・目標値・目標年度・基準値・出典のいずれかがない。目標値か目標年度がなければ warning、
基準値・出典・単位だけがなければ info。達成度を評価するには、何を（指標と単位）、いつまでに（目標年度）、
どこから（基準値）どこまで（目標値）、何で測るか（出典）がそろっている必要がある（EBPM）。
「年間」「毎年」「年15件」のような毎年の目標は目標年度を要しない。
A measurable KPI lacks its unit, target value, target year, baseline or data source.]],
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
    local k = kpi.parse(text)
    if k.unset or k.deferred then return end
    local t = kpi.normalize(text)
    if t:find("KPIの設定", 1, true) or t:find("本文内に記載", 1, true) then return end
    if not k.quantitative and not common.indicator(lex, text) and not common.extra_value(t, k) then return end
    local target = k.target or {}
    local ftarget = field(e, "target")
    local has_value = target.value ~= nil or (type(ftarget) == "table" and ftarget.value ~= nil)
      or k.direction == "maintain"
    -- values in units the parser does not know (930TB, 1,105km, 1位, 1,000組合, 1,000億枚)
    local extra = not has_value and common.extra_value(t, k)
    if extra then has_value = true end
    local has_year = (target.value ~= nil and target.year ~= nil) or common.deadline_year(t) ~= nil
      or (has_value and #kpi.years(t) > 0 and k.baseline == nil) or (type(ftarget) == "table" and ftarget.year ~= nil)
    -- a recurring target (年間90%以上, 年15件, 毎年, 1か月当たり) needs no year
    if not has_year and has_value and (t:find("年間", 1, true) or t:find("毎年", 1, true) or t:find("年度毎", 1, true)
        or t:find("か月当たり", 1, true) or t:match("%(年%d") or t:find("年に1") or t:find("年%d+[回件]")) then
      has_year = true
    end
    -- the unit is asked for with the value; a count (「…数」) carries its own
    local has_unit = field(e, "unit") ~= nil or target.unit ~= nil or not has_value or t:find("倍", 1, true) ~= nil
      or k.direction == "maintain" or (k.indicator or ""):match("数$") ~= nil or k.target == nil or extra
    local has_baseline = k.baseline ~= nil or field(e, "baseline") ~= nil or t:find("比べ", 1, true) ~= nil
      or t:find("比", 1, true) ~= nil or t:find("前年", 1, true) ~= nil or t:find("時点", 1, true) ~= nil
      or k.direction == "maintain"
    local has_source = field(e, "source") ~= nil or t:find("出典", 1, true) ~= nil or t:find("調査結果", 1, true) ~= nil
      or t:find("統計調査", 1, true) ~= nil or t:find("調べ", 1, true) ~= nil
    local miss, miss_en = {}, {}
    local function add(j, en) miss[#miss + 1] = j; miss_en[#miss_en + 1] = en end
    if not has_unit then add("単位", "unit") end
    if not has_value then add("目標値", "target value") end
    if not has_year then add("目標年度", "target year") end
    if not has_baseline then add("基準値", "baseline") end
    if not has_source then add("出典", "data source") end
    if #miss == 0 then return end
    local sev = (not has_value or not has_year) and "warning" or "info"
    ctx:report {
      message = "KPI「" .. text .. "」に" .. table.concat(miss, "・") .. "がありません。",
      message_en = "The KPI lacks: " .. table.concat(miss_en, ", ") .. ".",
      severity = sev,
      confidence = sev == "warning" and 0.85 or 0.7,
      suggestion = common.template(common.indicator_of(text), cat),
    }
  end,
}
