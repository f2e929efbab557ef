-- analog.paper-document (書面主義): a procedure must be done in writing on paper (書面により, 書面を交付) and the
-- clause gives no electromagnetic alternative (電磁的方法 in the same sentence, paragraph or article → info).
-- Lexicon: lexicon/paper-document.yaml; shared contexts and the obligation-strength judgement: common.lua.
local common = require "analog.common"
local text = require "shinsa.text"

-- A general online provision of the same law that the clause does not cite (RUBRIC §4.1, settled 06dbf5c): 民事訴訟法
-- 第百三十二条の十 (「民事訴訟に関する手続における申立てその他の申述（以下「申立て等」という。）のうち、…書面等…をもって
-- するものとされているもの…については、…電子情報処理組織を用いてすることができる」) and the laws that apply it to their
-- own 申立て等 by 準用 (非訟事件手続法 第四十二条第一項, 家事事件手続法 第三十八条第一項, ハーグ条約実施法 第六十九条第一項).
-- Found once per law in its paragraphs (`unit.law`); nil when the law has none.
local online = { file = nil, found = nil }

local function general_online(unit)
  if online.file == unit.file and online.law == unit.law then return online.found end
  local found = false
  local law = unit.law
  if type(law) == "table" and type(law.para_text) == "table" then
    for i, t in ipairs(law.para_text) do
      if t:find("申立てその他の申述", 1, true) and t:find("申立て等", 1, true)
        and ((t:find("電子情報処理組織", 1, true) and t:find("することができる", 1, true))
          or (t:find("民事訴訟法第百三十二条の十第一項", 1, true) and t:find("準用する", 1, true))) then
        found = { citation = law.para_citation and law.para_citation[i],
                  address = law.para_address and law.para_address[i] }
        break
      end
    end
  end
  online.file, online.law, online.found = unit.file, law, found
  return found
end

-- a 申立て等 a party makes to the court in writing (「参加の申出は、書面でしなければならない」, 「請求の変更は、書面でしなければ
-- ならない」, 「…書面を裁判所に提出してしなければならない」, 「…を書面により届け出なければならない」); not the court's own acts
-- (service, copies, records: 「前項の書面は、当事者双方に送達しなければならない」) nor the law's 書面等 provisions themselves
local filing_re = "^(?!.*(送達|送付|交付|作成|出力|謄写|閲覧|裁判所は|裁判長は|書記官は|執行官は|第百三十二条の十))"
  .. ".*(書面(で|により|によって|をもって)[^。]{0,12}(しなければならない|する。|届け出|準備し)|書面を[^。]{0,10}裁判所に提出)"

local function online_downgrade(unit)
  if not text.find_any(unit.text, { { re = filing_re } }) then return nil end
  local g = general_online(unit)
  if not g then return nil end
  local cite = g.citation or "同じ法律の規定"
  return {
    ja = "ただし、" .. cite .. "（申立て等は電子情報処理組織を用いてすることができる旨の一般規定）により、電子的な代替手段があります。",
    en = "The law's general online provision (" .. cite .. ") lets this 申立て等 be made online.",
    related = { { file = unit.file, address = g.address, citation = g.citation,
      note = "申立て等をオンラインですることができる旨の一般規定です。 (The law's general provision for filings made online.)" } },
  }
end

return rule {
  id = "analog.paper-document",
  title = "書面主義 (paper required)",
  severity = "warning",
  principle = "digital-completion",
  analog_types = { "paper-document" },
  target = "law.sentence",
  triggers = { "書面", "文書", "謄本", "正本", "副本", "抄本", "裁判書", "原本", "押印", "署名", "者表に" },
  description = [[
書面による申請・通知・交付等を求める規定（書面主義）。同じ条に電磁的方法の定めがあれば情報にとどめる。
電磁的方法により行うことができる規定に改める。
A procedure that must be done on paper, without an electromagnetic alternative.]],
  examples = {
    fire = {
      -- 日本国とアメリカ合衆国との間の相互協力及び安全保障条約第六条に基づく施設及び区域並びに日本国における合衆国軍隊の地位に関する協定の実施に伴う土地等の使用等に関する特別措置法 第十九条第二項
      "前項の規定による申立ては、防衛省令で定める様式に従い、書面でしなければならない。",
      -- 国税通則法 第百六条第三項
      "前二項の場合において、不服申立人の地位を承継した者は、書面でその旨を国税不服審判所長等に届け出なければならない。",
    },
    quiet = {
      -- 労働金庫法 第62条の6第10項
      "前項の書面の謄本又は抄本の交付の請求",
      -- 農林中央金庫法 第65条の2第3項
      "この場合において、当該申込みをした者は、同項の書面を交付したものとみなす。",
    },
  },
  check = function(unit, ctx)
    common.check(unit, ctx, ctx.lexicon["paper-document"], {
      confidence = 0.8,
      message = "書面（紙）による手続・交付を求めています（書面主義）。",
      message_en = "The clause requires paper for a procedure or a delivery (paper-document).",
      downgrade = online_downgrade,
    })
  end,
}
