package osgres.storage.internal.engine;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import osgres.storage.ColumnStatistics;

/**
 * ANALYZE's sample and what it computes per column, as PostgreSQL's analyze.c (acquire_sample_rows,
 * compute_scalar_stats, much reduced): a reservoir of at most 30,000 rows (300 x default_statistics_target) taken
 * while the table is read, then per column the null fraction, the distinct count (exact when the sample is the
 * whole table, else the Haas-Stokes estimator; stored as minus a fraction of the rows when above a tenth of them),
 * up to 100 most common values (all of them when they all fit and repeat, else those clearly more common than the
 * average) and 101 equi-depth histogram bounds over the remaining values when they sort.
 */
final class AnalyzeSample {
    static final int SAMPLE_ROWS = 30_000;
    static final int TARGET = 100;

    private final List<Object[]> rows = new ArrayList<>();
    private final Random random = new Random(0);
    private long seen;

    void add(Object[] values) {
        seen++;
        if (rows.size() < SAMPLE_ROWS) {
            rows.add(values);
        } else {
            long k = (long) (random.nextDouble() * seen);
            if (k < SAMPLE_ROWS) {
                rows.set((int) k, values);
            }
        }
    }

    /** Statistics of each of {@code columns} columns (none when the table is empty). */
    List<ColumnStatistics> compute(int columns) {
        List<ColumnStatistics> out = new ArrayList<>();
        if (rows.isEmpty()) {
            return out;
        }
        for (int c = 0; c < columns; c++) {
            out.add(column(c));
        }
        return out;
    }

    private ColumnStatistics column(int c) {
        int sampled = rows.size();
        int nulls = 0;
        Map<Object, int[]> counts = new HashMap<>();
        Map<Object, Object> originals = new HashMap<>();
        for (Object[] row : rows) {
            Object v = c < row.length ? row[c] : null;
            if (v == null) {
                nulls++;
                continue;
            }
            Object key = key(v);
            counts.computeIfAbsent(key, k -> new int[1])[0]++;
            originals.putIfAbsent(key, v);
        }
        int nonNull = sampled - nulls;
        double nullFraction = (double) nulls / sampled;
        int distinct = counts.size();
        int once = 0;
        for (int[] n : counts.values()) {
            if (n[0] == 1) {
                once++;
            }
        }
        boolean whole = seen <= sampled;
        boolean unique = once == distinct;
        double nDistinct;
        if (nonNull == 0) {
            nDistinct = 0;
        } else if (unique) {
            nDistinct = -(1 - nullFraction);
        } else {
            double d = distinct;
            if (!whole) {
                double totalNonNull = (double) seen * (1 - nullFraction);
                d = (double) nonNull * distinct / (nonNull - once + (double) once * nonNull / totalNonNull);
                d = Math.max(distinct, Math.min(d, totalNonNull));
            }
            nDistinct = d > 0.1 * seen ? -(d / seen) : Math.round(d);
        }
        // most common values
        List<Object> mcv = new ArrayList<>();
        List<Double> freqs = new ArrayList<>();
        if (!unique) {
            List<Map.Entry<Object, int[]>> byCount = new ArrayList<>(counts.entrySet());
            byCount.sort(Comparator.comparingInt((Map.Entry<Object, int[]> e) -> -e.getValue()[0]));
            boolean allFit = distinct <= TARGET && (whole || once == 0);
            double minCount = Math.max(2, nonNull / (double) distinct * 1.25);
            for (Map.Entry<Object, int[]> e : byCount) {
                int n = e.getValue()[0];
                if (mcv.size() >= TARGET || (!allFit && n < minCount)) {
                    break;
                }
                mcv.add(originals.get(e.getKey()));
                freqs.add((double) n / sampled);
            }
        }
        // histogram over the values that are not common
        List<Object> rest = new ArrayList<>();
        java.util.Set<Object> common = new java.util.HashSet<>();
        for (Object m : mcv) {
            common.add(key(m));
        }
        boolean sortable = true;
        Class<?> type = null;
        for (Map.Entry<Object, int[]> e : counts.entrySet()) {
            if (common.contains(e.getKey())) {
                continue;
            }
            Object v = originals.get(e.getKey());
            if (!(v instanceof Comparable<?>) || (type != null && v.getClass() != type)) {
                sortable = false;
                break;
            }
            type = v.getClass();
            for (int i = 0; i < e.getValue()[0]; i++) {
                rest.add(v);
            }
        }
        List<Object> bounds = new ArrayList<>();
        if (sortable && rest.size() >= 2) {
            @SuppressWarnings({"unchecked", "rawtypes"})
            Comparator<Object> order = (a, b) -> ((Comparable) a).compareTo(b);
            rest.sort(order);
            int buckets = Math.min(TARGET, rest.size() - 1);
            for (int i = 0; i <= buckets; i++) {
                bounds.add(rest.get((int) ((long) i * (rest.size() - 1) / buckets)));
            }
        }
        return new ColumnStatistics(c, nullFraction, nDistinct, mcv, freqs, bounds);
    }

    /** A value as a hash key with SQL's equality for the common cases (numeric by value, bytea by content). */
    private static Object key(Object v) {
        return switch (v) {
            case BigDecimal d -> d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros();
            case byte[] b -> ByteBuffer.wrap(b);
            default -> v;
        };
    }
}
