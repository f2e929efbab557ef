--- Judgements shared by the analog rules: negative contexts, digital alternatives already present, delegation.
-- Every analog rule finds its trigger itself, then asks `judge` what the clause around it says.
local lexicon = require "shinsa.lexicon"
local text = require "shinsa.text"
local clause = require "shinsa.clause"
local xref = require "shinsa.xref"
local core = require "shinsa.core"

local M = {}

-- --explain traces (ctx:trace): only built when ctx.explain is set, so a normal run pays nothing for them.
local function entry_str(e)
  if type(e) == "string" then return "「" .. e .. "」" end
  if type(e) == "table" and e.re then return "re:" .. tostring(e.re) end
  if type(e) == "table" and e.literal then return "「" .. tostring(e.literal) .. "」" end
  return tostring(e)
end

local function trace(ctx, fmt, ...)
  if ctx and ctx.explain then ctx:trace(string.format(fmt, ...)) end
end

-- The trigger and the negative-context result, as the first lines of a trace.
local function trace_trigger(unit, ctx, m)
  if not (ctx and ctx.explain) then return end
  local s = m.text or text.sub(unit.text, m.start, m["end"])
  if m.entry then
    trace(ctx, "trigger 「%s」 at code points %d-%d of the sentence (lexicon entry %s)", s, m.start, m["end"],
      entry_str(m.entry))
  else
    trace(ctx, "trigger 「%s」 at code points %d-%d of the sentence", s, m.start, m["end"])
  end
end

--- The name of the negative context the sentence sits in (penalty, application, definition), or nil.
-- Article captions and chapter titles of 罰則 count as a penalty context.
function M.negative_context(unit, common)
  local c = unit.context or {}
  local caption, chapter = c.article_caption or "", c.chapter_title or ""
  if caption:find("罰則", 1, true) or chapter:find("罰則", 1, true) then return "penalty" end
  return (lexicon.which(common.negative_contexts, unit.text))
end

-- The matches of the digital alternatives in a text, remembered per text while the units of one file are
-- checked: every finding of an article asks about the same paragraph and article text, once per rule. The key
-- is the text itself, so a remembered answer is always right; the memo is emptied when the file changes, so
-- that it holds one law's texts at most.
local alt_memo = { file = nil, by = {} }

local function alternatives_in(unit, common, s)
  if alt_memo.file ~= unit.file then alt_memo.file, alt_memo.by = unit.file, {} end
  local memo = alt_memo.by[common]
  if not memo then memo = {} alt_memo.by[common] = memo end
  local ms = memo[s]
  if not ms then
    ms = lexicon.matches(common.digital_alternatives, s)
    memo[s] = ms
  end
  return ms
end

--- The first digital alternative found in the sentence, else in its paragraph, else in its article.
-- @return table|nil `{text = , scope = "sentence"|"paragraph"|"article"}`
-- @param ignore table|nil the type lexicon's `not_alternatives`: wording that is no digital route for this type
-- (for in-person-viewing, 「書面又は電磁的記録」 names the record's format, not remote access)
function M.digital_alternative(unit, common, ignore)
  local c = unit.context or {}
  local scopes = { { "sentence", unit.text }, { "paragraph", c.paragraph_text }, { "article", c.article_text } }
  for _, scope in ipairs(scopes) do
    if scope[2] and scope[2] ~= "" then
      for _, m in ipairs(alternatives_in(unit, common, scope[2])) do
        if not (ignore and lexicon.any(ignore, m.text)) then return { text = m.text, scope = scope[1] } end
      end
    end
  end
  return nil
end

local scope_ja = { sentence = "同じ文", paragraph = "同じ項", article = "同じ条" }

--- The sentences of a text, cut at each 。 outside （…）: a definition in parentheses (「自動公衆送信（公衆によつて
-- …をいい、…を除く。第二十三条第二項において同じ。）」) stays inside its sentence.
-- @return table the sentences, each with its closing 。
function M.sentences(s)
  local out, depth, start, pos = {}, 0, 1, 1
  local next_of = { ["（"] = 0, ["）"] = 0, ["。"] = 0 }   -- the next position of each mark (nil: none left)
  while pos <= #s do
    for mark, at in pairs(next_of) do
      if at and at < pos then next_of[mark] = s:find(mark, pos, true) end
    end
    local o, c, e = next_of["（"], next_of["）"], next_of["。"]
    local nxt = math.min(o or math.huge, c or math.huge, e or math.huge)
    if nxt == math.huge then break end
    if nxt == o then depth = depth + 1
    elseif nxt == c then depth = math.max(depth - 1, 0)
    elseif depth == 0 then
      out[#out + 1] = s:sub(start, e + 2)
      start = e + 3
    end
    pos = nxt + 3
  end
  if start <= #s then out[#out + 1] = s:sub(start) end
  return out
end

--- Report an analog finding with the shared judgement applied: a digital alternative downgrades it to info
-- and says which; a delegation adds a `related` entry naming the lower instrument to check.
-- @param args table `{match = , message = , message_en = , confidence = , lex = <type lexicon>}`
function M.report(unit, ctx, args)
  local common = ctx.lexicon.common
  if ctx.explain and not args.traced then
    trace_trigger(unit, ctx, args.match)
    local neg = M.negative_context(unit, common)
    trace(ctx, "negative contexts (penalty, application, definition): %s",
      neg and ("matched " .. neg) or "none matched")
  end
  if args.note then trace(ctx, "downgraded to info: %s", args.note_en or args.note) end
  local report = {
    match = { start = args.match.start, ["end"] = args.match["end"] },
    message = args.message,
    message_en = args.message_en,
    confidence = args.confidence,
    suggestion = args.lex.remedy,
  }
  if args.severity then report.severity = args.severity end
  if args.note then
    report.message = args.message .. args.note
    report.message_en = (args.message_en or "") .. " " .. (args.note_en or "")
  end
  local alt = M.digital_alternative(unit, common, args.lex and args.lex.not_alternatives)
  -- the sentence shows that its electronic record is no digital route for this act: it is printed on paper
  -- (「電磁的記録に記録された事項を記載した書面を…提出」) or it is only the format of a record kept at the office
  local no_route = alt and args.lex and args.lex.no_route and lexicon.match(args.lex.no_route, unit.text)
  if no_route then
    trace(ctx, "「%s」: the electronic record named there is no digital route for this act, so 「%s」 does not count",
      no_route.text, alt.text)
    alt = nil
  end
  -- found only in the article, where every sentence holding digital wording is a further duty to publish online
  -- beside the act (the type's `additional_route`: 「…標識を掲示しなければならない。」 and, in the next 項, 「…を
  -- 自動公衆送信により公衆の閲覧に供しなければならない。」): both are required, so it is no alternative (RUBRIC §5)
  if alt and alt.scope == "article" and args.lex and args.lex.additional_route then
    local additional = true
    for _, sen in ipairs(M.sentences((unit.context or {}).article_text or "")) do
      if lexicon.any(common.digital_alternatives, sen) and not lexicon.any(args.lex.additional_route, sen) then
        additional = false
        break
      end
    end
    if additional then
      trace(ctx, "「%s」 in the article belongs to a further duty to publish online (additional_route), not an "
        .. "alternative to this act", alt.text)
      alt = nil
    end
  end
  -- the article says that its other methods come beside the act, not instead of it (the type's
  -- `additional_article`: 「…前項の方法のほか、次の各号に掲げる方法のいずれかを定款で定めることができる」, whose
  -- items name 電子公告): digital wording outside the sentence is then no alternative
  if alt and alt.scope ~= "sentence" and args.lex and args.lex.additional_article
    and lexicon.any(args.lex.additional_article, (unit.context or {}).article_text or "") then
    trace(ctx, "「%s」 in the article is a method added beside this act (additional_article), not an alternative",
      alt.text)
    alt = nil
  end
  -- none around the sentence: one that reaches it by cross-reference (proviso, 準用, 「…に代えて」)
  if not alt and not no_route and (report.severity or ctx.rule.severity) ~= "info" then
    alt = M.cross_reference_alternative(unit, common, args.lex and args.lex.not_alternatives)
  end
  if alt and alt.by then
    trace(ctx, "digital alternative 「%s」 reached by cross-reference: %s (%s): severity info, confidence 0.5",
      alt.text, alt.by, alt.scope)
  elseif alt then
    trace(ctx, "digital alternative 「%s」 found in the same %s: severity info, confidence 0.5", alt.text, alt.scope)
  else
    trace(ctx, "digital alternatives: none in the sentence, its paragraph or its article, nor by cross-reference")
  end
  if alt then
    report.severity = "info"
    report.confidence = 0.5
    local joiner = report.message:find("ただし、", 1, true) and "また、" or "ただし、"
    if alt.by then
      report.message = report.message .. joiner .. alt.by .. "に電子的な代替手段（「" .. alt.text .. "」）の規定があります。"
      report.message_en = (report.message_en or "") .. " A digital alternative is provided by " .. alt.scope
        .. " in " .. alt.by .. " (「" .. alt.text .. "」)."
    else
      report.message = report.message .. joiner .. scope_ja[alt.scope] .. "に電子的な代替手段（「" .. alt.text
        .. "」）の規定があります。"
      report.message_en = (report.message_en or "") .. " A digital alternative is already provided in the same "
        .. alt.scope .. " (「" .. alt.text .. "」)."
    end
  end
  local del = lexicon.match(common.delegation, unit.text)
  trace(ctx, "delegation: %s", del and ("「" .. del.text .. "」: the lower instrument is added as related") or "none")
  report.related = alt and alt.related or args.related
  if del then
    report.related = report.related or {}
    report.related[#report.related + 1] = {
      file = unit.file,
      address = unit.address_str,
      citation = (del.text:gsub("で定める$", "")),
      note = "委任先（" .. del.text .. "もの）に具体的な方法が定められている可能性があります。下位法令も確認してください。"
        .. " (The method is delegated: check the lower-level instrument.)",
    }
  end
  ctx:report(report)
end

--- Every trigger match of a type lexicon in s that no exception covers, ordered by start
-- (`lexicon.find_trigger` gives the first of them).
-- @return table a list of matches (empty when none)
function M.triggers(lex, s)
  local out = {}
  if lex == nil then return out end
  local excl = lex.exceptions and lexicon.matches(lex.exceptions, s) or {}
  for _, m in ipairs(lexicon.matches(lex.triggers, s)) do
    local covered = false
    for _, x in ipairs(excl) do
      if x.start < m["end"] and m.start < x["end"] then covered = true break end
    end
    if not covered then out[#out + 1] = m end
  end
  return out
end

-- Whether the PCRE2 pattern `re` occurs in s.
local function has(s, re)
  return core.find(s, re) ~= nil
end

-- A provision that substitutes a digital route for the act: 「…の交付に代えて、…電磁的方法により提供することが
-- できる」, 「…電磁的記録をもって作成されている場合であって、…措置…をとっているときは、この限りでない」.
local substitution_re = "代えて|代わりに|この限りでない|みなす|ことができる|により行う"

local function alt_in(common, ignore, s)
  if not s or s == "" or not has(s, substitution_re) then return nil end
  for _, m in ipairs(lexicon.matches(common.digital_alternatives, s)) do
    if not (ignore and lexicon.any(ignore, m.text)) then return m end
  end
  return nil
end

-- Whether the citing sentence substitutes something for the act of the provision it cites there: 「代えて」
-- follows the reference closely (「第三条第二項若しくは第三項又は前条各項の規定による書面の交付に代えて」), or
-- after a topic (「…の提出については、総務省令で定めるところにより、当該文書又は書面の提出に代えて」); not a
-- 代えて about something else (「帳簿書類（その作成又は保存に代えて…）…第三十条の規定による書面」).
local function substitutes_for(c)
  local rest = text.sub(c.sentence, c["end"], text.len(c.sentence))
  local d = rest:find("代えて", 1, true) or rest:find("代わりに", 1, true)
  if not d then return false end
  local gap = rest:sub(1, d - 1):gsub("（[^（）]*）", ""):gsub("（[^（）]*）", "")
  if gap:find("。", 1, true) then return false end
  local topic = gap:match(".*については、(.*)$")
  local tail = topic or gap
  return utf8.len(tail) <= (topic and 40 or 60) and not has(tail, "場合|とき|事務を")
end

-- only the 準用 that apply other provisions to the unit's are read (xref builds that index alone)
local applies_to = { "applies_to" }

-- Whether a 準用 names the unit's provision only to point at something it sets up, not at its act: 「第二十条の七から
-- 第二十条の十六までの規定は第三十四条の二第二項の登録を受けた者について…準用する」 (水道法 第三十四条の四) applies the
-- rules of registered bodies (their 財務諸表 kept as 電磁的記録) to the bodies registered under the clause, which is no
-- route for the clause's own duty (to undergo the inspection).
local function applied_to_other(a)
  local s, ref = a.sentence or "", a.text or ""
  local at = ref ~= "" and s:find(ref, 1, true)
  if not at then return false end
  return has(s:sub(at + #ref), "^の(登録|指定|認定|許可|認可|承認)(を受けた者)?(に|について)")
end

local function related_of(unit, p, note)
  return { file = unit.file, address = p.address, citation = p.citation, note = note }
end

--- A digital alternative that reaches the unit by cross-reference (shinsa.xref), when none stands in its
-- sentence, paragraph or article: a proviso of its paragraph (「ただし、…電磁的記録…措置…この限りでない」); a
-- 準用 elsewhere that applies an electromagnetic-method provision to it (「第X条第二項の規定は、前項の規定による
-- 書面の交付について準用する」); a provision elsewhere that cites it and substitutes a digital route for its act
-- (「第X条の規定による書面の交付に代えて、…電磁的方法により…」).
-- @return table|nil `{text = , scope = "proviso"|"cross-reference", by = <citation>, related = {…}}`
function M.cross_reference_alternative(unit, common, ignore)
  if (unit.context or {})["function"] ~= "proviso" then
    for _, s in ipairs(xref.provisos(unit)) do
      -- 「…電磁的記録をもって作成されている場合であって、…措置…をとっているときは、この限りでない」: the measure
      -- is the route, so the type's not_alternatives (a record's mere format) do not apply here
      local ign = ignore
      if has(s.text, "措置") then ign = nil end
      local m = has(s.text, "この限りでない") and alt_in(common, ign, s.text)
      if m then
        return { text = m.text, scope = "proviso", by = (s.citation or "") .. "ただし書",
          related = { related_of(unit, { address = s.address, citation = s.citation },
            "ただし書に電子的な代替手段があります。 (The proviso provides a digital alternative.)") } }
      end
    end
  end
  for _, a in ipairs(xref.applied_by(unit, nil, applies_to)) do
    if a.relation == "applies_to" and not applied_to_other(a) then
      for _, r in ipairs(a.applies) do
        for _, p in ipairs(r.provisions) do
          local m = alt_in(common, ignore, p.text)
          if m then
            return { text = m.text, scope = "cross-reference", by = a.citation .. "において準用する" .. p.citation,
              related = {
                related_of(unit, p, "準用される電子的な代替手段の規定です。 (The digital alternative applied by 準用.)"),
                related_of(unit, a, "この規定が上記を準用しています。 (This provision applies it by 準用.)") } }
          end
        end
      end
    end
  end
  for _, c in ipairs(xref.cited_by(unit, { "代えて", "代わりに" })) do
    local m = substitutes_for(c) and alt_in(common, ignore, c.sentence)
    if m then
      return { text = m.text, scope = "cross-reference", by = c.citation,
        related = { related_of(unit, c,
          "この規定が電子的な代替手段を定めています。 (This provision provides the digital alternative.)") } }
    end
  end
  return nil
end

-- Obligation strength. The main predicate of a Japanese sentence comes last, so the marker that ends last
-- decides; at equal ends the longer one wins (努めなければならない over なければならない).
-- 大書きの「つ」 (なかつた) and 文語 (ベシ, ヲ要ス) are covered by the patterns.
local strength_markers = {
  { kind = "effort", re = "努め(なければならない|るものとする|るものとし|る(?=。|$)|ること)" },
  { kind = "effort", re = "(よう|ように)努め" },
  { kind = "prohibition", re = "(て|で)はならない" },
  { kind = "prohibition", re = "ことができない" },
  -- (a CJK ideograph after the marker makes it a relative clause: 「出頭しなければならない公判期日」; written as a
  -- range because \p{Han} also matches 。 and 、, which belong to Han by Script_Extensions)
  { kind = "duty", re = "(なければならない|なければならぬ|ものとする|を要する|ヲ要ス|ベシ|べし|ヘシ)"
    .. "(?!場合|とき|もの|者|こと|旨|[\\x{4E00}-\\x{9FFF}\\x{3005}])" },
  { kind = "duty", re = "ものとし、" },
  { kind = "authority", re = "ことができる(?!者|場合|もの|とき|よう|[\\x{4E00}-\\x{9FFF}])" },   -- 「閲覧することができるように」: a purpose
  { kind = "authority", re = "ことを妨げない" },
  { kind = "authority", re = "ことができるものと(し、|する)" },   -- 「請求することができるものとし、」
}

--- The obligation strength of a text: "duty" (しなければならない, ものとする, を要する), "effort"
-- (努めなければならない), "authority" (することができる), "prohibition" (してはならない), or nil when the text
-- has no predicate marker (a list item, a noun phrase).
-- @return string|nil kind
-- @return table|nil the marker's match
function M.strength(s)
  local best, bkind
  for _, mk in ipairs(strength_markers) do
    -- (the matches of one pattern, in order; as text.find_all gives them, without a table per match)
    for st, en, txt in core.find_all(s, mk.re) do
      if not best or en > best["end"] or (en == best["end"] and st < best.start) then
        best, bkind = { start = st, ["end"] = en, text = txt, entry = { re = mk.re }, index = 1 }, mk.kind
      end
    end
  end
  return bkind, best
end

--- Whether the trigger `m` sits in a subordinate part of the sentence rather than in what its predicate
-- requires: read by the grammar of the sentence (`shinsa.clause.governed`), from the trigger to the first
-- predicate marker after it. A condition (場合, とき), a purpose (ため) or a relative clause (…した者は) on the
-- way makes it subordinate; a chain of acts (「…掲示し、」「…縦覧に供するとともに、」「…供し、並びに…」) or a
-- noun phrase that attaches to the predicate (「定期に、…について、…点検させ、…報告しなければならない」) does
-- not, however long. With no predicate marker after the trigger, it is not subordinate.
-- @param s string the unit text
-- @param m table the trigger match
-- @return boolean
-- @return string|nil why (see `shinsa.clause.governed`)
function M.subordinate(s, m)
  local next_marker
  for _, mk in ipairs(strength_markers) do
    local x = text.find_any(s, { { re = mk.re } }, m["end"])
    if x and (not next_marker or x.start < next_marker.start) then next_marker = x end
  end
  if not next_marker then return false end
  local between = text.sub(s, m["end"], next_marker.start)
  -- done in the witnesses' presence: 「立会人とともに、…点検し」, 「立会人立会の上、…調査し」 govern the whole chain
  if has(between, "^(とともに|(立会い?)?の上)、") then return false end
  -- a method phrase that the predicate prescribes for the whole act: 「…書面により、…を明らかにしてするものとする」
  if m.text and has(m.text, "(により|によつて|によって|をもつて|をもって|で)$")
    and has(between, "[てで](する|し)$") and not has(between, "場合|とき") then
    return false
  end
  local ok, why = clause.governed(s, m, next_marker)
  return not ok, why
end

-- Wording of a transitional provision in the 附則.
local transitional_re = "施行|従前|なお(その)?効力|改正前|改正後|旧[^、。]{0,20}(法|令|規定)|経過|廃止前|の際現に|この法律の公布"
  .. "|改正規定|に改める|を加える|を削る"
-- Captions of 附則 articles that only manage the change-over.
local transitional_caption_re = "施行期日|経過措置|経過規定|準備行為|適用区分"

local downgrade_note = {
  authority = { "ただし、権限を定める規定（「することができる」）であり、義務付けではありません。",
    "This is an authority (することができる), not a duty." },
  effort = { "ただし、努力義務です。", "This is an effort duty (努める), not a strict duty." },
  item = { "ただし、号の列挙（要件・事項）であり、義務の強さは柱書によります。",
    "This is a listed item (a requirement or a matter); the obligation sits in the chapeau." },
  suppl = { "ただし、附則（経過措置等）の規定です。本則の規定を確認してください。",
    "This is in the supplementary provisions (transitional measures); check the main provisions." },
}

--- The standard check of an analog type: trigger (not covered by an exception) → no shared or type-specific
-- negative context → obligation strength → report. A duty reports at the rule's severity; an authority,
-- an effort duty, a list item without its own predicate, a duty in the 附則 (transitional measures), or a
-- match of the shared `open_alternatives` (after the trigger) or of the lexicon's `downgrade` lists reports as
-- info with a note; a prohibition, or a text without a predicate outside items, stays quiet unless the type's
-- `obligation` list matches (a prescribed method such as 「縦覧に供して行う」). With `scope: predicate`, the
-- first trigger governed by the predicate is taken (see `subordinate`).
-- Lexicon keys used: `triggers`, `exceptions`, `negative_contexts`, `requires` (one must also occur),
-- `obligation`, `prescribed` (an authority whose one method is the analog act: a duty), `occasion` (a keeping
-- trigger that needs a viewing named around it, see `occasion_missing`), `downgrade` (map: name →
-- list, with `downgrade_notes`), `quiet_laws` (law titles), `scope`
-- (`predicate`: the trigger must be governed by the sentence's predicate, see `subordinate`), `remedy`;
-- `report` also reads `not_alternatives` (alternative wording that is no route for this type) and `no_route`
-- (sentence wording that shows the electronic record named there is no route: a printout, a kept record's format),
-- `additional_route` (article sentences whose online duty stands beside the act) and `additional_article` (article
-- wording that adds other methods beside the act: 「前項の方法のほか」).
-- @param args table `{message = , message_en = , confidence = , authority = "info"|"quiet"}`
-- @return boolean whether a finding was reported
-- --explain: why a unit that holds a trigger got no finding ("quiet: …" lines, shown by the engine for quiet
-- rule calls that traced something).
local function quiet(ctx, fmt, ...)
  if ctx and ctx.explain then ctx:trace("quiet: " .. string.format(fmt, ...)) end
  return false
end

-- The name and the matched text of the first list of a group that matches s, for quiet traces.
local function which_match(group, s)
  local name = lexicon.which(group, s)
  local m = lexicon.match(group, s)
  return tostring(name), m and m.text or "?"
end

-- Whether a provision applied to the unit by 準用 holds one of `list` (「第三十三条の二第四項の規定は、第一項の定款
-- 又は組合員名簿について準用する」, where 第三十三条の二第四項 is the 閲覧 request).
local function applied_holds(unit, list)
  for _, a in ipairs(xref.applied_by(unit, nil, applies_to)) do
    for _, r in ipairs(a.applies or {}) do
      for _, p in ipairs(r.provisions or {}) do
        if lexicon.any(list, p.text or "") then return true end
      end
    end
  end
  return false
end

-- The type's `occasion`: a trigger that only keeps a record at an office (「…議事録を主たる事務所に備え置かなければ
-- ならない」) counts when someone may view it there, i.e. the sentence (`context`, `sentence`), its article or the
-- article's caption (「…書面等の備置き及び閲覧等」), a provision applied to it by 準用, or a provision citing it names
-- the viewing (RUBRIC §4: records kept for the business or its inspectors are a keeping duty, not a visit).
-- @return boolean whether the occasion is missing (the clause then stays quiet)
local function occasion_missing(unit, lex, m)
  local o = lex.occasion
  local s = m.text or text.sub(unit.text, m.start, m["end"])
  if not o or not lexicon.any(o.trigger, s) or (o.unless and lexicon.any(o.unless, s)) then return false end
  local c = unit.context or {}
  if lexicon.any(o.context, unit.text) or (o.sentence and lexicon.any(o.sentence, unit.text))
    or lexicon.any(o.context, c.article_text or "") or lexicon.any(o.context, c.article_caption or "") then
    return false
  end
  return not applied_holds(unit, o.context) and #xref.cited_by(unit, o.cited_by) == 0
end

function M.check(unit, ctx, lex, args)
  local found = M.triggers(lex, unit.text)
  if #found == 0 then
    if ctx.explain then
      local raw = lexicon.match(lex.triggers, unit.text)
      if raw then
        local x = lex.exceptions and lexicon.match(lex.exceptions, unit.text)
        return quiet(ctx, "the trigger 「%s」 is covered by the exception 「%s」 (lexicon exceptions)", raw.text,
          x and x.text or "?")
      end
    end
    return false
  end
  local kind, marker = M.strength(unit.text)
  -- the first trigger governed by the predicate (a long sentence may name the act in a condition first:
  -- 「講習を受けないことについて…やむを得ない理由がある者…講習を受けなければならない」)
  local m = found[1]
  if lex.scope == "predicate" then
    m = nil
    local why
    for _, f in ipairs(found) do
      local sub, w = M.subordinate(unit.text, f)
      if not sub then m = f break end
      why = why or w
    end
    if not m then
      trace_trigger(unit, ctx, found[1])
      return quiet(ctx, "every trigger sits in a part the predicate does not govern (first: %s)", tostring(why))
    end
  end
  trace_trigger(unit, ctx, m)
  local c = unit.context or {}
  if lex.quiet_laws and c.law_title and lexicon.any(lex.quiet_laws, c.law_title) then
    return quiet(ctx, "the law 「%s」 is in the type's quiet_laws", c.law_title)
  end
  if occasion_missing(unit, lex, m) then
    return quiet(ctx, "the record is only kept: no viewing named in the sentence, its article or a provision citing "
      .. "it (the type's occasion)")
  end
  local neg = M.negative_context(unit, ctx.lexicon.common)
  if neg then
    if not ctx.explain then return false end
    if neg == "penalty" and not lexicon.match(ctx.lexicon.common.negative_contexts, unit.text) then
      return quiet(ctx, "negative context penalty: the article caption or chapter title names 罰則")
    end
    return quiet(ctx, "negative context %s matched 「%s」 (shared lexicon)", which_match(ctx.lexicon.common
      .negative_contexts, unit.text))
  end
  if lex.negative_contexts and lexicon.any(lex.negative_contexts, unit.text) then
    return quiet(ctx, "negative context %s matched 「%s」 (the type's lexicon)", which_match(lex.negative_contexts,
      unit.text))
  end
  if lex.requires and not lexicon.any(lex.requires, unit.text) then
    return quiet(ctx, "none of the type's `requires` entries occurs in the sentence")
  end
  trace(ctx, "negative contexts (shared and type-specific): none matched")
  trace(ctx, "obligation strength: %s", kind and (kind .. " (marker 「" .. marker.text .. "」)") or "no predicate marker")
  if lex.obligation and lexicon.any(lex.obligation, unit.text) and kind ~= "authority" and kind ~= "effort" then
    kind = "duty"
    trace(ctx, "the type's obligation list matches: taken as a duty")
  end
  -- the analog act as the one method an authority names for itself (「…検察庁の掲示場に掲示することをもって…送達に
  -- 代えることができる」: service by posting, no other route): a prescribed method, judged as a duty
  if kind == "authority" and lex.prescribed and lexicon.any(lex.prescribed, unit.text) then
    kind = "duty"
    trace(ctx, "the type's prescribed list matches: the authority's method is the analog act, taken as a duty")
  end
  local is_item = unit.address and unit.address.item ~= nil
  -- 所掌事務 lists (「…に関すること。」) name a body's competences, not a duty
  if is_item and kind == nil and has(unit.text, "に関すること。?$") then
    return quiet(ctx, "an item listing a competence (「…に関すること」), not a duty")
  end
  -- an item that states an act (「…書面を送付すること。」) under a chapeau that makes the listed acts a duty
  -- (「次に掲げる事項を行わなければならない。」), not a chapeau of matters to set or write down (「次に掲げる事項を
  -- 定めるものとする」) nor a choice among them (「次の各号のいずれかの措置を採る」), is a duty (RUBRIC §3, 号)
  if is_item and kind == nil and has(unit.text, "(する|させる|送付する|提出する|交付する)こと。?$") then
    local chapeau = ((unit.context or {}).paragraph_text or ""):match("^(.-。)")
    if chapeau and has(chapeau, "次に掲げる(措置|事務|業務|行為|事項)(を|の)")
      and not has(chapeau, "場合|とき|ことができる|(事項|もの)を(定め|記載)") and M.strength(chapeau) == "duty" then
      kind = "duty"
      trace(ctx, "item under a chapeau that makes the listed acts a duty: taken as a duty")
    -- one of the listed measures must be taken (「…次の各号のいずれかの措置を採るものとする」, 「…がとる措置は、…次の
    -- 各号のいずれかとする」): each item is a way the duty is met, so its analog act is required unless a sibling
    -- item offers a digital route, which the paragraph-scope alternative then finds (info)
    elseif chapeau and has(chapeau, "次の各号のいずれかの措置を(採|と)るものとする。$|措置は、[^。]*次の各号のいずれかとする。$") then
      kind = "duty"
      trace(ctx, "item under a chapeau requiring one of the listed measures: taken as a duty")
    end
  end
  local note_key
  local provision = unit.address and unit.address.provision
  if kind == "duty" then
    -- 附則: transitional provisions (施行, 従前の例, 経過措置, 旧法…) are info; a 附則 that sets a live procedure
    -- (often in an amendment act) is judged like the 本則
    if provision and provision:sub(1, 5) == "suppl" then
      local caption = (unit.context or {}).article_caption or ""
      note_key = (has(unit.text, transitional_re) or has(caption, transitional_caption_re)) and "suppl" or nil
      trace(ctx, "附則: %s", note_key and "transitional (info)" or "not transitional: judged like the 本則")
    end
  elseif kind == "authority" then
    -- an authority whose prescribed method is the analog act (「掲示して公表することができる」) is still info
    if args.authority == "quiet" and not (lex.authority_method and lexicon.any(lex.authority_method, unit.text)) then
      return quiet(ctx, "an authority (「%s」), which this type does not report", marker.text)
    end
    note_key = "authority"
  elseif kind == "effort" then
    note_key = "effort"
  elseif kind == nil and is_item then
    note_key = "item"
  elseif kind == "prohibition" then
    return quiet(ctx, "a prohibition (「%s」), not a duty to do the act", marker.text)
  else
    return quiet(ctx, "no predicate marker (duty, authority, effort) outside a list item")
  end
  -- an open list counts only after the trigger: one earlier in the sentence governs another act
  local open_alt = ctx.lexicon.common.open_alternatives
    and lexicon.match(ctx.lexicon.common.open_alternatives, unit.text, m.start)
  local out = { match = m, lex = lex, confidence = args.confidence or 0.8, message = args.message,
    message_en = args.message_en, traced = true }
  if note_key then
    out.severity, out.confidence = "info", 0.4
    out.note, out.note_en = downgrade_note[note_key][1], downgrade_note[note_key][2]
  elseif open_alt then
    trace(ctx, "open alternative 「%s」 in the sentence: severity info", open_alt.text)
    out.severity, out.confidence = "info", 0.4
    out.note = "ただし、「" .. open_alt.text .. "」と、方法を列挙の一つとして定める規定（他の方法も認められる）です。"
    out.note_en = "The method is one of open alternatives (「" .. open_alt.text .. "」)."
  elseif lex.downgrade then
    local which = lexicon.which(lex.downgrade, unit.text)
    if which then
      trace(ctx, "downgrade list 「%s」 matches", tostring(which))
      local notes = lex.downgrade_notes and lex.downgrade_notes[which] or {}
      out.severity, out.confidence = "info", 0.4
      out.note = notes.ja or "ただし、義務付けの度合いが低い文脈です。"
      out.note_en = notes.en or "The context lowers the obligation."
    end
  end
  -- the rule's own test of a route the clause does not show (paper-document: a general online provision of the law)
  if not out.severity and args.downgrade then
    local d = args.downgrade(unit)
    if d then
      trace(ctx, "the rule's downgrade: %s", d.en)
      out.severity, out.confidence, out.note, out.note_en, out.related = "info", 0.5, d.ja, d.en, d.related
    end
  end
  M.report(unit, ctx, out)
  return true
end

return M
