package osgres.sql;

import java.util.List;

/**
 * A parsed and analysed statement (a prepared statement's plan source). Immutable; may be shared by
 * portals of the same session.
 */
public interface Statement {

    String sql();

    /** True for an empty query string (EmptyQueryResponse). */
    boolean isEmpty();

    /** Parameter type OIDs, after inference ($1::int4 gives 23); 0 where it could not be inferred. */
    int[] parameterTypes();

    /** Result columns, empty when the statement returns no rows (Describe answers NoData). */
    List<Column> columns();

    /** The statement's class for {@code log_statement} (GetCommandLogLevel): DDL, MOD or ALL. */
    LogStatement logLevel();
}
