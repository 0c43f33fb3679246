package osgres.storage;

/**
 * The column types the engine stores, by pg_type OID, and their Java representation in a row
 * ({@code Object[]}, null for SQL NULL): bool Boolean, int2 Short, int4 Integer, int8 Long, numeric BigDecimal,
 * float4 Float, float8 Double, text / varchar / bpchar String, bytea byte[], date LocalDate, timestamp
 * LocalDateTime, timestamptz Instant, time LocalTime, timetz OffsetTime, interval {@link Interval}, uuid
 * java.util.UUID. The infinite
 * dates and timestamps are the Java types' MAX and MIN, stored as PostgreSQL stores them (the largest and smallest
 * int32 / int64). The engine serialises rows itself (heap tuple layout); the SQL layer only ever sees these Java
 * values. Arrays of these types ({@link #arrayOf}, pg_type's {@code _int4} and so on) are {@link ArrayValue}s.
 */
public final class TypeOids {
    public static final int BOOL = 16;
    public static final int BYTEA = 17;
    public static final int INT8 = 20;
    public static final int INT2 = 21;
    public static final int INT4 = 23;
    public static final int TEXT = 25;
    public static final int FLOAT4 = 700;
    public static final int FLOAT8 = 701;
    public static final int BPCHAR = 1042;
    public static final int VARCHAR = 1043;
    public static final int DATE = 1082;
    public static final int TIMESTAMP = 1114;
    public static final int TIMESTAMPTZ = 1184;
    /** time: LocalTime, stored as int64 microseconds since midnight. */
    public static final int TIME = 1083;
    /** timetz: OffsetTime, stored as int64 microseconds since midnight and int32 zone seconds west of UTC. */
    public static final int TIMETZ = 1266;
    /** interval: {@link Interval}, stored as int64 microseconds, int32 days, int32 months. */
    public static final int INTERVAL = 1186;
    public static final int NUMERIC = 1700;
    /** uuid: java.util.UUID, stored as its 16 bytes in network (big-endian) order, as uuid.c keeps them. */
    public static final int UUID = 2950;
    /** json: a String (the text as written), stored as text is. */
    public static final int JSON = 114;
    /** jsonb: a String (its normal form's text), stored as text is; B-tree keys compare as jsonb (JsonbKeys). */
    public static final int JSONB = 3802;
    /** xid8: a 64-bit transaction id, unsigned, a Long stored as int8 is (its order is unsigned). */
    public static final int XID8 = 5069;
    /** pg_lsn: a WAL position, unsigned 64 bits, a Long stored as int8 is (its order is unsigned, as xid8's). */
    public static final int PG_LSN = 3220;

    private TypeOids() {
    }

    /**
     * The element type of array type {@code type} (pg_type's typelem), or 0 when it is not an array type the engine
     * stores. A switch, not a table: every text value decoded asks.
     */
    public static int elementOf(int type) {
        return switch (type) {
            case 1000 -> BOOL;
            case 1001 -> BYTEA;
            case 1003 -> 19; // name: no constant here, its values are Strings stored as text is
            case 1005 -> INT2;
            case 1007 -> INT4;
            case 1009 -> TEXT;
            case 1014 -> BPCHAR;
            case 1015 -> VARCHAR;
            case 1016 -> INT8;
            case 1021 -> FLOAT4;
            case 1022 -> FLOAT8;
            case 1115 -> TIMESTAMP;
            case 1182 -> DATE;
            case 1183 -> TIME;
            case 1185 -> TIMESTAMPTZ;
            case 1187 -> INTERVAL;
            case 1231 -> NUMERIC;
            case 1270 -> TIMETZ;
            case 2951 -> UUID;
            case 3221 -> PG_LSN;
            case 199 -> JSON;
            case 3807 -> JSONB;
            default -> 0;
        };
    }

    public static boolean isArray(int type) {
        return elementOf(type) != 0;
    }
}
