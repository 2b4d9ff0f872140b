/* csvq: prints chosen columns of station CSV records, tab-separated, for test scripts.
 *   csvq [-u] [-c col,col,...] FILE...      (default: every column)
 * -u separates fields with the unit separator 0x1f instead of a tab, so a shell's read keeps
 * empty fields (a tab is IFS whitespace and runs of it collapse).
 * Checks every record has the header's column count; a malformed or short record is reported on
 * stderr and makes the exit status 1. Tabs and line breaks inside fields are shown as \t and \n. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "logs/csv.h"

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0, r;
	if (!f)
		return NULL;
	do {
		if (n + 65536 > cap) {
			cap = (n + 65536) * 2;
			buf = realloc(buf, cap);
			if (!buf)
				abort();
		}
		r = fread(buf + n, 1, cap - n, f);
		n += r;
	} while (r > 0);
	fclose(f);
	*len = n;
	return buf;
}

static void put_field(const char *s)
{
	for (; *s; s++) {
		if (*s == '\t')
			fputs("\\t", stdout);
		else if (*s == '\n')
			fputs("\\n", stdout);
		else if (*s == '\r')
			fputs("\\r", stdout);
		else
			putchar(*s);
	}
}

int main(int argc, char **argv)
{
	const char *cols = NULL;
	int argi = 1, bad = 0;
	char sep = '\t';

	if (argi < argc && strcmp(argv[argi], "-u") == 0) {
		sep = '\x1f';
		argi++;
	}
	if (argi + 1 < argc && strcmp(argv[argi], "-c") == 0) {
		cols = argv[argi + 1];
		argi += 2;
	}
	if (argi >= argc) {
		fprintf(stderr, "usage: csvq [-c col,col,...] FILE...\n");
		return 2;
	}
	for (; argi < argc; argi++) {
		size_t len, off = 0, used;
		char *text = slurp(argv[argi], &len);
		char **head = NULL, **f;
		int nh = 0, n, pick[64], np = 0, line = 1;

		if (!text) {
			fprintf(stderr, "csvq: cannot read %s\n", argv[argi]);
			return 2;
		}
		if (csv_read(text, len, &used, &head, &nh) != 1) {
			fprintf(stderr, "csvq: %s: no header\n", argv[argi]);
			return 1;
		}
		off = used;
		if (cols) {
			char *list = strdup(cols);
			for (char *c = strtok(list, ","); c && np < 64; c = strtok(NULL, ",")) {
				int k = -1;
				for (int i = 0; i < nh; i++)
					if (strcmp(head[i], c) == 0)
						k = i;
				if (k < 0) {
					fprintf(stderr, "csvq: no column '%s'\n", c);
					return 2;
				}
				pick[np++] = k;
			}
			free(list);
		} else {
			for (int i = 0; i < nh && i < 64; i++)
				pick[np++] = i;
		}
		while (off < len) {
			int rc = csv_read(text + off, len - off, &used, &f, &n);
			line++;
			if (rc == 0)
				break;
			off += used;
			if (rc < 0 || n != nh) {
				fprintf(stderr, "csvq: %s: record %d malformed (%d fields)\n", argv[argi], line, rc < 0 ? -1 : n);
				bad = 1;
				if (rc > 0)
					csv_fields_free(f, n);
				continue;
			}
			for (int i = 0; i < np; i++) {
				if (i)
					putchar(sep);
				put_field(f[pick[i]]);
			}
			putchar('\n');
			csv_fields_free(f, n);
		}
		csv_fields_free(head, nh);
		free(text);
	}
	return bad;
}
