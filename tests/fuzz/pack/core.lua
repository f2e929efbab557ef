-- Pieces of the input become subjects, patterns and replacements of the C helpers.
local core = require "shinsa.core"
return rule {
  id = "fuzz.core", title = "C helpers", severity = "info", principle = "digital-completion",
  target = "law.sentence",
  check = function(unit, ctx)
    local s = unit.text
    local n = core.len(s)
    local cut = n // 3
    local pat, subj, repl = core.sub(s, 0, cut), core.sub(s, cut), core.sub(s, 2 * cut)
    core.nfkc(s)
    core.fold(s, true)
    core.kanji_to_int(pat)
    core.escape(s)
    local ok, rx = pcall(core.compile, pat)
    if ok then
      pcall(core.find, subj, rx, cut % 7)
      pcall(core.match, subj, rx)
      pcall(core.gsub, subj, rx, repl)
      for _ in core.find_all(subj, core.escape(pat)) do end
    end
    pcall(string.find, subj, pat)
    pcall(string.gsub, subj, pat, repl)
    pcall(string.match, subj, pat)
    for _ in string.gmatch(subj, "[^、。]+") do end
  end,
}
