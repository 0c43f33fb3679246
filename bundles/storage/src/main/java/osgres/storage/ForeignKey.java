package osgres.storage;

import java.util.List;

/**
 * A FOREIGN KEY constraint of a table (pg_constraint with contype 'f', kept with the referencing table): which of
 * its columns reference which columns of which table, and what happens when the referenced row changes. The SQL
 * layer enforces it (PostgreSQL's ri_triggers.c).
 *
 * @param name              constraint name ({@code <table>_<columns>_fkey} unless named)
 * @param columns           the referencing columns, 0-based positions in this table
 * @param referencedTable   pg_class oid of the referenced table
 * @param referencedColumns the referenced columns, 0-based positions there, a unique index's columns
 * @param matchType         confmatchtype: {@code 's'} MATCH SIMPLE, {@code 'f'} MATCH FULL
 * @param onUpdate          confupdtype: {@code 'a'} NO ACTION, {@code 'r'} RESTRICT, {@code 'c'} CASCADE,
 *                          {@code 'n'} SET NULL, {@code 'd'} SET DEFAULT
 * @param onDelete          confdeltype, as {@code onUpdate}
 * @param deleteSetColumns  ON DELETE SET NULL / SET DEFAULT (columns): the positions it sets (empty: all of
 *                          {@code columns})
 * @param deferrable        condeferrable
 * @param initiallyDeferred condeferred
 * @param validated         convalidated: false after ADD CONSTRAINT ... NOT VALID until VALIDATE CONSTRAINT
 */
public record ForeignKey(String name, List<Integer> columns, int referencedTable, List<Integer> referencedColumns,
                         char matchType, char onUpdate, char onDelete, List<Integer> deleteSetColumns,
                         boolean deferrable, boolean initiallyDeferred, boolean validated) {
    public static final char NO_ACTION = 'a';
    public static final char RESTRICT = 'r';
    public static final char CASCADE = 'c';
    public static final char SET_NULL = 'n';
    public static final char SET_DEFAULT = 'd';
    public static final char MATCH_SIMPLE = 's';
    public static final char MATCH_FULL = 'f';

    public ForeignKey {
        columns = List.copyOf(columns);
        referencedColumns = List.copyOf(referencedColumns);
        deleteSetColumns = List.copyOf(deleteSetColumns);
    }
}
