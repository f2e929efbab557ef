--- Differential test of stdlib/internal/lpattern.lua against Lua's own string library.
--
-- Usage: lua5.4 tests/lua/lpattern_diff.lua <path to lpattern.lua>
--
-- Runs a fixed list of hand-picked cases (every pattern feature, UTF-8 subjects, init values, gsub
-- replacements, gmatch, every error message) and a few thousand random cases from a fixed seed, calls
-- find/match/gmatch/gsub of both implementations, and compares results and errors (messages compared after
-- stripping any "file:line:" prefix). Exits with status 1 on any mismatch, 0 otherwise.

local path = arg[1]
if not path then
  io.stderr:write("usage: lua5.4 tests/lua/lpattern_diff.lua <path to lpattern.lua>\n")
  os.exit(2)
end
local L = dofile(path)

local C = { find = string.find, match = string.match, gmatch = string.gmatch, gsub = string.gsub }

-- Deterministic replacement values for gsub.
local REPL_TABLE = { a = "A", b = false, ab = 7, ["1"] = "one", [1] = "pos1", c = 1.5 }
local REPL_BAD = { a = {} }
local function repl_fn(...)
  local n = select("#", ...)
  local first = ...
  if first == "b" then return nil end
  if first == "c" then return false end
  local parts = {}
  for i = 1, n do parts[i] = tostring((select(i, ...))) end
  return "<" .. table.concat(parts, ",") .. ">"
end
local function repl_bad_fn() return true end

local function strip(msg)
  if type(msg) ~= "string" then return msg end
  return (msg:gsub("^[^:]*:%d+: ", ""))
end

-- Runs one call; returns a list {ok, n, v1, ...} (for gmatch, the flattened iterations).
local function run(impl, fname, args, nargs)
  local f = impl[fname]
  if fname == "gmatch" then
    local out = { n = 0 }
    local ok, err = pcall(function()
      local it = f(table.unpack(args, 1, nargs))
      for _ = 1, 200 do
        local r = table.pack(it())
        if r[1] == nil then break end
        out[#out + 1] = r
      end
    end)
    if not ok then return { false, strip(err) } end
    local flat = { true }
    for _, r in ipairs(out) do
      flat[#flat + 1] = "|" .. r.n
      for i = 1, r.n do flat[#flat + 1] = r[i] end
    end
    return flat
  end
  local r = table.pack(pcall(f, table.unpack(args, 1, nargs)))
  if not r[1] then return { false, strip(r[2]) } end
  local flat = { true, "|" .. (r.n - 1) }
  for i = 2, r.n do flat[#flat + 1] = r[i] end
  return flat
end

local function same(a, b)
  if #a ~= #b then return false end
  for i = 1, #a do
    if a[i] ~= b[i] or math.type(a[i]) ~= math.type(b[i]) then return false end
  end
  return true
end

local function show(v)
  if type(v) == "string" then return string.format("%q", v) end
  if type(v) == "table" then
    local parts = {}
    for i = 1, #v do parts[i] = show(v[i]) end
    return "{" .. table.concat(parts, ", ") .. "}"
  end
  return tostring(v)
end

local total, failures, mismatches = 0, 0, {}

local function check(fname, nargs, ...)
  local args = { ... }
  total = total + 1
  local want = run(C, fname, args, nargs)
  local got = run(L, fname, args, nargs)
  if not same(want, got) then
    failures = failures + 1
    if #mismatches < 20 then
      local shown = {}
      for i = 1, nargs do shown[i] = show(args[i]) end
      mismatches[#mismatches + 1] = string.format("%s(%s)\n    string: %s\n    lpattern: %s",
        fname, table.concat(shown, ", "), show(want), show(got))
    end
  end
end

-- Every function on (s, p) with default arguments.
local function all(s, p)
  check("find", 2, s, p)
  check("match", 2, s, p)
  check("gmatch", 2, s, p)
  check("gsub", 3, s, p, "[%0]")
end

-- (a) Hand-picked cases.
local JP = "審査の結果、令和7年度は100%達成（目標：120件）"
local basics = {
  { "hello world", "o" }, { "hello world", "o w" }, { "hello world", "l+" }, { "hello world", "l*" },
  { "hello world", "l-o" }, { "hello world", "x?h" }, { "hello world", "^h" }, { "hello world", "^e" },
  { "hello world", "d$" }, { "hello world", "l$" }, { "hello world", "^hello world$" }, { "", "" },
  { "", "^$" }, { "", "a*" }, { "", "a" }, { "abc", "" }, { "abc", "^" }, { "abc", "$" },
  { "a$b", "$b" }, { "a^b", "a^b" }, { "^a", "^^a" }, { "x", "^$" },
  { "Hello 123 World_!", "%a+" }, { "Hello 123 World_!", "%A+" }, { "Hello 123 World_!", "%d+" },
  { "Hello 123 World_!", "%D+" }, { "Hello 123 World_!", "%l+" }, { "Hello 123 World_!", "%u+" },
  { "Hello 123 World_!", "%U+" }, { "Hello 123 World_!", "%w+" }, { "Hello 123 World_!", "%W+" },
  { "Hello 123 World_!", "%p+" }, { "Hello 123 World_!", "%P+" }, { "a\tb \n c\r", "%s+" },
  { "a\tb \n c\r", "%S+" }, { "a\1b\127c", "%c" }, { "a\1b\127c", "%C+" }, { "0x1F zz", "%x+" },
  { "0x1F zz", "%X+" }, { " a~b ", "%g+" }, { " a~b ", "%G" }, { "a.b", "%." }, { "a.b", "." },
  { "100%", "%%" }, { "a+b", "a%+b" }, { "a]b", "[]]" }, { "a]b", "[%]]" }, { "a-b", "[a-]+" },
  { "a-b", "[-a]+" }, { "abcxyz", "[b-y]+" }, { "abcxyz", "[^b-y]+" }, { "a^b", "[%^]" }, { "a^b", "[b^]+" },
  { "abc123", "[%d]+" }, { "abc123", "[^%d]+" }, { "ab_1-2", "[%w_]+" }, { "ab_1-2", "[%a-]+" },
  { "z-a", "[z-a]" }, { "[x]", "[[]" }, { "a%b", "[%%]" }, { "aaa", "a-" }, { "aaa", "a-$" },
  { "aaab", "a-b" }, { "aaab", "a*b" }, { "b", "a+b" }, { "ab", "a?b" }, { "b", "a?b" },
  { "hello", "(h)(e)(l)(l)(o)" }, { "hello", "()ll()" }, { "hello", "(h(el)l)o" }, { "hello", "()" },
  { "key = value", "(%w+)%s*=%s*(%w+)" }, { "abab", "(ab)%1" }, { "abba", "(a)(b)%2%1" },
  { "xyzxyz", "^(.-)%1$" }, { "THE (quick) fox", "%b()" }, { "((a)(b))c", "%b()" }, { "(unbalanced", "%b()" },
  { "[[x]]", "%b[]" }, { "aXbXc", "%bXX" }, { "THE (quick) fox", "%f[%a]%a+" }, { "THE (quick) fox", "%f[%A]" },
  { "hello world", "%f[%w]%w+" }, { "hello", "%f[%z]" }, { "abc", "%f[%l]" }, { "abc", "%f[^%l]" },
  { "a\0b", "%z" }, { "a\0b", "\0" }, { "a\0b", "[\0]" }, { "a\0b", "%f[%z]" }, { "a\0b", "a%Zb" },
  { JP, "令和" }, { JP, "(%d+)%%" }, { JP, "（(.-)）" }, { JP, "[\xe3][\x80-\xbf]+" }, { JP, "^審査" },
  { JP, "件）$" }, { JP, "%d+" }, { JP, "." }, { JP, "[^%w]+" }, { "日本語", "本" }, { "日本語", "(..)" },
  { "  trim me  ", "^%s*(.-)%s*$" }, { "a,b,,c", "([^,]*)" }, { "one two  three", "%S+" },
  { "2024-05-06", "(%d+)-(%d+)-(%d+)" }, { "x = 1, y = 2", "(%w+) = (%w+)" }, { "aaa", "a?a?a?a?aaa" },
  { "abc", "a.c" }, { "a\nc", "a.c" }, { "ab", ".-b" }, { "ab", ".-" }, { "ab", ".*" }, { "ab", ".+$" },
}
for _, c in ipairs(basics) do all(c[1], c[2]) end

-- init values: positive, negative, zero, beyond the end, non-integer strings.
for _, init in ipairs({ 1, 2, 3, 5, 6, 7, 8, 100, 0, -1, -2, -5, -6, -7, -100, "2", "-3" }) do
  check("find", 3, "hello", "l", init)
  check("find", 3, "hello", "", init)
  check("match", 3, "hello", "(l+)", init)
  check("match", 3, "hello", "^l", init)
  check("gmatch", 3, "hello", ".", init)
  check("gmatch", 3, "hello", "", init)
  check("find", 4, "a.b.c", ".", init, true)
end
check("find", 4, "a.b", ".", 1, false)
check("find", 4, "a(b", "(", 1, true)
check("find", 4, "a(b", "a(", 1, true)
check("find", 4, "", "", 1, true)
check("find", 4, "abc", "", 4, true)
check("find", 4, "abc", "", 5, true)
check("find", 4, "a)b", ")", 1, nil)
check("find", 2, "a)b", "a)")
check("find", 2, 12345, 3)
check("match", 2, 12.5, "%d+")
check("gsub", 3, 123, "2", 9)
check("gsub", 3, 123, "x", "y")
check("find", 3, "abc", "b", 1.5)
check("find", 3, "abc", "b", "x")
check("find", 2, nil, "b")
check("find", 1, "abc")

-- gsub with string, table and function replacements, and n.
local subjects = { "hello world", "abc", "a b c", "", "aaa", JP, "x=1, y=2" }
local repls = { "", "%0%0", "<%1>", "%%", "[%2]", "%1-%0", "no escapes", 42, REPL_TABLE, repl_fn }
local pats = { "%w+", "(%w)", "", "(a)(b)", "()", "a*", "^%w", "(%w+)=(%w+)", "o" }
for _, s in ipairs(subjects) do
  for _, p in ipairs(pats) do
    for _, r in ipairs(repls) do check("gsub", 3, s, p, r) end
  end
end
for _, n in ipairs({ 0, 1, 2, 5, -1, "1", 2.0 }) do
  check("gsub", 4, "a b c d", "%w", "X", n)
  check("gsub", 4, "abc", "", "-", n)
end
check("gsub", 4, "abc", "b", "x", 1.5)
check("gsub", 3, "abc", "b", nil)
check("gsub", 3, "abc", "b", true)
check("gsub", 3, "abc", "a", REPL_BAD)
check("gsub", 3, "abc", "a", repl_bad_fn)
check("gsub", 3, "abc", "b", "%")
check("gsub", 3, "abc", "b", "x%")
check("gsub", 3, "abc", "b", "%x")
check("gsub", 3, "abc", "b", "%2")
check("gsub", 3, "abc", "(b)", "%2")
check("gsub", 3, "abc", "(b)()", "%2")
check("gsub", 3, "abc", "(b", "%1")
check("gsub", 3, "hello world", "(o)", { o = "0" })
check("gsub", 3, "abc", ".", { a = 1, b = true })

-- gmatch: empty matches, the lastmatch rule, '^' is not an anchor there.
for _, c in ipairs({ { "abc", "" }, { "abc", "a*" }, { "aab", "a-" }, { "a,,b", "[^,]*" }, { "^a^a", "^a" },
  { "one two", "%a*" }, { "abc", "()" }, { "hello", "l*" }, { JP, "[^\x80-\xbf][\x80-\xbf]*" } }) do
  check("gmatch", 2, c[1], c[2])
  check("gmatch", 3, c[1], c[2], 2)
  check("gmatch", 3, c[1], c[2], -2)
end

-- Every error message.
local errors = {
  "%", "a%", "[a", "[^", "[", "[]", "[%]", "%b", "%ba", "%fa", "%f", "%1", "(a)%2", "(a%1)", "a)", ")",
  "(a", "((a)", "(()", ("()"):rep(33), ("(a)"):rep(33), "%g%", "[a-%", "x[^]",
}
for _, p in ipairs(errors) do all("abcaa(b)", p) end
all(("a"):rep(300), ("a?"):rep(250))
all(("a"):rep(300), ("a?"):rep(199))
all(("a"):rep(300), ("(a"):rep(31) .. (")"):rep(31))
all("x", ("()"):rep(32))

-- (b) Random cases from a small grammar.
math.randomseed(20261123)
local ALPHA = { "a", "b", "c", "(", ")", " ", "1" }
local function rand_subject()
  local n = math.random(0, 30)
  local t = {}
  for i = 1, n do t[i] = ALPHA[math.random(#ALPHA)] end
  return table.concat(t)
end
local SINGLES = { "a", "b", "c", " ", ".", "%a", "%d", "%s", "%w", "%A", "%p", "%S", "[ab]", "[^a]", "[a-c]",
  "[%d ]", "[^%s]", "%(", "%)", "[()]", "1" }
local QUANTS = { "", "", "", "*", "+", "-", "?" }
local function rand_items(depth, ncap)
  local t = {}
  for _ = 1, math.random(1, 4) do
    local r = math.random(100)
    if r <= 60 then
      t[#t + 1] = SINGLES[math.random(#SINGLES)] .. QUANTS[math.random(#QUANTS)]
    elseif r <= 70 and depth < 3 then
      ncap[1] = ncap[1] + 1
      t[#t + 1] = "(" .. rand_items(depth + 1, ncap) .. ")"
    elseif r <= 75 then
      ncap[1] = ncap[1] + 1
      t[#t + 1] = "()"
    elseif r <= 82 then
      t[#t + 1] = "%b()"
    elseif r <= 88 then
      t[#t + 1] = ({ "%f[%w]", "%f[%W]", "%f[a]", "%f[^ ]" })[math.random(4)]
    else
      t[#t + 1] = "%" .. math.random(1, math.max(1, ncap[1] + (math.random(10) == 1 and 1 or 0)))
    end
  end
  return table.concat(t)
end
local function rand_pattern()
  local p = rand_items(0, { 0 })
  if math.random(5) == 1 then p = "^" .. p end
  if math.random(5) == 1 then p = p .. "$" end
  return p
end
local RANDOM = 3000
for _ = 1, RANDOM do
  local s, p = rand_subject(), rand_pattern()
  local init = math.random(-32, 33)
  check("find", 3, s, p, init)
  check("match", 2, s, p)
  check("gmatch", 3, s, p, math.random(1, 4) == 1 and init or nil)
  check("gsub", 4, s, p, ({ "<%0>", "%1", repl_fn, REPL_TABLE })[math.random(4)], math.random(0, 4) - 1)
end

-- Performance sanity: a long subject with a trimming pattern stays linear.
local t0 = os.clock()
local trimmed = L.match(("x"):rep(10000) .. "  ", "^%s*(.-)%s*$")
local elapsed = os.clock() - t0
if #trimmed ~= 10000 or elapsed > 0.5 then
  failures = failures + 1
  mismatches[#mismatches + 1] = string.format("trim of 10000 bytes took %.3f s", elapsed)
end

print(string.format("lpattern_diff: %d calls compared (%d random patterns x 4), %d mismatches, trim %.3f s",
  total, RANDOM, failures, elapsed))
if failures > 0 then
  for _, m in ipairs(mismatches) do print(m) end
  os.exit(1)
end
os.exit(0)
