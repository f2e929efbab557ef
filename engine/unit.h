/* unit.h — checkable units: the pieces of a document that rules target, in document order, each with a
 * stable address, its string form and a human citation. Private to libshinsa.
 *
 * Unit kinds: "law.document", "law.article", "law.sentence", "measures.document", "measure", "measure.kpi".
 * A unit borrows nodes from its shn_doc (which must outlive it) and owns its strings. */
#ifndef SHN_UNIT_H
#define SHN_UNIT_H

#include <stddef.h>
#include "doc.h"
#include "shinsa.h"

/* One piece of a unit's text and the scalar node it came from, for mapping match offsets to file positions. */
typedef struct { size_t cp_offset; size_t cp_len; const shn_node *node; } shn_segment;

struct shn_unit_set;

typedef struct shn_unit {
    const char *kind;               /* static string, one of the kinds above */
    char *text;                     /* UTF-8; sentences/fields joined in order */
    size_t text_cps;                /* code points in text */
    char *file;                     /* as given */
    shn_address addr;               /* strings owned by the unit (cast away const when freeing) */
    char *address_str;              /* e.g. "347AC0000000057#main:45:1::1", "examples/x.yaml#1-1:kpi.effect[0]" */
    char *citation;                 /* e.g. 「第四十五条第一項第二号イ」, 「施策 1-1 KPI（効果）1」 */
    shn_mark start, end;            /* span of the unit in the file */
    char **ctx_keys, **ctx_vals;    /* context strings: law_title, law_type, chapter_title, article_caption,
                                       function, paragraph_text, article_text; measure_id, measure_title,
                                       kpi_category, plan_title, plan_date … (keys are static strings; values
                                       are shared between the units of one list: read them, never free or
                                       modify them) */
    size_t n_ctx;
    const shn_node *data;           /* measure / measure.kpi: the entry's own node (exposed to Lua as unit.data);
                                       measures.document and law.document: the root */
    const shn_node *parent;         /* measure.kpi: the measure node; else NULL */
    shn_segment *segs; size_t n_segs;
    size_t index;                   /* position in the document's unit list */
    shn_doc *own_doc;               /* example units: their private doc, freed with the unit; else NULL */
    const struct shn_unit_set *set; /* law units: every unit of the same document (borrowed); else NULL */
} shn_unit;

/* The units of one law document, shared by them (unit->set), so that the Lua host can build a document-wide
 * view (articles, paragraphs, cross-references) once per document instead of once per rule call. `serial`
 * is unique in the process (never 0): a cache keyed by it cannot mistake a later document at the same
 * address for this one. Owned by the list. */
typedef struct shn_unit_set { shn_unit *const *items; size_t n; unsigned long serial; } shn_unit_set;

typedef struct { shn_unit **items; size_t n, cap; shn_unit_set *set; } shn_unit_list;

typedef struct {
    const char *law_id;             /* --law-id, or NULL */
    const char *as_of;              /* out: the input's as_of (law.as_of / source.date), if any; borrowed */
    size_t max_text_bytes;          /* the units' text per document (with contexts); 0 = 256 MiB */
} shn_unit_opts;

/* Build the units of a validated document of kind "law" or "measures" (doc root map, key `kind`).
 * `file` is the path as given; the law id follows the Contracts (law.id, else derived from the path). */
shn_status shn__units_build(const shn_doc *d, const char *file, shn_unit_opts *opt, shn_unit_list *out,
                            shn_error *err);
void shn__units_free(shn_unit_list *l);  /* frees the units and the array; NULL-safe on empty lists */

/* The unit a rule's inline example stands for: for law.* kinds `text` is a sentence; for measure kinds it is
 * either a YAML mapping of one measure (or one KPI entry for measure.kpi) or plain text used as the summary.
 * The returned unit owns a private doc (freed by shn__unit_free). NULL on error (err filled). */
shn_unit *shn__unit_example(const char *kind, const char *text, shn_error *err);
void shn__unit_free(shn_unit *u);

/* Map code-point offsets [start, end) of u->text to 1-based file positions (best effort: exact for
 * single-line scalars, the scalar's start otherwise). */
void shn__unit_locate(const shn_unit *u, long start, long end, unsigned *line, unsigned *column,
                      unsigned *end_line, unsigned *end_column);

/* Context lookup; NULL when absent. */
const char *shn__unit_ctx(const shn_unit *u, const char *key);

/* Law id from a path per the Contracts: file stem's first '_'-separated field, else the parent folder's name,
 * whichever matches ^[0-9]{3}[A-Z][0-9A-Z]{11}$ (see docs/design.md); NULL otherwise. Returns a malloc'd string. */
char *shn__law_id_from_path(const char *path);
/* The ministries that issued a law as its 法令番号 names them (「令和二年厚生労働省令第三号」 → "厚生労働省",
 * joint ordinances "内閣府・総務省"); NULL for Acts, Cabinet Orders and anything else. Malloc'd. */
char *shn__law_num_ministry(const char *num);
/* Nonzero when `s` matches ^[0-9]{3}[A-Z][0-9A-Z]{11}$ (a 法令ID; see shn__law_id_from_path). */
int shn__is_law_id(const char *s);

#endif
