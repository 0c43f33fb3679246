package osgres.startup.internal;


import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import osgres.api.AuxiliaryContext;
import osgres.api.AuxiliaryProcess;
import osgres.api.ChildKind;
import osgres.api.PgException;
import osgres.api.ProcessLatch;
import osgres.api.ProcSignal;
import osgres.api.ServerLog;
import osgres.api.SqlState;
import osgres.storage.AuxiliaryWork;
import osgres.storage.AuxiliaryWork.Recovery;

/**
 * The startup process, PostgreSQL's startup.c (StartupProcessMain -> StartupXLOG): brings the database to a
 * consistent state after a clean stop or a crash, then exits 0, which moves the postmaster to PM_RUN. The
 * work (pg_control, redo from the last checkpoint's redo point, PostgreSQL's log lines, the end-of-recovery
 * checkpoint) is the storage engine's {@link Recovery}; this class is the process around it.
 *
 * <p>Signals: PostgreSQL checks for TERM between WAL records and exits 1; {@link Recovery#recover()} offers no
 * such point, so a TERM or QUIT that arrives during redo lets recovery finish (redo is bounded by the WAL since
 * the last checkpoint) and the process then exits 0: after a shutdown request the postmaster treats 0 and 1
 * alike, and after a QUIT it handles the exit as a quickdie anyway. A TERM or QUIT that arrives before recovery
 * began ends the process with exit 1 without touching the data directory, as PostgreSQL's would at its first
 * check. In standby mode (standby.signal) recovery waits for the walreceiver's WAL: a TERM then ends it silently
 * (exit 1) and SIGUSR2 (the postmaster's relay of pg_ctl promote) promotes; recovery itself tells the postmaster
 * RECOVERY_STARTED, BEGIN_HOT_STANDBY and when it wants a walreceiver. Not done: archive recovery.
 */
@Component(name = "osgres.startup", service = AuxiliaryProcess.class)
public final class StartupProcess implements AuxiliaryProcess {
    static final String NAME = "startup";
    /** Never printed (a FATAL is the child's to log, and PostgreSQL exits silently here): it names exit 1. */
    static final String STOPPED_BEFORE_RECOVERY = "startup process stopped before recovery began";

    private final Recovery recovery;
    private final ProcessLatch latch = new ProcessLatch();

    /** Static, mandatory: recovery works on the shared-memory generation it was started for. */
    @Activate
    public StartupProcess(@Reference(name = "recovery") Recovery recovery) {
        this.recovery = recovery;
    }

    @Deactivate
    void deactivate() {
        latch.close();
    }

    @Override
    public ChildKind kind() {
        return ChildKind.STARTUP;
    }

    @Override
    public void signal(ProcSignal signal) {
        latch.signal(signal);
    }

    @Override
    public void run(AuxiliaryContext context) throws InterruptedException {
        latch.run(NAME, () -> {
            if (latch.stopRequested()) {
                throw PgException.fatal(SqlState.ADMIN_SHUTDOWN, STOPPED_BEFORE_RECOVERY);
            }
            try {
                recovery.recover(new AuxiliaryWork.StartupControl() {
                    @Override
                    public void notifyPostmaster(String reason) {
                        context.notifyPostmaster(reason);
                    }

                    @Override
                    public boolean stopRequested() {
                        return latch.stopRequested();
                    }

                    @Override
                    public boolean consumePromote() {
                        return latch.consume(ProcSignal.USR2);
                    }
                });
            } catch (PgException e) {
                // StartupXLOG's FATALs (a missing checkpoint, WAL ending before a backup's end...) go to the log
                // as PostgreSQL's startup process writes them; the exit code 1 then aborts the start. A standby
                // told to stop leaves silently, as PostgreSQL's startup process does on SIGTERM.
                if (!SqlState.ADMIN_SHUTDOWN.equals(e.sqlState())) {
                    ServerLog.log(e);
                }
                throw e;
            }
        });
    }
}
