/*
 * pg_sequence and pg_depend (src/include/catalog/pg_sequence.h, pg_depend.h) as psql's \d SEQUENCE and pg_dump read
 * them: each sequence's parameters from its SequenceDef; the dependency of an owned sequence on its column (deptype
 * 'a' for SERIAL and OWNED BY, 'i' for an identity column's), which psql prints as "Owned by: public.t.id"; a
 * column default's on its column ('a') and on each sequence it calls nextval on ('n'); a view's _RETURN rule's on
 * its view ('i') and on each relation the view reads ('n', the relation as a whole); an inheritance child's on its
 * parents ('n'; a partition's 'a'). pg_dump orders its output by these: a view after its tables, a child after its
 * parents, a serial column's default after its sequence.
 * Also the constraints' dependencies, as information_schema's referential_constraints and constraint_column_usage
 * read them (PostgreSQL's CreateConstraintEntry and index_create): a PRIMARY KEY's or UNIQUE's index on its
 * constraint ('i'), a constraint on its table's columns ('a'; a CHECK also 'n' on the columns its expression names,
 * here its conkey), a FOREIGN KEY on the referenced columns and on the referenced unique index ('n').
 * Not here: pg_depend's other rows (column-level dependencies of views, types, functions, triggers).
 */
package osgres.sql.internal.catalog;

import java.util.ArrayList;
import java.util.List;

import osgres.sql.internal.utils.PgType;
import osgres.sql.internal.utils.RegClass;
import osgres.sql.internal.utils.SessionServices;
import osgres.storage.ArrayValue;
import osgres.storage.SequenceDef;
import osgres.storage.TableDef;

public final class SequenceCatalogs {
    private static final PgType OID = PgType.OID;
    private static final PgType INT8 = PgType.INT8;
    private static final long PG_CLASS = 1259;
    private static final long PG_ATTRDEF = 2604;
    private static final long PG_REWRITE = 2618;
    private static final long PG_CONSTRAINT = 2606;

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
            if (t.isView()) {
                long rule = ConstraintCatalogs.viewRuleOid(t);
                rows.add(new Object[] {PG_REWRITE, rule, 0, PG_CLASS, SystemCatalogs.oid(t.oid()), 0, "i"});
                for (osgres.storage.ViewDef.Reference r : t.view().references()) {
                    rows.add(new Object[] {PG_REWRITE, rule, 0, PG_CLASS, SystemCatalogs.oid(r.relation()), 0, "n"});
                }
            } else if (!t.isSequence()) {
                defaultDependencies(session, t, rows);
                // an inheritance child on its parents ('n'), a partition on its partitioned table ('a')
                for (int parent : t.inheritance().parents()) {
                    rows.add(new Object[] {PG_CLASS, SystemCatalogs.oid(t.oid()), 0, PG_CLASS,
                        SystemCatalogs.oid(parent), 0, t.inheritance().isPartition() ? "a" : "n"});
                }
            }
        }
        constraintDependencies(session, rows);
        return rows;
    }

    /** The dependencies of pg_constraint's rows (see the header), in the order PostgreSQL records them. */
    private static void constraintDependencies(SessionServices session, List<Object[]> rows) {
        for (Object[] c : ConstraintCatalogs.PG_CONSTRAINT.rows().apply(session)) {
            long oid = (Long) c[0];
            String type = (String) c[3];
            long table = (Long) c[7];
            long index = (Long) c[9];
            if (type.equals("p") || type.equals("u")) {
                rows.add(new Object[] {PG_CLASS, index, 0, PG_CONSTRAINT, oid, 0, "i"});
            }
            for (Object attnum : ((ArrayValue) c[18]).elements()) {
                rows.add(new Object[] {PG_CONSTRAINT, oid, 0, PG_CLASS, table, (int) (Short) attnum, "a"});
            }
            if (type.equals("c")) {
                for (Object attnum : ((ArrayValue) c[18]).elements()) {
                    rows.add(new Object[] {PG_CONSTRAINT, oid, 0, PG_CLASS, table, (int) (Short) attnum, "n"});
                }
            } else if (type.equals("f")) {
                for (Object attnum : ((ArrayValue) c[19]).elements()) {
                    rows.add(new Object[] {PG_CONSTRAINT, oid, 0, PG_CLASS, c[11], (int) (Short) attnum, "n"});
                }
                if (index != 0) {
                    rows.add(new Object[] {PG_CONSTRAINT, oid, 0, PG_CLASS, index, 0, "n"});
                }
            }
        }
    }

    /** A column default's rows: on its column ('a'), on each sequence it calls nextval on ('n'). */
    private static void defaultDependencies(SessionServices session, TableDef t, List<Object[]> rows) {
        for (int i = 0; i < t.columns().size(); i++) {
            osgres.storage.ColumnDef c = t.columns().get(i);
            if (c.defaultSql() == null || c.isIdentity()) {
                continue;
            }
            long attrdef = ConstraintCatalogs.attrdefOid(t, i);
            rows.add(new Object[] {PG_ATTRDEF, attrdef, 0, PG_CLASS, SystemCatalogs.oid(t.oid()), i + 1, "a"});
            java.util.regex.Matcher call = NEXTVAL.matcher(c.defaultSql());
            while (call.find()) {
                try {
                    RegClass seq = RegClass.input(call.group(1).replace("''", "'"), session.transaction(), 0);
                    rows.add(new Object[] {PG_ATTRDEF, attrdef, 0, PG_CLASS, seq.oid(), 0, "n"});
                } catch (osgres.api.PgException e) {
                    // a sequence dropped since (its default went with it) or a name computed at run time
                }
            }
        }
    }

    /** nextval('name'[::regclass]) in a default's text: the sequence PostgreSQL's cooked default refers to. */
    private static final java.util.regex.Pattern NEXTVAL =
            java.util.regex.Pattern.compile("(?i:nextval)\\s*\\(\\s*'((?:[^']|'')*)'");
}
