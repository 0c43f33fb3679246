package osgres.storage.internal.buffer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import osgres.storage.internal.core.RedoHandler;
import osgres.storage.internal.core.RelFile;
import osgres.storage.internal.core.WalRecord;

/**
 * The SMGR resource manager's records (storage_xlog.h) and their replay. Main data: database OID (int32),
 * relfilenode (int32), little-endian. CREATE is logged before the file is created; DROP after the commit or
 * abort that decided it, flushed before the file is unlinked (PostgreSQL logs drops inside the commit record;
 * a separate record is simpler here and just as safe).
 */
public final class SmgrRecords {
    public static final int CREATE = 0x10;
    public static final int DROP = 0x30;

    private SmgrRecords() {
    }

    static byte[] encode(RelFile rel) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(rel.databaseOid()).putInt(rel.relfilenode()).array();
    }

    static RelFile decode(byte[] data) {
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        return new RelFile(b.getInt(0), b.getInt(4));
    }

    /** smgr_redo: create or drop the file again (both idempotent). */
    public static RedoHandler redoHandler(BufferManager buffers) {
        return (WalRecord record, RedoHandler.RedoPages pages) -> {
            RelFile rel = decode(record.data());
            switch (record.info()) {
                case CREATE -> buffers.files().create(rel);
                case DROP -> {
                    buffers.invalidateRelation(rel);
                    buffers.files().drop(rel);
                }
                default -> throw new IllegalStateException("smgr_redo: unknown op code " + record.info());
            }
        };
    }
}
