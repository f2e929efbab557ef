-- principles.paper-channel (デジタルファースト): a measure that plans a paper, postal or counter channel and
-- names no online route. Lexicon: lexicon/principles.yaml `paper-channel`; sentences that present the channel
-- as something to end (`principles.reform`) are not reported.
local lexicon = require "shinsa.lexicon"
local common = require "principles.common"

return rule {
  id = "principles.paper-channel",
  title = "紙・窓口・郵送だけの経路 (paper or counter-only channel)",
  severity = "warning",
  principle = "digital-first",
  target = "measure",
  triggers = { "書面", "窓口", "郵送", "紙", "来庁", "持参" },
  description = [[
デジタル3原則の「①デジタルファースト：個々の手続・サービスが一貫してデジタルで完結する」（世界最先端デジタル国家
創造宣言・官民データ活用推進基本計画 2020年, L460）。「デジタル手続法に規定されたデジタルファースト原則を踏まえれば、
地方公共団体の手続のオンライン化を進めることが本筋である」（同 L474）。書面による申請・窓口での提出・郵送・紙での
手続を計画しながら、オンラインの経路に一言も触れない施策を報告する。書面等を見直す・廃止する文脈（課題の記述）は除く。
A measure that plans a paper, counter or postal channel and names no online route (digital first).]],
  examples = {
    fire = {
      -- composed (no real measure keeps a paper-only channel): a benefit procedure run by post and at the counter
      "{id: '例', title: 給付金の支給, summary: 申請書は市区町村の窓口での提出又は郵送により受け付け、審査の上で給付する。}",
    },
    quiet = {
      -- seed 003 09-29 (the paper step is what the measure removes)
      "{id: '09-29', title: 国税地方税連携の推進, summary: これらの取組により、国税・地方税当局間における書面による照会・回答事務や、"
        .. "対面による閲覧事務を省略化し、国税・地方税当局双方の更なる事務の効率化を図る。}",
      -- seed 003 07-07 (the post office as a counter, alongside マイナンバーカード terminals and online care)
      "{id: '07-07', title: デジタル技術を活用した郵便局による地域連携, summary: 地方公共団体による郵便局型マイナンバーカード利用端末の設置に財政措置を行うなど、"
        .. "郵便局を行政サービスの窓口等として活用を促進するほか、オンライン診療の拠点としての郵便局の空きスペースの活用を図る。}",
    },
  },
  check = function(unit, ctx)
    local lex = ctx.lexicon["paper-channel"]
    local m = common.find(lex, unit.text, ctx.lexicon.principles.reform)
    if not m then return end
    if lexicon.any(lex.online_route, unit.text) then return end
    ctx:report {
      match = lexicon.span(m),
      message = "「" .. m.text .. "」の経路を計画していますが、オンラインの経路が記載されていません（デジタルファースト）。",
      message_en = "The measure plans a paper, counter or postal channel and names no online route (digital first).",
      confidence = 0.7,
      suggestion = lex.remedy,
    }
  end,
}
