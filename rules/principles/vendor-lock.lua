-- principles.vendor-lock (技術中立): a measure that names a specific medium (FD, CD-ROM, FAX …) or product
-- (Excel, 一太郎 …) as the way things are to be done. Media are warnings, products info.
local lexicon = require "shinsa.lexicon"
local common = require "principles.common"

return rule {
  id = "principles.vendor-lock",
  title = "特定の媒体・製品の指定 (named medium, product or vendor)",
  severity = "warning",
  principle = "technology-neutral",
  target = "measure",
  triggers = { "ディスク", "CD-R", "DVD", "磁気テープ", "FAX", "ファクシミリ", "ファックス", "ファクス", "Excel", "エクセル",
    "Word", "一太郎", "Internet Explorer", "Windows", "PowerPoint", "Zoom", "Microsoft Teams" },
  description = [[
技術中立：「既存の制度全体を見直し、ボトルネックが存在する場合には、これを機動的に解消し、技術中立的なもの等にアップデートする必要があり」（デジタル・ニッポン2025, seed 004
L1720）。FD等記録媒体を指定する規定はデジタル臨調が見直しの対象とした代表的なアナログ規制である。「保健所・医療機関
からの陽性者の報告が当初はファックスで行われていたなど、デジタルデータの活用により効率性・利便性を向上させる視点が
欠けているケースも多く見られた」（2020年宣言 L214）。施策が手段として特定の記録媒体・通信手段（フロッピーディスク、
CD-ROM、FAX/ファクシミリ）や製品名を指定しているものを報告する。現状の課題として述べる文や、見直し・廃止の文は除く。
A measure that names a specific medium or product as the means (technology neutrality).]],
  examples = {
    fire = {
      -- composed: a reporting route fixed to FAX
      "{id: '例', title: 感染症発生状況の報告, summary: 医療機関は発生状況を所定の様式によりファクシミリで保健所に報告し、保健所が集計する。}",
      -- composed: a product named as the format
      "{id: '例', title: 調査票の提出, summary: 各地方公共団体は調査票をExcel形式で作成し提出する。}",
    },
    quiet = {
      -- seed 003 06-13 (the FAX is today's problem)
      "{id: '06-13', title: 取引のデジタル化, summary: 我が国の企業間取引では、中小企業を中心に、未だに電話やFAX、紙での受発注・請求を行っている企業が多い。}",
      -- seed 001 L420
      "{id: '例', title: 公的な数量データの見直し, summary: 公的な数量データのFAX等の利用の見直しを行う。}",
    },
  },
  check = function(unit, ctx)
    local lex = ctx.lexicon["vendor-lock"]
    local reform = ctx.lexicon.principles.reform
    local m = common.find({ triggers = lex.triggers.media }, unit.text, reform)
    local product = false
    if not m then
      m = common.find({ triggers = lex.triggers.products }, unit.text, reform)
      product = m ~= nil
    end
    if not m then return end
    ctx:report {
      match = lexicon.span(m),
      severity = product and "info" or nil,
      message = (product and "特定の製品（「" or "特定の媒体・通信手段（「") .. m.text
        .. "」）を手段として指定しています（技術中立）。",
      message_en = "The measure names a specific " .. (product and "product" or "medium") .. " ('" .. m.text
        .. "') as the means (technology neutrality).",
      confidence = product and 0.5 or 0.7,
      suggestion = lex.remedy,
    }
  end,
}
