package osgres.storage;

/**
 * What {@code global/pg_control} says, as PostgreSQL's pg_control_checkpoint(), pg_control_system(),
 * pg_control_init() and pg_control_recovery() show it (utils/misc/pg_controldata.c): the last checkpoint, the
 * cluster's identity, the build's sizes, the recovery end points. Read from the file on disk, so it is what the last
 * checkpoint or state change wrote. Transaction ids are unsigned 32 bits held in longs, except {@code nextXid}, the
 * full 64-bit (epoch:xid) one; times are epoch seconds.
 */
public record ControlData(long systemIdentifier, int controlVersion, int catalogVersion, long lastModified,
                          Checkpoint checkpoint, Recovery recovery, Build build) {

    /** The last checkpoint (ControlFileData.checkPoint and checkPointCopy). */
    public record Checkpoint(long checkpointLsn, long redoLsn, int timeline, int prevTimeline,
                             boolean fullPageWrites, long nextXid, long nextOid, long nextMulti,
                             long nextMultiOffset, long oldestXid, long oldestXidDatabase, long oldestActiveXid,
                             long oldestMulti, long oldestMultiDatabase, long oldestCommitTsXid,
                             long newestCommitTsXid, long time) {
    }

    /** Where recovery must end (minRecoveryPoint, backupStartPoint, backupEndPoint, backupEndRequired). */
    public record Recovery(long minRecoveryPoint, int minRecoveryPointTimeline, long backupStartPoint,
                           long backupEndPoint, boolean backupEndRequired) {
    }

    /** The build's constants the file records for compatibility checks. */
    public record Build(int maxAlign, int blockSize, int blocksPerSegment, int walBlockSize, int walSegmentSize,
                        int nameDataLength, int indexMaxKeys, int toastMaxChunkSize, int largeObjectChunkSize,
                        boolean float8ByValue, int dataChecksumVersion) {
    }
}
