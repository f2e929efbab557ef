--- Helpers shared by the structure rules.
local text = require "shinsa.text"

local M = {}

--- A field as trimmed text, or nil when absent or blank (spaces, full-width spaces, newlines).
function M.nonblank(v)
  if v == nil then return nil end
  local s = tostring(v)
  s = s:gsub("^[%s\u{3000}]+", ""):gsub("[%s\u{3000}]+$", "")
  if s == "" then return nil end
  return s
end

--- A measure id as a string (a plain YAML number such as 12 arrives as a number), or nil.
function M.id(m)
  return M.nonblank(m and m.id)
end

--- The folded form of an id: NFKC, width folding, spaces removed.
function M.fold_id(id)
  return (text.normalize(id):gsub("%s+", ""))
end

--- Whether the plan is the national one (source.level national, or no level stated: the 重点計画 and the
-- 2020 declaration the pack was written for). Rules that hold only for the national plan — links to the two
-- basic laws, the 施策集's 施策番号 formats, 府省庁 as owners — stay quiet on a ministry's, prefecture's or
-- municipality's plan.
function M.national(unit)
  local level = unit and unit.context and unit.context.plan_level
  return level == nil or level == "" or level == "national"
end

--- The level a plan states (source.level), for messages; nil when none.
function M.level(unit)
  local level = unit and unit.context and unit.context.plan_level
  if level == "" then return nil end
  return level
end

--- The measures of a 施策集 document as a list (empty when absent or not a list).
function M.measures(doc)
  local ms = type(doc) == "table" and doc.measures or nil
  if type(ms) ~= "table" then return {} end
  return ms
end

return M
