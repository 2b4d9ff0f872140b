/* The board: state table completeness, events in order, progress deciles, commands. */
#include "station/board/board.h"
#include "tests/unit/check.h"

#include <poll.h>

static void t_state_table_complete(void)
{
	for (int s = 0; s < SLOT_STATE_COUNT; s++) {
		check_case("t_state_table_complete[%d]", s);
		CHECK(slot_state_table[s].name != NULL);
		CHECK(!(slot_state_table[s].busy && slot_state_table[s].final));
		CHECK(slot_state_table[s].role < ROLE_COUNT);
	}
}

static void t_events_in_order(void)
{
	struct board *b = board_new(2);
	struct board_event ev;
	uint64_t cur = 0;
	board_transition(b, 0, SLOT_IDENTIFYING, "module found on %s", "ttyUSB2");
	board_transition(b, 1, SLOT_IDENTIFYING, "module found");
	board_transition(b, 0, SLOT_UPLOADING, "package chosen");
	CHECK_INT(board_next_event(b, &cur, &ev, 0), 1);
	CHECK_INT(ev.slot, 0);
	CHECK_INT(ev.from, SLOT_EMPTY);
	CHECK_INT(ev.to, SLOT_IDENTIFYING);
	CHECK_STR(ev.text, "module found on ttyUSB2");
	CHECK_INT(board_next_event(b, &cur, &ev, 0), 1);
	CHECK_INT(ev.slot, 1);
	CHECK_INT(board_next_event(b, &cur, &ev, 0), 1);
	CHECK_INT(ev.to, SLOT_UPLOADING);
	CHECK_INT(board_next_event(b, &cur, &ev, 10), 0);
	board_free(b);
}

static void t_progress_deciles(void)
{
	struct board *b = board_new(1);
	struct board_event ev;
	uint64_t cur = 0;
	int n = 0;
	for (int p = 0; p <= 100; p += 3)
		board_progress(b, 0, p, "updating");
	board_progress(b, 0, 100, "updating");
	while (board_next_event(b, &cur, &ev, 0))
		n++;
	CHECK_INT(n, 11); /* 0 %, 10 %, ... 100 %: each decile once, the repeated 100 adds nothing */
	board_free(b);
}

static void t_event_overrun_reported(void)
{
	struct board *b = board_new(1);
	struct board_event ev;
	uint64_t cur = 0;
	for (int i = 0; i < 9000; i++)
		board_transition(b, 0, (i & 1) ? SLOT_UPLOADING : SLOT_QUEUED, "step %d", i);
	CHECK_INT(board_next_event(b, &cur, &ev, 0), 1);
	CHECK_INT(ev.slot, -1);
	CHECK(strstr(ev.text, "events lost") != NULL);
	CHECK_INT(board_next_event(b, &cur, &ev, 0), 1);
	CHECK(ev.slot == 0);
	board_free(b);
}

static void t_commands_wake(void)
{
	struct board *b = board_new(3);
	struct pollfd p = { .fd = board_wake_fd(b, 1), .events = POLLIN };
	CHECK_INT(poll(&p, 1, 0), 0);
	board_command(b, 1, BOARD_CMD_ABORT);
	board_command(b, 1, BOARD_CMD_ACK);
	CHECK_INT(poll(&p, 1, 0), 1);
	CHECK_INT(board_take_commands(b, 1), BOARD_CMD_ABORT | BOARD_CMD_ACK);
	CHECK_INT(poll(&p, 1, 0), 0);
	CHECK_INT(board_take_commands(b, 1), 0);
	CHECK_INT(board_take_commands(b, 0), 0);
	board_free(b);
}

int main(void)
{
	RUN(t_state_table_complete);
	RUN(t_events_in_order);
	RUN(t_progress_deciles);
	RUN(t_event_overrun_reported);
	RUN(t_commands_wake);
	return check_done();
}
