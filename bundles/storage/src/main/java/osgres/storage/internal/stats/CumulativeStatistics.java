package osgres.storage.internal.stats;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

import osgres.storage.ArchiverStatistics;
import osgres.storage.BgWriterStatistics;
import osgres.storage.DatabaseStatistics;
import osgres.storage.MaintenanceOrigin;
import osgres.storage.TableStatistics;
import osgres.storage.WalStatistics;

/**
 * The cumulative statistics system of one shared-memory generation (PostgreSQL 15's pgstat.c with
 * pgstat_relation.c, pgstat_database.c, pgstat_bgwriter.c and pgstat_checkpointer.c): per-table, per-database and
 * bgwriter/checkpointer, WAL (pgstat_wal.c) and archiver (pgstat_archiver.c) counters that the processes add to
 * where they do the work, read by the statistics views
 * through {@code Storage}. A crash reset starts a new generation and with it empty counters, as PostgreSQL discards
 * its statistics after a crash; a clean shutdown writes them to {@code pg_stat/pgstat.stat}, read back and
 * removed by the next startup (so a later crash cannot bring back stale numbers); the checkpointer and the startup
 * process decide when, and log what fails ({@code StatisticsFile}).
 *
 * <p>Counting rules (pgstat_relation.c): {@code n_tup_*} count attempted changes, committed or not. At commit
 * live += ins - del, dead += upd + del, mod_since_analyze += ins + upd + del; at abort dead += ins + upd;
 * ins_since_vacuum += ins either way. Backends keep a transaction's counts privately ({@link TransactionCounts})
 * and add them here once, at its end; scans add to contention-free adders directly.
 *
 * <p>File layout ({@code pg_stat/pgstat.stat}, big-endian, written to a temporary name and renamed):
 * <pre>
 *   int   magic 0x0F57A715
 *   long  x10  bgwriter counters (timed, req, buffers_checkpoint, clean, maxwritten, backend, backend_fsync, alloc,
 *              write time ms as double bits, sync time ms as double bits),
 *   long  bgwriter reset, microseconds since 1970 (-1 none)
 *   long  x6  WAL counters (records, fpi, bytes, buffers_full, write, sync), write and sync time ms as double
 *             bits, WAL reset in microseconds (-1 none)
 *   int   database count, then per database: int oid, long x8 (commit, rollback, ins, upd, del, deadlocks,
 *         blocks read, blocks hit),
 *         long reset in microseconds (-1 none)
 *   int   table count, then per table: int database, int relation, long x16 adders in TableCounters order,
 *         long x4 last_* in microseconds (-1 none)
 *   long  archived_count, UTF last_archived_wal ("" none), long its time, long failed_count, UTF last_failed_wal,
 *         long its time, long archiver reset (times in microseconds, -1 none); absent in older files
 * </pre>
 * Not kept: per-function statistics, I/O timings, sessions, temporary files, the one-second flush delay (counts
 * are visible at commit).
 */
public final class CumulativeStatistics {
    public static final String DIRECTORY = "pg_stat";
    public static final String FILE = "pgstat.stat";
    private static final int MAGIC = 0x0F57A716;

    /** PgStat_StatDBEntry, the part osgres counts. */
    static final class DatabaseCounters {
        final LongAdder commit = new LongAdder();
        final LongAdder rollback = new LongAdder();
        final LongAdder inserted = new LongAdder();
        final LongAdder updated = new LongAdder();
        final LongAdder deleted = new LongAdder();
        final LongAdder deadlocks = new LongAdder();
        final LongAdder blocksRead = new LongAdder();
        final LongAdder blocksHit = new LongAdder();
        volatile Instant reset;

        LongAdder[] adders() {
            return new LongAdder[] {commit, rollback, inserted, updated, deleted, deadlocks, blocksRead, blocksHit};
        }
    }

    private final Map<Integer, Map<Integer, TableCounters>> tables = new ConcurrentHashMap<>();
    private final Map<Integer, DatabaseCounters> databases = new ConcurrentHashMap<>();
    /** Moves after every replacement or removal of an entry of {@link #databases}. */
    private volatile long databasesReplaced;
    private volatile DatabaseSlot lastDatabase;

    private final LongAdder checkpointsTimed = new LongAdder();
    private final LongAdder checkpointsReq = new LongAdder();
    private final LongAdder buffersCheckpoint = new LongAdder();
    private final LongAdder buffersClean = new LongAdder();
    private final LongAdder maxwrittenClean = new LongAdder();
    private final LongAdder buffersBackend = new LongAdder();
    private final LongAdder buffersBackendFsync = new LongAdder();
    private final LongAdder buffersAlloc = new LongAdder();
    private final DoubleAdder checkpointWriteTime = new DoubleAdder();
    private final DoubleAdder checkpointSyncTime = new DoubleAdder();
    private volatile Instant bgwriterReset = now();

    private final LongAdder walRecords = new LongAdder();
    private final LongAdder walFpi = new LongAdder();
    private final LongAdder walBytes = new LongAdder();
    private final LongAdder walBuffersFull = new LongAdder();
    private final LongAdder walWrite = new LongAdder();
    private final LongAdder walSync = new LongAdder();
    private final DoubleAdder walWriteTime = new DoubleAdder();
    private final DoubleAdder walSyncTime = new DoubleAdder();
    private volatile Instant walReset = now();

    /** pg_stat_archiver (pgstat_archiver.c): one archiver reports, so a lock-free snapshot record suffices. */
    private final java.util.concurrent.atomic.AtomicReference<ArchiverStatistics> archiver =
            new java.util.concurrent.atomic.AtomicReference<>(new ArchiverStatistics(0, null, null, 0, null, null,
                    now()));

    // ---- counting: tables and databases -------------------------------------------------------------------

    private TableCounters table(int database, int relation) {
        return tables.computeIfAbsent(database, k -> new ConcurrentHashMap<>())
                .computeIfAbsent(relation, k -> new TableCounters());
    }

    /**
     * The counters of {@code database}. Every buffer access counts here, so the last database's counters are kept
     * at hand (the map lookup was a tenth of a pgbench -S transaction's CPU); {@link #databasesReplaced} moves
     * whenever the map's entries are replaced or removed, which makes a kept slot stale.
     */
    private DatabaseCounters database(int database) {
        DatabaseSlot slot = lastDatabase;
        long replaced = databasesReplaced;
        if (slot != null && slot.oid == database && slot.replaced == replaced) {
            return slot.counters;
        }
        DatabaseCounters counters = databases.computeIfAbsent(database, k -> new DatabaseCounters());
        lastDatabase = new DatabaseSlot(database, replaced, counters);
        return counters;
    }

    private record DatabaseSlot(int oid, long replaced, DatabaseCounters counters) {
    }

    /** A sequential scan starts; returns the adder its returned rows go to (seq_tup_read). */
    public LongAdder seqScanStarted(int database, int relation) {
        TableCounters t = table(database, relation);
        t.seqScan.increment();
        return t.seqTupRead;
    }

    /** An index scan starts; returns the adder its fetched rows go to (idx_tup_fetch). */
    public LongAdder indexScanStarted(int database, int relation) {
        TableCounters t = table(database, relation);
        t.idxScan.increment();
        return t.idxTupFetch;
    }

    /** AtEOXact_PgStat: a transaction of {@code database} ended; {@code counts} may be null (nothing written). */
    public void transactionEnded(int database, TransactionCounts counts, boolean committed) {
        DatabaseCounters db = database(database);
        (committed ? db.commit : db.rollback).increment();
        if (counts == null) {
            return;
        }
        counts.tables.forEach((relation, c) -> {
            long ins = c[0];
            long upd = c[1];
            long del = c[2];
            TableCounters t = table(database, relation);
            t.tupIns.add(ins);
            t.tupUpd.add(upd);
            t.tupDel.add(del);
            t.tupHotUpd.add(c[3]);
            t.insSinceVacuum.add(ins);
            if (committed) {
                t.live.add(ins - del);
                t.dead.add(upd + del);
                t.modSinceAnalyze.add(ins + upd + del);
            } else {
                t.dead.add(ins + upd);
            }
            db.inserted.add(ins);
            db.updated.add(upd);
            db.deleted.add(del);
        });
        counts.aborted.forEach((relation, c) -> {
            TableCounters t = table(database, relation);
            t.tupIns.add(c[0]);
            t.tupUpd.add(c[1]);
            t.tupDel.add(c[2]);
            t.tupHotUpd.add(c[3]);
            t.insSinceVacuum.add(c[0]);
            t.dead.add(c[0] + c[1]);
            db.inserted.add(c[0]);
            db.updated.add(c[1]);
            db.deleted.add(c[2]);
        });
    }

    /** DROP TABLE committed: its counters are forgotten (and not written to the stats file). */
    public void tableDropped(int database, int relation) {
        Map<Integer, TableCounters> counted = tables.get(database);
        if (counted != null) {
            counted.remove(relation);
        }
    }

    /** pgstat_report_vacuum: VACUUM counted {@code live} and left {@code dead} tuples it could not remove. */
    public void vacuumed(int database, int relation, long live, long dead, MaintenanceOrigin origin) {
        TableCounters t = table(database, relation);
        TableCounters.set(t.live, live);
        TableCounters.set(t.dead, dead);
        t.insSinceVacuum.reset();
        Instant now = now();
        if (origin == MaintenanceOrigin.AUTOVACUUM) {
            t.lastAutovacuum = now;
            t.autovacuumCount.increment();
        } else {
            t.lastVacuum = now;
            t.vacuumCount.increment();
        }
    }

    /** pgstat_report_analyze: ANALYZE counted {@code live} visible rows. */
    public void analyzed(int database, int relation, long live, MaintenanceOrigin origin) {
        TableCounters t = table(database, relation);
        TableCounters.set(t.live, live);
        t.modSinceAnalyze.reset();
        Instant now = now();
        if (origin == MaintenanceOrigin.AUTOVACUUM) {
            t.lastAutoanalyze = now;
            t.autoanalyzeCount.increment();
        } else {
            t.lastAnalyze = now;
            t.analyzeCount.increment();
        }
    }

    /** A buffer of {@code database} was looked up: found in shared buffers ({@code hit}) or read (or added). */
    public void blockAccessed(int database, boolean hit) {
        DatabaseCounters d = database(database);
        (hit ? d.blocksHit : d.blocksRead).increment();
    }

    /** A lock wait of a backend of {@code database} ended in a deadlock error. */
    public void deadlock(int database) {
        database(database).deadlocks.increment();
    }

    // ---- counting: checkpointer, bgwriter, buffer manager ---------------------------------------------------

    /** A checkpoint cycle of the checkpointer began: timed (its timeout fired) or requested. */
    public void checkpointStarted(boolean timed) {
        (timed ? checkpointsTimed : checkpointsReq).increment();
    }

    public void checkpointWrote(int buffers, double writeMillis, double syncMillis) {
        buffersCheckpoint.add(buffers);
        checkpointWriteTime.add(writeMillis);
        checkpointSyncTime.add(syncMillis);
    }

    /** The bgwriter's cleaning scan wrote {@code written} buffers; it stopped at its limit when {@code atLimit}. */
    public void bufferCleaningDone(int written, boolean atLimit) {
        buffersClean.add(written);
        if (atLimit) {
            maxwrittenClean.increment();
        }
    }

    /** A backend wrote a dirty victim itself. */
    public void backendWroteBuffer() {
        buffersBackend.increment();
    }

    public void bufferAllocated() {
        buffersAlloc.increment();
    }

    // ---- counting: WAL -----------------------------------------------------------------------------------

    /** XLogInsertRecord: a record of {@code bytes} with {@code images} full-page images was inserted. */
    public void walRecordInserted(long bytes, int images) {
        walRecords.increment();
        walBytes.add(bytes);
        if (images > 0) {
            walFpi.add(images);
        }
    }

    /** AdvanceXLInsertBuffer: an inserter found the WAL buffers full and wrote some out itself. */
    public void walBuffersFull() {
        walBuffersFull.increment();
    }

    /** XLogWrite wrote WAL buffers to a segment (the time in ms only with track_wal_io_timing, else 0). */
    public void walWritten(double millis) {
        walWrite.increment();
        walWriteTime.add(millis);
    }

    /** issue_xlog_fsync synced {@code segments} segment files (the time only with track_wal_io_timing). */
    public void walSynced(int segments, double millis) {
        walSync.add(segments);
        walSyncTime.add(millis);
    }

    // ---- resets -------------------------------------------------------------------------------------------

    /** pg_stat_reset(): the current database's counters and its tables'. */
    public void resetDatabase(int database) {
        tables.remove(database);
        DatabaseCounters fresh = new DatabaseCounters();
        fresh.reset = now();
        databases.put(database, fresh);
        databasesReplaced++;
    }

    /** pg_stat_reset_shared('bgwriter'). */
    public void resetBgWriter() {
        for (LongAdder a : new LongAdder[] {checkpointsTimed, checkpointsReq, buffersCheckpoint, buffersClean,
            maxwrittenClean, buffersBackend, buffersBackendFsync, buffersAlloc}) {
            a.reset();
        }
        checkpointWriteTime.reset();
        checkpointSyncTime.reset();
        bgwriterReset = now();
    }

    /** pg_stat_reset_shared('wal'). */
    public void resetWal() {
        for (LongAdder a : walAdders()) {
            a.reset();
        }
        walWriteTime.reset();
        walSyncTime.reset();
        walReset = now();
    }

    private LongAdder[] walAdders() {
        return new LongAdder[] {walRecords, walFpi, walBytes, walBuffersFull, walWrite, walSync};
    }

    // ---- reading ------------------------------------------------------------------------------------------

    /** A table the catalog lists, for {@link #tableStatistics}. */
    public record TableName(int oid, String schema, String name) {
    }

    /** One row per listed table, zeros for a table nothing counted yet (as pg_stat_all_tables shows them). */
    public List<TableStatistics> tableStatistics(int database, List<TableName> listed) {
        Map<Integer, TableCounters> counted = tables.getOrDefault(database, Map.of());
        TableCounters none = new TableCounters();
        return listed.stream().map(n -> {
            TableCounters t = counted.getOrDefault(n.oid(), none);
            return new TableStatistics(n.oid(), n.schema(), n.name(), t.seqScan.sum(), t.seqTupRead.sum(),
                    t.idxScan.sum(), t.idxTupFetch.sum(), t.tupIns.sum(), t.tupUpd.sum(), t.tupDel.sum(),
                    t.tupHotUpd.sum(), Math.max(0, t.live.sum()), Math.max(0, t.dead.sum()),
                    t.modSinceAnalyze.sum(), t.insSinceVacuum.sum(), t.lastVacuum, t.lastAutovacuum,
                    t.lastAnalyze, t.lastAutoanalyze, t.vacuumCount.sum(), t.autovacuumCount.sum(),
                    t.analyzeCount.sum(), t.autoanalyzeCount.sum());
        }).toList();
    }

    public DatabaseStatistics databaseStatistics(int database, String name) {
        DatabaseCounters d = databases.getOrDefault(database, new DatabaseCounters());
        return new DatabaseStatistics(database, name, d.commit.sum(), d.rollback.sum(), d.blocksRead.sum(),
                d.blocksHit.sum(), d.inserted.sum(), d.updated.sum(), d.deleted.sum(), d.deadlocks.sum(), d.reset);
    }

    public BgWriterStatistics bgWriterStatistics() {
        return new BgWriterStatistics(checkpointsTimed.sum(), checkpointsReq.sum(), checkpointWriteTime.sum(),
                checkpointSyncTime.sum(), buffersCheckpoint.sum(), buffersClean.sum(), maxwrittenClean.sum(),
                buffersBackend.sum(), buffersBackendFsync.sum(), buffersAlloc.sum(), bgwriterReset);
    }

    /** pgstat_report_archiver: {@code fileName} was archived ({@code failed} false) or an attempt failed. */
    public void archiverReported(String fileName, boolean failed) {
        Instant at = now();
        archiver.updateAndGet(a -> failed
                ? new ArchiverStatistics(a.archivedCount(), a.lastArchivedWal(), a.lastArchivedTime(),
                        a.failedCount() + 1, fileName, at, a.statsReset())
                : new ArchiverStatistics(a.archivedCount() + 1, fileName, at, a.failedCount(), a.lastFailedWal(),
                        a.lastFailedTime(), a.statsReset()));
    }

    public ArchiverStatistics archiverStatistics() {
        return archiver.get();
    }

    /** pg_stat_reset_shared('archiver'). */
    public void resetArchiver() {
        archiver.set(new ArchiverStatistics(0, null, null, 0, null, null, now()));
    }

    public WalStatistics walStatistics() {
        return new WalStatistics(walRecords.sum(), walFpi.sum(), BigInteger.valueOf(walBytes.sum()),
                walBuffersFull.sum(), walWrite.sum(), walSync.sum(), walWriteTime.sum(), walSyncTime.sum(), walReset);
    }

    // ---- the stats file -----------------------------------------------------------------------------------

    /** {@code pg_stat/pgstat.stat} of a data directory. */
    public static Path file(Path dataDirectory) {
        return dataDirectory.resolve(DIRECTORY).resolve(FILE);
    }

    /** pgstat_write_statsfile, at the shutdown checkpoint: a temporary file renamed over the permanent one. */
    public void write(Path dataDirectory) throws IOException {
        Path dir = dataDirectory.resolve(DIRECTORY);
        Path tmp = dir.resolve(FILE + ".tmp");
        Files.createDirectories(dir);
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
            out.writeInt(MAGIC);
            for (LongAdder a : new LongAdder[] {checkpointsTimed, checkpointsReq, buffersCheckpoint,
                buffersClean, maxwrittenClean, buffersBackend, buffersBackendFsync, buffersAlloc}) {
                out.writeLong(a.sum());
            }
            out.writeLong(Double.doubleToLongBits(checkpointWriteTime.sum()));
            out.writeLong(Double.doubleToLongBits(checkpointSyncTime.sum()));
            out.writeLong(epochMicros(bgwriterReset));
            for (LongAdder a : walAdders()) {
                out.writeLong(a.sum());
            }
            out.writeLong(Double.doubleToLongBits(walWriteTime.sum()));
            out.writeLong(Double.doubleToLongBits(walSyncTime.sum()));
            out.writeLong(epochMicros(walReset));
            out.writeInt(databases.size());
            for (Map.Entry<Integer, DatabaseCounters> e : databases.entrySet()) {
                out.writeInt(e.getKey());
                for (LongAdder a : e.getValue().adders()) {
                    out.writeLong(a.sum());
                }
                out.writeLong(epochMicros(e.getValue().reset));
            }
            int count = tables.values().stream().mapToInt(Map::size).sum();
            out.writeInt(count);
            for (Map.Entry<Integer, Map<Integer, TableCounters>> db : tables.entrySet()) {
                for (Map.Entry<Integer, TableCounters> t : db.getValue().entrySet()) {
                    out.writeInt(db.getKey());
                    out.writeInt(t.getKey());
                    for (LongAdder a : t.getValue().adders()) {
                        out.writeLong(a.sum());
                    }
                    for (Instant i : t.getValue().times()) {
                        out.writeLong(epochMicros(i));
                    }
                }
            }
            ArchiverStatistics a = archiver.get();
            out.writeLong(a.archivedCount());
            out.writeUTF(a.lastArchivedWal() == null ? "" : a.lastArchivedWal());
            out.writeLong(epochMicros(a.lastArchivedTime()));
            out.writeLong(a.failedCount());
            out.writeUTF(a.lastFailedWal() == null ? "" : a.lastFailedWal());
            out.writeLong(epochMicros(a.lastFailedTime()));
            out.writeLong(epochMicros(a.statsReset()));
        }
        Files.move(tmp, file(dataDirectory), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * pgstat_read_statsfile: loads what a clean shutdown wrote (nothing if there is no file). A damaged file
     * leaves every counter at zero and throws; the caller removes the file either way.
     */
    public void read(Path dataDirectory) throws IOException {
        try {
            readFile(file(dataDirectory));
        } catch (NoSuchFileException e) {
            // never written (first start, or the previous run did not end cleanly): start from zero
        } catch (IOException | RuntimeException e) {
            tables.clear();
            databases.clear();
            databasesReplaced++;
            resetBgWriter();
            resetWal();
            resetArchiver();
            throw e instanceof IOException io ? io : new IOException(e);
        }
    }

    private void readFile(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            if (in.readInt() != MAGIC) {
                throw new IOException("bad magic");
            }
            for (LongAdder a : new LongAdder[] {checkpointsTimed, checkpointsReq, buffersCheckpoint, buffersClean,
                maxwrittenClean, buffersBackend, buffersBackendFsync, buffersAlloc}) {
                TableCounters.set(a, in.readLong());
            }
            checkpointWriteTime.reset();
            checkpointWriteTime.add(Double.longBitsToDouble(in.readLong()));
            checkpointSyncTime.reset();
            checkpointSyncTime.add(Double.longBitsToDouble(in.readLong()));
            bgwriterReset = instant(in.readLong());
            for (LongAdder a : walAdders()) {
                TableCounters.set(a, in.readLong());
            }
            walWriteTime.reset();
            walWriteTime.add(Double.longBitsToDouble(in.readLong()));
            walSyncTime.reset();
            walSyncTime.add(Double.longBitsToDouble(in.readLong()));
            walReset = instant(in.readLong());
            int dbs = in.readInt();
            for (int i = 0; i < dbs; i++) {
                DatabaseCounters d = database(in.readInt());
                for (LongAdder a : d.adders()) {
                    TableCounters.set(a, in.readLong());
                }
                d.reset = instant(in.readLong());
            }
            int count = in.readInt();
            for (int i = 0; i < count; i++) {
                TableCounters t = table(in.readInt(), in.readInt());
                for (LongAdder a : t.adders()) {
                    TableCounters.set(a, in.readLong());
                }
                Instant[] times = new Instant[4];
                for (int k = 0; k < times.length; k++) {
                    times[k] = instant(in.readLong());
                }
                t.setTimes(times);
            }
            if (in.available() > 0) { // a file written before the archiver's section existed ends here
                long archived = in.readLong();
                String lastArchived = in.readUTF();
                Instant archivedAt = instant(in.readLong());
                long failed = in.readLong();
                String lastFailed = in.readUTF();
                Instant failedAt = instant(in.readLong());
                archiver.set(new ArchiverStatistics(archived, lastArchived.isEmpty() ? null : lastArchived,
                        archivedAt, failed, lastFailed.isEmpty() ? null : lastFailed, failedAt,
                        instant(in.readLong())));
            }
        }
    }

    /** GetCurrentTimestamp: PostgreSQL's timestamps have microseconds. */
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    private static long epochMicros(Instant i) {
        return i == null ? -1 : ChronoUnit.MICROS.between(Instant.EPOCH, i);
    }

    private static Instant instant(long micros) {
        return micros < 0 ? null : Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }
}
