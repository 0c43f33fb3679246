/*
 * Values of enum types in expressions: a cast to the type ({@code 'a'::mood}, {@code t::mood} of text, {@code
 * null::mood}), the read of a column of the type (stored as its label), a comparison with an untyped literal
 * (the literal read as the other side's enum, as PostgreSQL resolves anyenum = unknown), the store into a column
 * (the label again), and enum_first / enum_last / enum_range. Each node that makes an enum value is an Expr.Call
 * whose implementation is a {@link Maker}, which carries the type: PgType.ANYENUM alone does not say which enum.
 */
package osgres.sql.internal.analyze;

import java.util.ArrayList;
import java.util.List;

import osgres.api.PgException;
import osgres.api.SqlState;
import osgres.sql.internal.nodes.Expr;
import osgres.sql.internal.utils.Casts;
import osgres.sql.internal.utils.EnumType;
import osgres.sql.internal.utils.EnumValue;
import osgres.sql.internal.utils.ExecContext;
import osgres.sql.internal.utils.Messages;
import osgres.sql.internal.utils.PgType;

final class EnumValues {

    /** The implementation of a node producing a value of {@code type}: from a label ({@code fromText}) or as is. */
    record Maker(EnumType type, boolean fromText) implements Expr.Implementation {
        @Override
        public Object call(ExecContext ctx, Object[] args) {
            return fromText ? type.input((String) args[0]) : args[0];
        }
    }

    private EnumValues() {
    }

    /** The enum type of a node that makes one, null for any other expression. */
    static EnumType typeOf(Expr e) {
        return e instanceof Expr.Call c && c.implementation() instanceof Maker m ? m.type() : null;
    }

    /** The value of a column of the type: its stored label read back. */
    static Expr column(Expr storedLabel, EnumType type) {
        return new Expr.Call("::" + type.name(), PgType.ANYENUM, List.of(storedLabel), true, new Maker(type, true));
    }

    /** What a column of an enum type stores: the label of the value, coerced to the type first. */
    static Expr store(ExprAnalyzer exprs, ParseState ps, Expr value, EnumType type, String column, int p) {
        Expr typed = coerce(exprs, ps, value, type, Casts.Context.ASSIGNMENT, p, column);
        return new Expr.Call("enum_out", PgType.TEXT, List.of(typed), true, (ctx, v) -> ((EnumValue) v[0]).label());
    }

    /** {@code arg} as a value of {@code type}: a literal read now, text read at run time (explicitly only). */
    static Expr coerce(ExprAnalyzer exprs, ParseState ps, Expr arg, EnumType type, Casts.Context context, int p,
                       String column) {
        EnumType own = typeOf(arg);
        if (own != null && own.oid() == type.oid()) {
            return arg;
        }
        if (arg instanceof Expr.Const k && (k.value() == null || k.type() == PgType.UNKNOWN)) {
            Object value = null;
            if (k.value() != null) {
                try {
                    value = type.input((String) k.value());
                } catch (PgException e) {
                    throw e.withPosition(k.location() > 0 ? k.location() : p);
                }
            }
            return new Expr.Call("::" + type.name(), PgType.ANYENUM,
                    List.of(new Expr.Const(PgType.ANYENUM, value, k.location())), true, new Maker(type, false));
        }
        if (own == null && arg.type().isString() && context == Casts.Context.EXPLICIT) {
            return column(arg, type);
        }
        String from = own != null ? own.name() : arg.type().sqlName();
        if (column != null) {
            throw PgException.error(SqlState.DATATYPE_MISMATCH, "column \"" + column + "\" is of type "
                    + type.name() + " but expression is of type " + from)
                    .withHint("You will need to rewrite or cast the expression.").withPosition(p);
        }
        throw PgException.error(Messages.CANNOT_COERCE, "cannot cast type " + from + " to " + type.name())
                .withPosition(p);
    }

    /**
     * A comparison where one side is of an enum: an untyped literal on the other side is read as that enum; two
     * different enums have no operator (42883).
     */
    static Expr[] comparisonOperands(ExprAnalyzer exprs, ParseState ps, String op, Expr left, Expr right, int p) {
        EnumType l = typeOf(left);
        EnumType r = typeOf(right);
        if (l != null && r == null && right.type() == PgType.UNKNOWN) {
            right = coerce(exprs, ps, right, l, Casts.Context.IMPLICIT, p, null);
        } else if (r != null && l == null && left.type() == PgType.UNKNOWN) {
            left = coerce(exprs, ps, left, r, Casts.Context.IMPLICIT, p, null);
        } else if (l != null && r != null && l.oid() != r.oid()) {
            throw PgException.error(SqlState.UNDEFINED_FUNCTION, "operator does not exist: " + l.name() + " " + op
                    + " " + r.name()).withHint("No operator matches the given name and argument types. You might "
                    + "need to add explicit type casts.").withPosition(p);
        }
        return new Expr[] {left, right};
    }

    /** The enum of a CASE's, COALESCE's or GREATEST's arguments when one of them is of an enum, else null. */
    static EnumType common(List<Expr> args) {
        for (Expr a : args) {
            if (typeOf(a) != null) {
                return typeOf(a);
            }
        }
        return null;
    }

    /** The arguments with untyped literals read as {@code type}'s values (select_common_type's unknowns). */
    static List<Expr> literalsOf(ExprAnalyzer exprs, ParseState ps, List<Expr> args, EnumType type) {
        List<Expr> out = new ArrayList<>();
        for (Expr a : args) {
            out.add(a.type() == PgType.UNKNOWN ? coerce(exprs, ps, a, type, Casts.Context.IMPLICIT, 0, null) : a);
        }
        return out;
    }

    /** {@code e} (of PgType.ANYENUM) marked as a value of {@code type}; {@code e} itself when type is null. */
    static Expr typed(Expr e, EnumType type) {
        return type == null ? e : new Expr.Call("::" + type.name(), PgType.ANYENUM, List.of(e), true,
                new Maker(type, false));
    }

    /** enum_first(x), enum_last(x), enum_range(x) and enum_range(x, y) of an enum argument, null for other calls. */
    static Expr function(String name, List<Expr> args) {
        EnumType type = args.isEmpty() ? null : typeOf(args.getFirst());
        if (type == null && name.equals("enum_range") && args.size() == 2 && typeOf(args.get(1)) != null
                && args.getFirst() instanceof Expr.Const k && k.value() == null) {
            // enum_range(null, x): the null takes x's type
            type = typeOf(args.get(1));
            args = List.of(new Expr.Call("::" + type.name(), PgType.ANYENUM, List.of(new Expr.Const(PgType.ANYENUM,
                    null, -1)), true, new Maker(type, false)), args.get(1));
        }
        if (type == null) {
            return null;
        }
        Maker maker = new Maker(type, false);
        return switch (name) {
            case "enum_first" -> args.size() != 1 ? null : new Expr.Call("::" + type.name(), PgType.ANYENUM,
                    List.of(new Expr.Const(PgType.ANYENUM, type.first(), -1)), true, maker);
            case "enum_last" -> args.size() != 1 ? null : new Expr.Call("::" + type.name(), PgType.ANYENUM,
                    List.of(new Expr.Const(PgType.ANYENUM, type.last(), -1)), true, maker);
            case "enum_range" -> args.size() == 1 ? range(type, List.of())
                    : args.size() == 2 && typeOf(args.get(1)) != null && typeOf(args.get(1)).oid() == type.oid()
                    ? range(type, args) : null;
            default -> null;
        };
    }

    /** enum_range: the labels from the lower bound (null: the first) to the upper (null: the last), as text[]. */
    private static Expr range(EnumType type, List<Expr> bounds) {
        return new Expr.Call("enum_range", PgType.TEXT_ARRAY, bounds, false, (ctx, v) -> {
            int from = v.length > 0 && v[0] != null ? ((EnumValue) v[0]).position() : 0;
            int to = v.length > 1 && v[1] != null ? ((EnumValue) v[1]).position() : type.labels().size() - 1;
            List<Object> labels = new ArrayList<>();
            for (int i = from; i <= to; i++) {
                labels.add(type.labels().get(i));
            }
            return osgres.storage.ArrayValue.of(PgType.TEXT.oid(), labels);
        });
    }
}
