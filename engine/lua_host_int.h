/* lua_host_int.h — what the files of the Lua host share (lua_sandbox.c, lua_require.c, lua_rule.c, lua_pack.c,
 * lua_values.c, lua_ctx.c, lua_run.c). Private to those files; the rest of libshinsa uses lua_host.h.
 *
 * Resources owned by C (file buffers, YAML documents, findings, rule records under construction) are never
 * held across a call that can raise a Lua error unless a "box" userdata whose __gc frees them holds them. */
#ifndef SHN_LUA_HOST_INT_H
#define SHN_LUA_HOST_INT_H

#include <lua.h>
#include <string.h>
#include "lua_host.h"

#define SRC_MAX_BYTES ((size_t)8 << 20)
#define MAX_NEST 200

/* Registry keys: only their addresses matter. */
#define SHN_CTX_SLOTS 16

enum { KI_BASE, KI_LOAD, KI_RULES, KI_PACKS, KI_MODULES, KI_MADE, KI_RUN, KI_CTX, KI_UNIT, KI_MARK, KI_REAL,
       KI_LOADING, KI_DATA, KI_PARENT, KI_GEN, KI_ERR, K__COUNT };
extern const char shn__lua_keys[K__COUNT];
#define K_BASE ((const void *)&shn__lua_keys[KI_BASE])
#define K_LOAD ((const void *)&shn__lua_keys[KI_LOAD])
#define K_RULES ((const void *)&shn__lua_keys[KI_RULES])
#define K_PACKS ((const void *)&shn__lua_keys[KI_PACKS])
#define K_MODULES ((const void *)&shn__lua_keys[KI_MODULES])
#define K_MADE ((const void *)&shn__lua_keys[KI_MADE])
#define K_RUN ((const void *)&shn__lua_keys[KI_RUN])
#define K_CTX ((const void *)&shn__lua_keys[KI_CTX])
#define K_UNIT ((const void *)&shn__lua_keys[KI_UNIT])
#define K_MARK ((const void *)&shn__lua_keys[KI_MARK])
#define K_REAL ((const void *)&shn__lua_keys[KI_REAL])
#define K_LOADING ((const void *)&shn__lua_keys[KI_LOADING])
#define K_DATA ((const void *)&shn__lua_keys[KI_DATA])
#define K_PARENT ((const void *)&shn__lua_keys[KI_PARENT])
#define K_GEN ((const void *)&shn__lua_keys[KI_GEN])
#define K_ERR ((const void *)&shn__lua_keys[KI_ERR])

/* What went wrong in a protected call, as recorded by the message handler (shn__lua_msgh) with lua_getinfo, or
 * by the host where it raises, never by parsing the message again. */
typedef enum {
    SHN_LE_NONE,
    SHN_LE_RUNTIME,             /* an error raised by Lua code or a library function */
    SHN_LE_SYNTAX,              /* a chunk did not compile */
    SHN_LE_INSTRUCTIONS,        /* the instruction budget */
    SHN_LE_MEMORY,              /* the state's memory cap */
    SHN_LE_REGEX,               /* a PCRE2 match limit (shinsa.core) */
    SHN_LE_DEADLINE,            /* the CPU time limit of a rule call, or its wall-clock backstop */
    SHN_LE_OUTPUT,              /* the cap on findings or their bytes (per rule call or per input) */
    SHN_LE_INTERRUPT            /* the run was interrupted (shn_options.cancel) */
} shn_lua_err_kind;

typedef struct {
    shn_lua_err_kind kind;
    char file[512];             /* chunk name without '@' ("analog/foo.lua", "stdlib/shinsa/text.lua"); "" unknown */
    unsigned line;              /* 0 unknown */
    char msg[768];              /* the message without its position prefix, first line only */
} errinfo;

struct shn_lua {
    lua_State *L;
    size_t total, cap;          /* bytes allocated by the state, and the cap */
    int mem_refused;            /* the allocator refused a request since the last reset */
    uint64_t budget, used;      /* instructions per call, and used in this call */
    int step;                   /* count-hook interval */
    int over;                   /* a limit was hit: the hook raises at every instruction, allocations fail */
    int running;                /* a budget is running (rule call or rule-file load) */
    shn_lua_err_kind limit;     /* which limit (SHN_LE_INSTRUCTIONS, _DEADLINE, _OUTPUT) when over */
    char limit_msg[400];        /* its message */
    uint64_t timeout_ns;        /* CPU time per call (0: none) */
    uint64_t wall_ns;           /* the wall-clock backstop per call */
    uint64_t cpu_start;         /* this thread's CPU clock when the call started */
    uint64_t next_check;        /* CLOCK_MONOTONIC: before it the CPU limit cannot have passed */
    uint64_t wall_deadline;     /* CLOCK_MONOTONIC: the wall-clock backstop */
    const volatile int *cancel; /* shn_lua_limits.cancel */
    size_t alloc_acc;           /* bytes allocated since the clock was last read */
    size_t call_findings, call_bytes, input_findings, input_bytes;   /* caps */
    size_t in_findings, in_bytes;    /* this input's findings so far */
    unsigned char *off;         /* rules disabled for the rest of this input, by shn_rule.order */
    size_t n_off;
    char *stdlib_dir;
    /* cache of the unit table: consecutive calls on the same unit share it */
    const shn_unit *cu;
    const char *cu_text, *cu_addr, *cu_file;
    const shn_node *cu_data, *cu_parent;
    char **cu_ctxk, **cu_ctxv;
    size_t cu_nctx, cu_index;
    unsigned long cu_serial;    /* the unit set's serial (law units; 0 otherwise): see shn__lua_push_unit */
    /* the context strings last pushed for a law document (slot = the key's position in the unit's context), so
     * that the units of one paragraph or article share one Lua string of its text: see push_ctx_value */
    const char *ctx_ptr[SHN_CTX_SLOTS];
    unsigned long ctx_serial;
    lua_Integer unit_gen;
    /* lexicon entries from configuration, applied when packs load */
    const shn_lex_ext *ext;
    size_t n_ext;
    unsigned *ext_hits;
    int explain;                /* collect ctx:trace lines (shn__lua_set_explain) */
    errinfo err;                /* the last error recorded by shn__lua_msgh or shn__lua_err_syntax */
};

/* One rule call (lua_run.c), reached from ctx:report / ctx:trace through the registry key K_RUN. */
typedef struct {
    shn_lua *h;
    const shn_rule *r;
    const shn_unit *u;
    const char *as_of;
    shn_vec found;              /* shn_finding *, moved to the caller on success */
    int declared_sev;           /* the rule{} severity before pack and engine overrides */
    const char *rule_path;      /* the rule file (a Lua string kept alive by the rule record) */
    shn_buf trace;              /* ctx:trace lines of this call, when explaining */
    size_t bytes;               /* text bytes in `found` (message, message_en, suggestion, related) */
} run_t;

static inline int streq_null(const char *a, const char *b) { return a == b || (a && b && strcmp(a, b) == 0); }

/* ---- lua_sandbox.c: state, limits, boxes, read-only tables, _ENV ---- */
shn_lua *shn__lua_host_of(lua_State *L);
void shn__lua_budget_start(shn_lua *h);
void shn__lua_budget_stop(shn_lua *h);
/* Stop the running call at limit `kind` with message `msg`: the hook raises at every instruction from now on
 * (a pcall in the rule cannot swallow it) and the state refuses to grow. Raises now when L is given. */
void shn__lua_trip(shn_lua *h, lua_State *L, shn_lua_err_kind kind, const char *msg);
/* Message handler: records the error value's position (the innermost Lua frame whose "src:line:" prefix the
 * message carries, else the innermost Lua frame) and its text in h->err, and returns the value unchanged.
 * A value already recorded (a module error rethrown by require) keeps its first record. */
int shn__lua_msgh(lua_State *L);
/* Before a protected call: forget the last error. */
void shn__lua_err_begin(shn_lua *h);
/* After a failed protected call (status st, error value on the stack top): the structured error. The kind is
 * the limit the host saw being hit during the call (instructions, memory, regex), else syntax or runtime. */
void shn__lua_err_get(shn_lua *h, int st, errinfo *out);
/* A syntax error message of chunk `chunkname` (as given to lua_load): recorded with its position, kind
 * SHN_LE_SYNTAX, as the error value at the stack top (which stays there). */
void shn__lua_err_syntax(lua_State *L, const char *chunkname);
/* Call f(ud) in protected mode with the traceback handler; on error the message is left on the stack top. */
int shn__lua_pcall_host(shn_lua *h, lua_CFunction f, void *ud);
void shn__lua_reg_reset(lua_State *L, const void *key);         /* registry slot := false (no allocation) */

typedef struct {
    void *p;
    size_t n;
    void (*fn)(void *p, size_t n);
} box;
box *shn__lua_box_new(lua_State *L, void (*fn)(void *, size_t));  /* pushed; __gc calls fn(p, n) */
void shn__lua_box_free_now(box *b);

int shn__lua_is_proxy(lua_State *L, int idx);
void shn__lua_push_real(lua_State *L, int idx);                  /* the table behind a proxy, or the value */
void shn__lua_push_ro_meta(lua_State *L, int real, int index);   /* metatable of a read-only proxy */
void shn__lua_push_frozen(lua_State *L, int idx);                /* read-only proxy, nested tables frozen */
/* Push a new strict _ENV; `pack`/`dir` NULL for stdlib modules; `path` the file (for rule{}). */
void shn__lua_push_env(lua_State *L, const char *pack, const char *dir, const char *path, int with_rule);

/* ---- lua_require.c, lua_rule.c ---- */
int shn__lua_require(lua_State *L);      /* upvalues: pack name, pack dir (nil for stdlib modules) */
int shn__lua_rule(lua_State *L);         /* rule{…}; upvalues: pack name, file path */

/* ---- lua_lpeg.c ---- */
/* Open LPeg with its matching, compiling and back-captures charged to the running call (a lua_CFunction:
 * pushes the frozen module table). */
int shn__lua_open_lpeg(lua_State *L);

/* ---- lua_values.c ---- */
void shn__lua_push_node(lua_State *L, const shn_node *n, int seen, int depth);  /* seen: node -> table */
void shn__lua_push_node_frozen(lua_State *L, const shn_node *n);

/* ---- lua_ctx.c ---- */
void shn__lua_set_str(lua_State *L, int t, const char *key, const char *v);     /* t[key] = v unless v NULL */
void shn__lua_push_unit(lua_State *L, shn_lua *h, const shn_unit *u);
void shn__lua_push_ctx(lua_State *L, int R, const shn_rule *r, const char *as_of);


#endif
