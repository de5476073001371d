/* fuzz_common.h -- helpers shared by the libFuzzer harnesses in this
 * directory: a private scratch directory in /dev/shm (removed at exit) and
 * a checked write of the fuzz input to a file there, for the library
 * functions that take paths. Built by scripts/fuzz. */
#ifndef DG_FUZZ_COMMON_H
#define DG_FUZZ_COMMON_H

#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char fuzz_dir[64];

/* Remove the files and directories under path (the scratch directory
 * holds no symlinks that could lead outside: nothing here follows them,
 * unlinkat does not, and a symlink is unlinked as a file). */
static inline void fuzz_rm_tree_at(int parent, const char *name)
{
    int fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
    if (fd < 0) {
        unlinkat(parent, name, 0);
        return;
    }
    DIR *d = fdopendir(fd);
    if (!d) {
        close(fd);
        return;
    }
    struct dirent *de;
    while ((de = readdir(d)))
        if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
            fuzz_rm_tree_at(dirfd(d), de->d_name);
    closedir(d);
    unlinkat(parent, name, AT_REMOVEDIR);
}

static inline void fuzz_cleanup(void)
{
    if (fuzz_dir[0])
        fuzz_rm_tree_at(AT_FDCWD, fuzz_dir);
}

/* The scratch directory, made on the first call: under $DG_FUZZ_TMP when
 * set (scripts/fuzz sets it, and removes it afterwards even when a crash
 * skipped the atexit cleanup), else /dev/shm (memory, fast), else /tmp. */
static inline const char *fuzz_scratch(void)
{
    if (!fuzz_dir[0]) {
        const char *base = getenv("DG_FUZZ_TMP");
        if (!base || !*base || strlen(base) > 40)
            base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
        snprintf(fuzz_dir, sizeof fuzz_dir, "%s/dg-fuzz-XXXXXX", base);
        if (!mkdtemp(fuzz_dir))
            abort();
        atexit(fuzz_cleanup);
    }
    return fuzz_dir;
}

/* dir/name into out. */
static inline void fuzz_path(char *out, size_t size, const char *name)
{
    snprintf(out, size, "%s/%s", fuzz_scratch(), name);
}

static inline void fuzz_write(const char *path, const void *data, size_t size)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        abort();
    const char *p = data;
    while (size > 0) {
        ssize_t k = write(fd, p, size);
        if (k <= 0)
            abort();
        p += k;
        size -= (size_t)k;
    }
    close(fd);
}

#endif
