package osgres.postmaster.internal;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

import osgres.api.BackendEnvironment;
import osgres.api.PgException;
import osgres.api.PostmasterControl;
import osgres.api.QuitReason;
import osgres.api.SslStatus;

/**
 * What a backend child sees of the postmaster: its pid and cancel key, the refusal decided at accept time,
 * the connection slots (PGPROC), the quit reason of a SIGQUIT, and where to report its activity for
 * {@code osgres:ps}. Called from the backend's own thread; touches only thread-safe state.
 */
final class BackendChildEnvironment implements BackendEnvironment {
    private final Child child;
    private final Optional<PgException> refusal;
    private final ConnectionSlots slots;
    private final ConnectionSlots walSenderSlots;
    private final Supplier<QuitReason> quitReason;
    private final PostmasterControl control;

    BackendChildEnvironment(Child child, Optional<PgException> refusal, ConnectionSlots slots,
                            ConnectionSlots walSenderSlots, Supplier<QuitReason> quitReason,
                            PostmasterControl control) {
        this.child = child;
        this.refusal = refusal;
        this.slots = slots;
        this.walSenderSlots = walSenderSlots;
        this.quitReason = quitReason;
        this.control = control;
    }

    @Override
    public int pid() {
        return child.pid;
    }

    @Override
    public int cancelKey() {
        return child.cancelKey;
    }

    @Override
    public Optional<PgException> refusal() {
        return refusal;
    }

    @Override
    public void acquireConnectionSlot() {
        slots.acquire();
        child.holdsSlot = true;
    }

    @Override
    public void becomeWalSender() {
        walSenderSlots.acquire(Messages.tooManyWalSenders(walSenderSlots.capacity()));
        child.holdsWalSenderSlot = true;
        child.walSender = true;
        if (child.holdsSlot) {
            child.holdsSlot = false;
            slots.release();
        }
    }

    @Override
    public void checkReservedConnections(boolean superuser) {
        slots.checkReserved(superuser);
    }

    @Override
    public QuitReason quitReason() {
        return quitReason.get();
    }

    @Override
    public void reportSession(String user, String database, String applicationName) {
        child.user = user;
        child.database = database;
        child.application = applicationName == null ? "" : applicationName;
    }

    @Override
    public void reportSsl(SslStatus ssl) {
        child.ssl = ssl;
    }

    @Override
    public void reportActivity(String activityState, String query) {
        // pgstat_report_activity: a transaction starts with the first query after "idle" and ends when the
        // backend reports "idle" again; "idle in transaction" keeps it (the session reports after each command)
        Instant now = Instant.now();
        String previous = child.state;
        if ("active".equals(activityState)) {
            child.queryStart = now;
            if (child.xactStart == null || "idle".equals(previous) || "starting".equals(previous)) {
                child.xactStart = now;
            }
        } else if ("idle".equals(activityState)) {
            child.xactStart = null;
        }
        if (!activityState.equals(previous)) {
            child.stateChange = now;
        }
        child.state = activityState;
        if (query != null) {
            child.query = query;
        }
    }

    @Override
    public PostmasterControl postmaster() {
        return control;
    }
}
