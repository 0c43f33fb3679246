package osgres.storage.internal.engine;

import java.nio.file.Path;
import java.util.List;

import osgres.storage.ColumnDef;
import osgres.storage.IsolationLevel;
import osgres.storage.Transaction;
import osgres.storage.TypeOids;
import osgres.storage.internal.control.TestCluster;
import osgres.storage.internal.core.StorageCore;

/**
 * One server lifetime of the whole engine over a temp data directory: the real lower half (TestCluster) and the
 * upper half built as StorageComponent builds it, recovered as the startup process would. {@link #crash()} closes
 * the core without a shutdown checkpoint; a new EngineCluster over the same directory is the restart.
 */
final class EngineCluster implements AutoCloseable {
    static final int POSTGRES = 5;

    final StorageCore core;
    final StorageEngine engine;

    EngineCluster(Path dir, boolean initDb) {
        if (initDb) {
            TestCluster.initDb(dir);
        }
        core = TestCluster.open(dir);
        engine = new StorageEngine(core, dir, 1);
        core.recovery().recover();
    }

    Transaction begin() {
        Transaction tx = engine.begin(POSTGRES, IsolationLevel.READ_COMMITTED, false);
        tx.startStatement();
        return tx;
    }

    Transaction beginRepeatableRead() {
        Transaction tx = engine.begin(POSTGRES, IsolationLevel.REPEATABLE_READ, false);
        tx.startStatement();
        return tx;
    }

    static List<ColumnDef> accountColumns() {
        return List.of(new ColumnDef("aid", TypeOids.INT4, -1, true, null),
                new ColumnDef("bid", TypeOids.INT4, -1, false, null),
                new ColumnDef("abalance", TypeOids.INT4, -1, false, null),
                new ColumnDef("filler", TypeOids.BPCHAR, 88, false, null));
    }

    void crash() {
        engine.close();
        core.close();
    }

    @Override
    public void close() {
        engine.close();
        core.close();
    }
}
