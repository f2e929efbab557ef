/* fuzz_load.c — libFuzzer target for one input loader (built once per format by tests/fuzz/CMakeLists.txt):
 * FUZZ_FMT is SHN_FMT_YAML (YAML and JSON), SHN_FMT_EGOV_XML, SHN_FMT_TEXT (plain 条文) or SHN_FMT_SAKUSHU
 * (施策集 TSV). Any input must load or fail with an error; the sanitizers catch the rest. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include "load.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    shn_load_opts opt = {{16, 20000, 0}, NULL};
    shn_doc **docs = NULL;
    size_t nd = 0;
    shn_error err = {0};
    if (shn__load("fuzz", FUZZ_FMT, (const char *)data, size, &opt, &docs, &nd, &err) == SHN_OK) {
        for (size_t i = 0; i < nd; i++) shn__doc_free(docs[i]);
        free(docs);
    }
    return 0;
}
