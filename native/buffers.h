/* Large byte buffers for JavaScript (buffers.c): huge-page memory, mapped files, and giving pages back. */
#ifndef SOFTMAX_NATIVE_BUFFERS_H
#define SOFTMAX_NATIVE_BUFFERS_H

#include <stddef.h>

/** A regular file mapped whole, copy-on-write; NULL when it cannot be. */
void *bufferMapFile(const char *path, size_t *length);

/** Unmaps what bufferMapFile mapped. */
void bufferUnmap(void *data, size_t length);

/** Gives the pages of [data, data + length) back to the system now; the range stays mapped. */
void bufferDiscard(void *data, size_t length);

#endif
