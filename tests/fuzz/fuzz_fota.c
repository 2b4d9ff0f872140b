/* Fuzzes the +QIND: "FOTA" parser and feeds what parses into the tracker. Lines are split at '\n';
 * a line starting with 'L' or 'B' that is not a report is the port lost or back. A report written
 * back from what parsed must parse to the same event. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "station/at/fota.h"
#include "station/at/fota_tracker.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fota_tracker t;
	char *buf = malloc(size + 1);
	char *line, *save = NULL;
	int64_t now = 0;

	memcpy(buf, data, size);
	buf[size] = '\0';
	fota_tracker_init(&t, 0, 90000);
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		struct fota_event ev;
		now += 1000;
		if (fota_parse(line, &ev) == 0) {
			if (ev.word >= FOTA_WORD_COUNT || strlen(ev.word_text) >= sizeof ev.word_text)
				__builtin_trap();
			if (strlen(ev.word_text) < sizeof ev.word_text - 1) {
				char again[96];
				struct fota_event ev2;
				int k = snprintf(again, sizeof again, "+QIND: \"FOTA\",\"%s\"", ev.word_text);
				if (ev.n >= 0)
					snprintf(again + k, sizeof again - (size_t)k, ",%d%s", ev.n, ev.percent_sign ? "%" : "");
				if (fota_parse(again, &ev2) != 0 || ev2.word != ev.word || ev2.n != ev.n ||
				    ev2.percent_sign != ev.percent_sign || strcmp(ev2.word_text, ev.word_text) != 0)
					__builtin_trap();
			}
			fota_tracker_event(&t, &ev, now);
		} else if (line[0] == 'L' || line[0] == 'B') {
			fota_tracker_port(&t, line[0] == 'B', now);
		}
		fota_tracker_tick(&t, now);
		if (t.attempt > FOTA_TRACKER_MAX_ATTEMPTS || (t.done && t.verdict == FOTA_PENDING))
			__builtin_trap();
	}
	free(buf);
	return 0;
}
