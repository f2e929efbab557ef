-- one core.gsub with 1,000 $0 replacements over 10^6 characters (was: 18 s)
return rule { id = "hostile.gsub-bomb", title = "hostile", severity = "warning", principle = "digital-completion", target = "law.sentence",
  check = function(unit, ctx)
    local core = require "shinsa.core"
    local s = string.rep("a", 1e6)
    core.gsub(s, "a", string.rep("$0", 1000))
  end }
