/* The downloading phase of a URL package (a phase run by slot_run.c): AT+QFOTADL="<url>" answered
 * OK, and the module fetches the package itself over its mobile network, reporting
 * +QIND: "FOTA","HTTPSTART" / "HTTPEND",<err> (FTPSTART / FTPEND for ftp://). On an end 0 the
 * update goes on as for a file in UFS (the update phase: reboots, progress, retries, version); on
 * another code the module stays on its firmware and the unit ends E-DOWNLOAD with that code.
 *
 * Budgets: the first report within [timing] reboot (the 90 s rule, by analogy), the whole
 * download within [timing] update from AT+QFOTADL (the update's own budget includes it). */
#include <stdio.h>
#include <string.h>

#include "config/config.h"
#include "station/at/fota.h"
#include "station/at/modcode.h"
#include "station/base/clock.h"
#include "station/slot/slot_phase.h"

/* Seconds with milliseconds, for messages. */
static void slot_download_seconds(int64_t ms, char *buf, size_t size)
{
	snprintf(buf, size, "%lld.%03lld s", (long long)(ms / 1000), (long long)(ms % 1000));
}

/* The download ended with code (the n of HTTPEND / FTPEND). */
static enum slot_outcome slot_download_end(struct slot *s, const struct fota_event *ev)
{
	char took[32], code[16], why[160];

	s->u.download_ms = clock_mono_ms() - s->u.update_started_ms;
	slot_download_seconds(s->u.download_ms, took, sizeof took);
	snprintf(why, sizeof why, "%s,%d after %s", fota_word_name(ev->word), ev->n, took);
	if (ev->n == 0) {
		/* what the module received is what the station fetched at start (same URL) */
		s->u.bytes = s->u.pkg->size;
		snprintf(why, sizeof why, "downloaded in %s (%s,0); the module starts the update", took,
			 fota_word_name(ev->word));
		slot_svc_go(s, SLOT_STARTING, why);
		return SLOT_NEXT;
	}
	snprintf(code, sizeof code, "%d", ev->n);
	slot_svc_log(s, "download failed: %s (%s)", why, modcode_fota(ev->n)->text);
	slot_svc_set_result(s, SLOT_FAIL, ERR_DOWNLOAD, code, "%s: check the server, the module's network "
			"registration, no host data call on its first APN", why);
	return SLOT_ENDED;
}

enum slot_outcome slot_download(struct slot *s)
{
	const struct config *cfg = slot_svc_cfg(s);
	int64_t first_report = s->u.update_started_ms + cfg->reboot_ms;
	int64_t deadline = s->u.update_started_ms + cfg->update_ms;
	bool begun = false;
	char text[200];

	if (!s->ch) {
		/* the port went right after AT+QFOTADL: no download reports to read, follow the module */
		s->u.download_ms = clock_mono_ms() - s->u.update_started_ms;
		return SLOT_NEXT;
	}
	snprintf(text, sizeof text, "module downloads %s", s->u.pkg->cfg->url_shown);
	slot_svc_go(s, SLOT_DOWNLOADING, text);
	for (;;) {
		/* reports queued so far, oldest first; those after the end stay for the update */
		for (int i = 0; i < s->urc_n; i++) {
			struct fota_event ev;
			if (fota_parse(s->urc[i], &ev) < 0)
				continue;
			switch (ev.word) {
			case FOTA_HTTPSTART:
			case FOTA_FTPSTART:
				/* the dashboard keeps "downloading N s": the seconds are what an operator watches */
				begun = true;
				break;
			case FOTA_HTTPEND:
			case FOTA_FTPEND:
			case FOTA_START:
			case FOTA_UPDATING:
			case FOTA_END: {
				enum slot_outcome next;
				if (ev.word == FOTA_HTTPEND || ev.word == FOTA_FTPEND) {
					next = slot_download_end(s, &ev);
					i++;
				} else {
					/* its end report was lost: the update already runs */
					slot_svc_log(s, "update reported without a download report");
					s->u.download_ms = clock_mono_ms() - s->u.update_started_ms;
					next = SLOT_NEXT;
				}
				memmove(s->urc[0], s->urc[i], sizeof s->urc[0] * (size_t)(s->urc_n - i));
				s->urc_n -= i;
				return next;
			}
			case FOTA_RESTORE:
			case FOTA_UNKNOWN:
			case FOTA_WORD_COUNT:
				break;
			}
		}
		s->urc_n = 0;
		int64_t now = clock_mono_ms();
		if (slot_svc_stopping(s))
			return slot_svc_aborted(s);
		if (now >= deadline) {
			snprintf(text, sizeof text, "download not finished within %lld s",
				 (long long)(cfg->update_ms / 1000));
			return slot_svc_fail(s, ERR_TIMEOUT, NULL, text);
		}
		if (!begun && now >= first_report) {
			snprintf(text, sizeof text, "no download report from the module within %lld s",
				 (long long)(cfg->reboot_ms / 1000));
			return slot_svc_fail(s, ERR_TIMEOUT, NULL, text);
		}
		int64_t until = begun || deadline < first_report ? deadline : first_report;
		enum at_status st = at_chan_wait_urc(s->ch, until - now);
		if (st == AT_CANCELLED) {
			return slot_svc_aborted(s);
		} else if (st == AT_PORT_LOST) {
			/* the end report can be lost as the module reboots into the update: follow it */
			slot_svc_log(s, "port lost during the download: following the module's reboot");
			slot_svc_close_port(s);
			s->u.download_ms = clock_mono_ms() - s->u.update_started_ms;
			return SLOT_NEXT;
		}
	}
}
