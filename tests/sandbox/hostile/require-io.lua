-- require of a library outside the sandbox
return rule { id = "hostile.require-io", title = "hostile", severity = "warning", principle = "digital-completion", target = "law.sentence",
  check = function(unit, ctx)
    require "io"
  end }
