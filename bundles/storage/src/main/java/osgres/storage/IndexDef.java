package osgres.storage;

import java.util.List;

/**
 * A B-tree index (pg_class + pg_index).
 *
 * @param oid        pg_class oid of the index
 * @param name       index name ({@code pgbench_accounts_pkey})
 * @param tableOid   the table it indexes
 * @param columns    indexed columns as 0-based positions in the table's column list, in key order
 * @param unique     UNIQUE or PRIMARY KEY
 * @param primary    PRIMARY KEY
 * @param predicate  a partial index's WHERE condition as SQL text over the table's columns (null: every row); the
 *                   SQL layer analyses it and gives the storage its test ({@link IndexPredicateCompiler})
 * @param predicateColumns the columns the predicate reads (an UPDATE changing one of them is not HOT)
 */
public record IndexDef(int oid, String name, int tableOid, List<Integer> columns, boolean unique, boolean primary,
                       String predicate, List<Integer> predicateColumns) {
    public IndexDef(int oid, String name, int tableOid, List<Integer> columns, boolean unique, boolean primary) {
        this(oid, name, tableOid, columns, unique, primary, null, List.of());
    }

    /** A partial index: only rows its predicate holds for are in it. */
    public boolean partial() {
        return predicate != null;
    }

    public IndexDef withName(String newName) {
        return new IndexDef(oid, newName, tableOid, columns, unique, primary, predicate, predicateColumns);
    }
}
