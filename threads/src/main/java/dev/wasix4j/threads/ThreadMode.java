package dev.wasix4j.threads;

/** What kind of Java thread carries each guest thread. */
public enum ThreadMode {
    /**
     * Virtual threads (the default): thousands of guest threads cost little. They are not
     * time-sliced; guests progress because blocking syscalls park and atomics yield (see README).
     */
    VIRTUAL,
    /**
     * Platform threads: the OS time-slices them, so even a guest spinning on plain loads makes
     * progress; each costs an OS thread and its stack. Best for a few long CPU-bound threads.
     */
    PLATFORM
}
