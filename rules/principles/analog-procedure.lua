-- principles.analog-procedure (デジタル完結): a measure that plans an analog procedure of one of the analog types
-- (目視で点検, 実地監査, 常駐, 対面講習, 掲示, 窓口で閲覧, 書面で提出, 押印, 郵送・持参, 来庁・出頭, CD-ROMで提出 …).
-- One finding per type and measure, its `analog_types` set to the type matched. Lexicon:
-- lexicon/analog-procedure.yaml; quiet when the sentence describes the problem or the reform
-- (`principles.reform`), plans a digital route (`digital_route`) or keeps the step as a fallback (`fallback`).
local lexicon = require "shinsa.lexicon"
local common = require "principles.common"

-- The analog types in report order (docs/design.md, "Analog types").
local TYPES = {
  { id = "visual-inspection", label = "目視" },
  { id = "on-site-audit", label = "実地監査" },
  { id = "periodic-inspection", label = "定期検査・定期点検" },
  { id = "resident-exclusive", label = "常駐・専任" },
  { id = "in-person-training", label = "対面講習" },
  { id = "physical-posting", label = "書面掲示" },
  { id = "in-person-viewing", label = "往訪閲覧・縦覧" },
  { id = "paper-document", label = "書面・原本" },
  { id = "seal-signature", label = "押印・署名" },
  { id = "physical-delivery", label = "郵送・持参・窓口" },
  { id = "in-person-appearance", label = "対面・出頭・立会い" },
  { id = "recording-media", label = "FD等記録媒体" },
}

return rule {
  id = "principles.analog-procedure",
  title = "アナログな手続・確認を計画 (analog procedure planned)",
  severity = "warning",
  principle = "digital-completion",
  target = "measure",
  triggers = { "目視", "実地", "現地", "立入", "定期", "常駐", "専任", "対面", "集合研修", "掲示", "閲覧", "縦覧",
    "書面", "紙", "原本", "押印", "実印", "捺印", "郵送", "持参", "窓口", "来庁", "出頭", "立会", "立ち会",
    "ディスク", "CD-R", "DVD", "磁気テープ" },
  description = [[
「デジタル原則」の①デジタル完結・自動化に反する、アナログ規制の類型（目視、実地監査、定期検査・定期点検、常駐・専任、
対面講習、書面掲示、往訪閲覧・縦覧、書面・原本、押印・署名、郵送・持参・窓口、対面・出頭・立会い、FD等記録媒体）に
当たる手続・確認を、施策自身が計画しているものを報告する。「代表的な７類型（目視、実地監査、常駐、対面等）のアナログ規制
見直しはほぼ完了」（重点計画 2024, seed 004 L36）。見直し・廃止・デジタル化の対象として述べる文（課題や改革そのもの）、
同じ文でデジタルの経路（オンライン、遠隔、ドローン、センサー等）を計画する文、及び対面等を希望する者への
やむを得ない補完として残す文は除く。
A measure that itself plans an analog procedure of one of the analog types (digital completion).]],
  examples = {
    fire = {
      -- composed (no real measure plans one): inspection by eye and a paper filing
      "{id: '例', title: 河川管理施設の点検, summary: 管理者は職員を定期的に現地に派遣し、目視により堤防の点検を行う。点検結果は書面により報告する。}",
    },
    quiet = {
      -- seed 001 L405
      "{id: '例', title: 内部手続の見直し, summary: 各府省及び独立行政法人は、会計手続、人事手続その他の内部手続について、書面・押印・対面の見直しを行う。}",
      -- seed 001 L2881 (目視外飛行: flight beyond visual line of sight, a drone measure)
      "{id: '例', title: 小型無人機の目視外飛行, summary: 令和4年度を目途に有人地帯での目視外飛行の実現を目指す。}",
    },
  },
  check = function(unit, ctx)
    local lex = ctx.lexicon["analog-procedure"]
    local reform = ctx.lexicon.principles.reform
    for _, t in ipairs(TYPES) do
      local entries = lex.types[t.id]
      if entries then
        local one = { triggers = entries, sentence_quiet = lex.sentence_quiet }
        for _, m in ipairs(common.find_all(one, unit.text, reform)) do
          local sen = m.sentence.text
          if not lexicon.any(lex.digital_route, sen) and not lexicon.any(lex.fallback, sen) then
            ctx:report {
              match = lexicon.span(m),
              message = "アナログな手続・確認（" .. t.label .. "：「" .. m.text
                .. "」）を計画しており、同じ文にデジタルの経路がありません（デジタル完結）。",
              message_en = "The measure plans an analog procedure (" .. t.id
                .. ") with no digital route in the same sentence (digital completion).",
              confidence = 0.65,
              analog_types = { t.id },
              suggestion = lex.remedy,
            }
            break
          end
        end
      end
    end
  end,
}
