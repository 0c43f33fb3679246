/*
 * Plan-time partition pruning (PostgreSQL's partitioning/partprune.c, the part that runs while planning): a member
 * of a partitioned table is left out of the scan when a qual comparing a partition key column with a constant
 * (=, <, <=, >, >=, IS NULL) cannot hold for any row its bound, or a bound of a partition above it, admits. Only
 * plain key columns and constants of the key column's own type are looked at; a default partition is never pruned
 * here, and nothing is pruned at execution time (parameters, stable functions), as PostgreSQL's run-time pruning
 * would.
 */
package osgres.sql.internal.plan;

import osgres.sql.internal.analyze.PartitionBounds;
import osgres.sql.internal.nodes.Expr;
import osgres.sql.internal.nodes.Query;
import osgres.sql.internal.utils.BtreeCompare;
import osgres.sql.internal.utils.PgType;

import java.util.List;

import osgres.storage.TableDef;
import osgres.sql.internal.func.Operators;

final class PartitionPruning {

    private PartitionPruning() {
    }

    /** Can no row of {@code member} (a leaf under {@code entry}'s table) satisfy all of {@code quals}? */
    static boolean pruned(Query.RelationEntry entry, TableDef member, List<Expr> quals, int varno) {
        if (quals.isEmpty()) {
            return false;
        }
        TableDef top = entry.table();
        TableDef current = member;
        List<TableDef> chain = new java.util.ArrayList<>(entry.members());
        while (current.oid() != top.oid() && current.inheritance().isPartition()) {
            int parentOid = current.inheritance().parents().getFirst();
            TableDef parent = find(chain, parentOid, top);
            if (parent == null || !parent.isPartitioned()) {
                return false;
            }
            try {
                PartitionBounds.Key key = PartitionBounds.key(parent);
                PartitionBounds.Bound bound = PartitionBounds.bound(current, key, null);
                if (bound instanceof PartitionBounds.DefaultBound
                        ? defaultExcluded(key, parent, top, quals, varno, chain)
                        : excluded(key, parent, bound, top, quals, varno)) {
                    return true;
                }
            } catch (RuntimeException e) {
                return false; // a bound that cannot be read here is simply not used for pruning
            }
            current = parent;
        }
        return false;
    }

    private static TableDef find(List<TableDef> members, int oid, TableDef top) {
        if (top.oid() == oid) {
            return top;
        }
        for (TableDef t : members) {
            if (t.oid() == oid) {
                return t;
            }
        }
        return null;
    }

    /**
     * A default partition holds the rows no other partition takes: it is left out when an equality (or IS NULL) on
     * the key's only column names a value one of its siblings takes.
     */
    private static boolean defaultExcluded(PartitionBounds.Key key, TableDef parent, TableDef top, List<Expr> quals,
                                           int varno, List<TableDef> members) {
        if (key.columns().length != 1 || key.columns()[0] < 0) {
            return false;
        }
        int attno = top.columnIndex(parent.columns().get(key.columns()[0]).name());
        for (Expr q : quals) {
            Object[] value = equalityValue(key, q, attno, varno);
            if (value == null) {
                continue;
            }
            for (TableDef sibling : members) {
                if (sibling.inheritance().isPartition() && sibling.inheritance().parents().getFirst() == parent.oid()
                        && PartitionBounds.accepts(key, PartitionBounds.bound(sibling, key, null), value)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The key value {@code q} fixes ({@code col = const}, {@code col IS NULL}), or null. */
    private static Object[] equalityValue(PartitionBounds.Key key, Expr q, int attno, int varno) {
        if (q instanceof Expr.NullTest t && !t.isNotNull() && isColumn(t.arg(), attno, varno)) {
            return new Object[] {null};
        }
        if (q instanceof Expr.Call call && call.name().equals("=") && call.args().size() == 2) {
            Expr l = call.args().get(0);
            Expr r = call.args().get(1);
            if (isColumn(r, attno, varno)) {
                Expr t = l;
                l = r;
                r = t;
            }
            if (isColumn(l, attno, varno) && r instanceof Expr.Const c && c.type() == key.types()[0]
                    && c.value() != null) {
                return new Object[] {c.value()};
            }
        }
        return null;
    }

    /** Does some qual on a column of {@code parent}'s key contradict {@code bound}? */
    private static boolean excluded(PartitionBounds.Key key, TableDef parent, PartitionBounds.Bound bound,
                                    TableDef top, List<Expr> quals, int varno) {
        if (bound instanceof PartitionBounds.DefaultBound) {
            return false;
        }
        for (int k = 0; k < key.columns().length; k++) {
            if (key.columns()[k] < 0) {
                continue; // an expression: not matched against quals here
            }
            String name = parent.columns().get(key.columns()[k]).name();
            int attno = top.columnIndex(name);
            for (Expr q : quals) {
                if (contradicts(key, k, bound, q, attno, varno)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean contradicts(PartitionBounds.Key key, int k, PartitionBounds.Bound bound, Expr q, int attno,
                                       int varno) {
        PgType type = key.types()[k];
        if (q instanceof Expr.NullTest t && isColumn(t.arg(), attno, varno)) {
            return switch (bound) {
                case PartitionBounds.ListBound l -> !t.isNotNull() && !l.acceptsNull()
                        || t.isNotNull() && l.values().isEmpty();
                case PartitionBounds.RangeBound r -> !t.isNotNull();
                default -> false;
            };
        }
        if (!(q instanceof Expr.Call call) || call.args().size() != 2 || !Operators.isComparison(call.name())) {
            return false;
        }
        String op = call.name();
        Expr l = call.args().get(0);
        Expr r = call.args().get(1);
        if (!isColumn(l, attno, varno) && isColumn(r, attno, varno)) {
            Expr t = l;
            l = r;
            r = t;
            op = Operators.commuted(op);
        }
        if (!isColumn(l, attno, varno) || !(r instanceof Expr.Const c) || c.type() != type) {
            return false;
        }
        Object v = c.value();
        if (v == null) {
            return true; // a strict comparison with NULL holds for no row
        }
        return switch (bound) {
            case PartitionBounds.ListBound list -> {
                for (Object value : list.values()) {
                    if (holds(BtreeCompare.compare(type, value, v), op)) {
                        yield false;
                    }
                }
                yield true;
            }
            case PartitionBounds.RangeBound range -> rangeExcludes(key, k, range, op, v);
            default -> false;
        };
    }

    /**
     * The values column {@code k} takes in a range partition lie between lower[k] and upper[k] (upper excluded when
     * it is the only key column, or when every column before it is bounded equally on both sides).
     */
    private static boolean rangeExcludes(PartitionBounds.Key key, int k, PartitionBounds.RangeBound range, String op,
                                         Object v) {
        for (int i = 0; i < k; i++) {
            Object lo = range.lower()[i];
            Object hi = range.upper()[i];
            if (lo instanceof PartitionBounds.Infinite || hi instanceof PartitionBounds.Infinite
                    || BtreeCompare.compare(key.types()[i], lo, hi) != 0) {
                return false; // an earlier column varies: this one may take any value
            }
        }
        PgType type = key.types()[k];
        Object lo = range.lower()[k];
        Object hi = range.upper()[k];
        boolean lastColumn = k == key.columns().length - 1
                || range.upper()[k + 1] == PartitionBounds.Infinite.MIN;
        int vsLo = lo == PartitionBounds.Infinite.MIN ? 1 : lo == PartitionBounds.Infinite.MAX ? -1
                : BtreeCompare.compare(type, v, lo);
        int vsHi = hi == PartitionBounds.Infinite.MAX ? -1 : hi == PartitionBounds.Infinite.MIN ? 1
                : BtreeCompare.compare(type, v, hi);
        boolean hiOpen = lastColumn && !(hi instanceof PartitionBounds.Infinite);
        return switch (op) {
            case "=" -> vsLo < 0 || vsHi > 0 || (vsHi == 0 && hiOpen);
            case "<" -> vsLo <= 0;
            case "<=" -> vsLo < 0;
            case ">" -> vsHi >= 0;
            case ">=" -> vsHi > 0 || (vsHi == 0 && hiOpen);
            default -> false;
        };
    }

    private static boolean holds(int comparison, String op) {
        return switch (op) {
            case "=" -> comparison == 0;
            case "<" -> comparison < 0;
            case "<=" -> comparison <= 0;
            case ">" -> comparison > 0;
            case ">=" -> comparison >= 0;
            default -> true;
        };
    }

    private static boolean isColumn(Expr e, int attno, int varno) {
        return e instanceof Expr.Var v && v.levelsUp() == 0 && v.varno() == varno && v.attno() == attno;
    }
}
