/*
 * Uses of user-defined casts (CREATE CAST): coerce_type's pg_cast lookup for a source and target type osgres has
 * no built-in cast between (or a pg_cast row the user added beside the I/O conversions), in the contexts the cast
 * serves. The conversion calls the cast function (with the typmod -1 and the explicit flag when it takes them),
 * reads the source's text output with the target's input (WITH INOUT), or reinterprets the value's binary form
 * (WITHOUT FUNCTION: the source's send format read by the target's receive, which is what PostgreSQL's relabelling
 * of the same bytes gives). CREATE CAST's checks of the function are here too (CreateCast).
 */
package osgres.sql.internal.analyze;

import java.util.List;

import osgres.api.PgException;
import osgres.api.SqlState;
import osgres.sql.internal.utils.CastDefinition;
import osgres.sql.internal.utils.Casts;
import osgres.sql.internal.utils.PgType;
import osgres.sql.internal.utils.TypeIo;

public final class UserCasts {

    private UserCasts() {
    }

    /** CreateCast's checks; 42P17 for what it refuses, 42883 for a missing function. */
    public static void check(CastDefinition c, FunctionLookup catalog) {
        switch (c.method()) {
            case FUNCTION -> {
                List<PgType> args = c.functionArgs();
                if (args.isEmpty() || args.size() > 3) {
                    throw invalid("cast function must take one to three arguments");
                }
                UserAggregates.Support f = UserAggregates.lookup(catalog, c.function(), args);
                if (args.getFirst() != c.source() && !(c.source().isString() && args.getFirst().isString())) {
                    throw invalid("argument of cast function must match or be binary-coercible from source data"
                            + " type");
                }
                if (args.size() > 1 && args.get(1) != PgType.INT4) {
                    throw invalid("second argument of cast function must be type integer");
                }
                if (args.size() > 2 && args.get(2) != PgType.BOOL) {
                    throw invalid("third argument of cast function must be type boolean");
                }
                if (f.result() != c.target() && !(c.target().isString() && f.result().isString())) {
                    throw invalid("return data type of cast function must match or be binary-coercible to target"
                            + " data type");
                }
            }
            case BINARY -> {
                if (c.source().typlen() != c.target().typlen()) {
                    throw invalid("source and target data types are not physically compatible");
                }
                if (c.source().isArray() || c.target().isArray()) {
                    throw invalid("array data types are not binary-compatible");
                }
            }
            case INOUT -> {
                // every type has text input and output
            }
        }
    }

    private static PgException invalid(String message) {
        return PgException.error(SqlState.INVALID_OBJECT_DEFINITION, message);
    }

    /** The user cast's conversion from {@code source} to {@code target} in this context, or null. */
    static Casts.Conversion find(ParseState ps, PgType source, PgType target, Casts.Context context) {
        FunctionLookup catalog = ps.statement.functions;
        CastDefinition c = catalog == null ? null : catalog.cast(source, target);
        if (c == null || c.sourceIsDomain() || c.targetIsDomain()) {
            return null;
        }
        ps.statement.callsUserFunctions = true; // a later DROP CAST changes the statement
        if (!c.serves(context)) {
            return null;
        }
        return switch (c.method()) {
            case FUNCTION -> {
                UserAggregates.Support f = UserAggregates.lookup(catalog, c.function(), c.functionArgs());
                int n = c.functionArgs().size();
                boolean explicit = context == Casts.Context.EXPLICIT;
                yield (v, ctx) -> {
                    Object[] args = n == 1 ? new Object[] {v} : n == 2 ? new Object[] {v, -1}
                            : new Object[] {v, -1, explicit};
                    return f.call(ctx, args);
                };
            }
            case INOUT -> (v, ctx) -> TypeIo.input(target, TypeIo.output(source, v, ctx.output()),
                    ctx.output().zone());
            case BINARY -> (v, ctx) -> TypeIo.receive(target, TypeIo.send(source, v, ctx.output()), 0);
        };
    }
}
