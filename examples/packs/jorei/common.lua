--- Judgements shared by the jorei rules (loaded with `require "jorei.common"`: a pack may require its own
-- modules by `<pack>.<file stem>`).
local lexicon = require "shinsa.lexicon"

local M = {}

--- Judge a trigger match and report it. Quiet when the sentence only punishes (罰則) or has no duty
-- predicate (しなければならない, ものとする, …して行う); lowered to info when the same sentence already offers
-- a digital route (電子申請, ウェブサイト, …).
-- @param unit table the unit passed to `check`
-- @param ctx table the ctx passed to `check`
-- @param lex table the rule's lexicon section (its `remedy` becomes the suggestion)
-- @param m table the trigger match
-- @param args table `{message = , message_en = , confidence = }`
-- @return boolean whether a finding was reported
function M.judge(unit, ctx, lex, m, args)
  local common = ctx.lexicon.common
  if lexicon.which(common.negative_contexts, unit.text) then return false end
  if not lexicon.any(common.obligation, unit.text) then return false end
  local report = {
    message = args.message,
    message_en = args.message_en,
    match = lexicon.span(m),
    confidence = args.confidence,
    suggestion = lex.remedy,
  }
  local alt = lexicon.match(common.digital_alternatives, unit.text)
  if alt then
    report.severity = "info"
    report.confidence = 0.5
    report.message = report.message .. "ただし、同じ文に電子的な手段（「" .. alt.text .. "」）の規定があります。"
    report.message_en = report.message_en .. " A digital route (「" .. alt.text .. "」) is already offered."
  end
  ctx:report(report)
  return true
end

return M
