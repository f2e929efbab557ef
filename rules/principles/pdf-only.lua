-- principles.pdf-only (機械判読性): a measure that publishes data as PDF (or images, or on paper) and names
-- no machine-readable form (CSV, API, オープンデータ …); at info level, one that publishes data and names no
-- format at all.
local lexicon = require "shinsa.lexicon"
local common = require "principles.common"

return rule {
  id = "principles.pdf-only",
  title = "PDFのみの公表・機械判読できない公開 (data published only as PDF)",
  severity = "warning",
  principle = "machine-readable",
  target = "measure",
  triggers = { "PDF", "画像データ", "紙", "公表", "公開" },
  description = [[
機械判読性：「書類のデータと、機械判読性(Machine-Readable)と発見可能性(Findable)を確保したデジタルデータとでは、
価値が全く異なる。」（2020年宣言 L198）。オープンデータの定義「①営利目的、非営利目的を問わず二次利用可能なルールが
適用されたもの、②機械判読に適したもの、③無償で利用できるもの」（同 L989）。「行政データの機械可読性の向上や構造化、
データ仕様・フォーマット等の標準化等を推進する体制を構築すべき」（デジタル・ニッポン2025, seed 004 L1175）。データをPDF・画像・紙で公表し、
CSV・API・オープンデータ等の機械判読可能な形式に触れない施策を報告する（warning）。データを公表・公開するが形式に
一切触れない施策は info とする。
A measure that publishes data only as PDF (warning), or publishes data without naming a machine-readable
form (info).]],
  examples = {
    fire = {
      -- composed: results as PDF only
      "{id: '例', title: 調査結果の公表, summary: 毎年度の調査結果を取りまとめ、PDFにより各府省庁のウェブサイトで公表する。}",
    },
    quiet = {
      -- seed 001 L983
      "{id: '2-4', title: 地方におけるオープンデータの促進, summary: より機械判読に適した形式でのデータの公開や、地方公共団体における「推奨データセット」に準拠したデータの公開を進める。}",
      -- seed 003 04-05
      "{id: '04-05', title: オープンデータカタログの一元的提供の推進, summary: デジタル庁は、データカタログサイトを抜本的にリニューアルするとともに、"
        .. "e-Govと統合し、e-Govデータポータルサービスの運用を開始した。}",
    },
  },
  check = function(unit, ctx)
    local lex = ctx.lexicon["pdf-only"]
    if lexicon.any(lex.machine_readable, unit.text) then return end
    local m = common.find(lex, unit.text, ctx.lexicon.principles.reform)
    if m and not lexicon.any(lex.publish_verbs, m.sentence.text) then m = nil end
    if m then
      ctx:report {
        match = lexicon.span(m),
        message = "データを「" .. m.text .. "」で公表し、機械判読可能な形式（CSV・API・オープンデータ等）が記載されていません。",
        message_en = "Data is published as '" .. m.text .. "' with no machine-readable form (CSV, API, open data).",
        confidence = 0.7,
        suggestion = lex.remedy,
      }
      return
    end
    local p = lexicon.match(lex.publication, unit.text)
    if not p then return end
    ctx:report {
      match = lexicon.span(p),
      severity = "info",
      message = "データを公表・公開する施策ですが、公開の形式（CSV・API・オープンデータ等）が記載されていません。",
      message_en = "The measure publishes data but names no machine-readable form (CSV, API, open data).",
      confidence = 0.4,
      suggestion = lex.remedy,
    }
  end,
}
