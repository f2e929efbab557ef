/* import_sakushu.h — the 重点計画 施策集 as tab-separated text (one row per measure, as extracted from the
 * plan's PDF tables) → one `kind: measures` document. Private to libshinsa.
 *
 * What the importer reads:
 *   - header rows (first cell 施策番号) open a block; the row after lists the article columns
 *     (「10条」「11条 1項 2項」…), and the group header names the laws (官デ法 = 官民データ活用推進基本法,
 *     デジタル社会形成基本法). Blocks differ in column count; each is read with its own header.
 *   - measure rows: first cell an id such as 03-01 (kept verbatim), then 施策名, KPI, 課題・取組概要,
 *     the ◎/○ article marks, and last the ministries (「◎総務省、経済産業省」: lead on the ◎ one).
 *   - cells may be quoted ("…", with "" for a quote) and then hold tabs and newlines; HTML fragments
 *     (<p>, <ul>, <li>, <br>) become plain text with list items on their own lines, prefixed 「・」.
 *   - KPI cell: 「—」 or empty → no KPI; 「KPIの設定時期：…」 → kpi.deferred; every other list item or line
 *     → one kpi.unclassified entry (the 施策集 has a single KPI column).
 * Article marks whose column lies outside the block's header are not guessed: they go to the measure's
 * `notes` with their column number. */
#ifndef SHN_IMPORT_SAKUSHU_H
#define SHN_IMPORT_SAKUSHU_H

#include "doc.h"
#include "load.h"

/* Import `buf` (len bytes of UTF-8 TSV; `file` names it in messages). On success *docs is a malloc'd array
 * of *ndocs (= 1) documents, each freed with shn__doc_free, then free(*docs). On failure nothing is
 * returned and err says why: SHN_E_PARSE for invalid UTF-8 or a file with no measure rows, SHN_E_NOMEM. */
shn_status shn__sakushu_load(const char *file, const char *buf, size_t len, shn_doc ***docs, size_t *ndocs,
                             shn_error *err);

/* The same, in the shape of the loaders of load.h (the row of `shinsa import sakushu`); opt is unused. */
shn_status shn__sakushu_import(const char *file, const char *buf, size_t len, const shn_load_opts *opt,
                               shn_doc ***docs, size_t *ndocs, shn_error *err);

#endif
