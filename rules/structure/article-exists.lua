-- structure.article-exists: an `articles` entry citing 官民データ活用推進基本法 or デジタル社会形成基本法 names an
-- article that the law does not have. The article lists (lexicon/articles.yaml) are generated from the e-Gov
-- corpus by scripts/law-article-nums.py; law names are matched through lexicon/structure.yaml `law_aliases`.
local text = require "shinsa.text"

-- The e-Gov Num form of an article reference: 11 → "11", "第11条の2" / "11の2" → "11_2"; nil if unreadable.
local function article_num(v)
  if v == nil then return nil end
  local s = text.normalize(tostring(v)):gsub("%s+", "")
  if s:match("^%d+$") or s:match("^%d+_%d+$") or s:match("^%d+_%d+_%d+$") then return s end
  local a, rest = s:match("^第?(%d+)条?(.*)$")
  if not a then return nil end
  local parts = { a }
  for n in rest:gmatch("の(%d+)") do parts[#parts + 1] = n end
  local leftover = rest:gsub("の%d+", ""):gsub("^第%d+項.*$", "")
  if leftover ~= "" then return nil end
  return table.concat(parts, "_")
end

-- The canonical law title for a cited name, or nil for laws the lexicon does not list.
local function law_title(name, aliases)
  if name == nil then return nil end
  local s = text.normalize(tostring(name)):gsub("%s+", "")
  for _, title in ipairs((function()
    local keys = {}
    for k in pairs(aliases) do keys[#keys + 1] = k end
    table.sort(keys)
    return keys
  end)()) do
    for _, a in ipairs(aliases[title]) do
      if s == text.normalize(a) then return title end
    end
  end
  return nil
end

return rule {
  id = "structure.article-exists",
  title = "存在しない条の引用 (cited article does not exist)",
  severity = "warning",
  principle = nil,
  target = "measure",
  description = [[
施策の根拠条文（articles）のうち、官民データ活用推進基本法又はデジタル社会形成基本法を引くものが、その法律に存在しない
条を指している。施策集の表は官デ法「10条」～「19条」、デジタル社会形成基本法「21条」～「35条」を列に持つ。条の一覧は
e-Gov法令検索の法令標準XML（2025-05-28時点の現行法令）から生成した（scripts/law-article-nums.py）。
An `articles` entry for 官民データ活用推進基本法 or デジタル社会形成基本法 cites an article the law does not have
(lists generated from the e-Gov corpus, text in force on 2025-05-28).]],
  examples = {
    fire = {
      -- composed: 官デ法 has articles 1-19 (its 第4章 was deleted in 2021)
      "{id: '04-03', title: 海のデータ連携の推進, articles: [{law: 官民データ活用推進基本法, article: '25', role: primary}]}",
    },
    quiet = {
      "{id: '04-03', title: 海のデータ連携の推進, articles: [{law: 官民データ活用推進基本法,"
        .. " article: '11', role: primary}, {law: デジタル社会形成基本法, article: '29',"
        .. " role: related}]}",
      -- other laws are not checked
      "{id: '04-03', title: 海のデータ連携の推進, articles: [{law: 海洋基本法, article: '99'}]}",
    },
  },
  check = function(unit, ctx)
    local m = unit.data or {}
    if type(m.articles) ~= "table" then return end
    local laws = ctx.lexicon.articles.laws
    local aliases = ctx.lexicon.structure.law_aliases
    for i, a in ipairs(m.articles) do
      local title = type(a) == "table" and law_title(a.law, aliases) or nil
      local law = title and laws[title]
      if law then
        local num = article_num(a.article)
        local known = false
        for _, n in ipairs(law.articles) do
          if n == num then known = true break end
        end
        if not known then
          local cited = tostring(a.article)
          ctx:report {
            message = title .. "に第" .. cited .. "条はありません（articles[" .. (i - 1) .. "]。同法の条は第"
              .. law.articles[1] .. "条から第" .. law.articles[#law.articles] .. "条まで、"
              .. ctx.lexicon.articles.corpus_date .. "時点）。",
            message_en = title .. " has no article " .. cited .. " (articles[" .. (i - 1) .. "]; articles "
              .. law.articles[1] .. "-" .. law.articles[#law.articles] .. " as of "
              .. ctx.lexicon.articles.corpus_date .. ").",
            confidence = num and 0.95 or 0.6,
            suggestion = "条番号を確認してください（e-Gov法令検索: " .. law.law_id .. "）。",
          }
        end
      end
    end
  end,
}
