-- Cases of tests/unit/test_xref_lua.c: each function returns "ok" or a description of what went wrong.
-- The sentences are quoted from the shared archive (law ids next to them); the law views are built by
-- `view` in the shape the engine gives `unit.law`.
local xref = require "shinsa.xref"
local law = require "shinsa.law"

local function check(bad, label, got, want)
  if got ~= want then bad[#bad + 1] = label .. ": got " .. tostring(got) .. ", want " .. tostring(want) end
end

local function result(bad) return #bad == 0 and "ok" or table.concat(bad, "\n") end

-- A law view (the parallel arrays of engine/lua_law.h) from {law_id, {provision, num, caption, {para, …}}…}, where
-- a para is its text or a list of its sentences; a sentence starting with "ただし、" is a proviso.
local function view(id, arts)
  local v = { law_id = id, file = "", title = "", art_provision = {}, art_num = {}, art_caption = {},
    art_citation = {}, art_para = {}, art_npara = {}, para_art = {}, para_num = {}, para_text = {},
    para_citation = {}, para_address = {}, para_sen = {}, para_nsen = {}, sen_text = {}, sen_function = {},
    sen_item = {}, sen_num = {} }
  for ai, a in ipairs(arts) do
    v.art_provision[ai], v.art_num[ai], v.art_caption[ai] = a[1], a[2], a[3] or ""
    v.art_citation[ai] = law.format_citation { provision = a[1], article = a[2] }
    v.art_para[ai], v.art_npara[ai] = #v.para_num + 1, #a[4]
    for pi, p in ipairs(a[4]) do
      local sens = type(p) == "table" and p or { p }
      local j = #v.para_num + 1
      v.para_art[j], v.para_num[j], v.para_text[j] = ai, tostring(pi), table.concat(sens)
      v.para_citation[j] = law.format_citation { provision = a[1], article = a[2], paragraph = tostring(pi) }
      v.para_address[j] = law.format_address { law_id = id, provision = a[1], article = a[2], paragraph = tostring(pi) }
      v.para_sen[j], v.para_nsen[j] = #v.sen_text + 1, #sens
      for si, s in ipairs(sens) do
        local k = #v.sen_text + 1
        v.sen_text[k], v.sen_function[k] = s, s:find("^ただし、") and "proviso" or "main"
        v.sen_item[k], v.sen_num[k] = "", si
      end
    end
  end
  return v
end

local function unit_at(lv, prov, art, para, item)
  return { kind = "law.sentence", law = lv,
    address = { kind = "law", law_id = lv.law_id, provision = prov, article = art, paragraph = para, item = item,
      sentence = 1 } }
end

local cases = {}

function cases.parse()
  local bad = {}
  local function refs(s)
    local o = {}
    for _, r in ipairs(xref.parse(s)) do
      local parts = { r.text }
      for _, k in ipairs({ "provision", "article", "article_rel", "paragraph", "paragraph_rel", "item", "item_rel",
          "part" }) do
        if r[k] then parts[#parts + 1] = k .. "=" .. tostring(r[k]) end
      end
      if r.external then parts[#parts + 1] = "external" end
      if r.range_from then parts[#parts + 1] = "range_from=" .. r.range_from end
      o[#o + 1] = table.concat(parts, " ")
    end
    return table.concat(o, " | ")
  end
  -- 住宅宿泊事業法 (429AC0000000065) 第三十四条第二項
  check(bad, "junyo", refs("前条第二項の規定は、前項の規定による書面の交付について準用する。"),
    "前条第二項 article_rel=prev paragraph=2 | 前項 paragraph_rel=prev")
  -- 商品先物取引法 (325AC0000000239) 第百九十七条の六第三項
  check(bad, "branch", refs("第百九十七条の四第四項の規定は、前項の規定による書面の交付について準用する。"),
    "第百九十七条の四第四項 article=197_4 paragraph=4 | 前項 paragraph_rel=prev")
  -- lists and ranges take the earlier article: 同法第百九十七条の六第六項
  check(bad, "list", refs("前条第二項から第六項までの規定は商品先物取引業者が第一項の申出を承諾する場合について、"
      .. "同条第八項及び第九項の規定は"),
    "前条第二項 article_rel=prev paragraph=2 | 第六項 article_rel=prev paragraph=6 range_from=1 | "
      .. "第一項 paragraph=1 | 同条第八項 article_rel=same paragraph=8 | 第九項 article_rel=same paragraph=9")
  -- another law's articles are external, and so is the list that continues them
  check(bad, "external", refs("金融商品取引法第二百九条の二及び第二百九条の三第二項の規定は、前項の規定による没収について準用する。"),
    "第二百九条の二 article=209_2 external | 第二百九条の三第二項 article=209_3 paragraph=2 external | "
      .. "前項 paragraph_rel=prev")
  check(bad, "external-num", refs("行政手続法（平成五年法律第八十八号）第三章の規定は、適用しない。"), "")
  check(bad, "this-law", refs("この法律第三条の規定"), "第三条 article=3")
  -- quoted text of a 読替え is no reference; 同条 and the items
  check(bad, "reads", refs("同条第二項中「第三条第一項」とあるのは「第五条第一項第二号」と読み替えるものとする。"),
    "同条第二項 article_rel=same paragraph=2")
  check(bad, "items", refs("前項第一号又は第三号に掲げる者"),
    "前項第一号 paragraph_rel=prev item=1 | 第三号 paragraph_rel=prev item=3")
  check(bad, "own list", refs("次の各号に掲げる事項を記載した書面"), "")
  check(bad, "prev all", refs("前各項の規定は、第一項第二号イに掲げる者について準用する。"),
    "前各項 paragraph_rel=prev_all | 第一項第二号 paragraph=1 item=2")
  check(bad, "suppl", refs("附則第三条第二項ただし書の規定"), "附則第三条第二項ただし書 provision=suppl article=3 paragraph=2 part=ただし書")
  check(bad, "none", refs("事業者は、書面を交付しなければならない。"), "")
  -- a branch numeral whose last byte is also a byte of 「の」 (十 = e5 8d 81, の = e3 81 ae): the Lua parser
  -- cut branches at any byte of 「の」 and read 「第五条の十」 as no article; branches are cut at 「の」 as a
  -- character now, so both references of the list read, 十 in an item branch and in a deeper branch too
  check(bad, "branch-10", refs("第五条の十及び第五条の二の規定"), "第五条の十 article=5_10 | 第五条の二 article=5_2")
  check(bad, "branch-10 deep", refs("第十条の十の十第一項第三号の十"), "第十条の十の十第一項第三号の十 article=10_10_10 paragraph=1 item=3_10")
  check(bad, "branch-1x", refs("第二条の十一、第七条の十九の規定"), "第二条の十一 article=2_11 | 第七条の十九 article=7_19")
  check(bad, "deep list", refs("第三条第二項及び第四項並びに第五条から第七条まで"),
    "第三条第二項 article=3 paragraph=2 | 第四項 article=3 paragraph=4 | 第五条 article=5 | 第七条 article=7 range_from=3")
  return result(bad)
end

-- 住宅宿泊事業法 (429AC0000000065) 第三十三条・第三十四条, shortened
local MINPAKU = view("429AC0000000065", {
  { "main", "33", "（管理受託契約の締結前の書面の交付）", {
    "住宅宿泊管理業者は、管理受託契約を締結しようとするときは、委託者に対し、当該管理受託契約を締結するまでに、"
      .. "管理受託契約の内容及びその履行に関する事項であって国土交通省令で定めるものについて、書面を交付して説明しなければならない。",
    "住宅宿泊管理業者は、前項の規定による書面の交付に代えて、政令で定めるところにより、当該委託者の承諾を得て、"
      .. "当該書面に記載すべき事項を電子情報処理組織を使用する方法その他の情報通信の技術を利用する方法であって"
      .. "国土交通省令で定めるものにより提供することができる。この場合において、当該住宅宿泊管理業者は、当該書面を交付したものとみなす。",
  } },
  { "main", "34", "（管理受託契約の締結時の書面の交付）", {
    "住宅宿泊管理業者は、管理受託契約を締結したときは、委託者に対し、遅滞なく、次に掲げる事項を記載した書面を交付しなければならない。",
    "前条第二項の規定は、前項の規定による書面の交付について準用する。",
  } },
  { "main", "35", "（住宅宿泊管理業務の再委託の禁止）", {
    "住宅宿泊管理業者は、委託者から委託を受けた住宅宿泊管理業務の全部を他の者に対し、再委託してはならない。",
  } },
})

function cases.cites()
  local bad = {}
  local c = xref.cites(unit_at(MINPAKU, "main", "34", "2"))
  check(bad, "n", #c, 2)
  check(bad, "1 relation", c[1] and c[1].relation, "applies")
  check(bad, "1 citation", c[1] and c[1].citation, "第三十三条第二項")
  check(bad, "1 address", c[1] and c[1].address, "429AC0000000065#main:33:2::")
  check(bad, "1 text", c[1] and c[1].provisions[1] and c[1].provisions[1].text:sub(1, 30),
    ("住宅宿泊管理業者は、前項の規定による書面の交付に代えて"):sub(1, 30))
  check(bad, "2 relation", c[2] and c[2].relation, "applies_to")
  check(bad, "2 citation", c[2] and c[2].citation, "第三十四条第一項")
  -- 「前項の規定による書面の交付に代えて」 in 第三十三条第二項: a plain citation of 第三十三条第一項
  local c2 = xref.cites(unit_at(MINPAKU, "main", "33", "2"))
  check(bad, "33-2", c2[1] and (c2[1].relation .. " " .. c2[1].citation), "cites 第三十三条第一項")
  check(bad, "none", #xref.cites(unit_at(MINPAKU, "main", "35", "1")), 0)
  check(bad, "article", xref.article(unit_at(MINPAKU, "main", "34", "1")).caption, "（管理受託契約の締結時の書面の交付）")
  check(bad, "no view", #xref.cites({ address = { article = "1", paragraph = "1" } }), 0)
  check(bad, "missing article", #xref.cites(unit_at(MINPAKU, "main", "99", "1")), 0)
  return result(bad)
end

function cases.applied_by()
  local bad = {}
  -- the paper duty of 第三十四条第一項 gets 第三十三条第二項 (the electromagnetic method) through 第三十四条第二項
  local a = xref.applied_by(unit_at(MINPAKU, "main", "34", "1"))
  check(bad, "n", #a, 1)
  check(bad, "relation", a[1] and a[1].relation, "applies_to")
  check(bad, "by", a[1] and a[1].citation, "第三十四条第二項")
  check(bad, "by address", a[1] and a[1].address, "429AC0000000065#main:34:2::")
  check(bad, "applies", a[1] and a[1].applies[1] and a[1].applies[1].citation, "第三十三条第二項")
  local applied = a[1] and a[1].applies[1] and a[1].applies[1].provisions[1]
  check(bad, "applies text", applied and applied.text:find("電子情報処理組織", 1, true) ~= nil, true)
  -- 第三十三条第二項 itself is applied by 第三十四条第二項
  local b = xref.applied_by(unit_at(MINPAKU, "main", "33", "2"))
  check(bad, "applied", b[1] and (b[1].relation .. " " .. b[1].citation), "applies 第三十四条第二項")
  check(bad, "nothing", #xref.applied_by(unit_at(MINPAKU, "main", "35", "1")), 0)
  -- 「前項の場合において」 (地方自治法 style) and a whole article applied
  local lv = view("TEST", {
    { "main", "5", nil, { "市町村長は、その旨を告示しなければならない。",
      "前項の場合において、市町村長は、その旨を公報に掲載しなければならない。" } },
    { "main", "6", nil, { { "前条の規定は、第二項の届出について準用する。", "この場合において、同条第一項中「市町村長」とあるのは、「知事」と読み替えるものとする。" },
      "知事は、届出を受理したときは、これを公示しなければならない。" } },
  })
  local c = xref.applied_by(unit_at(lv, "main", "5", "1"))
  check(bad, "case", c[1] and (c[1].relation .. " " .. c[1].citation), "case 第五条第二項")
  check(bad, "whole article", c[2] and (c[2].relation .. " " .. c[2].citation), "applies 第六条第一項")
  check(bad, "reads", c[3] and (c[3].relation .. " " .. c[3].citation), "reads 第六条第一項")
  local d = xref.applied_by(unit_at(lv, "main", "6", "2"))
  check(bad, "applies_to", d[1] and (d[1].relation .. " " .. d[1].citation .. " " .. #d[1].applies),
    "applies_to 第六条第一項 1")
  return result(bad)
end

function cases.provisos()
  local bad = {}
  local lv = view("TEST", {
    { "main", "3", nil, { { "事業者は、帳簿を事務所に備え付けなければならない。",
      "ただし、電磁的記録の備付けその他の措置を講じた場合は、この限りでない。" } } },
  })
  local p = xref.provisos(unit_at(lv, "main", "3", "1"))
  check(bad, "n", #p, 1)
  check(bad, "text", p[1] and p[1].text:find("電磁的記録", 1, true) ~= nil, true)
  check(bad, "paragraph", xref.paragraph(unit_at(lv, "main", "3", "1")).num, "1")
  return result(bad)
end

-- The resolving index is C (core.xref_index): a view whose arrays do not fit together is an error naming the
-- array, not a read past its end; a colon in an article number keeps xref.lua's "provision:number" keys.
function cases.index_checks()
  local bad = {}
  local lv = view("429AC0000000065", { { "main", "1", "", { "前条の規定は、次条について準用する。" } },
    { "main", "2", "", { "第一条の規定は、前条について準用する。" } } })
  lv.para_art[2] = 7
  local ok, err = pcall(xref.cites, unit_at(lv, "main", "1", "1"))
  check(bad, "bad para_art raises", ok, false)
  check(bad, "the error names para_art", tostring(err):find("para_art[2]", 1, true) ~= nil, true)
  local cv = view("429AC0000000065", { { "main", "1", "", { "第一条の本文。" } },
    { "main", "2:1", "", { "第二条の本文。" } },
    { "main", "3", "", { "第一条の規定は、前条について準用する。" } } })
  local c = xref.cites(unit_at(cv, "main", "3", "1"))
  check(bad, "colon: 第一条", c[1] and c[1].provisions[1] and c[1].provisions[1].text, "第一条の本文。")
  check(bad, "colon: 前条", c[2] and c[2].provisions[1] and c[2].provisions[1].text, "第二条の本文。")
  check(bad, "colon: relations", c[1] and c[2] and c[1].relation .. "," .. c[2].relation, "applies,applies_to")
  return result(bad)
end

return cases
