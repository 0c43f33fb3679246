/*
 * The catalogs psql's \d TABLE reads after pg_class and pg_attribute (src/include/catalog/pg_constraint.h,
 * pg_attrdef.h, pg_inherits.h, and the ones it only needs to exist: pg_policy, pg_statistic_ext, pg_publication,
 * pg_publication_rel, pg_publication_namespace, pg_rewrite, pg_trigger), with PostgreSQL 15's columns, produced at
 * each scan from the storage catalog as the session's transaction sees it, like SystemCatalogs. Also
 * pg_get_constraintdef and pg_get_expr over what these rows hold.
 *
 * pg_constraint: a PRIMARY KEY (contype 'p') for each primary index, a UNIQUE ('u') for each unique index named
 * {@code *_key} (the storage does not record whether a unique index came from a constraint; CREATE UNIQUE INDEX
 * names end in {@code _idx} unless named by hand), a CHECK ('c') for each CheckConstraint, a FOREIGN KEY ('f') for
 * each ForeignKey. adbin and conbin hold the expression as pg_get_expr prints it (ruleutils' text, not a node
 * tree): pg_get_expr returns it, or its pretty form.
 *
 * OIDs: the storage keeps none for a constraint or a default, so they are derived and stable across restart: a
 * PRIMARY KEY or UNIQUE constraint has its index's oid; a CHECK or FOREIGN KEY constraint 2^31 + a hash of (table
 * oid, contype, name) in 2^30 values; a default 2^31 + 2^30 + a hash of (table oid, attnum). Renaming a CHECK or
 * FOREIGN KEY constraint changes its oid. conkey of a CHECK lists the columns its text names. pg_publication_rel's
 * prattrs is an int2[] (PostgreSQL: int2vector, which psql casts to int2[]; osgres has no such cast).
 * pg_trigger's rows come from the session (utils/TriggerDefinitions). pg_rewrite shows each view's _RETURN rule
 * (oid 2^31 + 2^29 + a hash of the view's oid); not here: CREATE RULE's rules (session/RuleCatalog keeps them),
 * policies, statistics objects and publications (osgres has none).
 */
package osgres.sql.internal.catalog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import osgres.sql.internal.utils.Namespaces;
import osgres.sql.internal.utils.PgType;
import osgres.sql.internal.utils.RegClass;
import osgres.sql.internal.utils.SessionServices;
import osgres.sql.internal.utils.StoredExpressions;
import osgres.storage.ArrayValue;
import osgres.storage.CheckConstraint;
import osgres.storage.ColumnDef;
import osgres.storage.ForeignKey;
import osgres.storage.IndexDef;
import osgres.storage.TableDef;
import osgres.storage.Transaction;

public final class ConstraintCatalogs {

    private static final PgType OID = PgType.OID;
    private static final PgType NAME = PgType.NAME;
    private static final PgType INT2 = PgType.INT2;
    private static final PgType BOOL = PgType.BOOL;
    private static final PgType CHAR = PgType.CHAR;
    private static final PgType TREE = PgType.PG_NODE_TREE;
    private static final PgType INT2S = PgType.INT2_ARRAY;
    private static final PgType OIDS = PgType.OID_ARRAY;

    static final SystemViews.View PG_CONSTRAINT = new SystemViews.View("pg_constraint", SystemViews.columns(
            "oid", OID, "conname", NAME, "connamespace", OID, "contype", CHAR, "condeferrable", BOOL,
            "condeferred", BOOL, "convalidated", BOOL, "conrelid", OID, "contypid", OID, "conindid", OID,
            "conparentid", OID, "confrelid", OID, "confupdtype", CHAR, "confdeltype", CHAR, "confmatchtype", CHAR,
            "conislocal", BOOL, "coninhcount", PgType.INT4, "connoinherit", BOOL, "conkey", INT2S, "confkey", INT2S,
            "conpfeqop", OIDS, "conppeqop", OIDS, "conffeqop", OIDS, "confdelsetcols", INT2S, "conexclop", OIDS,
            "conbin", TREE),
            ConstraintCatalogs::constraints);

    static final SystemViews.View PG_ATTRDEF = new SystemViews.View("pg_attrdef", SystemViews.columns(
            "oid", OID, "adrelid", OID, "adnum", INT2, "adbin", TREE),
            ConstraintCatalogs::defaults);

    static final SystemViews.View PG_INHERITS = new SystemViews.View("pg_inherits", SystemViews.columns(
            "inhrelid", OID, "inhparent", OID, "inhseqno", PgType.INT4, "inhdetachpending", BOOL),
            ConstraintCatalogs::inherits);

    static final SystemViews.View PG_POLICY = new SystemViews.View("pg_policy", SystemViews.columns(
            "oid", OID, "polname", NAME, "polrelid", OID, "polcmd", CHAR, "polpermissive", BOOL, "polroles", OIDS,
            "polqual", TREE, "polwithcheck", TREE),
            session -> List.of());

    static final SystemViews.View PG_STATISTIC_EXT = new SystemViews.View("pg_statistic_ext", SystemViews.columns(
            "oid", OID, "stxrelid", OID, "stxname", NAME, "stxnamespace", OID, "stxowner", OID,
            "stxstattarget", PgType.INT4, "stxkeys", PgType.INT2VECTOR, "stxkind", PgType.CHAR_ARRAY,
            "stxexprs", TREE),
            session -> List.of());

    static final SystemViews.View PG_PUBLICATION = new SystemViews.View("pg_publication", SystemViews.columns(
            "oid", OID, "pubname", NAME, "pubowner", OID, "puballtables", BOOL, "pubinsert", BOOL,
            "pubupdate", BOOL, "pubdelete", BOOL, "pubtruncate", BOOL, "pubviaroot", BOOL),
            session -> List.of());

    static final SystemViews.View PG_PUBLICATION_REL = new SystemViews.View("pg_publication_rel",
            SystemViews.columns("oid", OID, "prpubid", OID, "prrelid", OID, "prqual", TREE,
                    "prattrs", PgType.INT2VECTOR),
            session -> List.of());

    static final SystemViews.View PG_PUBLICATION_NAMESPACE = new SystemViews.View("pg_publication_namespace",
            SystemViews.columns("oid", OID, "pnpubid", OID, "pnnspid", OID),
            session -> List.of());

    static final SystemViews.View PG_REWRITE = new SystemViews.View("pg_rewrite", SystemViews.columns(
            "oid", OID, "rulename", NAME, "ev_class", OID, "ev_type", CHAR, "ev_enabled", CHAR, "is_instead", BOOL,
            "ev_qual", TREE, "ev_action", TREE),
            ConstraintCatalogs::rules);

    static final SystemViews.View PG_TRIGGER = new SystemViews.View("pg_trigger", SystemViews.columns(
            "oid", OID, "tgrelid", OID, "tgparentid", OID, "tgname", NAME, "tgfoid", OID, "tgtype", INT2,
            "tgenabled", CHAR, "tgisinternal", BOOL, "tgconstrrelid", OID, "tgconstrindid", OID,
            "tgconstraint", OID, "tgdeferrable", BOOL, "tginitdeferred", BOOL, "tgnargs", INT2,
            "tgattr", PgType.INT2VECTOR, "tgargs", PgType.BYTEA, "tgqual", TREE, "tgoldtable", NAME,
            "tgnewtable", NAME),
            session -> session.triggerDefinitions() == null ? List.of() : session.triggerDefinitions().rows());

    static final List<SystemViews.View> ALL = List.of(PG_CONSTRAINT, PG_ATTRDEF, PG_INHERITS, PG_POLICY,
            PG_STATISTIC_EXT, PG_PUBLICATION, PG_PUBLICATION_REL, PG_PUBLICATION_NAMESPACE, PG_REWRITE, PG_TRIGGER);

    private ConstraintCatalogs() {
    }

    /** One constraint of a table, as pg_constraint shows it and pg_get_constraintdef prints it. */
    private record Constraint(long oid, TableDef table, long namespace, char type, String name,
                              IndexDef index, CheckConstraint check, ForeignKey foreignKey, String conbin) {
    }

    /** pg_attrdef.oid of column {@code column}'s (0-based) default: derived from the table's oid, stable with it. */
    static long attrdefOid(TableDef t, int column) {
        return derivedOid(1L << 30, t.oid() + ":d:" + (column + 1)) & 0xFFFFFFFFL;
    }

    /** pg_rewrite.oid of a view's _RETURN rule: derived from the view's oid, stable with it. */
    static long viewRuleOid(TableDef view) {
        return derivedOid(1L << 29, view.oid() + ":_RETURN") & 0xFFFFFFFFL;
    }

    private static long derivedOid(long base, String key) {
        return (1L << 31) + base + (key.hashCode() & 0x3FFFFFFFL);
    }

    /** Every constraint the transaction sees, in table order and, per table, p, u, c, f. */
    private static List<Constraint> all(SessionServices session) {
        Transaction tx = session.transaction();
        StoredExpressions expressions = session.storedExpressions();
        List<Constraint> out = new ArrayList<>();
        for (TableDef t : SystemCatalogs.userRelations(tx)) {
            if (t.isView() || t.isSequence()) {
                continue;
            }
            long nsp = SystemCatalogs.namespaceOf(tx, t);
            for (IndexDef i : t.indexes()) {
                if (i.primary() || i.unique() && i.name().endsWith("_key") && !i.partial()) {
                    out.add(new Constraint(SystemCatalogs.oid(i.oid()), t, nsp, i.primary() ? 'p' : 'u',
                            i.name(), i, null, null, null));
                }
            }
            for (CheckConstraint c : t.checks()) {
                String conbin = expressions == null ? "(" + c.expression() + ")"
                        : expressions.condition(t, c.expression());
                out.add(new Constraint(derivedOid(0, t.oid() + ":c:" + c.name()), t, nsp, 'c', c.name(), null, c,
                        null, conbin));
            }
            for (ForeignKey f : t.foreignKeys()) {
                out.add(new Constraint(derivedOid(0, t.oid() + ":f:" + f.name()), t, nsp, 'f', f.name(), null,
                        null, f, null));
            }
        }
        return out;
    }

    private static List<Object[]> constraints(SessionServices session) {
        Transaction tx = session.transaction();
        Map<Integer, TableDef> byOid = new HashMap<>();
        SystemCatalogs.userRelations(tx).forEach(t -> byOid.put(t.oid(), t));
        List<Object[]> rows = new ArrayList<>();
        for (Constraint c : all(session)) {
            switch (c.type()) {
                case 'p', 'u' -> rows.add(row(c, false, false, true, c.oid(), 0L, " ", " ", " ", false,
                        attnums(c.index().columns()), null, null));
                case 'c' -> {
                    Object[] r = row(c, false, false, c.check().validated(), 0L, 0L, " ", " ", " ",
                            c.check().noInherit(), checkColumns(c.table(), c.check().expression()), null, c.conbin());
                    // a CHECK the table has from its parents: coninhcount of them, not local (pg_dump leaves it to
                    // the parent's)
                    int inherited = inheritedChecks(c.table(), c.name(), byOid::get);
                    r[15] = inherited == 0;
                    r[16] = inherited;
                    rows.add(r);
                }
                default -> {
                    ForeignKey f = c.foreignKey();
                    TableDef referenced = byOid.get(f.referencedTable());
                    long index = referenced == null ? 0L : referencedIndex(referenced, f.referencedColumns())
                            .map(i -> SystemCatalogs.oid(i.oid())).orElse(0L);
                    Object[] r = row(c, f.deferrable(), f.initiallyDeferred(), f.validated(), index,
                            SystemCatalogs.oid(f.referencedTable()), String.valueOf(f.onUpdate()),
                            String.valueOf(f.onDelete()), String.valueOf(f.matchType()), false,
                            attnums(f.columns()), attnums(f.referencedColumns()), null);
                    if (!f.deleteSetColumns().isEmpty()) {
                        r[23] = attnums(f.deleteSetColumns());
                    }
                    rows.add(r);
                }
            }
        }
        return rows;
    }

    /**
     * How many of {@code table}'s parents (found by oid through {@code parents}) have a CHECK constraint named
     * {@code name} that their children inherit (pg_constraint.coninhcount).
     */
    public static int inheritedChecks(TableDef table, String name, java.util.function.IntFunction<TableDef> parents) {
        int count = 0;
        for (int parent : table.inheritance().parents()) {
            TableDef p = parents.apply(parent);
            if (p != null && p.checks().stream().anyMatch(k -> k.name().equals(name) && !k.noInherit())) {
                count++;
            }
        }
        return count;
    }

    private static Object[] row(Constraint c, boolean deferrable, boolean deferred, boolean validated, long index,
                                long confrelid, String updType, String delType, String matchType, boolean noInherit,
                                ArrayValue conkey, ArrayValue confkey, String conbin) {
        return new Object[] {
            c.oid(), c.name(), c.namespace(), String.valueOf(c.type()), deferrable, deferred, validated,
            SystemCatalogs.oid(c.table().oid()), 0L, index, 0L, confrelid, updType, delType, matchType, true, 0,
            noInherit, conkey, confkey, null, null, null, null, null, conbin};
    }

    private static ArrayValue attnums(List<Integer> positions) {
        return ArrayValue.of(PgType.INT2.oid(), positions.stream().map(p -> (short) (p + 1)).toList());
    }

    /** The columns a CHECK's text names, in attnum order. */
    private static ArrayValue checkColumns(TableDef table, String expression) {
        List<Integer> found = new ArrayList<>();
        String lower = expression.toLowerCase(java.util.Locale.ROOT);
        for (int i = 0; i < table.columns().size(); i++) {
            String name = table.columns().get(i).name();
            if (java.util.regex.Pattern.compile("(?<![a-z0-9_$])" + java.util.regex.Pattern.quote(name)
                    + "(?![a-z0-9_$])").matcher(lower).find()) {
                found.add(i);
            }
        }
        return attnums(found);
    }

    /** The unique index of {@code table} over exactly {@code columns} a foreign key references. */
    private static Optional<IndexDef> referencedIndex(TableDef table, List<Integer> columns) {
        return table.indexes().stream().filter(i -> i.unique() && !i.partial()
                && i.columns().size() == columns.size() && i.columns().containsAll(columns))
                .sorted((a, b) -> Boolean.compare(b.primary(), a.primary())).findFirst();
    }

    // ---- pg_attrdef ----------------------------------------------------------------------------------------

    private static List<Object[]> defaults(SessionServices session) {
        StoredExpressions expressions = session.storedExpressions();
        List<Object[]> rows = new ArrayList<>();
        for (TableDef t : SystemCatalogs.userRelations(session.transaction())) {
            if (t.isSequence()) {
                continue;
            }
            for (int i = 0; i < t.columns().size(); i++) {
                ColumnDef c = t.columns().get(i);
                if (c.defaultSql() == null || c.isIdentity()) {
                    continue;
                }
                String adbin = expressions == null ? c.defaultSql() : expressions.columnDefault(t, i);
                rows.add(new Object[] {
                    attrdefOid(t, i), SystemCatalogs.oid(t.oid()),
                    (short) (i + 1), adbin});
            }
        }
        return rows;
    }

    // ---- pg_rewrite ----------------------------------------------------------------------------------------

    /** Each view's _RETURN rule (ev_type '1' ON SELECT, INSTEAD); ev_action shows the view's query text. */
    private static List<Object[]> rules(SessionServices session) {
        List<Object[]> rows = new ArrayList<>();
        for (TableDef t : SystemCatalogs.userRelations(session.transaction())) {
            if (t.isView()) {
                rows.add(new Object[] {viewRuleOid(t), "_RETURN", SystemCatalogs.oid(t.oid()), "1", "O", true, "<>",
                    t.view().query()});
            }
        }
        return rows;
    }

    // ---- pg_inherits ---------------------------------------------------------------------------------------

    private static List<Object[]> inherits(SessionServices session) {
        List<Object[]> rows = new ArrayList<>();
        for (TableDef t : SystemCatalogs.userRelations(session.transaction())) {
            List<Integer> parents = t.inheritance().parents();
            for (int i = 0; i < parents.size(); i++) {
                rows.add(new Object[] {SystemCatalogs.oid(t.oid()), SystemCatalogs.oid(parents.get(i)), i + 1, false});
            }
        }
        return rows;
    }

    /** pg_partition_ancestors(rel): the relation, then its parents up the partition tree. */
    public static List<Object> partitionAncestors(SessionServices session, long oid) {
        Map<Long, TableDef> byOid = new HashMap<>();
        SystemCatalogs.userRelations(session.transaction()).forEach(t -> byOid.put(SystemCatalogs.oid(t.oid()), t));
        List<Object> out = new ArrayList<>();
        TableDef t = byOid.get(oid);
        while (t != null && (t.relkind() == 'r' || t.relkind() == 'p')) {
            out.add(new RegClass(SystemCatalogs.oid(t.oid()), t.name()));
            if (!t.inheritance().isPartition() || t.inheritance().parents().isEmpty()) {
                break;
            }
            t = byOid.get(SystemCatalogs.oid(t.inheritance().parents().getFirst()));
        }
        return out;
    }

    // ---- functions -----------------------------------------------------------------------------------------

    /** pg_get_constraintdef(oid[, pretty]): NULL for an oid no constraint has. */
    public static String constraintDefinition(SessionServices session, long oid, boolean pretty) {
        for (Constraint c : all(session)) {
            if (c.oid() == oid) {
                return definition(session, c, pretty);
            }
        }
        return null;
    }

    private static String definition(SessionServices session, Constraint c, boolean pretty) {
        TableDef t = c.table();
        return switch (c.type()) {
            case 'p', 'u' -> (c.type() == 'p' ? "PRIMARY KEY (" : "UNIQUE (") + columnNames(t,
                    c.index().columns()) + ")";
            case 'c' -> "CHECK (" + (pretty ? PrettyExpression.of(c.conbin()) : c.conbin()) + ")"
                    + (c.check().noInherit() ? " NO INHERIT" : "") + (c.check().validated() ? "" : " NOT VALID");
            default -> foreignKeyDefinition(session, c);
        };
    }

    private static String foreignKeyDefinition(SessionServices session, Constraint c) {
        ForeignKey f = c.foreignKey();
        TableDef referenced = SystemCatalogs.userRelations(session.transaction()).stream()
                .filter(r -> r.oid() == f.referencedTable()).findFirst().orElse(null);
        StringBuilder sql = new StringBuilder("FOREIGN KEY (").append(columnNames(c.table(), f.columns()))
                .append(") REFERENCES ");
        if (referenced != null) {
            Boolean visible = SystemCatalogs.tableIsVisible(session, SystemCatalogs.oid(referenced.oid()));
            if (visible == null || !visible) {
                sql.append(RegClass.quoteIdentifier(Namespaces.name(SystemCatalogs.namespaceOf(
                        session.transaction(), referenced)))).append('.');
            }
            sql.append(RegClass.quoteIdentifier(referenced.name())).append('(')
                    .append(columnNames(referenced, f.referencedColumns())).append(')');
        }
        if (f.matchType() == ForeignKey.MATCH_FULL) {
            sql.append(" MATCH FULL");
        }
        if (f.onUpdate() != ForeignKey.NO_ACTION) {
            sql.append(" ON UPDATE ").append(action(f.onUpdate()));
        }
        if (f.onDelete() != ForeignKey.NO_ACTION) {
            sql.append(" ON DELETE ").append(action(f.onDelete()));
            if (!f.deleteSetColumns().isEmpty()) {
                sql.append(" (").append(columnNames(c.table(), f.deleteSetColumns())).append(')');
            }
        }
        if (f.deferrable()) {
            sql.append(" DEFERRABLE");
        }
        if (f.initiallyDeferred()) {
            sql.append(" INITIALLY DEFERRED");
        }
        if (!f.validated()) {
            sql.append(" NOT VALID");
        }
        return sql.toString();
    }

    private static String action(char code) {
        return switch (code) {
            case ForeignKey.RESTRICT -> "RESTRICT";
            case ForeignKey.CASCADE -> "CASCADE";
            case ForeignKey.SET_NULL -> "SET NULL";
            case ForeignKey.SET_DEFAULT -> "SET DEFAULT";
            default -> "NO ACTION";
        };
    }

    private static String columnNames(TableDef t, List<Integer> positions) {
        StringBuilder out = new StringBuilder();
        for (int p : positions) {
            out.append(out.isEmpty() ? "" : ", ").append(RegClass.quoteIdentifier(t.columns().get(p).name()));
        }
        return out.toString();
    }

    /** pg_get_expr(tree, relation[, pretty]): the stored text, in its pretty form when asked. */
    public static String expression(String tree, boolean pretty) {
        return pretty ? PrettyExpression.of(tree) : tree;
    }
}
