--- Lua 5.4 string patterns in pure Lua: find, match, gmatch and gsub with the string library's semantics.
--
-- Why this exists: rules run in a sandbox whose instruction-count hook stops runaway Lua code, but the C pattern
-- functions (string.find/match/gmatch/gsub) run inside C, where the hook never fires, so a hostile pattern such as
-- ("a"):rep(3000):find("(.-)(.-)(.-)(.-)b") can hang the engine. The host keeps the fast C functions when a cost
-- estimate says a call is cheap and calls this module otherwise; because this matcher runs as Lua bytecode, the
-- instruction hook can stop it.
--
-- The matcher is a classic backtracking one, written from the reference manual (§6.4.1): single-character classes
-- with the quantifiers '*', '+', '-' and '?', captures, position captures, back-references, %b and %f, and the
-- anchors. Classes use ASCII semantics (the C library in the "C" locale); subjects are byte strings, so UTF-8
-- text is matched byte by byte. Errors carry the messages of the C library in Lua 5.4.4, without a position
-- prefix as there (error level 0); %z (deprecated, still accepted by 5.4) matches the byte 0.
-- The module itself never calls the pattern functions of the string library: they are what it replaces.
--
-- @module internal.lpattern

local sbyte, ssub = string.byte, string.sub
local concat = table.concat
local mtointeger = math.tointeger

local M = {}

local MAXCAPTURES = 32   -- LUA_MAXCAPTURES
local MAXCCALLS = 200    -- nesting limit of the matcher ("pattern too complex")
local CAP_UNFINISHED = -1
local CAP_POSITION = -2

-- Bytes the matcher looks at.
local ESC = 37        -- %
local LPAREN = 40     -- (
local RPAREN = 41     -- )
local DOLLAR = 36     -- $
local LBRACKET = 91   -- [
local RBRACKET = 93   -- ]
local CARET = 94      -- ^
local DOT = 46        -- .
local STAR = 42       -- *
local PLUS = 43       -- +
local MINUS = 45      -- -
local QUESTION = 63   -- ?
local LETTER_B = 98   -- b
local LETTER_F = 102  -- f
local DIGIT_0 = 48
local DIGIT_9 = 57

-- Character classes, ASCII ("C" locale). CLASS[letter byte] is a set of bytes; the uppercase letter holds the
-- complement. A letter that is not a class is absent and matches itself.
local CLASS = {}
do
  local function between(c, lo, hi) return c >= lo and c <= hi end
  local preds = {
    a = function(c) return between(c, 65, 90) or between(c, 97, 122) end,
    c = function(c) return c < 32 or c == 127 end,
    d = function(c) return between(c, 48, 57) end,
    g = function(c) return between(c, 33, 126) end,
    l = function(c) return between(c, 97, 122) end,
    p = function(c)
      return between(c, 33, 126) and not (between(c, 48, 57) or between(c, 65, 90) or between(c, 97, 122))
    end,
    s = function(c) return c == 32 or between(c, 9, 13) end,
    u = function(c) return between(c, 65, 90) end,
    w = function(c) return between(c, 48, 57) or between(c, 65, 90) or between(c, 97, 122) end,
    x = function(c) return between(c, 48, 57) or between(c, 65, 70) or between(c, 97, 102) end,
    z = function(c) return c == 0 end,  -- deprecated in 5.2 but still accepted by 5.4
  }
  for letter, pred in pairs(preds) do
    local yes, no = {}, {}
    for c = 0, 255 do
      local r = pred(c)
      yes[c] = r
      no[c] = not r
    end
    local lower = sbyte(letter)
    CLASS[lower] = yes
    CLASS[lower - 32] = no
  end
end

-- Specials that make find() use the matcher rather than a plain search.
local SPECIALS = {}
for _, c in ipairs({ CARET, DOLLAR, STAR, PLUS, QUESTION, DOT, LPAREN, LBRACKET, ESC, MINUS }) do
  SPECIALS[c] = true
end

--- Whether byte c belongs to the class written as '%' followed by byte cl.
local function match_class(c, cl)
  local set = CLASS[cl]
  if set then return set[c] end
  return cl == c
end

--- Whether byte c belongs to the set whose '[' is at p and whose closing ']' is at ec.
local function match_set(pat, c, p, ec)
  local sig = true
  if sbyte(pat, p + 1) == CARET then
    sig = false
    p = p + 1
  end
  p = p + 1
  while p < ec do
    local pc = sbyte(pat, p)
    if pc == ESC then
      if match_class(c, sbyte(pat, p + 1)) then return sig end
      p = p + 2
    elseif sbyte(pat, p + 1) == MINUS and p + 2 < ec then
      if pc <= c and c <= sbyte(pat, p + 2) then return sig end
      p = p + 3
    else
      if pc == c then return sig end
      p = p + 1
    end
  end
  return not sig
end

--- Index just past the single-character class that starts at p.
local function class_end(ms, p)
  local pat, plen = ms.pat, ms.plen
  local c = sbyte(pat, p)
  p = p + 1
  if c == ESC then
    if p > plen then error("malformed pattern (ends with '%')", 0) end
    return p + 1
  elseif c == LBRACKET then
    if sbyte(pat, p) == CARET then p = p + 1 end
    repeat  -- the first character may be ']' itself
      if p > plen then error("malformed pattern (missing ']')", 0) end
      local cc = sbyte(pat, p)
      p = p + 1
      if cc == ESC and p <= plen then p = p + 1 end  -- skip escapes such as '%]'
    until sbyte(pat, p) == RBRACKET
    return p + 1
  end
  return p
end

--- Whether the subject byte at s matches the class from p to ep (exclusive).
local function single_match(ms, s, p, ep)
  if s > ms.len then return false end
  local c = sbyte(ms.src, s)
  local pc = sbyte(ms.pat, p)
  if pc == DOT then return true
  elseif pc == ESC then return match_class(c, sbyte(ms.pat, p + 1))
  elseif pc == LBRACKET then return match_set(ms.pat, c, p, ep - 1)
  end
  return pc == c
end

local do_match  -- forward declaration: the matcher is mutually recursive

--- %bxy at pattern index p (pointing at x): end of the balanced run starting at s, or nil.
local function match_balance(ms, s, p)
  if p >= ms.plen then error("malformed pattern (missing arguments to '%b')", 0) end
  local src, len = ms.src, ms.len
  if s > len or sbyte(src, s) ~= sbyte(ms.pat, p) then return nil end
  local open, close = sbyte(ms.pat, p), sbyte(ms.pat, p + 1)
  local depth = 1
  s = s + 1
  while s <= len do
    local c = sbyte(src, s)
    if c == close then
      depth = depth - 1
      if depth == 0 then return s + 1 end
    elseif c == open then
      depth = depth + 1
    end
    s = s + 1
  end
  return nil
end

--- Greedy repetition: take as many as possible, then back off one at a time.
local function max_expand(ms, s, p, ep)
  local i = 0
  while single_match(ms, s + i, p, ep) do i = i + 1 end
  while i >= 0 do
    local res = do_match(ms, s + i, ep + 1)
    if res then return res end
    i = i - 1
  end
  return nil
end

--- Lazy repetition: try the rest of the pattern first, then take one more.
local function min_expand(ms, s, p, ep)
  while true do
    local res = do_match(ms, s, ep + 1)
    if res then return res end
    if single_match(ms, s, p, ep) then
      s = s + 1
    else
      return nil
    end
  end
end

local function start_capture(ms, s, p, what)
  local level = ms.level
  if level >= MAXCAPTURES then error("too many captures", 0) end
  ms.cap_init[level + 1] = s
  ms.cap_len[level + 1] = what
  ms.level = level + 1
  local res = do_match(ms, s, p)
  if not res then ms.level = ms.level - 1 end
  return res
end

local function end_capture(ms, s, p)
  local l
  for i = ms.level, 1, -1 do
    if ms.cap_len[i] == CAP_UNFINISHED then
      l = i
      break
    end
  end
  if not l then error("invalid pattern capture", 0) end
  ms.cap_len[l] = s - ms.cap_init[l]
  local res = do_match(ms, s, p)
  if not res then ms.cap_len[l] = CAP_UNFINISHED end
  return res
end

--- Back-reference %d (d the digit byte): end of the repeated text at s, or nil.
local function match_capture(ms, s, d)
  local l = d - DIGIT_0
  if l < 1 or l > ms.level or ms.cap_len[l] == CAP_UNFINISHED then
    error("invalid capture index %" .. tostring(l), 0)
  end
  local len = ms.cap_len[l]
  if len == CAP_POSITION then return nil end  -- a position is not text: never matches
  local init = ms.cap_init[l]
  if ms.len - s + 1 >= len and ssub(ms.src, init, init + len - 1) == ssub(ms.src, s, s + len - 1) then
    return s + len
  end
  return nil
end

--- Match the pattern from index p against the subject from index s; returns the end (exclusive) or nil.
-- Single items without a quantifier loop here; quantifiers and captures recurse, and the recursion depth is
-- limited to MAXCCALLS like the C library.
do_match = function(ms, s, p)
  if ms.depth == 0 then error("pattern too complex", 0) end
  ms.depth = ms.depth - 1
  local pat, plen = ms.pat, ms.plen
  local result
  while true do
    if p > plen then
      result = s
      break
    end
    local pc = sbyte(pat, p)
    local dflt = false
    if pc == LPAREN then
      if sbyte(pat, p + 1) == RPAREN then
        result = start_capture(ms, s, p + 2, CAP_POSITION)
      else
        result = start_capture(ms, s, p + 1, CAP_UNFINISHED)
      end
      break
    elseif pc == RPAREN then
      result = end_capture(ms, s, p + 1)
      break
    elseif pc == DOLLAR and p == plen then
      if s == ms.len + 1 then result = s end
      break
    elseif pc == ESC then
      local nc = sbyte(pat, p + 1)
      if nc == LETTER_B then
        s = match_balance(ms, s, p + 2)
        if not s then break end
        p = p + 4
      elseif nc == LETTER_F then
        p = p + 2
        if sbyte(pat, p) ~= LBRACKET then error("missing '[' after '%f' in pattern", 0) end
        local ep = class_end(ms, p)
        local prev = s == 1 and 0 or sbyte(ms.src, s - 1)
        local cur = s <= ms.len and sbyte(ms.src, s) or 0
        if match_set(pat, prev, p, ep - 1) or not match_set(pat, cur, p, ep - 1) then break end
        p = ep
      elseif nc and nc >= DIGIT_0 and nc <= DIGIT_9 then
        s = match_capture(ms, s, nc)
        if not s then break end
        p = p + 2
      else
        dflt = true
      end
    else
      dflt = true
    end
    if dflt then
      local ep = class_end(ms, p)
      local epc = sbyte(pat, ep)
      if not single_match(ms, s, p, ep) then
        if epc == STAR or epc == QUESTION or epc == MINUS then
          p = ep + 1  -- zero repetitions are fine
        else
          break
        end
      elseif epc == QUESTION then
        local res = do_match(ms, s + 1, ep + 1)
        if res then
          result = res
          break
        end
        p = ep + 1
      elseif epc == PLUS then
        result = max_expand(ms, s + 1, p, ep)
        break
      elseif epc == STAR then
        result = max_expand(ms, s, p, ep)
        break
      elseif epc == MINUS then
        result = min_expand(ms, s, p, ep)
        break
      else
        s = s + 1
        p = ep
      end
    end
  end
  ms.depth = ms.depth + 1
  return result
end

--- Value of capture i (1-based) for a match from s to e (exclusive); the whole match when there are no captures.
local function get_capture(ms, i, s, e)
  if i > ms.level then
    if i ~= 1 then error("invalid capture index %" .. tostring(i), 0) end
    return ssub(ms.src, s, e - 1)
  end
  local len = ms.cap_len[i]
  if len == CAP_UNFINISHED then error("unfinished capture", 0) end
  local init = ms.cap_init[i]
  if len == CAP_POSITION then return init end
  return ssub(ms.src, init, init + len - 1)
end

--- All captures of a match as a list and its length (the whole match when s is given and there are none).
local function get_captures(ms, s, e)
  local n = (ms.level == 0 and s) and 1 or ms.level
  local caps = {}
  for i = 1, n do caps[i] = get_capture(ms, i, s, e) end
  return caps, n
end

local function new_state(src, pat)
  return {
    src = src, len = #src, pat = pat, plen = #pat, level = 0, depth = MAXCCALLS,
    cap_init = {}, cap_len = {},
  }
end

local function reset(ms)
  ms.level = 0
  ms.depth = MAXCCALLS
end

-- Argument checks in the manner of the C library's auxiliary functions.
-- narg is the number of arguments actually passed, to tell "nil" from "no value".
local function arg_error(i, fname, msg)
  error("bad argument #" .. i .. " to 'string." .. fname .. "' (" .. msg .. ")", 0)
end

local function type_name(v, i, narg)
  if v == nil and i > narg then return "no value" end
  return type(v)
end

local function check_string(v, i, fname, narg)
  local t = type(v)
  if t == "string" then return v end
  if t == "number" then return tostring(v) end
  arg_error(i, fname, "string expected, got " .. type_name(v, i, narg))
end

local function check_integer(v, i, fname, default)
  if v == nil then return default end
  local n = v
  if type(n) == "string" then n = tonumber(n) end
  if type(n) ~= "number" then
    arg_error(i, fname, "number expected, got " .. type(v))
  end
  local k = mtointeger(n)
  if not k then arg_error(i, fname, "number has no integer representation") end
  return k
end

--- Start position from a 1-based, possibly negative init (posrelat as in the string library).
local function start_index(init, len)
  if init > 0 then return init end
  if init == 0 or init < -len then return 1 end
  return len + init + 1
end

local unpack = table.unpack

local function find_aux(narg, s, p, init, plain, is_find, fname)
  s = check_string(s, 1, fname, narg)
  p = check_string(p, 2, fname, narg)
  local len = #s
  local start = start_index(check_integer(init, 3, fname, 1), len)
  if start > len + 1 then return nil end
  if is_find then
    local special = false
    if not plain then
      for i = 1, #p do
        if SPECIALS[sbyte(p, i)] then
          special = true
          break
        end
      end
    end
    if not special then  -- plain search
      local plen = #p
      for i = start, len - plen + 1 do
        if ssub(s, i, i + plen - 1) == p then return i, i + plen - 1 end
      end
      return nil
    end
  end
  local pstart, anchor = 1, false
  if sbyte(p, 1) == CARET then
    pstart, anchor = 2, true
  end
  local ms = new_state(s, p)
  local s1 = start
  repeat
    reset(ms)
    local e = do_match(ms, s1, pstart)
    if e then
      if is_find then
        local caps, n = get_captures(ms, nil, e)
        return s1, e - 1, unpack(caps, 1, n)
      end
      local caps, n = get_captures(ms, s1, e)
      return unpack(caps, 1, n)
    end
    s1 = s1 + 1
  until anchor or s1 > len + 1
  return nil
end

--- Looks for the first match of pattern `p` in string `s`, like string.find.
-- @param s subject (a number is converted to a string)
-- @param p pattern
-- @param init where to start (default 1; negative counts from the end)
-- @param plain when true, `p` is a plain substring, not a pattern
-- @return start and end index of the match followed by the captures, or nil
function M.find(...)
  local s, p, init, plain = ...
  return find_aux(select("#", ...), s, p, init, plain, true, "find")
end

--- Looks for the first match of pattern `p` in string `s`, like string.match.
-- @param s subject (a number is converted to a string)
-- @param p pattern
-- @param init where to start (default 1; negative counts from the end)
-- @return the captures, or the whole match when the pattern has none; nil when there is no match
function M.match(...)
  local s, p, init = ...
  return find_aux(select("#", ...), s, p, init, false, false, "match")
end

--- Iterates over the matches of pattern `p` in string `s`, like string.gmatch.
-- '^' is not an anchor here, and an empty match right where the previous match ended is skipped.
-- @param s subject (a number is converted to a string)
-- @param p pattern
-- @param init where to start (default 1; negative counts from the end)
-- @return an iterator function returning the captures (or the whole match) of each match in turn
function M.gmatch(...)
  local s, p, init = ...
  local narg = select("#", ...)
  s = check_string(s, 1, "gmatch", narg)
  p = check_string(p, 2, "gmatch", narg)
  local len = #s
  local pos = start_index(check_integer(init, 3, "gmatch", 1), len)
  if pos > len + 1 then pos = len + 2 end  -- start after the end: no match at all
  local lastmatch = nil
  local ms = new_state(s, p)
  return function()
    while pos <= len + 1 do
      reset(ms)
      local src = pos
      local e = do_match(ms, src, 1)
      if e and e ~= lastmatch then
        pos, lastmatch = e, e
        local caps, n = get_captures(ms, src, e)
        return unpack(caps, 1, n)
      end
      pos = pos + 1
    end
    return nil
  end
end

--- Expands a replacement string: %0 is the whole match, %1-%9 the captures, %% a percent sign.
local function expand_repl(ms, repl, s, e, out)
  local rlen = #repl
  local i, from = 1, 1
  while i <= rlen do
    if sbyte(repl, i) == ESC then
      out[#out + 1] = ssub(repl, from, i - 1)
      i = i + 1
      local c = sbyte(repl, i)
      if c == ESC then
        out[#out + 1] = "%"
      elseif c == DIGIT_0 then
        out[#out + 1] = ssub(ms.src, s, e - 1)
      elseif c and c > DIGIT_0 and c <= DIGIT_9 then
        out[#out + 1] = tostring(get_capture(ms, c - DIGIT_0, s, e))
      else
        error("invalid use of '%' in replacement string", 0)
      end
      from = i + 1
    end
    i = i + 1
  end
  out[#out + 1] = ssub(repl, from)
end

--- Replaces matches of pattern `p` in string `s`, like string.gsub.
-- @param s subject (a number is converted to a string)
-- @param p pattern ('^' anchors it at the start)
-- @param repl a string (with %0-%9 and %%), a table indexed by the first capture, or a function called with
--   the captures; a false or nil result from the table or function keeps the original match
-- @param n at most this many replacements (default: all)
-- @return the new string and the number of matches
function M.gsub(...)
  local s, p, repl, n = ...
  local narg = select("#", ...)
  s = check_string(s, 1, "gsub", narg)
  p = check_string(p, 2, "gsub", narg)
  local tr = type(repl)
  if tr == "number" then
    repl, tr = tostring(repl), "string"
  elseif tr ~= "string" and tr ~= "table" and tr ~= "function" then
    arg_error(3, "gsub", "string/function/table expected, got " .. type_name(repl, 3, narg))
  end
  local len = #s
  local max_n = check_integer(n, 4, "gsub", len + 1)
  local pstart, anchor = 1, false
  if sbyte(p, 1) == CARET then
    pstart, anchor = 2, true
  end
  local ms = new_state(s, p)
  local out = {}
  local src, count, lastmatch = 1, 0, nil
  while count < max_n do
    reset(ms)
    local e = do_match(ms, src, pstart)
    if e and e ~= lastmatch then
      count = count + 1
      if tr == "string" then
        expand_repl(ms, repl, src, e, out)
      else
        local v
        if tr == "table" then
          v = repl[get_capture(ms, 1, src, e)]
        else
          local caps, nc = get_captures(ms, src, e)
          v = repl(unpack(caps, 1, nc))
        end
        if not v then
          out[#out + 1] = ssub(s, src, e - 1)
        elseif type(v) == "string" or type(v) == "number" then
          out[#out + 1] = tostring(v)
        else
          error("invalid replacement value (a " .. type(v) .. ")", 0)
        end
      end
      src, lastmatch = e, e
    elseif src <= len then
      out[#out + 1] = ssub(s, src, src)
      src = src + 1
    else
      break
    end
    if anchor then break end
  end
  out[#out + 1] = ssub(s, src)
  return concat(out), count
end

return M
