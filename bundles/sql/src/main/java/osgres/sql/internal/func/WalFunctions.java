/*
 * The WAL's SQL functions (PostgreSQL's access/transam/xlogfuncs.c, utils/misc/pg_controldata.c and pg_lsn.c's
 * pg_wal_lsn_diff): the current WAL positions from the storage (Storage.walInsertLsn/walFlushLsn; osgres has no
 * write position apart from the insert one, so pg_current_wal_lsn is the insert LSN), WAL file names of an LSN
 * (XLogFileName on the timeline WAL is written on), and global/pg_control's fields (Storage.controlData). On a
 * primary, which osgres always is here, the standby's positions are NULL. The pg_control_* functions and
 * pg_walfile_name_offset return one record of named columns: like aclexplode they are registered as returning a
 * set (of one row), with their columns in {@link #wideColumns}. Not here: the operators on pg_lsn (Operators),
 * the replication slot functions (ReplicationFunctions). pg_switch_wal ends the current segment
 * (Storage.switchWal).
 */
package osgres.sql.internal.func;

import java.time.Instant;
import java.util.List;

import osgres.sql.internal.utils.ExecContext;
import osgres.sql.internal.utils.LsnValues;
import osgres.sql.internal.utils.Messages;
import osgres.sql.internal.utils.PgType;
import osgres.storage.ControlData;

final class WalFunctions {
    private static final List<String> CHECKPOINT_COLUMNS = List.of("checkpoint_lsn", "redo_lsn", "redo_wal_file",
            "timeline_id", "prev_timeline_id", "full_page_writes", "next_xid", "next_oid", "next_multixact_id",
            "next_multi_offset", "oldest_xid", "oldest_xid_dbid", "oldest_active_xid", "oldest_multi_xid",
            "oldest_multi_dbid", "oldest_commit_ts_xid", "newest_commit_ts_xid", "checkpoint_time");
    private static final List<PgType> CHECKPOINT_TYPES = List.of(PgType.PG_LSN, PgType.PG_LSN, PgType.TEXT,
            PgType.INT4, PgType.INT4, PgType.BOOL, PgType.TEXT, PgType.OID, PgType.XID, PgType.XID, PgType.XID,
            PgType.OID, PgType.XID, PgType.XID, PgType.OID, PgType.XID, PgType.XID, PgType.TIMESTAMPTZ);

    private WalFunctions() {
    }

    static void define(Functions.Registrar registrar) {
        BuiltinFunctions.Definer strict = (name, args, result, impl) -> registrar.define(name, args, result, true,
                false, false, impl);
        BuiltinFunctions.Definer oneRow = (name, args, result, impl) -> registrar.define(name, args, result, true,
                true, false, (ctx, a) -> List.<Object[]>of((Object[]) impl.call(ctx, a)));
        strict.define("pg_wal_lsn_diff", List.of(PgType.PG_LSN, PgType.PG_LSN), PgType.NUMERIC,
                (ctx, a) -> LsnValues.difference((Long) a[0], (Long) a[1]));
        strict.define("pg_lsn", List.of(PgType.NUMERIC), PgType.PG_LSN, (ctx, a) -> LsnValues.fromNumeric(a[0]));
        strict.define("pg_current_wal_lsn", List.of(), PgType.PG_LSN,
                (ctx, a) -> notInRecovery(ctx).walInsertLsn());
        strict.define("pg_current_wal_insert_lsn", List.of(), PgType.PG_LSN,
                (ctx, a) -> notInRecovery(ctx).walInsertLsn());
        strict.define("pg_current_wal_flush_lsn", List.of(), PgType.PG_LSN,
                (ctx, a) -> notInRecovery(ctx).walFlushLsn());
        // pg_switch_wal: superusers only (PostgreSQL revokes it from PUBLIC; osgres keeps no ACL for built-ins)
        strict.define("pg_switch_wal", List.of(), PgType.PG_LSN, (ctx, a) -> {
            if (!ctx.session().gucs().currentUserIsSuperuser()) {
                throw osgres.api.PgException.error(osgres.api.SqlState.INSUFFICIENT_PRIVILEGE,
                        "permission denied for function pg_switch_wal");
            }
            return notInRecovery(ctx).switchWal();
        });
        strict.define("pg_last_wal_receive_lsn", List.of(), PgType.PG_LSN,
                (ctx, a) -> lsnOrNull(ctx.session().storage().recoveryStatus().receivedLsn()));
        strict.define("pg_last_wal_replay_lsn", List.of(), PgType.PG_LSN,
                (ctx, a) -> lsnOrNull(ctx.session().storage().recoveryStatus().replayedLsn()));
        strict.define("pg_walfile_name", List.of(PgType.PG_LSN), PgType.TEXT, (ctx, a) -> {
            ControlData control = control(ctx);
            return walFileName(control.checkpoint().timeline(), previousSegment((Long) a[0], control),
                    control.build().walSegmentSize());
        });
        oneRow.define("pg_walfile_name_offset", List.of(PgType.PG_LSN), PgType.RECORD, (ctx, a) -> {
            ControlData control = control(ctx);
            long lsn = (Long) a[0];
            int size = control.build().walSegmentSize();
            return new Object[] {walFileName(control.checkpoint().timeline(), previousSegment(lsn, control), size),
                (int) Long.remainderUnsigned(lsn, size)};
        });
        oneRow.define("pg_control_system", List.of(), PgType.RECORD, (ctx, a) -> {
            ControlData c = control(ctx);
            return new Object[] {c.controlVersion(), c.catalogVersion(), c.systemIdentifier(),
                Instant.ofEpochSecond(c.lastModified())};
        });
        oneRow.define("pg_control_checkpoint", List.of(), PgType.RECORD, (ctx, a) -> checkpoint(control(ctx)));
        oneRow.define("pg_control_recovery", List.of(), PgType.RECORD, (ctx, a) -> {
            ControlData.Recovery r = control(ctx).recovery();
            return new Object[] {r.minRecoveryPoint(), r.minRecoveryPointTimeline(), r.backupStartPoint(),
                r.backupEndPoint(), r.backupEndRequired()};
        });
        oneRow.define("pg_control_init", List.of(), PgType.RECORD, (ctx, a) -> {
            ControlData.Build b = control(ctx).build();
            return new Object[] {b.maxAlign(), b.blockSize(), b.blocksPerSegment(), b.walBlockSize(),
                b.walSegmentSize(), b.nameDataLength(), b.indexMaxKeys(), b.toastMaxChunkSize(),
                b.largeObjectChunkSize(), b.float8ByValue(), b.dataChecksumVersion()};
        });
    }

    /** The columns of the record-returning functions here, null for every other function. */
    static Functions.RowShape wideColumns(String name) {
        PgType lsn = PgType.PG_LSN;
        PgType int4 = PgType.INT4;
        return switch (name) {
            case "pg_walfile_name_offset" -> new Functions.RowShape(List.of("file_name", "file_offset"),
                    List.of(PgType.TEXT, int4));
            case "pg_control_system" -> new Functions.RowShape(List.of("pg_control_version", "catalog_version_no",
                    "system_identifier", "pg_control_last_modified"),
                    List.of(int4, int4, PgType.INT8, PgType.TIMESTAMPTZ));
            case "pg_control_checkpoint" -> new Functions.RowShape(CHECKPOINT_COLUMNS, CHECKPOINT_TYPES);
            case "pg_control_recovery" -> new Functions.RowShape(List.of("min_recovery_end_lsn",
                    "min_recovery_end_timeline", "backup_start_lsn", "backup_end_lsn",
                    "end_of_backup_record_required"), List.of(lsn, int4, lsn, lsn, PgType.BOOL));
            case "pg_control_init" -> new Functions.RowShape(List.of("max_data_alignment", "database_block_size",
                    "blocks_per_segment", "wal_block_size", "bytes_per_wal_segment", "max_identifier_length",
                    "max_index_columns", "max_toast_chunk_size", "large_object_chunk_size", "float8_pass_by_value",
                    "data_page_checksum_version"),
                    List.of(int4, int4, int4, int4, int4, int4, int4, int4, int4, PgType.BOOL, int4));
            default -> null;
        };
    }

    private static Object[] checkpoint(ControlData control) {
        ControlData.Checkpoint c = control.checkpoint();
        long redoSegment = Long.divideUnsigned(c.redoLsn(), control.build().walSegmentSize());
        return new Object[] {c.checkpointLsn(), c.redoLsn(),
            walFileName(c.timeline(), redoSegment, control.build().walSegmentSize()), c.timeline(),
            c.prevTimeline(), c.fullPageWrites(), (c.nextXid() >>> 32) + ":" + (c.nextXid() & 0xFFFFFFFFL),
            c.nextOid(), c.nextMulti(), c.nextMultiOffset(), c.oldestXid(), c.oldestXidDatabase(),
            c.oldestActiveXid(), c.oldestMulti(), c.oldestMultiDatabase(), c.oldestCommitTsXid(),
            c.newestCommitTsXid(), Instant.ofEpochSecond(c.time())};
    }

    private static ControlData control(ExecContext ctx) {
        return ctx.session().storage().controlData().orElseThrow(Messages::controlFileUnreadable);
    }

    /** XLByteToPrevSeg: the segment holding the byte before {@code lsn} (0/0 wraps, as in PostgreSQL). */
    private static long previousSegment(long lsn, ControlData control) {
        return Long.divideUnsigned(lsn - 1, control.build().walSegmentSize());
    }

    /** XLogFileName: timeline, then the segment number split at 4 GB, each as 8 upper-case hex digits. */
    static String walFileName(int timeline, long segment, int segmentSize) {
        long perId = 0x100000000L / segmentSize;
        return String.format("%08X%08X%08X", timeline, Long.divideUnsigned(segment, perId),
                Long.remainderUnsigned(segment, perId));
    }

    /** The WAL position functions' check: "recovery is in progress" (55000) on a standby. */
    private static osgres.storage.Storage notInRecovery(ExecContext ctx) {
        osgres.storage.Storage storage = ctx.session().storage();
        if (storage.recoveryStatus().inRecovery()) {
            throw osgres.api.PgException.error(osgres.api.SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE,
                    "recovery is in progress").withHint("WAL control functions cannot be executed during recovery.");
        }
        return storage;
    }

    private static Long lsnOrNull(long lsn) {
        return lsn == 0 ? null : lsn;
    }
}
