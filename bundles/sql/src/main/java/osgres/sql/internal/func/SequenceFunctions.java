/*
 * The sequence functions (PostgreSQL's commands/sequence.c SQL-callable part): nextval(regclass),
 * currval(regclass), setval(regclass, bigint [, boolean]), lastval() and pg_get_serial_sequence(text, text).
 * The session's cached values and last values are in SessionSequences; the values come from the storage engine.
 */
package osgres.sql.internal.func;

import java.util.List;

import osgres.api.PgException;
import osgres.api.SqlState;
import osgres.sql.internal.catalog.Privileges;
import osgres.sql.internal.utils.Messages;
import osgres.sql.internal.utils.PgType;
import osgres.sql.internal.utils.RegClass;
import osgres.storage.TableDef;
import osgres.storage.Transaction;

final class SequenceFunctions {

    private SequenceFunctions() {
    }

    /** Registers the sequence functions in the function catalog. */
    static void define(BuiltinFunctions.Definer strict) {
        PgType regclass = PgType.REGCLASS;
        PgType int8 = PgType.INT8;
        strict.define("nextval", List.of(regclass), int8, (ctx, a) -> {
            checkPrivilege(ctx, oid(a[0]), Privileges.USAGE | Privileges.UPDATE);
            return ctx.session().sequences().nextval(ctx.session().transaction(), oid(a[0]));
        });
        strict.define("currval", List.of(regclass), int8, (ctx, a) -> {
            checkPrivilege(ctx, oid(a[0]), Privileges.USAGE | Privileges.SELECT);
            return ctx.session().sequences().currval(ctx.session().transaction(), oid(a[0]));
        });
        strict.define("setval", List.of(regclass, int8), int8, (ctx, a) -> {
            checkPrivilege(ctx, oid(a[0]), Privileges.UPDATE);
            return ctx.session().sequences().setval(ctx.session().transaction(), oid(a[0]), (Long) a[1], true);
        });
        strict.define("setval", List.of(regclass, int8, PgType.BOOL), int8, (ctx, a) -> {
            checkPrivilege(ctx, oid(a[0]), Privileges.UPDATE);
            return ctx.session().sequences().setval(ctx.session().transaction(), oid(a[0]), (Long) a[1],
                    (Boolean) a[2]);
        });
        strict.define("lastval", List.of(), int8,
                (ctx, a) -> ctx.session().sequences().lastval(ctx.session().transaction()));
        strict.define("pg_get_serial_sequence", List.of(PgType.TEXT, PgType.TEXT), PgType.TEXT,
                (ctx, a) -> serialSequence(ctx.session().transaction(), (String) a[0], (String) a[1]));
    }

    private static int oid(Object regclass) {
        return ((RegClass) regclass).relationOid();
    }

    /**
     * pg_get_serial_sequence(table, column): the schema-qualified name of the sequence the column owns (SERIAL,
     * identity, OWNED BY), or null. The table name is parsed as SQL writes names (lower-cased unless quoted); the
     * column name is taken as it is.
     */
    static String serialSequence(Transaction tx, String tableName, String column) {
        RegClass table = RegClass.input(tableName, tx, 0);
        TableDef def = tx.tables().stream().filter(t -> (t.oid() & 0xFFFFFFFFL) == table.oid()).findFirst()
                .orElseThrow(() -> Messages.relationDoesNotExist(table.output(), 0));
        int index = def.columnIndex(column);
        if (index < 0) {
            throw PgException.error(SqlState.UNDEFINED_COLUMN, "column \"" + column + "\" of relation \""
                    + def.name() + "\" does not exist");
        }
        for (TableDef t : tx.tables()) {
            if (t.isSequence() && t.sequence().ownerTable() == def.oid() && t.sequence().ownerColumn() == index) {
                return "public." + RegClass.quoteIdentifier(t.name());
            }
        }
        return null;
    }

    /**
     * nextval_internal's, currval's and setval's pg_class_aclcheck (ACLMASK_ANY of {@code privileges}): 42501
     * "permission denied for sequence s". A superuser is not looked for; a relation that is no sequence is left
     * to the sequence's own "is not a sequence".
     */
    private static void checkPrivilege(osgres.sql.internal.utils.ExecContext ctx, int oid, int privileges) {
        if (ctx.session().gucs().currentUserIsSuperuser()) {
            return;
        }
        for (osgres.storage.TableDef t : ctx.session().transaction().tables()) {
            if (t.oid() == oid && t.isSequence()) {
                int user = Privileges.currentUserOid(ctx.session());
                if (Privileges.relationMask(ctx.session(), t, user, privileges) == 0) {
                    throw osgres.sql.internal.utils.Messages.permissionDenied("sequence", t.name());
                }
                return;
            }
        }
    }
}
