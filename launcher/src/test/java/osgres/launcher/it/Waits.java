package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Statements run on other threads, for tests of waits: a statement that must still be waiting is given a window to
 * (wrongly) finish, since a negative check needs one; everything else waits on a deadline.
 */
final class Waits {
    /** How long a blocked statement is given to (wrongly) finish. */
    static final long BLOCKED_WINDOW_MS = 1000;
    static final long DEADLINE_S = 60;

    private Waits() {
    }

    interface SqlAction {
        void run() throws SQLException;
    }

    static Callable<Void> call(SqlAction action) {
        return () -> {
            action.run();
            return null;
        };
    }

    static void assertStillWaiting(Future<?> statement) {
        assertThatThrownBy(() -> statement.get(BLOCKED_WINDOW_MS, TimeUnit.MILLISECONDS))
                .as("the statement waits for the lock").isInstanceOf(TimeoutException.class);
    }

    /** The failure of a statement that must fail within the deadline. */
    static Throwable failureOf(Future<?> statement) throws InterruptedException, TimeoutException {
        try {
            statement.get(DEADLINE_S, TimeUnit.SECONDS);
            throw new AssertionError("expected the statement to fail");
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }
}
