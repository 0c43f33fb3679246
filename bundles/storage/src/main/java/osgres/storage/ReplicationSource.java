package osgres.storage;

import java.util.List;
import java.util.Optional;

/**
 * What a walsender reads of the storage engine (walsender.c's view of xlog.c and slot.c): the cluster's identity,
 * the flushed WAL as the bytes of its segment files, and the physical replication slots that keep WAL from being
 * recycled. One per shared-memory generation, like {@link Storage}. Errors are PgExceptions with PostgreSQL's
 * SQLSTATEs and texts.
 */
public interface ReplicationSource {

    /** pg_control's system_identifier (IDENTIFY_SYSTEM's systemid). */
    long systemIdentifier();

    /** The timeline WAL is written on now. */
    int timeline();

    /** GetFlushRecPtr: WAL up to here is on disk and may be sent. */
    long flushLsn();

    /**
     * Waits until the flushed WAL passes {@code lsn} (WalSndWaitForWal's latch), at most {@code timeoutNanos}; an
     * {@code LockSupport.unpark} of the waiting thread ends the wait early too (callers loop).
     *
     * @return the flush position then
     */
    long awaitFlush(long lsn, long timeoutNanos) throws InterruptedException;

    /**
     * Copies flushed WAL from {@code lsn} into {@code buffer} (never past the flush position, never across a
     * segment boundary). 58P01 {@code requested WAL segment %s has already been removed} when its file is gone.
     *
     * @return the number of bytes copied
     */
    int readWal(long lsn, byte[] buffer, int offset, int length);

    /** The last checkpoint's redo point, where RESERVE_WAL starts holding WAL. */
    long redoLsn();

    /** Where a base backup starts: the redo point and location of the checkpoint it forced, and the timeline. */
    record BackupStart(long startLsn, long checkpointLsn, int timeline) {

        /** do_pg_backup_start's backup_label text for a backup {@code label} that started at {@code startTime}. */
        public String labelFile(String label, java.time.Instant startTime) {
            long segno = startLsn / (16L << 20);
            return "START WAL LOCATION: " + lsn(startLsn) + " (file " + String.format(java.util.Locale.ROOT,
                    "%08X%08X%08X", timeline, segno / 256, segno % 256) + ")\n"
                    + "CHECKPOINT LOCATION: " + lsn(checkpointLsn) + "\n"
                    + "BACKUP METHOD: streamed\n"
                    + "BACKUP FROM: primary\n"
                    + "START TIME: " + java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss zzz",
                            java.util.Locale.ROOT).format(startTime.atZone(java.time.ZoneId.systemDefault())) + "\n"
                    + "LABEL: " + label + "\n"
                    + "START TIMELINE: " + timeline + "\n";
        }

        private static String lsn(long lsn) {
            return String.format(java.util.Locale.ROOT, "%X/%X", lsn >>> 32, lsn & 0xFFFFFFFFL);
        }
    }

    /**
     * do_pg_backup_start on a primary: a checkpoint (IMMEDIATE when {@code fast}, else spread), waited for; a copy
     * of the data files taken from now on is made consistent by replaying WAL from its redo point. Every page
     * changed after that point has a full-page image in WAL, so a page copied half-written is restored whole.
     */
    BackupStart startBackup(boolean fast);

    /**
     * do_pg_backup_stop: writes the backup-end record naming {@code startLsn} (recovery from this backup is
     * consistent once it has replayed it) and flushes it; returns the LSN after it.
     */
    long stopBackup(long startLsn);

    /**
     * do_pg_backup_stop's wait for the archive: false at once when archiving is off (the caller then says the WAL
     * must be copied by other means); else ends the segment holding {@code stopLsn} and waits until every segment
     * up to it is archived, calling {@code checkInterrupts} (which may throw) every 100 ms and
     * {@code stillWaiting} with the seconds elapsed every 60 s; true once archived.
     */
    default boolean awaitArchived(long stopLsn, Runnable checkInterrupts, java.util.function.LongConsumer stillWaiting) {
        return false;
    }

    /**
     * CREATE_REPLICATION_SLOT ... PHYSICAL: 42710 if it exists, 53400 when max_replication_slots are in use,
     * 55000 when max_replication_slots is 0; a name outside {@code [a-z0-9_]} 42602. A persistent slot is on disk
     * (pg_replslot/NAME/state) before this returns. The new slot is acquired by {@code pid}.
     */
    ReplicationSlot createSlot(String name, boolean temporary, boolean reserveWal, int pid);

    /** DROP_REPLICATION_SLOT: 42704 if it does not exist, 55006 when another process uses it. */
    void dropSlot(String name, int pid);

    /** ReplicationSlotAcquire for {@code pid}: 42704 if it does not exist, 55006 when another process has it. */
    ReplicationSlot acquireSlot(String name, int pid);

    /** ReplicationSlotRelease: a persistent slot becomes inactive; a temporary one stays its session's. */
    void releaseSlot(String name, int pid);

    /** A walsender's flush report: the slot now holds WAL from {@code restartLsn} on (persisted lazily). */
    void advanceSlot(String name, long restartLsn, long xmin);

    /** Drops every temporary slot of {@code pid} and releases the others (ReplicationSlotCleanup). */
    void releaseSlotsOf(int pid);

    /**
     * A standby's status update (its walsender {@code pid}): synchronous commits waiting for it re-check.
     * {@code applicationName} is matched against synchronous_standby_names.
     */
    void reportStandby(int pid, String applicationName, long write, long flush, long apply);

    /** The walsender {@code pid} ended: its standby counts no more for synchronous commits. */
    void standbyGone(int pid);

    /**
     * hot_standby_feedback without a slot (PhysicalReplicationSlotNewXmin's walsender side): the standby's oldest
     * xmin, which holds back what pruning and VACUUM may remove while the walsender runs; 0 withdraws it.
     */
    default void feedbackXmin(int pid, long xmin) {
    }

    /** pg_stat_replication's sync_priority and sync_state of the walsender {@code pid}. */
    String[] syncState(int pid);

    Optional<ReplicationSlot> slot(String name);

    List<ReplicationSlot> slots();
}
