package osgres.storage.internal.xact;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The main data of the transaction resource manager's records (xl_xact_commit / xl_xact_abort with their
 * xl_xact_subxacts part), the one place their layout is written:
 *
 * <pre>
 *   offset 0  int64  end time, milliseconds since the epoch (little-endian)
 *   offset 8  int32  number of subtransaction ids that follow
 *   offset 12 int64  subtransaction id, repeated
 * </pre>
 * A record without subtransactions (nearly every one) stops after the end time, as before subtransactions existed,
 * so the common commit record stays 8 bytes.
 *
 * A commit record's xid is the top-level transaction, its subxids the committed subtransactions whose work
 * becomes visible with it. An abort record's xid is a top-level transaction (with every subtransaction still
 * part of it) or, for ROLLBACK TO SAVEPOINT, the first of the aborted subtransactions (with the others).
 * Redo marks the xid and every listed subxid in CLOG, so replay reproduces exactly which writes survive.
 */
public final class XactRecords {
    private static final long[] NONE = new long[0];

    private XactRecords() {
    }

    public static byte[] encode(long timeMillis, long[] subxids) {
        if (subxids.length == 0) {
            return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(timeMillis).array();
        }
        ByteBuffer b = ByteBuffer.allocate(12 + 8 * subxids.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(timeMillis).putInt(subxids.length);
        for (long x : subxids) {
            b.putLong(x);
        }
        return b.array();
    }

    /** When the transaction committed or aborted, epoch milliseconds (0 if the record is too short). */
    public static long time(byte[] data) {
        return data == null || data.length < 8 ? 0 : ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    }

    /** The subtransaction ids a commit or abort record lists (none for an 8-byte record). */
    public static long[] subxids(byte[] data) {
        if (data == null || data.length < 12) {
            return NONE;
        }
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        int n = b.getInt(8);
        if (n <= 0 || data.length < 12 + 8L * n) {
            return NONE;
        }
        long[] subxids = new long[n];
        for (int i = 0; i < n; i++) {
            subxids[i] = b.getLong(12 + 8 * i);
        }
        return subxids;
    }
}
