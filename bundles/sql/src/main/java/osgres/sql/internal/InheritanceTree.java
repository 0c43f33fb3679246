/*
 * Walks inheritance trees (PostgreSQL's catalog/pg_inherits.c find_inheritance_children and find_all_inheritors,
 * optimizer/util/inherit.c's expansion of a parent into its members) and routes rows through partitioned tables
 * (executor/execPartition.c's ExecFindPartition, execMain.c's ExecPartitionCheck). Parents and bounds live in each
 * relation's catalog entry (storage's Inheritance); a parent's children are the relations naming it. A Router
 * caches what one statement looks up. Not done: tuple routing through expression keys or hash partitions, and
 * partitions whose columns are in another order than their parent's are matched by name, not by attnum maps.
 */
package osgres.sql.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import osgres.api.PgException;
import osgres.api.SqlState;
import osgres.storage.LockMode;
import osgres.storage.TableDef;
import osgres.storage.Transaction;

final class InheritanceTree {

    private InheritanceTree() {
    }

    /** find_inheritance_children: the relations whose parents include {@code parent}, in oid order. */
    static List<TableDef> children(Transaction tx, TableDef parent) {
        List<TableDef> out = new ArrayList<>();
        for (TableDef t : tx.tables()) {
            if (t.inheritance().parents().contains(parent.oid())) {
                out.add(t);
            }
        }
        out.sort(java.util.Comparator.comparingInt(TableDef::oid));
        return out;
    }

    static TableDef byOid(Transaction tx, int oid) {
        for (TableDef t : tx.tables()) {
            if (t.oid() == oid) {
                return t;
            }
        }
        return null;
    }

    /** find_all_inheritors: the table and every descendant, parents before their children, each once. */
    static List<TableDef> descendants(Transaction tx, TableDef table) {
        List<TableDef> out = new ArrayList<>();
        out.add(table);
        for (int i = 0; i < out.size(); i++) {
            for (TableDef c : children(tx, out.get(i))) {
                if (out.stream().noneMatch(t -> t.oid() == c.oid())) {
                    out.add(c);
                }
            }
        }
        return out;
    }

    /**
     * expand_inherited_rtentry: the tables a non-ONLY reference to {@code table} reads, each locked in
     * {@code mode}: a partitioned table's partitions depth first in bound order (partitioned ones too, before their
     * own partitions, though they have no rows to scan), an inheritance parent and its descendants breadth first.
     * Empty when {@code table} has no children (the reference reads it alone).
     */
    static List<TableDef> members(Transaction tx, TableDef table, LockMode mode, ExecContext ctx) {
        if (children(tx, table).isEmpty()) {
            return List.of();
        }
        List<TableDef> out = new ArrayList<>();
        if (table.isPartitioned()) {
            // expand_partitioned_rtentry: depth first, each level's partitions in bound order
            expandPartitioned(tx, table, mode, ctx, out);
            return out;
        }
        for (TableDef t : descendants(tx, table)) {
            TableDef locked = t.oid() == table.oid() ? t : lock(tx, t, mode);
            if (locked != null && !locked.isPartitioned()) {
                out.add(locked);
            }
        }
        return out;
    }

    private static void expandPartitioned(Transaction tx, TableDef parent, LockMode mode, ExecContext ctx,
                                          List<TableDef> out) {
        for (TableDef child : inBoundOrder(parent, children(tx, parent), ctx)) {
            TableDef locked = lock(tx, child, mode);
            if (locked == null) {
                continue;
            }
            out.add(locked);
            if (locked.isPartitioned()) {
                expandPartitioned(tx, locked, mode, ctx, out);
            }
        }
    }

    private static TableDef lock(Transaction tx, TableDef t, LockMode mode) {
        return tx.openTable(TemporaryTables.qualified(tx, t), mode).orElse(null); // null: dropped meanwhile
    }

    /**
     * A partitioned table's partitions as its PartitionDesc orders them: ranges by lower bound, lists by their
     * smallest value (one holding only NULL after them), the default partition last.
     */
    static List<TableDef> inBoundOrder(TableDef parent, List<TableDef> partitions, ExecContext ctx) {
        PartitionBounds.Key key = PartitionBounds.key(parent);
        List<TableDef> sorted = new ArrayList<>(partitions);
        Map<Integer, PartitionBounds.Bound> bounds = new HashMap<>();
        for (TableDef p : partitions) {
            bounds.put(p.oid(), PartitionBounds.bound(p, key, ctx));
        }
        sorted.sort((a, b) -> PartitionBounds.compareForOrder(key, bounds.get(a.oid()), bounds.get(b.oid())));
        return sorted;
    }

    /** For each column of {@code parent}, the position of the column of that name in {@code child}. */
    static int[] columnMap(TableDef parent, TableDef child) {
        int[] map = new int[parent.columns().size()];
        for (int i = 0; i < map.length; i++) {
            map[i] = child.columnIndex(parent.columns().get(i).name());
        }
        return map;
    }

    /** {@code row} of {@code from} as a row of {@code to}, columns matched by name (missing ones null). */
    static Object[] convert(TableDef from, TableDef to, Object[] row) {
        if (from.oid() == to.oid()) {
            return row;
        }
        Object[] out = new Object[to.columns().size()];
        for (int i = 0; i < out.length; i++) {
            int at = from.columnIndex(to.columns().get(i).name());
            out[i] = at >= 0 && at < row.length ? row[at] : null;
        }
        return out;
    }

    /** The statement's view of partitioned tables: routing of new rows and partition constraint checks. */
    static final class Router {
        private final ExecContext ctx;
        private final Map<Integer, List<TableDef>> children = new HashMap<>();
        private final Map<Integer, TableDef> tables = new HashMap<>();
        private final Map<Integer, TableDef> locked = new HashMap<>();

        Router(ExecContext ctx) {
            this.ctx = ctx;
        }

        private TableDef table(int oid) {
            return tables.computeIfAbsent(oid, o -> byOid(ctx.transaction(), o));
        }

        private List<TableDef> partitions(TableDef parent) {
            return children.computeIfAbsent(parent.oid(), o -> children(ctx.transaction(), parent));
        }

        /** A leaf and the row in its columns. */
        record Routed(TableDef leaf, Object[] row) {
        }

        /**
         * ExecFindPartition: the leaf partition under {@code target} (a partitioned table) that takes {@code row},
         * locked ROW EXCLUSIVE; 23514 when some level has no partition for it. A target that is not partitioned takes
         * the row itself.
         */
        Routed route(TableDef target, Object[] row) {
            TableDef current = target;
            Object[] values = row;
            while (current.isPartitioned()) {
                PartitionBounds.Key key = PartitionBounds.key(current);
                Object[] keyValues = PartitionBounds.keyValues(key, values, ctx);
                TableDef chosen = null;
                TableDef defaultPartition = null;
                for (TableDef p : partitions(current)) {
                    PartitionBounds.Bound bound = PartitionBounds.bound(p, key, ctx);
                    if (bound instanceof PartitionBounds.DefaultBound) {
                        defaultPartition = p;
                    } else if (PartitionBounds.accepts(key, bound, keyValues)) {
                        chosen = p;
                        break;
                    }
                }
                if (chosen == null) {
                    chosen = defaultPartition;
                }
                if (chosen == null) {
                    throw PgException.error(SqlState.CHECK_VIOLATION, "no partition of relation \"" + current.name()
                            + "\" found for row").withDetail("Partition key of the failing row contains "
                            + PartitionBounds.describeKey(key, keyValues, ctx) + ".");
                }
                chosen = lock(chosen);
                values = convert(current, chosen, values);
                current = chosen;
            }
            return new Routed(current, values);
        }

        private TableDef lock(TableDef t) {
            return locked.computeIfAbsent(t.oid(), o -> ctx.transaction()
                    .openTable(TemporaryTables.qualified(ctx.transaction(), t), LockMode.ROW_EXCLUSIVE).orElse(t));
        }

        /** Does {@code row} of partition {@code table} satisfy its partition constraint (and its parents')? */
        boolean satisfiesConstraint(TableDef table, Object[] row) {
            TableDef current = table;
            Object[] values = row;
            while (current.inheritance().isPartition()) {
                TableDef parent = table(current.inheritance().parents().getFirst());
                if (parent == null) {
                    return true;
                }
                Object[] parentRow = convert(current, parent, values);
                PartitionBounds.Key key = PartitionBounds.key(parent);
                Object[] keyValues = PartitionBounds.keyValues(key, parentRow, ctx);
                PartitionBounds.Bound bound = PartitionBounds.bound(current, key, ctx);
                if (bound instanceof PartitionBounds.DefaultBound) {
                    for (TableDef sibling : partitions(parent)) {
                        PartitionBounds.Bound other = PartitionBounds.bound(sibling, key, ctx);
                        if (sibling.oid() != current.oid() && PartitionBounds.accepts(key, other, keyValues)) {
                            return false;
                        }
                    }
                } else if (!PartitionBounds.accepts(key, bound, keyValues)) {
                    return false;
                }
                current = parent;
                values = parentRow;
            }
            return true;
        }

        /** ExecPartitionCheck: 23514 when a new row of partition {@code table} is outside its bound. */
        void checkConstraint(TableDef table, Object[] row) {
            if (table.inheritance().isPartition() && !satisfiesConstraint(table, row)) {
                throw PgException.error(SqlState.CHECK_VIOLATION, "new row for relation \"" + table.name()
                        + "\" violates partition constraint").withDetail("Failing row contains "
                        + ModifyNodes.failingRow(table, row, ctx) + ".");
            }
        }

        /** The root of the partition tree {@code leaf} is in (itself when it is no partition). */
        TableDef root(TableDef leaf) {
            TableDef current = leaf;
            while (current.inheritance().isPartition()) {
                TableDef parent = table(current.inheritance().parents().getFirst());
                if (parent == null) {
                    break;
                }
                current = parent;
            }
            return current;
        }

        TableDef tableByOid(int oid) {
            return table(oid);
        }
    }
}
