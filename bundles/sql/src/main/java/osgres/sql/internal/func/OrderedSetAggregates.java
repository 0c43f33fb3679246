/*
 * The ordered-set aggregates (PostgreSQL's orderedsetaggs.c): percentile_cont, percentile_disc and mode, and the
 * hypothetical-set aggregates rank, dense_rank, percent_rank and cume_dist, all written
 * {@code agg(direct arguments) WITHIN GROUP (ORDER BY sorted arguments)}. The Agg node sorts a group's rows by the
 * WITHIN GROUP keys and feeds each accumulator the direct arguments followed by the sorted ones, row by row;
 * direct arguments are taken from the first row (they are per-group constants). Percentiles and mode ignore nulls
 * in the sorted column; a hypothetical row is placed among the group's rows by the same keys (directions and
 * NULLS FIRST/LAST included). The array forms ({@code percentile_cont(ARRAY[0.25, 0.5])}) answer each fraction of
 * the array in an array of its shape, a null fraction giving a null element. Not here: percentile_cont of
 * interval.
 */
package osgres.sql.internal.func;

import java.util.ArrayList;
import java.util.List;

import osgres.api.PgException;
import osgres.api.SqlState;
import osgres.sql.internal.nodes.Aggregate;
import osgres.sql.internal.nodes.Expr;
import osgres.sql.internal.utils.BtreeCompare;
import osgres.sql.internal.utils.PgType;

public final class OrderedSetAggregates {

    private OrderedSetAggregates() {
    }

    /** Aggregates that take WITHIN GROUP; the first three take nothing else. */
    public static boolean isOrderedSet(String name) {
        return switch (name) {
            case "percentile_cont", "percentile_disc", "mode" -> true;
            default -> isHypothetical(name);
        };
    }

    public static boolean isHypothetical(String name) {
        return switch (name) {
            case "rank", "dense_rank", "percent_rank", "cume_dist" -> true;
            default -> false;
        };
    }

    /**
     * The aggregate {@code name} over direct arguments of {@code direct} types and sorted arguments of
     * {@code sorted} types (already common-typed with their direct counterparts for hypothetical sets), or null when
     * PostgreSQL has no such signature. Its argument types are the direct ones then the sorted ones.
     */
    public static Aggregate resolve(String name, List<PgType> direct, List<PgType> sorted,
                                        List<Expr.OrderKey> keys) {
        List<PgType> all = new ArrayList<>(direct);
        switch (name) {
            case "percentile_cont" -> {
                if (direct.size() == 1 && sorted.size() == 1 && isFractionArray(direct.getFirst())
                        && isNumber(sorted.getFirst())) {
                    return new Aggregate(name, List.of(PgType.FLOAT8_ARRAY, PgType.FLOAT8), PgType.FLOAT8_ARRAY,
                            false, () -> new Percentiles(PgType.FLOAT8, true));
                }
                if (direct.size() != 1 || sorted.size() != 1 || !isNumber(direct.getFirst())
                        || !isNumber(sorted.getFirst())) {
                    return null;
                }
                return new Aggregate(name, List.of(PgType.FLOAT8, PgType.FLOAT8), PgType.FLOAT8, false,
                        PercentileCont::new);
            }
            case "percentile_disc" -> {
                if (direct.size() == 1 && sorted.size() == 1 && isFractionArray(direct.getFirst())
                        && sorted.getFirst().arrayType() != null) {
                    PgType t = sorted.getFirst();
                    return new Aggregate(name, List.of(PgType.FLOAT8_ARRAY, t), t.arrayType(), false,
                            () -> new Percentiles(t, false));
                }
                if (direct.size() != 1 || sorted.size() != 1 || !isNumber(direct.getFirst())) {
                    return null;
                }
                PgType t = sorted.getFirst();
                return new Aggregate(name, List.of(PgType.FLOAT8, t), t, false, PercentileDisc::new);
            }
            case "mode" -> {
                if (!direct.isEmpty() || sorted.size() != 1) {
                    return null;
                }
                PgType t = sorted.getFirst();
                return new Aggregate(name, List.of(t), t, false, () -> new Mode(t));
            }
            default -> {
                if (!isHypothetical(name) || direct.size() != sorted.size()) {
                    return null;
                }
                all.addAll(sorted);
                PgType result = name.endsWith("rank") && !name.equals("percent_rank") ? PgType.INT8 : PgType.FLOAT8;
                return new Aggregate(name, List.copyOf(all), result, false,
                        () -> new Hypothetical(name, keys));
            }
        }
    }

    private static boolean isNumber(PgType t) {
        return t.isNumeric() && t != PgType.OID && t != PgType.REGTYPE && t != PgType.REGCLASS
                || t == PgType.UNKNOWN;
    }

    private static boolean isFractionArray(PgType t) {
        return t.isArray() && isNumber(t.elementType());
    }

    /** percentile_cont and percentile_disc's check of the fraction. */
    private static double fraction(Object value) {
        double f = (Double) value;
        if (f < 0 || f > 1 || Double.isNaN(f)) {
            throw PgException.error(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, "percentile value "
                    + cFormatG(f) + " is not between 0 and 1");
        }
        return f;
    }

    /** C's %g for the fraction in the message (6 significant digits, no trailing zeros). */
    private static String cFormatG(double f) {
        if (Double.isNaN(f)) {
            return "nan";
        }
        String s = String.format(java.util.Locale.ROOT, "%.6g", f);
        if (s.contains("e")) {
            String[] parts = s.split("e");
            String mantissa = parts[0].contains(".") ? parts[0].replaceAll("0+$", "").replaceAll("\\.$", "")
                    : parts[0];
            int exp = Integer.parseInt(parts[1]);
            return mantissa + "e" + (exp < 0 ? "-" : "+") + String.format(java.util.Locale.ROOT, "%02d", Math.abs(exp));
        }
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }

    /** Direct argument (first row's), then the group's non-null sorted values in order. */
    private abstract static class Collecting implements Aggregate.Accumulator {
        final List<Object> values = new ArrayList<>();
        Object direct;
        boolean seen;

        @Override
        public void add(Object[] args) {
            if (!seen) {
                direct = args[0];
                seen = true;
            }
            if (args[args.length - 1] != null) {
                values.add(args[args.length - 1]);
            }
        }
    }

    private static final class PercentileCont extends Collecting {
        @Override
        public Object result() {
            if (direct == null) {
                return null;
            }
            double f = fraction(direct);
            if (values.isEmpty()) {
                return null;
            }
            double position = f * (values.size() - 1);
            int first = (int) Math.floor(position);
            int second = (int) Math.ceil(position);
            double lo = (Double) values.get(first);
            if (first == second) {
                return lo;
            }
            double hi = (Double) values.get(second);
            return lo + (position - first) * (hi - lo);
        }
    }

    /** percentile_cont(float8[]) and percentile_disc(float8[]): one answer per fraction, in the array's shape. */
    private static final class Percentiles extends Collecting {
        private final PgType type;
        private final boolean continuous;

        Percentiles(PgType type, boolean continuous) {
            this.type = type;
            this.continuous = continuous;
        }

        @Override
        public Object result() {
            if (direct == null) {
                return null;
            }
            osgres.storage.ArrayValue fractions = (osgres.storage.ArrayValue) direct;
            if (values.isEmpty()) {
                return null; // before the fractions are checked, as percentile_*_multi_final
            }
            Object[] in = fractions.elements();
            for (Object f : in) {
                if (f != null) {
                    fraction(f);
                }
            }
            Object[] out = new Object[in.length];
            for (int i = 0; i < in.length; i++) {
                out[i] = in[i] == null ? null : continuous ? cont(values, fraction(in[i])) : disc(values,
                        fraction(in[i]));
            }
            return new osgres.storage.ArrayValue(type.oid(), fractions.dims(), fractions.lowerBounds(), out);
        }
    }

    private static double cont(List<Object> values, double f) {
        double position = f * (values.size() - 1);
        int first = (int) Math.floor(position);
        int second = (int) Math.ceil(position);
        double lo = (Double) values.get(first);
        if (first == second) {
            return lo;
        }
        double hi = (Double) values.get(second);
        return lo + (position - first) * (hi - lo);
    }

    private static Object disc(List<Object> values, double f) {
        long row = (long) Math.ceil(f * values.size());
        return values.get((int) Math.max(0, row - 1));
    }

    private static final class PercentileDisc extends Collecting {
        @Override
        public Object result() {
            if (direct == null) {
                return null;
            }
            double f = fraction(direct);
            if (values.isEmpty()) {
                return null;
            }
            long row = (long) Math.ceil(f * values.size());
            return values.get((int) Math.max(0, row - 1));
        }
    }

    /** The most frequent value; among equally frequent ones, the first in sort order. */
    private static final class Mode implements Aggregate.Accumulator {
        private final PgType type;
        private Object best;
        private long bestCount;
        private Object current;
        private long currentCount;

        Mode(PgType type) {
            this.type = type;
        }

        @Override
        public void add(Object[] args) {
            Object v = args[0];
            if (v == null) {
                return;
            }
            if (current != null && BtreeCompare.compare(type, current, v) == 0) {
                currentCount++;
            } else {
                current = v;
                currentCount = 1;
            }
            if (currentCount > bestCount) {
                best = current;
                bestCount = currentCount;
            }
        }

        @Override
        public Object result() {
            return best;
        }
    }

    /** rank, dense_rank, percent_rank and cume_dist of the hypothetical row (the direct arguments). */
    private static final class Hypothetical implements Aggregate.Accumulator {
        private final String name;
        private final List<Expr.OrderKey> keys;
        private Object[] hypothetical;
        private long rows;
        private long before;
        private long notAfter;
        private long distinctBefore;
        private Object[] lastBefore;

        Hypothetical(String name, List<Expr.OrderKey> keys) {
            this.name = name;
            this.keys = keys;
        }

        @Override
        public void add(Object[] args) {
            int k = keys.size();
            if (hypothetical == null) {
                hypothetical = java.util.Arrays.copyOf(args, k);
            }
            Object[] row = java.util.Arrays.copyOfRange(args, k, 2 * k);
            rows++;
            int c = compare(row, hypothetical);
            if (c < 0) {
                before++;
                if (lastBefore == null || compare(lastBefore, row) != 0) {
                    distinctBefore++;
                }
                lastBefore = row;
            }
            if (c <= 0) {
                notAfter++;
            }
        }

        /** The order of two rows under the WITHIN GROUP keys (nulls placed as each key says). */
        private int compare(Object[] a, Object[] b) {
            for (int i = 0; i < keys.size(); i++) {
                Expr.OrderKey key = keys.get(i);
                Object x = a[i];
                Object y = b[i];
                int c;
                if (x == null || y == null) {
                    c = x == y ? 0 : (x == null) == key.nullsFirst() ? -1 : 1;
                    if (c != 0) {
                        return c;
                    }
                    continue;
                }
                c = BtreeCompare.compare(key.expr().type(), x, y);
                if (c != 0) {
                    return key.descending() ? -c : c;
                }
            }
            return 0;
        }

        @Override
        public Object result() {
            return switch (name) {
                case "rank" -> before + 1;
                case "dense_rank" -> distinctBefore + 1;
                case "percent_rank" -> rows == 0 ? 0.0 : (double) before / rows;
                default -> (double) (notAfter + 1) / (rows + 1);
            };
        }
    }
}
