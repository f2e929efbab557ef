-- kpi.not-quantitative: a KPI that is only an activity or a direction (「…の推進」「…の検討」「…の構築」
-- 「…を実施」) with no number, no unit and no measurable indicator. A KPI that names an indicator
-- (「…数」「…率」) but no target value is measurable: kpi.incomplete reports what it lacks.
local kpi = require "shinsa.kpi"
local lexicon = require "shinsa.lexicon"
local common = require "kpi.common"

return rule {
  id = "kpi.not-quantitative",
  title = "定量的でないKPI (KPI is not quantitative)",
  severity = "warning",
  principle = "ebpm",
  target = "measure.kpi",
  description = [[
KPIが「推進」「検討」「構築」「実施」などの活動や方向だけで、数値・単位も測定できる指標（件数・率など）もない。
計画は「指標（KPI）の設定については、…できるだけ定量的に示すこと」と求めている。
A KPI that states only an activity or a direction, with no number, unit or measurable indicator.]],
  examples = {
    fire = {
      -- sakushu-2023 04-03
      "海洋関連分野とのデータ連携の推進",
      -- declaration-2020 8-1 (効果)
      "データ連携基盤技術の本格稼働",
    },
    quiet = {
      -- sakushu-2023 04-03
      "海しるAPIの利用数を試行時点（2020年度（令和2年度））と比べ2倍にする（2023年度末（令和5年度末））",
      -- sakushu-2023 04-05: an indicator without a target (kpi.incomplete)
      "e-Govデータポータルサービスにおける登録済みデータセット数",
    },
  },
  check = function(unit, ctx)
    local lex = ctx.lexicon.kpi
    local text = unit.text
    local ok, cat = common.judged_entry(unit, lex)
    if not ok then return end
    local k = kpi.parse(text, {lexicon = lex})
    if k.quantitative or k.unset or k.deferred then return end
    local t = kpi.normalize(text)
    if t:find("KPIの設定", 1, true) then return end
    if common.indicator(lex, text) or common.extra_value(t, k) then return end
    -- a trailing date or note in brackets (「…の構築（令和8年度）」) does not make it measurable
    local body = t:gsub("%s+$", ""):gsub("%b()$", ""):gsub("%s+$", "")
    if not lexicon.any(lex.activity, body) then return end
    ctx:report {
      message = "KPI「" .. text .. "」は活動・方向を述べるだけで、数値・単位がなく定量的ではありません。",
      message_en = "The KPI states an activity or a direction only, with no number or unit.",
      confidence = 0.8,
      suggestion = common.suggest(k, cat, {drop = {indicator = true},
        indicator = "〔" .. (k.indicator or text) .. "の成果を表す件数・率〕"}),
    }
  end,
}
