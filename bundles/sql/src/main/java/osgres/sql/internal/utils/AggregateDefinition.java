/*
 * One user-defined aggregate (a pg_proc row of prokind 'a' with its pg_aggregate data), as aggregatecmds.c's
 * DefineAggregate reads CREATE AGGREGATE in both syntaxes: the new one, {@code name (args) (sfunc = ..., stype =
 * ...)}, and the old one, {@code name (basetype = ..., sfunc1 = ..., stype1 = ..., initcond1 = ...)}. The functions
 * are kept by name: their argument types follow from the aggregate's (transition function (stype, args...), final
 * function (stype [, args... with finalfunc_extra]), combine function (stype, stype)), and analyze's
 * UserAggregates looks them up when a query calls the aggregate (lookup_agg_function). The row keeps the statement's
 * text, which {@link #of} reads again with the same checks. The moving-aggregate functions (msfunc, minvfunc,
 * mfinalfunc) are checked against the plain ones' rules in DefineAggregate only; windows run the plain transition
 * function over each frame, which gives the same results. Not done: ordered-set and hypothetical-set user
 * aggregates, polymorphic and VARIADIC arguments, stype internal.
 */
package osgres.sql.internal.utils;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import osgres.api.PgException;
import osgres.api.SqlState;
import osgres.pgquery.tree.PgQuery;

public record AggregateDefinition(int oid, String name, List<PgType> argTypes, String sfunc, PgType stype,
                                  String finalfunc, boolean finalExtra, String initcond, String combinefunc,
                                  String serialfunc, String deserialfunc, String msfunc, String minvfunc,
                                  PgType mstype, String mfinalfunc, String minitcond, List<String> unrecognized,
                                  String definition, int owner, List<osgres.storage.AclItem> acl) {

    /** The aggregate with this owner (proowner) and ACL (proacl, null for the default: acldefault 'f'). */
    public AggregateDefinition withAcl(int newOwner, List<osgres.storage.AclItem> newAcl) {
        return new AggregateDefinition(oid, name, argTypes, sfunc, stype, finalfunc, finalExtra, initcond,
                combinefunc, serialfunc, deserialfunc, msfunc, minvfunc, mstype, mfinalfunc, minitcond, unrecognized,
                definition, newOwner, newAcl == null ? null : List.copyOf(newAcl));
    }


    /** DefineAggregate's reading of the statement; 42P13 for what it refuses. */
    public static AggregateDefinition of(int oid, PgQuery.DefineStmt d, String definition,
                                         SqlFunction.RowTypes rowTypes) {
        List<String> qualified = d.getDefnamesList().stream().map(n -> n.getString().getSval()).toList();
        if (qualified.size() > 1 && !qualified.getFirst().equals("public")) {
            throw Messages.schemaDoesNotExist(qualified.getFirst());
        }
        Map<String, PgQuery.Node> options = new LinkedHashMap<>();
        List<String> unrecognized = new ArrayList<>();
        for (PgQuery.Node n : d.getDefinitionList()) {
            PgQuery.DefElem e = n.getDefElem();
            String key = switch (e.getDefname()) {
                case "sfunc1" -> "sfunc";
                case "stype1" -> "stype";
                case "initcond1" -> "initcond";
                default -> e.getDefname();
            };
            switch (key) {
                case "sfunc", "finalfunc", "combinefunc", "serialfunc", "deserialfunc", "msfunc", "minvfunc",
                     "mfinalfunc", "finalfunc_extra", "mfinalfunc_extra", "finalfunc_modify", "mfinalfunc_modify",
                     "sortop", "basetype", "hypothetical", "stype", "sspace", "mstype", "msspace", "initcond",
                     "minitcond", "parallel" -> options.put(key, e.hasArg() ? e.getArg() : null);
                default -> unrecognized.add(e.getDefname());
            }
        }
        if (options.containsKey("hypothetical")) {
            throw PgException.error(SqlState.INVALID_FUNCTION_DEFINITION,
                    "only ordered-set aggregates can be hypothetical");
        }
        if (!options.containsKey("stype")) {
            throw PgException.error(SqlState.INVALID_FUNCTION_DEFINITION, "aggregate stype must be specified");
        }
        if (!options.containsKey("sfunc")) {
            throw PgException.error(SqlState.INVALID_FUNCTION_DEFINITION, "aggregate sfunc must be specified");
        }
        PgType mstype = null;
        if (options.containsKey("mstype")) {
            if (!options.containsKey("msfunc")) {
                throw definitionError("aggregate msfunc must be specified when mstype is specified");
            }
            if (!options.containsKey("minvfunc")) {
                throw definitionError("aggregate minvfunc must be specified when mstype is specified");
            }
            mstype = type(options.get("mstype"), rowTypes);
        } else {
            for (String moving : List.of("msfunc", "minvfunc", "mfinalfunc", "msspace", "minitcond")) {
                if (options.containsKey(moving)) {
                    throw definitionError("aggregate " + moving + " must not be specified without mstype");
                }
            }
        }
        List<PgType> args = new ArrayList<>();
        if (d.getOldstyle()) {
            PgQuery.Node base = options.get("basetype");
            if (base == null) {
                throw definitionError("aggregate input type must be specified");
            }
            if (!text(base).equalsIgnoreCase("ANY")) {
                args.add(type(base, rowTypes));
            }
        } else {
            if (options.containsKey("basetype")) {
                throw definitionError("basetype is redundant with aggregate input type specification");
            }
            if (d.getArgsCount() > 1 && d.getArgs(1).hasInteger() && d.getArgs(1).getInteger().getIval() >= 0) {
                throw Messages.notSupported("ordered-set aggregates in CREATE AGGREGATE", 0);
            }
            if (d.getArgsCount() > 0 && d.getArgs(0).hasList()) {
                for (PgQuery.Node p : d.getArgs(0).getList().getItemsList()) {
                    PgQuery.FunctionParameter fp = p.getFunctionParameter();
                    if (fp.getMode() == PgQuery.FunctionParameterMode.FUNC_PARAM_VARIADIC) {
                        throw Messages.notSupported("VARIADIC aggregate arguments", 0);
                    }
                    args.add(SqlFunction.type(fp.getArgType(), rowTypes));
                }
            }
        }
        return new AggregateDefinition(oid, qualified.getLast(), List.copyOf(args), name(options.get("sfunc")),
                type(options.get("stype"), rowTypes), name(options.get("finalfunc")),
                options.containsKey("finalfunc_extra") && flag(options.get("finalfunc_extra")),
                text(options.get("initcond")), name(options.get("combinefunc")), name(options.get("serialfunc")),
                name(options.get("deserialfunc")), name(options.get("msfunc")), name(options.get("minvfunc")),
                mstype, name(options.get("mfinalfunc")), text(options.get("minitcond")),
                List.copyOf(unrecognized), definition, osgres.storage.Role.BOOTSTRAP_SUPERUSER_OID, null);
    }

    private static PgException definitionError(String message) {
        return PgException.error(SqlState.INVALID_FUNCTION_DEFINITION, message);
    }

    /** defGetTypeName: a type written as a name or as a string. */
    private static PgType type(PgQuery.Node n, SqlFunction.RowTypes rowTypes) {
        if (n != null && n.hasTypeName()) {
            return SqlFunction.type(n.getTypeName(), rowTypes);
        }
        PgQuery.TypeName tn = PgQuery.TypeName.newBuilder()
                .addNames(PgQuery.Node.newBuilder().setString(PgQuery.String.newBuilder().setSval(text(n)))).build();
        return SqlFunction.type(tn, rowTypes);
    }

    /** defGetQualifiedName: the function's name (an argument list written after it is ignored, as PostgreSQL does). */
    private static String name(PgQuery.Node n) {
        if (n == null) {
            return null;
        }
        if (n.hasTypeName()) {
            return n.getTypeName().getNames(n.getTypeName().getNamesCount() - 1).getString().getSval();
        }
        if (n.hasList()) {
            List<PgQuery.Node> items = n.getList().getItemsList();
            return items.getLast().getString().getSval();
        }
        return text(n);
    }

    /** defGetString. */
    private static String text(PgQuery.Node n) {
        if (n == null) {
            return null;
        }
        if (n.hasString()) {
            return n.getString().getSval();
        }
        if (n.hasInteger()) {
            return Integer.toString(n.getInteger().getIval());
        }
        if (n.hasFloat()) {
            return n.getFloat().getFval();
        }
        if (n.hasBoolean()) {
            return n.getBoolean().getBoolval() ? "true" : "false";
        }
        if (n.hasTypeName()) {
            List<String> names = new ArrayList<>();
            for (PgQuery.Node s : n.getTypeName().getNamesList()) {
                names.add(s.getString().getSval());
            }
            return String.join(".", names);
        }
        return "";
    }

    /** defGetBoolean: no value means true. */
    private static boolean flag(PgQuery.Node n) {
        if (n == null) {
            return true;
        }
        String s = text(n).toLowerCase(Locale.ROOT);
        return switch (s) {
            case "true", "on", "1" -> true;
            case "false", "off", "0" -> false;
            default -> throw PgException.error(SqlState.SYNTAX_ERROR, "finalfunc_extra requires a Boolean value");
        };
    }

    /** The signature as format_procedure writes it ({@code name(integer, text)}, {@code name(*)} for none). */
    public String signature() {
        return argTypes.isEmpty() ? name + "(*)" : Messages.signature(name, argTypes);
    }
}
