/* Populations (which modules, on which firmware) and faults, from a name or a file, and the
 * identities the modules get (serial, IMEI with its Luhn digit, ICCID). */
#include "tests/sim/sim.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct sim_model {
	const char *model;
	uint16_t pid;
	const char *base, *target, *wrong, *sub;
};

static const struct sim_model models[] = {
	{ "RM500Q-GL", 0x0800, "RM500QGLABR11A04M4G", "RM500QGLABR11A06M4G",
	  "RM500QGLABR10A02M4G", "01.001.01.001" },
	{ "RM520N-GL", 0x0801, "RM520NGLAAR03A03M4G", "RM520NGLAAR03A04M4G",
	  "RM520NGLAAR01A07M4G", "01.200.01.200" },
	{ "RM502Q-AE", 0x0800, "RM502QAEAAR13A02M4G", "RM502QAEAAR13A03M4G",
	  "RM502QAEAAR11A01M4G", "01.001.01.001" },
};
#define NMODELS (int)(sizeof models / sizeof models[0])

static const char *const fault_names[FAULT_COUNT] = {
	[FAULT_UNPLUG] = "unplug",
	[FAULT_STALL] = "stall",
	[FAULT_CORRUPT] = "corrupt",
	[FAULT_GARBAGE] = "garbage",
	[FAULT_NOSTART] = "nostart",
	[FAULT_ENDFAIL] = "endfail",
	[FAULT_POWERLOSS] = "powerloss",
	[FAULT_SILENT] = "silent",
	[FAULT_BADVER] = "badver",
	[FAULT_URCPORT] = "urcport",
	[FAULT_UFSFULL] = "ufsfull",
	[FAULT_IMEICHANGE] = "imeichange",
	[FAULT_DUPIMEI] = "dupimei",
	[FAULT_WRONGVER] = "wrongver",
	[FAULT_STALE] = "stale",
	[FAULT_REPLACE] = "replace-after-pass",
	[FAULT_LATE] = "late",
	[FAULT_NOACCESS] = "noaccess",
	[FAULT_GAP] = "gap",
	[FAULT_SLOW] = "slow",
	[FAULT_NOTTY] = "notty",
	[FAULT_TTYLAG] = "ttylag",
	[FAULT_FOTADLERR] = "fotadlerr",
};

static const char *const phase_names[PHASE_COUNT] = {
	[PHASE_IDENTIFY] = "identify",
	[PHASE_UPLOAD] = "upload",
	[PHASE_FOTADL] = "fotadl",
	[PHASE_UPDATING] = "updating",
	[PHASE_END] = "end",
};

const char *sim_fault_name(enum sim_fault_kind k)
{
	return k < FAULT_COUNT ? fault_names[k] : "?";
}

static const struct sim_model *model_find(const char *name)
{
	for (int i = 0; i < NMODELS; i++)
		if (strcasecmp(models[i].model, name) == 0)
			return &models[i];
	return NULL;
}

static void luhn_finish(char *digits, size_t n)
{
	int sum = 0;
	for (size_t i = 0; i < n; i++) {
		int d = digits[n - 1 - i] - '0';
		if (i % 2 == 0) {
			d *= 2;
			if (d > 9)
				d -= 9;
		}
		sum += d;
	}
	digits[n] = (char)('0' + (10 - sum % 10) % 10);
	digits[n + 1] = '\0';
}

static void make_imei(uint64_t *rng, char *out)
{
	snprintf(out, 15, "866123%08u", (unsigned)(sim_rand(rng) % 100000000u));
	luhn_finish(out, 14);
}

/* Serial, IMEI (and the one imeichange switches to) and ICCID from the module's generator. */
static void identity(struct sim_module *m)
{
	char icc[24];
	snprintf(m->serial, sizeof m->serial, "%08x", (unsigned)(sim_rand(&m->rng) & 0xffffffffu));
	make_imei(&m->rng, m->imei);
	make_imei(&m->rng, m->imei2);
	snprintf(icc, 20, "8986%015llu",
		 (unsigned long long)(sim_rand(&m->rng) % 1000000000000000ULL));
	luhn_finish(icc, 19);
	snprintf(m->iccid, sizeof m->iccid, "%s", icc);
}

static void module_init(struct sim *s, struct sim_module *m, int index, const struct sim_model *md,
			enum sim_fw fw)
{
	memset(m, 0, sizeof *m);
	m->index = index;
	m->kind = SIM_KIND_MODULE;
	m->rng = s->seed * 1000003u + (uint64_t)index * 7919u;
	sim_rand(&m->rng);
	m->vid = 0x2c7c;
	m->pid = md->pid;
	m->model = md->model;
	m->fw_kind = fw;
	snprintf(m->fw, sizeof m->fw, "%s_%s",
		 fw == SIM_FW_BASE ? md->base : fw == SIM_FW_TARGET ? md->target : md->wrong, md->sub);
	identity(m);
	m->echo = 1;
	m->ufs_total = s->ufs_size;
	m->boot = BOOT_NORMAL;
	for (int i = 0; i < SIM_TTYS; i++)
		m->tty[i].master = -1;
}

static void edl_init(struct sim *s, struct sim_module *m, int index)
{
	memset(m, 0, sizeof *m);
	m->index = index;
	m->kind = SIM_KIND_EDL;
	m->vid = 0x05c6;
	m->pid = 0x9008;
	m->model = "QUSB__BULK";
	m->rng = s->seed + (uint64_t)index;
	for (int i = 0; i < SIM_TTYS; i++)
		m->tty[i].master = -1;
}

static struct sim_module *grow(struct sim *s)
{
	struct sim_module *p = realloc(s->mods, (size_t)(s->nmods + 1) * sizeof *p);
	if (!p)
		abort();
	s->mods = p;
	return &s->mods[s->nmods++];
}

static int add_fault(struct sim_module *m, const struct sim_fault *f, char *err, size_t errlen)
{
	if (m->kind != SIM_KIND_MODULE) {
		snprintf(err, errlen, "faults apply to modules, not to the download-mode device");
		return -1;
	}
	if (m->nfaults == SIM_MAX_FAULTS) {
		snprintf(err, errlen, "too many faults on one module");
		return -1;
	}
	m->faults[m->nfaults++] = *f;
	return 0;
}

/* "<fault> [args]" into f; line is modified. */
int sim_fault_parse(struct sim_fault *f, char *line, char *err, size_t errlen)
{
	char *w[4] = { 0 };
	int n = 0, k;
	for (char *t = strtok(line, " \t\r\n"); t && n < 4; t = strtok(NULL, " \t\r\n"))
		w[n++] = t;
	memset(f, 0, sizeof *f);
	if (!n) {
		snprintf(err, errlen, "a fault name is missing");
		return -1;
	}
	for (k = 0; k < FAULT_COUNT; k++)
		if (strcmp(w[0], fault_names[k]) == 0)
			break;
	if (k == FAULT_COUNT) {
		snprintf(err, errlen, "unknown fault '%s'", w[0]);
		return -1;
	}
	f->kind = (enum sim_fault_kind)k;
	switch (f->kind) {
	case FAULT_UNPLUG:
		for (k = 0; k < PHASE_COUNT; k++)
			if (w[1] && strcmp(w[1], phase_names[k]) == 0)
				break;
		if (k == PHASE_COUNT) {
			snprintf(err, errlen, "unplug needs a phase: identify, upload, fotadl, "
					      "updating or end");
			return -1;
		}
		f->a = k;
		f->b = 10000;   /* ms of module time before it comes back; scaled below */
		if (w[2] && strcmp(w[2], "never") == 0)
			f->b = -1;
		else if (w[2])
			f->b = (int)(atof(w[2]) * 1000);
		break;
	case FAULT_ENDFAIL:
		f->a = w[1] ? atoi(w[1]) : 520;
		f->b = w[2] ? atoi(w[2]) : 1;
		if (f->a < 500 || f->a > 599 || f->b < 1 || f->b > 9) {
			snprintf(err, errlen, "endfail takes a code 5xx and a count 1..9");
			return -1;
		}
		break;
	case FAULT_POWERLOSS:
		f->a = w[1] ? atoi(w[1]) : 40;
		break;
	case FAULT_GAP:
		f->a = w[1] ? atoi(w[1]) : 40;
		f->b = 240000;  /* ms of module time without a report; scaled below */
		if (w[2] && strcmp(w[2], "never") == 0)
			f->b = -1;
		else if (w[2])
			f->b = (int)(atof(w[2]) * 1000);
		if (f->a < 0 || f->a > 99) {
			snprintf(err, errlen, "gap takes a percent 0..99 and seconds or never");
			return -1;
		}
		break;
	case FAULT_BADVER:
	case FAULT_FOTADLERR:
		f->a = w[1] ? atoi(w[1]) : f->kind == FAULT_BADVER ? 2 : 0;
		break;
	case FAULT_SLOW:
		f->a = w[1] ? atoi(w[1]) : 256;   /* KiB/s on the command line, bytes/s here */
		if (f->a < 1 || f->a > 1000000) {
			snprintf(err, errlen, "slow takes KiB per second 1..1000000");
			return -1;
		}
		f->a *= 1024;
		break;
	case FAULT_NOTTY:    /* a: the interface; b: real ms until its driver binds, 0 never */
	case FAULT_TTYLAG:   /* b: real ms, not scaled */
		f->a = w[1] ? atoi(w[1]) : SIM_AT_IFACE;
		f->b = (int)(atof(f->kind == FAULT_NOTTY ? (w[1] && w[2] ? w[2] : "0") : w[1] ? w[1] : "2") * 1000);
		if (f->kind == FAULT_NOTTY ? f->a < 0 || f->a >= SIM_TTYS || f->b < 0 : f->b < 1) {
			snprintf(err, errlen, f->kind == FAULT_NOTTY ? "notty takes an interface 0..3 and seconds" :
				 "ttylag takes the seconds the tty lags");
			return -1;
		}
		break;
	case FAULT_URCPORT:
		if (w[1] && strcmp(w[1], "usbmodem") != 0) {
			snprintf(err, errlen, "urcport takes usbmodem [locked]");
			return -1;
		}
		f->a = w[2] && strcmp(w[2], "locked") == 0;
		break;
	case FAULT_DUPIMEI:
		f->a = w[1] ? atoi(w[1]) : 0;
		if (f->a < 1) {
			snprintf(err, errlen, "dupimei needs the index of the module to copy");
			return -1;
		}
		break;
	case FAULT_WRONGVER:
		if (!w[1]) {
			snprintf(err, errlen, "wrongver needs the version the module boots into");
			return -1;
		}
		snprintf(f->s, sizeof f->s, "%s", w[1]);
		break;
	case FAULT_LATE:
		f->b = 10000;   /* ms of module time before it is plugged in; scaled below */
		if (w[1])
			f->b = (int)(atof(w[1]) * 1000);
		if (f->b < 0) {
			snprintf(err, errlen, "late takes the seconds before the module is plugged in");
			return -1;
		}
		break;
	case FAULT_REPLACE:
		f->b = 10000;   /* ms of module time out of the slot; scaled below */
		if (w[1])
			f->b = (int)(atof(w[1]) * 1000);
		/* times: how many newcomers in turn (each replaced after its own PASS); 0 = no end */
		f->a = w[1] && w[2] ? atoi(w[2]) : 1;
		if (f->b < 0 || f->a < 0) {
			snprintf(err, errlen, "replace-after-pass takes the seconds out of the slot and how "
				 "many times (0: no end)");
			return -1;
		}
		break;
	case FAULT_STALL:
	case FAULT_CORRUPT:
	case FAULT_GARBAGE:
	case FAULT_NOSTART:
	case FAULT_SILENT:
	case FAULT_UFSFULL:
	case FAULT_IMEICHANGE:
	case FAULT_STALE:
	case FAULT_NOACCESS:
	case FAULT_COUNT:
		break;
	}
	return 0;
}

static struct sim_module *module_by(struct sim *s, const char *where)
{
	char *end;
	long i = strtol(where, &end, 10);
	if (*end == '\0' && i >= 1 && i <= s->nmods)
		return &s->mods[i - 1];
	for (int k = 0; k < s->nmods; k++)
		if (strcmp(s->mods[k].path, where) == 0)
			return &s->mods[k];
	return NULL;
}

/* One "<index|path> <fault> [args]" line. */
static int fault_line(struct sim *s, char *line, char *err, size_t errlen)
{
	char *where = strtok(line, " \t");
	char *rest = strtok(NULL, "");
	struct sim_fault f;
	struct sim_module *m;
	if (!where || !rest || !(m = module_by(s, where))) {
		snprintf(err, errlen, "no module '%s'", where ? where : "");
		return -1;
	}
	if (sim_fault_parse(&f, rest, err, errlen) < 0)
		return -1;
	return add_fault(m, &f, err, errlen);
}

static char *trim(char *l)
{
	char *h = strchr(l, '#');
	if (h)
		*h = '\0';
	while (isspace((unsigned char)*l))
		l++;
	size_t n = strlen(l);
	while (n && isspace((unsigned char)l[n - 1]))
		l[--n] = '\0';
	return l;
}

static int pop_file(struct sim *s, const char *file, char *err, size_t errlen)
{
	FILE *f = fopen(file, "r");
	char buf[512], *faults[256];
	int nf = 0, lineno = 0, edl = 0, rc = 0;
	if (!f) {
		snprintf(err, errlen, "%s: %s", file, strerror(errno));
		return -1;
	}
	while (fgets(buf, sizeof buf, f)) {
		char *l = trim(buf), *w, *save;
		lineno++;
		if (!*l)
			continue;
		if (strncmp(l, "fault ", 6) == 0) {
			if (nf < 256)
				faults[nf++] = strdup(l + 6);
			continue;
		}
		if (strcmp(l, "edl") == 0) {
			edl++;
			continue;
		}
		int count = atoi(strtok_r(l, " \t", &save));
		const struct sim_model *md = (w = strtok_r(NULL, " \t", &save)) ? model_find(w) : NULL;
		char *fw = strtok_r(NULL, " \t", &save);
		char *rest = strtok_r(NULL, "", &save);
		enum sim_fw k = SIM_FW_BASE;
		if (count < 1 || count > 500 || !md || !fw ||
		    (strcmp(fw, "base") && strcmp(fw, "target") && strcmp(fw, "wrong"))) {
			snprintf(err, errlen, "%s:%d: expected '<count> <model> base|target|wrong "
					      "[fault args]'", file, lineno);
			rc = -1;
			break;
		}
		k = fw[0] == 'b' ? SIM_FW_BASE : fw[0] == 't' ? SIM_FW_TARGET : SIM_FW_WRONG;
		for (int i = 0; i < count; i++) {
			struct sim_module *m = grow(s);
			module_init(s, m, s->nmods, md, k);
			if (rest) {
				char tmp[256];
				struct sim_fault fl;
				snprintf(tmp, sizeof tmp, "%s", rest);
				if (sim_fault_parse(&fl, tmp, err, errlen) < 0 ||
				    add_fault(m, &fl, err, errlen) < 0) {
					rc = -1;
					break;
				}
			}
		}
		if (rc < 0)
			break;
	}
	fclose(f);
	for (int i = 0; i < edl; i++)
		edl_init(s, grow(s), s->nmods);
	if (rc == 0 && s->nmods == 0) {
		snprintf(err, errlen, "%s: no modules", file);
		rc = -1;
	}
	if (rc == 0)
		sim_tree_layout(s);
	for (int i = 0; i < nf; i++) {
		if (rc == 0 && fault_line(s, faults[i], err, errlen) < 0)
			rc = -1;
		free(faults[i]);
	}
	return rc;
}

/* A named population: all-good, mixed, or demo (mixed plus faulty modules). */
static int pop_named(struct sim *s, const char *name, int n, char *err, size_t errlen)
{
	int mixed = strcmp(name, "mixed") == 0, demo = strcmp(name, "demo") == 0;
	uint64_t rng = s->seed ^ 0x5eed;
	if (!mixed && !demo && strcmp(name, "all-good") != 0) {
		snprintf(err, errlen, "unknown population '%s' (all-good, mixed, demo or a file)",
			 name);
		return -1;
	}
	if (n < 1 || n > 400) {
		snprintf(err, errlen, "--modules takes 1..400");
		return -1;
	}
	int *kind = calloc((size_t)n, sizeof *kind);
	if (!kind)
		abort();
	if (mixed || demo) {
		/* a tenth at target, a tenth on a wrong base, placed at random */
		int few = n >= 4 ? (n + 9) / 10 : 0;
		for (int k = 1; k <= 2; k++)
			for (int j = 0; j < few;) {
				int i = (int)sim_rand_range(&rng, 0, n - 1);
				if (kind[i] == 0) {
					kind[i] = k;
					j++;
				}
			}
	}
	for (int i = 0; i < n; i++) {
		const struct sim_model *md =
			&models[i % 4 == 3 ? 1 : (mixed || demo) && i % 8 == 5 ? 2 : 0];
		struct sim_module *m = grow(s);
		module_init(s, m, i + 1, md,
			    kind[i] == 1 ? SIM_FW_TARGET : kind[i] == 2 ? SIM_FW_WRONG : SIM_FW_BASE);
	}
	if (mixed || demo)
		edl_init(s, grow(s), n + 1);
	sim_tree_layout(s);
	if (demo) {
		static const char *const demo_faults[] = {
			"corrupt", "endfail 520 1", "powerloss 45", "garbage", "badver 2",
			"endfail 522 5", "stall", "unplug upload 8", "stale",
		};
		int nd = (int)(sizeof demo_faults / sizeof demo_faults[0]), placed = 0;
		for (int i = 0; i < n && placed < nd && placed < n / 3; i++) {
			struct sim_module *m = &s->mods[i];
			if (kind[i] != 0 || i % 3 != 1)
				continue;
			char tmp[64];
			struct sim_fault f;
			snprintf(tmp, sizeof tmp, "%s", demo_faults[placed++]);
			if (sim_fault_parse(&f, tmp, err, errlen) == 0)
				add_fault(m, &f, err, errlen);
		}
	}
	free(kind);
	return 0;
}

int sim_pop_load(struct sim *s, const char *pop, int n, char *err, size_t errlen)
{
	if (strcmp(pop, "mixed") == 0 || strcmp(pop, "all-good") == 0 || strcmp(pop, "demo") == 0)
		return pop_named(s, pop, n, err, errlen);
	return pop_file(s, pop, err, errlen);
}

int sim_pop_faults(struct sim *s, const char *file, char *err, size_t errlen)
{
	FILE *f = fopen(file, "r");
	char buf[512], e2[200];
	int lineno = 0;
	if (!f) {
		snprintf(err, errlen, "%s: %s", file, strerror(errno));
		return -1;
	}
	while (fgets(buf, sizeof buf, f)) {
		char *l = trim(buf);
		lineno++;
		if (!*l)
			continue;
		if (fault_line(s, l, e2, sizeof e2) < 0) {
			snprintf(err, errlen, "%s:%d: %s", file, lineno, e2);
			fclose(f);
			return -1;
		}
	}
	fclose(f);
	return 0;
}

/* Applies what faults change before the first plug: IMEIs, URC port, UFS room, replug
 * delays in module time scaled to the run's. */
void sim_pop_finish(struct sim *s)
{
	for (int i = 0; i < s->nmods; i++) {
		struct sim_module *m = &s->mods[i];
		for (int k = 0; k < m->nfaults; k++) {
			struct sim_fault *f = &m->faults[k];
			if ((f->kind == FAULT_UNPLUG || f->kind == FAULT_REPLACE || f->kind == FAULT_LATE ||
			     f->kind == FAULT_GAP) && f->b > 0)
				f->b = (int)(f->b * s->scale);
			if (f->kind == FAULT_DUPIMEI && f->a <= s->nmods)
				snprintf(m->imei, sizeof m->imei, "%s", s->mods[f->a - 1].imei);
			if (f->kind == FAULT_URCPORT)
				m->urc_modem = 1;
			if (f->kind == FAULT_UFSFULL)
				m->ufs_total = s->pkg_payload / 2 + 1024;
		}
	}
}

void sim_pop_renew(struct sim *s, struct sim_module *m)
{
	const struct sim_model *md = model_find(m->model);
	if (!md)
		return;
	/* the generator runs on, so the newcomer differs from every module of the seed */
	identity(m);
	m->fw_kind = SIM_FW_BASE;
	snprintf(m->fw, sizeof m->fw, "%s_%s", md->base, md->sub);
	for (int i = 0; i < m->nfiles; i++)
		free(m->files[i].data);
	m->nfiles = 0;
	m->ufs_total = s->ufs_size;
	memset(&m->fota, 0, sizeof m->fota);
	m->nfaults = 0;
	m->boot = BOOT_NORMAL;
	m->urc_modem = 0;
	m->plugs = 0;
	m->updated = 0;
}

/* One package per model in the population: a stored zip of manifest.txt and a payload. */
void sim_pkgs_make(struct sim *s)
{
	for (int k = 0; k < NMODELS && s->npkgs < (int)(sizeof s->pkgs / sizeof s->pkgs[0]); k++) {
		const struct sim_model *md = &models[k];
		int used = 0;
		for (int i = 0; i < s->nmods; i++)
			used |= s->mods[i].kind == SIM_KIND_MODULE && s->mods[i].model == md->model;
		if (!used)
			continue;
		struct sim_pkg *p = &s->pkgs[s->npkgs++];
		char manifest[256];
		uint64_t rng = s->seed * 31u + (uint64_t)k;
		snprintf(p->name, sizeof p->name, "%s", md->model);
		p->model = md->model;
		snprintf(p->from, sizeof p->from, "%s", md->base);
		snprintf(p->to, sizeof p->to, "%s", md->target);
		snprintf(p->to_full, sizeof p->to_full, "%s_%s", md->target, md->sub);
		snprintf(p->file, sizeof p->file, "packages/%s-delta.zip", md->model);
		int ml = snprintf(manifest, sizeof manifest, "model=%s\nfrom=%s\nto=%s\nto_full=%s\n",
				  md->model, p->from, p->to, p->to_full);
		uint8_t *payload = malloc(s->pkg_payload ? s->pkg_payload : 1);
		if (!payload)
			abort();
		for (size_t i = 0; i < s->pkg_payload; i++)
			payload[i] = (uint8_t)(sim_rand(&rng) >> 24);
		struct sim_zip_entry e[2] = {
			{ .name = "manifest.txt", .data = (const uint8_t *)manifest, .len = (size_t)ml },
			{ .name = "update.bin", .data = payload, .len = s->pkg_payload },
		};
		p->zip = sim_zip_write(e, 2, &p->zip_len);
		free(payload);
		/* a module with a stale copy: an earlier upload that was cut off */
		for (int i = 0; i < s->nmods; i++) {
			struct sim_module *m = &s->mods[i];
			if (m->model != md->model || !sim_module_fault(m, FAULT_STALE) ||
			    m->nfiles == SIM_MAX_FILES)
				continue;
			struct sim_file *f = &m->files[m->nfiles++];
			const char *base = strrchr(p->file, '/') + 1;
			snprintf(f->name, sizeof f->name, "%s", base);
			f->size = p->zip_len / 2;
			f->data = malloc(f->size);
			if (!f->data)
				abort();
			memcpy(f->data, p->zip, f->size);
		}
	}
}
