-- structure.id-duplicate: the same 施策番号 used by two measures of one 施策集. Each repeat is reported, with
-- `related` pointing at the first measure that used the id.
local common = require "structure.common"

return rule {
  id = "structure.id-duplicate",
  title = "施策番号の重複 (duplicate measure id)",
  severity = "error",
  principle = nil,
  target = "measures.document",
  description = [[
同じ施策集の中で、同じ施策番号が二つ以上の施策に付いている。施策番号は施策を一意に指す鍵であり（フォローアップ、
KPIの突合、指摘の所在）、重複していると、どの施策の指摘かが決まらない。二つ目以降の施策ごとに報告し、
関連箇所（related）に最初の施策を示す。比較は全角・半角を同一視して行う。
Two measures of one plan share an id. Each repeat is reported, with `related` naming the first use.]],
  examples = {
    fire = {
      -- composed: seed 003 ids 04-03 and 04-05, the second mistyped as 04-03
      "{kind: measures, measures: [{id: '04-03', title: 海のデータ連携の推進}, {id: '04-03', title: オープンデータカタログの一元的提供の推進}]}",
    },
    quiet = {
      "{kind: measures, measures: [{id: '04-03', title: 海のデータ連携の推進}, {id: '04-05', title: オープンデータカタログの一元的提供の推進}]}",
    },
  },
  check = function(unit, ctx)
    local first = {}
    for i, m in ipairs(common.measures(unit.data)) do
      local id = type(m) == "table" and common.id(m) or nil
      if id then
        local key = common.fold_id(id)
        local f = first[key]
        if not f then
          first[key] = { index = i, id = id, title = m.title }
        else
          ctx:report {
            message = "施策番号「" .. id .. "」が重複しています（" .. i .. "番目の施策「" .. tostring(m.title or "")
              .. "」。最初の使用は" .. f.index .. "番目の施策）。",
            message_en = "Duplicate measure id '" .. id .. "' (measure #" .. i .. "; first used by measure #"
              .. f.index .. ").",
            confidence = 1.0,
            suggestion = "施策番号を一意にしてください。",
            related = { {
              file = unit.file,
              address = (unit.file or "") .. "#" .. f.id,
              citation = "施策 " .. f.id .. (f.title and ("「" .. tostring(f.title) .. "」") or ""),
              note = "最初にこの施策番号を使った施策（measures[" .. (f.index - 1) .. "]） (first measure with this id)",
            } },
          }
        end
      end
    end
  end,
}
