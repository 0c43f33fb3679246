package osgres.autovacuum.internal;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import osgres.api.AuxiliaryContext;
import osgres.api.AuxiliaryProcess;
import osgres.api.ChildKind;
import osgres.api.PgException;
import osgres.api.ProcSignal;
import osgres.api.ServerLog;
import osgres.api.Severity;
import osgres.storage.AnalyzeResult;
import osgres.storage.MaintenanceCandidate;
import osgres.storage.MaintenanceOrigin;
import osgres.storage.Storage;
import osgres.storage.VacuumParams;
import osgres.storage.VacuumResult;

/**
 * One autovacuum worker child (autovacuum.c do_autovacuum): takes the database the launcher asked for, lists its
 * tables past their thresholds ({@link TableChoice}), and for each one no other worker holds, checks again with
 * fresh statistics and runs VACUUM and/or ANALYZE with SKIP_LOCKED and the cost-based delay, the cost limit shared
 * out among the running workers (autovac_balance_cost). A cancel (a lock waiter it blocks) ends that table's work
 * with {@code ERROR: canceling autovacuum task} and the worker goes on with the next table; TERM ends the worker.
 * Its {@code pg_stat_activity} row shows {@code autovacuum: VACUUM public.t} while it works.
 */
final class AutovacuumWorker implements AuxiliaryProcess {
    private final AutovacuumWorkerProcess component;
    private final AutovacuumShared shared;
    private final Storage storage;
    private volatile WorkerProc proc;
    private volatile ProcSignal early;

    AutovacuumWorker(AutovacuumWorkerProcess component, AutovacuumShared shared, Storage storage) {
        this.component = component;
        this.shared = shared;
        this.storage = storage;
    }

    @Override
    public ChildKind kind() {
        return ChildKind.AUTOVACUUM_WORKER;
    }

    /**
     * A stop signal is remembered first and then delivered if the worker runs: run() publishes its proc before it
     * reads the remembered signal, so one side always sees the other (no TERM lost between the two).
     */
    @Override
    public void signal(ProcSignal signal) {
        if (signal == ProcSignal.TERM || signal == ProcSignal.QUIT) {
            early = signal;
        }
        WorkerProc p = proc;
        if (p != null) {
            p.signal(signal);
        }
    }

    @Override
    public void run(AuxiliaryContext context) {
        WorkerProc p = new WorkerProc(context.pid(), Thread.currentThread());
        proc = p;
        if (early != null) {
            p.signal(early);
        }
        if (!component.started(this)) {
            component.ended(this);
            return;
        }
        Integer database = shared.claimStart(context.pid());
        try {
            if (database != null) {
                work(context, database, p);
            }
        } catch (PgException e) {
            if (!p.quitRequested()) {
                ServerLog.log(e);
            }
            throw e;
        } finally {
            if (database != null) {
                shared.workerExited(context.pid());
            }
            storage.backendExited(p);
            component.ended(this);
        }
    }

    private void work(AuxiliaryContext context, int database, WorkerProc p) {
        String databaseName = databaseName(database);
        if (databaseName == null) {
            return;
        }
        context.reportActivity(databaseName, "");
        for (MaintenanceCandidate listed : storage.maintenanceCandidates(database)) {
            p.checkInterrupts();
            AutovacuumConfig config = component.config();
            if (!TableChoice.of(listed, config).any() || !shared.claimTable(p.pid(), database, listed.relid())) {
                continue;
            }
            try {
                // table_recheck_autovac: another worker may have done it since the list was made
                Optional<MaintenanceCandidate> fresh = storage.maintenanceCandidates(database).stream()
                        .filter(t -> t.relid() == listed.relid()).findFirst();
                TableChoice choice = fresh.map(t -> TableChoice.of(t, config)).orElse(TableChoice.NOTHING);
                if (choice.any()) {
                    maintain(context, databaseName, database, fresh.get(), choice, config, p);
                }
            } finally {
                shared.releaseTable(p.pid());
                context.reportActivity(databaseName, "");
            }
        }
    }

    /** autovacuum_do_vac_analyze for one table; a cancel ends only this table's work. */
    private void maintain(AuxiliaryContext context, String databaseName, int database, MaintenanceCandidate table,
                          TableChoice choice, AutovacuumConfig config, WorkerProc p) {
        String qualified = table.schemaname() + "." + table.relname();
        String command = choice.vacuum() && choice.analyze() ? "VACUUM ANALYZE " : choice.vacuum() ? "VACUUM "
                : "ANALYZE ";
        String activity = "autovacuum: " + command + qualified;
        context.reportActivity(databaseName, activity);
        p.setQuery(activity);
        p.clearCancel();
        String doing = "vacuum";
        try {
            if (choice.vacuum()) {
                vacuum(databaseName, database, table, config, p);
            }
            if (choice.analyze()) {
                doing = "analyze";
                analyze(databaseName, database, table, config, p);
            }
        } catch (PgException e) {
            // PG_CATCH in do_autovacuum: an ERROR ends this table's work only (a cancel, a table dropped meanwhile)
            if (e.severity() != Severity.ERROR || p.stopRequested()) {
                throw e;
            }
            ServerLog.log(Severity.ERROR, e.getMessage(), null, null, "automatic " + doing + " of table \""
                    + databaseName + "." + qualified + "\"");
        } finally {
            p.setQuery("");
        }
    }

    private void vacuum(String databaseName, int database, MaintenanceCandidate table, AutovacuumConfig config,
                        WorkerProc p) {
        MaintenanceLog.Usage usage = MaintenanceLog.Usage.now();
        VacuumResult result = storage.vacuumTable(database, table.relid(), p, params(config, table));
        int logMinDuration = config.log_autovacuum_min_duration();
        if (result == null || logMinDuration < 0) {
            return;
        }
        if (result.skipped()) {
            ServerLog.log(Severity.LOG, MaintenanceLog.skipping("vacuum", table.relname()));
        } else if (usage.elapsedSeconds() * 1000 >= logMinDuration) {
            ServerLog.log(Severity.LOG, MaintenanceLog.vacuumReport(databaseName, result, usage));
        }
    }

    private void analyze(String databaseName, int database, MaintenanceCandidate table, AutovacuumConfig config,
                         WorkerProc p) {
        MaintenanceLog.Usage usage = MaintenanceLog.Usage.now();
        AnalyzeResult result = storage.analyzeTable(database, table.relid(), p, MaintenanceOrigin.AUTOVACUUM, true);
        int logMinDuration = config.log_autovacuum_min_duration();
        if (result == null || logMinDuration < 0) {
            return;
        }
        if (result.skipped()) {
            ServerLog.log(Severity.LOG, MaintenanceLog.skipping("analyze", table.relname()));
        } else if (usage.elapsedSeconds() * 1000 >= logMinDuration) {
            ServerLog.log(Severity.LOG, MaintenanceLog.analyzeReport(databaseName, result, usage));
        }
    }

    /**
     * The cost-based delay of an autovacuum worker: autovacuum_vacuum_cost_delay/limit (-1: the vacuum_* value),
     * the limit divided among the running workers as autovac_balance_cost does; the table's own parameters first.
     */
    private VacuumParams params(AutovacuumConfig config, MaintenanceCandidate table) {
        TableParameters p = new TableParameters(table.options());
        double delay = p.real("autovacuum_vacuum_cost_delay", config.autovacuum_vacuum_cost_delay() >= 0
                ? config.autovacuum_vacuum_cost_delay() : config.vacuum_cost_delay());
        int limit = p.integer("autovacuum_vacuum_cost_limit", config.autovacuum_vacuum_cost_limit() > 0
                ? config.autovacuum_vacuum_cost_limit() : config.vacuum_cost_limit());
        int share = Math.max(1, limit / shared.runningWorkers());
        return new VacuumParams(MaintenanceOrigin.AUTOVACUUM, true, delay, share, config.vacuum_cost_page_hit(),
                config.vacuum_cost_page_miss(), config.vacuum_cost_page_dirty());
    }

    private String databaseName(int oid) {
        List<String> names = storage.databaseNames();
        for (String name : names) {
            OptionalInt o = storage.databaseOid(name);
            if (o.isPresent() && o.getAsInt() == oid) {
                return name;
            }
        }
        return null;
    }
}
