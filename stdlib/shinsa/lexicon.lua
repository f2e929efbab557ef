--- Lexicon helpers: search the YAML lexicons of a pack (`ctx.lexicon`) in a unit's text.
--
-- A lexicon is data: for an analog type, lists such as `triggers`, `exceptions`, `negative_contexts`,
-- `digital_alternatives`, and texts such as `remedy`. A list holds entries: a string (a literal) or
-- `{re = "…"}` (a PCRE2 pattern). A *group* is either such a list or a map of named lists (for instance
-- `negative_contexts: {penalty: […], definition: […]}`); the functions below accept both.
-- Map keys are always visited in sorted order, so results do not depend on table iteration order.
--
-- Offsets are 0-based code points with an exclusive end (see `shinsa.text`).
--
-- @module shinsa.lexicon
-- @usage local lexicon = require "shinsa.lexicon"
local text = require "shinsa.text"

local M = {}

-- Flattened groups, by table identity (lexicons are read-only, so this never goes stale).
local flat_cache = setmetatable({}, { __mode = "k" })

local function is_entry(x)
  return type(x) == "string" or (type(x) == "table" and (x.re ~= nil or x.literal ~= nil))
end

local function sorted_keys(t)
  local keys = {}
  for k in pairs(t) do
    if type(k) == "string" then keys[#keys + 1] = k end
  end
  table.sort(keys)
  return keys
end

local function flatten_into(out, g, depth)
  if depth > 16 then error("辞書の入れ子が深すぎます (lexicon group nested too deeply)", 4) end
  if g == nil then return end
  if is_entry(g) then
    out[#out + 1] = g
    return
  end
  if type(g) ~= "table" then
    error("辞書のグループはリストかマップです (a lexicon group is a list or a map of lists): " .. tostring(g), 4)
  end
  local n = #g
  if n > 0 then
    for i = 1, n do
      local e = g[i]
      if is_entry(e) then out[#out + 1] = e else flatten_into(out, e, depth + 1) end
    end
  else
    for _, k in ipairs(sorted_keys(g)) do flatten_into(out, g[k], depth + 1) end
  end
end

-- The flattened entries of a group, cached for tables (shared: never handed out to rules).
local function flat(group)
  if group == nil then return {} end
  if type(group) ~= "table" or is_entry(group) then
    local out = {}
    flatten_into(out, group, 0)
    return out
  end
  local hit = flat_cache[group]
  if hit then return hit end
  local out = {}
  flatten_into(out, group, 0)
  flat_cache[group] = out
  return out
end

--- All entries of a group as one list: a list is returned as its entries, a map of lists as the
-- concatenation of its lists in key order (recursively).
-- @param group table|string|nil a list, a map of lists, a single entry, or nil
-- @return table a new list of entries
-- @usage local all = lexicon.entries(ctx.lexicon.common.negative_contexts)
function M.entries(group)
  local out = {}
  for i, e in ipairs(flat(group)) do out[i] = e end
  return out
end

--- The first (leftmost, then longest) match in s of any entry of a group.
-- @param group table a list or map of lists of entries
-- @param s string the text, usually `unit.text`
-- @param init integer|nil where to start, in code points (default 0)
-- @return table|nil `{start = , ["end"] = , text = , entry = , index = }`
-- @usage local m = lexicon.match(ctx.lexicon["physical-posting"].triggers, unit.text)
function M.match(group, s, init)
  return text.find_any(s, flat(group), init)
end

--- Every match in s of every entry of a group, ordered by start (see `shinsa.text.find_all`).
-- @param group table a list or map of lists of entries
-- @param s string
-- @return table a list of matches (empty when none)
-- @usage for _, m in ipairs(lexicon.matches(lex.triggers, unit.text)) do … end
function M.matches(group, s)
  return text.find_all(s, flat(group))
end

--- Whether any entry of a group occurs in s.
-- @param group table a list or map of lists of entries
-- @param s string
-- @return boolean
-- @usage if lexicon.any(ctx.lexicon.common.digital_alternatives, unit.text) then … end
function M.any(group, s)
  return text.contains_any(s, flat(group))
end

--- For a map of named lists, the name of the first list (in key order) with an entry occurring in s,
-- and its match. For a plain list, `true` and the match.
-- @param groups table a map of lists (or a list)
-- @param s string
-- @return string|boolean|nil the name (or true), nil when nothing matches
-- @return table|nil the match
-- @usage local why = lexicon.which(ctx.lexicon.common.negative_contexts, unit.text) --> "penalty"
function M.which(groups, s)
  if groups == nil then return nil end
  if #groups > 0 or is_entry(groups) then
    local m = M.match(groups, s)
    if m then return true, m end
    return nil
  end
  for _, k in ipairs(sorted_keys(groups)) do
    local m = M.match(groups[k], s)
    if m then return k, m end
  end
  return nil
end

--- The first trigger match that no exception covers. A trigger occurrence is excluded when a match of
-- `exceptions` overlaps it (for example the trigger 「掲示」 inside the exception 「掲示してはならない」).
-- @param lex table a lexicon section with `triggers` and optionally `exceptions` (lists or maps of lists)
-- @param s string
-- @return table|nil the match `{start = , ["end"] = , text = , entry = , index = }`
-- @usage local m = lexicon.find_trigger(ctx.lexicon["physical-posting"], unit.text)
-- if m then ctx:report{message = "…", match = m} end
function M.find_trigger(lex, s)
  if lex == nil then return nil end
  local found = M.matches(lex.triggers, s)
  if #found == 0 then return nil end
  local excl = lex.exceptions and M.matches(lex.exceptions, s) or {}
  for _, m in ipairs(found) do
    local covered = false
    for _, x in ipairs(excl) do
      if x.start < m["end"] and m.start < x["end"] then
        covered = true
        break
      end
    end
    if not covered then return m end
  end
  return nil
end

--- A match table trimmed to what `ctx:report{match = …}` takes.
-- @param m table a match from this module or `shinsa.text`
-- @return table `{start = , ["end"] = }`
-- @usage ctx:report{message = "…", match = lexicon.span(m)}
function M.span(m)
  return { start = m.start, ["end"] = m["end"] }
end

return M
