/* The unit's CSV record, from what the worker knows at the end of the unit. */
#include <stdio.h>

#include "config/config.h"
#include "logs/record_writer.h"
#include "station/base/clock.h"
#include "station/slot/slot_svc.h"

/* Seconds with millisecond precision, or "" when the phase did not happen. */
static const char *slot_seconds(int64_t ms, char *buf, size_t size)
{
	if (ms < 0)
		return "";
	snprintf(buf, size, "%lld.%03lld", (long long)(ms / 1000), (long long)(ms % 1000));
	return buf;
}

/* The result column: PASS, SKIP, FAIL or ABORTED. */
static const char *slot_result_name(enum slot_state st)
{
	switch (st) {
	case SLOT_PASS: return "PASS";
	case SLOT_SKIP: return "SKIP";
	case SLOT_FAIL: return "FAIL";
	case SLOT_ABORTED: return "ABORTED";
	case SLOT_EMPTY: case SLOT_WAITING: case SLOT_IDENTIFYING: case SLOT_QUEUED:
	case SLOT_UPLOADING: case SLOT_STARTING: case SLOT_DOWNLOADING: case SLOT_REBOOTING:
	case SLOT_UPDATING: case SLOT_VERIFYING: case SLOT_STATE_COUNT:
		break;
	}
	return "ABORTED";
}

void slot_record_write(struct slot *s, int64_t finished_wall_ms)
{
	const struct slot_shared *sh = s->sh;
	const struct slot_unit *u = &s->u;
	char started[32], finished[32], bytes[24], upload[24], update[24], attempts[16], err[256];
	struct record r = { 0 };

	snprintf(bytes, sizeof bytes, "%llu", (unsigned long long)u->bytes);
	snprintf(attempts, sizeof attempts, "%d", u->attempts);
	r.f[REC_STARTED_AT] = clock_iso(u->started_wall_ms, started, sizeof started);
	r.f[REC_FINISHED_AT] = clock_iso(finished_wall_ms, finished, sizeof finished);
	r.f[REC_STATION] = sh->cfg->name;
	r.f[REC_OPERATOR] = sh->operator_id;
	r.f[REC_LOT] = sh->lot;
	r.f[REC_SLOT] = s->label;
	r.f[REC_USB_PATH] = s->usb_path;
	r.f[REC_PORT] = u->port;
	r.f[REC_MODEL] = u->model;
	r.f[REC_IMEI] = u->imei;
	r.f[REC_FW_BEFORE] = u->fw_before;
	r.f[REC_FW_AFTER] = u->fw_after;
	r.f[REC_PACKAGE] = !u->pkg ? "" : u->pkg->cfg->name[0] ? u->pkg->cfg->name : u->pkg->cfg->file_name;
	r.f[REC_PACKAGE_SHA256] = u->pkg ? u->pkg->sha256 : "";
	r.f[REC_CONFIG_SHA256] = sh->cfg->sha256;
	r.f[REC_BYTES] = bytes;
	r.f[REC_UPLOAD_S] = slot_seconds(u->upload_ms, upload, sizeof upload);
	r.f[REC_UPDATE_S] = slot_seconds(u->update_ms, update, sizeof update);
	r.f[REC_MODULE_ATTEMPTS] = attempts;
	r.f[REC_RESULT] = slot_result_name(u->result);
	r.f[REC_ERROR_CODE] = errcode_name(u->err);
	r.f[REC_MODULE_CODE] = u->module_code;
	r.f[REC_ERROR_TEXT] = u->result == SLOT_PASS || u->result == SLOT_SKIP ? "" : u->error_text;
	if (record_writer_append(sh->records, &r, finished_wall_ms, err, sizeof err) < 0) {
		/* The record could not be written: say it everywhere an operator looks. */
		board_tail(sh->board, s->index, err);
		fprintf(stderr, "station: slot %s: %s\n", s->label, err);
	}
}
