/* Folders read from any thread. */
#ifndef DIR_H
#define DIR_H
#include <dirent.h>

/* opendir(path), with the folder's descriptor taken by open(2) (O_DIRECTORY, O_CLOEXEC) and given
 * to fdopendir. The same folder read the same way; what changes is that ThreadSanitizer sees the
 * descriptor opened: opendir's own open is hidden from it, so a descriptor number one worker
 * closed (a record file) and the kernel gave next to another worker's folder was reported as a
 * race on closedir. NULL with errno set; close it with closedir. */
DIR *dir_open(const char *path);
#endif
