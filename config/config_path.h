/* How config paths are shown: absolute and without "." or ".." steps, so an engineer sees the
 * folder the station will really use, whatever the current folder was. */
#ifndef CONFIG_PATH_H
#define CONFIG_PATH_H

/* path made absolute against cwd (NULL: the process's current folder) and cleaned lexically
 * ("a/./b/../c" -> "a/c"); never touches the file system. Returns a malloc'd string. */
char *config_path_shown(const char *path, const char *cwd);
#endif
