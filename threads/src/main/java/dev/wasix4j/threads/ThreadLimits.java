package dev.wasix4j.threads;

import java.time.Duration;

/**
 * Host limits on one process's threads.
 *
 * @param maxThreads live guest threads at once, main included; spawn past it answers EAGAIN
 * @param platformStackBytes stack of each platform thread (virtual threads are bounded by -Xss)
 * @param timeout wall-clock limit for the whole process, or null for none
 */
public record ThreadLimits(int maxThreads, long platformStackBytes, Duration timeout) {
    /** Enough for programs that keep 10 000 threads alive, far below what exhausts a default heap. */
    public static final int DEFAULT_MAX_THREADS = 16_384;
    /** Deep enough for a 50 000-frame compiled C recursion. */
    public static final long DEFAULT_PLATFORM_STACK = 64L << 20;

    public static ThreadLimits defaults() {
        return new ThreadLimits(DEFAULT_MAX_THREADS, DEFAULT_PLATFORM_STACK, null);
    }

    public ThreadLimits {
        if (maxThreads < 1) {
            throw new IllegalArgumentException("maxThreads must be at least 1, got " + maxThreads);
        }
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
    }
}
