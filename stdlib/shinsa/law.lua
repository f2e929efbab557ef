--- Law citations and addresses: 「第十七条の三の三第一項第二号イ」 ↔ the address fields of a law unit.
--
-- A citation is the human form of a place in a law; an address is the table the engine gives every law unit
-- (`unit.address`): `provision` (`"main"`, `"suppl"` for the original 附則, `"suppl:<amend law number>"`),
-- `article`, `paragraph`, `item` as e-Gov `Num` values (`"17_3_3"` = 第十七条の三の三; sub-items joined by `/`,
-- `"2/1/3"` = 第二号イ(3)), `sentence` (1-based) and `table` (the 別表's title, 「別表第一」). Its string form,
-- used by waivers and fingerprints, is `347AC0000000057#main:45:1::1`.
--
-- Sub-items: the second level is written in イロハ order (イ = 1, ロ = 2 …), the third as (1), (2) …, the fourth
-- as (i), (ii) …, deeper ones as (1) again. Numerals may be kanji, ASCII or full-width digits; full-width
-- brackets are accepted. No function raises on a string: bad input gives `nil` and a message.
--
-- @module shinsa.law
-- @usage local law = require "shinsa.law"
-- local a = law.parse_citation("第十七条の三の三第一項第二号イ")
-- -- a = {provision = "main", article = "17_3_3", paragraph = "1", item = "2/1"}
-- law.format_citation(a)   --> "第十七条の三の三第一項第二号イ"
local core = require "shinsa.core"

local M = {}

local IROHA = {
  "イ", "ロ", "ハ", "ニ", "ホ", "ヘ", "ト", "チ", "リ", "ヌ", "ル", "ヲ", "ワ", "カ", "ヨ", "タ", "レ", "ソ",
  "ツ", "ネ", "ナ", "ラ", "ム", "ウ", "ヰ", "ノ", "オ", "ク", "ヤ", "マ", "ケ", "フ", "コ", "エ", "テ", "ア",
  "サ", "キ", "ユ", "メ", "ミ", "シ", "ヱ", "ヒ", "モ", "セ", "ス",
}
local IROHA_INDEX = {}
for i, k in ipairs(IROHA) do IROHA_INDEX[k] = i end

local ROMAN = {
  "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv", "xv", "xvi", "xvii",
  "xviii", "xix", "xx",
}
local ROMAN_INDEX = {}
for i, r in ipairs(ROMAN) do ROMAN_INDEX[r] = i end

local NUMERAL_CHAR = {}
for _, c in ipairs({"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "百", "千", "万"}) do
  NUMERAL_CHAR[c] = true
end

local ERR_TYPE = "文字列が必要です (a string is expected)"

-- Characters of s (UTF-8), or nil when s is not valid UTF-8.
local function chars(s)
  if utf8.len(s) == nil then return nil end
  local out = {}
  for _, c in utf8.codes(s) do out[#out + 1] = utf8.char(c) end
  return out
end

-- Full-width digits, letters and brackets to ASCII (NFKC); spaces removed.
local function normalize(s)
  local ok, r = pcall(core.nfkc, s)
  if not ok then return nil end
  return (r:gsub("%s", ""))
end

--- A kanji numeral (「十七」, 「二〇二五」) or a string of ASCII or full-width digits to an integer.
-- A thin wrapper on `shinsa.core.kanji_to_int` that never raises.
-- @param s string the numeral
-- @return integer|nil the value, or nil when s is not a numeral
-- @usage law.kanji_to_int("十七")   --> 17
function M.kanji_to_int(s)
  if type(s) ~= "string" or s == "" then return nil end
  local ok, v = pcall(core.kanji_to_int, s)
  if ok then return v end
  return nil
end

--- A non-negative integer to a kanji numeral (17 → 「十七」, 0 → 「〇」).
-- A thin wrapper on `shinsa.core.int_to_kanji` that never raises.
-- @param n integer the value (0 to 999999999999)
-- @return string|nil the numeral, or nil when n is not such an integer
-- @usage law.int_to_kanji(108)   --> "百八"
function M.int_to_kanji(n)
  if math.type(n) ~= "integer" then
    if type(n) == "number" and n == math.floor(n) then n = math.tointeger(n) else return nil end
    if n == nil then return nil end
  end
  local ok, v = pcall(core.int_to_kanji, n)
  if ok then return v end
  return nil
end

-- Parser state over the characters of a citation.
local function reader(cs)
  local r = {cs = cs, i = 1}
  function r.peek(k) return cs[r.i + (k or 0)] end
  function r.eat(lit)
    -- lit is one or more characters
    local lc = chars(lit)
    for j = 1, #lc do
      if cs[r.i + j - 1] ~= lc[j] then return false end
    end
    r.i = r.i + #lc
    return true
  end
  function r.numeral()
    local j, buf = r.i, {}
    while cs[j] and (NUMERAL_CHAR[cs[j]] or cs[j]:match("^%d$")) do
      buf[#buf + 1] = cs[j]
      j = j + 1
    end
    if #buf == 0 then return nil end
    local v = M.kanji_to_int(table.concat(buf))
    if not v then return nil end
    r.i = j
    return v
  end
  return r
end

-- 第N<unit>(のM)* → "N_M…", or nil (state unchanged) when not there; false + message on a broken numeral.
local function numbered(r, unit, branches)
  local save = r.i
  if not r.eat("第") then return nil end
  local n = r.numeral()
  if not n or not r.eat(unit) then
    r.i = save
    return nil
  end
  local parts = {tostring(n)}
  while branches and r.peek() == "の" do
    local back = r.i
    r.i = r.i + 1
    local m = r.numeral()
    if not m then
      r.i = back
      break
    end
    parts[#parts + 1] = tostring(m)
  end
  return table.concat(parts, "_")
end

-- One sub-item label at r: イロハ, (N) or (roman). Returns its number or nil.
local function subitem(r)
  local c = r.peek()
  if c and IROHA_INDEX[c] then
    r.i = r.i + 1
    return IROHA_INDEX[c]
  end
  if c ~= "(" then return nil end
  local save = r.i
  r.i = r.i + 1
  local n = r.numeral()
  if not n then
    local buf, j = {}, r.i
    while r.cs[j] and r.cs[j]:match("^[ivx]$") do
      buf[#buf + 1] = r.cs[j]
      j = j + 1
    end
    n = ROMAN_INDEX[table.concat(buf)]
    if n then r.i = j end
  end
  if not n or r.peek() ~= ")" then
    r.i = save
    return nil
  end
  r.i = r.i + 1
  return n
end

--- Parse a human citation into address fields.
-- Understands an optional 附則 (「附則」, 「附則（令和五年法律第六十三号）」) or 別表 (「別表第一の二」) prefix, then
-- 第N条(のM…), 第N項, 第N号(のM…) and sub-items (イロハ…, (1), (i)), each optional but in that order and at
-- least one of them. Numerals may be kanji, ASCII or full-width digits.
-- @param s string the citation, e.g. 「第十七条の三の三第一項第二号イ」
-- @return table|nil `{provision, article, paragraph, item, table}` (absent fields are nil; `provision` is
-- `"main"` unless a 附則 prefix is given; `table` is set, and `provision` nil, for a 別表)
-- @return string|nil the message when s cannot be read
-- @usage law.parse_citation("附則第三条")   --> {provision = "suppl", article = "3"}
function M.parse_citation(s)
  if type(s) ~= "string" then return nil, ERR_TYPE end
  if s == "" then return nil, "引用が空です (empty citation)" end
  local cs = chars(s)
  if not cs then return nil, "UTF-8 として読めません (invalid UTF-8)" end
  local norm = normalize(s)
  cs = norm and chars(norm)
  if not cs or #cs == 0 then return nil, "引用が空です (empty citation)" end
  local r = reader(cs)
  local out = {provision = "main"}
  if r.eat("附則") then
    out.provision = "suppl"
    if r.peek() == "(" then
      local j, depth, buf = r.i + 1, 1, {}
      while cs[j] do
        if cs[j] == "(" then depth = depth + 1 elseif cs[j] == ")" then depth = depth - 1 end
        if depth == 0 then break end
        buf[#buf + 1] = cs[j]
        j = j + 1
      end
      if not cs[j] or #buf == 0 then
        return nil, "附則の改正法令番号が閉じていません (unclosed amending law number after 附則): " .. s
      end
      out.provision = "suppl:" .. table.concat(buf)
      r.i = j + 1
    end
  elseif r.eat("別表") then
    local num = numbered(r, "", true)
    if not num then return nil, "別表の番号が読めません (cannot read the appendix table number): " .. s end
    local parts = {}
    for p in num:gmatch("[^_]+") do parts[#parts + 1] = M.int_to_kanji(tonumber(p)) end
    out.table = "別表第" .. table.concat(parts, "の")
    out.provision = nil
  end
  local prefix_only = r.i > 1
  out.article = numbered(r, "条", true)
  out.paragraph = numbered(r, "項", false)
  local item = numbered(r, "号", true)
  if item then
    local subs = {item}
    while true do
      local n = subitem(r)
      if not n then break end
      subs[#subs + 1] = tostring(n)
    end
    out.item = table.concat(subs, "/")
  end
  if r.i <= #cs then
    return nil, "引用の「" .. table.concat(cs, "", r.i) .. "」が読めません (cannot read the citation from here): " .. s
  end
  if not (out.article or out.paragraph or out.item or (prefix_only and out.provision ~= "main")) then
    return nil, "条・項・号がありません (no article, paragraph or item): " .. s
  end
  return out
end

-- Num "17_3_3" → 第十七条の三の三 (unit "条"); nil on a bad Num.
local function cite_num(num, unit)
  if type(num) ~= "string" or not num:match("^%d+$") and not num:match("^%d+[_%d]*%d$") then return nil end
  local out
  for p in (num .. "_"):gmatch("([^_]*)_") do
    if p == "" then return nil end
    local k = M.int_to_kanji(tonumber(p))
    if not k then return nil end
    out = out and (out .. "の" .. k) or ("第" .. k .. unit)
  end
  return out
end

local function sub_label(depth, n)
  if depth == 2 then return IROHA[n] end
  if depth == 4 then return ROMAN[n] and ("(" .. ROMAN[n] .. ")") end
  return "(" .. n .. ")"
end

--- Format address fields as a human citation (the reverse of `parse_citation`).
-- @param addr table `{provision, article, paragraph, item, table}` with e-Gov Num strings, as in `unit.address`
-- @return string|nil the citation, e.g. 「附則第三条第二号イ(3)」
-- @return string|nil the message when a field cannot be formatted
-- @usage law.format_citation{article = "17_3_3", paragraph = "1", item = "2/1/3"}
-- --> "第十七条の三の三第一項第二号イ(3)"
function M.format_citation(addr)
  if type(addr) ~= "table" then return nil, "表が必要です (a table is expected)" end
  local out = {}
  local prov = addr.provision
  if addr.table ~= nil then
    if type(addr.table) ~= "string" or addr.table == "" then
      return nil, "table が不正です (bad table): " .. tostring(addr.table)
    end
    out[#out + 1] = addr.table
  elseif prov ~= nil and prov ~= "main" then
    if prov == "suppl" then
      out[#out + 1] = "附則"
    elseif type(prov) == "string" and prov:sub(1, 6) == "suppl:" and #prov > 6 then
      out[#out + 1] = "附則（" .. prov:sub(7) .. "）"
    else
      return nil, "provision が不正です (bad provision): " .. tostring(prov)
    end
  end
  local fields = {{"article", "条"}, {"paragraph", "項"}}
  for _, f in ipairs(fields) do
    local v = addr[f[1]]
    if v ~= nil then
      local c = cite_num(v, f[2])
      if not c then return nil, f[1] .. " が不正です (bad " .. f[1] .. "): " .. tostring(v) end
      out[#out + 1] = c
    end
  end
  local item = addr.item
  if item ~= nil then
    if type(item) ~= "string" then return nil, "item が不正です (bad item): " .. tostring(item) end
    local depth = 0
    for p in (item .. "/"):gmatch("([^/]*)/") do
      depth = depth + 1
      local c
      if depth == 1 then
        c = cite_num(p, "号")
      elseif p:match("^%d+$") then
        c = sub_label(depth, tonumber(p))
      end
      if not c then return nil, "item が不正です (bad item): " .. item end
      out[#out + 1] = c
    end
  end
  if #out == 0 then return nil, "条・項・号がありません (no article, paragraph or item)" end
  return table.concat(out)
end

--- Parse the string form of a law address, `LAWID#provision:article:paragraph:item:sentence`.
-- The part before `#` is the law id (or the file when the law has none). The slot before the article is the
-- provision (`main`, `suppl`, `suppl:<amend law number>`, which may itself hold colons) or, for a cell of a
-- 別表, the table's title. Empty fields are nil.
-- @param str string e.g. `347AC0000000057#main:45:1::1`
-- @return table|nil `{kind = "law", law_id, provision, article, paragraph, item, sentence, table}`
-- (`sentence` an integer)
-- @return string|nil the message when str is not an address
-- @usage law.parse_address("347AC0000000057#main:45:1::1").article   --> "45"
function M.parse_address(str)
  if type(str) ~= "string" then return nil, ERR_TYPE end
  if utf8.len(str) == nil then return nil, "UTF-8 として読めません (invalid UTF-8)" end
  local id, rest = str:match("^([^#]+)#(.*)$")
  if not id then return nil, "「#」がありません (no '#' in the address): " .. str end
  local slot, art, para, item, sent = rest:match("^(.*):([^:]*):([^:]*):([^:]*):([^:]*)$")
  if not slot then
    return nil, "フィールドが足りません (expected provision:article:paragraph:item:sentence): " .. str
  end
  local out = {kind = "law"}
  out.law_id = id
  if slot == "main" or slot == "suppl" or (slot:sub(1, 6) == "suppl:" and #slot > 6) then
    out.provision = slot
  elseif slot ~= "" then
    out.table = slot
  end
  local function num(v, name, sub)
    if v == "" then return true end
    local pat = sub and "^%d[%d_/]*$" or "^%d[%d_]*$"
    if not v:match(pat) or v:match("[_/][_/]") or v:match("[_/]$") then
      return false, name .. " が不正です (bad " .. name .. "): " .. v
    end
    out[name] = v
    return true
  end
  local ok, err = num(art, "article")
  if ok then ok, err = num(para, "paragraph") end
  if ok then ok, err = num(item, "item", true) end
  if not ok then return nil, err end
  if sent ~= "" then
    if not sent:match("^%d+$") then return nil, "sentence が不正です (bad sentence): " .. sent end
    out.sentence = math.tointeger(tonumber(sent))
  end
  return out
end

--- Format address fields as the address string (the reverse of `parse_address`).
-- @param t table `{law_id (or file), provision, article, paragraph, item, sentence, table}`; a table cell uses
-- `table` in the provision slot
-- @return string|nil e.g. `347AC0000000057#main:45:1::1`
-- @return string|nil the message when a field is missing or not a string
-- @usage law.format_address{law_id = "347AC0000000057", provision = "main", article = "45", paragraph = "1",
--   sentence = 1}   --> "347AC0000000057#main:45:1::1"
function M.format_address(t)
  if type(t) ~= "table" then return nil, "表が必要です (a table is expected)" end
  local id = t.law_id or t.file
  if type(id) ~= "string" or id == "" or id:find("#", 1, true) then
    return nil, "law_id がありません (missing law_id): " .. tostring(id)
  end
  local slot = t.table or t.provision or ""
  if type(slot) ~= "string" then return nil, "provision が不正です (bad provision): " .. tostring(slot) end
  local parts = {slot}
  for _, k in ipairs({"article", "paragraph", "item"}) do
    local v = t[k]
    if v ~= nil and (type(v) ~= "string" or v:find(":", 1, true)) then
      return nil, k .. " が不正です (bad " .. k .. "): " .. tostring(v)
    end
    parts[#parts + 1] = v or ""
  end
  local s = t.sentence
  if s ~= nil then
    if type(s) ~= "number" or s ~= math.floor(s) or s < 1 or s > 1e15 then
      return nil, "sentence が不正です (bad sentence): " .. tostring(s)
    end
    s = string.format("%d", s)
  end
  parts[#parts + 1] = s or ""
  return id .. "#" .. table.concat(parts, ":")
end

return M
