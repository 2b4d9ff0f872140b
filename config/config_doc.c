#include "config/config_doc.h"

#include <stdbool.h>
#include <string.h>

#include "config/config_keys.h"

static const char *const config_doc_types[] = {
	[CFG_T_TEXT] = "name",
	[CFG_T_VERSION] = "version",
	[CFG_T_PATH] = "path",
	[CFG_T_BOOL] = "yes/no",
	[CFG_T_INT] = "integer",
	[CFG_T_HEX16] = "hex id",
	[CFG_T_HEX16_LIST] = "hex id list",
	[CFG_T_SECONDS] = "seconds",
	[CFG_T_SHA256] = "sha256",
	[CFG_T_USB_PATH] = "usb:PATH",
	[CFG_T_URL] = "URL",
	[CFG_T_CONNINFO] = "libpq URI",
};

/* "0..15", "0.1..600 s" or "" for the range column. */
static void config_doc_range(FILE *out, const struct config_key *k)
{
	switch (k->type) {
	case CFG_T_INT:
		fprintf(out, "%lld..%lld", (long long)k->min, (long long)k->max);
		break;
	case CFG_T_SECONDS:
		fprintf(out, "%g..%g s", (double)k->min / 1000, (double)k->max / 1000);
		break;
	case CFG_T_HEX16_LIST:
		fprintf(out, "%lld..%lld ids", (long long)k->min, (long long)k->max);
		break;
	case CFG_T_URL:
		fprintf(out, "1..512 bytes");
		break;
	case CFG_T_TEXT:
	case CFG_T_VERSION:
		fprintf(out, "1..80 bytes");
		break;
	case CFG_T_USB_PATH:
		fprintf(out, "1..7 ports");
		break;
	case CFG_T_HEX16:
		fprintf(out, "0x0000..0xffff");
		break;
	case CFG_T_CONNINFO:
		fprintf(out, "1..%lld bytes", (long long)k->max);
		break;
	case CFG_T_PATH:
	case CFG_T_BOOL:
	case CFG_T_SHA256:
		break;
	}
}

void config_doc_markdown(FILE *out)
{
	for (int s = 0; s < CFG_SEC_COUNT; s++) {
		fprintf(out, "### `%s`\n\n%s\n\n", config_sections[s].title, config_sections[s].help);
		fprintf(out, "| key | type | range | default | meaning |\n|---|---|---|---|---|\n");
		for (int i = 0; i < CK_COUNT; i++) {
			const struct config_key *k = &config_keys[i];
			if ((int)k->section != s)
				continue;
			fprintf(out, "| `%s` | %s | ", k->key, config_doc_types[k->type]);
			config_doc_range(out, k);
			fprintf(out, " | %s%s%s | %s |\n", k->required ? "**required**" : k->def ? "`" : "-",
				k->required ? "" : k->def ? k->def : "", !k->required && k->def ? "`" : "",
				k->help);
		}
		fputc('\n', out);
	}
}

/* Writes text as "; " comment lines of at most 96 columns, breaking at spaces. */
static void config_doc_comment(FILE *out, const char *text)
{
	const char *p = text;
	while (*p) {
		size_t n = strlen(p);
		if (n > 94) {
			n = 94;
			while (n > 0 && p[n] != ' ')
				n--;
			if (n == 0)
				n = strcspn(p, " ");
		}
		fprintf(out, "; %.*s\n", (int)n, p);
		p += n;
		while (*p == ' ')
			p++;
	}
}

void config_doc_ini(FILE *out)
{
	fprintf(out, "; A fully annotated station config. Generated from the key table "
		"(config/config_keys.c)\n; by `station check --example`; every key is shown with its "
		"default or an example.\n; Paths are relative to this file. Comments go on their own "
		"lines.\n");
	for (int s = 0; s < CFG_SEC_COUNT; s++) {
		const char *title = s == CFG_SEC_PACKAGE ? "[package A04-to-A06]" : config_sections[s].title;
		fputc('\n', out);
		config_doc_comment(out, config_sections[s].help);
		/* The database is optional: the example shows it commented out, so a copy of the
		 * example never sends records anywhere by surprise. */
		bool off = s == CFG_SEC_DATABASE;
		fprintf(out, "%s%s\n", off ? "; " : "", title);
		for (int i = 0; i < CK_COUNT; i++) {
			const struct config_key *k = &config_keys[i];
			if ((int)k->section != s)
				continue;
			char text[600];
			snprintf(text, sizeof text, "%s: %s%s%s%s%s", k->key, k->help,
				 k->required ? " Required." : "", !k->required && k->def ? " Default: " : "",
				 !k->required && k->def ? k->def : "", !k->required && k->def ?
				 (k->unit[0] ? " s." : ".") : "");
			fputc('\n', out);
			config_doc_comment(out, text);
			if (i == CK_SLOTS_LABEL) {
				fprintf(out, "01 = usb:1-1.1\n02 = usb:1-1.2\n03 = usb:1-1.3\n");
			} else if (i == CK_SLOTS_AUTO) {
				fprintf(out, "; auto = yes\n");
			} else if (i == CK_PACKAGE_URL) {
				fprintf(out, "; url = %s\n", k->example);
			} else if (i == CK_PACKAGE_SHA256) {
				fprintf(out, "; sha256 = <64 hex digits>\n");
			} else {
				fprintf(out, "%s%s = %s\n", off ? "; " : "", k->key,
					k->example ? k->example : k->def);
			}
		}
	}
}

void config_doc_roff(FILE *out, const char *text)
{
	/* A line must not start with a control character, and a backslash is roff's escape. */
	if (*text == '.' || *text == '\'')
		fputs("\\&", out);
	for (const char *p = text; *p; p++) {
		if (*p == '\\')
			fputs("\\e", out);
		else if (*p == '-')
			fputs("\\-", out);
		else
			fputc(*p, out);
	}
}

void config_doc_man(FILE *out)
{
	for (int s = 0; s < CFG_SEC_COUNT; s++) {
		fputs(".SS \"", out);
		config_doc_roff(out, config_sections[s].title);
		fputs("\"\n", out);
		config_doc_roff(out, config_sections[s].help);
		fputc('\n', out);
		for (int i = 0; i < CK_COUNT; i++) {
			const struct config_key *k = &config_keys[i];
			if ((int)k->section != s)
				continue;
			fputs(".TP\n.B ", out);
			config_doc_roff(out, k->key);
			fprintf(out, "\n(%s", config_doc_types[k->type]);
			char range[64] = "";
			FILE *r = fmemopen(range, sizeof range - 1, "w");
			if (r) {
				config_doc_range(r, k);
				fclose(r);
			}
			if (range[0]) {
				fputs(", ", out);
				config_doc_roff(out, range);
			}
			if (k->required) {
				fputs("; required", out);
			} else if (k->def) {
				fputs("; default \\fB", out);
				config_doc_roff(out, k->def);
				fputs("\\fR", out);
			}
			fputs(")\n", out);
			config_doc_roff(out, k->help);
			fputc('\n', out);
		}
	}
}
