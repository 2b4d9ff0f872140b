/* Documentation written from the key table, so the docs cannot drift from the loader. */
#ifndef CONFIG_DOC_H
#define CONFIG_DOC_H
#include <stdio.h>

/* The key reference as Markdown (the generated part of config/README.md). */
void config_doc_markdown(FILE *out);
/* A fully annotated example station.ini (config/examples/station.ini). */
void config_doc_ini(FILE *out);
#endif
