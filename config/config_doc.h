/* Documentation written from the key table, so the docs cannot drift from the loader. */
#ifndef CONFIG_DOC_H
#define CONFIG_DOC_H
#include <stdio.h>

/* The key reference as Markdown (the generated part of config/README.md). */
void config_doc_markdown(FILE *out);
/* A fully annotated example station.ini (config/examples/station.ini). */
void config_doc_ini(FILE *out);
/* The key reference as man(7) text, a .SS per section and a .TP per key (station.ini(5)). */
void config_doc_man(FILE *out);
/* text escaped for man(7): backslashes, minus signs, a leading control character. */
void config_doc_roff(FILE *out, const char *text);
#endif
