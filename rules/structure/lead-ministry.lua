-- structure.lead-ministry: a measure needs exactly one lead ministry (◎ in the 施策集 table, `lead: true`).

return rule {
  id = "structure.lead-ministry",
  title = "主担当府省庁が一つでない (not exactly one lead ministry)",
  severity = "warning",
  principle = nil,
  target = "measure",
  description = [[
施策集の府省庁名の欄は、主担当の府省庁に「◎」を付ける（例: 「◎総務省、経済産業省、内閣府」）。主担当がない施策、
又は二つ以上ある施策は、誰が取り組むかが定まらない（「誰が、何を、どうやって取り組むかについて定めている」、
世界最先端デジタル国家創造宣言 L450）。ministries のうち lead: true がちょうど一つであることを求める。府省庁の記載そのものがない施策は info とする。
A measure needs exactly one lead ministry (◎ in the table, `lead: true`): none or several leaves no owner.]],
  examples = {
    fire = {
      -- seed 003 03-01 with the ◎ lost
      "{id: '03-01', title: 人間中心のAI原則の実践の支援, ministries: [{name: 総務省}, {name: 経済産業省}, {name: 内閣府}]}",
      -- composed: two leads
      "{id: '04-03', title: 海のデータ連携の推進, ministries: [{name: 内閣府, lead: true}, {name: 国土交通省, lead: true}]}",
    },
    quiet = {
      "{id: '03-01', title: 人間中心のAI原則の実践の支援, ministries: [{name: 総務省, lead: true}, {name: 経済産業省}, {name: 内閣府}]}",
    },
  },
  check = function(unit, ctx)
    local m = unit.data or {}
    local list = type(m.ministries) == "table" and m.ministries or {}
    local leads = {}
    for _, x in ipairs(list) do
      if type(x) == "table" and x.lead == true then leads[#leads + 1] = tostring(x.name or "?") end
    end
    if #leads == 1 then return end
    if #list == 0 then
      -- some plans (the 2020 declaration) name no ministry per measure at all: worth knowing, not a fault
      -- of the measure as such
      ctx:report {
        severity = "info",
        message = "担当府省庁（ministries）が記載されていません。",
        message_en = "No ministry is named for the measure.",
        confidence = 0.6,
        suggestion = "担当府省庁を記載し、主担当に lead: true を付けてください。",
      }
    elseif #leads == 0 then
      ctx:report {
        message = "主担当府省庁（lead: true）がありません。",
        message_en = "No lead ministry (lead: true) is marked.",
        confidence = 0.9,
        suggestion = "主担当の府省庁（施策集の「◎」）一つに lead: true を付けてください。",
      }
    else
      ctx:report {
        message = "主担当府省庁が" .. #leads .. "つあります（" .. table.concat(leads, "、") .. "）。",
        message_en = #leads .. " lead ministries are marked; exactly one is expected.",
        confidence = 0.9,
        suggestion = "主担当（lead: true）を一つに絞ってください。",
      }
    end
  end,
}
