/*
 * The order of rows under a list of sort keys (PostgreSQL's SortSupport with ApplySortComparator): each key is a
 * column of the row with its type's btree order (Operators.compare), ASC or DESC, NULLS FIRST or LAST. Two NULLs
 * are equal, as for DISTINCT and GROUP BY. Used by ORDER BY, by DISTINCT as sort + unique, and by grouping that
 * runs on sorted input; a comparison of 0 is what "equal" means there, so numerics compare by value (1.0 = 1.00)
 * and -0.0 equals 0.0, as PostgreSQL's equality operators say.
 */
package osgres.sql.internal.exec;

import java.util.Comparator;
import java.util.List;

import osgres.sql.internal.utils.BtreeCompare;
import osgres.sql.internal.utils.PgType;
import osgres.sql.internal.nodes.Plan;

final class RowComparator {
    private RowComparator() {
    }

    static Comparator<Object[]> of(List<Plan.SortKey> keys) {
        Plan.SortKey[] k = keys.toArray(Plan.SortKey[]::new);
        return (a, b) -> {
            for (Plan.SortKey key : k) {
                Object x = a[key.column()];
                Object y = b[key.column()];
                if (x == null || y == null) {
                    if (x == y) {
                        continue;
                    }
                    return (x == null) == key.nullsFirst() ? -1 : 1;
                }
                int c = BtreeCompare.compare(key.type(), x, y);
                if (c != 0) {
                    return key.descending() ? -c : c;
                }
            }
            return 0;
        };
    }

    /** The order of Plan's sort keys. */
    static Comparator<Object[]> ofKeys(List<Plan.SortKey> keys) {
        return of(keys);
    }

    /** Ascending keys, nulls last, on the columns {@code from..from+types.length-1} of the row (grouping keys). */
    static List<Plan.SortKey> ascending(int from, List<PgType> types) {
        Plan.SortKey[] keys = new Plan.SortKey[types.size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = new Plan.SortKey(from + i, types.get(i), false, false);
        }
        return List.of(keys);
    }
}
