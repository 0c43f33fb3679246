package osgres.shell.internal;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import osgres.api.ChildInfo;
import osgres.api.ChildKind;
import osgres.api.PmState;
import osgres.api.PostmasterControl;
import osgres.api.ProcSignal;
import osgres.api.ServerStatus;
import osgres.api.ShutdownMode;

/** A postmaster with a fixed child table that records every request as a short text. */
final class FakePostmaster implements PostmasterControl {
    static final long PID = 4000;
    static final Instant STARTED = Instant.parse("2026-11-24T10:00:00Z");

    final List<String> requests = new CopyOnWriteArrayList<>();
    final List<ChildInfo> children = List.of(
            new ChildInfo(4003, ChildKind.BACKEND, Instant.parse("2026-11-24T10:05:00Z"), "active", "alice",
                    "postgres", "127.0.0.1:43210", "SELECT abalance\n  FROM pgbench_accounts WHERE aid = 1"),
            new ChildInfo(4001, ChildKind.CHECKPOINTER, STARTED, "running", "", "", "", "",
                    "osgres.checkpointer 0.1.2"));
    Set<ChildKind> running = Set.of(ChildKind.CHECKPOINTER);

    @Override
    public void requestShutdown(ShutdownMode mode) {
        requests.add("shutdown " + mode);
    }

    @Override
    public void requestReload() {
        requests.add("reload");
    }

    @Override
    public void requestUsr1() {
        requests.add("usr1");
    }

    @Override
    public boolean signalChild(int pid, ProcSignal signal) {
        if (children.stream().noneMatch(c -> c.pid() == pid)) {
            return false;
        }
        requests.add("signal " + signal + " " + pid);
        return true;
    }

    @Override
    public void cancelRequest(int pid, int cancelKey) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean restartAuxiliary(ChildKind kind) {
        if (!running.contains(kind)) {
            return false;
        }
        requests.add("restart " + kind);
        return true;
    }

    @Override
    public ServerStatus status() {
        return new ServerStatus(PmState.RUN, null, PID, Path.of("/srv/pgdata"), STARTED, 5432,
                List.of("127.0.0.1", "::1"), List.of("/tmp/.s.PGSQL.5432"), 1, children);
    }

    @Override
    public List<ChildInfo> children() {
        return children;
    }
}
