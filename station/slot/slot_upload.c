/* Phase upload: an upload turn (max_parallel_uploads), then the package into the module's UFS. */
#include <stdio.h>
#include <string.h>

#include "config/config.h"
#include "station/at/at_ufs.h"
#include "station/at/at_upload.h"
#include "station/base/clock.h"
#include "station/slot/slot_phase.h"
#include "station/slot/upload_gate.h"

/* Upload retries on a size or checksum mismatch. */
#define SLOT_UPLOAD_ATTEMPTS 3

struct slot_upload_progress {
	struct slot *s;
	int64_t started_ms;
};

enum slot_outcome slot_upload_queue(struct slot *s)
{
	struct upload_gate *g = s->sh->gate;
	unsigned departures = s->departures;

	if (upload_gate_enter(g, s->index))
		return SLOT_NEXT;
	slot_svc_go(s, SLOT_QUEUED, "waiting for an upload turn");
	for (;;) {
		slot_wait(s, -1, upload_gate_fd(g, s->index));
		if (upload_gate_granted(g, s->index))
			return SLOT_NEXT;
		if (slot_svc_stopping(s)) {
			upload_gate_leave(g, s->index);
			return slot_svc_aborted(s);
		}
		if (!s->present || s->departures != departures) {
			upload_gate_leave(g, s->index);
			return slot_svc_fail(s, ERR_PORT_LOST, NULL, "module left while waiting for an upload turn");
		}
	}
}

static void slot_upload_progress(void *ctx, uint64_t sent, uint64_t total)
{
	struct slot_upload_progress *p = ctx;
	int64_t ms = clock_mono_ms() - p->started_ms;
	double rate = ms > 0 ? (double)sent * 1000.0 / (double)ms : 0;
	int pct = total ? (int)(sent * 100 / total) : 100;
	char detail[96];

	snprintf(detail, sizeof detail, "upload %.1f/%.1f MB %.1f MB/s", (double)sent / 1e6, (double)total / 1e6,
		 rate / 1e6);
	struct board_slot *b = board_lock(p->s->sh->board, p->s->index);
	b->bytes_done = sent;
	b->bytes_total = total;
	b->bytes_per_s = rate;
	board_unlock(p->s->sh->board, p->s->index);
	board_progress(p->s->sh->board, p->s->index, pct, detail);
}

enum slot_outcome slot_upload_send(struct slot *s)
{
	const struct package *pkg = s->u.pkg;
	const struct config *cfg = slot_svc_cfg(s);
	struct slot_upload_progress prog = { s, 0 };
	struct at_upload_result res;
	uint64_t free_b = 0, total_b = 0;
	char err[256];
	int rc;

	slot_svc_go(s, SLOT_UPLOADING, "upload turn");
	/* A stale copy of the file (an earlier attempt) would make the space look short. */
	rc = at_ufs_delete(s->ch, pkg->cfg->file_name, NULL, cfg->command_ms, err, sizeof err);
	if (rc == 0)
		rc = at_ufs_space(s->ch, &free_b, &total_b, cfg->command_ms, err, sizeof err);
	if (rc < 0) {
		upload_gate_leave(s->sh->gate, s->index);
		return slot_svc_engine_fail(s, SLOT_OP_FILE, rc, err);
	}
	if (free_b < pkg->size) {
		upload_gate_leave(s->sh->gate, s->index);
		snprintf(err, sizeof err, "module has %llu bytes free in UFS, the package needs %zu",
			 (unsigned long long)free_b, pkg->size);
		return slot_svc_fail(s, ERR_UFS_FULL, NULL, err);
	}

	struct at_upload_req req = {
		.name = pkg->cfg->file_name,
		.data = pkg->data,
		.size = pkg->size,
		.idle_timeout_s = (int)((cfg->upload_idle_ms + 999) / 1000),
		.ack_mode = 1,
		.max_attempts = SLOT_UPLOAD_ATTEMPTS,
		.timeout_ms = cfg->command_ms,
		.checksum_known = true,
		.checksum = pkg->xor16,
		.progress = slot_upload_progress,
		.ctx = &prog,
	};
	if (req.idle_timeout_s < 1)
		req.idle_timeout_s = 1;
	prog.started_ms = clock_mono_ms();
	s->u.file_on_module = true;
	rc = at_upload(s->ch, &req, &res);
	s->u.upload_ms = clock_mono_ms() - prog.started_ms;
	if (rc < 0) {
		upload_gate_leave(s->sh->gate, s->index);
		return slot_svc_at_fail(s, SLOT_OP_UPLOAD, res.status, res.cme, res.module_code, res.text);
	}
	s->u.bytes = pkg->size;
	if (res.attempts > 1)
		slot_svc_log(s, "upload verified after %d attempts", res.attempts);
	return SLOT_NEXT;
}
