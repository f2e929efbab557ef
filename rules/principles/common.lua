--- Helpers shared by the principles rules: find a trigger whose sentence does not present it as something
-- to remove (the 課題 half of a 施策集 summary describes today's paper, FAX and counters in order to end them).
local lexicon = require "shinsa.lexicon"
local text = require "shinsa.text"

local M = {}

local SENTENCE = { { re = "[^。\n]+。?" } }

--- The sentence of s around a match: `{start = , ["end"] = , text = }`, or the whole of s.
function M.sentence(s, m)
  for _, x in ipairs(text.find_all(s, SENTENCE)) do
    if x.start <= m.start and m.start < x["end"] then return x end
  end
  return { start = 0, ["end"] = text.len(s), text = s }
end

--- The first match of `lex.triggers` in s that no `lex.exceptions` match overlaps and whose sentence holds
-- no entry of `lex.sentence_quiet` nor of the shared `reform` list (pass `ctx.lexicon.principles.reform`).
-- @return table|nil the first match, with `sentence` (the sentence table) added
function M.find(lex, s, reform)
  return M.find_all(lex, s, reform, 1)[1]
end

--- Every such match, in text order (at most `limit` when given).
function M.find_all(lex, s, reform, limit)
  local out = {}
  local excl = lex.exceptions and lexicon.matches(lex.exceptions, s) or {}
  for _, m in ipairs(lexicon.matches(lex.triggers, s)) do
    local covered = false
    for _, x in ipairs(excl) do
      if x.start < m["end"] and m.start < x["end"] then covered = true break end
    end
    if not covered then
      local sen = M.sentence(s, m)
      if not (reform and lexicon.any(reform, sen.text)) and not lexicon.any(lex.sentence_quiet, sen.text) then
        m.sentence = sen
        out[#out + 1] = m
        if limit and #out >= limit then return out end
      end
    end
  end
  return out
end

return M
