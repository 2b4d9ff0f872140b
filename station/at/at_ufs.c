#include "station/at/at_ufs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "station/at/at_ident.h"
#include "station/at/modcode.h"
#include "station/base/xalloc.h"

bool at_ufs_name_ok(const char *name)
{
	size_t n = strlen(name);

	if (n == 0 || n > AT_UFS_NAME_MAX - 1)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)name[i];
		if (c < 0x20 || c == 0x7f || c == '"' || c == '/' || c == '\\')
			return false;
	}
	return true;
}

/* A failed UFS command: a CME code gets the module's words. */
static int at_ufs_fail(const char *what, const struct at_response *r, char *err, size_t errlen)
{
	if (r->status == AT_CME && r->cme >= 0) {
		const struct modcode_cme *m = modcode_cme(r->cme);
		snprintf(err, errlen, "%s: CME %d (%s)", what, r->cme, m->text);
		return AT_CME;
	}
	return at_ident_fail(what, r, err, errlen);
}

int at_ufs_space(struct at_chan *ch, uint64_t *free_bytes, uint64_t *total_bytes, int64_t timeout_ms,
		 char *err, size_t errlen)
{
	static const char *const prefix[] = { "+QFLDS:", NULL };
	struct at_response *r = xmalloc(sizeof *r);
	int rc = 0;

	if (at_chan_command(ch, "AT+QFLDS=\"UFS\"", prefix, timeout_ms, r) != AT_OK)
		rc = at_ufs_fail("AT+QFLDS", r, err, errlen);
	else if (r->n_lines != 1 || at_ufs_parse_qflds(r->lines[0], free_bytes, total_bytes) < 0) {
		snprintf(err, errlen, "AT+QFLDS: malformed answer \"%.60s\"", r->n_lines ? r->lines[0] : "");
		rc = AT_MALFORMED;
	}
	free(r);
	return rc;
}

int at_ufs_list(struct at_chan *ch, struct at_ufs_file *files, int max, int64_t timeout_ms, char *err,
		size_t errlen)
{
	static const char *const prefix[] = { "+QFLST:", NULL };
	struct at_response *r = xmalloc(sizeof *r);
	int rc = 0;

	if (at_chan_command(ch, "AT+QFLST=\"*\"", prefix, timeout_ms, r) != AT_OK) {
		/* An empty UFS answers like a missing file on some firmware. */
		rc = r->status == AT_CME && r->cme == 405 ? 0 : at_ufs_fail("AT+QFLST", r, err, errlen);
		free(r);
		return rc;
	}
	for (int i = 0; i < r->n_lines; i++) {
		struct at_ufs_file f;
		if (at_ufs_parse_qflst(r->lines[i], f.name, &f.size) < 0) {
			snprintf(err, errlen, "AT+QFLST: malformed line \"%.60s\"", r->lines[i]);
			rc = AT_MALFORMED;
			break;
		}
		if (rc < max)
			files[rc] = f;
		rc++;
	}
	free(r);
	return rc;
}

int at_ufs_delete(struct at_chan *ch, const char *name, bool *existed, int64_t timeout_ms, char *err,
		  size_t errlen)
{
	struct at_response *r;
	char cmd[128];
	int rc = 0;

	if (existed)
		*existed = false;
	if (!at_ufs_name_ok(name)) {  /* "*" (all files) passes */
		snprintf(err, errlen, "file name refused (quote, control character, path or over 80 bytes)");
		return AT_REFUSED;
	}
	snprintf(cmd, sizeof cmd, "AT+QFDEL=\"%s\"", name);
	r = xmalloc(sizeof *r);
	if (at_chan_command(ch, cmd, (const char *const[]){ NULL }, timeout_ms, r) == AT_OK) {
		if (existed)
			*existed = true;
	} else if (!(r->status == AT_CME && r->cme == 405)) {
		rc = at_ufs_fail("AT+QFDEL", r, err, errlen);
	}
	free(r);
	return rc;
}
