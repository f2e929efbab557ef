-- structure.title-summary: a measure whose title (施策名) or summary (課題・取組概要) is missing or blank.
local common = require "structure.common"

return rule {
  id = "structure.title-summary",
  title = "施策名・概要の欠落 (missing title or summary)",
  severity = "warning",
  principle = nil,
  target = "measure",
  description = [[
施策集の各施策は、施策名と「課題・取組概要（スケジュール・効果）」を持つ。「施策の内容が、国民や事業者等（利用者）の
便益や公共価値（Public Value）の向上にどのように繋がるのかなどの政策目標を、適切かつ明確にすること」
（2020年宣言 L1281）。施策名（title）又は概要（summary）が無い、又は空白だけの施策を報告する。
A measure whose title or summary is missing or blank.]],
  examples = {
    fire = {
      "{id: '04-03', title: 海のデータ連携の推進}",     -- seed 003 04-03 with the summary cell lost
      "{id: '04-03', title: '　', summary: 海のデータの共有・活用を図る。}",   -- composed: blank title
    },
    quiet = {
      "{id: '04-03', title: 海のデータ連携の推進, summary: 海洋状況表示システム（海しる）の掲載情報の充実やAPI連携等といった利便性向上を進め、海のデータの共有・活用を図る。}",
    },
  },
  check = function(unit, ctx)
    local m = unit.data or {}
    local missing = {}
    if not common.nonblank(m.title) then missing[#missing + 1] = "施策名（title）" end
    if not common.nonblank(m.summary) then missing[#missing + 1] = "概要（summary）" end
    if #missing == 0 then return end
    local en = {}
    if not common.nonblank(m.title) then en[#en + 1] = "title" end
    if not common.nonblank(m.summary) then en[#en + 1] = "summary" end
    ctx:report {
      message = table.concat(missing, "と") .. "がありません。",
      message_en = "The measure has no " .. table.concat(en, " and ") .. ".",
      confidence = 0.95,
      suggestion = "施策名と、課題・取組概要（スケジュール・効果）を記載してください。",
    }
  end,
}
