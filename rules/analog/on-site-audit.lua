-- analog.on-site-audit (実地監査): a regulator audits or inspects on site (実地監査・立入検査・臨検); an authority
-- to enter (「立ち入り、検査させることができる」) does not force on-site work and reports as info.
-- Lexicon: lexicon/on-site-audit.yaml; shared contexts and the obligation-strength judgement: common.lua.
local common = require "analog.common"

return rule {
  id = "analog.on-site-audit",
  title = "実地監査・立入検査 (on-site audit or inspection)",
  severity = "warning",
  principle = "digital-completion",
  analog_types = { "on-site-audit" },
  target = "law.sentence",
  triggers = { "実地", "立入", "立ち入", "臨検", "現地調査" },
  description = [[
実地での監査・検査・調査を行うことを定める規定（実地監査規制）。義務（「実地に監査を行わなければならない」）は
警告、権限規定（「立ち入り、検査させることができる」）は情報。遠隔監査・書面監査・センサー等による確認を認める規定に改める。
On-site audits or inspections: a duty warns, an authority to enter and inspect is info.]],
  examples = {
    fire = {
      -- 医薬品、医療機器等の品質、有効性及び安全性の確保等に関する法律 第十四条の二第二項
      "厚生労働大臣は、前項の確認を求められたときは、書面による調査又は実地の調査を行うものとする。",
      -- 医薬品、医療機器等の品質、有効性及び安全性の確保等に関する法律 第二十三条の二十五第五項
      "この場合において、あらかじめ、当該品目に係る資料が第三項後段の規定に適合するかどうかについての書面による調査又は実地の調査を行うものとする。",
    },
    quiet = {
      -- 経済連携協定に基づく特定原産地証明書の発給等に関する法律 第7条の12第3項
      "第一項の規定による立入検査の権限は、犯罪捜査のために認められたものと解してはならない。",
      -- あん摩マツサージ指圧師、はり師、きゆう師等に関する法律 第10条第2項
      "前項の規定によつて臨検検査をする当該職員は、その身分を示す証票を携帯しなければならない。",
    },
  },
  check = function(unit, ctx)
    common.check(unit, ctx, ctx.lexicon["on-site-audit"], {
      confidence = 0.8,
      message = "実地での監査・検査を定めています（実地監査規制）。",
      message_en = "The clause provides for an on-site audit or inspection (on-site-audit).",
    })
  end,
}
