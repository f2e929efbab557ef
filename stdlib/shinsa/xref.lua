--- Article context and cross-references within one law: what a clause cites, and which provisions apply to it.
--
-- A law sentence rarely stands alone: 「前項の場合において」, 「第五条第二項の規定は、前項の規定による書面の交付
-- について準用する」 (準用), 「…と読み替えるものとする」 (読替え) and a proviso 「ただし、…この限りでない」 change what a
-- clause requires. This module resolves those references inside the same law, once per law, before a rule
-- judges: `unit.law` (the document-wide view the engine builds for a law's units on first use: parallel arrays
-- of articles, paragraphs and sentences in document order, see engine/lua_law.h) is indexed on first use, the
-- index is kept for the other units of the law, and article tables are built only for the articles read.
-- (Scanning, relating and resolving the references of a paragraph is C, engine/lua_xref.c: a law's 準用 index
-- reads every sentence of its 準用 paragraphs.)
--
-- A *provision* returned here is a paragraph of the law view: `{num, text, citation, address, sentences,
-- article}` where `address` is the paragraph's address string (`LAWID#main:5:2::`), `citation` its human form
-- (「第五条第二項」) and `sentences` its sentences `{text, function = "main"|"proviso", item, sentence, address,
-- citation}`; `article` is the article `{provision, num, caption, citation, paragraphs}`.
--
-- A *reference* (from `cites`, `applied_by`) is `{relation, text, citation, address, provisions, external,
-- start, ["end"], sentence}`: `relation` is one of
-- `"applies"` (the citing sentence applies the cited provision, 「Xの規定は、…について準用する」),
-- `"applies_to"` (it applies other provisions to the cited one, 「…の規定は、前項の規定による…について準用する」),
-- `"reads"` (読替え: 「Xの規定中「A」とあるのは「B」と読み替える」 / 「…と読み替えて準用する」),
-- `"case"` (the sentence builds on the cited one: 「前項の場合において」) and `"cites"` (any other reference);
-- `text` the reference as written (「前条第二項」), `citation` and `address` what it resolves to, `provisions`
-- the resolved paragraphs (empty when the target is not in the law, e.g. a 削除 article), `external` true for a
-- reference into another law (「行政手続法第五条」, 「同法第三条」), which is never resolved.
--
-- @module shinsa.xref
-- @usage local xref = require "shinsa.xref"
-- for _, r in ipairs(xref.applied_by(unit)) do
--   if r.relation == "applies_to" then ... r.applies ... end
-- end
local core = require "shinsa.core"
local law_mod = require "shinsa.law"

local M = {}

--- The references written in one sentence, unresolved, in order.
-- Each is `{start, ["end"], text, provision = "suppl"|nil, article = "5_2"|nil, article_rel = "prev"|"next"|
-- "same"|"prev_n"|"prev_all"|nil, article_n, paragraph, paragraph_rel, paragraph_n, item, item_rel, part,
-- external, range_from}`: `*_rel` marks relative forms (前条 = prev, 次条 = next, 同条 = same, 前二条 =
-- prev_n with `article_n = 2`, 前各項 = prev_all, 各号 = all); a reference that follows another in a list
-- (「第三条第二項及び第四項」) takes the earlier one's article (and paragraph); `range_from` is set on the end
-- of 「…から…まで」 to the index of its start. References inside 「…」 (the replaced text of a 読替え) are left
-- out; references into another law are kept with `external = true`. (The scan is C: `core.parse_refs`,
-- engine/lua_xref.c, since a law's cross-reference index parses every sentence of its 準用 paragraphs.)
-- @param s string a sentence
-- @return table the references
-- @usage xref.parse("前条第二項の規定は、前項の規定による書面の交付について準用する。")[1].article_rel --> "prev"
function M.parse(s)
  if type(s) ~= "string" or s == "" then return {} end
  return core.parse_refs(s)
end

-- ---- the law index ---------------------------------------------------------------------------------------

-- Index of a law view, by table identity (the engine hands the same view to every unit of a document).
local index_cache = setmetatable({}, { __mode = "k" })

local function para_address(law, art, p)
  return law_mod.format_address { law_id = law.law_id or law.file, provision = art.provision,
    article = art.num, paragraph = p.num }
end

local function nonempty(v) if v == nil or v == "" then return nil end return v end

local function new_index(law)
  local ix = { law = law, arts = {}, key_index = {}, by_num = {}, by_prov = {}, pos = {}, pos_of = {}, paras = {},
    para_at = {}, art_index = {}, para_index = {}, back = nil, cites_cache = {} }
  -- articles by provision and number (the first of each), without building a key string per article; the
  -- "provision:number" key is the same lookup as long as no number holds a colon (e-Gov numbers never do;
  -- when one does, the keys are built as strings after all)
  local provs, nums = law.art_provision or {}, law.art_num or {}
  local by_num, by_prov, pos_of = ix.by_num, ix.by_prov, ix.pos_of
  for i = 1, #provs do
    local prov, num = provs[i], nums[i] or ""
    if num:find(":", 1, true) then ix.colon = true end
    local list = by_prov[prov]
    if not list then
      list = {}
      by_prov[prov] = list
      by_num[prov] = {}
    end
    local bn = by_num[prov]
    if bn[num] == nil then bn[num] = i end
    list[#list + 1] = i
    pos_of[i] = #list
  end
  if ix.colon then
    for i = 1, #provs do
      local key = provs[i] .. ":" .. (nums[i] or "")
      if ix.key_index[key] == nil then ix.key_index[key] = i end
    end
  end
  return ix
end

-- "id#provision:article:paragraph:" when law.format_address would accept these fields (see there), else nil.
local function sentence_address_head(id, provision, article, paragraph)
  if type(id) ~= "string" or id == "" or id:find("#", 1, true) or type(provision) ~= "string" then return nil end
  article, paragraph = article or "", paragraph or ""
  if type(article) ~= "string" or article:find(":", 1, true) or type(paragraph) ~= "string"
      or paragraph:find(":", 1, true) then
    return nil
  end
  return id .. "#" .. provision .. ":" .. article .. ":" .. paragraph .. ":"
end

-- Article i of the view as a table (built on first use): `{provision, num, caption, citation, paragraphs}`,
-- each paragraph `{num, text, citation, address, sentences, article}`, each sentence `{text, function, item,
-- sentence, address}`.
local function art_at(ix, i)
  if not i then return nil end
  local art = ix.arts[i]
  if art then return art end
  local law = ix.law
  art = { provision = law.art_provision[i], num = nonempty(law.art_num[i]), caption = nonempty(law.art_caption[i]),
    citation = nonempty(law.art_citation[i]), paragraphs = {} }
  ix.arts[i] = art
  ix.art_index[art] = i
  ix.pos[art] = ix.pos_of[i]
  local pm = {}
  ix.paras[art] = pm
  local first, n = law.art_para[i], law.art_npara[i]
  local id = nonempty(law.law_id) or law.file
  -- (the view's arrays are read-only proxies: each is fetched once here, not once per element)
  local para_num, para_text, para_citation, para_addr = law.para_num, law.para_text, law.para_citation,
    law.para_address
  local para_sen, para_nsen = law.para_sen, law.para_nsen
  local sen_text, sen_function, sen_item, sen_num = law.sen_text, law.sen_function, law.sen_item, law.sen_num
  for j = first, first + n - 1 do
    local p = { num = nonempty(para_num[j]), text = para_text[j], citation = nonempty(para_citation[j]),
      address = para_addr[j], sentences = {}, article = art }
    -- the sentences' addresses share the paragraph's part: written out here when every field is one that
    -- law.format_address accepts as it is, else left to it (same string either way)
    local head = sentence_address_head(id, art.provision, art.num, p.num)
    local s0, sn = para_sen[j], para_nsen[j]
    local sens = p.sentences
    for k = s0, s0 + sn - 1 do
      local item, num = nonempty(sen_item[k]), sen_num[k]
      local sentence = num ~= 0 and num or nil
      local address
      if head and (item == nil or not item:find(":", 1, true)) and (sentence == nil or math.type(sentence) ==
          "integer" and sentence >= 1 and sentence <= 1e15) then
        address = head .. (item or "") .. ":" .. (sentence and string.format("%d", sentence) or "")
      else
        address = law_mod.format_address { law_id = id, provision = art.provision, article = art.num,
          paragraph = p.num, item = item, sentence = sentence }
      end
      sens[#sens + 1] = { text = sen_text[k], ["function"] = sen_function[k], item = item,
        sentence = sentence, address = address }
    end
    art.paragraphs[#art.paragraphs + 1] = p
    if p.num and pm[p.num] == nil then pm[p.num] = p end
    ix.para_at[j] = p
    ix.para_index[p] = j
  end
  return art
end

-- The first article with this provision and number (see new_index).
local function art_by(ix, prov, num)
  if ix.colon or num:find(":", 1, true) then return art_at(ix, ix.key_index[prov .. ":" .. num]) end
  local bn = ix.by_num[prov]
  return art_at(ix, bn and bn[num])
end

--- The index of a law view (built once per law and cached).
-- @param law table a law view (`unit.law`)
-- @return table the index (opaque: pass it to the other functions through the unit or the view)
function M.index(law)
  if type(law) ~= "table" then return nil end
  local ix = index_cache[law]
  if not ix then
    ix = new_index(law)
    index_cache[law] = ix
  end
  return ix
end

-- The article and paragraph of a unit in the index.
local function place_of(ix, unit)
  local a = unit.address or {}
  local prov = a.provision or "main"
  local art = art_by(ix, prov, a.article or "")
  if not art then return nil end
  local p = a.paragraph and ix.paras[art][a.paragraph] or nil
  return art, p
end

-- Paragraph j of the view as a table (building its article's tables on first use).
local function para_tab(ix, j)
  local p = ix.para_at[j]
  if p == nil then
    art_at(ix, ix.law.para_art[j])
    p = ix.para_at[j]
  end
  return p
end

local function target_citation(ix, t)
  local art = art_at(ix, t.ai)
  local para = t.pj and para_tab(ix, t.pj)
  local a = { provision = art.provision, article = art.num, paragraph = para and para.num or nil, item = t.item }
  local c = law_mod.format_citation(a)
  return c or art.citation
end

local function target_address(ix, t)
  local law = ix.law
  local art = art_at(ix, t.ai)
  local para = t.pj and para_tab(ix, t.pj)
  return law_mod.format_address { law_id = law.law_id or law.file, provision = art.provision,
    article = art.num, paragraph = para and para.num or nil, item = t.item }
end

-- The references of paragraph j (every sentence of it), resolved within the law, cached per paragraph: each
-- `{ref, relation, sentence, stext, targets}` with targets `{ai, pj, item}` (article and paragraph indices of
-- the view). Parsing, the relation of each reference (準用: what is applied and what it is applied to, 読替え,
-- 「前項の場合において」) and resolving (前条, 同項, 前各項, ranges, 附則) are C: core.xref_para, engine/lua_xref.c,
-- on an index of the view made once per law (core.xref_index).
local function para_refs(ix, j)
  local cached = ix.cites_cache[j]
  if cached then return cached end
  ix.c = ix.c or core.xref_index(ix.law)
  local out = core.xref_para(ix.c, j)
  ix.cites_cache[j] = out
  return out
end

local function provisions_of(ix, targets)
  local ps = {}
  for _, t in ipairs(targets) do
    if t.pj then
      ps[#ps + 1] = para_tab(ix, t.pj)
    else
      for _, p in ipairs(art_at(ix, t.ai).paragraphs or {}) do ps[#ps + 1] = p end
    end
  end
  return ps
end

local function public_ref(ix, e)
  local t1 = e.targets[1]
  local out = {
    relation = e.relation, text = e.ref.text, start = e.ref.start, ["end"] = e.ref["end"], sentence = e.sentence,
    external = e.ref.external or false,
    citation = t1 and target_citation(ix, t1) or nil,
    address = t1 and target_address(ix, t1) or nil,
    provisions = provisions_of(ix, e.targets),
  }
  return out
end

local function view_of(unit, law)
  law = law or (type(unit) == "table" and unit.law)
  if type(law) ~= "table" then return nil end
  return M.index(law)
end

--- Every article of the law, in document order, as `unit.article` gives one (built on demand: walking a large
-- law this way costs more than the cross-reference functions, which read only what they need).
-- @param unit table a law unit
-- @param law table|nil the law view (default `unit.law`)
-- @return table a list of articles (empty when no view)
function M.articles(unit, law)
  local ix = view_of(unit, law)
  local out = {}
  if not ix then return out end
  for i = 1, #(ix.law.art_provision or {}) do out[i] = art_at(ix, i) end
  return out
end

--- The article of a unit in the law view: `{provision, num, caption, citation, paragraphs}`, or nil.
-- @param unit table a law unit
-- @param law table|nil the law view (default `unit.law`)
-- @return table|nil the article
function M.article(unit, law)
  local ix = view_of(unit, law)
  if not ix then return nil end
  local art = place_of(ix, unit)
  return art
end

--- The paragraph of a unit in the law view (see the module's description), or nil.
-- @param unit table a law unit
-- @param law table|nil the law view (default `unit.law`)
-- @return table|nil the paragraph
function M.paragraph(unit, law)
  local ix = view_of(unit, law)
  if not ix then return nil end
  local _, p = place_of(ix, unit)
  return p
end

--- The provisos (ただし書: sentences with `function = "proviso"`) of the unit's paragraph, in order.
-- @param unit table a law unit
-- @param law table|nil the law view (default `unit.law`)
-- @return table a list of sentences `{text, function, item, sentence, address, citation}` (empty when none)
function M.provisos(unit, law)
  local p = M.paragraph(unit, law)
  local out = {}
  for _, s in ipairs(p and p.sentences or {}) do
    if s["function"] == "proviso" and s.item == (unit.address and unit.address.item) then out[#out + 1] = s end
  end
  return out
end

--- The references the unit's paragraph makes (every sentence of it), resolved within the law, in order.
-- @param unit table a law unit (law.sentence)
-- @param law table|nil the law view (default `unit.law`)
-- @return table a list of references (see the module's description; empty when none or no view)
-- @usage for _, r in ipairs(xref.cites(unit)) do print(r.relation, r.text, r.citation) end
function M.cites(unit, law)
  local ix = view_of(unit, law)
  if not ix then return {} end
  local _, para = place_of(ix, unit)
  if not para then return {} end
  local out = {}
  for _, e in ipairs(para_refs(ix, ix.para_index[para])) do out[#out + 1] = public_ref(ix, e) end
  return out
end

-- Whether a target covers the unit's place (a paragraph target without item covers every item).
local function covers(t, ai, pj, item)
  if t.ai ~= ai then return false end
  if not t.pj then return true end
  if t.pj ~= pj then return false end
  if not t.item or not item then return true end
  return item == t.item or item:sub(1, #t.item + 1) == t.item .. "/"
end

-- The literal strings a paragraph must hold for a sentence of it to have each applying relation (see
-- core.xref_para): 準用 for applies and applies_to, 読み替え for reads (also 「読み替えて準用」), 「の場合において」
-- for case.
local relation_words = {
  applies = { "準用" }, applies_to = { "準用" }, reads = { "読み替え", "読替え" }, case = { "の場合において" },
}

-- A back index over the law's paragraphs: for each paragraph (`back.p[j]`) or article (`back.a[i]`) a
-- reference's target names, the references that name it, read from the paragraphs whose text holds one of the
-- literal `words` (every paragraph when nil) and kept when `keep(entry)` (every entry when nil). Each item
-- `{from_ai, from_pj, entry, target, seq}`; seq is document order. Shared by back_index and cited_by.
local function build_back(ix, words, keep)
  local back, seq = { p = {}, a = {} }, 0
  local texts, arts_of = ix.law.para_text or {}, ix.law.para_art or {}
  for j = 1, #texts do
    local t = texts[j]
    local hit = words == nil
    for _, w in ipairs(words or {}) do
      if t:find(w, 1, true) then hit = true break end
    end
    if hit then
      local ai = arts_of[j]
      for _, e in ipairs(para_refs(ix, j)) do
        if not keep or keep(e) then
          for _, tg in ipairs(e.targets) do
            local by, key = back.a, tg.ai
            if tg.pj then by, key = back.p, tg.pj end
            local list = by[key]
            if not list then list = {} by[key] = list end
            seq = seq + 1
            list[#list + 1] = { from_ai = ai, from_pj = j, entry = e, target = tg, seq = seq }
          end
        end
      end
    end
  end
  return back
end

-- The back items that name paragraph pj or article ai and cover the unit's place, once per entry, in document
-- order (`skip_pj`: leave out the items from that paragraph).
local function backs_of(back, ai, pj, item, skip_pj)
  local found, seen = {}, {}
  for _, list in ipairs({ back.p[pj] or {}, back.a[ai] or {} }) do
    for _, b in ipairs(list) do
      if b.from_pj ~= skip_pj and covers(b.target, ai, pj, item) and not seen[b.entry] then
        seen[b.entry] = true
        found[#found + 1] = b
      end
    end
  end
  table.sort(found, function(x, y) return x.seq < y.seq end)
  return found
end

-- Back references: for each paragraph, the entries of other paragraphs that name it with an applying
-- relation (applies, applies_to, reads, case), or only with the relations of the list `only`. Only
-- paragraphs that hold a word of one of those relations (relation_words) are read, so an index of
-- applies_to alone reads the 準用 paragraphs only. Kept per list.
local function back_index(ix, only)
  local which = only and table.concat(only, ",") or ""
  ix.back = ix.back or {}
  if ix.back[which] then return ix.back[which] end
  local want, words = nil, {}
  for _, rel in ipairs(only or { "applies", "applies_to", "reads", "case" }) do
    if only then want = want or {} want[rel] = true end
    for _, w in ipairs(relation_words[rel] or {}) do words[#words + 1] = w end
  end
  local back = build_back(ix, words, function(e) return e.relation ~= "cites" and (not want or want[e.relation]) end)
  ix.back[which] = back
  return back
end

--- The provisions elsewhere in the law that apply to the unit: 準用 sentences that apply the unit's
-- paragraph (`"applies"`) or apply other provisions to it (`"applies_to"`, with `applies` = the references
-- that sentence applies, resolved), 読替え of it (`"reads"`), and sentences that build on it (`"case"`,
-- 「前項の場合において」). Each entry describes the *applying* paragraph: `{relation, text (the reference as
-- written there), citation, address, paragraph (the provision), sentence (its text), applies}`; `citation`
-- and `address` are those of the applying paragraph. In document order.
-- @param unit table a law unit (law.sentence)
-- @param law table|nil the law view (default `unit.law`)
-- @param only table|nil only these relations (e.g. `{"applies_to"}`): the same entries as without it,
-- less the others, and cheaper, since only the paragraphs that may hold them are read
-- @return table a list (empty when none or no view)
function M.applied_by(unit, law, only)
  local ix = view_of(unit, law)
  if not ix then return {} end
  local art, para = place_of(ix, unit)
  if not para then return {} end
  local back = back_index(ix, only)
  local item = unit.address and unit.address.item
  local out = {}
  for _, b in ipairs(backs_of(back, ix.art_index[art], ix.para_index[para], item, nil)) do
    local applies = {}
    if b.entry.relation == "applies_to" then
      for _, e in ipairs(para_refs(ix, b.from_pj)) do
        if e.sentence == b.entry.sentence and (e.relation == "applies" or e.relation == "reads") then
          applies[#applies + 1] = public_ref(ix, e)
        end
      end
    end
    local from_art, from_para = art_at(ix, b.from_ai), para_tab(ix, b.from_pj)
    out[#out + 1] = {
      relation = b.entry.relation,
      text = b.entry.ref.text,
      citation = law_mod.format_citation { provision = from_art.provision, article = from_art.num,
        paragraph = from_para.num } or from_art.citation,
      address = para_address(ix.law, from_art, from_para),
      paragraph = from_para,
      sentence = b.entry.stext,
      applies = applies,
    }
  end
  return out
end


--- The paragraphs elsewhere in the law that cite the unit (any relation), optionally only those whose text holds
-- one of the literal strings `containing` (a cheap filter: only such paragraphs are read, and the index is kept
-- per filter). Each entry is `{relation, text, citation, address, paragraph, sentence, start, ["end"]}` as in
-- `applied_by`; `start` and `end` place the reference in `sentence` (code points).
-- @param unit table a law unit (law.sentence)
-- @param containing table|nil literal strings, e.g. `{"代えて"}`
-- @param law table|nil the law view (default `unit.law`)
-- @return table a list in document order (empty when none or no view)
-- @usage xref.cited_by(unit, {"代えて"})   -- 「第十条の規定による書面の交付に代えて、…電磁的方法により…」
function M.cited_by(unit, containing, law)
  local ix = view_of(unit, law)
  if not ix then return {} end
  local art, para = place_of(ix, unit)
  if not para then return {} end
  local key = containing and table.concat(containing, "\0") or ""
  ix.cited = ix.cited or {}
  local back = ix.cited[key]
  if not back then
    back = build_back(ix, containing, nil)
    ix.cited[key] = back
  end
  local item = unit.address and unit.address.item
  local pj = ix.para_index[para]
  local out = {}
  for _, b in ipairs(backs_of(back, ix.art_index[art], pj, item, pj)) do
    local from_art, from_para = art_at(ix, b.from_ai), para_tab(ix, b.from_pj)
    out[#out + 1] = {
      relation = b.entry.relation,
      text = b.entry.ref.text,
      citation = law_mod.format_citation { provision = from_art.provision, article = from_art.num,
        paragraph = from_para.num } or from_art.citation,
      address = para_address(ix.law, from_art, from_para),
      paragraph = from_para,
      sentence = b.entry.stext,
      start = b.entry.ref.start,
      ["end"] = b.entry.ref["end"],
    }
  end
  return out
end

return M
