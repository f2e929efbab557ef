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

--- The measures of a 施策集 document as a list (empty when absent or not a list).
function M.measures(doc)
  local ms = type(doc) == "table" and doc.measures or nil
  if type(ms) ~= "table" then return {} end
  return ms
end

return M
