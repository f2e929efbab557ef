/* report.h — reporters. Each appends the rendering of a result to a buffer. Private to libshinsa. */
#ifndef SHN_REPORT_H
#define SHN_REPORT_H

#include "result_int.h"

shn_status shn__render_text(const shn_result *r, const shn_render_options *o, shn_buf *out);
shn_status shn__render_json(const shn_result *r, const shn_render_options *o, shn_buf *out);   /* one object */
/* A finding a line, then a record per input and per diagnostic, and the summary (docs/formats.md). */
shn_status shn__render_ndjson(const shn_result *r, const shn_render_options *o, shn_buf *out);
shn_status shn__render_sarif(const shn_result *r, const shn_render_options *o, shn_buf *out);  /* SARIF 2.1.0 */
/* report_ci.c */
shn_status shn__render_junit(const shn_result *r, const shn_render_options *o, shn_buf *out);
shn_status shn__render_github(const shn_result *r, const shn_render_options *o, shn_buf *out);
shn_status shn__render_rdjson(const shn_result *r, const shn_render_options *o, shn_buf *out);
shn_status shn__render_csv(const shn_result *r, const shn_render_options *o, shn_buf *out);
shn_status shn__render_markdown(const shn_result *r, const shn_render_options *o, shn_buf *out); /* PR comment */
shn_status shn__render_html(const shn_result *r, const shn_render_options *o, shn_buf *out);  /* one HTML file */

/* Helpers shared by reporters (render.c, report_json.c). */
/* Nonzero when `f` is rendered under `o` (severity at or above o->min_severity; o may be NULL). */
int shn__render_shown(const shn_finding *f, const shn_render_options *o);   /* suppressed findings are not */
/* The same, counting suppressed findings too (SARIF keeps them as suppressions). */
int shn__render_shown_or_suppressed(const shn_finding *f, const shn_render_options *o);
/* The counts every summary starts from: findings shown under o, those by severity (indexed by shn_severity),
 * and the inputs by status (ok / skipped / anything else = failed). */
typedef struct { size_t shown, by_sev[4], inputs_ok, inputs_skipped, inputs_failed; } shn_render_counts;
void shn__render_counts(const shn_result *r, const shn_render_options *o, shn_render_counts *c);
/* SARIF runs[0].properties.summary: {inputs, inputs_by_status: {ok, skipped, error}} (the json report's names). */
struct cJSON *shn__sarif_summary(size_t ok, size_t skipped, size_t failed);

struct cJSON;
/* The Contracts' finding object (every key present, in order); NULL when out of memory. Caller deletes. */
struct cJSON *shn__json_finding(const shn_finding *f);
/* Address object of a finding: law or measure shape (by kind), null where absent. */
struct cJSON *shn__json_address(const shn_address *a);
/* Add `item` to an object under `key` / to an array; on failure (item NULL or no memory) delete it and return 0,
 * else 1: the reporters build their cJSON trees with these, checking each step. */
int shn__json_put(struct cJSON *obj, const char *key, struct cJSON *item);
int shn__json_push(struct cJSON *arr, struct cJSON *item);
/* Append one ndjson record line: {"record": type, then the members of obj} (obj is copied, not consumed);
 * -1 when out of memory. Used by the ndjson reporter and by shn_merge, so both write the same bytes. */
int shn__ndjson_record(shn_buf *out, const char *type, const struct cJSON *obj);
/* Append `v` as JSON: pretty = 2-space indentation plus a final newline; else compact, one line, no newline.
 * Deterministic; strings are written as UTF-8 (invalid bytes become U+FFFD, controls escaped). Use
 * cJSON_CreateRaw for numbers whose text must be fixed (e.g. a confidence "0.85"). */
void shn__json_write(shn_buf *out, const struct cJSON *v, int pretty);
/* Confidence as the json report writes it ("0.85", "0.7", "1.0") and as SARIF does ("0.85", "0.70", "1.00"). */
struct cJSON *shn__json_confidence(double c);
struct cJSON *shn__sarif_confidence(double c);
/* GitHub code scanning's documented limits on an uploaded SARIF file ("SARIF support for code scanning",
 * "SARIF results file is too large"): 25,000 results per run, 10 MB per gzip-compressed file. 10 MB is taken as
 * 10,000,000 bytes, below 10 MiB, so that either reading holds. shn_render_options.sarif_max_* override them. */
#define SARIF_MAX_RESULTS 25000
#define SARIF_MAX_GZIP_BYTES 10000000
/* One SARIF result, rendered: pretty JSON already indented for its depth in the log (8 spaces after each line
 * break), no final newline; rank 3 error, 2 warning, 1 note, 0 none. */
typedef struct { char *text; size_t len; int rank; } shn__sarif_res;
/* Render a result object as shn__sarif_res text (owned by the caller); 0 on success. */
int shn__sarif_res_text(const struct cJSON *v, shn__sarif_res *res);
/* Write the SARIF log `log` — whose runs[0].results is an empty array and whose invocation's notifications
 * array is `notes` — with `res[0..n)` as its results, within GitHub's limits: at most `max_results` results
 * (0 = no limit) and at most `max_gzip` bytes once gzip-compressed (0 = no limit). Past a limit the most
 * severe results are kept (in output order within a level), the rest left out (the gzip size is brought 1/32
 * below `max_gzip`, for gzip implementations that compress a little worse), and a warning notification
 * saying how many and why is added to `notes`. `*left_out` (may be NULL) gets how many were left out. Frees
 * the results' texts, not `log`. Used by the sarif reporter and by shn_merge, so both cut alike. */
shn_status shn__sarif_write(struct cJSON *log, struct cJSON *notes, shn__sarif_res *res, size_t n, size_t max_results,
                            size_t max_gzip, shn_buf *out, size_t *left_out);
/* Size of `data` gzip-compressed as `gzip -6` (zlib's default level, as the upload action uses); (size_t)-1
 * when zlib fails. */
size_t shn__gzip_size(const char *data, size_t len);
/* The shard data of a share (r->shard.count > 0) for its json (sarif = 0) or sarif report: positions of its
 * inputs in the whole run, findings and diagnostics per input, digests of the inputs, exit code, options
 * (shard.c). SHN_E_NOMEM, or SHN_E_USAGE when a finding cannot be put with an input. */
shn_status shn__shard_json(const shn_result *r, const shn_render_options *o, int sarif, struct cJSON **out);

/* shn__buf_put_escaped map of the text report: line breaks and tabs as spaces, other controls as U+FFFD. */
const char *shn__text_clean_map(uint32_t cp, size_t i, const unsigned char *s, char tmp[8]);

#endif
