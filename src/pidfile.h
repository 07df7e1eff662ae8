/*
 * pidfile.h - the daemon's pid file, safe in a directory others can write.
 *
 * Opened without following a symlink, refused unless it is a regular file
 * owned by us with a single link, and locked (flock) for the daemon's
 * lifetime before anything is written.  A second copy finds the lock held
 * and stops without touching the file; only the holder of the lock
 * truncates or removes it.
 */
#ifndef SIA_PIDFILE_H
#define SIA_PIDFILE_H

#include <stddef.h>
#include <sys/types.h>

struct pidfile;

/* Opens, locks and writes `pid` to path.  Returns NULL with a message in
 * err (e.g. another copy holds the lock: its pid is in the message). */
struct pidfile *pidfile_create(const char *path, pid_t pid, char *err,
                               size_t errlen);

/* Removes the file (or empties it when the directory is no longer
 * writable, e.g. after dropping privileges), unlocks, frees.  Removes it
 * only while the path still names the file we locked. */
void pidfile_remove(struct pidfile *p);

#endif
