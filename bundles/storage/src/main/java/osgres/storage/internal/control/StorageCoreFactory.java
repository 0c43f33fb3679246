package osgres.storage.internal.control;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

import osgres.api.Settings;
import osgres.api.SharedMemory;
import osgres.storage.internal.buffer.BufferManager;
import osgres.storage.internal.buffer.SmgrRecords;
import osgres.storage.internal.core.Page;
import osgres.storage.internal.core.ResourceManagers;
import osgres.storage.internal.core.StorageCore;
import osgres.storage.internal.smgr.RelationFiles;
import osgres.storage.internal.wal.WalManager;
import osgres.storage.internal.wal.WalSegments;
import osgres.storage.internal.xact.CommitLog;
import osgres.storage.internal.xact.TransactionManager;

/**
 * Builds the lower half of the storage engine over one shared-memory generation (CreateSharedMemoryAndSemaphores
 * for the storage parts): the page array in region "buffers" ({@code shared_buffers} x 8 KB) and the WAL buffers
 * in region "wal_buffers" ({@code wal_buffers} x 8 KB, auto-tuned as osgres.shmem sizes it), plus the Java-side
 * descriptors, proc array and CLOG. Registers the redo functions of the lower half's resource managers (XACT,
 * SMGR, CLOG; XLOG is replayed by recovery itself). Touches no file: recovery does that.
 */
public final class StorageCoreFactory {

    private StorageCoreFactory() {
    }

    public static StorageCore open(SharedMemory shm, Settings settings, Path dataDirectory) {
        StorageSettings storageSettings = new StorageSettings(settings);
        int bufferCount = storageSettings.sharedBuffers();
        MemorySegment bufferRegion = shm.region("buffers", (long) bufferCount * Page.SIZE);
        MemorySegment walRegion = shm.region("wal_buffers", storageSettings.walBufferPages() * Page.SIZE);

        RelationFiles files = new RelationFiles(dataDirectory);
        WalManager wal = new WalManager(walRegion,
                new WalSegments(dataDirectory.resolve("pg_wal"), storageSettings::walInitZero));
        BufferManager buffers = new BufferManager(bufferRegion, bufferCount, files, wal);
        TransactionManager transactions = new TransactionManager(new CommitLog(dataDirectory.resolve("pg_xact")),
                wal);

        wal.registerRedo(ResourceManagers.XACT, transactions.xactRedo());
        wal.registerRedo(ResourceManagers.SMGR, SmgrRecords.redoHandler(buffers));
        wal.registerRedo(ResourceManagers.CLOG, (record, pages) -> { });
        return new LowerStorageCore(dataDirectory, storageSettings, files, wal, buffers, transactions);
    }
}
