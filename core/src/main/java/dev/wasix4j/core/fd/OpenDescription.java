package dev.wasix4j.core.fd;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * POSIX's "open file description": what {@code dup} shares between descriptors — the resource,
 * its status flags and its rights. Closed when the last descriptor referring to it closes.
 */
public final class OpenDescription {
    private final FdResource resource;
    private volatile long rightsBase;
    private volatile long rightsInheriting;
    private volatile int fdflags;
    private final AtomicInteger refs = new AtomicInteger(1);

    public OpenDescription(FdResource resource, long rightsBase, long rightsInheriting, int fdflags) {
        this.resource = resource;
        this.rightsBase = rightsBase;
        this.rightsInheriting = rightsInheriting;
        this.fdflags = fdflags;
    }

    public FdResource resource() {
        return resource;
    }

    public long rightsBase() {
        return rightsBase;
    }

    public long rightsInheriting() {
        return rightsInheriting;
    }

    /** fd_fdstat_set_rights may only drop rights, never add them. */
    public synchronized boolean restrictRights(long base, long inheriting) {
        if ((base & ~rightsBase) != 0 || (inheriting & ~rightsInheriting) != 0) {
            return false;
        }
        rightsBase = base;
        rightsInheriting = inheriting;
        return true;
    }

    public int fdflags() {
        return fdflags;
    }

    public void fdflags(int flags) {
        this.fdflags = flags;
    }

    void retain() {
        refs.incrementAndGet();
    }

    void release() throws IOException {
        if (refs.decrementAndGet() == 0) {
            resource.close();
        }
    }
}
