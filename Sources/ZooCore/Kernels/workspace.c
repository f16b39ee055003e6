#include <pthread.h>
#include <stdlib.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include "CZooKernels.h"

/// A cache of large freed workspaces. A training step allocates and frees the same large
/// buffers every time (gate activations, states); malloc hands blocks this size back to the
/// kernel, and touching fresh pages costs a page fault per 4 KB inside the time loop, where both
/// threads then contend for the address-space lock. Freed blocks of at least MIN_BYTES are kept
/// (most recent last) up to BUDGET bytes in all, the oldest released first; a request takes the
/// most recent block of exactly its size.
enum { MIN_BYTES = 128 << 10, MAX_BLOCKS = 64 };
static const size_t BUDGET = (size_t)256 << 20;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct { float *p; size_t bytes; } blocks[MAX_BLOCKS];
static int block_count;
static size_t cached_bytes;

static size_t rounded_bytes(size_t count) {
    size_t bytes = (count ? count : 1) * sizeof(float);
    return (bytes + 63) / 64 * 64;
}

float *zoo_workspace_alloc(size_t count) {
    size_t bytes = rounded_bytes(count);
    if (bytes >= MIN_BYTES) {
        pthread_mutex_lock(&lock);
        for (int i = block_count - 1; i >= 0; i--) {
            if (blocks[i].bytes != bytes) continue;
            float *p = blocks[i].p;
            for (int j = i; j + 1 < block_count; j++) blocks[j] = blocks[j + 1];
            block_count--;
            cached_bytes -= bytes;
            pthread_mutex_unlock(&lock);
            return p;
        }
        pthread_mutex_unlock(&lock);
    }
    return aligned_alloc(64, bytes);
}

void zoo_workspace_free(float *p, size_t count) {
    size_t bytes = rounded_bytes(count);
    if (p && bytes >= MIN_BYTES && bytes <= BUDGET) {
        float *released[MAX_BLOCKS];
        int n = 0;
        pthread_mutex_lock(&lock);
        while (block_count > 0 && (block_count == MAX_BLOCKS || cached_bytes + bytes > BUDGET)) {
            released[n++] = blocks[0].p;
            cached_bytes -= blocks[0].bytes;
            for (int j = 0; j + 1 < block_count; j++) blocks[j] = blocks[j + 1];
            block_count--;
        }
        blocks[block_count].p = p;
        blocks[block_count].bytes = bytes;
        block_count++;
        cached_bytes += bytes;
        pthread_mutex_unlock(&lock);
        for (int i = 0; i < n; i++) free(released[i]);
        return;
    }
    free(p);
}

int zoo_retain_freed_memory(void) {
#if defined(__GLIBC__)
    return mallopt(M_MMAP_THRESHOLD, 32 << 20) == 1 && mallopt(M_TRIM_THRESHOLD, 512 << 20) == 1;
#else
    return 0;
#endif
}
