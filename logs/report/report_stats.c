/* The summary a supervisor reads: counts, yields, rates, times, groups and the error Pareto. */
#include "logs/report/report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "station/base/clock.h"
#include "station/base/errcode.h"
#include "station/base/tally.h"
#include "station/base/xalloc.h"

const struct report_metric_info report_metrics[RM_COUNT] = {
	[RM_UNITS] = { "units", "units", "" },
	[RM_RECORDS] = { "records", "records", "" },
	[RM_PASS] = { "pass", "PASS", "" },
	[RM_SKIP] = { "skip", "SKIP", "" },
	[RM_FAIL] = { "fail", "FAIL", "" },
	[RM_ABORTED] = { "aborted", "ABORTED", "" },
	[RM_YIELD] = { "yield_pct", "yield", "%" },
	[RM_FPY] = { "first_pass_yield_pct", "first-pass yield", "%" },
	[RM_UPH] = { "units_per_hour", "units per hour", "" },
	[RM_UPLOAD_MEDIAN] = { "upload_median_s", "upload median", "s" },
	[RM_UPLOAD_P95] = { "upload_p95_s", "upload p95", "s" },
	[RM_UPDATE_MEDIAN] = { "update_median_s", "update median", "s" },
	[RM_UPDATE_P95] = { "update_p95_s", "update p95", "s" },
};

const char *report_num(char *buf, size_t size, double v, int decimals)
{
	if (isnan(v))
		snprintf(buf, size, "-");
	else
		snprintf(buf, size, "%.*f", decimals, v);
	return buf;
}

const char *report_metric_text(const struct report_summary *s, enum report_metric m, char *buf,
			       size_t size)
{
	switch (m) {
	case RM_UNITS:
		snprintf(buf, size, "%d", s->total.units);
		return buf;
	case RM_RECORDS:
		snprintf(buf, size, "%d", s->total.records);
		return buf;
	case RM_PASS:
		snprintf(buf, size, "%d", s->total.n[RES_PASS]);
		return buf;
	case RM_SKIP:
		snprintf(buf, size, "%d", s->total.n[RES_SKIP]);
		return buf;
	case RM_FAIL:
		snprintf(buf, size, "%d", s->total.n[RES_FAIL]);
		return buf;
	case RM_ABORTED:
		snprintf(buf, size, "%d", s->total.n[RES_ABORTED]);
		return buf;
	case RM_YIELD:
		return report_num(buf, size, s->total.yield, 2);
	case RM_FPY:
		return report_num(buf, size, s->fpy, 2);
	case RM_UPH:
		return report_num(buf, size, s->units_per_hour, 1);
	case RM_UPLOAD_MEDIAN:
		return report_num(buf, size, s->upload_median, 2);
	case RM_UPLOAD_P95:
		return report_num(buf, size, s->upload_p95, 2);
	case RM_UPDATE_MEDIAN:
		return report_num(buf, size, s->update_median, 2);
	case RM_UPDATE_P95:
		return report_num(buf, size, s->update_p95, 2);
	case RM_COUNT:
		break;
	}
	snprintf(buf, size, "?");
	return buf;
}

double report_percentile(const double *v, int n, double p)
{
	if (n == 0)
		return NAN;
	double h = (n - 1) * p;
	int lo = (int)floor(h);
	if (lo >= n - 1)
		return v[n - 1];
	return v[lo] + (h - lo) * (v[lo + 1] - v[lo]);
}

static int report_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static int report_cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A unit is its IMEI; a row without one (identification failed) is a unit of its own. */
static char *report_unit_key(const struct report_row *r)
{
	return r->imei[0] ? xstrdup(r->imei) : xasprintf("#%ld", r->seq);
}

static int report_distinct(char **keys, int n)
{
	int d = 0;
	qsort(keys, (size_t)n, sizeof *keys, report_cmp_str);
	for (int i = 0; i < n; i++)
		d += i == 0 || strcmp(keys[i], keys[i - 1]) != 0;
	return d;
}

/* Counts rows[idx[0..n)] into c. */
static void report_count(const struct report_row *rows, const int *idx, int n, struct report_counts *c)
{
	char **keys = xmalloc(sizeof *keys * (size_t)(n ? n : 1));
	memset(c, 0, sizeof *c);
	for (int i = 0; i < n; i++) {
		const struct report_row *r = &rows[idx[i]];
		c->records++;
		c->n[r->result]++;
		keys[i] = report_unit_key(r);
	}
	c->units = report_distinct(keys, n);
	for (int i = 0; i < n; i++)
		free(keys[i]);
	free(keys);
	int denom = c->n[RES_PASS] + c->n[RES_FAIL];
	c->yield = denom ? 100.0 * c->n[RES_PASS] / denom : NAN;
}

/* The group key of a row; caller frees. */
static char *report_key(const struct report_row *r, enum report_groups g)
{
	switch (g) {
	case RG_LOT:
		return xstrdup(r->lot[0] ? r->lot : "(none)");
	case RG_SLOT:
		return xstrdup(r->slot[0] ? r->slot : "(none)");
	case RG_HOUR: {
		char buf[32];
		return xstrdup(clock_format(r->started_ms, CLOCK_HOUR, buf, sizeof buf));
	}
	case RG_PACKAGE:
		return xstrdup(r->package[0] ? r->package : REPORT_NO_PACKAGE);
	case RG_STATION:
		return xstrdup(r->station[0] ? r->station : "(none)");
	case RG_ERROR:
		if (!r->error_code[0] || r->result != RES_FAIL)
			return NULL;
		return r->module_code[0] ? xasprintf("%s %s", r->error_code, r->module_code) :
					   xstrdup(r->error_code);
	case RG_STOP:
		if (r->result != RES_ABORTED)
			return NULL;
		return xstrdup(r->error_text[0] ? r->error_text : "aborted");
	case RG_COUNT:
		break;
	}
	return NULL;
}

struct report_keyed {
	char *key;
	int row;
};

struct report_sort {
	const struct report_row *rows;
	bool natural;
};

/* Orders by key (slot labels naturally: 2 before 10; hours as text), then by start time. */
static int report_cmp_keyed(const void *a, const void *b, void *ctx)
{
	const struct report_keyed *x = a, *y = b;
	const struct report_sort *o = ctx;
	int c = o->natural ? strverscmp(x->key, y->key) : strcmp(x->key, y->key);
	if (c)
		return c;
	const struct report_row *rx = &o->rows[x->row], *ry = &o->rows[y->row];
	if (rx->started_ms != ry->started_ms)
		return rx->started_ms < ry->started_ms ? -1 : 1;
	return rx->seq < ry->seq ? -1 : rx->seq > ry->seq;
}

static int report_cmp_pareto(const void *a, const void *b)
{
	const struct report_group *x = a, *y = b;
	if (x->count != y->count)
		return y->count - x->count;
	return strcmp(x->key, y->key);
}

/* Builds one grouping: rows sorted by key then time, one group per key. */
static void report_group(const struct report_set *set, struct report_summary *s, enum report_groups g)
{
	struct report_keyed *k = xmalloc(sizeof *k * (size_t)(set->n ? set->n : 1));
	int *idx = xmalloc(sizeof *idx * (size_t)(set->n ? set->n : 1));
	int n = 0;
	for (int i = 0; i < set->n; i++) {
		char *key = report_key(&set->rows[i], g);
		if (key)
			k[n++] = (struct report_keyed){ key, i };
	}
	struct report_sort o = { set->rows, g != RG_HOUR };
	qsort_r(k, (size_t)n, sizeof *k, report_cmp_keyed, &o);
	s->groups[g] = NULL;
	s->n_groups[g] = 0;
	for (int i = 0; i < n;) {
		int j = i, m = 0;
		while (j < n && strcmp(k[j].key, k[i].key) == 0)
			idx[m++] = k[j++].row;
		struct report_group gr = { .key = xstrdup(k[i].key), .update_median = NAN };
		report_count(set->rows, idx, m, &gr.c);
		gr.count = m;
		int streak = 0;
		double *upd = xmalloc(sizeof *upd * (size_t)m);
		int nu = 0;
		for (int t = 0; t < m; t++) {
			const struct report_row *r = &set->rows[idx[t]];
			if (r->result == RES_FAIL)
				streak++;
			else if (r->result == RES_PASS || r->result == RES_SKIP)
				streak = 0;
			if (streak > gr.max_streak)
				gr.max_streak = streak;
			if (!isnan(r->update_s) && r->result == RES_PASS)
				upd[nu++] = r->update_s;
		}
		gr.end_streak = streak;
		qsort(upd, (size_t)nu, sizeof *upd, report_cmp_double);
		gr.update_median = report_percentile(upd, nu, 0.5);
		free(upd);
		/* Nothing was flashed where no package applied: no yield to speak of. */
		if (g == RG_PACKAGE && strcmp(gr.key, REPORT_NO_PACKAGE) == 0)
			gr.c.yield = NAN;
		if (g == RG_STOP)
			gr.text = xstrdup(gr.key);
		if (g == RG_ERROR) {
			const struct report_row *r = &set->rows[idx[0]];
			int code = errcode_from_name(r->error_code);
			gr.text = xstrdup(code > 0 ? errcode_text((enum errcode)code) :
					  r->error_text[0] ? r->error_text : "");
		}
		s->groups[g] = xrealloc(s->groups[g], sizeof *s->groups[g] * (size_t)(s->n_groups[g] + 1));
		s->groups[g][s->n_groups[g]++] = gr;
		i = j;
	}
	if ((g == RG_ERROR || g == RG_STOP) && s->n_groups[g] > 1)
		qsort(s->groups[g], (size_t)s->n_groups[g], sizeof *s->groups[g], report_cmp_pareto);
	for (int i = 0; i < n; i++)
		free(k[i].key);
	free(k);
	free(idx);
}

static int report_find(const struct report_summary *s, enum report_groups g, const char *key)
{
	for (int i = 0; i < s->n_groups[g]; i++)
		if (strcmp(s->groups[g][i].key, key) == 0)
			return i;
	return -1;
}

/* First-pass yield: per unit, its earliest record decides; units first seen as SKIP are left out. */
static void report_first_pass(const struct report_set *set, struct report_summary *s)
{
	struct report_keyed *k = xmalloc(sizeof *k * (size_t)(set->n ? set->n : 1));
	for (int i = 0; i < set->n; i++)
		k[i] = (struct report_keyed){ report_unit_key(&set->rows[i]), i };
	struct report_sort o = { set->rows, false };
	qsort_r(k, (size_t)set->n, sizeof *k, report_cmp_keyed, &o);
	for (int i = 0; i < set->n; i++) {
		if (i > 0 && strcmp(k[i].key, k[i - 1].key) == 0)
			continue;
		enum report_result r = set->rows[k[i].row].result;
		if (r == RES_SKIP)
			continue;
		s->fp_units++;
		s->fp_pass += r == RES_PASS;
	}
	s->fpy = s->fp_units ? 100.0 * s->fp_pass / s->fp_units : NAN;
	for (int i = 0; i < set->n; i++)
		free(k[i].key);
	free(k);
}

/* Hours worked: per UTC day (by start), first start to last finish, so nights do not count. */
static double report_working_hours(const struct report_set *set)
{
	struct tally_span *sp = xmalloc(sizeof *sp * (size_t)(set->n ? set->n : 1));
	for (int i = 0; i < set->n; i++) {
		const struct report_row *r = &set->rows[i];
		sp[i] = (struct tally_span){ r->started_ms, r->finished_ms >= 0 ? r->finished_ms : r->started_ms };
	}
	double h = tally_hours_worked(sp, set->n);
	free(sp);
	return h;
}

void report_summarise(struct report_set *set, struct report_summary *s)
{
	memset(s, 0, sizeof *s);
	s->streak_flag = REPORT_STREAK_FLAG;
	int *all = xmalloc(sizeof *all * (size_t)(set->n ? set->n : 1));
	for (int i = 0; i < set->n; i++)
		all[i] = i;
	report_count(set->rows, all, set->n, &s->total);
	free(all);
	report_first_pass(set, s);

	s->upload = xmalloc(sizeof *s->upload * (size_t)(set->n ? set->n : 1));
	s->update = xmalloc(sizeof *s->update * (size_t)(set->n ? set->n : 1));
	for (int i = 0; i < set->n; i++) {
		const struct report_row *r = &set->rows[i];
		int64_t end = r->finished_ms >= 0 ? r->finished_ms : r->started_ms;
		if (i == 0 || r->started_ms < s->first_ms)
			s->first_ms = r->started_ms;
		if (i == 0 || end > s->last_ms)
			s->last_ms = end;
		if (!isnan(r->upload_s))
			s->upload[s->n_upload++] = r->upload_s;
		if (!isnan(r->update_s) && r->result == RES_PASS)
			s->update[s->n_update++] = r->update_s;
	}
	qsort(s->upload, (size_t)s->n_upload, sizeof *s->upload, report_cmp_double);
	qsort(s->update, (size_t)s->n_update, sizeof *s->update, report_cmp_double);
	s->upload_median = report_percentile(s->upload, s->n_upload, 0.5);
	s->upload_p95 = report_percentile(s->upload, s->n_upload, 0.95);
	s->update_median = report_percentile(s->update, s->n_update, 0.5);
	s->update_p95 = report_percentile(s->update, s->n_update, 0.95);
	double hours = report_working_hours(set);
	s->units_per_hour = tally_units_per_hour(s->total.units, hours, set->n);

	for (int g = 0; g < RG_COUNT; g++)
		report_group(set, s, (enum report_groups)g);
	int ns = s->n_groups[RG_SLOT], nh = s->n_groups[RG_HOUR];
	s->slot_hour_fail = xcalloc((size_t)(ns ? ns : 1), sizeof *s->slot_hour_fail);
	s->slot_hour_records = xcalloc((size_t)(ns ? ns : 1), sizeof *s->slot_hour_records);
	for (int i = 0; i < ns; i++) {
		s->slot_hour_fail[i] = xcalloc((size_t)(nh ? nh : 1), sizeof **s->slot_hour_fail);
		s->slot_hour_records[i] = xcalloc((size_t)(nh ? nh : 1), sizeof **s->slot_hour_records);
	}
	for (int i = 0; i < set->n; i++) {
		char *sk = report_key(&set->rows[i], RG_SLOT), *hk = report_key(&set->rows[i], RG_HOUR);
		int si = report_find(s, RG_SLOT, sk), hi = report_find(s, RG_HOUR, hk);
		free(sk);
		free(hk);
		s->slot_hour_records[si][hi]++;
		s->slot_hour_fail[si][hi] += set->rows[i].result == RES_FAIL;
	}
}

void report_summary_free(struct report_summary *s)
{
	for (int i = 0; i < s->n_groups[RG_SLOT]; i++) {
		free(s->slot_hour_fail[i]);
		free(s->slot_hour_records[i]);
	}
	free(s->slot_hour_fail);
	free(s->slot_hour_records);
	for (int g = 0; g < RG_COUNT; g++) {
		for (int i = 0; i < s->n_groups[g]; i++) {
			free(s->groups[g][i].key);
			free(s->groups[g][i].text);
		}
		free(s->groups[g]);
	}
	free(s->upload);
	free(s->update);
	memset(s, 0, sizeof *s);
}
