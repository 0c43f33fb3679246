/*
 * The built-in types osgres.sql knows, with pg_type's OID, typlen, SQL name (as format_type prints it in
 * messages) and type category (pg_type.typcategory), which drive operator and function resolution as in
 * PostgreSQL's parse_func.c/parse_oper.c. Java representation of a value of each type:
 * bool Boolean, int2 Short, int4 Integer, int8 Long, numeric BigDecimal, float4 Float, float8 Double,
 * text/varchar/bpchar/name/unknown String, bytea byte[], timestamptz Instant, timestamp LocalDateTime, date LocalDate,
 * void the empty String, regtype PgType, regclass RegClass, interval Interval, time LocalTime, timetz
 * OffsetTime (infinite timestamps and dates: see DateTimeValues), uuid java.util.UUID, json and jsonb String (JsonValue), every array type (int4[],
 * text[]...: pg_type's _int4, _text with PostgreSQL's OIDs) osgres.storage.ArrayValue (see PgArrays), record (a row
 * constructor's anonymous composite) RowValue. Named composite and user types are not here yet.
 */
package osgres.sql.internal.utils;

import java.util.HashMap;
import java.util.Map;

public enum PgType {
    BOOL(16, 1, "boolean", 'B', true),
    INT2(21, 2, "smallint", 'N', false),
    INT4(23, 4, "integer", 'N', false),
    INT8(20, 8, "bigint", 'N', false),
    NUMERIC(1700, -1, "numeric", 'N', false),
    FLOAT4(700, 4, "real", 'N', false),
    FLOAT8(701, 8, "double precision", 'N', true),
    TEXT(25, -1, "text", 'S', true),
    VARCHAR(1043, -1, "character varying", 'S', false),
    BPCHAR(1042, -1, "character", 'S', false),
    BYTEA(17, -1, "bytea", 'U', false),
    NAME(19, 64, "name", 'S', false),
    /** The one-byte "char" of the catalogs (pg_class.relkind), held as a String of at most one character. */
    CHAR(18, 1, "\"char\"", 'Z', false),
    UNKNOWN(705, -1, "unknown", 'X', false),
    TIMESTAMPTZ(1184, 8, "timestamp with time zone", 'D', true),
    TIMESTAMP(1114, 8, "timestamp without time zone", 'D', false),
    DATE(1082, 4, "date", 'D', false),
    INTERVAL(1186, 16, "interval", 'T', true),
    TIME(1083, 8, "time without time zone", 'D', false),
    TIMETZ(1266, 12, "time with time zone", 'D', false),
    /** A universally unique identifier (uuid.c), held as a java.util.UUID; input and output in UuidValues. */
    UUID(2950, 16, "uuid", 'U', false),
    /** JSON text as the client wrote it, checked by json_in; held as that String (see JsonValue). */
    JSON(114, -1, "json", 'U', false),
    /** Binary JSON, held as the String of its normal form (JsonValue): keys sorted and unique. */
    JSONB(3802, -1, "jsonb", 'U', false),
    VOID(2278, 4, "void", 'P', false),
    /** A trigger function's result (pseudo-type): such functions run only as triggers. */
    TRIGGER(2279, 4, "trigger", 'P', false),
    REGTYPE(2206, 4, "regtype", 'N', false),
    /** A relation named by its oid ({@link RegClass}); nextval's argument. */
    REGCLASS(2205, 4, "regclass", 'N', false),
    /** A function named by its oid; held as its name (the catalogs' handlers: pg_am.amhandler). */
    REGPROC(24, 4, "regproc", 'N', false),
    /** A vector of int2 (pg_index.indkey): an int2 array numbered from 0, written {@code 1 2} (int2vectorin). */
    INT2VECTOR(22, INT2, "int2vector"),
    /** An expression tree as nodeToString prints it (pg_class.relpartbound), held as its text. */
    PG_NODE_TREE(194, -1, "pg_node_tree", 'Z', false),
    /** An access privilege (relacl's elements, {@code grantee=privileges/grantor}), held as its text. */
    ACLITEM(1033, 12, "aclitem", 'U', false),
    /** A WAL position (pg_subscription.subskiplsn, pg_current_wal_lsn), held as an unsigned Long (LsnValues). */
    PG_LSN(3220, 8, "pg_lsn", 'U', false),
    /** Any array (pg_attribute.attmissingval, always NULL here). */
    ANYARRAY(2277, -1, "anyarray", 'P', false),
    /** A schema named by its oid, held as a Long (regnamespacein/out look pg_namespace up). */
    REGNAMESPACE(4089, 4, "regnamespace", 'N', false),
    /** Object identifier, unsigned 32 bits, held as a Long; the system views' relid/datid. */
    OID(26, 4, "oid", 'N', false),
    /** A vector of oids (pg_index.indclass): an oid array numbered from 0, written {@code 1978 1978}. */
    OIDVECTOR(30, OID, "oidvector"),
    /** Transaction id, held as a Long; the system views' backend_xid/backend_xmin. */
    XID(28, 4, "xid", 'U', false),
    /** A 64-bit transaction id (FullTransactionId: epoch and xid), unsigned, held as a Long; pg_current_xact_id. */
    XID8(5069, 8, "xid8", 'U', false),
    /** Command id within a transaction, held as a Long; the system columns cmin and cmax. */
    CID(29, 4, "cid", 'U', false),
    /** A row version's place (block, offset), held as an osgres.storage.Tid; the system column ctid. */
    TID(27, 6, "tid", 'U', false),
    /** A host address (no netmask), held as its text; pg_stat_activity.client_addr. */
    INET(869, -1, "inet", 'I', true),
    /** An anonymous composite: a row constructor's value ({@code ROW(1, 'a')}), held as a RowValue. */
    RECORD(2249, -1, "record", 'P', false),
    /** A value of an enum type (CREATE TYPE ... AS ENUM), held as an EnumValue, which knows its type. */
    ANYENUM(3500, 4, "anyenum", 'E', false),
    // the array types (pg_type's typarray of each type above): category A, held as osgres.storage.ArrayValue
    BOOL_ARRAY(1000, BOOL),
    INT2_ARRAY(1005, INT2),
    INT4_ARRAY(1007, INT4),
    INT8_ARRAY(1016, INT8),
    NUMERIC_ARRAY(1231, NUMERIC),
    FLOAT4_ARRAY(1021, FLOAT4),
    FLOAT8_ARRAY(1022, FLOAT8),
    TEXT_ARRAY(1009, TEXT),
    VARCHAR_ARRAY(1015, VARCHAR),
    BPCHAR_ARRAY(1014, BPCHAR),
    BYTEA_ARRAY(1001, BYTEA),
    NAME_ARRAY(1003, NAME),
    CHAR_ARRAY(1002, CHAR),
    ACLITEM_ARRAY(1034, ACLITEM),
    TIMESTAMPTZ_ARRAY(1185, TIMESTAMPTZ),
    TIMESTAMP_ARRAY(1115, TIMESTAMP),
    DATE_ARRAY(1182, DATE),
    INTERVAL_ARRAY(1187, INTERVAL),
    TIME_ARRAY(1183, TIME),
    TIMETZ_ARRAY(1270, TIMETZ),
    UUID_ARRAY(2951, UUID),
    PG_LSN_ARRAY(3221, PG_LSN),
    JSON_ARRAY(199, JSON),
    JSONB_ARRAY(3807, JSONB),
    REGTYPE_ARRAY(2211, REGTYPE),
    REGCLASS_ARRAY(2210, REGCLASS),
    OID_ARRAY(1028, OID),
    XID_ARRAY(1011, XID),
    XID8_ARRAY(271, XID8),
    INET_ARRAY(1041, INET),
    RECORD_ARRAY(2287, RECORD);

    private static final Map<Integer, PgType> BY_OID = new HashMap<>();
    private static final Map<String, PgType> BY_NAME = new HashMap<>();

    static {
        for (PgType t : values()) {
            BY_OID.put(t.oid, t);
        }
        // the names gram.y and pg_type accept, mapped the way the grammar maps SQL keywords
        String[][] names = {
            {"bool", "BOOL"}, {"boolean", "BOOL"},
            {"int2", "INT2"}, {"smallint", "INT2"},
            {"int4", "INT4"}, {"int", "INT4"}, {"integer", "INT4"},
            {"int8", "INT8"}, {"bigint", "INT8"},
            {"numeric", "NUMERIC"}, {"decimal", "NUMERIC"}, {"dec", "NUMERIC"},
            {"float4", "FLOAT4"}, {"real", "FLOAT4"},
            {"float8", "FLOAT8"}, {"float", "FLOAT8"}, {"double precision", "FLOAT8"}, {"double", "FLOAT8"},
            {"text", "TEXT"},
            {"varchar", "VARCHAR"}, {"character varying", "VARCHAR"}, {"char varying", "VARCHAR"},
            {"char", "CHAR"}, {"character", "BPCHAR"}, {"bpchar", "BPCHAR"}, {"bytea", "BYTEA"},
            {"name", "NAME"}, {"unknown", "UNKNOWN"},
            {"timestamptz", "TIMESTAMPTZ"}, {"timestamp with time zone", "TIMESTAMPTZ"},
            {"timestamp", "TIMESTAMP"}, {"timestamp without time zone", "TIMESTAMP"},
            {"date", "DATE"}, {"interval", "INTERVAL"}, {"time", "TIME"}, {"time without time zone", "TIME"},
            {"timetz", "TIMETZ"}, {"time with time zone", "TIMETZ"}, {"void", "VOID"}, {"regtype", "REGTYPE"},
            {"regclass", "REGCLASS"}, {"regnamespace", "REGNAMESPACE"}, {"regproc", "REGPROC"}, {"oid", "OID"},
            {"xid", "XID"},
            {"xid8", "XID8"}, {"cid", "CID"}, {"tid", "TID"},
            {"uuid", "UUID"}, {"json", "JSON"}, {"jsonb", "JSONB"}, {"aclitem", "ACLITEM"},
            {"pg_lsn", "PG_LSN"},
        };
        for (String[] n : names) {
            BY_NAME.put(n[0], valueOf(n[1]));
        }
        for (PgType t : values()) {
            if (t.element != null) {
                BY_NAME.put(t.typname(), t);
                if (!t.isVector()) {
                    t.element.array = t;
                }
            }
        }
    }

    private final int oid;
    private final short typlen;
    private final String sqlName;
    private final char category;
    private final boolean preferred;
    /** For an array type, its element type (pg_type.typelem); null otherwise. */
    private final PgType element;
    /** The array type of this element type (pg_type.typarray), set once by the static initialiser. */
    private PgType array;

    PgType(int oid, int typlen, String sqlName, char category, boolean preferred) {
        this.oid = oid;
        this.typlen = (short) typlen;
        this.sqlName = sqlName;
        this.category = category;
        this.preferred = preferred;
        this.element = null;
    }

    PgType(int oid, PgType element) {
        this.oid = oid;
        this.typlen = -1;
        this.sqlName = element.sqlName + "[]";
        this.category = 'A';
        this.preferred = false;
        this.element = element;
    }

    /** int2vector and oidvector: arrays of their element type with a name and a text form of their own. */
    PgType(int oid, PgType element, String sqlName) {
        this.oid = oid;
        this.typlen = -1;
        this.sqlName = sqlName;
        this.category = 'A';
        this.preferred = false;
        this.element = element;
    }

    /** int2vector or oidvector: one-dimensional, numbered from 0, written as numbers separated by spaces. */
    public boolean isVector() {
        return this == INT2VECTOR || this == OIDVECTOR;
    }

    public boolean isArray() {
        return element != null;
    }

    /** The element type of an array type, null for other types. */
    public PgType elementType() {
        return element;
    }

    /** The array type whose elements are of this type, null when there is none (arrays of arrays, record). */
    public PgType arrayType() {
        return array;
    }

    public int oid() {
        return oid;
    }

    public short typlen() {
        return typlen;
    }

    /** The name format_type() gives, used in messages ({@code integer}, {@code double precision}). */
    public String sqlName() {
        return sqlName;
    }

    /** The pg_type.typname, used as a cast's column label ({@code int4}, {@code float8}). */
    public String typname() {
        return switch (this) {
            case BOOL -> "bool";
            case INT2 -> "int2";
            case INT4 -> "int4";
            case INT2VECTOR -> "int2vector";
            case OIDVECTOR -> "oidvector";
            case INT8 -> "int8";
            case FLOAT4 -> "float4";
            case FLOAT8 -> "float8";
            default -> element != null ? "_" + element.typname() : name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    public char category() {
        return category;
    }

    public boolean preferred() {
        return preferred;
    }

    public boolean isString() {
        return category == 'S';
    }

    public boolean isNumeric() {
        return category == 'N' && this != REGTYPE && this != REGCLASS && this != REGNAMESPACE
                && this != REGPROC;
    }

    boolean isInteger() {
        return this == INT2 || this == INT4 || this == INT8 || this == OID;
    }

    /** Rank along the implicit-cast chain int2 -> int4 (-> oid) -> int8 -> numeric -> float4 -> float8. */
    public int numericRank() {
        return switch (this) {
            case INT2 -> 1;
            case INT4 -> 2;
            case OID -> 3;
            case INT8 -> 4;
            case NUMERIC -> 5;
            case FLOAT4 -> 6;
            case FLOAT8 -> 7;
            default -> 0;
        };
    }

    public static PgType byOid(int oid) {
        return BY_OID.get(oid);
    }

    /** A type name as written in SQL (lower-cased, whitespace collapsed), or null if unknown. */
    public static PgType byName(String name) {
        return BY_NAME.get(name);
    }
}
