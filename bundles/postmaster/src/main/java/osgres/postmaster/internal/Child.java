package osgres.postmaster.internal;

import java.time.Instant;

import osgres.api.AuxiliaryProcess;
import osgres.api.BackendSession;
import osgres.api.ChildInfo;
import osgres.api.ChildKind;
import osgres.api.ClientConnection;
import osgres.api.SslStatus;

/**
 * One entry of the postmaster's child table (BackendList plus the auxiliary pids of postmaster.c). The
 * postmaster's loop owns the table; the activity fields are written by the child's own thread and read by
 * {@code osgres:ps}, hence volatile.
 */
final class Child {
    final int pid;
    final ChildKind kind;
    final Instant started = Instant.now();
    /** A connection refused by state: served only to send the refusal, holds no slot (dead_end in PG). */
    final boolean deadEnd;
    final int cancelKey;
    final ClientConnection connection;
    /** The instance this child runs (signals go here); for most kinds the registered service itself. */
    final AuxiliaryProcess auxiliary;
    /** The registered service this child runs from: when it goes away, the child retires. */
    final AuxiliaryProcess service;

    volatile Thread thread;
    volatile BackendSession session;
    /** The postmaster sent it SIGQUIT: a normal return now counts as exit code 2, as quickdie's. */
    volatile boolean quitSent;
    /** Told to stop because its service went away (hot swap, restart): its exit is not judged. */
    volatile boolean retiring;
    /** Abandoned with SIGKILL: its thread may still run, but for the postmaster it is gone. */
    volatile boolean killed;
    volatile boolean holdsSlot;
    volatile boolean holdsWalSenderSlot;
    /** A backend that became a walsender: shown as one, and not waited for by a smart shutdown. */
    volatile boolean walSender;
    /** For an auxiliary process, the bundle and version it runs from (osgres:ps); else empty. */
    volatile String bundle = "";

    volatile String state = "starting";
    volatile String query = "";
    volatile String user = "";
    volatile String database = "";
    volatile String application = "";
    /** The backend's TLS connection, null without TLS. */
    volatile SslStatus ssl;
    /** pg_stat_activity's timestamps, written by the backend's thread with its activity reports. */
    volatile Instant xactStart;
    volatile Instant queryStart;
    volatile Instant stateChange;

    Child(int pid, ChildKind kind, boolean deadEnd, int cancelKey, ClientConnection connection,
          AuxiliaryProcess auxiliary) {
        this(pid, kind, deadEnd, cancelKey, connection, auxiliary, auxiliary);
    }

    Child(int pid, ChildKind kind, boolean deadEnd, int cancelKey, ClientConnection connection,
          AuxiliaryProcess auxiliary, AuxiliaryProcess service) {
        this.service = service;
        this.pid = pid;
        this.kind = kind;
        this.deadEnd = deadEnd;
        this.cancelKey = cancelKey;
        this.connection = connection;
        this.auxiliary = auxiliary;
    }

    boolean isBackend() {
        return kind == ChildKind.BACKEND;
    }

    ChildInfo info() {
        String client = connection == null ? "" : connection.local() ? "[local]"
                : connection.address().getHostAddress() + ":" + connection.remotePort();
        String shownState = kind == ChildKind.BACKEND || kind == ChildKind.AUTOVACUUM_WORKER ? state : "running";
        String address = connection == null || connection.local() ? null : connection.address().getHostAddress();
        Integer port = connection == null ? null : connection.local() ? -1 : connection.remotePort();
        return new ChildInfo(pid, walSender ? ChildKind.WALSENDER : kind, started, shownState, user, database, client, query, bundle, application,
                address, port, xactStart, queryStart, stateChange, ssl);
    }
}
