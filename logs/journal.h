/* <log_dir>/journal: one line per unit between AT+QFOTADL and its record, fsynced, so a restarted
 * station resumes watching instead of uploading again.
 *
 * File format, one entry per line, fields separated by a tab, in this order:
 *     slot  usb_path  imei  package  started_at  fw_before
 * Lines starting with '#' are comments. A field holds no tab, CR or LF (journal_add refuses it).
 *
 * Thread contract: every function may be called from any slot thread at any time; they are
 * serialised by one lock inside journal.c. One station process per log_dir. */
#ifndef JOURNAL_H
#define JOURNAL_H
#include <stdio.h>

struct journal_entry { char slot[16]; char usb_path[32]; char imei[24]; char package[64];
		       char started_at[32]; char fw_before[80]; };

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
