-- kpi.output-not-outcome: an effect (効果) KPI that restates an activity or an output — 「…の構築」
-- 「…の本格稼働」「…を実施」 as the effect, or a count of 研修・説明会・開催 — instead of the change the
-- measure brings about (行政事業レビュー: アウトプット vs アウトカム). Progress KPIs may be outputs.
local kpi = require "shinsa.kpi"
local lexicon = require "shinsa.lexicon"
local common = require "kpi.common"

return rule {
  id = "kpi.output-not-outcome",
  title = "活動・アウトプットを述べる効果KPI (effect KPI states an output)",
  severity = "warning",
  principle = "ebpm",
  target = "measure.kpi",
  description = [[
効果KPIが、施策の成果（利用者・社会に生じる変化＝アウトカム）ではなく、活動や成果物（アウトプット）を
述べている：「…の構築」「…の本格稼働」「…を実施」、研修・説明会の開催件数など。行政事業レビューの
ロジックモデルでは、活動（進捗）と成果（効果）を分け、効果は成果の指標で測る。
An effect KPI restates an activity or an output instead of an outcome.]],
  examples = {
    fire = {
      -- declaration-2020 8-1 (効果)
      "{category: effect, text: データ連携基盤技術の本格稼働}",
      -- declaration-2020 2-9 (効果)
      "{category: effect, text: 障害関連情報共有プラットフォームの構築}",
    },
    quiet = {
      -- declaration-2020 8-6 (効果)
      "{category: effect, text: オンライン資格確認に参加する医療機関数}",
      -- declaration-2020 8-6 (進捗): an output is right for progress
      "{category: progress, text: オンライン資格確認システムの構築}",
    },
  },
  check = function(unit, ctx)
    local lex = ctx.lexicon.kpi
    local text = unit.text
    local ok, cat = common.judged_entry(unit, lex)
    if not ok or cat ~= "effect" then return end
    local k = kpi.parse(text, {lexicon = lex})
    if k.unset or k.deferred then return end
    local t = kpi.normalize(text):gsub("%s+$", "")
    -- strip a trailing parenthesised target: 「…の実施（実証実験2件以上）」
    local core = t:gsub("%b()$", ""):gsub("%s+$", "")
    local what
    if lexicon.any(lex.output_count, t) then
      what = "活動の件数・回数（アウトプット）"
    elseif not k.quantitative and lexicon.any(lex.output_activity, core) then
      what = "活動・成果物の完了（アウトプット）"
    end
    if not what then return end
    ctx:report {
      message = "効果KPI「" .. text .. "」は施策の成果ではなく" .. what .. "を述べています。",
      message_en = "The effect KPI restates an activity or an output, not an outcome.",
      confidence = 0.75,
      suggestion = common.suggest(k, "effect", {drop = {indicator = true, target = true, baseline = true},
        indicator = "〔" .. (k.indicator or "施策") .. "によって利用者・社会に生じる変化（利用者数・利用率・削減時間など）〕"}),
    }
  end,
}
