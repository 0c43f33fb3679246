package osgres.sql.internal.session;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import osgres.api.ChildInfo;
import osgres.api.ChildKind;
import osgres.api.PgException;
import osgres.api.PostmasterControl;
import osgres.api.ProcSignal;
import osgres.api.ServerStatus;
import osgres.api.ShutdownMode;
import osgres.api.SqlState;
import osgres.sql.Column;
import osgres.sql.ExecutionResult;
import osgres.sql.Interrupts;
import osgres.sql.Portal;
import osgres.sql.SessionSetup;
import osgres.sql.SqlSession;
import osgres.sql.Statement;

/** Plays the backend: a postmaster and interrupts to hand to the session, and a simple-Query loop. */
public final class FakeBackend implements PostmasterControl, Interrupts {
    static final int PID = 4242;
    final List<String> signals = new CopyOnWriteArrayList<>();
    final List<ChildInfo> children = new CopyOnWriteArrayList<>();
    volatile int reloads;
    volatile boolean cancelPending;
    volatile boolean terminatePending;
    private final Object wakeup = new Object();
    final FakeSettings settings = new FakeSettings();
    public final SqlSession session;
    final FakeStorage storage = new FakeStorage();

    public FakeBackend(boolean superuser) {
        this(superuser, null);
    }

    /** A session whose data directory (for temporary files) is {@code dataDirectory}. */
    public FakeBackend(boolean superuser, java.nio.file.Path dataDirectory) {
        if (dataDirectory != null) {
            settings.dataDirectory = dataDirectory;
        }
        children.add(new ChildInfo(PID, ChildKind.BACKEND, Instant.now(), "active", "alice", "db", "", ""));
        children.add(new ChildInfo(77, ChildKind.BACKEND, Instant.now(), "idle", "bob", "db", "", ""));
        children.add(new ChildInfo(5, ChildKind.CHECKPOINTER, Instant.now(), "running", "", "", "", ""));
        // the session's login role and the other backend's, as pg_authid has them
        storage.createRole(new osgres.storage.Role(0, "alice", superuser, true, superuser, superuser, true, false,
                false, -1, null, null));
        storage.createRole(osgres.storage.Role.withDefaults("bob"));
        SqlEngineComponent engine = new SqlEngineComponent(settings);
        engine.bindStorage(storage);
        session = engine.openSession(
                new SessionSetup(PID, "alice", "db", superuser, this, this, null));
    }

    /** The outcome of a simple Query, as the client would see it. */
    public record Result(List<String> tags, List<List<Column>> columns, List<List<String>> rows, PgException error,
                  List<PgException> notices, char status) {
        String value() {
            return rows.getFirst().getFirst();
        }

        List<String> columnNames() {
            return columns.getLast().stream().map(Column::name).toList();
        }
    }

    public Result query(String sql) {
        List<String> tags = new ArrayList<>();
        List<List<Column>> columns = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        PgException error = null;
        try {
            for (Statement statement : session.parseSimple(sql)) {
                Portal portal = session.bind(statement, List.of(), new short[0], new short[0]);
                columns.add(portal.columns());
                ExecutionResult r = portal.execute(0, values -> rows.add(text(values)));
                tags.add(r.commandTag());
                portal.close();
            }
        } catch (PgException e) {
            error = e;
        }
        session.sync();
        return new Result(tags, columns, rows, error, session.takeNotices(), session.transactionStatus());
    }

    static List<String> text(byte[][] values) {
        List<String> out = new ArrayList<>();
        for (byte[] v : values) {
            out.add(v == null ? null : new String(v, StandardCharsets.UTF_8));
        }
        return out;
    }

    // ---- Interrupts

    @Override
    public void check() {
        if (terminatePending) {
            throw PgException.fatal(SqlState.ADMIN_SHUTDOWN, "terminating connection due to administrator command");
        }
        if (cancelPending) {
            cancelPending = false;
            throw PgException.error(SqlState.QUERY_CANCELED, "canceling statement due to user request");
        }
    }

    @Override
    public void sleep(long nanos) {
        synchronized (wakeup) {
            if (cancelPending || terminatePending) {
                return;
            }
            try {
                wakeup.wait(Math.max(1, nanos / 1_000_000), 0);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    void cancel() {
        synchronized (wakeup) {
            cancelPending = true;
            wakeup.notifyAll();
        }
    }

    // ---- PostmasterControl

    @Override
    public void requestShutdown(ShutdownMode mode) {
    }

    @Override
    public void requestReload() {
        reloads++;
    }

    @Override
    public void requestUsr1() {
    }

    @Override
    public boolean signalChild(int pid, ProcSignal signal) {
        boolean known = children.stream().anyMatch(c -> c.pid() == pid);
        if (known) {
            signals.add(signal + " " + pid);
            if (pid == PID && signal == ProcSignal.INT) {
                cancel();
            }
        }
        return known;
    }

    @Override
    public void cancelRequest(int pid, int cancelKey) {
    }

    @Override
    public boolean restartAuxiliary(ChildKind kind) {
        return false;
    }

    @Override
    public ServerStatus status() {
        return null;
    }

    @Override
    public List<ChildInfo> children() {
        return children;
    }
}
