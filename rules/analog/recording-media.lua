-- analog.recording-media (FD等記録媒体): a named physical medium (フレキシブルディスク, 磁気ディスク, 光ディスク…).
-- A medium for submission warns; the storage formula 「磁気ディスク（…）をもつて調製」 is info.
-- Lexicon: lexicon/recording-media.yaml; shared contexts and the obligation-strength judgement: common.lua.
local common = require "analog.common"

return rule {
  id = "analog.recording-media",
  title = "FD等記録媒体の指定 (named recording media)",
  severity = "warning",
  principle = "digital-completion",
  analog_types = { "recording-media" },
  target = "law.sentence",
  triggers = { "ディスク", "磁気テープ", "シー・ディー・ロム", "CD-ROM", "ＣＤ－ＲＯＭ" },
  description = [[
フレキシブルディスク・磁気ディスク・光ディスク等の特定の記録媒体による提出等を定める規定（FD等記録媒体規制）。
帳簿等の「磁気ディスク（これに準ずる方法…）をもつて調製する」定型句は情報にとどめる。
オンライン提出を認める媒体中立的な規定に改める。
Named physical media for submission (warning) or as the storage formula of a register (info).]],
  examples = {
    fire = {
      -- 裁判員の参加する刑事裁判に関する法律 第二十三条第二項
      "裁判員候補者名簿は、磁気ディスクをもって調製することができる。",
      -- 検察審査会法 第十二条の二第二項
      "検察審査員候補者名簿は、磁気ディスクをもつて調製することができる。",
    },
    quiet = {
      -- 関税法 第102条第5項
      "第二項の規定は、磁気テープ等への記録を請求する者について準用する。",
      -- 工業所有権に関する手続等の特例に関する法律 第40条第4項
      "ただし、登録情報処理機関に対し磁気ディスクへの記録を求める場合は、この限りでない。",
    },
  },
  check = function(unit, ctx)
    common.check(unit, ctx, ctx.lexicon["recording-media"], {
      confidence = 0.8,
      message = "特定の記録媒体を指定しています（FD等記録媒体規制）。",
      message_en = "The clause names a physical recording medium (recording-media).",
    })
  end,
}
