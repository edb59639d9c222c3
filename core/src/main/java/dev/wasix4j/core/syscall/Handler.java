package dev.wasix4j.core.syscall;

import dev.wasix4j.abi.Errno;
import java.io.IOException;

/**
 * One syscall's host side. It decodes its arguments from the {@link Call}, does the work through
 * a provider, writes results back, and returns the errno (or throws {@code ErrnoException}).
 */
@FunctionalInterface
public interface Handler {
    Errno handle(Call call) throws IOException;
}
