--- Judgements shared by the analog rules: negative contexts, digital alternatives already present, delegation.
-- Every analog rule finds its trigger itself, then asks `judge` what the clause around it says.
local lexicon = require "shinsa.lexicon"

local M = {}

--- The name of the negative context the sentence sits in (penalty, application, definition), or nil.
-- Article captions and chapter titles of 罰則 count as a penalty context.
function M.negative_context(unit, common)
  local c = unit.context or {}
  local caption, chapter = c.article_caption or "", c.chapter_title or ""
  if caption:find("罰則", 1, true) or chapter:find("罰則", 1, true) then return "penalty" end
  return (lexicon.which(common.negative_contexts, unit.text))
end

--- The first digital alternative found in the sentence, else in its paragraph, else in its article.
-- @return table|nil `{text = , scope = "sentence"|"paragraph"|"article"}`
function M.digital_alternative(unit, common)
  local c = unit.context or {}
  local scopes = { { "sentence", unit.text }, { "paragraph", c.paragraph_text }, { "article", c.article_text } }
  for _, scope in ipairs(scopes) do
    if scope[2] and scope[2] ~= "" then
      local m = lexicon.match(common.digital_alternatives, scope[2])
      if m then return { text = m.text, scope = scope[1] } end
    end
  end
  return nil
end

local scope_ja = { sentence = "同じ文", paragraph = "同じ項", article = "同じ条" }

--- Report an analog finding with the shared judgement applied: a digital alternative downgrades it to info
-- and says which; a delegation adds a `related` entry naming the lower instrument to check.
-- @param args table `{match = , message = , message_en = , confidence = , lex = <type lexicon>}`
function M.report(unit, ctx, args)
  local common = ctx.lexicon.common
  local report = {
    match = { start = args.match.start, ["end"] = args.match["end"] },
    message = args.message,
    message_en = args.message_en,
    confidence = args.confidence,
    suggestion = args.lex.remedy,
  }
  local alt = M.digital_alternative(unit, common)
  if alt then
    report.severity = "info"
    report.confidence = 0.5
    report.message = args.message .. "ただし、" .. scope_ja[alt.scope] .. "に電子的な代替手段（「" .. alt.text
      .. "」）の規定があります。"
    report.message_en = (args.message_en or "") .. " A digital alternative is already provided in the same "
      .. alt.scope .. " (「" .. alt.text .. "」)."
  end
  local del = lexicon.match(common.delegation, unit.text)
  if del then
    report.related = { {
      file = unit.file,
      address = unit.address_str,
      citation = (del.text:gsub("で定める$", "")),
      note = "委任先（" .. del.text .. "もの）に具体的な方法が定められている可能性があります。下位法令も確認してください。"
        .. " (The method is delegated: check the lower-level instrument.)",
    } }
  end
  ctx:report(report)
end

return M
