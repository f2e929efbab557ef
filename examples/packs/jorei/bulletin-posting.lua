-- jorei.bulletin-posting (掲示場への掲示): promulgation or public notice by posting on the notice board in front
-- of the city office (公告式条例), or 公報 posted there. Phrases: lexicon/bulletin-posting.yaml.
local lexicon = require "shinsa.lexicon"
local common = require "jorei.common"

return rule {
  id = "jorei.bulletin-posting",
  title = "掲示場への掲示 (posting on the city's notice board)",
  severity = "warning",
  principle = "digital-completion",
  analog_types = { "physical-posting" },
  target = "law.sentence",
  triggers = { "掲示" },
  description = [[
条例の公布、規則等の公表又は公告を、市役所前の掲示場への掲示により行うと定める規定（公告式条例等）。
市のウェブサイトへの掲載その他の不特定多数の者が閲覧することができる状態に置く措置を認める。
Promulgation or public notice by posting on the city office's notice board; allow publication on the city's website.]],
  examples = {
    fire = {
      "条例の公布は、市役所前の掲示場に掲示してこれを行う。",
      "市長は、公報を発行したときは、速やかに、これを市役所前の掲示場に掲示しなければならない。",
    },
    quiet = {
      "掲示場の設置場所は、規則で定める。",
      "条例の公布は、市役所前の掲示場に掲示するほか、市のウェブサイトに掲載して行うことができる。",
    },
  },
  check = function(unit, ctx)
    local lex = ctx.lexicon["bulletin-posting"]
    local m = lexicon.find_trigger(lex, unit.text)
    if not m then return end
    common.judge(unit, ctx, lex, m, {
      confidence = 0.9,
      message = "公布・公告を掲示場への掲示により行うと定めています（書面掲示）。",
      message_en = "Promulgation or notice is made by posting on a physical notice board.",
    })
  end,
}
