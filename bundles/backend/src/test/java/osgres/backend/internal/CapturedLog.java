package osgres.backend.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.helpers.MarkerIgnoringBase;

/** The server log as the tests see it: every line, in order (see org.slf4j.impl.StaticLoggerBinder). */
public final class CapturedLog {
    private static final List<String> LINES = new CopyOnWriteArrayList<>();
    public static final org.slf4j.Logger LOGGER = new CapturingLogger();

    private CapturedLog() {
    }

    static List<String> lines() {
        return List.copyOf(LINES);
    }

    /** Waits (with a deadline, polling) for a line containing {@code text}. */
    static boolean awaitLine(String text, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (contains(text)) {
                return true;
            }
            LockSupport.parkNanos(5_000_000);
        }
        return contains(text);
    }

    static boolean contains(String text) {
        return LINES.stream().anyMatch(line -> line.contains(text));
    }

    private static final class CapturingLogger extends MarkerIgnoringBase {
        private static final long serialVersionUID = 1L;

        private void add(String message) {
            LINES.add(message);
        }

        @Override public boolean isTraceEnabled() { return false; }
        @Override public void trace(String msg) { }
        @Override public void trace(String format, Object arg) { }
        @Override public void trace(String format, Object arg1, Object arg2) { }
        @Override public void trace(String format, Object... arguments) { }
        @Override public void trace(String msg, Throwable t) { }
        @Override public boolean isDebugEnabled() { return false; }
        @Override public void debug(String msg) { }
        @Override public void debug(String format, Object arg) { }
        @Override public void debug(String format, Object arg1, Object arg2) { }
        @Override public void debug(String format, Object... arguments) { }
        @Override public void debug(String msg, Throwable t) { }
        @Override public boolean isInfoEnabled() { return true; }
        @Override public void info(String msg) { add(msg); }
        @Override public void info(String format, Object arg) { add(format); }
        @Override public void info(String format, Object arg1, Object arg2) { add(format); }
        @Override public void info(String format, Object... arguments) { add(format); }
        @Override public void info(String msg, Throwable t) { add(msg); }
        @Override public boolean isWarnEnabled() { return true; }
        @Override public void warn(String msg) { add(msg); }
        @Override public void warn(String format, Object arg) { add(format); }
        @Override public void warn(String format, Object... arguments) { add(format); }
        @Override public void warn(String format, Object arg1, Object arg2) { add(format); }
        @Override public void warn(String msg, Throwable t) { add(msg); }
        @Override public boolean isErrorEnabled() { return true; }
        @Override public void error(String msg) { add(msg); }
        @Override public void error(String format, Object arg) { add(format); }
        @Override public void error(String format, Object arg1, Object arg2) { add(format); }
        @Override public void error(String format, Object... arguments) { add(format); }
        @Override public void error(String msg, Throwable t) { add(msg); }
    }
}
