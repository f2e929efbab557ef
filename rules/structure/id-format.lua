-- structure.id-format: a 施策番号 that is neither NN-NN (施策集 2023: 03-01) nor N-N (2020 宣言: 5-11).
-- Accepted forms: lexicon/structure.yaml `id_formats`.
local lexicon = require "shinsa.lexicon"
local common = require "structure.common"

return rule {
  id = "structure.id-format",
  title = "施策番号の形式が不正 (malformed measure id)",
  severity = "warning",
  principle = nil,
  target = "measure",
  description = [[
施策番号は、施策集（2023年）の「03-01」（分野2桁-番号2桁）か、世界最先端デジタル国家創造宣言（2020年）の
「[No. 5-11]」の「5-11」（基本的施策の番号-番号）の形で書く。施策番号はフォローアップ、KPIの突合、
指摘の所在（address）の鍵になるため、全角数字・全角ハイフン・余分な文字を含む番号は正規化する。
A measure id must read NN-NN (the 2023 施策集, e.g. 03-01) or N-N (the 2020 declaration, e.g. 5-11):
ids key follow-up, KPI matching and finding addresses. Only the national plan is held to these forms (source.level
national or absent); a ministry's, prefecture's or municipality's plan numbers its measures its own way.]],
  examples = {
    fire = {
      "{id: 'No. 5-11', title: 被災者生活再建支援金手続における添付書類不要化等}",  -- seed 001 header copied whole
      "{id: '５－１１', title: 被災者生活再建支援金手続における添付書類不要化等}",    -- composed: full-width form
    },
    quiet = {
      "{id: '03-01', title: 民主主義的な価値に基づいた人間中心のAI原則の実践の支援}",  -- seed 003
      "{id: '5-11', title: 被災者生活再建支援金手続における添付書類不要化等}",        -- seed 001 [No. 5-11]
    },
  },
  check = function(unit, ctx)
    local m = unit.data or {}
    local id = common.id(m)
    local formats = ctx.lexicon.structure.id_formats
    -- the NN-NN / N-N forms are the national 施策集's; other plans number their measures their own way
    if id ~= nil and not common.national(unit) then return end
    if id == nil then
      ctx:report {
        message = "施策番号（id）がありません。",
        message_en = "The measure has no id.",
        confidence = 1.0,
        suggestion = "施策集の番号（例: \"03-01\"）を id に記載してください。",
      }
      return
    end
    if lexicon.any(formats, id) then return end
    local folded = common.fold_id(id)
    folded = folded:gsub("^%[?[Nn][Oo]%.?", ""):gsub("%]$", "")
    local fix = lexicon.any(formats, folded) and folded or nil
    ctx:report {
      message = "施策番号「" .. id .. "」の形式が不正です（「03-01」又は「5-11」の形）。",
      message_en = "Malformed measure id '" .. id .. "' (expected NN-NN or N-N).",
      confidence = 0.9,
      suggestion = fix and ("施策番号を \"" .. fix .. "\" と記載してください。")
        or "施策番号を「分野-番号」の形（例: \"03-01\"）で記載してください。",
    }
  end,
}
