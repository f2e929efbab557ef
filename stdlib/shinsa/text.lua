--- Text helpers for rule authors: find literals and PCRE2 patterns, normalize, cut by code points.
--
-- Offsets are 0-based code points with an exclusive end everywhere, the convention of
-- `ctx:report{match = {start = …, ["end"] = …}}`: the match table returned by `find_any` can be passed
-- to `ctx:report` as it is.
--
-- An *entry* (of a lexicon list) is either a string, searched literally, or a table `{re = "…"}`, a PCRE2
-- pattern in UTF mode (the tables may carry more keys; they are returned as `entry`).
--
-- @module shinsa.text
-- @usage local text = require "shinsa.text"
local core = require "shinsa.core"

local M = {}

local function entry_kind(e)
  local t = type(e)
  if t == "string" then return "literal", e end
  if t == "table" then
    local re = e.re
    if type(re) == "string" then return "re", re end
    local lit = e.literal or e.text
    if type(lit) == "string" then return "literal", lit end
  end
  error("辞書の項目は文字列か {re = \"…\"} です (a lexicon entry is a string or {re = \"...\"}): "
    .. tostring(e), 3)
end

local function as_list(list)
  if list == nil then return {} end
  if type(list) == "string" then return { list } end
  if type(list) == "table" and (list.re ~= nil or list.literal ~= nil) then return { list } end
  return list
end

-- Byte position (1-based) of code point offset `cp` (0-based) in s.
local function byte_of(s, cp)
  if not cp or cp <= 0 then return 1 end
  return utf8.offset(s, cp + 1) or (#s + 1)
end

local function find_literal(s, lit, init)
  if lit == "" then return nil end
  local i = string.find(s, lit, byte_of(s, init), true)
  if not i then return nil end
  local start = utf8.len(s, 1, i - 1)
  if not start then error("UTF-8 として不正な文字列です (invalid UTF-8 text)", 3) end
  return start, start + core.len(lit), lit
end

local function find_entry(s, e, init)
  local kind, v = entry_kind(e)
  if kind == "literal" then return find_literal(s, v, init) end
  local st, en, txt = core.find(s, v, init)
  return st, en, txt
end

--- Normalize text for comparison: Unicode NFKC plus width folding (full-width ASCII and digits to ASCII,
-- half-width katakana to full-width, U+2212 and hyphens to "-", 〜 to "~"). Kana and kanji stay as they are.
-- The result can be shorter or longer than `s`, so offsets into it are not offsets into `s`.
-- @param s string the text
-- @return string the folded text
-- @usage text.normalize("ＣＤ－ＲＯＭを提出") --> "CD-ROMを提出"
function M.normalize(s)
  return core.fold(s)
end

--- Length of a string in code points.
-- @param s string
-- @return integer
-- @usage text.len("書面で") --> 3
function M.len(s)
  return core.len(s)
end

--- Cut a string by code points: `[start, end)`, 0-based, like the offsets of a match.
-- @param s string
-- @param start integer first code point (0-based; negative counts from the end)
-- @param finish integer|nil end, exclusive (default: the end of s)
-- @return string
-- @usage text.sub("掲示しなければならない", 0, 2) --> "掲示"
function M.sub(s, start, finish)
  return core.sub(s, start, finish)
end

--- Escape a literal so that it can be used inside a PCRE2 pattern.
-- @param s string
-- @return string
-- @usage core.find(s, text.escape("(a+b)") .. "以上")
function M.escape(s)
  return core.escape(s)
end

--- The first match, in s, of any entry of a list: the leftmost one; at equal starts the longest; then the
-- earlier entry.
-- @param s string the text (usually `unit.text`)
-- @param list table a list of entries (strings or `{re = …}`), a single entry, or nil
-- @param init integer|nil where to start, in code points (default 0)
-- @return table|nil `{start = , ["end"] = , text = , entry = , index = }` (index: the entry's position)
-- @usage local m = text.find_any(unit.text, {"掲示", {re = "掲げ(て)?おかなければ"}})
-- if m then ctx:report{message = "…", match = m} end
function M.find_any(s, list, init)
  list = as_list(list)
  local best
  for i = 1, #list do
    local e = list[i]
    local st, en, txt = find_entry(s, e, init)
    if st and (not best or st < best.start or (st == best.start and en > best["end"])) then
      best = { start = st, ["end"] = en, text = txt, entry = e, index = i }
    end
  end
  return best
end

--- Every match in s of every entry of a list, ordered by start, then longest first, then entry order.
-- Matches of one entry do not overlap each other; matches of different entries may.
-- @param s string
-- @param list table entries as for `find_any`
-- @return table a list of `{start = , ["end"] = , text = , entry = , index = }` (empty when none)
-- @usage for _, m in ipairs(text.find_all(unit.text, lex.triggers)) do … end
function M.find_all(s, list)
  list = as_list(list)
  local out = {}
  for i = 1, #list do
    local e = list[i]
    local kind, v = entry_kind(e)
    if kind == "literal" then
      -- (the code point offset is counted from the previous match, not from the start of s: every match
      -- counting from the start was quadratic in a long text with many matches)
      if v ~= "" then
        local n = core.len(v)
        local bpos, cpos = 1, 0
        while true do
          local b = string.find(s, v, bpos, true)
          if not b then break end
          local d = utf8.len(s, bpos, b - 1)
          if not d then error("UTF-8 として不正な文字列です (invalid UTF-8 text)", 2) end
          local st = cpos + d
          out[#out + 1] = { start = st, ["end"] = st + n, text = v, entry = e, index = i }
          bpos, cpos = b + #v, st + n
        end
      end
    else
      for st, en, txt in core.find_all(s, v) do
        out[#out + 1] = { start = st, ["end"] = en, text = txt, entry = e, index = i }
      end
    end
  end
  table.sort(out, function(a, b)
    if a.start ~= b.start then return a.start < b.start end
    if a["end"] ~= b["end"] then return a["end"] > b["end"] end
    return a.index < b.index
  end)
  return out
end

--- Whether any entry of a list occurs in s.
-- @param s string
-- @param list table entries as for `find_any`
-- @return boolean
-- @usage if text.contains_any(unit.text, {"電磁的方法", "オンライン"}) then return end
function M.contains_any(s, list)
  list = as_list(list)
  for i = 1, #list do
    if find_entry(s, list[i], 0) then return true end
  end
  return false
end

--- The text around a span: up to `before` code points before `start` and `after` code points after
-- `finish`, clipped to the string.
-- @param s string
-- @param start integer span start (0-based code points)
-- @param finish integer span end (exclusive)
-- @param before integer|nil code points before (default 20)
-- @param after integer|nil code points after (default: before)
-- @return string
-- @usage local around = text.window(unit.text, m.start, m["end"], 15)
function M.window(s, start, finish, before, after)
  before = before or 20
  after = after or before
  local from = start - before
  if from < 0 then from = 0 end
  return core.sub(s, from, finish + after)
end

return M
