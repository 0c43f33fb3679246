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
 * {@code global/pg_control} in PostgreSQL 15's own layout (pg_control.h's ControlFileData with its CheckPoint copy,
 * x86-64 alignment, little-endian), so that {@code pg_controldata} prints it and {@code pg_ctl promote} reads the
 * state it waits for. 8192 bytes, the CRC-32C of bytes 0..287 at byte 288; rewritten in place with one write of
 * the whole file and fsync (UpdateControlFile). Written first by {@code osgres initdb} (the launcher's
 * InitDb.controlFile(), which must keep this layout). The byte offsets:
 * <pre>
 *   0 system_identifier     8 pg_control_version (1300)   12 catalog_version_no   16 state   24 time
 *  32 checkPoint            40 checkPointCopy: redo, 48 ThisTimeLineID, 52 PrevTimeLineID, 56 fullPageWrites,
 *                           64 nextXid (epoch:xid), 72 nextOid, 76 nextMulti, 80 nextMultiOffset, 84 oldestXid,
 *                           88 oldestXidDB, 92 oldestMulti, 96 oldestMultiDB, 104 time, 112/116 commit-ts xids,
 *                           120 oldestActiveXid
 * 128 unloggedLSN         136 minRecoveryPoint   144 minRecoveryPointTLI   152 backupStartPoint
 * 160 backupEndPoint      168 backupEndRequired  172 wal_level ... 200 track_commit_timestamp (the settings)
 * 204 maxAlign ... 252 data_checksum_version (what the server was built with)   256 mock_authentication_nonce
 * 288 crc
 * </pre>
 * A file in the layout osgres wrote before (its own CRC-32C at byte 84, or at byte 48 from the first initdb) is
 * still read, once, and rewritten in this layout at the next update.
 *
 * @param checkpointLsn     checkPoint: where the last checkpoint record starts (0 = none yet: a brand-new cluster)
 * @param redoLsn           the last checkpoint's redo point
 * @param timeline          the last checkpoint's ThisTimeLineID
 * @param prevTimeline      the last checkpoint's PrevTimeLineID (differs from timeline on a promotion's first)
 * @param checkpointTime    the last checkpoint's time, epoch seconds
 * @param minRecoveryPoint  how far a standby must replay before it is consistent (0: none)
 * @param parameters        the settings the server last ran with (XLogReportParameters)
 * @param mockNonce         32 bytes initdb chose for mock authentication
 */
public record ControlFile(long systemIdentifier, int version, int catalogVersion, int state, long time,
                          long checkpointLsn, long redoLsn, int timeline, int prevTimeline, long nextXid,
                          long nextOid, long checkpointTime, long minRecoveryPoint, int minRecoveryPointTimeline,
                          long backupStartPoint, long backupEndPoint, boolean backupEndRequired,
                          Parameters parameters, byte[] mockNonce) {

    public static final int SIZE = 8192;
    public static final int DB_STARTUP = 0;
    public static final int DB_SHUTDOWNED = 1;
    public static final int DB_SHUTDOWNED_IN_RECOVERY = 2;
    public static final int DB_SHUTDOWNING = 3;
    public static final int DB_IN_CRASH_RECOVERY = 4;
    public static final int DB_IN_ARCHIVE_RECOVERY = 5;
    public static final int DB_IN_PRODUCTION = 6;
    public static final int PG_CONTROL_VERSION = 1300;
    public static final int CATALOG_VERSION = 202209061;
    public static final int MOCK_NONCE_LENGTH = 32;

    /** sizeof(ControlFileData) minus the CRC: what the CRC covers. */
    private static final int CRC_OFFSET = 288;
    private static final int OLD_CRC_OFFSET = 84;
    private static final int FIRST_CRC_OFFSET = 48;
    private static final long DEFAULT_NEXT_XID = 3;
    private static final long DEFAULT_NEXT_OID = 16384;
    /** initdb's first oldestXID is FirstNormalTransactionId; osgres never freezes, so it stays there. */
    private static final int OLDEST_XID = 3;
    private static final double FLOAT_FORMAT = 1234567.0;

    /**
     * The settings pg_control records for a standby to check against (wal_level 1 = replica), and
     * PostgreSQL's defaults for a file initdb writes.
     */
    public record Parameters(int walLevel, boolean walLogHints, int maxConnections, int maxWorkerProcesses,
                             int maxWalSenders, int maxPreparedXacts, int maxLocksPerXact,
                             boolean trackCommitTimestamp, boolean fullPageWrites) {
        public static final int WAL_LEVEL_MINIMAL = 0;
        public static final int WAL_LEVEL_REPLICA = 1;
        public static final int WAL_LEVEL_LOGICAL = 2;
        public static final Parameters DEFAULT = new Parameters(WAL_LEVEL_REPLICA, false, 100, 8, 10, 0, 64, false,
                true);
    }

    public ControlFile {
        mockNonce = mockNonce.clone();
    }

    /** A new cluster's file as initdb writes it: shut down, no checkpoint yet, timeline 1. */
    public static ControlFile initial(long systemIdentifier, long time, byte[] mockNonce) {
        return new ControlFile(systemIdentifier, PG_CONTROL_VERSION, CATALOG_VERSION, DB_SHUTDOWNED, time, 0, 0, 1, 1,
                DEFAULT_NEXT_XID, DEFAULT_NEXT_OID, time, 0, 0, 0, 0, false, Parameters.DEFAULT, mockNonce);
    }

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
        return decode(bytes);
    }

    public static ControlFile decode(byte[] bytes) {
        if (bytes.length >= CRC_OFFSET + 4 && storedCrc(bytes, CRC_OFFSET) == crc(bytes, CRC_OFFSET)) {
            return decodeCurrent(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN));
        }
        if (bytes.length >= OLD_CRC_OFFSET + 4) {
            ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            boolean old = storedCrc(bytes, OLD_CRC_OFFSET) == crc(bytes, OLD_CRC_OFFSET);
            if (old || storedCrc(bytes, FIRST_CRC_OFFSET) == crc(bytes, FIRST_CRC_OFFSET)) {
                return decodeOld(b, old);
            }
        }
        throw new IllegalStateException(Messages.INVALID_CONTROL_FILE);
    }

    private static ControlFile decodeCurrent(ByteBuffer b) {
        Parameters parameters = new Parameters(b.getInt(172), b.get(176) != 0, b.getInt(180), b.getInt(184),
                b.getInt(188), b.getInt(192), b.getInt(196), b.get(200) != 0, b.get(56) != 0);
        byte[] nonce = new byte[MOCK_NONCE_LENGTH];
        b.get(256, nonce);
        return new ControlFile(b.getLong(0), b.getInt(8), b.getInt(12), b.getInt(16), b.getLong(24),
                b.getLong(32), b.getLong(40), b.getInt(48), b.getInt(52), b.getLong(64), Integer.toUnsignedLong(
                b.getInt(72)), b.getLong(104), b.getLong(136), b.getInt(144), b.getLong(152), b.getLong(160),
                b.get(168) != 0, parameters, nonce);
    }

    /** osgres's earlier layout: the first 48 bytes are PostgreSQL's, then its counters at 56..80. */
    private static ControlFile decodeOld(ByteBuffer b, boolean withCounters) {
        long nextXid = withCounters ? b.getLong(56) : DEFAULT_NEXT_XID;
        long nextOid = withCounters ? b.getLong(64) : DEFAULT_NEXT_OID;
        long checkpointTime = withCounters ? b.getLong(72) : b.getLong(24);
        return new ControlFile(b.getLong(0), b.getInt(8), b.getInt(12), b.getInt(16), b.getLong(24), b.getLong(32),
                b.getLong(40), 1, 1, nextXid, nextOid, checkpointTime, 0, 0, 0, 0, false, Parameters.DEFAULT,
                new byte[MOCK_NONCE_LENGTH]);
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
        // checkPointCopy
        b.putLong(40, redoLsn);
        b.putInt(48, timeline);
        b.putInt(52, prevTimeline);
        b.put(56, (byte) (parameters.fullPageWrites() ? 1 : 0));
        b.putLong(64, nextXid);
        b.putInt(72, (int) nextOid);
        b.putInt(76, 1); // nextMulti: osgres has no MultiXacts, FirstMultiXactId
        b.putInt(80, 0);
        b.putInt(84, OLDEST_XID);
        b.putInt(88, 1); // oldestXidDB: template1, as initdb leaves it
        b.putInt(92, 1);
        b.putInt(96, 1);
        b.putLong(104, checkpointTime);
        b.putInt(120, (int) nextXid); // oldestActiveXID: no transaction is older at a checkpoint osgres logs
        b.putLong(128, 1000); // unloggedLSN: FirstNormalUnloggedLSN (osgres's unlogged relations need no fake LSNs)
        b.putLong(136, minRecoveryPoint);
        b.putInt(144, minRecoveryPointTimeline);
        b.putLong(152, backupStartPoint);
        b.putLong(160, backupEndPoint);
        b.put(168, (byte) (backupEndRequired ? 1 : 0));
        b.putInt(172, parameters.walLevel());
        b.put(176, (byte) (parameters.walLogHints() ? 1 : 0));
        b.putInt(180, parameters.maxConnections());
        b.putInt(184, parameters.maxWorkerProcesses());
        b.putInt(188, parameters.maxWalSenders());
        b.putInt(192, parameters.maxPreparedXacts());
        b.putInt(196, parameters.maxLocksPerXact());
        b.put(200, (byte) (parameters.trackCommitTimestamp() ? 1 : 0));
        // the build: MAXIMUM_ALIGNOF, FLOATFORMAT_VALUE, BLCKSZ, RELSEG_SIZE, XLOG_BLCKSZ, wal_segment_size,
        // NAMEDATALEN, INDEX_MAX_KEYS, TOAST_MAX_CHUNK_SIZE, LOBLKSIZE, FLOAT8PASSBYVAL, no data checksums
        b.putInt(204, 8);
        b.putDouble(208, FLOAT_FORMAT);
        b.putInt(216, 8192);
        b.putInt(220, 131072);
        b.putInt(224, 8192);
        b.putInt(228, 16 * 1024 * 1024);
        b.putInt(232, 64);
        b.putInt(236, 32);
        b.putInt(240, 1996);
        b.putInt(244, 2048);
        b.put(248, (byte) 1);
        b.putInt(252, 0);
        b.put(256, mockNonce, 0, MOCK_NONCE_LENGTH);
        b.putInt(CRC_OFFSET, crc(bytes, CRC_OFFSET));
        return bytes;
    }

    /** This file as pg_control_*() show it, read back from {@link #encode}'s bytes (the layout is written once). */
    public osgres.storage.ControlData toControlData() {
        ByteBuffer b = ByteBuffer.wrap(encode()).order(ByteOrder.LITTLE_ENDIAN);
        var checkpoint = new osgres.storage.ControlData.Checkpoint(b.getLong(32), b.getLong(40), b.getInt(48),
                b.getInt(52), b.get(56) != 0, b.getLong(64), unsigned(b, 72), unsigned(b, 76), unsigned(b, 80),
                unsigned(b, 84), unsigned(b, 88), unsigned(b, 120), unsigned(b, 92), unsigned(b, 96),
                unsigned(b, 112), unsigned(b, 116), b.getLong(104));
        var recovery = new osgres.storage.ControlData.Recovery(b.getLong(136), b.getInt(144), b.getLong(152),
                b.getLong(160), b.get(168) != 0);
        var build = new osgres.storage.ControlData.Build(b.getInt(204), b.getInt(216), b.getInt(220), b.getInt(224),
                b.getInt(228), b.getInt(232), b.getInt(236), b.getInt(240), b.getInt(244), b.get(248) != 0,
                b.getInt(252));
        return new osgres.storage.ControlData(b.getLong(0), b.getInt(8), b.getInt(12), b.getLong(24), checkpoint,
                recovery, build);
    }

    private static long unsigned(ByteBuffer b, int offset) {
        return Integer.toUnsignedLong(b.getInt(offset));
    }

    private static int storedCrc(byte[] bytes, int offset) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(offset);
    }

    private static int crc(byte[] bytes, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, length);
        return (int) crc.getValue();
    }

    public ControlFile withState(int newState, long newTime) {
        return new ControlFile(systemIdentifier, version, catalogVersion, newState, newTime, checkpointLsn, redoLsn,
                timeline, prevTimeline, nextXid, nextOid, checkpointTime, minRecoveryPoint, minRecoveryPointTimeline,
                backupStartPoint, backupEndPoint, backupEndRequired, parameters, mockNonce);
    }

    public ControlFile withCheckpoint(int newState, long newTime, long newCheckpointLsn, long newRedoLsn,
                                      long newNextXid, long newNextOid) {
        return new ControlFile(systemIdentifier, version, catalogVersion, newState, newTime, newCheckpointLsn,
                newRedoLsn, timeline, timeline, newNextXid, newNextOid, newTime, minRecoveryPoint,
                minRecoveryPointTimeline, backupStartPoint, backupEndPoint, backupEndRequired, parameters, mockNonce);
    }

    /** A promotion: WAL goes on on {@code newTimeline}, branched off the current one. */
    public ControlFile withTimeline(int newTimeline) {
        return new ControlFile(systemIdentifier, version, catalogVersion, state, time, checkpointLsn, redoLsn,
                newTimeline, timeline, nextXid, nextOid, checkpointTime, minRecoveryPoint, minRecoveryPointTimeline,
                backupStartPoint, backupEndPoint, backupEndRequired, parameters, mockNonce);
    }

    /** Recovery from a base backup began at {@code startPoint} (0 and false once it replayed the backup's end). */
    public ControlFile withBackup(long startPoint, boolean endRequired, long newMinRecoveryPoint) {
        return new ControlFile(systemIdentifier, version, catalogVersion, state, time, checkpointLsn, redoLsn,
                timeline, prevTimeline, nextXid, nextOid, checkpointTime, newMinRecoveryPoint,
                newMinRecoveryPoint == 0 ? 0 : timeline, startPoint, 0, endRequired, parameters, mockNonce);
    }

    /** XLogReportParameters: the settings this server runs with, written when they differ from the file's. */
    public ControlFile withParameters(Parameters newParameters) {
        return new ControlFile(systemIdentifier, version, catalogVersion, state, time, checkpointLsn, redoLsn,
                timeline, prevTimeline, nextXid, nextOid, checkpointTime, minRecoveryPoint, minRecoveryPointTimeline,
                backupStartPoint, backupEndPoint, backupEndRequired, newParameters, mockNonce);
    }
}
