/*
 * Large allocations backed by transparent huge pages where the kernel offers them (Linux with THP in
 * "madvise" mode, as Debian ships it). On the virtual machines we measured, a first touch of a 4 KiB page
 * costs about 12 µs, so filling a 47 MB data set page by page took ~135 ms; in 2 MiB pages it takes ~5 ms.
 * Elsewhere (no MADV_HUGEPAGE, or THP off) this is a plain 64-byte-aligned allocation. Free with free().
 */
#ifndef SOFTMAX_NATIVE_BIG_ALLOC_H
#define SOFTMAX_NATIVE_BIG_ALLOC_H

#include <stdlib.h>
#if defined(__linux__)
#include <sys/mman.h>
#endif

#define HUGE_PAGE ((size_t)2 << 20)

static inline void *bigAlloc(size_t bytes) {
  if (bytes == 0) bytes = 64;
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  if (bytes >= HUGE_PAGE) {
    const size_t rounded = (bytes + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE;
    void *p = aligned_alloc(HUGE_PAGE, rounded);
    if (p) madvise(p, rounded, MADV_HUGEPAGE); /* advice only: failure leaves ordinary pages */
    return p;
  }
#endif
  return aligned_alloc(64, (bytes + 63) / 64 * 64);
}

#endif
