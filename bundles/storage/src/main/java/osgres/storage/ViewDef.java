package osgres.storage;

import java.util.List;

/**
 * What a view (relkind 'v') stores to be expanded again: PostgreSQL keeps the analysed query as pg_rewrite's
 * {@code _RETURN} rule and its dependencies in pg_depend; here the query's SQL text stands for the rule, analysed
 * again at each use, and {@link Reference}s for pg_depend's rows. The view's output columns (names and types fixed at
 * creation) are the {@link TableDef#columns()} of the view's relation.
 *
 * <p>Each reference remembers how many columns its relation had when the view was made, so that re-analysing the
 * text sees the relation as it was then: {@code SELECT *} keeps expanding to the same columns, and a column added
 * later can neither appear in the view nor make one of its names ambiguous (PostgreSQL stores attnums).
 *
 * @param query       the view's SELECT as written after AS (without a trailing WITH CHECK OPTION)
 * @param references  the relations (tables, views, sequences) the query reads, each once, in first-use order
 * @param checkOption WITH CHECK OPTION: {@code "local"}, {@code "cascaded"}, or null for none
 */
public record ViewDef(String query, List<Reference> references, String checkOption) {

    public ViewDef {
        references = List.copyOf(references);
    }

    /**
     * A relation the view depends on (pg_depend, DEPENDENCY_NORMAL).
     *
     * @param relation the relation's oid
     * @param columns  how many columns it had when the view was made
     */
    public record Reference(int relation, int columns) {
    }

    /** True if the view reads relation {@code oid}. */
    public boolean dependsOn(int oid) {
        for (Reference r : references) {
            if (r.relation() == oid) {
                return true;
            }
        }
        return false;
    }

    /** The number of columns relation {@code oid} had when the view was made, or -1 if the view does not read it. */
    public int columnsOf(int oid) {
        for (Reference r : references) {
            if (r.relation() == oid) {
                return r.columns();
            }
        }
        return -1;
    }
}
