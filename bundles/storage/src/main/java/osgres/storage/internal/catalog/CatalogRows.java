package osgres.storage.internal.catalog;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import osgres.storage.AclItem;
import osgres.storage.CheckConstraint;
import osgres.storage.ColumnDef;
import osgres.storage.DatabaseDef;
import osgres.storage.ForeignKey;
import osgres.storage.IndexDef;
import osgres.storage.Inheritance;
import osgres.storage.ObjectAcl;
import osgres.storage.Role;
import osgres.storage.SequenceDef;
import osgres.storage.TableDef;
import osgres.storage.Tid;
import osgres.storage.TypeOids;
import osgres.storage.ViewDef;
import osgres.storage.internal.heap.RowFormat;
import osgres.storage.internal.heap.TupleCodec;

/**
 * The catalog's own rows, stored in ordinary heap relations with fixed relfilenodes (PostgreSQL's pg_database,
 * pg_class, pg_attribute and pg_index, folded into two relations):
 * <pre>
 *   pg_database   global/1262      (oid int4, datname text)
 *   pg_authid     global/1260      (oid int4, rolname text, rolsuper bool, rolcanlogin bool, rolinherit bool,
 *                                   rolcreaterole bool, rolcreatedb bool, rolreplication bool, rolbypassrls bool,
 *                                   rolconnlimit int4, rolpassword text, rolvaliduntil int8)
 *   pg_auth_members global/1261    (roleid int4, member int4, grantor int4, admin_option bool)
 *   pg_db_role_setting global/2964 (setdatabase int4, setrole int4, setconfig text: the items separated by NUL)
 *   pg_class      base/&lt;db&gt;/1259   (oid int4, relname text, relfilenode int4, reltuples int8, definition bytea)
 *   its TOAST     base/&lt;db&gt;/9259, chunk index base/&lt;db&gt;/9260 (pg_toast_1259, for long definitions)
 * </pre>
 * {@code definition} is a versioned binary blob: fillfactor; per column name, type, typmod, NOT NULL, DEFAULT text
 * and ADD COLUMN missing value; per index oid, name, key columns, unique, primary and relfilenode; since version 2,
 * the relfilenodes of the table's TOAST relation and chunk index (0 and 0 for none); since version 3, the storage
 * parameters besides fillfactor (count, then name and value of each); since version 4, each column's attidentity
 * (count, then one byte per column) and whether the relation is a sequence, then pg_sequence's fields (type oid,
 * start, increment, max, min, cache, cycle, owning table oid and column, identity); since version 5, whether the
 * relation is a view, then its query text (length, then UTF-8 bytes), its references (count, then each relation oid
 * and its column count then) and its check option (present, then the text); since version 6, its inheritance
 * (pg_inherits: the parents' oids, count then each; pg_partitioned_table: the partition key text if present;
 * relpartbound: the partition bound text if present; relhassubclass), then its CHECK constraints (count, then
 * each name, expression text (length, then UTF-8 bytes), validated and no-inherit), then its FOREIGN KEY
 * constraints (count, then each name, columns (count, positions), referenced table oid, referenced columns, match,
 * update and delete action bytes, ON DELETE SET columns, deferrable, deferred, validated); since version 7, each
 * column's domain oid (count, then one int per column, 0 for none); since version 8, after each index's
 * relfilenode, whether it is partial, then its predicate text and the columns it reads (count, positions); since
 * version 9, its owner's oid, whether it has an ACL then the ACL (count, then each grantee, grantor, privilege and
 * grant option bits), then its columns' ACLs (count, then each attnum and its ACL). A table
 * of many columns
 * has a definition longer than a page (1,600 columns take some 30 KB): the row is toasted like any other, compressed and
 * moved to pg_class's own TOAST relation, which is why pg_class has one though PostgreSQL's has not (there each
 * column is a pg_attribute row of its own).
 */
public final class CatalogRows {
    public static final int PG_DATABASE_RELFILENODE = 1262;
    public static final int PG_CLASS_RELFILENODE = 1259;
    public static final int PG_AUTHID_RELFILENODE = 1260;
    /** pg_authid; rows written before roles had more than a superuser and a login flag have only the first four. */
    public static final RowFormat AUTHID_FORMAT = RowFormat.of(TypeOids.INT4, TypeOids.TEXT, TypeOids.BOOL,
            TypeOids.BOOL, TypeOids.BOOL, TypeOids.BOOL, TypeOids.BOOL, TypeOids.BOOL, TypeOids.BOOL, TypeOids.INT4,
            TypeOids.TEXT, TypeOids.INT8);
    public static final int PG_AUTH_MEMBERS_RELFILENODE = 1261;
    public static final RowFormat AUTH_MEMBERS_FORMAT =
            RowFormat.of(TypeOids.INT4, TypeOids.INT4, TypeOids.INT4, TypeOids.BOOL);
    public static final int PG_DB_ROLE_SETTING_RELFILENODE = 2964;
    public static final RowFormat DB_ROLE_SETTING_FORMAT = RowFormat.of(TypeOids.INT4, TypeOids.INT4, TypeOids.TEXT);
    /**
     * pg_database: oid, datname, datdba, then datacl and the changed schemas' owners and ACLs in one bytea (whether
     * datacl is set and if so the ACL; the count of schemas, then each name, owner, whether its ACL is set and the
     * ACL). Rows written before databases had owners have only the first two: the bootstrap superuser owns them.
     */
    public static final RowFormat DATABASE_FORMAT = RowFormat.of(TypeOids.INT4, TypeOids.TEXT, TypeOids.INT4,
            TypeOids.BYTEA);
    public static final RowFormat CLASS_FORMAT =
            RowFormat.of(TypeOids.INT4, TypeOids.TEXT, TypeOids.INT4, TypeOids.INT8, TypeOids.BYTEA);
    public static final int PG_CLASS_TOAST_RELFILENODE = 9259;
    public static final int PG_CLASS_TOAST_INDEX_RELFILENODE = 9260;
    public static final String PG_CLASS_TOAST_NAME = "pg_toast_1259";
    private static final int DEFINITION_VERSION = 9;
    private static final int DEFINITION_VERSION_WITHOUT_ACL = 8;
    private static final int DEFINITION_VERSION_WITHOUT_PARTIAL_INDEXES = 7;
    private static final int DEFINITION_VERSION_WITHOUT_DOMAINS = 6;
    private static final int DEFINITION_VERSION_WITHOUT_INHERITANCE_AND_CONSTRAINTS = 5;
    private static final int DEFINITION_VERSION_WITHOUT_VIEWS = 4;
    private static final int DEFINITION_VERSION_WITHOUT_SEQUENCES = 3;
    private static final int DEFINITION_VERSION_WITHOUT_OPTIONS = 2;
    private static final int DEFINITION_VERSION_WITHOUT_TOAST = 1;

    private CatalogRows() {
    }

    /** The values of a table's pg_class row, in {@link #CLASS_FORMAT} (the caller toasts and stores them). */
    public static Object[] classRowValues(RelationEntry e) {
        return new Object[] {e.oid(), e.name(), e.relfilenode(), e.reltuples(), definition(e)};
    }

    private static byte[] definition(RelationEntry e) {
        TableDef def = e.def();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(DEFINITION_VERSION);
            out.writeInt(def.fillfactor());
            out.writeInt(def.columns().size());
            for (int i = 0; i < def.columns().size(); i++) {
                ColumnDef c = def.columns().get(i);
                out.writeUTF(c.name());
                out.writeInt(c.typeOid());
                out.writeInt(c.typeModifier());
                out.writeBoolean(c.notNull());
                out.writeBoolean(c.defaultSql() != null);
                if (c.defaultSql() != null) {
                    out.writeUTF(c.defaultSql());
                }
                Object missing = e.missing()[i];
                out.writeBoolean(missing != null);
                if (missing != null) {
                    byte[] value = TupleCodec.encode(RowFormat.of(c.typeOid()), new Object[] {missing});
                    out.writeInt(value.length);
                    out.write(value);
                }
            }
            out.writeInt(def.indexes().size());
            for (int i = 0; i < def.indexes().size(); i++) {
                IndexDef ix = def.indexes().get(i);
                out.writeInt(ix.oid());
                out.writeUTF(ix.name());
                out.writeInt(ix.columns().size());
                for (int c : ix.columns()) {
                    out.writeInt(c);
                }
                out.writeBoolean(ix.unique());
                out.writeBoolean(ix.primary());
                out.writeInt(e.indexRelfilenodes()[i]);
                out.writeBoolean(ix.partial());
                if (ix.partial()) {
                    out.writeUTF(ix.predicate());
                    out.writeInt(ix.predicateColumns().size());
                    for (int c : ix.predicateColumns()) {
                        out.writeInt(c);
                    }
                }
            }
            out.writeInt(e.toastRelfilenode());
            out.writeInt(e.toastIndexRelfilenode());
            out.writeInt(def.options().size());
            for (Map.Entry<String, String> option : def.options().entrySet()) {
                out.writeUTF(option.getKey());
                out.writeUTF(option.getValue());
            }
            out.writeInt(def.columns().size());
            for (ColumnDef c : def.columns()) {
                out.writeByte(c.identity());
            }
            SequenceDef seq = def.sequence();
            out.writeBoolean(seq != null);
            if (seq != null) {
                out.writeInt(seq.typeOid());
                out.writeLong(seq.start());
                out.writeLong(seq.increment());
                out.writeLong(seq.max());
                out.writeLong(seq.min());
                out.writeLong(seq.cache());
                out.writeBoolean(seq.cycle());
                out.writeInt(seq.ownerTable());
                out.writeInt(seq.ownerColumn());
                out.writeBoolean(seq.identity());
            }
            ViewDef view = def.view();
            out.writeBoolean(view != null);
            if (view != null) {
                byte[] query = view.query().getBytes(StandardCharsets.UTF_8);
                out.writeInt(query.length);
                out.write(query);
                out.writeInt(view.references().size());
                for (ViewDef.Reference r : view.references()) {
                    out.writeInt(r.relation());
                    out.writeInt(r.columns());
                }
                out.writeBoolean(view.checkOption() != null);
                if (view.checkOption() != null) {
                    out.writeUTF(view.checkOption());
                }
            }
            Inheritance inheritance = def.inheritance();
            out.writeInt(inheritance.parents().size());
            for (int parent : inheritance.parents()) {
                out.writeInt(parent);
            }
            writeOptionalText(out, inheritance.partitionKey());
            writeOptionalText(out, inheritance.partitionBound());
            out.writeBoolean(inheritance.hasSubclass());
            out.writeInt(def.checks().size());
            for (CheckConstraint check : def.checks()) {
                out.writeUTF(check.name());
                byte[] expression = check.expression().getBytes(StandardCharsets.UTF_8);
                out.writeInt(expression.length);
                out.write(expression);
                out.writeBoolean(check.validated());
                out.writeBoolean(check.noInherit());
            }
            out.writeInt(def.foreignKeys().size());
            for (ForeignKey fk : def.foreignKeys()) {
                out.writeUTF(fk.name());
                writeInts(out, fk.columns());
                out.writeInt(fk.referencedTable());
                writeInts(out, fk.referencedColumns());
                out.writeByte(fk.matchType());
                out.writeByte(fk.onUpdate());
                out.writeByte(fk.onDelete());
                writeInts(out, fk.deleteSetColumns());
                out.writeBoolean(fk.deferrable());
                out.writeBoolean(fk.initiallyDeferred());
                out.writeBoolean(fk.validated());
            }
            out.writeInt(def.columns().size());
            for (ColumnDef c : def.columns()) {
                out.writeInt(c.domain());
            }
            ObjectAcl acl = def.acl();
            out.writeInt(acl.owner());
            out.writeBoolean(acl.acl() != null);
            if (acl.acl() != null) {
                writeAcl(out, acl.acl());
            }
            out.writeInt(acl.columnAcls().size());
            for (Map.Entry<Integer, List<AclItem>> column : new java.util.TreeMap<>(acl.columnAcls()).entrySet()) {
                out.writeInt(column.getKey());
                writeAcl(out, column.getValue());
            }
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return bytes.toByteArray();
    }

    /** Reads a pg_class row stored at {@code tid} (its values decoded and detoasted) back into an entry. */
    public static RelationEntry decodeClassRow(int databaseOid, Object[] v, Tid tid) {
        int oid = (Integer) v[0];
        String name = (String) v[1];
        int relfilenode = (Integer) v[2];
        long reltuples = (Long) v[3];
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream((byte[]) v[4]))) {
            int version = in.readInt();
            if (version != DEFINITION_VERSION && version != DEFINITION_VERSION_WITHOUT_ACL
                    && version != DEFINITION_VERSION_WITHOUT_PARTIAL_INDEXES
                    && version != DEFINITION_VERSION_WITHOUT_DOMAINS
                    && version != DEFINITION_VERSION_WITHOUT_INHERITANCE_AND_CONSTRAINTS
                    && version != DEFINITION_VERSION_WITHOUT_VIEWS
                    && version != DEFINITION_VERSION_WITHOUT_SEQUENCES
                    && version != DEFINITION_VERSION_WITHOUT_OPTIONS && version != DEFINITION_VERSION_WITHOUT_TOAST) {
                throw new IllegalStateException("pg_class row of \"" + name + "\": unknown definition version "
                        + version);
            }
            int fillfactor = in.readInt();
            int ncols = in.readInt();
            List<ColumnDef> columns = new ArrayList<>(ncols);
            Object[] missing = new Object[ncols];
            for (int i = 0; i < ncols; i++) {
                String colName = in.readUTF();
                int type = in.readInt();
                int typmod = in.readInt();
                boolean notNull = in.readBoolean();
                String defaultSql = in.readBoolean() ? in.readUTF() : null;
                if (in.readBoolean()) {
                    byte[] value = in.readNBytes(in.readInt());
                    missing[i] = TupleCodec.decode(MemorySegment.ofArray(value), 0, 1, RowFormat.of(type))[0];
                }
                columns.add(new ColumnDef(colName, type, typmod, notNull, defaultSql));
            }
            int nidx = in.readInt();
            List<IndexDef> indexes = new ArrayList<>(nidx);
            int[] indexFiles = new int[nidx];
            for (int i = 0; i < nidx; i++) {
                int ixOid = in.readInt();
                String ixName = in.readUTF();
                int n = in.readInt();
                List<Integer> cols = new ArrayList<>(n);
                for (int k = 0; k < n; k++) {
                    cols.add(in.readInt());
                }
                boolean unique = in.readBoolean();
                boolean primary = in.readBoolean();
                indexFiles[i] = in.readInt();
                String predicate = null;
                List<Integer> predicateColumns = new ArrayList<>();
                if (version >= DEFINITION_VERSION_WITHOUT_ACL && in.readBoolean()) {
                    predicate = in.readUTF();
                    int np = in.readInt();
                    for (int k = 0; k < np; k++) {
                        predicateColumns.add(in.readInt());
                    }
                }
                indexes.add(new IndexDef(ixOid, ixName, oid, List.copyOf(cols), unique, primary, predicate,
                        List.copyOf(predicateColumns)));
            }
            boolean hasToast = version != DEFINITION_VERSION_WITHOUT_TOAST;
            int toastFile = hasToast ? in.readInt() : 0;
            int toastIndexFile = hasToast ? in.readInt() : 0;
            Map<String, String> options = new LinkedHashMap<>();
            if (version >= DEFINITION_VERSION_WITHOUT_SEQUENCES) {
                int n = in.readInt();
                for (int i = 0; i < n; i++) {
                    options.put(in.readUTF(), in.readUTF());
                }
            }
            SequenceDef sequence = null;
            if (version >= DEFINITION_VERSION_WITHOUT_VIEWS) {
                int n = in.readInt();
                for (int i = 0; i < n; i++) {
                    char identity = (char) in.readByte();
                    ColumnDef c = columns.get(i);
                    columns.set(i, c.withIdentity(identity));
                }
                if (in.readBoolean()) {
                    sequence = new SequenceDef(in.readInt(), in.readLong(), in.readLong(), in.readLong(),
                            in.readLong(), in.readLong(), in.readBoolean(), in.readInt(), in.readInt(),
                            in.readBoolean());
                }
            }
            ViewDef view = null;
            if (version >= DEFINITION_VERSION_WITHOUT_INHERITANCE_AND_CONSTRAINTS && in.readBoolean()) {
                String query = new String(in.readNBytes(in.readInt()), StandardCharsets.UTF_8);
                int n = in.readInt();
                List<ViewDef.Reference> references = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    references.add(new ViewDef.Reference(in.readInt(), in.readInt()));
                }
                view = new ViewDef(query, references, in.readBoolean() ? in.readUTF() : null);
            }
            Inheritance inheritance = Inheritance.NONE;
            List<CheckConstraint> checks = new ArrayList<>();
            List<ForeignKey> foreignKeys = new ArrayList<>();
            if (version >= DEFINITION_VERSION_WITHOUT_DOMAINS) {
                int n = in.readInt();
                List<Integer> parents = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    parents.add(in.readInt());
                }
                inheritance = new Inheritance(parents, readOptionalText(in), readOptionalText(in), in.readBoolean());
                n = in.readInt();
                for (int i = 0; i < n; i++) {
                    String checkName = in.readUTF();
                    String expression = new String(in.readNBytes(in.readInt()), StandardCharsets.UTF_8);
                    checks.add(new CheckConstraint(checkName, expression, in.readBoolean(), in.readBoolean()));
                }
                n = in.readInt();
                for (int i = 0; i < n; i++) {
                    String fkName = in.readUTF();
                    List<Integer> fkColumns = readInts(in);
                    int referenced = in.readInt();
                    List<Integer> referencedColumns = readInts(in);
                    char match = (char) in.readByte();
                    char onUpdate = (char) in.readByte();
                    char onDelete = (char) in.readByte();
                    List<Integer> setColumns = readInts(in);
                    foreignKeys.add(new ForeignKey(fkName, fkColumns, referenced, referencedColumns, match, onUpdate,
                            onDelete, setColumns, in.readBoolean(), in.readBoolean(), in.readBoolean()));
                }
            }
            if (version >= DEFINITION_VERSION_WITHOUT_PARTIAL_INDEXES) {
                int n = in.readInt();
                for (int i = 0; i < n; i++) {
                    columns.set(i, columns.get(i).withDomain(in.readInt()));
                }
            }
            ObjectAcl acl = ObjectAcl.BOOTSTRAP;
            if (version >= DEFINITION_VERSION) {
                int owner = in.readInt();
                List<AclItem> items = in.readBoolean() ? readAcl(in) : null;
                int n = in.readInt();
                Map<Integer, List<AclItem>> columnAcls = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) {
                    columnAcls.put(in.readInt(), readAcl(in));
                }
                acl = new ObjectAcl(owner, items, columnAcls);
            }
            TableDef def = new TableDef(oid, name, List.copyOf(columns), List.copyOf(indexes), fillfactor, options,
                    sequence, view, inheritance, checks, foreignKeys, acl);
            return new RelationEntry(databaseOid, def, relfilenode, indexFiles, toastFile, toastIndexFile, missing,
                    tid, reltuples);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static void writeAcl(DataOutputStream out, List<AclItem> acl) throws IOException {
        out.writeInt(acl.size());
        for (AclItem item : acl) {
            out.writeInt(item.grantee());
            out.writeInt(item.grantor());
            out.writeInt(item.privileges());
            out.writeInt(item.grantOptions());
        }
    }

    private static List<AclItem> readAcl(DataInputStream in) throws IOException {
        int n = in.readInt();
        List<AclItem> acl = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            acl.add(new AclItem(in.readInt(), in.readInt(), in.readInt(), in.readInt()));
        }
        return acl;
    }

    private static void writeOptionalText(DataOutputStream out, String text) throws IOException {
        out.writeBoolean(text != null);
        if (text != null) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            out.writeInt(bytes.length);
            out.write(bytes);
        }
    }

    private static String readOptionalText(DataInputStream in) throws IOException {
        return in.readBoolean() ? new String(in.readNBytes(in.readInt()), StandardCharsets.UTF_8) : null;
    }

    private static void writeInts(DataOutputStream out, List<Integer> values) throws IOException {
        out.writeInt(values.size());
        for (int v : values) {
            out.writeInt(v);
        }
    }

    private static List<Integer> readInts(DataInputStream in) throws IOException {
        int n = in.readInt();
        List<Integer> values = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            values.add(in.readInt());
        }
        return values;
    }

    public static byte[] encodeDatabaseRow(DatabaseDef db) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writeOptionalAcl(out, db.acl());
            out.writeInt(db.schemas().size());
            for (Map.Entry<String, ObjectAcl> s : new java.util.TreeMap<>(db.schemas()).entrySet()) {
                out.writeUTF(s.getKey());
                out.writeInt(s.getValue().owner());
                writeOptionalAcl(out, s.getValue().acl());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return TupleCodec.encode(DATABASE_FORMAT, new Object[] {db.oid(), db.name(), db.owner(), bytes.toByteArray()});
    }

    /** A pg_database row's values (as {@link #DATABASE_FORMAT} decodes them) as the database they describe. */
    public static DatabaseDef decodeDatabaseRow(Object[] v) {
        int owner = v[2] == null ? Role.BOOTSTRAP_SUPERUSER_OID : (Integer) v[2];
        if (v[3] == null) {
            return new DatabaseDef((Integer) v[0], (String) v[1], owner, null, Map.of());
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream((byte[]) v[3]))) {
            List<AclItem> acl = in.readBoolean() ? readAcl(in) : null;
            Map<String, ObjectAcl> schemas = new LinkedHashMap<>();
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                String name = in.readUTF();
                int schemaOwner = in.readInt();
                schemas.put(name, new ObjectAcl(schemaOwner, in.readBoolean() ? readAcl(in) : null, Map.of()));
            }
            return new DatabaseDef((Integer) v[0], (String) v[1], owner, acl, schemas);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeOptionalAcl(DataOutputStream out, List<AclItem> acl) throws IOException {
        out.writeBoolean(acl != null);
        if (acl != null) {
            writeAcl(out, acl);
        }
    }
}
