/*
 * The replication slot functions (PostgreSQL's replication/slotfuncs.c): pg_create_physical_replication_slot and
 * pg_drop_replication_slot over the storage's slots (osgres.storage.ReplicationSource), which checks names, limits
 * and a slot in use and raises PostgreSQL's errors. CheckSlotPermissions first: a superuser or a role with
 * REPLICATION. A slot the session creates is released at once, as ReplicationSlotRelease does (a temporary one stays
 * the session's until it ends: SqlSessionImpl.close releases it). Not here: logical slots, pg_replication_slot_advance.
 */
package osgres.sql.internal.func;

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
        registrar.define("pg_drop_replication_slot", List.of(PgType.NAME), PgType.VOID, true, false, false,
                (ctx, a) -> {
                    ReplicationSource source = source(ctx);
                    source.dropSlot((String) a[0], ctx.session().setup().backendPid());
                    return "";
                });
    }

    /** The columns of pg_create_physical_replication_slot's record, null for other functions. */
    static Functions.RowShape wideColumns(String name) {
        return name.equals("pg_create_physical_replication_slot")
                ? new Functions.RowShape(List.of("slot_name", "lsn"), List.of(PgType.NAME, PgType.PG_LSN)) : null;
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
