/* The emulated USB fixture: shared types of the tree, the modules and their AT responders.
 * Everything runs on one thread (fixture.c's loop), so nothing here is locked. */
#ifndef SIM_H
#define SIM_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define SIM_TTYS      4        /* DM, NMEA, AT, modem: interfaces 0..3 */
#define SIM_AT_IFACE  2
#define SIM_MODEM_IFACE 3
#define SIM_MAX_FILES 16
#define SIM_MAX_EVENTS 48
#define SIM_MAX_FAULTS 8
#define SIM_LINE_MAX  1024

enum sim_kind {
	SIM_KIND_MODULE,        /* 2c7c:0800/0801, five interfaces */
	SIM_KIND_EDL,           /* 05c6:9008, one ff/ff/10 interface: never a module */
};

/* Where a module's firmware stands against the packages the fixture writes. */
enum sim_fw {
	SIM_FW_BASE,            /* needs the update, a package exists */
	SIM_FW_TARGET,          /* already at the target */
	SIM_FW_WRONG,           /* a base no package applies to */
};

enum sim_fault_kind {
	FAULT_UNPLUG,           /* a: phase, b: replug delay in ms (scaled), -1 never */
	FAULT_STALL,            /* stop reading mid-upload once */
	FAULT_CORRUPT,          /* flip a byte of the first upload */
	FAULT_GARBAGE,          /* noise lines and URCs split over several writes */
	FAULT_NOSTART,          /* +QIND: "FOTA","START" never sent */
	FAULT_ENDFAIL,          /* a: code, b: how many attempts fail */
	FAULT_POWERLOSS,        /* a: percent at which power goes */
	FAULT_SILENT,           /* comes back after QFOTADL and never reports FOTA */
	FAULT_BADVER,           /* a: how many version reads after each boot are incomplete */
	FAULT_URCPORT,          /* URCs on usbmodem; a: 1 if setting it is refused */
	FAULT_UFSFULL,          /* UFS nearly full */
	FAULT_IMEICHANGE,       /* another IMEI after the update reboot */
	FAULT_DUPIMEI,          /* a: the 1-based module whose IMEI this one copies */
	FAULT_WRONGVER,         /* boots into s instead of the package's target */
	FAULT_STALE,            /* a truncated copy of its package already in UFS */
	FAULT_REPLACE,          /* pulled after its PASS, a new module in the slot; b: ms away */
	FAULT_LATE,             /* not on the bus at start: plugged in b ms (scaled) later */
	FAULT_NOACCESS,         /* its ttys stay root-only (no udev rule matched it) under --tty-group */
	FAULT_GAP,              /* a: percent; then silent for b ms (scaled) before the next report, -1 for good */
	FAULT_SLOW,             /* a: bytes per second the module takes upload data at */
	FAULT_NOTTY,            /* a: the interface without a tty (no driver bound); b: real ms until it binds, 0 never */
	FAULT_TTYLAG,           /* b: ms (not scaled) the AT tty's /dev node lags each re-plug */
	FAULT_FOTADLERR,        /* AT+QFOTADL refused; a: its CME code, 0 plain ERROR */
	FAULT_COUNT
};

enum sim_phase {
	PHASE_IDENTIFY,         /* on the first identification command (AT+CGSN) */
	PHASE_UPLOAD,           /* halfway through the upload */
	PHASE_FOTADL,           /* after the reboot that AT+QFOTADL starts, instead of coming back */
	PHASE_UPDATING,         /* halfway through UPDATING */
	PHASE_END,              /* after END,0, instead of booting the new firmware */
	PHASE_COUNT
};

struct sim_fault {
	enum sim_fault_kind kind;
	int a, b;
	char s[64];
	int used;               /* times it has fired */
};

struct sim_file {
	char name[96];
	uint8_t *data;
	size_t size;
};

enum sim_ev {
	EV_PLUG,                /* the USB device (re)appears */
	EV_UNPLUG,              /* the USB device goes away; arg: why */
	EV_URC,                 /* text on the URC port; arg 1: drop when nobody listens */
	EV_FOTA_STEP,           /* next FOTA progress step */
	EV_REPLACE,             /* the operator pulls the module; arg: checks of the port so far */
	EV_TTY_SHOW,            /* ttylag: the AT tty's /dev node appears; arg: the plug it belongs to */
	EV_TTY_BIND,            /* notty with seconds: the interface's tty appears; arg: the plug */
};

struct sim_event {
	int64_t at;             /* monotonic ns */
	enum sim_ev ev;
	int arg;
	char text[96];
};

enum sim_boot {
	BOOT_NORMAL,            /* firmware runs */
	BOOT_FOTA,              /* recovery: the update runs */
	BOOT_FOTA_RESUME,       /* recovery after a power loss: no START */
};

struct sim_tty {
	char name[16];          /* ttyUSB7 */
	int master;             /* pty master, -1 while unplugged */
	int hup;                /* nobody holds the slave open */
	char line[SIM_LINE_MAX];
	size_t line_len;
	uint8_t *out;           /* bytes waiting for room in the pty */
	size_t out_len, out_cap;
	int holding;            /* half a split line is out: what follows waits in hold */
	uint8_t *hold;
	size_t hold_len, hold_cap;
};

struct sim_upload {
	int active;
	char name[96];
	size_t size, got;
	int ackmode;
	int64_t timeout_ns, last_byte;
	uint8_t *data;
	size_t since_ack;
	int stalled;
	int corrupt;
	int64_t rate, start_ns;  /* slow fault: bytes per second from start_ns; 0 = as fast as sent */
};

struct sim_fota {
	int active;             /* the update mark is set */
	int err;                /* what the package check found: 0, 504, 510 */
	char to_full[64];       /* version after success */
	int attempt;            /* failed attempts so far */
	int percent;
	int in_progress;        /* between START and END */
};

struct sim_module {
	int index;              /* 1-based position in the population */
	enum sim_kind kind;
	char path[32];          /* 1-1.2.3 */
	char syspath[160];      /* /devices/... of the usb_device */
	int bus;
	int devnum;
	uint16_t vid, pid;
	const char *model;
	char serial[24];
	char imei[16], imei2[16];
	char iccid[24];
	char fw[64];            /* full version, as AT+QGMR prints it */
	enum sim_fw fw_kind;
	int present;
	enum sim_boot boot;
	int echo, cmee;
	int urc_modem;          /* URCs go to the modem port */
	int version_reads;      /* since the last boot */
	int plugs;
	int updated;            /* the update finished (END,0) since this module was inserted */
	struct sim_tty tty[SIM_TTYS];
	struct sim_file files[SIM_MAX_FILES];
	int nfiles;
	size_t ufs_total;
	struct sim_upload up;
	struct sim_fota fota;
	struct sim_fetch *fetch;  /* a download of the URL form of AT+QFOTADL, or NULL */
	struct sim_fault faults[SIM_MAX_FAULTS];
	int nfaults;
	struct sim_event events[SIM_MAX_EVENTS];
	int nevents;
	uint64_t rng;
};

struct sim_pkg {
	char name[48];
	const char *model;
	char from[64], to[64], to_full[64];
	char file[96];          /* packages/NAME.zip */
	uint8_t *zip;
	size_t zip_len;
};

struct sim {
	struct sim_module *mods;
	int nmods;
	double scale;
	uint64_t seed;
	FILE *log;
	void *tb;               /* UMockdevTestbed */
	int next_tty;
	int next_devnum[16];
	uint8_t devnum_used[16][128];
	int quit;
	struct sim_pkg pkgs[4];
	int npkgs;
	size_t pkg_payload;
	size_t ufs_size;        /* UFS bytes of every module (--ufs-size) */
	int no_jitter;          /* every duration at the middle of its range (--no-jitter) */
	int tty_gid;            /* --tty-group: ttys become root:<gid> 0660 like the udev rule; -1 off */
	int usb_budget;         /* plugs and unplugs left in this pass of the loop (fixture.c) */
};

/* sim_rand.c */
uint64_t sim_rand(uint64_t *state);
/* A uniform value in [lo, hi]. */
int64_t sim_rand_range(uint64_t *state, int64_t lo, int64_t hi);
int64_t sim_now(void);
/* A realistic duration in seconds between lo and hi, scaled, in ns. */
int64_t sim_scaled(struct sim *s, struct sim_module *m, double lo_s, double hi_s);

/* sim_log.c */
void sim_log(struct sim *s, const struct sim_module *m, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* sim_tree.c */
/* Gives every module its bus, port path and sysfs path. */
void sim_tree_layout(struct sim *s);
int sim_tree_build(struct sim *s, char *err, size_t errlen);
int sim_tree_plug(struct sim *s, struct sim_module *m);
void sim_tree_unplug(struct sim *s, struct sim_module *m);
/* notty with seconds: the driver binds late, the interface's port and tty appear. */
void sim_tree_tty_bind(struct sim *s, struct sim_module *m);
/* ttylag: hides (show 0) or shows (show 1) the /dev node of the module's AT tty. */
void sim_tree_tty_node(struct sim *s, struct sim_module *m, int show);

/* sim_at.c */
void sim_at_input(struct sim *s, struct sim_module *m, int t, const uint8_t *buf, size_t len);
void sim_at_send(struct sim *s, struct sim_module *m, int t, const char *text, size_t len);
/* The tail of a split URC line: written, then what was held behind it. */
void sim_at_urc_tail(struct sim *s, struct sim_module *m, int t, const char *text);
void sim_at_line(struct sim *s, struct sim_module *m, int t, const char *text);
void sim_at_urc(struct sim *s, struct sim_module *m, const char *text, int droppable);
int sim_tty_flush(struct sim_tty *tt);
int sim_tty_listening(struct sim_tty *tt);
/* A reply line ("\r\nOK\r\n" around the text) on tty t; OK; a CME error as AT+CMEE says. */
void sim_at_reply(struct sim *s, struct sim_module *m, int t, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void sim_at_ok(struct sim *s, struct sim_module *m, int t);
void sim_at_cme(struct sim *s, struct sim_module *m, int t, int code);
/* Argument readers: a quoted string, a number (after an optional comma); 0 or -1. */
int sim_at_arg_str(const char **p, char *out, size_t len);
int sim_at_arg_num(const char **p, long *v);
/* Whether line starts with cmd (any case); *rest is what follows. */
int sim_at_cmd_is(const char *line, const char *cmd, const char **rest);

/* sim_ufs.c: the module's files and AT+QFUPL */
struct sim_file *sim_ufs_find(struct sim_module *m, const char *name);
/* AT+QFLDS, AT+QFLST, AT+QFDEL, AT+QFUPL (which enters data mode). */
void sim_ufs_command(struct sim *s, struct sim_module *m, int t, const char *line);
/* Data-mode bytes from the host; returns how many the upload took. */
size_t sim_ufs_feed(struct sim *s, struct sim_module *m, int t, const uint8_t *buf, size_t len);
void sim_upload_check(struct sim *s, struct sim_module *m, int64_t now);
/* When a slow module takes its next upload bytes (0: now, or no upload). */
int64_t sim_upload_ready_at(const struct sim_module *m);

/* sim_module.c: lifecycle and scheduled events */
void sim_module_event(struct sim *s, struct sim_module *m, int64_t at, enum sim_ev ev, int arg,
		      const char *text);
void sim_module_run_events(struct sim *s, struct sim_module *m, int64_t now);
int64_t sim_module_next(const struct sim_module *m);
/* after_urc: the module just reported the end of its download (HTTPEND/FTPEND,0). */
void sim_module_fotadl(struct sim *s, struct sim_module *m, const struct sim_file *f, int after_urc);
struct sim_fault *sim_module_fault(struct sim_module *m, enum sim_fault_kind k);
const char *sim_module_version(struct sim_module *m, char *buf, size_t len);
/* The host deleted a UFS file: after the update that is the station's last step of a PASS. */
void sim_module_deleted(struct sim *s, struct sim_module *m);

/* sim_fetch.c: the URL forms of AT+QFOTADL */
struct sim_fetch;
/* url is an ftp:// or http(s):// URL: answers on tty t and starts the download (returns 1);
 * otherwise does nothing (returns 0). */
int sim_fetch_url(struct sim *s, struct sim_module *m, int t, const char *url);
/* Drives the transfers; reports and starts updates for those that ended. */
void sim_fetch_run(struct sim *s);
int sim_fetch_pending(void);
void sim_fetch_cleanup(void);

/* sim_pop.c */
int sim_pop_load(struct sim *s, const char *pop, int n, char *err, size_t errlen);
int sim_pop_faults(struct sim *s, const char *file, char *err, size_t errlen);
/* Settles what faults change before the first plug: IMEIs, URC port, UFS, delays. */
void sim_pop_finish(struct sim *s);
/* Turns m into another module of its model on the same port: new identity, base firmware,
 * empty UFS, no faults. */
void sim_pop_renew(struct sim *s, struct sim_module *m);
void sim_pkgs_make(struct sim *s);
int sim_fault_parse(struct sim_fault *f, char *line, char *err, size_t errlen);
const char *sim_fault_name(enum sim_fault_kind k);

/* sim_zip.c */
uint32_t sim_crc32(const uint8_t *p, size_t n);
uint16_t sim_xor16(const uint8_t *p, size_t n);
struct sim_zip_entry {
	const char *name;
	const uint8_t *data;
	size_t len;
};
uint8_t *sim_zip_write(const struct sim_zip_entry *e, int n, size_t *out_len);
/* Finds a stored entry; 0 with data and dlen set when found and its CRC matches, -1 otherwise. */
int sim_zip_find(const uint8_t *zip, size_t len, const char *name, const uint8_t **data,
		 size_t *dlen);

/* sim_config.c */
int sim_config_write(struct sim *s, const char *dir, char *err, size_t errlen);
#endif
