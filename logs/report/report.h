/* station report: reads CSV records (logs/record.h columns, found by header name), summarises
 * them for a line supervisor and writes the summary as text, CSV or one HTML page.
 *   report_time.c   ISO 8601 times and --since/--until dates (pure)
 *   report_load.c   CSV files into rows; malformed rows reported with file:line and skipped
 *   report_stats.c  the summary: counts, yields, rates, percentiles, groups, Pareto
 *   report_text.c, report_csv.c, report_html.c  the three outputs */
#ifndef REPORT_H
#define REPORT_H
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

enum report_result { RES_PASS, RES_SKIP, RES_FAIL, RES_ABORTED, RES_COUNT };
extern const char *const report_result_names[RES_COUNT];

struct report_row {
	int64_t started_ms, finished_ms;   /* finished_ms is -1 when empty */
	enum report_result result;
	char *station, *lot, *slot, *imei, *package, *error_code, *module_code, *error_text;
	double upload_s, update_s;         /* NAN when empty */
	long seq;                          /* reading order, to keep sorting stable */
};

struct report_filter {
	int64_t since_ms;                  /* INT64_MIN: none */
	int64_t until_ms;                  /* INT64_MAX: none; exclusive */
	const char *lot;                   /* NULL: all */
	const char *station;               /* NULL: all */
};

struct report_set {
	struct report_row *rows;
	int n, cap;
	int files, malformed, filtered_out;
	const char *source;                /* NULL: CSV files; else what the rows came from ("database") */
};

/* A --since/--until argument: a date or a time. --until with a date means the end of that day.
 * Returns 0 or -1 with a reason. */
int report_time_arg(const char *s, bool until, int64_t *ms, char *why, size_t n);
/* Reads one CSV file (text[0..len) named file) into set. Each malformed row goes to err as
 * "file:line: ..." and is skipped. Returns the rows added, or -1 when the file cannot be used at
 * all (no header with a result and a started_at column). */
int report_load_text(struct report_set *set, const char *file, const char *text, size_t len,
		     const struct report_filter *f, FILE *err);
/* Adds one record given as text fields by column (NULL or "" = empty), as the CSV loader reads
 * a row: 1 added, 0 outside the filters, -1 malformed with why. */
struct record;
int report_add_record(struct report_set *set, const struct record *rec, const struct report_filter *f,
		      char *why, size_t n);
/* Reads a file from disk; -1 when unreadable (reason on err). */
int report_load_file(struct report_set *set, const char *path, const struct report_filter *f,
		     FILE *err);
void report_set_free(struct report_set *set);

struct report_counts {
	int records;
	int n[RES_COUNT];
	int units;                         /* distinct IMEIs (a row without an IMEI is one unit) */
	double yield;                      /* PASS / (PASS + FAIL) in percent, NAN when none */
};

struct report_group {
	char *key;
	struct report_counts c;
	int max_streak, end_streak;        /* slots: consecutive FAILs, worst and at the end */
	double update_median;              /* packages: median update_s */
	char *text;                        /* errors: the words for the code */
	int count;                         /* errors: occurrences */
};

/* RG_ERROR: FAIL records by code (the Pareto); RG_STOP: ABORTED records by reason (an operator's
 * abort or a stopped station is not an error). */
enum report_groups { RG_LOT, RG_SLOT, RG_HOUR, RG_PACKAGE, RG_ERROR, RG_STATION, RG_STOP, RG_COUNT };
/* The package group of records that had none (no package applied to the module). */
#define REPORT_NO_PACKAGE "no package"

struct report_summary {
	struct report_counts total;
	int fp_units, fp_pass;             /* first-pass yield counts */
	double fpy;                        /* percent, NAN when no unit was flashed */
	int64_t first_ms, last_ms;         /* earliest start, latest finish (or start) */
	double units_per_hour;             /* NAN when the period is under a minute */
	double *upload, *update;           /* sorted values */
	int n_upload, n_update;
	double upload_median, upload_p95, update_median, update_p95;
	struct report_group *groups[RG_COUNT];
	int n_groups[RG_COUNT];
	int **slot_hour_fail, **slot_hour_records;  /* [slot][hour] for the heat map */
	int streak_flag;                   /* a slot is flagged at this many consecutive FAILs */
};

#define REPORT_STREAK_FLAG 3

void report_summarise(struct report_set *set, struct report_summary *s);
void report_summary_free(struct report_summary *s);
/* Linear interpolation between closest ranks (spreadsheet PERCENTILE.INC) of sorted v. */
double report_percentile(const double *v, int n, double p);
/* Formats a number with the given decimals, or "-" for NAN, into buf. */
const char *report_num(char *buf, size_t size, double v, int decimals);

/* The key figures, one name each: the same names in the text, CSV and HTML outputs. */
enum report_metric {
	RM_UNITS, RM_RECORDS, RM_PASS, RM_SKIP, RM_FAIL, RM_ABORTED, RM_YIELD, RM_FPY, RM_UPH,
	RM_UPLOAD_MEDIAN, RM_UPLOAD_P95, RM_UPDATE_MEDIAN, RM_UPDATE_P95, RM_COUNT
};
struct report_metric_info {
	const char *name;                  /* "yield_pct" */
	const char *label;                 /* "yield" */
	const char *unit;                  /* "%", "s", "" */
};
extern const struct report_metric_info report_metrics[RM_COUNT];
/* The metric's value as text, as all outputs print it. */
const char *report_metric_text(const struct report_summary *s, enum report_metric m, char *buf,
			       size_t size);

/* Writes text[0..len) to out with control characters other than newline (C0, DEL, C1) shown as
 * \xNN / \u00NN and bytes that are not UTF-8 as \xNN. Pure but for the writes. */
void report_text_escape(const char *text, size_t len, FILE *out);
void report_text(const struct report_summary *s, const struct report_set *set, FILE *out);
void report_csv(const struct report_summary *s, FILE *out);
void report_html(const struct report_summary *s, const struct report_set *set, FILE *out);
#endif
