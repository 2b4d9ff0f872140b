/* <log_dir>/journal: one line per unit between AT+QFOTADL and its record, fsynced, so a restarted
 * station resumes watching instead of uploading again, and can write the record the unit would
 * have had.
 *
 * File format, one entry per line, fields separated by a tab, in this order:
 *     slot  usb_path  imei  package  started_at  fw_before                      (always)
 *     model  bytes  upload_s  update_started_at  attempts  phase  operator  lot  config_sha256
 * The first six are the original format and are required; the rest may be missing (a line of the
 * original format reads with them empty), so journals of either format load. Lines starting with
 * '#' are comments. A field holds no tab, CR or LF (journal_add refuses it). See logs/README.md.
 *
 * Thread contract: every function may be called from any slot thread at any time; they are
 * serialised by one lock inside journal.c. One station process per log_dir (the log folder's
 * lock, logs/logdir.h). */
#ifndef JOURNAL_H
#define JOURNAL_H
#include <stdio.h>

/* phase: what the unit had done when the entry was last written. */
#define JOURNAL_PHASE_STARTING "starting"   /* written before AT+QFOTADL: it may not have been sent */
#define JOURNAL_PHASE_UPDATING "updating"   /* AT+QFOTADL was answered OK: the module is updating */

struct journal_entry {
	char slot[16]; char usb_path[32]; char imei[24]; char package[64];
	char started_at[32]; char fw_before[80];
	/* Optional (empty when the line is of the original format). */
	char model[32];
	char bytes[24];              /* the package's size, decimal */
	char upload_s[24];           /* as in the record: seconds with milliseconds */
	char update_started_at[32];  /* ISO UTC time of AT+QFOTADL, for update_s */
	char attempts[8];            /* the module's own attempts seen so far */
	char phase[12];
	char operator_id[64];
	char lot[64];
	char config_sha256[65];
};

/* Adds e, replacing any entry with the same usb_path (one unit per slot). Durable on return:
 * file and folder fsynced. Returns 0, or -1 with a reason. */
int journal_add(const char *log_dir, const struct journal_entry *e, char *err, size_t errlen);
/* Removes the entries of usb_path (durably). Returns how many were removed (0 when none), or -1
 * with a reason. Lines it cannot parse are kept as they are, so journal_load still reports them. */
int journal_remove(const char *log_dir, const char *usb_path, char *err, size_t errlen);
/* Removes usb_path's entry only if it is still the unit imei's (a later unit in the slot may have
 * replaced it). Same returns as journal_remove. */
int journal_remove_unit(const char *log_dir, const char *usb_path, const char *imei, char *err, size_t errlen);
/* Returns the count of entries read (allocated array, free(); NULL when 0), or -1 when the file
 * exists but cannot be read; no file is 0 entries. A malformed line is reported on err_out as
 * "PATH:LINE: why" and skipped. */
int journal_load(const char *log_dir, struct journal_entry **entries, FILE *err_out);
/* Parses one line (without its newline) into e. Returns 0, or -1 with a reason. Pure. */
int journal_parse_line(const char *line, struct journal_entry *e, char *err, size_t errlen);
#endif
