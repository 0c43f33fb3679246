/*
 * Selectivity estimates from ANALYZE's column statistics, PostgreSQL's selfuncs.c much reduced: eqsel (a most
 * common value's frequency, else the rest spread evenly over the other distinct values), scalarineqsel (the
 * histogram's fraction below the constant plus the common values that pass), IS [NOT] NULL from the null
 * fraction, eqjoinsel's 1/max(nd1, nd2) for an equality between two columns, and the distinct count of a
 * column for GROUP BY estimates. Without statistics (never analysed, or not a plain column) the callers keep
 * PostgreSQL's default selectivities.
 */
package osgres.sql.internal.plan;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import osgres.sql.internal.nodes.Expr;
import osgres.sql.internal.utils.HashKeys;
import osgres.storage.ColumnStatistics;
import osgres.storage.TableDef;

final class Selectivity {
    static final double DEFAULT_EQ_SEL = 0.005;
    static final double DEFAULT_INEQ_SEL = 1.0 / 3;

    private final Function<TableDef, List<ColumnStatistics>> source;
    private final Map<Integer, List<ColumnStatistics>> cache = new HashMap<>();

    Selectivity(Function<TableDef, List<ColumnStatistics>> source) {
        this.source = source;
    }

    /** The statistics of column {@code attno} (0-based) of {@code table}, or null. */
    ColumnStatistics column(TableDef table, int attno) {
        if (source == null) {
            return null;
        }
        List<ColumnStatistics> all = cache.computeIfAbsent(table.oid(), k -> {
            List<ColumnStatistics> s = source.apply(table);
            return s == null ? List.of() : s;
        });
        for (ColumnStatistics s : all) {
            if (s.column() == attno) {
                return s;
            }
        }
        return null;
    }

    /**
     * The fraction of a table's rows passing {@code qual} when it compares a column of entry {@code varno} (the
     * table {@code table}) with a constant, or tests it for null; NaN when the statistics cannot tell.
     */
    double restriction(Expr qual, int varno, TableDef table, double rows) {
        if (qual instanceof Expr.NullTest n && n.arg() instanceof Expr.Var v && own(v, varno)) {
            ColumnStatistics s = column(table, v.attno());
            return s == null ? Double.NaN : n.isNotNull() ? 1 - s.nullFraction() : s.nullFraction();
        }
        if (!(qual instanceof Expr.Call c) || c.args().size() != 2) {
            return Double.NaN;
        }
        Expr l = c.args().get(0);
        Expr r = c.args().get(1);
        String op = c.name();
        if (!(l instanceof Expr.Var) && r instanceof Expr.Var) {
            Expr t = l;
            l = r;
            r = t;
            op = switch (op) {
                case "<" -> ">";
                case "<=" -> ">=";
                case ">" -> "<";
                case ">=" -> "<=";
                default -> op;
            };
        }
        if (!(l instanceof Expr.Var v) || !own(v, varno)) {
            return Double.NaN;
        }
        ColumnStatistics s = column(table, v.attno());
        if (s == null) {
            return Double.NaN;
        }
        Object value = r instanceof Expr.Const k ? k.value() : NOT_CONSTANT;
        return switch (op) {
            case "=" -> equality(s, value, rows);
            case "<>", "!=" -> value == NOT_CONSTANT ? Double.NaN
                    : value == null ? 0 : clamp(1 - s.nullFraction() - equality(s, value, rows));
            case "<", "<=", ">", ">=" -> value == NOT_CONSTANT || value == null ? Double.NaN
                    : inequality(s, op, value);
            default -> Double.NaN;
        };
    }

    private static final Object NOT_CONSTANT = new Object();

    private static boolean own(Expr.Var v, int varno) {
        return v.levelsUp() == 0 && v.varno() == varno;
    }

    /** eqsel: the value's MCV frequency, else the non-MCV non-null rows spread over the other distinct values. */
    private static double equality(ColumnStatistics s, Object value, double rows) {
        if (value == null) {
            return 0;
        }
        double mcvTotal = 0;
        Object key = value == NOT_CONSTANT ? null : HashKeys.normalize(value);
        for (int i = 0; i < s.mostCommonValues().size(); i++) {
            mcvTotal += s.mostCommonFrequencies().get(i);
            if (key != null && key.equals(HashKeys.normalize(s.mostCommonValues().get(i)))) {
                return s.mostCommonFrequencies().get(i);
            }
        }
        double distinct = Math.max(1, s.distinct(rows));
        double others = Math.max(1, distinct - s.mostCommonValues().size());
        if (value == NOT_CONSTANT) {
            return clamp((1 - s.nullFraction()) / Math.max(1, distinct));
        }
        return clamp((1 - s.nullFraction() - mcvTotal) / others);
    }

    /** scalarineqsel: common values tested one by one, the histogram interpolated for the rest. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static double inequality(ColumnStatistics s, String op, Object value) {
        double mcvPass = 0;
        double mcvTotal = 0;
        for (int i = 0; i < s.mostCommonValues().size(); i++) {
            Object m = s.mostCommonValues().get(i);
            double f = s.mostCommonFrequencies().get(i);
            mcvTotal += f;
            Integer cmp = compare(m, value);
            if (cmp == null) {
                return Double.NaN;
            }
            if (passes(op, cmp)) {
                mcvPass += f;
            }
        }
        double rest = Math.max(0, 1 - s.nullFraction() - mcvTotal);
        List<Object> bounds = s.histogramBounds();
        double histogramPass;
        if (bounds.size() >= 2) {
            double below = fractionBelow(bounds, value);
            if (Double.isNaN(below)) {
                return Double.NaN;
            }
            histogramPass = op.startsWith("<") ? below : 1 - below;
        } else if (mcvTotal > 0) {
            histogramPass = 0;
        } else {
            return Double.NaN;
        }
        return clamp(mcvPass + rest * histogramPass);
    }

    private static boolean passes(String op, int cmp) {
        return switch (op) {
            case "<" -> cmp < 0;
            case "<=" -> cmp <= 0;
            case ">" -> cmp > 0;
            default -> cmp >= 0;
        };
    }

    /** The fraction of the histogram's population below {@code value} (linear within a bucket for numbers). */
    private static double fractionBelow(List<Object> bounds, Object value) {
        int buckets = bounds.size() - 1;
        Integer first = compare(bounds.getFirst(), value);
        if (first == null) {
            return Double.NaN;
        }
        if (first >= 0) {
            return 0;
        }
        if (compare(bounds.getLast(), value) <= 0) {
            return 1;
        }
        for (int i = 1; i <= buckets; i++) {
            if (compare(bounds.get(i), value) >= 0) {
                Object lo = bounds.get(i - 1);
                Object hi = bounds.get(i);
                double within = 0.5;
                if (lo instanceof Number a && hi instanceof Number b && value instanceof Number x) {
                    double span = b.doubleValue() - a.doubleValue();
                    within = span <= 0 ? 0.5 : (x.doubleValue() - a.doubleValue()) / span;
                }
                return (i - 1 + within) / buckets;
            }
        }
        return 1;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Integer compare(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y && !(a instanceof java.math.BigDecimal)
                && !(b instanceof java.math.BigDecimal)) {
            return Double.compare(x.doubleValue(), y.doubleValue());
        }
        if (a instanceof Number x && b instanceof Number y) {
            return new java.math.BigDecimal(x.toString()).compareTo(new java.math.BigDecimal(y.toString()));
        }
        if (a instanceof Comparable ca && a.getClass() == b.getClass()) {
            return ca.compareTo(b);
        }
        return null;
    }

    private static double clamp(double s) {
        return Math.max(0, Math.min(1, s));
    }
}
