-- principles.inclusion (誰一人取り残されない): a citizen-facing digital service (アプリ, オンライン申請,
-- マイナポータル, スマートフォン …) whose measure says nothing of accessibility or support for people less
-- familiar with digital tools.
local lexicon = require "shinsa.lexicon"
local common = require "principles.common"

return rule {
  id = "principles.inclusion",
  title = "アクセシビリティ・支援への言及がない (no accessibility or support)",
  severity = "info",
  principle = "inclusion",
  target = "measure",
  triggers = { "スマートフォン", "スマホ", "アプリ", "オンライン", "電子申請", "マイナポータル", "ポータルサイト" },
  description = [[
「デジタル化は、安心・安全・豊かさの手段であり、取り残される人があってはならず、デジタル・インクルーシブな環境を
作り出す。」（2020年宣言 L201–202）。「デジタルにアクセスできないことが深刻な格差を生む。…デジタル格差対策や
アクセシビリティの確保（デジタル・ミニマム）を図っていくことが不可欠である。」（同 L251）。住民・利用者向けの
デジタルサービス（アプリ、オンライン申請、マイナポータル、スマートフォン等）を提供する施策が、アクセシビリティ、
デジタルデバイド対策、高齢者・障害者等への支援に一切触れていないものを報告する。
A citizen-facing digital service measure that says nothing of accessibility or support (inclusion).]],
  examples = {
    fire = {
      -- seed 001 [No. 5-1] (second bullet): smartphone JPKI for residents, nothing on support
      "{id: '5-1', title: スマートフォンによる公的個人認証サービスの利用実現, summary: できる限り多くの住民が安価に"
        .. "スマートフォンによる公的個人認証サービスの利用を可能とするための方式について、検討を行う。}",
      -- seed 001 [No. 5-11] (third bullet)
      "{id: '5-11', title: 被災者生活再建支援金手続における添付書類不要化等, summary: 被災者生活再建支援金の申請を"
        .. "マイナポータルを通じて行えるようにし、地方公共団体に対して周知する。}",
    },
    quiet = {
      -- seed 003 09-28 (first sentence): what was already done, not what is planned
      "{id: '09-28', title: 国税情報システムに係るプロジェクトの推進, summary: 国税情報システムについては、"
        .. "これまでも「国税電子申告・納税システム」（e-Tax）のスマートフォン対応など利用者（納税者）の利便性の向上に対応している。}",
      -- seed 001 [No. 6-6] (Web accessibility)
      "{id: '6-6', title: Webアクセシビリティ確保のための環境整備等, summary: 国民が利用するウェブサイトや"
        .. "スマートフォンアプリについて、JIS X 8341-3への準拠を促進する。}",
      -- seed 003 03-01 (no citizen-facing service)
      "{id: '03-01', title: 民主主義的な価値に基づいた人間中心のAI原則の実践の支援, summary: 日本企業や研究者による"
        .. "国境を越えたAIの開発や利活用の円滑化のための取組を行う。}",
    },
  },
  check = function(unit, ctx)
    local lex = ctx.lexicon.inclusion
    if lexicon.any(lex.inclusive, unit.text) then return end
    -- the service and the people using it in one sentence: a measure about guides for hospitals or a data
    -- catalogue mentions an app or a portal without offering one to residents
    local m
    for _, x in ipairs(lexicon.matches(lex.service, unit.text)) do
      local sen = common.sentence(unit.text, x).text
      if lexicon.any(lex.citizen, sen) and not lexicon.any(lex.past, sen) then m = x break end
    end
    if not m then return end
    ctx:report {
      match = lexicon.span(m),
      message = "住民・利用者向けのデジタルサービス（「" .. m.text
        .. "」）ですが、アクセシビリティや、デジタルに不慣れな人への支援が記載されていません（誰一人取り残されないデジタル化）。",
      message_en = "A citizen-facing digital service ('" .. m.text
        .. "') with no word on accessibility or support for people less familiar with digital tools (inclusion).",
      confidence = 0.5,
      suggestion = lex.remedy,
    }
  end,
}
