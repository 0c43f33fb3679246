/*
 * Tuple routing through partitioned tables (PostgreSQL's executor/execPartition.c ExecFindPartition) and partition
 * constraint checks (execMain.c's ExecPartitionCheck): a statement's view of its partition trees, caching the
 * partitions, keys and bounds it looked up and the partitions it locked (ROW EXCLUSIVE, as routing opens them).
 */
package osgres.sql.internal.exec;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import osgres.api.PgException;
import osgres.api.SqlState;
import osgres.sql.internal.analyze.PartitionBounds;
import osgres.sql.internal.catalog.TemporaryTables;
import osgres.sql.internal.plan.InheritanceTree;
import osgres.sql.internal.utils.ExecContext;
import osgres.storage.LockMode;
import osgres.storage.TableDef;

public final class PartitionRouter {
    private final ExecContext ctx;
    private final Map<Integer, List<TableDef>> children = new HashMap<>();
    private final Map<Integer, TableDef> tables = new HashMap<>();
    private final Map<Integer, TableDef> locked = new HashMap<>();

    public PartitionRouter(ExecContext ctx) {
        this.ctx = ctx;
    }

    private TableDef table(int oid) {
        return tables.computeIfAbsent(oid, o -> InheritanceTree.byOid(ctx.transaction(), o));
    }

    private List<TableDef> partitions(TableDef parent) {
        return children.computeIfAbsent(parent.oid(), o -> InheritanceTree.children(ctx.transaction(), parent));
    }

    /** A leaf and the row in its columns. */
    public record Routed(TableDef leaf, Object[] row) {
    }

    /**
     * ExecFindPartition: the leaf partition under {@code target} (a partitioned table) that takes {@code row},
     * locked ROW EXCLUSIVE; 23514 when some level has no partition for it. A target that is not partitioned takes
     * the row itself.
     */
    public Routed route(TableDef target, Object[] row) {
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
                } else if (PartitionBounds.accepts(key, bound, keyValues, ctx)) {
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
            values = InheritanceTree.convert(current, chosen, values);
            current = chosen;
        }
        return new Routed(current, values);
    }

    private TableDef lock(TableDef t) {
        return locked.computeIfAbsent(t.oid(), o -> ctx.transaction()
                .openTable(TemporaryTables.qualified(ctx.transaction(), t), LockMode.ROW_EXCLUSIVE).orElse(t));
    }

    /** Does {@code row} of partition {@code table} satisfy its partition constraint (and its parents')? */
    public boolean satisfiesConstraint(TableDef table, Object[] row) {
        TableDef current = table;
        Object[] values = row;
        while (current.inheritance().isPartition()) {
            TableDef parent = table(current.inheritance().parents().getFirst());
            if (parent == null) {
                return true;
            }
            Object[] parentRow = InheritanceTree.convert(current, parent, values);
            PartitionBounds.Key key = PartitionBounds.key(parent);
            Object[] keyValues = PartitionBounds.keyValues(key, parentRow, ctx);
            PartitionBounds.Bound bound = PartitionBounds.bound(current, key, ctx);
            if (bound instanceof PartitionBounds.DefaultBound) {
                for (TableDef sibling : partitions(parent)) {
                    PartitionBounds.Bound other = PartitionBounds.bound(sibling, key, ctx);
                    if (sibling.oid() != current.oid() && PartitionBounds.accepts(key, other, keyValues, ctx)) {
                        return false;
                    }
                }
            } else if (!PartitionBounds.accepts(key, bound, keyValues, ctx)) {
                return false;
            }
            current = parent;
            values = parentRow;
        }
        return true;
    }

    /** ExecPartitionCheck: 23514 when a new row of partition {@code table} is outside its bound. */
    public void checkConstraint(TableDef table, Object[] row) {
        checkConstraint(table, row, table);
    }

    /** The same, the failing row shown in the columns of {@code shownAs} (the statement's target). */
    public void checkConstraint(TableDef table, Object[] row, TableDef shownAs) {
        if (table.inheritance().isPartition() && !satisfiesConstraint(table, row)) {
            Object[] shown = shownAs == table ? row : InheritanceTree.convert(table, shownAs, row);
            throw PgException.error(SqlState.CHECK_VIOLATION, "new row for relation \"" + table.name()
                    + "\" violates partition constraint").withDetail("Failing row contains "
                    + ModifyNodes.failingRow(shownAs, shown, ctx) + ".");
        }
    }

    /** The root of the partition tree {@code leaf} is in (itself when it is no partition). */
    public TableDef root(TableDef leaf) {
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

    public TableDef tableByOid(int oid) {
        return table(oid);
    }
}
