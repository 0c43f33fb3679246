package osgres.storage.internal.engine;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import osgres.api.PgException;
import osgres.api.Settings;
import osgres.api.SharedMemory;
import osgres.storage.AnalyzeResult;
import osgres.storage.AuxiliaryWork;
import osgres.storage.BackendProc;
import osgres.storage.BgWriterStatistics;
import osgres.storage.DatabaseStatistics;
import osgres.storage.IsolationLevel;
import osgres.storage.MaintenanceCandidate;
import osgres.storage.MaintenanceOrigin;
import osgres.storage.ReplicationSlot;
import osgres.storage.ReplicationSource;
import osgres.storage.Storage;
import osgres.storage.TableStatistics;
import osgres.storage.Transaction;
import osgres.storage.VacuumParams;
import osgres.storage.VacuumProgress;
import osgres.storage.VacuumResult;
import osgres.storage.WalStatistics;
import osgres.storage.internal.control.StorageCoreFactory;
import osgres.storage.internal.core.StorageCore;
import osgres.storage.internal.heap.StorageMessages;

/**
 * The storage engine of one shared-memory generation as DS services: {@link Storage} for backends and the five
 * {@link AuxiliaryWork} services for the startup, checkpointer, walwriter, bgwriter and archiver processes (they
 * delegate to the lower half). The references to SharedMemory and Settings are static and mandatory: when a crash
 * reset unregisters the old generation's SharedMemory, SCR deactivates this component (and with it everything that
 * references these services), and activates a new one over the next generation. Activation only opens the engine:
 * redo functions and the after-redo hook are in place before the services appear, and no data file is touched
 * until the startup process calls {@link AuxiliaryWork.Recovery#recover()}. After {@link #deactivate()} every
 * call fails with IllegalStateException.
 */
@Component(name = "osgres.storage", immediate = true,
        service = {Storage.class, AuxiliaryWork.Recovery.class, AuxiliaryWork.Checkpoints.class,
                AuxiliaryWork.WalFlusher.class, AuxiliaryWork.BufferWriter.class, ReplicationSource.class,
                AuxiliaryWork.WalReceipt.class, AuxiliaryWork.WalArchive.class})
public final class StorageComponent implements Storage, AuxiliaryWork.Recovery, AuxiliaryWork.Checkpoints,
        AuxiliaryWork.WalFlusher, AuxiliaryWork.BufferWriter, ReplicationSource, AuxiliaryWork.WalReceipt,
        AuxiliaryWork.WalArchive {
    /** Framework property naming the data directory (set by the launcher from -D / PGDATA). */
    public static final String DATA_DIRECTORY_PROPERTY = "osgres.data_directory";

    private final StorageCore core;
    private final StorageEngine engine;
    private final Path dataDirectory;
    private volatile boolean active = true;

    @Activate
    public StorageComponent(BundleContext context,
                            @Reference(name = "sharedMemory") SharedMemory sharedMemory,
                            @Reference(name = "settings") Settings settings) {
        String property = context.getProperty(DATA_DIRECTORY_PROPERTY);
        Path dataDirectory = property != null ? Path.of(property) : settings.dataDirectory();
        this.core = StorageCoreFactory.open(sharedMemory, settings, dataDirectory.toAbsolutePath());
        this.engine = new StorageEngine(core, dataDirectory.toAbsolutePath(), sharedMemory.generation());
        this.dataDirectory = dataDirectory.toAbsolutePath();
    }

    @Deactivate
    void deactivate() {
        active = false;
        engine.close();
        core.close();
    }

    private void checkActive() {
        if (!active) {
            throw StorageMessages.engineClosed();
        }
    }

    // ---- Storage ----

    @Override
    public OptionalInt databaseOid(String name) {
        return engine.databaseOid(name);
    }

    @Override
    public List<String> databaseNames() {
        return engine.databaseNames();
    }

    @Override
    public java.util.Optional<osgres.storage.Role> role(String name) {
        return engine.role(name);
    }

    @Override
    public java.util.List<osgres.storage.Role> roles() {
        return engine.roles();
    }

    @Override
    public osgres.storage.Role createRole(osgres.storage.Role role) {
        return engine.createRole(role);
    }

    @Override
    public void alterRole(String name, osgres.storage.Role changed) {
        engine.alterRole(name, changed);
    }

    @Override
    public byte[] mockAuthenticationNonce() {
        return engine.mockAuthenticationNonce();
    }

    @Override
    public java.util.List<osgres.storage.RoleSetting> roleSettings() {
        return engine.roleSettings();
    }

    @Override
    public void putRoleSetting(int databaseOid, int roleOid, java.util.List<String> config) {
        engine.putRoleSetting(databaseOid, roleOid, config);
    }

    @Override
    public void dropRole(String name) {
        engine.dropRole(name);
    }

    @Override
    public java.util.List<osgres.storage.RoleMembership> roleMemberships() {
        return engine.roleMemberships();
    }

    @Override
    public void grantRoleMembership(osgres.storage.RoleMembership membership) {
        engine.grantRoleMembership(membership);
    }

    @Override
    public boolean revokeRoleMembership(int roleId, int member, boolean adminOptionOnly) {
        return engine.revokeRoleMembership(roleId, member, adminOptionOnly);
    }

    @Override
    public void createDatabase(String name, int owner) {
        engine.createDatabase(name, owner);
    }

    @Override
    public java.util.Optional<osgres.storage.DatabaseDef> databaseDef(int oid) {
        return engine.databaseDef(oid);
    }

    @Override
    public void changeDatabase(int oid, java.util.function.UnaryOperator<osgres.storage.DatabaseDef> change) {
        engine.changeDatabase(oid, change);
    }

    @Override
    public void dropDatabase(String name) {
        engine.dropDatabase(name);
    }

    @Override
    public Transaction begin(int databaseOid, IsolationLevel isolation, boolean readOnly, BackendProc proc) {
        return engine.begin(databaseOid, isolation, readOnly, proc);
    }

    @Override
    public void backendExited(BackendProc proc) {
        engine.backendExited(proc);
    }

    @Override
    public long catalogVersion() {
        return engine.catalogVersion();
    }

    @Override
    public long statisticsVersion() {
        return engine.statisticsVersion();
    }

    @Override
    public Optional<PgException> checkpointerMissing() {
        return engine.checkpointerMissing();
    }

    @Override
    public void checkpointerRunning(boolean running) {
        core.checkpoints().checkpointerRunning(running);
    }

    @Override
    public void walWriterRunning(boolean running) {
        core.walFlusher().walWriterRunning(running);
    }

    @Override
    public void requestCheckpoint() {
        engine.requestCheckpoint();
    }

    @Override
    public void vacuum(int databaseOid, String table, BackendProc proc, MaintenanceOrigin origin) {
        engine.vacuum(databaseOid, table, proc, origin);
    }

    @Override
    public VacuumResult vacuumTable(int databaseOid, int relid, BackendProc proc, VacuumParams params) {
        return engine.vacuumTable(databaseOid, relid, proc, params);
    }

    @Override
    public AnalyzeResult analyzeTable(int databaseOid, int relid, BackendProc proc, MaintenanceOrigin origin,
                                      boolean skipLocked) {
        return engine.analyzeTable(databaseOid, relid, proc, origin, skipLocked);
    }

    @Override
    public List<MaintenanceCandidate> maintenanceCandidates(int databaseOid) {
        return engine.maintenanceCandidates(databaseOid);
    }

    @Override
    public List<TableStatistics> tableStatistics(int databaseOid) {
        return engine.tableStatistics(databaseOid);
    }

    @Override
    public List<VacuumProgress> vacuumProgress() {
        return engine.vacuumProgress();
    }

    @Override
    public List<DatabaseStatistics> databaseStatistics() {
        return engine.databaseStatistics();
    }

    @Override
    public BgWriterStatistics bgWriterStatistics() {
        return engine.bgWriterStatistics();
    }

    @Override
    public void resetStatistics(int databaseOid) {
        engine.resetStatistics(databaseOid);
    }

    @Override
    public void resetBgWriterStatistics() {
        engine.resetBgWriterStatistics();
    }

    @Override
    public WalStatistics walStatistics() {
        return engine.walStatistics();
    }

    @Override
    public void resetWalStatistics() {
        engine.resetWalStatistics();
    }

    @Override
    public osgres.storage.ArchiverStatistics archiverStatistics() {
        checkActive();
        return core.statistics().archiverStatistics();
    }

    @Override
    public void resetArchiverStatistics() {
        checkActive();
        core.statistics().resetArchiver();
    }

    @Override
    public long switchWal() {
        checkActive();
        return core.switchWal();
    }

    @Override
    public long generation() {
        return engine.generation();
    }

    @Override
    public void setIndexPredicateCompiler(osgres.storage.IndexPredicateCompiler compiler) {
        engine.setIndexPredicateCompiler(compiler);
    }

    @Override
    public long walInsertLsn() {
        checkActive();
        return core.wal().insertLsn();
    }

    @Override
    public long walFlushLsn() {
        checkActive();
        return core.wal().flushedLsn();
    }

    @Override
    public java.util.Optional<osgres.storage.ControlData> controlData() {
        checkActive();
        try {
            return java.util.Optional.of(
                    osgres.storage.internal.control.ControlFile.read(dataDirectory).toControlData());
        } catch (java.io.UncheckedIOException | IllegalStateException e) {
            // unreadable or torn (not while the server runs: it is written whole); the caller reports it
            return java.util.Optional.empty();
        }
    }

    // ---- auxiliary work (lower half) ----

    @Override
    public void recover() {
        checkActive();
        core.recovery().recover();
    }

    @Override
    public void recover(AuxiliaryWork.StartupControl control) {
        checkActive();
        core.recovery().recover(control);
    }

    @Override
    public osgres.storage.RecoveryStatus recoveryStatus() {
        checkActive();
        if (core.recovered()) {
            return osgres.storage.RecoveryStatus.PRIMARY;
        }
        StorageCore.StandbyPositions p = core.standbyPositions();
        return new osgres.storage.RecoveryStatus(true, p.receivedLsn(), p.replayedLsn(), p.receiver());
    }

    // ---- the walreceiver's work (AuxiliaryWork.WalReceipt) ----

    @Override
    public AuxiliaryWork.StreamStart awaitStreamRequest(long timeoutMillis) throws InterruptedException {
        checkActive();
        return core.walReceipt().awaitStreamRequest(timeoutMillis);
    }

    @Override
    public void write(long lsn, byte[] data, int offset, int length) {
        checkActive();
        core.walReceipt().write(lsn, data, offset, length);
    }

    @Override
    public long flush() {
        checkActive();
        return core.walReceipt().flush();
    }

    @Override
    public long replayedUpTo() {
        checkActive();
        return core.walReceipt().replayedUpTo();
    }

    @Override
    public void reportStatus(osgres.storage.WalReceiverStatus status) {
        checkActive();
        core.walReceipt().reportStatus(status);
    }

    @Override
    public boolean streamingWanted() {
        return active && core.walReceipt().streamingWanted();
    }

    @Override
    public long feedbackXmin() {
        return active ? core.walReceipt().feedbackXmin() : 0;
    }

    @Override
    public AuxiliaryWork.CheckpointRequest awaitRequest(long timeoutMillis) throws InterruptedException {
        checkActive();
        return core.checkpoints().awaitRequest(timeoutMillis);
    }

    @Override
    public void checkpoint(AuxiliaryWork.CheckpointRequest request, AuxiliaryWork.CheckpointPacing pacing) {
        checkActive();
        core.checkpoints().checkpoint(request, pacing);
    }

    @Override
    public boolean backgroundFlush() {
        checkActive();
        return core.walFlusher().backgroundFlush();
    }

    @Override
    public long checkArchiveTimeout(int archiveTimeoutSeconds) {
        checkActive();
        return core.checkpoints().checkArchiveTimeout(archiveTimeoutSeconds);
    }

    // ---- the archiver's work ----

    @Override
    public Path dataDirectory() {
        return dataDirectory;
    }

    @Override
    public String nextReady() {
        checkActive();
        return core.walArchive().nextReady();
    }

    @Override
    public void archived(String fileName) {
        checkActive();
        core.walArchive().archived(fileName);
    }

    @Override
    public void archiveFailed(String fileName) {
        checkActive();
        core.walArchive().archiveFailed(fileName);
    }

    @Override
    public void awaitReady(long timeoutMillis) throws InterruptedException {
        checkActive();
        core.walArchive().awaitReady(timeoutMillis);
    }

    @Override
    public int writeDirtyBuffers(int maxPages) {
        checkActive();
        return core.bufferWriter().writeDirtyBuffers(maxPages);
    }

    // ---- ReplicationSource: the walsender's view, one per generation like the rest ----

    private ReplicationSource replication() {
        checkActive();
        return core.replication();
    }

    @Override
    public long systemIdentifier() {
        return replication().systemIdentifier();
    }

    @Override
    public int timeline() {
        return replication().timeline();
    }

    @Override
    public long flushLsn() {
        return replication().flushLsn();
    }

    @Override
    public long awaitFlush(long lsn, long timeoutNanos) throws InterruptedException {
        return replication().awaitFlush(lsn, timeoutNanos);
    }

    @Override
    public int readWal(long lsn, byte[] buffer, int offset, int length) {
        return replication().readWal(lsn, buffer, offset, length);
    }

    @Override
    public long redoLsn() {
        return replication().redoLsn();
    }

    @Override
    public BackupStart startBackup(boolean fast) {
        return replication().startBackup(fast);
    }

    @Override
    public long stopBackup(long startLsn) {
        return replication().stopBackup(startLsn);
    }

    @Override
    public boolean awaitArchived(long stopLsn, Runnable checkInterrupts, java.util.function.LongConsumer stillWaiting) {
        return replication().awaitArchived(stopLsn, checkInterrupts, stillWaiting);
    }

    @Override
    public ReplicationSlot createSlot(String name, boolean temporary, boolean reserveWal, int pid) {
        return replication().createSlot(name, temporary, reserveWal, pid);
    }

    @Override
    public void dropSlot(String name, int pid) {
        replication().dropSlot(name, pid);
    }

    @Override
    public ReplicationSlot acquireSlot(String name, int pid) {
        return replication().acquireSlot(name, pid);
    }

    @Override
    public void releaseSlot(String name, int pid) {
        replication().releaseSlot(name, pid);
    }

    @Override
    public void advanceSlot(String name, long restartLsn, long xmin) {
        replication().advanceSlot(name, restartLsn, xmin);
    }

    @Override
    public void releaseSlotsOf(int pid) {
        replication().releaseSlotsOf(pid);
    }

    @Override
    public void reportStandby(int pid, String applicationName, long write, long flush, long apply) {
        replication().reportStandby(pid, applicationName, write, flush, apply);
    }

    @Override
    public void standbyGone(int pid) {
        replication().standbyGone(pid);
    }

    @Override
    public void feedbackXmin(int pid, long xmin) {
        replication().feedbackXmin(pid, xmin);
    }

    @Override
    public String[] syncState(int pid) {
        return replication().syncState(pid);
    }

    @Override
    public Optional<ReplicationSlot> slot(String name) {
        return replication().slot(name);
    }

    @Override
    public List<ReplicationSlot> slots() {
        return replication().slots();
    }
}
