package osgres.storage.internal.control;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * {@code global/pg_control} (pg_control.h's ControlFileData, the part osgres uses). 8192 bytes, little-endian,
 * written by {@code osgres initdb} (launcher InitDb.controlFile(), which must keep this layout) and rewritten in
 * place with write + fsync (one 8 KB sector-aligned write, as PostgreSQL relies on being atomic):
 * <pre>
 *  0  int64  system identifier
 *  8  int32  pg_control_version (1300)
 * 12  int32  catalog_version_no
 * 16  int32  state (DBState: 1 shut down, 3 shutting down, 4 in crash recovery, 6 in production)
 * 20  int32  padding
 * 24  int64  time of last update (epoch seconds)
 * 32  int64  checkPoint: LSN of the last checkpoint record (0 = none yet: a brand-new cluster)
 * 40  int64  redo: LSN the last checkpoint's redo starts at
 * 48  int32  CRC-32C of bytes 0..47 (the layout initdb wrote before osgres had a storage engine)
 * 52  int32  padding
 * 56  int64  nextXid as of the last checkpoint
 * 64  int64  nextOid as of the last checkpoint
 * 72  int64  time of the last checkpoint (epoch seconds)
 * 80  int32  timeline (1)
 * 84  int32  CRC-32C of bytes 0..83
 * </pre>
 * A file with only the first CRC valid (older initdb) reads as a new cluster with default counters.
 */
public record ControlFile(long systemIdentifier, int version, int catalogVersion, int state, long time,
                          long checkpointLsn, long redoLsn, long nextXid, long nextOid, long checkpointTime) {

    public static final int SIZE = 8192;
    public static final int DB_SHUTDOWNED = 1;
    public static final int DB_SHUTDOWNED_IN_RECOVERY = 2;
    public static final int DB_SHUTDOWNING = 3;
    public static final int DB_IN_CRASH_RECOVERY = 4;
    public static final int DB_IN_ARCHIVE_RECOVERY = 5;
    public static final int DB_IN_PRODUCTION = 6;

    private static final int OLD_CRC_OFFSET = 48;
    private static final int CRC_OFFSET = 84;
    private static final long DEFAULT_NEXT_XID = 3;
    private static final long DEFAULT_NEXT_OID = 16384;

    public static Path path(Path dataDirectory) {
        return dataDirectory.resolve("global").resolve("pg_control");
    }

    public static ControlFile read(Path dataDirectory) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path(dataDirectory));
        } catch (IOException e) {
            throw new UncheckedIOException(Messages.couldNotReadControlFile(e), e);
        }
        if (bytes.length < CRC_OFFSET + 4) {
            throw new IllegalStateException(Messages.INVALID_CONTROL_FILE);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        boolean oldValid = b.getInt(OLD_CRC_OFFSET) == crc(bytes, OLD_CRC_OFFSET);
        boolean valid = b.getInt(CRC_OFFSET) == crc(bytes, CRC_OFFSET);
        if (!valid && !oldValid) {
            throw new IllegalStateException(Messages.INVALID_CONTROL_FILE);
        }
        long nextXid = valid ? b.getLong(56) : DEFAULT_NEXT_XID;
        long nextOid = valid ? b.getLong(64) : DEFAULT_NEXT_OID;
        long checkpointTime = valid ? b.getLong(72) : b.getLong(24);
        return new ControlFile(b.getLong(0), b.getInt(8), b.getInt(12), b.getInt(16), b.getLong(24),
                b.getLong(32), b.getLong(40), nextXid, nextOid, checkpointTime);
    }

    /** UpdateControlFile: one write of the whole 8 KB, then fsync. */
    public void write(Path dataDirectory) {
        byte[] bytes = encode();
        try (FileChannel ch = FileChannel.open(path(dataDirectory), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            ByteBuffer source = ByteBuffer.wrap(bytes);
            while (source.hasRemaining()) {
                ch.write(source, source.position());
            }
            ch.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException(Messages.couldNotWriteControlFile(e), e);
        }
    }

    public byte[] encode() {
        byte[] bytes = new byte[SIZE];
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(0, systemIdentifier);
        b.putInt(8, version);
        b.putInt(12, catalogVersion);
        b.putInt(16, state);
        b.putLong(24, time);
        b.putLong(32, checkpointLsn);
        b.putLong(40, redoLsn);
        b.putInt(OLD_CRC_OFFSET, crc(bytes, OLD_CRC_OFFSET));
        b.putLong(56, nextXid);
        b.putLong(64, nextOid);
        b.putLong(72, checkpointTime);
        b.putInt(80, 1);
        b.putInt(CRC_OFFSET, crc(bytes, CRC_OFFSET));
        return bytes;
    }

    private static int crc(byte[] bytes, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, length);
        return (int) crc.getValue();
    }

    public ControlFile withState(int newState, long newTime) {
        return new ControlFile(systemIdentifier, version, catalogVersion, newState, newTime, checkpointLsn,
                redoLsn, nextXid, nextOid, checkpointTime);
    }

    public ControlFile withCheckpoint(int newState, long newTime, long newCheckpointLsn, long newRedoLsn,
                                      long newNextXid, long newNextOid) {
        return new ControlFile(systemIdentifier, version, catalogVersion, newState, newTime, newCheckpointLsn,
                newRedoLsn, newNextXid, newNextOid, newTime);
    }
}
