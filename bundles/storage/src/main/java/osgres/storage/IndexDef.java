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
 */
public record IndexDef(int oid, String name, int tableOid, List<Integer> columns, boolean unique, boolean primary) {
}
