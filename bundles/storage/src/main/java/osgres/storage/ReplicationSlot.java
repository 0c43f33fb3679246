package osgres.storage;

/**
 * One physical replication slot (slot.h's ReplicationSlotPersistentData plus the in-memory active pid), as
 * {@code pg_replication_slots} shows it.
 *
 * @param name        {@code [a-z0-9_]}, at most 63 bytes
 * @param temporary   dropped when the session that made it ends (never written to disk)
 * @param restartLsn  the oldest WAL the slot holds (0: none reserved yet)
 * @param activePid   the walsender using it, 0 when none
 * @param xmin        hot_standby_feedback's xmin through this slot, 0 when none
 */
public record ReplicationSlot(String name, boolean temporary, long restartLsn, int activePid, long xmin) {

    public ReplicationSlot withRestartLsn(long lsn) {
        return new ReplicationSlot(name, temporary, lsn, activePid, xmin);
    }

    public ReplicationSlot withActivePid(int pid) {
        return new ReplicationSlot(name, temporary, restartLsn, pid, xmin);
    }

    public ReplicationSlot withXmin(long newXmin) {
        return new ReplicationSlot(name, temporary, restartLsn, activePid, newXmin);
    }
}
