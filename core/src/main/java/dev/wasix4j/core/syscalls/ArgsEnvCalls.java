package dev.wasix4j.core.syscalls;

import dev.wasix4j.abi.Errno;
import dev.wasix4j.core.process.ProcessState;
import dev.wasix4j.core.syscall.Call;
import dev.wasix4j.core.syscall.Dispatcher;
import dev.wasix4j.core.syscall.GuestMemory;
import java.util.List;

/** {@code args_*} and {@code environ_*}: NUL-terminated strings and a pointer array. */
final class ArgsEnvCalls {
    private static final int POINTER_SIZE = 4;

    private ArgsEnvCalls() {}

    static void register(Dispatcher d, ProcessState p) {
        d.implement("args_sizes_get", "argc and argv bytes", c -> sizes(c, p.args()));
        d.implement("args_get", "argv pointers and strings", c -> strings(c, p.args()));
        d.implement("environ_sizes_get", "variable count and bytes", c -> sizes(c, p.env()));
        d.implement("environ_get", "KEY=VALUE pointers and strings", c -> strings(c, p.env()));
    }

    private static Errno sizes(Call c, List<byte[]> values) {
        long bytes = 0;
        for (byte[] v : values) {
            bytes += v.length + 1;
        }
        c.mem().putI32(c.i32(0), values.size());
        c.mem().putI32(c.i32(1), (int) bytes);
        return Errno.SUCCESS;
    }

    private static Errno strings(Call c, List<byte[]> values) {
        GuestMemory m = c.mem();
        int ptrs = c.i32(0);
        int buf = c.i32(1);
        m.check(ptrs, (long) values.size() * POINTER_SIZE);
        for (int i = 0; i < values.size(); i++) {
            byte[] v = values.get(i);
            m.putI32(ptrs + i * POINTER_SIZE, buf);
            m.putBytes(buf, v);
            m.putU8(buf + v.length, 0);
            buf += v.length + 1;
        }
        return Errno.SUCCESS;
    }
}
