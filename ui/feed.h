/* The plain front ends: board events as lines on a stream, each feed on its own thread, in order. */
#ifndef FEED_H
#define FEED_H
#include <stdio.h>

#include "station/board/board.h"

enum feed_format { FEED_LINES, FEED_JSON };
struct feed;

/* Starts a thread that writes one line per board event to out: FEED_LINES = timestamped plain
 * text ("2026-11-25T15:04:05.123Z slot 03 1-1.3 uploading -> starting (upload verified)"), for
 * every transition and every 10 % of progress; FEED_JSON = one JSON object per line per event.
 * Lines are written whole: one write(2) per line under the stream's lock, so two feeds (or other
 * stdio users of out) never interleave within a line. out stays the caller's. A write error
 * (a reader that went away) ends only this output; if out can be a pipe, the caller should
 * ignore SIGPIPE so such a reader cannot end the station. */
struct feed *feed_start(struct board *b, FILE *out, enum feed_format fmt);
/* Drains the events already published, then stops the thread and frees. */
void feed_stop(struct feed *f);
#endif
