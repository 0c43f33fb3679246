/*
 * The replication slot functions (PostgreSQL's replication/slotfuncs.c): pg_create_physical_replication_slot and
 * pg_drop_replication_slot over the storage's slots (osgres.storage.ReplicationSource), which checks names, limits
 * and a slot in use and raises PostgreSQL's errors. CheckSlotPermissions first: a superuser or a role with
 * REPLICATION. A slot the session creates is released at once, as ReplicationSlotRelease does (a temporary one stays
 * the session's until it ends: SqlSessionImpl.close releases it). Not here: logical slots, pg_replication_slot_advance.
 */
package osgres.sql.internal.func;

import java.nio.file.Path;
import java.util.List;

import osgres.sql.internal.utils.ExecContext;
import osgres.sql.internal.utils.Messages;
import osgres.sql.internal.utils.PgType;
import osgres.storage.ReplicationSlot;
import osgres.storage.ReplicationSource;

final class ReplicationFunctions {

    private ReplicationFunctions() {
    }

    static void define(Functions.Registrar registrar) {
        // pg_create_physical_replication_slot(slot_name, immediately_reserve DEFAULT false, temporary DEFAULT false)
        List<List<PgType>> signatures = List.of(List.of(PgType.NAME), List.of(PgType.NAME, PgType.BOOL),
                List.of(PgType.NAME, PgType.BOOL, PgType.BOOL));
        for (List<PgType> args : signatures) {
            registrar.define("pg_create_physical_replication_slot", args, PgType.RECORD, true, true, false,
                    (ctx, a) -> List.<Object[]>of(create(ctx, (String) a[0], a.length > 1 && (Boolean) a[1],
                            a.length > 2 && (Boolean) a[2])));
        }
        // pg_backup_start(label, fast DEFAULT false) and pg_backup_stop(wait_for_archive DEFAULT true)
        registrar.define("pg_backup_start", List.of(PgType.TEXT), PgType.PG_LSN, true, false, false,
                (ctx, a) -> backupStart(ctx, (String) a[0], false));
        registrar.define("pg_backup_start", List.of(PgType.TEXT, PgType.BOOL), PgType.PG_LSN, true, false, false,
                (ctx, a) -> backupStart(ctx, (String) a[0], (Boolean) a[1]));
        registrar.define("pg_backup_stop", List.of(), PgType.RECORD, true, true, false,
                (ctx, a) -> List.<Object[]>of(backupStop(ctx, true)));
        registrar.define("pg_backup_stop", List.of(PgType.BOOL), PgType.RECORD, true, true, false,
                (ctx, a) -> List.<Object[]>of(backupStop(ctx, (Boolean) a[0])));
        // pg_promote(wait DEFAULT true, wait_seconds DEFAULT 60)
        registrar.define("pg_promote", List.of(), PgType.BOOL, true, false, false,
                (ctx, a) -> promote(ctx, true, 60));
        registrar.define("pg_promote", List.of(PgType.BOOL), PgType.BOOL, true, false, false,
                (ctx, a) -> promote(ctx, (Boolean) a[0], 60));
        registrar.define("pg_promote", List.of(PgType.BOOL, PgType.INT4), PgType.BOOL, true, false, false,
                (ctx, a) -> promote(ctx, (Boolean) a[0], (Integer) a[1]));
        registrar.define("pg_drop_replication_slot", List.of(PgType.NAME), PgType.VOID, true, false, false,
                (ctx, a) -> {
                    ReplicationSource source = source(ctx);
                    source.dropSlot((String) a[0], ctx.session().setup().backendPid());
                    return "";
                });
    }

    /** The columns of pg_create_physical_replication_slot's and pg_backup_stop's records, null for others. */
    static Functions.RowShape wideColumns(String name) {
        return switch (name) {
            case "pg_create_physical_replication_slot" -> new Functions.RowShape(List.of("slot_name", "lsn"),
                    List.of(PgType.NAME, PgType.PG_LSN));
            case "pg_backup_stop" -> new Functions.RowShape(List.of("lsn", "labelfile", "spcmapfile"),
                    List.of(PgType.PG_LSN, PgType.TEXT, PgType.TEXT));
            default -> null;
        };
    }

    /**
     * pg_backup_start (do_pg_backup_start, non-exclusive): a checkpoint (immediate when {@code fast}), then the
     * backup's start LSN; 55000 when this session already runs one. Superusers only (PostgreSQL revokes EXECUTE
     * from PUBLIC; osgres keeps no ACL for built-in functions, so no GRANT can open it to others).
     */
    private static Object backupStart(ExecContext ctx, String label, boolean fast) {
        requireSuperuser(ctx, "pg_backup_start");
        if (label.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 1024) {
            throw osgres.api.PgException.error(osgres.api.SqlState.INVALID_PARAMETER_VALUE,
                    "backup label too long (max 1024 bytes)");
        }
        var state = ctx.session().onlineBackup();
        if (state.get() != null) {
            throw osgres.api.PgException.error(osgres.api.SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE,
                    "a backup is already in progress in this session");
        }
        ReplicationSource.BackupStart start = storage(ctx).startBackup(fast);
        state.set(new osgres.sql.internal.utils.OnlineBackup(label, start, java.time.Instant.now()));
        return start.startLsn();
    }

    /**
     * pg_backup_stop (do_pg_backup_stop): the backup-end record, then (lsn, the backup_label text the copy needs,
     * an empty tablespace map); 55000 {@code backup is not in progress} without pg_backup_start. With
     * {@code wait_for_archive} it says, as PostgreSQL without archiving, that the WAL must be copied otherwise.
     */
    private static Object[] backupStop(ExecContext ctx, boolean waitForArchive) {
        requireSuperuser(ctx, "pg_backup_stop");
        osgres.sql.internal.utils.OnlineBackup backup = ctx.session().onlineBackup().get();
        if (backup == null) {
            throw osgres.api.PgException.error(osgres.api.SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE,
                    "backup is not in progress").withHint("Did you call pg_backup_start()?");
        }
        long end = storage(ctx).stopBackup(backup.start().startLsn());
        ctx.session().onlineBackup().set(null);
        if (waitForArchive) {
            osgres.sql.Interrupts interrupts = ctx.session().setup().interrupts();
            boolean archived = storage(ctx).awaitArchived(end, interrupts::check, seconds -> ctx.session().addNotice(
                    new osgres.api.PgException(osgres.api.Severity.WARNING, osgres.api.SqlState.SUCCESSFUL_COMPLETION,
                            "still waiting for all required WAL segments to be archived (" + seconds
                                    + " seconds elapsed)", null, ARCHIVE_WAIT_HINT, 0)));
            ctx.session().addNotice(new osgres.api.PgException(osgres.api.Severity.NOTICE,
                    osgres.api.SqlState.SUCCESSFUL_COMPLETION, archived ? "all required WAL segments have been archived"
                    : "WAL archiving is not enabled; you must ensure that all required WAL segments are copied "
                    + "through other means to complete the backup", null, null, 0));
        }
        return new Object[] {end, backup.start().labelFile(backup.label(), backup.startTime()), ""};
    }

    private static final String ARCHIVE_WAIT_HINT = "Check that your archive_command is executing properly.  You can "
            + "safely cancel this backup, but the database backup will not be usable without all the WAL segments.";

    /**
     * pg_promote (xlogfuncs.c): 55000 outside recovery, 22023 for wait_seconds <= 0; writes the {@code promote} file
     * and signals the postmaster (SIGUSR1), as pg_ctl promote does; with {@code wait}, polls every 100 ms (a cancel
     * ends it) until recovery has ended: true, or after wait_seconds a WARNING and false.
     */
    private static boolean promote(ExecContext ctx, boolean wait, int waitSeconds) {
        requireSuperuser(ctx, "pg_promote");
        if (!ctx.session().storage().recoveryStatus().inRecovery()) {
            throw osgres.api.PgException.error(osgres.api.SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE,
                    "recovery is not in progress").withHint("Recovery control functions can only be executed during "
                    + "recovery.");
        }
        if (waitSeconds <= 0) {
            throw osgres.api.PgException.error(osgres.api.SqlState.INVALID_PARAMETER_VALUE,
                    "\"wait_seconds\" must not be negative or zero");
        }
        Path promoteFile = ctx.session().setup().postmaster().status().dataDirectory().resolve("promote");
        try {
            java.nio.file.Files.write(promoteFile, new byte[0]);
        } catch (java.io.IOException e) {
            String reason = e instanceof java.nio.file.AccessDeniedException ? "Permission denied"
                    : e instanceof java.nio.file.NoSuchFileException ? "No such file or directory"
                    : "Input/output error";
            throw osgres.api.PgException.error(osgres.api.SqlState.INTERNAL_ERROR, "could not create file \""
                    + promoteFile + "\": " + reason);
        }
        ctx.session().setup().postmaster().requestUsr1();
        if (!wait) {
            return true;
        }
        osgres.sql.Interrupts interrupts = ctx.session().setup().interrupts();
        long deadline = System.nanoTime() + waitSeconds * 1_000_000_000L;
        while (System.nanoTime() - deadline < 0) {
            interrupts.check();
            if (!ctx.session().storage().recoveryStatus().inRecovery()) {
                return true;
            }
            interrupts.sleep(100_000_000L);
        }
        ctx.session().addNotice(new osgres.api.PgException(osgres.api.Severity.WARNING,
                osgres.api.SqlState.SUCCESSFUL_COMPLETION, "server did not promote within " + waitSeconds
                + " second" + (waitSeconds == 1 ? "" : "s"), null, null, 0));
        return false;
    }

    private static void requireSuperuser(ExecContext ctx, String function) {
        if (!ctx.session().gucs().currentUserIsSuperuser()) {
            throw osgres.api.PgException.error(osgres.api.SqlState.INSUFFICIENT_PRIVILEGE,
                    "permission denied for function " + function);
        }
    }

    private static ReplicationSource storage(ExecContext ctx) {
        return ctx.session().replication().source().orElseThrow(Messages::replicationSlotsUnavailable);
    }

    private static Object[] create(ExecContext ctx, String name, boolean reserve, boolean temporary) {
        ReplicationSource source = source(ctx);
        int pid = ctx.session().setup().backendPid();
        ReplicationSlot slot = source.createSlot(name, temporary, reserve, pid);
        source.releaseSlot(name, pid);
        return new Object[] {slot.name(), reserve && slot.restartLsn() != 0 ? slot.restartLsn() : null};
    }

    /** CheckSlotPermissions, then the storage's slots (gone only while the storage restarts). */
    private static ReplicationSource source(ExecContext ctx) {
        if (!ctx.session().gucs().currentUserIsSuperuser() && !ctx.session().gucs().roleGraph()
                .role(ctx.session().gucs().currentUser()).map(osgres.storage.Role::replication).orElse(false)) {
            throw Messages.mustBeReplicationRoleForSlots();
        }
        return ctx.session().replication().source().orElseThrow(Messages::replicationSlotsUnavailable);
    }
}
