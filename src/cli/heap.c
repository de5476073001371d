/* heap.c -- transparent huge pages for the lexicon's part of the heap.
 *
 * The lexicon's hash tables, filters and pattern entries (several MB) are
 * probed at random for every word, and are written once, page by page,
 * when the lexicon is built. With 4 KiB pages that is about 3,000 page
 * faults (half of a short run's time) and a TLB miss on most probes.
 * While the lexicon is built (dg_cli_heap_lexicon(1) ... (0)), glibc
 * takes even large blocks from the heap, grown by brk in HEAP_STEP steps,
 * and the step is marked MADV_HUGEPAGE, so the kernel backs it with 2 MiB
 * pages where it can (transparent huge pages in "madvise" mode, Linux's
 * default): what glibc's tunable glibc.malloc.hugetlb=1 does, without an
 * environment variable. Afterwards glibc's default limits come back, so the
 * documents' and the graph's memory (a 1 GB build) is allocated as
 * before. Nothing changes where the kernel or the libc does not support
 * it.
 */
#define _GNU_SOURCE 1 /* MADV_HUGEPAGE */
#include "cli.h"

#include <stdint.h>
#include <stdlib.h> /* defines __GLIBC__ */
#if defined(__linux__) && defined(__GLIBC__)
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>
#endif

void dg_cli_heap_lexicon(int begin)
{
#if defined(__linux__) && defined(__GLIBC__) && defined(MADV_HUGEPAGE) &&      \
    defined(M_TOP_PAD)
    enum { HEAP_STEP = 32 << 20, HUGE = 2 << 20 };
    if (!begin) {
        /* glibc's default values (mallopt(3)); setting them ends glibc's
         * own raising of the mmap threshold after large frees, so large
         * blocks stay mmap'd and go back to the system when freed (the
         * 1 GB build: 61.7 MB peak, 63.1 MB with glibc's raising) */
        mallopt(M_TOP_PAD, 128 << 10);
        mallopt(M_MMAP_THRESHOLD, 128 << 10);
        mallopt(M_TRIM_THRESHOLD, 128 << 10);
        return;
    }
    mallopt(M_TOP_PAD, HEAP_STEP);
    mallopt(M_MMAP_THRESHOLD, HEAP_STEP);
    mallopt(M_TRIM_THRESHOLD, 2 * HEAP_STEP);
    void *p = malloc(HEAP_STEP / 2); /* the next brk step, kept */
    if (!p)
        return;
    uintptr_t lo = ((uintptr_t)p + HUGE - 1) & ~(uintptr_t)(HUGE - 1);
    uintptr_t hi = (uintptr_t)sbrk(0);
    if (hi > lo)
        madvise((void *)lo, hi - lo, MADV_HUGEPAGE);
    free(p);
#else
    (void)begin;
#endif
}
