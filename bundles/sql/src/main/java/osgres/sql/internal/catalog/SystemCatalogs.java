/*
 * The first relations of PostgreSQL 15's pg_catalog that clients read (psql's \dt, \di, \dn; drivers' metadata):
 * pg_namespace, pg_class, pg_attribute, pg_am and pg_index, and the views pg_tables and pg_indexes over them,
 * with PostgreSQL's column names, order and types (src/include/catalog/pg_class.h, pg_attribute.h, pg_index.h,
 * pg_namespace.h, pg_am.h and system_views.sql). Like the statistics views (SystemViews), their rows are produced
 * at each scan, here from the storage catalog as the session's transaction sees it (Transaction.tables(): the
 * committed catalog plus this transaction's own DDL), so a table created in an open transaction is in that
 * transaction's pg_class only, and its oid is the one the storage keeps (stable across restart). The catalogs
 * themselves are rows of pg_class and pg_attribute with PostgreSQL's oids (pg_class 1259...).
 *
 * Approximations, each NULL or a fixed value where the storage keeps nothing yet: every relation is owned by the
 * bootstrap superuser (10); reltype is a user relation's own oid (its row type: SystemTypes), 0 for a sequence or
 * an index, a catalog's PostgreSQL's (BuiltinTypes); relpages 0 (1 for a sequence and a built index: its one page,
 * a B-tree's metapage, as CREATE INDEX records it on an empty table), reltuples -1 (0 for an index);
 * relhasrules, relrowsecurity false; no TOAST tables; relacl, attacl and reloptions of indexes NULL;
 * pg_indexes.indexdef is rebuilt from the index's columns (no expressions, no opclasses, no INCLUDE), a partial
 * index's predicate as ruleutils prints it (StoredExpressions). The catalogs the SQL layer keeps as heap relations
 * (pg_proc, pg_trigger) are not shown as relations here; pg_trigger's rows are ConstraintCatalogs'.
 */
package osgres.sql.internal.catalog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import osgres.sql.internal.utils.BuiltinTypes;
import osgres.sql.internal.utils.CompositeType;
import osgres.sql.internal.utils.DomainLookup;
import osgres.sql.internal.utils.Namespaces;
import osgres.sql.internal.utils.PgType;
import osgres.sql.internal.utils.RegClass;
import osgres.sql.internal.utils.SessionServices;
import osgres.sql.internal.utils.StoredExpressions;
import osgres.storage.ArrayValue;
import osgres.storage.ColumnDef;
import osgres.storage.IndexDef;
import osgres.storage.Role;
import osgres.storage.TableDef;
import osgres.storage.Transaction;

public final class SystemCatalogs {

    private static final PgType OID = PgType.OID;
    private static final PgType NAME = PgType.NAME;
    private static final PgType INT2 = PgType.INT2;
    private static final PgType INT4 = PgType.INT4;
    private static final PgType BOOL = PgType.BOOL;
    private static final PgType CHAR = PgType.CHAR;
    private static final PgType ACL = PgType.ACLITEM_ARRAY;
    private static final PgType TREE = PgType.PG_NODE_TREE;

    private static final long HEAP_AM = 2;
    private static final long BTREE_AM = 403;
    private static final long OWNER = Role.BOOTSTRAP_SUPERUSER_OID;
    private static final long DEFAULT_COLLATION = 100;
    private static final long C_COLLATION = 950;

    static final SystemViews.View PG_NAMESPACE = new SystemViews.View("pg_namespace", SystemViews.columns(
            "oid", OID, "nspname", NAME, "nspowner", OID, "nspacl", ACL),
            SystemCatalogs::namespaces);

    static final SystemViews.View PG_CLASS = new SystemViews.View("pg_class", SystemViews.columns(
            "oid", OID, "relname", NAME, "relnamespace", OID, "reltype", OID, "reloftype", OID, "relowner", OID,
            "relam", OID, "relfilenode", OID, "reltablespace", OID, "relpages", INT4, "reltuples", PgType.FLOAT4,
            "relallvisible", INT4, "reltoastrelid", OID, "relhasindex", BOOL, "relisshared", BOOL,
            "relpersistence", CHAR, "relkind", CHAR, "relnatts", INT2, "relchecks", INT2, "relhasrules", BOOL,
            "relhastriggers", BOOL, "relhassubclass", BOOL, "relrowsecurity", BOOL, "relforcerowsecurity", BOOL,
            "relispopulated", BOOL, "relreplident", CHAR, "relispartition", BOOL, "relrewrite", OID,
            "relfrozenxid", PgType.XID, "relminmxid", PgType.XID, "relacl", ACL, "reloptions", PgType.TEXT_ARRAY,
            "relpartbound", TREE),
            SystemCatalogs::classes);

    static final SystemViews.View PG_ATTRIBUTE = new SystemViews.View("pg_attribute", SystemViews.columns(
            "attrelid", OID, "attname", NAME, "atttypid", OID, "attstattarget", INT4, "attlen", INT2,
            "attnum", INT2, "attndims", INT4, "attcacheoff", INT4, "atttypmod", INT4, "attbyval", BOOL,
            "attalign", CHAR, "attstorage", CHAR, "attcompression", CHAR, "attnotnull", BOOL, "atthasdef", BOOL,
            "atthasmissing", BOOL, "attidentity", CHAR, "attgenerated", CHAR, "attisdropped", BOOL,
            "attislocal", BOOL, "attinhcount", INT4, "attcollation", OID, "attacl", ACL,
            "attoptions", PgType.TEXT_ARRAY, "attfdwoptions", PgType.TEXT_ARRAY, "attmissingval", PgType.ANYARRAY),
            SystemCatalogs::attributes);

    static final SystemViews.View PG_AM = new SystemViews.View("pg_am", SystemViews.columns(
            "oid", OID, "amname", NAME, "amhandler", PgType.REGPROC, "amtype", CHAR),
            session -> List.of(
                    new Object[] {2L, "heap", "heap_tableam_handler", "t"},
                    new Object[] {403L, "btree", "bthandler", "i"},
                    new Object[] {405L, "hash", "hashhandler", "i"},
                    new Object[] {783L, "gist", "gisthandler", "i"},
                    new Object[] {2742L, "gin", "ginhandler", "i"},
                    new Object[] {4000L, "spgist", "spghandler", "i"},
                    new Object[] {3580L, "brin", "brinhandler", "i"}));

    static final SystemViews.View PG_INDEX = new SystemViews.View("pg_index", SystemViews.columns(
            "indexrelid", OID, "indrelid", OID, "indnatts", INT2, "indnkeyatts", INT2, "indisunique", BOOL,
            "indnullsnotdistinct", BOOL, "indisprimary", BOOL, "indisexclusion", BOOL, "indimmediate", BOOL,
            "indisclustered", BOOL, "indisvalid", BOOL, "indcheckxmin", BOOL, "indisready", BOOL, "indislive", BOOL,
            "indisreplident", BOOL, "indkey", PgType.INT2VECTOR, "indcollation", PgType.OIDVECTOR,
            "indclass", PgType.OIDVECTOR, "indoption", PgType.INT2VECTOR, "indexprs", TREE, "indpred", TREE),
            SystemCatalogs::indexes);

    static final SystemViews.View PG_TABLES = new SystemViews.View("pg_tables", SystemViews.columns(
            "schemaname", NAME, "tablename", NAME, "tableowner", NAME, "tablespace", NAME, "hasindexes", BOOL,
            "hasrules", BOOL, "hastriggers", BOOL, "rowsecurity", BOOL),
            SystemCatalogs::tables);

    static final SystemViews.View PG_INDEXES = new SystemViews.View("pg_indexes", SystemViews.columns(
            "schemaname", NAME, "tablename", NAME, "indexname", NAME, "tablespace", NAME, "indexdef", PgType.TEXT),
            SystemCatalogs::indexDefinitions);

    static final List<SystemViews.View> ALL = List.of(PG_NAMESPACE, PG_CLASS, PG_ATTRIBUTE, PG_AM, PG_INDEX,
            PG_TABLES, PG_INDEXES);

    /**
     * The catalogs as pg_class shows them, by oid, sorted: each one RegClass names and a view describes (computed at
     * each use, not in a static initializer: SystemViews's own initializer reads this class's ALL).
     */
    private static java.util.SortedMap<Integer, SystemViews.View> catalogs() {
        java.util.SortedMap<Integer, SystemViews.View> catalogs = new java.util.TreeMap<>();
        RegClass.SYSTEM_CATALOGS.forEach((name, oid) -> catalogs.put(oid, SystemViews.find(null, name)));
        return catalogs;
    }

    private SystemCatalogs() {
    }

    /** The user relations the transaction sees (not the catalogs the SQL layer keeps as heap relations). */
    static List<TableDef> userRelations(Transaction tx) {
        return tx.tables().stream().filter(t -> !t.name().startsWith("pg_catalog.")).toList();
    }

    static long namespaceOf(Transaction tx, TableDef t) {
        if (tx.isTemporary(t)) {
            return tx.temporarySchema().map(Namespaces::temporary).orElse(Namespaces.PUBLIC);
        }
        return Namespaces.PUBLIC;
    }

    static long oid(int oid) {
        return oid & 0xFFFFFFFFL;
    }

    // ---- pg_namespace -------------------------------------------------------------------------------------

    private static List<Object[]> namespaces(SessionServices session) {
        List<Object[]> rows = new ArrayList<>();
        // each fixed schema's owner and nspacl in this database (DatabasePrivileges: initdb's unless changed)
        long[] oids = {Namespaces.PG_TOAST, Namespaces.PG_CATALOG, Namespaces.PUBLIC, Namespaces.INFORMATION_SCHEMA};
        for (int i = 0; i < oids.length; i++) {
            String name = DatabasePrivileges.FIXED_SCHEMAS.get(i);
            osgres.storage.ObjectAcl schema = DatabasePrivileges.schema(session, name);
            rows.add(new Object[] {oids[i], name, oid(schema.owner()), Privileges.array(session, schema.acl())});
        }
        session.transaction().temporarySchema().ifPresent(schema -> {
            rows.add(new Object[] {Namespaces.temporary(schema), schema, OWNER, null});
            rows.add(new Object[] {Namespaces.temporaryToast(schema), schema.replace("pg_temp_", "pg_toast_temp_"),
                OWNER, null});
        });
        return rows;
    }

    // ---- pg_class -----------------------------------------------------------------------------------------

    private static List<Object[]> classes(SessionServices session) {
        Transaction tx = session.transaction();
        List<TableDef> relations = userRelations(tx);
        List<Object[]> rows = new ArrayList<>();
        catalogs().entrySet().forEach(e -> rows.add(classRow(
                e.getKey(), e.getValue().name(), Namespaces.PG_CATALOG, HEAP_AM, e.getKey(), 'p', 'r',
                e.getValue().columns().size(), 0, false, false, false, 'd', false, null, null, 0, -1f)));
        java.util.Set<Integer> referenced = new java.util.HashSet<>();
        for (TableDef t : relations) {
            t.foreignKeys().forEach(fk -> referenced.add(referencedOid(fk)));
        }
        if (session.triggerDefinitions() != null) {
            // relhastriggers: a table with a trigger of its own, as with a foreign key's
            session.triggerDefinitions().rows().forEach(r -> referenced.add((int) (long) (Long) r[1]));
        }
        for (TableDef t : relations) {
            long nsp = namespaceOf(tx, t);
            char persistence = tx.isTemporary(t) ? 't' : 'p';
            char kind = t.relkind();
            boolean storage = kind == 'r' || kind == 'S';
            long am = kind == 'r' ? HEAP_AM : 0;
            boolean triggers = !t.foreignKeys().isEmpty() || referenced.contains(t.oid());
            Object[] row = classRow(t.oid(), t.name(), nsp, am, storage ? t.oid() : 0, persistence, kind,
                    t.columns().size(), t.checks().size(), !t.indexes().isEmpty(), triggers,
                    t.inheritance().hasSubclass(), kind == 'r' || kind == 'p' ? 'd' : 'n',
                    t.inheritance().isPartition(), reloptions(t), t.inheritance().partitionBound(),
                    kind == 'S' ? 1 : 0, kind == 'S' ? 1f : -1f);
            row[RELOWNER] = oid(t.acl().owner());
            row[RELACL] = Privileges.array(session, t.acl().acl());
            rows.add(row);
            for (IndexDef i : t.indexes()) {
                boolean partitioned = kind == 'p';
                Object[] indexRow = classRow(i.oid(), i.name(), nsp, BTREE_AM, partitioned ? 0 : i.oid(), persistence,
                        partitioned ? 'I' : 'i', i.columns().size(), 0, false, false, false, 'n', false, null, null,
                        partitioned ? 0 : 1, 0f);
                indexRow[RELOWNER] = oid(t.acl().owner());
                rows.add(indexRow);
            }
        }
        for (CompositeType c : compositeTypes(session)) {
            rows.add(classRow(c.oid(), c.name(), Namespaces.PUBLIC, 0, 0, 'p', 'c', c.fields().size(), 0, false,
                    false, false, 'n', false, null, null, 0, -1f));
        }
        return rows;
    }

    /** The composite types CREATE TYPE ... AS (...) made: pg_class rows of relkind 'c' under the type's oid. */
    private static List<CompositeType> compositeTypes(SessionServices session) {
        DomainLookup types = session.userTypes();
        if (types == null) {
            return List.of();
        }
        return types.all().stream().filter(CompositeType.class::isInstance).map(CompositeType.class::cast).toList();
    }

    private static int referencedOid(osgres.storage.ForeignKey fk) {
        return fk.referencedTable();
    }

    /** pg_class.relowner's and relacl's positions in a row. */
    private static final int RELOWNER = 5;
    private static final int RELACL = 30;

    private static Object[] classRow(int oid, String name, long namespace, long am, int filenode, char persistence,
                                     char kind, int natts, int checks, boolean hasIndex, boolean triggers,
                                     boolean subclass, char replident, boolean partition, ArrayValue options,
                                     String bound, int pages, float tuples) {
        boolean hasXid = kind == 'r' || kind == 'S' || kind == 'm' || kind == 't';
        // a user relation's row type has the relation's oid (SystemTypes), a catalog's is PostgreSQL's (pg_class 83)
        long rowType = 0;
        if (namespace == Namespaces.PG_CATALOG) {
            BuiltinTypes.BuiltinType builtin = BuiltinTypes.rowTypeOf(oid(oid));
            rowType = builtin == null ? 0 : builtin.oid();
        } else if ("rpvmfc".indexOf(kind) >= 0) {
            rowType = oid(oid);
        }
        return new Object[] {
            oid(oid), name, namespace, rowType, 0L, OWNER, am, oid(filenode), 0L, pages, tuples, 0, 0L,
            hasIndex, false,
            String.valueOf(persistence), String.valueOf(kind), (short) natts, (short) checks, false, triggers,
            subclass, false, false, true, String.valueOf(replident), partition, 0L, hasXid ? 3L : 0L,
            hasXid ? 1L : 0L, null, options, bound};
    }

    /**
     * reloptions as WITH (...) wrote them: fillfactor when not the default, then the other parameters; a view's
     * check option as {@code check_option=local|cascaded}.
     */
    private static ArrayValue reloptions(TableDef t) {
        List<String> options = new ArrayList<>();
        if (t.fillfactor() != 100 && !t.isSequence() && !t.isView()) {
            options.add("fillfactor=" + t.fillfactor());
        }
        t.options().forEach((k, v) -> options.add(k + "=" + v));
        if (t.isView() && t.view().checkOption() != null) {
            options.add("check_option=" + t.view().checkOption()); // WITH [LOCAL | CASCADED] CHECK OPTION
        }
        return options.isEmpty() ? null : ArrayValue.of(PgType.TEXT.oid(), options);
    }

    // ---- pg_attribute -------------------------------------------------------------------------------------

    private static List<Object[]> attributes(SessionServices session) {
        Transaction tx = session.transaction();
        List<TableDef> relations = userRelations(tx);
        Map<Integer, TableDef> byOid = new HashMap<>();
        relations.forEach(t -> byOid.put(t.oid(), t));
        List<Object[]> rows = new ArrayList<>();
        catalogs().entrySet().forEach(e -> {
            List<SystemViews.ViewColumn> columns = e.getValue().columns();
            for (int i = 0; i < columns.size(); i++) {
                SystemViews.ViewColumn c = columns.get(i);
                Object[] row = attributeRow(e.getKey(), c.name(), c.type().oid(), -1, i + 1, c.type(), false, false,
                        "", 0);
                // attacl: what initdb granted on the column (pg_subscription's readable columns), as pg_dump expects
                row[ATTACL] = BuiltinCatalogs.initialPrivileges(session, PG_CLASS_RELID, e.getKey(), i + 1);
                if (!row[ATTCOLLATION].equals(0L)) {
                    // genbki gives the catalogs' collatable columns (text, text[], pg_node_tree) the C collation
                    row[ATTCOLLATION] = C_COLLATION;
                }
                rows.add(row);
            }
            systemAttributes(rows, e.getKey());
        });
        Map<Long, Object[]> userTypes = null;
        for (TableDef t : relations) {
            List<ColumnDef> columns = t.columns();
            for (int i = 0; i < columns.size(); i++) {
                ColumnDef c = columns.get(i);
                int inherited = 0;
                for (int parent : t.inheritance().parents()) {
                    TableDef p = byOid.get(parent);
                    if (p != null && p.columnIndex(c.name()) >= 0) {
                        inherited++;
                    }
                }
                boolean hasDefault = c.defaultSql() != null && !c.isIdentity();
                String identity = c.isIdentity() ? String.valueOf(c.identity()) : "";
                int typeOid = c.domain() != 0 ? c.domain() : c.typeOid();
                Object[] row = attributeRow(t.oid(), c.name(), typeOid, c.typeModifier(), i + 1,
                        PgType.byOid(c.typeOid()), c.notNull(), hasDefault, identity, inherited);
                row[ATTACL] = Privileges.array(session, t.acl().columnAcls().get(i + 1));
                if (c.domain() != 0) {
                    if (userTypes == null) {
                        userTypes = new HashMap<>();
                        for (Object[] type : SystemTypes.userTypes(session)) {
                            userTypes.put((Long) type[0], type);
                        }
                    }
                    asUserType(row, userTypes.get(oid(c.domain())));
                }
                rows.add(row);
            }
            if (t.relkind() == 'r' || t.relkind() == 'p' || t.relkind() == 'S') {
                systemAttributes(rows, t.oid());
            }
            for (IndexDef x : t.indexes()) {
                for (int k = 0; k < x.columns().size(); k++) {
                    ColumnDef c = columns.get(x.columns().get(k));
                    rows.add(attributeRow(x.oid(), c.name(), c.typeOid(), c.typeModifier(), k + 1,
                            PgType.byOid(c.typeOid()), false, false, "", 0));
                }
            }
        }
        for (CompositeType c : compositeTypes(session)) {
            for (int i = 0; i < c.fields().size(); i++) {
                CompositeType.Field f = c.fields().get(i);
                rows.add(attributeRow(c.oid(), f.name(), f.type().oid(), f.typmod(), i + 1, f.type(), false, false,
                        "", 0));
            }
        }
        return rows;
    }

    /** pg_attribute.attacl's and attcollation's positions in a row; pg_class's own oid, the classoid of pg_init_privs's relation rows. */
    private static final int ATTACL = 22;
    private static final int ATTCOLLATION = 21;
    private static final long PG_CLASS_RELID = 1259;

    /** The system columns heap.c's SysAtt gives every relation with storage: ctid -1 ... tableoid -6. */
    private static void systemAttributes(List<Object[]> rows, int relation) {
        Object[][] system = {
            {"tableoid", PgType.OID}, {"cmax", PgType.CID}, {"xmax", PgType.XID}, {"cmin", PgType.CID},
            {"xmin", PgType.XID}, {"ctid", PgType.TID}};
        for (int i = 0; i < system.length; i++) {
            PgType type = (PgType) system[i][1];
            rows.add(attributeRow(relation, (String) system[i][0], type.oid(), -1, i - system.length, type, true,
                    false, "", 0));
        }
    }

    private static Object[] attributeRow(int relation, String name, int typeOid, int typmod, int attnum,
                                         PgType type, boolean notNull, boolean hasDefault, String identity,
                                         int inherited) {
        BuiltinTypes.BuiltinType builtin = BuiltinTypes.byOid(oid(typeOid));
        if (builtin != null) {
            // a built-in type's storage properties are its pg_type row's, as heap.c copies them
            return attributeRow(relation, name, typeOid, typmod, attnum, type, notNull, hasDefault, identity,
                    inherited, builtin.typlen(), builtin.typbyval(), builtin.typalign(), builtin.typstorage(),
                    builtin.typcollation());
        }
        short len = type == null ? -1 : type.typlen();
        boolean byValue = len == 1 || len == 2 || len == 4 || len == 8;
        long collation = type == null ? 0 : type == PgType.NAME ? C_COLLATION
                : type == PgType.TEXT || type == PgType.VARCHAR || type == PgType.BPCHAR ? DEFAULT_COLLATION : 0;
        return attributeRow(relation, name, typeOid, typmod, attnum, type, notNull, hasDefault, identity, inherited,
                len, byValue, align(type), storage(type), collation);
    }

    private static Object[] attributeRow(int relation, String name, int typeOid, int typmod, int attnum,
                                         PgType type, boolean notNull, boolean hasDefault, String identity,
                                         int inherited, short len, boolean byValue, String align, String storage,
                                         long collation) {
        return new Object[] {
            oid(relation), name, oid(typeOid), attnum > 0 ? -1 : 0, len, (short) attnum, type != null
                    && type.isArray() ? 1 : 0, -1, typmod, byValue, align, storage, "", notNull,
            hasDefault, false, identity, "", false, inherited == 0, inherited, collation, null, null, null, null};
    }

    /**
     * A column of a user type (an enum, a composite, a domain) as pg_attribute shows it: length, by-value, alignment,
     * storage and collation are its pg_type row's, not those of the text osgres keeps its values in.
     */
    private static void asUserType(Object[] attribute, Object[] type) {
        if (type == null) {
            return;
        }
        attribute[4] = type[4]; // attlen = typlen
        attribute[9] = type[5]; // attbyval
        attribute[10] = type[22]; // attalign
        attribute[11] = type[23]; // attstorage = typstorage
        attribute[21] = type[28]; // attcollation = typcollation
    }

    /** pg_type.typalign of a type BuiltinTypes does not list (a user type's: a domain's base type's). */
    private static String align(PgType type) {
        if (type == null) {
            return "i";
        }
        PgType t = type.isArray() ? type.elementType() : type;
        return switch (t) {
            case BOOL, CHAR, NAME, UUID -> type.isArray() ? "i" : "c";
            case INT2, TID -> type.isArray() ? "i" : "s";
            case INT8, FLOAT8, TIMESTAMP, TIMESTAMPTZ, TIME, TIMETZ, INTERVAL -> "d";
            default -> "i";
        };
    }

    /**
     * pg_type.typstorage of a type BuiltinTypes does not list: plain for fixed-length types, main for numeric and
     * inet, extended otherwise.
     */
    private static String storage(PgType type) {
        if (type == null) {
            return "x";
        }
        if (type == PgType.NUMERIC || type == PgType.INET) {
            return "m";
        }
        return type.typlen() > 0 ? "p" : "x";
    }

    // ---- pg_index -----------------------------------------------------------------------------------------

    private static List<Object[]> indexes(SessionServices session) {
        List<Object[]> rows = new ArrayList<>();
        for (TableDef t : userRelations(session.transaction())) {
            for (IndexDef i : t.indexes()) {
                StringBuilder key = new StringBuilder();
                StringBuilder collations = new StringBuilder();
                StringBuilder classes = new StringBuilder();
                StringBuilder options = new StringBuilder();
                for (int c : i.columns()) {
                    String sep = key.isEmpty() ? "" : " ";
                    ColumnDef column = t.columns().get(c);
                    PgType type = PgType.byOid(column.typeOid());
                    key.append(sep).append(c + 1);
                    boolean text = type == PgType.TEXT || type == PgType.VARCHAR || type == PgType.BPCHAR;
                    collations.append(sep).append(type == PgType.NAME ? C_COLLATION : text ? DEFAULT_COLLATION : 0);
                    classes.append(sep).append(type == null ? 0 : BuiltinCatalogs.defaultOpclass(type, false));
                    options.append(sep).append(0);
                }
                short n = (short) i.columns().size();
                rows.add(new Object[] {
                    oid(i.oid()), oid(t.oid()), n, n, i.unique(), false, i.primary(), false, true, false, true,
                    false, true, true, false, key.toString(), collations.toString(), classes.toString(),
                    options.toString(), null, predicate(session, t, i)});
            }
        }
        return rows;
    }

    /** pg_index.indpred: a partial index's predicate as pg_get_expr prints it (ruleutils' text, not a tree). */
    private static String predicate(SessionServices session, TableDef t, IndexDef i) {
        if (!i.partial()) {
            return null;
        }
        StoredExpressions expressions = session.storedExpressions();
        return expressions == null ? "(" + i.predicate() + ")" : expressions.condition(t, i.predicate());
    }

    // ---- pg_tables, pg_indexes ----------------------------------------------------------------------------

    private static List<Object[]> tables(SessionServices session) {
        List<Object[]> rows = new ArrayList<>();
        String owner = ownerName(session);
        catalogs().entrySet().forEach(e -> rows.add(new Object[] {
            "pg_catalog", e.getValue().name(), owner, null, false, false, false, false}));
        for (Object[] c : classes(session)) {
            String kind = (String) c[16];
            if ((kind.equals("r") || kind.equals("p")) && !Long.valueOf(Namespaces.PG_CATALOG).equals(c[2])) {
                rows.add(new Object[] {
                    Namespaces.name((Long) c[2]), c[1], owner, null, c[13], false, c[20], false});
            }
        }
        return rows;
    }

    private static List<Object[]> indexDefinitions(SessionServices session) {
        Transaction tx = session.transaction();
        List<Object[]> rows = new ArrayList<>();
        for (TableDef t : userRelations(tx)) {
            String schema = Namespaces.name(namespaceOf(tx, t));
            for (IndexDef i : t.indexes()) {
                StoredExpressions expressions = session.storedExpressions();
                String predicate = i.partial() && expressions != null ? expressions.condition(t, i.predicate())
                        : null;
                rows.add(new Object[] {schema, t.name(), i.name(), null, indexDefinition(schema, t, i, predicate)});
            }
        }
        return rows;
    }

    /** pg_get_indexdef for an index of plain columns: {@code CREATE UNIQUE INDEX i ON public.t USING btree (a)}. */
    public static String indexDefinition(String schema, TableDef table, IndexDef index) {
        return indexDefinition(schema, table, index, null);
    }

    /**
     * pg_get_indexdef, a partial index's predicate as ruleutils prints it ({@code predicate}, from
     * StoredExpressions; null: the predicate's text as written, in parentheses).
     */
    public static String indexDefinition(String schema, TableDef table, IndexDef index, String predicate) {
        StringBuilder sql = new StringBuilder("CREATE ");
        if (index.unique()) {
            sql.append("UNIQUE ");
        }
        sql.append("INDEX ").append(RegClass.quoteIdentifier(index.name())).append(" ON ");
        if (table.isPartitioned()) {
            sql.append("ONLY ");
        }
        sql.append(RegClass.quoteIdentifier(schema)).append('.').append(RegClass.quoteIdentifier(table.name()))
                .append(" USING btree (");
        for (int k = 0; k < index.columns().size(); k++) {
            sql.append(k == 0 ? "" : ", ")
                    .append(RegClass.quoteIdentifier(table.columns().get(index.columns().get(k)).name()));
        }
        sql.append(')');
        if (index.partial()) {
            sql.append(" WHERE ").append(predicate == null ? "(" + index.predicate() + ")" : predicate);
        }
        return sql.toString();
    }

    /** pg_get_indexdef(oid): NULL for an oid no index has. */
    public static String indexDefinition(SessionServices session, long oid) {
        Transaction tx = session.transaction();
        for (TableDef t : userRelations(tx)) {
            for (IndexDef i : t.indexes()) {
                if (oid(i.oid()) == oid) {
                    StoredExpressions expressions = session.storedExpressions();
                    String predicate = i.partial() && expressions != null
                            ? expressions.condition(t, i.predicate()) : null;
                    return indexDefinition(Namespaces.name(namespaceOf(tx, t)), t, i, predicate);
                }
            }
        }
        return null;
    }

    /** pg_get_indexdef(index, column, ...) for column > 0: that key column's name; NULL for no such index. */
    public static String indexColumn(SessionServices session, long oid, int column) {
        for (TableDef t : userRelations(session.transaction())) {
            for (IndexDef i : t.indexes()) {
                if (oid(i.oid()) == oid) {
                    return column > i.columns().size() ? ""
                            : RegClass.quoteIdentifier(t.columns().get(i.columns().get(column - 1)).name());
                }
            }
        }
        return null;
    }

    /** The name of the bootstrap superuser, every relation's owner here. */
    private static String ownerName(SessionServices session) {
        return userName(session, OWNER);
    }

    // ---- functions ----------------------------------------------------------------------------------------

    /** A role's name by oid (pg_get_userbyid), else {@code unknown (OID=n)}. */
    public static String userName(SessionServices session, long oid) {
        for (osgres.storage.Role r : session.storage().roles()) {
            if (oid(r.oid()) == oid) {
                return r.name();
            }
        }
        return "unknown (OID=" + oid + ")";
    }

    /**
     * pg_table_is_visible: the relation is found by its unqualified name through the search path (pg_temp_N,
     * pg_catalog, public), so a permanent table a temporary one shadows is not; NULL for an oid no relation has.
     */
    public static Boolean tableIsVisible(SessionServices session, long oid) {
        if (RegClass.SYSTEM_CATALOGS.containsValue((int) oid)) {
            return true;
        }
        Transaction tx = session.transaction();
        for (CompositeType c : compositeTypes(session)) {
            if (oid(c.oid()) == oid) {
                return true;
            }
        }
        // public, where user relations live, is visible only while search_path names it
        boolean publicVisible = session.outputSettings().publicVisible();
        for (TableDef t : userRelations(tx)) {
            boolean onPath = publicVisible || tx.isTemporary(t);
            if (oid(t.oid()) == oid) {
                return onPath && SystemViews.find(null, t.name()) == null
                        && tx.table(t.name()).map(found -> found.oid() == t.oid()).orElse(false);
            }
            for (IndexDef i : t.indexes()) {
                if (oid(i.oid()) == oid) {
                    return onPath && SystemViews.find(null, i.name()) == null
                            && tx.index(i.name()).map(found -> found.oid() == i.oid()).orElse(false);
                }
            }
        }
        return null;
    }
}
