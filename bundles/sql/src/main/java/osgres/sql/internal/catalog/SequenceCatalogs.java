/*
 * pg_sequence and pg_depend (src/include/catalog/pg_sequence.h, pg_depend.h) as psql's \d SEQUENCE reads them:
 * each sequence's parameters from its SequenceDef, and the dependency of an owned sequence on its column (deptype
 * 'a' for SERIAL and OWNED BY, 'i' for an identity column's), which psql prints as "Owned by: public.t.id".
 * Not here: pg_depend's other rows (indexes and constraints on their tables' columns, views' rules on the relations
 * they read, types, functions): only owned sequences' dependencies are shown.
 */
package osgres.sql.internal.catalog;

import java.util.ArrayList;
import java.util.List;

import osgres.sql.internal.utils.PgType;
import osgres.sql.internal.utils.SessionServices;
import osgres.storage.SequenceDef;
import osgres.storage.TableDef;

public final class SequenceCatalogs {
    private static final PgType OID = PgType.OID;
    private static final PgType INT8 = PgType.INT8;
    private static final long PG_CLASS = 1259;

    static final SystemViews.View PG_SEQUENCE = new SystemViews.View("pg_sequence", SystemViews.columns(
            "seqrelid", OID, "seqtypid", OID, "seqstart", INT8, "seqincrement", INT8, "seqmax", INT8, "seqmin", INT8,
            "seqcache", INT8, "seqcycle", PgType.BOOL),
            SequenceCatalogs::sequences);

    static final SystemViews.View PG_DEPEND = new SystemViews.View("pg_depend", SystemViews.columns(
            "classid", OID, "objid", OID, "objsubid", PgType.INT4, "refclassid", OID, "refobjid", OID,
            "refobjsubid", PgType.INT4, "deptype", PgType.CHAR),
            SequenceCatalogs::dependencies);

    static final List<SystemViews.View> ALL = List.of(PG_SEQUENCE, PG_DEPEND);

    private SequenceCatalogs() {
    }

    private static List<Object[]> sequences(SessionServices session) {
        List<Object[]> rows = new ArrayList<>();
        for (TableDef t : SystemCatalogs.userRelations(session.transaction())) {
            SequenceDef s = t.sequence();
            if (t.isSequence() && s != null) {
                rows.add(new Object[] {
                    SystemCatalogs.oid(t.oid()), (long) s.typeOid(), s.start(), s.increment(), s.max(), s.min(),
                    s.cache(), s.cycle()});
            }
        }
        return rows;
    }

    private static List<Object[]> dependencies(SessionServices session) {
        List<Object[]> rows = new ArrayList<>();
        for (TableDef t : SystemCatalogs.userRelations(session.transaction())) {
            SequenceDef s = t.sequence();
            if (t.isSequence() && s != null && s.ownerTable() != 0 && s.ownerColumn() >= 0) {
                rows.add(new Object[] {
                    PG_CLASS, SystemCatalogs.oid(t.oid()), 0, PG_CLASS, SystemCatalogs.oid(s.ownerTable()),
                    s.ownerColumn() + 1, s.identity() ? "i" : "a"});
            }
        }
        return rows;
    }
}
