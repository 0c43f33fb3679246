/*
 * The btree comparison of each type (PostgreSQL's BTORDER_PROC support functions: btint4cmp, float8_cmp_internal,
 * bttextcmp, array and record comparison): one total order per type, the one ORDER BY, DISTINCT, merge keys,
 * min/max and the comparison operators use. NaN sorts above every other float and equals itself; -0 equals 0.
 * numeric orders NaN above Infinity above the finite values above -Infinity.
 */
package osgres.sql.internal.utils;

import osgres.storage.NumericSpecial;

public final class BtreeCompare {

    private BtreeCompare() {
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static int compare(PgType type, Object a, Object b) {
        if (type.isArray()) {
            return PgArrays.compare((osgres.storage.ArrayValue) a, (osgres.storage.ArrayValue) b);
        }
        return switch (type) {
            case INT2, INT4, INT8, OID, XID, CID -> Long.compare(((Number) a).longValue(), ((Number) b).longValue());
            case XID8, PG_LSN -> Long.compareUnsigned((Long) a, (Long) b);
            case TID -> ((osgres.storage.Tid) a).compareTo((osgres.storage.Tid) b);
            case FLOAT4, FLOAT8 -> {
                double x = ((Number) a).doubleValue();
                double y = ((Number) b).doubleValue();
                // float8_cmp_internal: NaN equals NaN and sorts above everything; -0 equals 0
                yield x == y ? 0 : Double.compare(x, y);
            }
            case NUMERIC -> NumericSpecial.compare(a, b);
            case REGTYPE -> Long.compare(((RegType) a).oid(), ((RegType) b).oid());
            case REGCLASS -> Long.compare(((RegClass) a).oid(), ((RegClass) b).oid());
            case BYTEA -> java.util.Arrays.compareUnsigned((byte[]) a, (byte[]) b);
            case UUID -> UuidValues.compare((java.util.UUID) a, (java.util.UUID) b);
            case JSONB -> JsonValue.compare(JsonFormats.jsonb((String) a), JsonFormats.jsonb((String) b));
            case RECORD -> ((RowValue) a).compareTo((RowValue) b);
            case BPCHAR -> compareBpchar(a.toString(), b.toString());
            // a function named by regproc: pg_catalog.array_in and array_in are the same function
            case REGPROC -> unqualified(a.toString()).compareTo(unqualified(b.toString()));
            default -> ((Comparable) a).compareTo(b);
        };
    }

    /**
     * bpcharcmp: the two compared as {@code compareTo} compares them without their trailing whitespace, but with no
     * stripped copies made (an ORDER BY of char(n) compares each value many times).
     */
    static int compareBpchar(String a, String b) {
        int la = lengthWithoutTrailingWhitespace(a);
        int lb = lengthWithoutTrailingWhitespace(b);
        int n = Math.min(la, lb);
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                return x - y;
            }
        }
        return la - lb;
    }

    /** The length of {@code s} without its trailing whitespace, as {@link String#stripTrailing} cuts it. */
    private static int lengthWithoutTrailingWhitespace(String s) {
        int n = s.length();
        while (n > 0 && Character.isWhitespace(s.charAt(n - 1))) {
            n--;
        }
        return n;
    }

    private static String unqualified(String function) {
        return function.startsWith("pg_catalog.") ? function.substring("pg_catalog.".length()) : function;
    }
}
