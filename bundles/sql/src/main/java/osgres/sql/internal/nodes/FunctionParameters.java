/*
 * Named notation for the built-ins that PostgreSQL declares with parameter names (pg_proc.proargnames and
 * proargdefaults), as parse_func.c's FuncnameGetCandidates matches a call such as make_interval(days => 10):
 * positional arguments first, then named ones in any order, each name at most once; a parameter left out takes
 * its default, and a call that leaves out one without a default, or names one the function does not have, matches
 * no function (42883, the signature written with the names, as func_signature_string prints it).
 */
package osgres.sql.internal.nodes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import osgres.sql.internal.utils.Messages;
import osgres.sql.internal.utils.PgType;

public final class FunctionParameters {

    /** One function's parameter names, and the defaults of its trailing parameters (null: no default). */
    private record Signature(List<String> names, List<Object> defaults, List<PgType> types) {
    }

    /** An argument as written: its name (null when positional), value and position in the query. */
    public record Argument(String name, Expr value, int position) {
    }

    private static final Map<String, Signature> SIGNATURES = Map.of(
            "make_interval", new Signature(
                    List.of("years", "months", "weeks", "days", "hours", "mins", "secs"),
                    Arrays.asList(0, 0, 0, 0, 0, 0, 0.0),
                    List.of(PgType.INT4, PgType.INT4, PgType.INT4, PgType.INT4, PgType.INT4, PgType.INT4,
                            PgType.FLOAT8)),
            "make_date", noDefaults("year", "month", "day"),
            "make_time", noDefaults("hour", "min", "sec"),
            "make_timestamp", noDefaults("year", "month", "mday", "hour", "min", "sec"),
            "make_timestamptz", noDefaults("year", "month", "mday", "hour", "min", "sec", "timezone"),
            // pg_proc's proargnames and proargdefaults of the jsonb path functions
            "jsonb_set", new Signature(List.of("jsonb_in", "path", "replacement", "create_if_missing"),
                    Arrays.asList(null, null, null, true), List.of(PgType.JSONB, PgType.TEXT_ARRAY, PgType.JSONB,
                    PgType.BOOL)),
            "jsonb_set_lax", new Signature(List.of("jsonb_in", "path", "replacement", "create_if_missing",
                    "null_value_treatment"), Arrays.asList(null, null, null, true, "use_json_null"),
                    List.of(PgType.JSONB, PgType.TEXT_ARRAY, PgType.JSONB, PgType.BOOL, PgType.TEXT)),
            "jsonb_insert", new Signature(List.of("jsonb_in", "path", "replacement", "insert_after"),
                    Arrays.asList(null, null, null, false), List.of(PgType.JSONB, PgType.TEXT_ARRAY, PgType.JSONB,
                    PgType.BOOL)));

    private FunctionParameters() {
    }

    private static Signature noDefaults(String... names) {
        Object[] none = new Object[names.length];
        return new Signature(List.of(names), Arrays.asList(none), null);
    }

    /** True when some argument is named. */
    public static boolean anyNamed(List<Argument> arguments) {
        return arguments.stream().anyMatch(a -> a.name() != null);
    }

    /**
     * The arguments in parameter order, defaults filled in, or 42883 naming the call's signature when they match
     * no declared parameter list.
     */
    public static List<Expr> positional(String function, List<Argument> arguments, int position) {
        // parse_func.c's checks of the notation itself come before any lookup
        java.util.Set<String> seen = new java.util.HashSet<>();
        boolean named = false;
        for (Argument a : arguments) {
            if (a.name() == null && named) {
                throw Messages.positionalAfterNamed(a.position());
            }
            if (a.name() != null) {
                named = true;
                if (!seen.add(a.name())) {
                    throw Messages.argumentNameUsedTwice(a.name(), a.position());
                }
            }
        }
        Signature signature = SIGNATURES.get(function);
        Expr[] slots = signature == null ? null : new Expr[signature.names().size()];
        boolean matches = signature != null && arguments.size() <= slots.length;
        for (int i = 0; matches && i < arguments.size(); i++) {
            Argument a = arguments.get(i);
            int slot = a.name() == null ? i : signature.names().indexOf(a.name());
            if (slot < 0 || slots[slot] != null) {
                matches = false;
            } else {
                slots[slot] = a.value();
            }
        }
        for (int i = 0; matches && i < slots.length; i++) {
            if (slots[i] == null) {
                Object value = signature.defaults().get(i);
                if (value == null) {
                    matches = false;
                } else {
                    slots[i] = new Expr.Const(signature.types().get(i), value, position);
                }
            }
        }
        if (!matches) {
            throw Messages.functionDoesNotExist(signature(function, arguments), position);
        }
        return new ArrayList<>(Arrays.asList(slots));
    }

    private static String signature(String function, List<Argument> arguments) {
        StringBuilder out = new StringBuilder(function).append('(');
        for (int i = 0; i < arguments.size(); i++) {
            Argument a = arguments.get(i);
            out.append(i == 0 ? "" : ", ").append(a.name() == null ? "" : a.name() + " => ")
                    .append(a.value().type().sqlName());
        }
        return out.append(')').toString();
    }
}
