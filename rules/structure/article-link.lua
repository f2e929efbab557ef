-- structure.article-link: a measure of the national plan with no legal basis (`articles` empty or absent). Plans
-- of a ministry, a prefecture or a municipality (source.level) are not asked for articles of the basic laws.
local common = require "structure.common"

return rule {
  id = "structure.article-link",
  title = "根拠条文の記載がない (no legal basis)",
  severity = "info",
  principle = nil,
  target = "measure",
  description = [[
施策集は、施策ごとに官民データ活用推進基本法第3章の基本的施策の条、デジタル社会形成基本法第4章の基本方針の条を
「◎：主に該当するもの、○：連携するもの」として示す（施策集の表の見出し）。「重点的に講ずべき施策を、官デ基本法
第10条から第19条までに規定する基本的施策ごとに、スケジュール、KPI等を整理した上で」（2020年宣言 L1436）。
articles が一つもない施策を報告する。国の計画（source.level が national か未記載）だけを点検し、府省・都道府県・
市区町村の計画（ministry / prefecture / municipality）には基本法の条の記載を求めない。
A measure that cites no article of 官民データ活用推進基本法 or デジタル社会形成基本法 (the 施策集 table links
every measure to at least one).]],
  examples = {
    fire = {
      "{id: '03-01', title: 民主主義的な価値に基づいた人間中心のAI原則の実践の支援}",
    },
    quiet = {
      "{id: '04-03', title: 海のデータ連携の推進, articles: [{law: 官民データ活用推進基本法, article: '11', role: primary}]}",
    },
  },
  check = function(unit, ctx)
    local m = unit.data or {}
    -- only the national plan links its measures to the two basic laws (a city's plan is not told to)
    if not common.national(unit) then return end
    if type(m.articles) == "table" and #m.articles > 0 then return end
    ctx:report {
      message = "根拠条文（articles）が記載されていません。",
      message_en = "The measure cites no legal basis (articles).",
      confidence = 0.8,
      suggestion = "施策集の表にならい、官民データ活用推進基本法又はデジタル社会形成基本法の該当条を articles に記載してください"
        .. "（例: {law: 官民データ活用推進基本法, article: '11', role: primary}）。",
    }
  end,
}
