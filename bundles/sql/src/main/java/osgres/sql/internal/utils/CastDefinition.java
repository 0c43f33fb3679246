/*
 * One user-defined cast (a pg_cast row made by CREATE CAST), as functioncmds.c's CreateCast reads the statement:
 * source and target types, the method (a function, WITHOUT FUNCTION: the value's bytes reinterpreted, which osgres
 * does through the types' binary send and receive formats, or WITH INOUT: the source's text output read by the
 * target's input) and the contexts it serves (explicit only, AS ASSIGNMENT, AS IMPLICIT). A domain on either side
 * stands for its base type (PostgreSQL ignores such casts, with a WARNING CREATE CAST gives).
 */
package osgres.sql.internal.utils;

import java.util.ArrayList;
import java.util.List;

import osgres.pgquery.tree.PgQuery;

public record CastDefinition(int oid, PgType source, PgType target, Method method, String function,
                             List<PgType> functionArgs, Casts.Context context, boolean sourceIsDomain,
                             boolean targetIsDomain, String definition) {

    /** pg_cast.castmethod. */
    public enum Method { FUNCTION, BINARY, INOUT }

    public static CastDefinition of(int oid, PgQuery.CreateCastStmt c, String definition,
                                    SqlFunction.RowTypes rowTypes) {
        PgType source = SqlFunction.type(c.getSourcetype(), rowTypes);
        PgType target = SqlFunction.type(c.getTargettype(), rowTypes);
        Method method = c.hasFunc() ? Method.FUNCTION : c.getInout() ? Method.INOUT : Method.BINARY;
        String function = null;
        List<PgType> args = List.of();
        if (c.hasFunc()) {
            PgQuery.ObjectWithArgs f = c.getFunc();
            function = f.getObjname(f.getObjnameCount() - 1).getString().getSval();
            List<PgType> types = new ArrayList<>();
            for (PgQuery.Node n : f.getObjargsList()) {
                types.add(SqlFunction.type(n.getTypeName(), rowTypes));
            }
            args = List.copyOf(types);
        }
        Casts.Context context = switch (c.getContext()) {
            case COERCION_IMPLICIT -> Casts.Context.IMPLICIT;
            case COERCION_ASSIGNMENT -> Casts.Context.ASSIGNMENT;
            default -> Casts.Context.EXPLICIT;
        };
        return new CastDefinition(oid, source, target, method, function, args, context,
                isDomain(c.getSourcetype(), source), isDomain(c.getTargettype(), target), definition);
    }

    /** True when the cast serves a coercion of this context (an implicit cast serves all of them). */
    public boolean serves(Casts.Context wanted) {
        return wanted.ordinal() >= context.ordinal();
    }

    private static boolean isDomain(PgQuery.TypeName tn, PgType resolved) {
        return tn.getArrayBoundsCount() == 0
                && PgType.byName(tn.getNames(tn.getNamesCount() - 1).getString().getSval()) != resolved;
    }
}
