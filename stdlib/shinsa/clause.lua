--- Clauses of a Japanese statutory sentence: which predicate governs a word.
--
-- A statutory sentence strings several acts together: 「…公告し、及び…縦覧に供し、並びに…意見を求めるため…
-- 作成して送付する手続をとらなければならない」, 「定期に、…について、…点検させ、その結果を…報告しなければ
-- ならない」. Whether an act named early in the sentence is what the final predicate requires depends on how the
-- comma-separated parts (segments) are joined, not on the distance between them:
--
-- - a part that ends in a continuative verb (「…掲示し、」「…行い、」) or is joined by 並びに・及び・又は・若しくは・
--   かつ or 「とともに」 is a member of a chain of acts the predicate governs;
-- - a part that ends in a condition (「…場合には、」「…ときは、」「…際、」), a purpose (「…ため、」) or a relative
--   clause (「…した者は、」) is subordinate: the act in it is not what the predicate requires;
-- - any other part (a noun phrase with its particle: 「定期に、」「書面により、」「…について、」) attaches to the next
--   verb, so the part after it decides.
--
-- Commas inside parentheses （…） and quotations 「…」 do not separate parts.
-- Offsets are 0-based code points with an exclusive end (see `shinsa.text`).
--
-- @module shinsa.clause
-- @usage local clause = require "shinsa.clause"
-- local ok, why = clause.governed(unit.text, m)   -- m: a trigger match
-- if not ok then ctx:trace("not governed: " .. why) end
local core = require "shinsa.core"

local M = {}

local COORD = "(並びに|ならびに|及び|および|又は|または|若しくは|もしくは|かつ|且つ)"

local OPEN = { ["（"] = "（", ["("] = "(", ["「"] = "「", ["『"] = "『" }
local CLOSE = { ["）"] = "（", [")"] = "(", ["」"] = "「", ["』"] = "『" }

local function has(s, re, init)
  return core.find(s, re, init) ~= nil
end

-- Endings, tested on the part's text without its comma. (\x{3040}-\x{309F}: hiragana; \x{4E00}-\x{9FFF} and
-- 々: ideographs, spelled as ranges because \p{Han} also matches 、 and 。)
local KANJI = "[\\x{4E00}-\\x{9FFF}\\x{3005}]"
local ENDINGS = {
  { "condition", "(場合(において|には|は|に|であつて|であって|を除き)?|とき(は|には|に|であつて|であって)?"
    .. "|際(に|には|は)?|(?<=[たつっ])後(に|には|は)?|限り(において)?|(?<=[るた])(まで|間)(は|に)?)$" },
  { "purpose", "ため(に|には)?$", "^(この|その|これらの)ため" },
  { "relative", "(?<=[\\x{3040}-\\x{309F}])(者|もの|物)(は|には|に対し|に対して|が|であつて|であって|のうち)$"
    .. "|(?<=[るた])[^、。]{0,12}(者|人|員|官|長)(は|には|に対し|に対して|が)$" },
  { "coordination", "とともに$" },
  -- a continuative verb: an ideograph and one kana (「掲示し」「行い」「設け」「講じ」), or 「…をし」; not the
  -- argument markers built the same way (「…に関し」「…に応じ」「…を除き」「…に従い」) nor nouns (写し, 取扱い)
  { "continuative", "((?<=" .. KANJI .. ")(し|させ|せ|い|り|き|け|げ|め|え|べ|じ|ち)|をし|をさせ|ておき)$",
    "(に(関|対|際|照ら|比|応|準|基づ|従|伴|続|当た)|を(除|通|通じ|含め|問わ)|写|扱|払|限|次|通)"
    .. "(し|じ|き|い|り|ち|め)?$" },
}

--- How a part of a sentence ends: "condition", "purpose", "relative", "coordination", "continuative",
-- "final" (the last part of the sentence) or "argument" (anything else: a noun phrase with its particle).
-- A part followed by one that starts with 並びに, 及び, 又は, 若しくは, かつ or 且つ is a "coordination".
-- @param part string the part's text, without the comma
-- @param next_part string|nil the text of the part after it (nil for the last part)
-- @return string the kind of ending
-- @usage clause.ending("当該計画を縦覧に供し", "並びに意見を求めるため…") --> "coordination"
function M.ending(part, next_part)
  if next_part == nil then return "final" end
  part = part:gsub("%s+$", "")
  for _, e in ipairs(ENDINGS) do
    if has(part, e[2]) and not (e[3] and has(part, e[3])) then
      if e[1] == "continuative"
        and has(next_part, "^" .. COORD) then
        return "coordination"
      end
      return e[1]
    end
  end
  if has(next_part, "^" .. COORD .. "、") then
    return "coordination"
  end
  return "argument"
end

--- Split a sentence into its parts at the commas (、 ，) outside parentheses and quotations.
-- @param s string the sentence
-- @return table a list of `{start = , ["end"] = , text = , ending = }` (end exclusive, the comma not
-- included; `ending` as for `ending`)
-- @usage for _, p in ipairs(clause.parts(unit.text)) do print(p.text, p.ending) end
function M.parts(s)
  local out, depth = {}, 0
  local cp, start, bstart = 0, 0, 1
  for bpos, c in utf8.codes(s) do
    local ch = utf8.char(c)
    if OPEN[ch] then
      depth = depth + 1
    elseif CLOSE[ch] and depth > 0 then
      depth = depth - 1
    elseif depth == 0 and (ch == "、" or ch == "，") then
      out[#out + 1] = { start = start, ["end"] = cp, text = s:sub(bstart, bpos - 1) }
      start, bstart = cp + 1, bpos + #ch
    end
    cp = cp + 1
  end
  out[#out + 1] = { start = start, ["end"] = cp, text = s:sub(bstart) }
  for i, p in ipairs(out) do
    p.ending = M.ending(p.text, out[i + 1] and out[i + 1].text)
  end
  return out
end

-- Subordinating words inside one part (no comma before them): 「…検査を受けた後」, 「…掲示する場合において」,
-- 「…した者は」, 「…縦覧に供するため必要な」.
local INNER = {
  { "condition", "場合|とき|際|(?<=[たつっ])後|間は|間に" },
  { "purpose", "ため" },
  { "relative", "(?<=[たるいずぬ])(者|もの)([はにが]|から)|[たる][^、。]{1,20}者[はにが]" },
}

-- The text without what parentheses hold (「書面（…の場合にあつては、…）を提出し」: the condition is the
-- parenthesis's own).
local function outside_parens(text)
  if not text:find("[（(]") then return text end
  local out, depth = {}, 0
  for _, c in utf8.codes(text) do
    local ch = utf8.char(c)
    if ch == "（" or ch == "(" then
      depth = depth + 1
    elseif (ch == "）" or ch == ")") and depth > 0 then
      depth = depth - 1
    elseif depth == 0 then
      out[#out + 1] = ch
    end
  end
  return table.concat(out)
end

-- Right after the act, its own verb in the attributive form before a noun: a relative clause
-- (「出頭した選挙人」「立ち会った医師」「出頭を求めた参考人」「縦覧に供しなければならない書類」); a method or a
-- condition noun is not a head (「掲示する方法により」「検査を受けた後」).
-- (Only when the match ends in a verb or its object: after 「書面により」 the next verb is another act's.)
local OWN_RELATIVE = "^(?:[^、。（「をにでがはの]{0,4}|を[^、。（「をにでがはの]{1,4})"
  .. "(なければならない|べき|た|る|(?<![よそ])(う|く|す|つ|む|ぶ|ぐ))(?=[\\x{4E00}-\\x{9FFF}])(?!方法|措置|等|上|場合|際|前|後|旨|閲覧所|場所|機会)"
local PARTICLE_END = "(で|により|によつて|によって|をもつて|をもって|を以て|に|にて|から|へ)$"

-- Right after a noun, a modifier: the act is what something else is about (「現地調査に係る実費」,
-- 「ポスターの掲示に関し」, 「現地調査又は栽培試験に係る実費」).
local OWN_MODIFIER = "^(等)?((又は|及び|若しくは|並びに)[^、。をにがは]{1,10}?)?(に係る|に関し|に関する|に必要な|に要する|のため)"

local function inner(text, own)
  text = outside_parens(text)
  if own and has(text, OWN_RELATIVE) then return "relative" end
  if own and has(text, OWN_MODIFIER) then return "modifier" end
  for _, e in ipairs(INNER) do
    if has(text, e[2]) then return e[1] end
  end
  return nil
end

local NOMINAL = "こと(に因|によ|に起因|が(?!でき))"

-- The rest of a chain of acts from part i (which ends in a continuative verb or is joined to the next part by
-- 並びに, 及び, 又は, とともに …) up to the predicate. Only how the parts end matters: words inside a later
-- conjunct belong to its own verb (「…供し、並びに…意見を求めるため…手続をとらなければならない」). A condition
-- or purpose ending the very next part when that part is the act's conjunct takes in the whole coordination
-- (「…掲示をし、又はその内容を変更しようとするときは」); a later one only conditions the later acts
-- (「…掲示し、且つ、…申立をした者があるときは、…通知しなければならない」). A relative clause
-- (「…し、…した者は」) or a nominalisation (「…測量し、…行うことに因つて損失を生じたときは」) takes in the
-- chain wherever it stands.
local function chain(s, parts, i, why, pstart)
  if has(core.sub(s, parts[i]["end"], pstart), NOMINAL) then return false, "nominal" end
  for j = i + 1, #parts do
    local q = parts[j]
    if pstart <= q["end"] then
      -- the predicate's own part, the act's conjunct, is a condition up to the predicate: 「…期日に出頭し、又は…
      -- 処分に立ち会つた場合に限るものとし、」 (the acts only condition something else)
      if j == i + 1 and has(q.text, "^" .. COORD) and has(outside_parens(core.sub(s, q.start, pstart)),
          "(場合|とき)(に限る|に限り)?$") then
        return false, "condition"
      end
      break
    end
    local e = q.ending
    -- a relative clause as the topic (「…し、…許可を受けた者は、」), not as a later subject (「…理由を付し、
    -- 合議に関与した審査員が、これに署名押印しなければならない」)
    if e == "relative" and has(q.text, "は$") then return false, "relative" end
    if e == "condition" or e == "purpose" then
      if j == i + 1 and has(q.text, "^" .. COORD .. "(?!、)") then return false, e end
      break
    end
  end
  return true, why
end

--- Whether the act at a match is governed by a predicate after it, and why.
-- From the part holding the match, the parts up to the predicate are read in order: text after the match in
-- its own part, then whole parts, then the predicate's part up to the predicate. A condition, purpose or relative
-- clause met on the way makes the act subordinate. A continuative verb or a coordination ends the search: the act
-- is one of the chain of acts the predicate governs, unless a relative clause (「…し、…した者は」) or a
-- nominalisation (「…し、…ことによつて損失を生じたときは」) later takes the whole chain in. Distance plays no part.
-- @param s string the sentence
-- @param m table the match (`start`, `end`)
-- @param predicate table|nil the governing predicate's match (`start`); default: the end of the sentence
-- @return boolean whether the predicate governs the act
-- @return string why: "same part", "chain", "coordination", "argument" when governed; "condition", "purpose",
-- "relative", "modifier", "nominal" when not
-- @usage local ok, why = clause.governed("定期に、当該設備について、検査を行い、その結果を報告しなければならない。",
--   {start = 0, ["end"] = 3}) --> true, "chain"
function M.governed(s, m, predicate)
  local pstart = predicate and predicate.start or core.len(s)
  local parts = M.parts(s)
  local i = 1
  while i < #parts and parts[i]["end"] < m["end"] do i = i + 1 end
  local first, from_verb = true, false
  while i <= #parts do
    local p = parts[i]
    local from = first and m["end"] or p.start
    local upto = math.min(p["end"], pstart)
    local txt = upto > from and core.sub(s, from, upto) or ""
    -- words inside a later part belong to that part's own verbs; only how it ends matters there
    local sub = first and inner(txt, not has(m.text or "", PARTICLE_END))
    if sub then return false, sub end
    if pstart <= p["end"] then return true, first and "same part" or "argument" end
    local e = p.ending
    -- after a noun phrase with its comma (「書面で、」), a relative clause naming the addressee
    -- (「鑑別を求めた者に対し、」) is an argument of the later act; after a verb (「講習を受け、その課程を修了した者に
    -- 対し、」) it takes the verb in
    if e == "relative" and not from_verb and not first and has(p.text, "に対し(て)?$") then e = "argument" end
    if e == "condition" or e == "purpose" or e == "relative" then return false, e end
    if e == "continuative" or e == "coordination" then
      local nxt = parts[i + 1]
      -- 「…し、その結果…ときは」: read on as if the part were a noun phrase
      if not (e == "continuative" and nxt and has(nxt.text, "^(その(?!旨|他)|当該)")) then
        return chain(s, parts, i, e == "continuative" and "chain" or "coordination", pstart)
      end
      from_verb = true
    end
    first = false
    i = i + 1
  end
  return true, "argument"
end

return M
