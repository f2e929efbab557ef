-- analog.in-person-viewing (往訪閲覧・縦覧): documents the public can inspect only by visiting an office.
-- Lexicon: lexicon/in-person-viewing.yaml; shared contexts and the obligation-strength judgement: common.lua.
local common = require "analog.common"

return rule {
  id = "analog.in-person-viewing",
  title = "往訪閲覧・縦覧 (inspection only by visiting an office)",
  severity = "warning",
  principle = "digital-completion",
  analog_types = { "in-person-viewing" },
  target = "law.sentence",
  triggers = { "縦覧", "閲覧", "備え置", "備えて置", "備え付け", "備付け" },
  description = [[
書類・名簿・計画案等を事務所等で公衆の閲覧又は縦覧に供することを義務付ける規定（往訪閲覧・縦覧規制）。
デジタル臨調の代表的な7類型の一つ。インターネットの利用その他の方法により公衆の閲覧に供する規定に改める。
A duty to make documents available for inspection at an office (one of the seven representative analog types).]],
  examples = {
    fire = {
      -- 割賦販売法 第三十五条の十九第一項
      "認定割賦販売協会は、社員名簿を公衆の縦覧に供しなければならない。",
      -- 資金決済に関する法律 第三十九条第三項
      "内閣総理大臣は、資金移動業者登録簿を公衆の縦覧に供しなければならない。",
    },
    quiet = {
      -- 社会福祉法 第54条の7第2項
      "前項の書面の閲覧の請求",
      -- 電気工事業の業務の適正化に関する法律 第32条第1項
      "登録電気工事業者登録簿の閲覧を請求しようとする者",
    },
  },
  check = function(unit, ctx)
    common.check(unit, ctx, ctx.lexicon["in-person-viewing"], {
      confidence = 0.8,
      message = "事務所等での閲覧・縦覧を義務付けています（往訪閲覧・縦覧規制）。",
      message_en = "The clause requires inspection of documents at an office (in-person-viewing).",
    })
  end,
}
