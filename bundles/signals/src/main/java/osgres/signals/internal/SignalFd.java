package osgres.signals.internal;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Collection;

import osgres.api.ProcSignal;

/**
 * A Linux signalfd, called through the FFM API: the only way for a JVM to receive SIGQUIT (which the JVM
 * keeps for thread dumps) and the other signals pg_ctl sends, see TOOLCHAIN.md. It works only if the
 * signals are blocked in every thread, which {@code bin/osgres} arranges with
 * {@code env --block-signal=... java -Xrs}: a blocked signal stays pending and the signalfd hands it out.
 * Mirrors the role of PostgreSQL's {@code pqsignal()} handlers; it does not install handlers, touch the
 * process's signal dispositions, or unblock anything.
 *
 * <p>Record layout read from the descriptor ({@code struct signalfd_siginfo}, 128 bytes, native byte order):
 * <pre>
 *   offset 0   uint32 ssi_signo    signal number (the only field used)
 *   offset 4   int32  ssi_errno
 *   offset 8   int32  ssi_code
 *   offset 12  uint32 ssi_pid      sender's pid
 *   offset 16  uint32 ssi_uid      sender's real uid
 *   ...        (fd, tid, band, overrun, trapno, status, int, ptr, utime, stime, addr, padding) up to 128
 * </pre>
 * Linux only; {@code sigset_t} is glibc's 128-byte mask on x86_64 and aarch64.
 */
final class SignalFd implements AutoCloseable {

    /** {@code sizeof(struct signalfd_siginfo)}. */
    static final int SIGINFO_SIZE = 128;

    private static final int RECORDS_PER_READ = 16;
    private static final long SIGSET_SIZE = 128;
    private static final int SFD_NONBLOCK = 0x800;
    private static final int SFD_CLOEXEC = 0x80000;
    private static final int SIG_BLOCK = 0;
    private static final short POLLIN = 0x1;
    private static final int EINTR = 4;
    private static final int EAGAIN = 11;

    private final int fd;
    private final Arena arena = Arena.ofConfined();
    private final MemorySegment buffer;
    private final MemorySegment pollFd;
    private final MemorySegment callState;
    private boolean closed;

    private SignalFd(int fd) {
        this.fd = fd;
        this.buffer = arena.allocate((long) SIGINFO_SIZE * RECORDS_PER_READ, 8);
        this.pollFd = arena.allocate(8, 4);
        this.callState = arena.allocate(Libc.CALL_STATE);
    }

    /**
     * Creates a non-blocking, close-on-exec signalfd for {@code signals}. The descriptor's memory is confined
     * to the calling thread, so the thread that opens it must be the one that reads and closes it.
     */
    static SignalFd open(Collection<ProcSignal> signals) throws IOException {
        try (Arena scratch = Arena.ofConfined()) {
            MemorySegment set = sigset(scratch, signals);
            MemorySegment state = scratch.allocate(Libc.CALL_STATE);
            int fd = (int) Libc.SIGNALFD.invokeExact(state, -1, set, SFD_CLOEXEC | SFD_NONBLOCK);
            if (fd < 0) {
                throw new IOException(Libc.strerror(Libc.errno(state)));
            }
            return new SignalFd(fd);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException(t);
        }
    }

    /** Blocks {@code signals} in the calling thread, so none is ever delivered to it as a handler call. */
    static void blockInCurrentThread(Collection<ProcSignal> signals) throws IOException {
        try (Arena scratch = Arena.ofConfined()) {
            MemorySegment set = sigset(scratch, signals);
            int rc = (int) Libc.PTHREAD_SIGMASK.invokeExact(SIG_BLOCK, set, MemorySegment.NULL);
            if (rc != 0) {
                throw new IOException(Libc.strerror(rc));
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException(t);
        }
    }

    /**
     * Waits up to {@code timeoutMillis} for signals and returns the numbers of those read, in arrival order;
     * empty if none arrived (or the wait was interrupted by a signal the process handles).
     */
    int[] await(int timeoutMillis) throws IOException {
        pollFd.set(ValueLayout.JAVA_INT, 0, fd);
        pollFd.set(ValueLayout.JAVA_SHORT, 4, POLLIN);
        pollFd.set(ValueLayout.JAVA_SHORT, 6, (short) 0);
        try {
            int ready = (int) Libc.POLL.invokeExact(callState, pollFd, 1L, timeoutMillis);
            if (ready < 0) {
                int errno = Libc.errno(callState);
                if (errno == EINTR) {
                    return new int[0];
                }
                throw new IOException(Libc.strerror(errno));
            }
            if (ready == 0) {
                return new int[0];
            }
            long bytes = (long) Libc.READ.invokeExact(callState, fd, buffer, buffer.byteSize());
            if (bytes < 0) {
                int errno = Libc.errno(callState);
                if (errno == EINTR || errno == EAGAIN) {
                    return new int[0];
                }
                throw new IOException(Libc.strerror(errno));
            }
            return decode(buffer, bytes);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException(t);
        }
    }

    /** The {@code ssi_signo} of each whole 128-byte record in the first {@code bytes} of {@code records}. */
    static int[] decode(MemorySegment records, long bytes) {
        int count = (int) (bytes / SIGINFO_SIZE);
        int[] signals = new int[count];
        for (int i = 0; i < count; i++) {
            signals[i] = records.get(ValueLayout.JAVA_INT, (long) i * SIGINFO_SIZE);
        }
        return signals;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            int ignored = (int) Libc.CLOSE.invokeExact(fd);
        } catch (Throwable t) {
            // nothing useful to do: the descriptor is close-on-exec and dies with the process
        } finally {
            arena.close();
        }
    }

    private static MemorySegment sigset(Arena arena, Collection<ProcSignal> signals) throws Throwable {
        MemorySegment set = arena.allocate(SIGSET_SIZE, 8);
        int rc = (int) Libc.SIGEMPTYSET.invokeExact(set);
        for (ProcSignal signal : signals) {
            rc |= (int) Libc.SIGADDSET.invokeExact(set, signal.number());
        }
        if (rc != 0) {
            throw new IOException("invalid signal set " + signals);
        }
        return set;
    }

    /** The libc functions used, bound once on first use (so decoding works without native access). */
    private static final class Libc {
        private static final Linker LINKER = Linker.nativeLinker();
        private static final SymbolLookup LIBC = LINKER.defaultLookup();
        private static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");
        static final MemoryLayout CALL_STATE = Linker.Option.captureStateLayout();
        private static final VarHandle ERRNO_HANDLE =
                CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

        static final MethodHandle SIGEMPTYSET = bind("sigemptyset",
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
        static final MethodHandle SIGADDSET = bind("sigaddset",
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
        static final MethodHandle PTHREAD_SIGMASK = bind("pthread_sigmask",
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                        ValueLayout.ADDRESS));
        static final MethodHandle SIGNALFD = bind("signalfd",
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                        ValueLayout.JAVA_INT), ERRNO);
        static final MethodHandle POLL = bind("poll",
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG,
                        ValueLayout.JAVA_INT), ERRNO);
        static final MethodHandle READ = bind("read",
                FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                        ValueLayout.JAVA_LONG), ERRNO);
        static final MethodHandle CLOSE = bind("close",
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        static final MethodHandle STRERROR = bind("strerror",
                FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT));

        private static MethodHandle bind(String name, FunctionDescriptor descriptor, Linker.Option... options) {
            MemorySegment symbol = LIBC.find(name)
                    .orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name + "()"));
            return LINKER.downcallHandle(symbol, descriptor, options);
        }

        static int errno(MemorySegment callState) {
            return (int) ERRNO_HANDLE.get(callState, 0L);
        }

        /** strerror()'s text, as PostgreSQL's {@code %m} prints it. */
        static String strerror(int errno) {
            try {
                MemorySegment text = (MemorySegment) STRERROR.invokeExact(errno);
                return text.reinterpret(1024).getString(0);
            } catch (Throwable t) {
                return "errno " + errno;
            }
        }
    }
}
