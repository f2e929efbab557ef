-- analog.physical-posting (書面掲示): a duty to post a notice, sign or licence at premises, where the public
-- must come to see it. Lexicon: lexicon/physical-posting.yaml; shared contexts: lexicon/common.yaml.
local common = require "analog.common"

return rule {
  id = "analog.physical-posting",
  title = "書面掲示の義務 (duty to post a physical notice)",
  severity = "warning",
  principle = "digital-completion",
  analog_types = { "physical-posting" },
  target = "law.sentence",
  triggers = { "掲示", "掲げ", "設置", "設け", "見やすい場所", "見易い場所" },
  description = [[
事務所・営業所・掲示場等への書面の掲示を義務付ける規定（書面掲示規制）。デジタル臨調の代表的な7類型の一つで、
デジタル完結・自動化原則に反する。インターネットによる公衆への閲覧（自動公衆送信）を認める規定に改める。
A duty to post a notice, sign or licence at premises (one of the seven representative analog types).]],
  examples = {
    fire = {
      -- 暴力団員による不当な行為の防止等に関する法律 第三十九条の二第三項
      "公示送達は、送達すべき書類の名称、その送達を受けるべき者の氏名及び公安委員会がその書類をいつでも送達を受けるべき者に交付する旨を当該公安委員会の掲示板に掲示して行う。",
      -- 貸金業法 第二十三条第一項
      "貸金業者は、営業所又は事務所ごとに、公衆の見やすい場所に、内閣府令で定める様式の標識を掲示しなければならない。",
    },
    quiet = {
      -- 金融サービスの提供及び利用環境の整備等に関する法律 (prohibition)
      "金融サービス仲介業者以外の者は、第一項の標識又はこれに類似する標識を掲示してはならない。",
      -- penalty clause
      "第九条（第十八条第二項において準用する場合を含む。）の規定による標識を掲示しなかつた者",
      -- 「次に掲げる」 is a list, not a posting
      "内閣総理大臣は、次に掲げる事項を公表しなければならない。",
    },
  },
  check = function(unit, ctx)
    -- the standard judgement (negative contexts, obligation strength, trigger governed by the predicate):
    -- an effort duty or an authority reports as info, a duty about an earlier posting stays quiet
    common.check(unit, ctx, ctx.lexicon["physical-posting"], {
      confidence = 0.85,
      authority = "quiet",           -- 「掲示することができる」 (instead of a notice) is no duty to post
      message = "書面の掲示を義務付けています（書面掲示規制）。",
      message_en = "The clause requires posting a physical notice (physical-posting).",
    })
  end,
}
