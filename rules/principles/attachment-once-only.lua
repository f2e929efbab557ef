-- principles.attachment-once-only (ワンスオンリー): a measure that has people attach or show certificates the
-- administration already holds (住民票の写し, 戸籍謄本, 登記事項証明書, 納税証明書, 印鑑登録証明書 …).
local lexicon = require "shinsa.lexicon"
local common = require "principles.common"

return rule {
  id = "principles.attachment-once-only",
  title = "行政が保有する証明書の添付 (attaching certificates the government holds)",
  severity = "warning",
  principle = "once-only",
  target = "measure",
  triggers = { "住民票", "戸籍", "登記", "証明書" },
  description = [[
デジタル3原則の「②ワンスオンリー：一度提出した情報は、二度提出することを不要とする」（2020年宣言 L460）。「行政機関間
の情報連携等による添付書類の省略などオンライン利用を促進する方策を検討する」（同 L462）。住民票の写し・戸籍謄本・
登記事項証明書・納税証明書・印鑑登録証明書など、行政が既に保有する情報の証明書を添付・提出・提示させる施策を報告する。
同じ文で添付の不要化・省略・情報連携を述べるもの（例: [No. 5-11] 「住民票の写しの添付の不要化」）は除く。
A measure that has people attach certificates of data the government already holds (once only).]],
  examples = {
    fire = {
      -- composed: the attachment kept in an online procedure
      "{id: '例', title: 補助金申請のオンライン化, summary: 申請はオンラインで受け付け、申請者は住民票の写し及び納税証明書を添付して提出する。}",
    },
    quiet = {
      -- seed 001 [No. 5-11]
      "{id: '5-11', title: 被災者生活再建支援金手続における添付書類不要化等, summary: 被災者生活再建支援金手続におけるマイナンバー制度の情報連携を活用することによる住民票の写しの添付の不要化について、"
        .. "活用事例等を地方公共団体に対して周知する等、その促進を図る。}",
    },
  },
  check = function(unit, ctx)
    local lex = ctx.lexicon["attachment-once-only"]
    local reform = ctx.lexicon.principles.reform
    for _, m in ipairs(common.find_all(lex, unit.text, reform)) do
      if lexicon.any(lex.demand, m.sentence.text) then
        ctx:report {
          match = lexicon.span(m),
          message = "行政が保有する情報の証明書（「" .. m.text .. "」）の添付・提出を求めています（ワンスオンリー）。",
          message_en = "The measure has people hand over a certificate the government already holds (once only).",
          confidence = 0.75,
          suggestion = lex.remedy,
        }
        return
      end
    end
  end,
}
