package osgres.storage.internal.wal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The XLOG resource manager's records (pg_control.h's XLOG_* info codes). Main data of a checkpoint record
 * (CheckPoint, reduced to what osgres uses), little-endian:
 * <pre>
 *  0 int64 redo LSN
 *  8 int64 nextXid
 * 16 int64 nextOid
 * 24 int64 time (epoch seconds)
 * </pre>
 * SWITCH carries nothing. NEXTOID carries one int64, the OID up to which OIDs may have been handed out; BACKUP_END one int64, the start LSN
 * (redo point) of the base backup it ends.
 */
public final class XlogRecords {
    public static final int CHECKPOINT_SHUTDOWN = 0x00;
    public static final int CHECKPOINT_ONLINE = 0x10;
    public static final int NEXTOID = 0x30;
    /** XLOG_SWITCH (no data): the rest of its segment is unused; the next record starts the next segment. */
    public static final int SWITCH = 0x40;
    /** XLOG_BACKUP_END: an online backup that started at the record's int64 LSN ends here. */
    public static final int BACKUP_END = 0x50;

    private XlogRecords() {
    }

    /** The contents of a checkpoint record. */
    public record Checkpoint(long redo, long nextXid, long nextOid, long time) {

        public byte[] encode() {
            return ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN)
                    .putLong(redo).putLong(nextXid).putLong(nextOid).putLong(time).array();
        }

        public static Checkpoint decode(byte[] data) {
            ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
            return new Checkpoint(b.getLong(0), b.getLong(8), b.getLong(16), b.getLong(24));
        }
    }

    public static boolean isCheckpoint(int info) {
        return info == CHECKPOINT_SHUTDOWN || info == CHECKPOINT_ONLINE;
    }

    public static byte[] encodeNextOid(long nextOid) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(nextOid).array();
    }

    public static long decodeNextOid(byte[] data) {
        return ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    }
}
