-- kpi.duplicate-text: the same KPI text copied across measures of one plan (KPI-12). Texts are compared after
-- kpi.normalize with spaces removed; unset KPIs, deferrals, import artefacts and short fragments are left out.
-- One finding per repeated text, with `related` naming every measure that uses it.
local kpi = require "shinsa.kpi"
local common = require "kpi.common"

local MIN_CHARS = 8

return rule {
  id = "kpi.duplicate-text",
  title = "複数の施策で同じKPI (same KPI text in several measures)",
  severity = "info",
  principle = "ebpm",
  target = "measures.document",
  description = [[
同じ文言のKPIが複数の施策に設定されている。施策ごとの成果を測れず、施策間の重複（「他の施策との間で重複がなく」）
の疑いもある。施策ごとに、その施策に固有の成果を測る指標を設定する。比較は全角・半角と空白を同一視して行う。
The same KPI text is set for several measures of a plan.]],
  examples = {
    fire = {
      -- declaration-2020 5-8, 5-9 (進捗)
      "{kind: measures, measures: [{id: '5-8', kpi: {progress: ['被災者支援に関する説明会における参加地方公共団体（都道府県）数']"
        .. "}}, {id: '5-9', kpi: {progress: ['被災者支援に関する説明会における参加地方公共団体（都道府県）数']"
        .. "}}]}",
    },
    quiet = {
      -- declaration-2020 5-8 and 5-11 (進捗): similar, not the same
      "{kind: measures, measures: [{id: '5-8', kpi: {progress: ['被災者支援に関する説明会における参加地方公共団体（都道府県）数']"
        .. "}}, {id: '5-11', kpi: {progress: ['被災者生活再建支援金手続に関する説明会における参加地方公共団体（都道府県）数']"
        .. "}}]}",
    },
  },
  check = function(unit, ctx)
    local doc = unit.data or {}
    local lex = ctx.lexicon.kpi
    local ms = type(doc.measures) == "table" and doc.measures or {}
    local groups, order = {}, {}
    for i, m in ipairs(ms) do
      if type(m) == "table" then
        local id = m.id ~= nil and tostring(m.id) or ("measures[" .. (i - 1) .. "]")
        for _, e in ipairs(common.entries(lex, m)) do
          local p = kpi.parse(e.text, {lexicon = lex})
          local key = kpi.normalize(e.text):gsub("%s+", ""):gsub("\u{3000}", ""):gsub("[。.]$", "")
          local long = (utf8.len(key) or 0) >= MIN_CHARS
          if long and not p.unset and not p.deferred and not key:find("KPIの設定", 1, true) then
            local g = groups[key]
            if not g then
              g = {text = e.text, uses = {}, ids = {}}
              groups[key] = g
              order[#order + 1] = key
            end
            if not g.ids[id] then
              g.ids[id] = true
              g.uses[#g.uses + 1] = {id = id, title = m.title, category = e.category,
                path = "kpi." .. e.category .. "[" .. (e.index - 1) .. "]"}
            end
          end
        end
      end
    end
    for _, key in ipairs(order) do
      local g = groups[key]
      if #g.uses > 1 then
        local ids, related = {}, {}
        for _, u in ipairs(g.uses) do
          ids[#ids + 1] = u.id
          related[#related + 1] = {
            file = unit.file,
            address = (unit.file or "") .. "#" .. u.id .. ":" .. u.path,
            citation = "施策 " .. u.id .. " KPI（" .. common.LABEL[u.category] .. "）",
            note = tostring(u.title or ""),
          }
        end
        ctx:report {
          message = "KPI「" .. g.text .. "」が" .. #g.uses .. "つの施策（" .. table.concat(ids, "、") .. "）で同じ文言です。",
          message_en = "The same KPI text is used by " .. #g.uses .. " measures (" .. table.concat(ids, ", ") .. ").",
          confidence = 0.9,
          suggestion = common.template("〔施策" .. ids[#ids] .. "に固有の指標〕", g.uses[1].category),
          related = related,
        }
      end
    end
  end,
}
