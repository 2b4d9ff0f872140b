/* Fuzzes the +QIND: "FOTA" parser and feeds what parses into the tracker. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "station/at/fota.h"
#include "station/at/fota_tracker.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

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
