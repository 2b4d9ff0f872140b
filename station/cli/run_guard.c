#include "station/cli/run_guard.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include "station/base/utf8.h"
#include "station/board/board.h"

#define RUN_GUARD_TEXT_MAX 63   /* the board keeps 64 bytes of operator and lot */

int run_guard_text(const char *option, const char *value, char *err, size_t errlen)
{
	size_t len = strlen(value);
	if (len > RUN_GUARD_TEXT_MAX) {
		snprintf(err, errlen, "%s: found %zu bytes; expected at most %d", option, len, RUN_GUARD_TEXT_MAX);
		return -1;
	}
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)value[i];
		if (c < 0x20 || c == 0x7f) {
			snprintf(err, errlen, "%s: found control character 0x%02x at byte %zu; expected "
				 "printable text", option, c, i + 1);
			return -1;
		}
	}
	if (!utf8_valid(value)) {
		snprintf(err, errlen, "%s: found bytes that are not UTF-8; expected UTF-8 text", option);
		return -1;
	}
	return 0;
}

int run_guard_fds(int n_slots, bool raise, char *err, size_t errlen)
{
	struct rlimit rl;
	long long need = RUN_GUARD_FDS_BASE + (long long)RUN_GUARD_FDS_PER_SLOT * n_slots;

	if (getrlimit(RLIMIT_NOFILE, &rl) < 0) {
		snprintf(err, errlen, "cannot read the open-file limit: %s", strerror(errno));
		return -1;
	}
	if (raise && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
		getrlimit(RLIMIT_NOFILE, &rl);
	}
	rlim_t have = raise ? rl.rlim_cur : rl.rlim_max;
	if (have != RLIM_INFINITY && (long long)have < need) {
		snprintf(err, errlen, "%d slots need about %lld open files (%d per slot + %d); the limit is "
			 "%lld (ulimit -n; hard limit %lld): raise it or run fewer slots (--slots)",
			 n_slots, need, RUN_GUARD_FDS_PER_SLOT, RUN_GUARD_FDS_BASE, (long long)have,
			 (long long)rl.rlim_max);
		return -1;
	}
	return 0;
}

void run_guard_records(void *ctx, bool failing, int held, const char *why)
{
	struct board *b = ctx;
	char text[200];
	if (failing)
		snprintf(text, sizeof text, "records are not being written: %s; %d held, written when "
			 "the disk takes them", why, held);
	else
		snprintf(text, sizeof text, "records are being written again; every held record is written");
	board_alert(b, failing ? text : "", text);
}
