#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <time.h>
#include <unistd.h>
#if defined(__linux__)
#include <linux/futex.h>
#include <sys/syscall.h>
#endif
#if defined(__x86_64__)
#include <immintrin.h>
#define cpu_relax() _mm_pause()
#elif defined(__aarch64__)
#define cpu_relax() __asm__ __volatile__("yield")
#else
#define cpu_relax() ((void)0)
#endif
#include "CZooKernels.h"

/// Persistent workers for fine-grained parallel regions: a recurrent layer opens one region per
/// sequence and meets at a barrier once per time step, which costs far less than handing every
/// step's product to a new dispatch. Workers spin for a short while after a region (the next one
/// usually follows within microseconds), then sleep on a futex (Linux) or yield.
enum { MAX_WORKERS = 63, SPIN_NS = 200000 };

static pthread_once_t once = PTHREAD_ONCE_INIT;
static pthread_mutex_t region_lock = PTHREAD_MUTEX_INITIALIZER;
static int worker_count;
static _Atomic uint32_t generation;
static _Atomic int sleepers;
static _Atomic int finished;
static void (*region_fn)(void *, int, int);
static void *region_ctx;
static int region_threads;
static _Atomic int barrier_count;
static _Atomic uint32_t barrier_phase;
static _Thread_local int in_region;

/// One round of a spin-wait: a pause, and after `spins` rounds a yield, so a waiter never keeps
/// a descheduled partner from the core when the machine is oversubscribed.
static void spin_round(int *spins) {
    if (++*spins < 4096) {
        cpu_relax();
    } else {
        sched_yield();
    }
}

static uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/// A wait inside a region longer than STALL_NS means a partner thread lost its core. Once in a
/// while that is the hypervisor or a kernel thread; STALLS of them within WINDOW_NS mean another
/// program keeps the cores busy, and threads that spin on each other would then wait out a
/// scheduler time slice at every barrier: regions run inline on the calling thread for
/// BACKOFF_NS before trying the pool again.
enum { STALL_NS = 200000, STALLS = 16, WINDOW_NS = 50000000, BACKOFF_NS = 100000000 };
static _Atomic uint64_t inline_until, stall_window_start;
static _Atomic int stalls_in_window;

static void note_stall(uint64_t t) {
    uint64_t start = atomic_load_explicit(&stall_window_start, memory_order_relaxed);
    if (t - start > WINDOW_NS) {
        atomic_store_explicit(&stall_window_start, t, memory_order_relaxed);
        atomic_store_explicit(&stalls_in_window, 1, memory_order_relaxed);
    } else if (atomic_fetch_add_explicit(&stalls_in_window, 1, memory_order_relaxed) + 1 >= STALLS) {
        atomic_store_explicit(&inline_until, t + BACKOFF_NS, memory_order_relaxed);
    }
}

/// The state of one wait inside a region: spin rounds, when it started, whether it stalled.
typedef struct {
    int spins;
    int stalled;
    uint64_t since;
} region_waiter;

/// One round of a wait inside a region.
static void region_wait(region_waiter *w) {
    spin_round(&w->spins);
    if (w->spins % 256 == 0 && !w->stalled) {
        uint64_t t = now_ns();
        if (w->since == 0) {
            w->since = t;
        } else if (t - w->since > STALL_NS) {
            w->stalled = 1;
            note_stall(t);
        }
    }
}

static void wait_while_equal(_Atomic uint32_t *word, uint32_t seen) {
#if defined(__linux__)
    syscall(SYS_futex, (uint32_t *)word, FUTEX_WAIT_PRIVATE, seen, NULL, NULL, 0);
#else
    (void)word; (void)seen;
    sched_yield();
#endif
}

static void wake_all(_Atomic uint32_t *word) {
#if defined(__linux__)
    syscall(SYS_futex, (uint32_t *)word, FUTEX_WAKE_PRIVATE, MAX_WORKERS, NULL, NULL, 0);
#else
    (void)word;
#endif
}

static void *worker_main(void *arg) {
    int index = (int)(intptr_t)arg;
    in_region = 1;
    uint32_t seen = 0;
    for (;;) {
        uint32_t g;
        uint64_t start = now_ns();
        int spins = 0;
        while ((g = atomic_load_explicit(&generation, memory_order_acquire)) == seen) {
            spin_round(&spins);
            if (spins % 256 == 0 && now_ns() - start > SPIN_NS) {
                atomic_fetch_add(&sleepers, 1);
                if (atomic_load_explicit(&generation, memory_order_acquire) == seen) wait_while_equal(&generation, seen);
                atomic_fetch_sub(&sleepers, 1);
                start = now_ns();
                spins = 0;
            }
        }
        seen = g;
        if (index < region_threads) region_fn(region_ctx, index, region_threads);
        atomic_fetch_add_explicit(&finished, 1, memory_order_release);
    }
    return NULL;
}

/// A forked child has none of the parent's workers (only the forking thread survives a fork):
/// its regions run inline.
static void forget_workers_in_child(void) {
    worker_count = 0;
    in_region = 0;
}

static void start_workers(void) {
    pthread_atfork(NULL, NULL, forget_workers_in_child);
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    worker_count = cpus > 1 ? (int)(cpus - 1 < MAX_WORKERS ? cpus - 1 : MAX_WORKERS) : 0;
    for (int i = 0; i < worker_count; i++) {
        pthread_t t;
        pthread_attr_t attr;
        pthread_attr_init(&attr);
        pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
        if (pthread_create(&t, &attr, worker_main, (void *)(intptr_t)(i + 1)) != 0) {
            worker_count = i;
            pthread_attr_destroy(&attr);
            break;
        }
        pthread_attr_destroy(&attr);
    }
}

int zoo_parallel_run(int threads, void (*fn)(void *ctx, int thread, int threads), void *ctx) {
    pthread_once(&once, start_workers);
    if (threads > worker_count + 1) threads = worker_count + 1;
    if (threads <= 1 || in_region || now_ns() < atomic_load_explicit(&inline_until, memory_order_relaxed) ||
        pthread_mutex_trylock(&region_lock) != 0) {
        int saved = in_region;
        in_region = 1;
        fn(ctx, 0, 1);
        in_region = saved;
        return 1;
    }
    region_fn = fn;
    region_ctx = ctx;
    region_threads = threads;
    atomic_store_explicit(&barrier_count, 0, memory_order_relaxed);
    atomic_store_explicit(&finished, 0, memory_order_relaxed);
    atomic_fetch_add_explicit(&generation, 1, memory_order_seq_cst);
    if (atomic_load(&sleepers) > 0) wake_all(&generation);
    in_region = 1;
    fn(ctx, 0, threads);
    in_region = 0;
    region_waiter w = {0, 0, 0};
    while (atomic_load_explicit(&finished, memory_order_acquire) < worker_count) region_wait(&w);
    pthread_mutex_unlock(&region_lock);
    return threads;
}

void zoo_parallel_barrier(int threads) {
    if (threads <= 1) return;
    uint32_t phase = atomic_load_explicit(&barrier_phase, memory_order_acquire);
    if (atomic_fetch_add_explicit(&barrier_count, 1, memory_order_acq_rel) == threads - 1) {
        atomic_store_explicit(&barrier_count, 0, memory_order_relaxed);
        atomic_fetch_add_explicit(&barrier_phase, 1, memory_order_release);
        return;
    }
    region_waiter w = {0, 0, 0};
    while (atomic_load_explicit(&barrier_phase, memory_order_acquire) == phase) region_wait(&w);
}

int zoo_in_parallel_region(void) { return in_region; }
