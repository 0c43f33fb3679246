/*
 * What parse analysis needs of the user-defined functions (the syscache lookups of parse_func.c and the body
 * inline_function reads): the functions of a name, and the analysed expression of a body that is a lone
 * SELECT expr. The session implements it (FunctionCatalog) over its pg_proc rows.
 */
package osgres.sql.internal.analyze;

import java.util.List;

import osgres.sql.internal.nodes.Expr;
import osgres.sql.internal.utils.AggregateDefinition;
import osgres.sql.internal.utils.CastDefinition;
import osgres.sql.internal.utils.OperatorDefinition;
import osgres.sql.internal.utils.PgType;
import osgres.sql.internal.utils.SqlFunction;

public interface FunctionLookup {

    /** True when some user function or procedure has this name. */
    boolean exists(String name);

    /** The user-defined aggregates of this name, oldest first. */
    default List<AggregateDefinition> aggregates(String name) {
        return List.of();
    }

    /** The user-defined operators of this name, oldest first. */
    default List<OperatorDefinition> operators(String name) {
        return List.of();
    }

    /** The user-defined cast from {@code source} to {@code target}, or null. */
    default CastDefinition cast(PgType source, PgType target) {
        return null;
    }

    /** The functions and procedures of this name, oldest first. */
    List<SqlFunction> named(String name);

    /**
     * The expression of a LANGUAGE sql body that is {@code SELECT expr} alone (parameters as Params), or null when
     * the body is anything else or is being analysed right now (a recursive function is not inlined into itself).
     */
    Expr inlinableBody(SqlFunction function);
}
