/*
 * Walks inheritance trees (PostgreSQL's catalog/pg_inherits.c find_inheritance_children and find_all_inheritors,
 * optimizer/util/inherit.c's expansion of a parent into its members). Parents and bounds live in each relation's
 * catalog entry (storage's Inheritance); a parent's children are the relations naming it, found by a look at the
 * catalog (no pg_inherits index). Columns of a child are matched to its parent's by name, not by attnum maps.
 */
package osgres.sql.internal.plan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import osgres.sql.internal.analyze.PartitionBounds;
import osgres.sql.internal.catalog.TemporaryTables;
import osgres.sql.internal.utils.ExecContext;
import osgres.storage.LockMode;
import osgres.storage.TableDef;
import osgres.storage.Transaction;

public final class InheritanceTree {

    private InheritanceTree() {
    }

    /** find_inheritance_children: the relations whose parents include {@code parent}, in oid order. */
    public static List<TableDef> children(Transaction tx, TableDef parent) {
        List<TableDef> out = new ArrayList<>();
        for (TableDef t : tx.tables()) {
            if (t.inheritance().parents().contains(parent.oid())) {
                out.add(t);
            }
        }
        out.sort(java.util.Comparator.comparingInt(TableDef::oid));
        return out;
    }

    public static TableDef byOid(Transaction tx, int oid) {
        for (TableDef t : tx.tables()) {
            if (t.oid() == oid) {
                return t;
            }
        }
        return null;
    }

    /** find_all_inheritors: the table and every descendant, parents before their children, each once. */
    public static List<TableDef> descendants(Transaction tx, TableDef table) {
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
    public static List<TableDef> members(Transaction tx, TableDef table, LockMode mode, ExecContext ctx) {
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
    public static List<TableDef> inBoundOrder(TableDef parent, List<TableDef> partitions, ExecContext ctx) {
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
    public static int[] columnMap(TableDef parent, TableDef child) {
        int[] map = new int[parent.columns().size()];
        for (int i = 0; i < map.length; i++) {
            map[i] = child.columnIndex(parent.columns().get(i).name());
        }
        return map;
    }

    /** {@code row} of {@code from} as a row of {@code to}, columns matched by name (missing ones null). */
    public static Object[] convert(TableDef from, TableDef to, Object[] row) {
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
}
