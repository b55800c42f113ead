/*
 * Large byte buffers for JavaScript (buffers.h). Reading a 47 MB file into fresh memory costs a first
 * touch of every page, about 12 µs per 4 KiB page on the virtual machines we measured (~140 ms). Mapping
 * the file instead maps its page-cache pages, 16 per fault (the kernel's fault-around), and copies
 * nothing (~25 ms); the mapping is private, so a write into the buffer copies that page and never
 * reaches the file.
 */
#include "buffers.h"

#if defined(__linux__) || defined(__APPLE__)
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#define HAVE_MMAP 1
#endif

void *bufferMapFile(const char *path, size_t *length) {
#ifdef HAVE_MMAP
  /* O_NONBLOCK: a path that became a FIFO must not wait for a writer; regular files ignore it. */
  const int fd = open(path, O_RDONLY | O_NONBLOCK);
  if (fd < 0) return NULL;
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0) {
    close(fd);
    return NULL;
  }
  /*
   * Not MAP_POPULATE: on a private writable mapping it faults every page for writing, which copies the
   * whole file (80 ms for 47 MB, against 25 ms when the reads fault the pages in, 16 at a time).
   */
  void *p = mmap(NULL, (size_t)st.st_size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
  close(fd);
  if (p == MAP_FAILED) return NULL;
  *length = (size_t)st.st_size;
  return p;
#else
  (void)path;
  (void)length;
  return NULL;
#endif
}

void bufferUnmap(void *data, size_t length) {
#ifdef HAVE_MMAP
  munmap(data, length);
#else
  (void)data;
  (void)length;
#endif
}

void bufferDiscard(void *data, size_t length) {
#if defined(HAVE_MMAP) && defined(MADV_DONTNEED)
  const size_t page = (size_t)sysconf(_SC_PAGESIZE);
  if ((size_t)data % page == 0) madvise(data, (length + page - 1) / page * page, MADV_DONTNEED);
#else
  (void)data;
  (void)length;
#endif
}
