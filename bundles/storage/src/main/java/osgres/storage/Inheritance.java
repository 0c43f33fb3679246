package osgres.storage;

import java.util.List;

/**
 * A relation's place in an inheritance tree: PostgreSQL's pg_inherits rows (its parents, in INHERITS order),
 * pg_partitioned_table (the partition key of a partitioned table) and pg_class.relpartbound (a partition's bound).
 * Storage keeps the key and the bound as the SQL text PostgreSQL's {@code pg_get_partkeydef} and
 * {@code pg_get_expr(relpartbound)} show ({@code RANGE (a, b)}, {@code FOR VALUES FROM (1) TO (10)},
 * {@code DEFAULT}); the SQL layer parses and interprets them. Storage does not route rows or check bounds.
 *
 * @param parents        the parents' oids, in order (a partition has exactly one)
 * @param partitionKey   the partition key of a partitioned table (relkind 'p'), null otherwise
 * @param partitionBound the bound of a partition, null when the relation is not a partition
 * @param hasSubclass    pg_class.relhassubclass: the relation has (or had) children, so a query must look for
 *                       them; set when the first child appears, not cleared when the last goes
 */
public record Inheritance(List<Integer> parents, String partitionKey, String partitionBound, boolean hasSubclass) {
    /** No parent, no key, no bound: an ordinary relation. */
    public static final Inheritance NONE = new Inheritance(List.of(), null, null, false);

    public Inheritance {
        parents = List.copyOf(parents);
    }

    /** A relation without known children. */
    public Inheritance(List<Integer> parents, String partitionKey, String partitionBound) {
        this(parents, partitionKey, partitionBound, false);
    }

    /** This with relhassubclass set. */
    public Inheritance withSubclass() {
        return new Inheritance(parents, partitionKey, partitionBound, true);
    }

    public boolean isPartitioned() {
        return partitionKey != null;
    }

    public boolean isPartition() {
        return partitionBound != null;
    }

    public boolean isNone() {
        return parents.isEmpty() && partitionKey == null && partitionBound == null && !hasSubclass;
    }
}
