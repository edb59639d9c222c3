package dev.wasix4j.core.syscalls;

import dev.wasix4j.core.process.ProcessState;
import dev.wasix4j.core.process.Sibling;
import dev.wasix4j.core.syscall.Dispatcher;
import dev.wasix4j.threads.GuestThreads;

/** Builds a process's dispatcher with every syscall family registered. */
public final class Syscalls {
    private Syscalls() {}

    public static Dispatcher forProcess(ProcessState p, GuestThreads threads, Sibling sibling, int parallelismCap) {
        var d = new Dispatcher();
        ArgsEnvCalls.register(d, p);
        ClockCalls.register(d, p);
        FdCalls.register(d, p);
        PathCalls.register(d, p);
        ProcCalls.register(d, p);
        ThreadCalls.register(d, threads, sibling, parallelismCap);
        SignalCalls.register(d, p, threads);
        SocketCalls.register(d, p, p.sockets());
        PipeCalls.register(d, p);
        PollCalls.register(d, p);
        EpollCalls.register(d, p);
        TtyCalls.register(d, p);
        ControlCalls.register(d);
        return d;
    }
}
