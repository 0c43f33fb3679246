/*
 * Values as hash-table keys with SQL's equality (PostgreSQL's hash opclasses): numeric compares by value
 * (1.0 = 1.00, also inside jsonb), float -0 equals 0 and NaN equals NaN, bpchar ignores trailing spaces, bytea by
 * content, arrays and
 * records element by element. A row of key values becomes a List so that it can key a HashMap; a null in any key
 * column never matches (callers decide what nulls mean: a join skips them, DISTINCT and GROUP BY treat them as one
 * group).
 */
package osgres.sql.internal.utils;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

public final class HashKeys {

    private HashKeys() {
    }

    /** Does the type have a hash opclass here (every built-in type osgres has). */
    public static boolean hashable(PgType type) {
        return type != PgType.UNKNOWN && type != PgType.VOID;
    }

    /** One value normalised so that SQL-equal values are equals() and hash alike. */
    public static Object normalize(Object v) {
        return switch (v) {
            case null -> null;
            case BigDecimal d -> d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros();
            case Double d -> d == 0.0 ? 0.0 : d.isNaN() ? Double.NaN : d;
            case Float f -> f == 0.0f ? 0.0 : f.isNaN() ? Double.NaN : (double) f;
            case Integer i -> (long) i;
            case Short s -> (long) s;
            case byte[] b -> ByteBuffer.wrap(b);
            case osgres.storage.ArrayValue a -> arrayKey(a);
            case RowValue r -> {
                Object[] fields = new Object[r.values().length];
                for (int i = 0; i < fields.length; i++) {
                    fields[i] = normalize(r.types().get(i), r.values()[i]);
                }
                yield Arrays.asList(fields);
            }
            default -> v;
        };
    }

    /** An array as its shape and normalised elements (array_eq: '{1.0}'::numeric[] = '{1.00}'). */
    private static Object arrayKey(osgres.storage.ArrayValue a) {
        PgType element = PgArrays.elementType(a);
        Object[] key = new Object[a.size() + 2];
        key[0] = Arrays.toString(a.dims());
        key[1] = Arrays.toString(a.lowerBounds());
        for (int i = 0; i < a.size(); i++) {
            key[i + 2] = normalize(element, a.get(i));
        }
        return Arrays.asList(key);
    }

    /** {@code type}-aware normalisation (bpchar's trailing spaces do not count). */
    public static Object normalize(PgType type, Object v) {
        if (v instanceof String s && type == PgType.BPCHAR) {
            return s.stripTrailing();
        }
        if (v instanceof String s && type == PgType.JSONB) {
            // jsonb equality compares numbers by value: '1.0' and '1' are one key
            return JsonValue.hashKey(s);
        }
        return normalize(v);
    }

    /** The key of {@code columns} of {@code row}. */
    public static List<Object> key(Object[] row, List<Integer> columns, List<PgType> types) {
        Object[] k = new Object[columns.size()];
        for (int i = 0; i < k.length; i++) {
            k[i] = normalize(types.get(i), row[columns.get(i)]);
        }
        return Arrays.asList(k);
    }

    /** The key of evaluated values, nulls included (DISTINCT inside an aggregate). */
    public static List<Object> keyOrNullAllowed(Object[] values, List<PgType> types) {
        Object[] k = new Object[values.length];
        for (int i = 0; i < k.length; i++) {
            k[i] = normalize(types.get(i), values[i]);
        }
        return Arrays.asList(k);
    }

    /** The key of evaluated values, or null when one is null. */
    public static List<Object> keyOrNull(Object[] values, List<PgType> types) {
        Object[] k = new Object[values.length];
        for (int i = 0; i < k.length; i++) {
            if (values[i] == null) {
                return null;
            }
            k[i] = normalize(types.get(i), values[i]);
        }
        return Arrays.asList(k);
    }
}
