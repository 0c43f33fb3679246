/*
 * Values of named composite types in expressions (parse_coerce.c's coerce_record_to_complex and the I/O casts of
 * composites, parse_func.c's ParseComplexProjection for field selection): a cast to the type ({@code
 * row(1,'a')::t}, {@code '(1,a)'::t}, {@code null::t}, {@code x::t} of a record or text), the read of a column of
 * the type (stored as its record_out text), field selection {@code (x).f} and the store of a value into a
 * column (its text again). Each such node is an Expr.Call whose implementation is a {@link Maker}, which carries
 * the composite type: that is how {@code (x).f} and {@code (x).*} find the fields of an expression typed
 * PgType.RECORD. A composite value that passed through a subquery's output or a function is an anonymous record
 * again (its fields are then not selectable by name): not done.
 */
package osgres.sql.internal.analyze;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import osgres.api.PgException;
import osgres.api.SqlState;
import osgres.sql.internal.nodes.Expr;
import osgres.sql.internal.utils.Casts;
import osgres.sql.internal.utils.CompositeType;
import osgres.sql.internal.utils.ExecContext;
import osgres.sql.internal.utils.Messages;
import osgres.sql.internal.utils.PgType;
import osgres.sql.internal.utils.RowValue;
import osgres.sql.internal.utils.TypeIo;

final class CompositeValues {

    /** How a node makes its composite value from its arguments. */
    enum Source {
        /** The argument is already a value of the type (a constant read at analysis, or a null). */
        VALUE,
        /** The arguments are the fields, each already coerced to its field's type. */
        FIELDS,
        /** The argument is text in record_in's form (a stored column, a text cast). */
        TEXT,
        /** The argument is a record whose fields are converted one by one. */
        RECORD
    }

    /** The implementation of a node producing a value of {@code type}; equal makers make equal nodes. */
    record Maker(CompositeType type, Source source, List<Casts.Conversion> conversions)
            implements Expr.Implementation {
        @Override
        public Object call(ExecContext ctx, Object[] args) {
            return switch (source) {
                case VALUE -> args[0];
                case FIELDS -> new RowValue(type.fieldTypes(), args.clone());
                case TEXT -> args[0] == null ? null : type.input((String) args[0],
                        ctx == null ? ZoneOffset.UTC : ctx.output().zone());
                case RECORD -> convert((RowValue) args[0], ctx);
            };
        }

        private Object convert(RowValue r, ExecContext ctx) {
            if (r == null) {
                return null;
            }
            if (r.values().length != type.fields().size()) {
                throw PgException.error(SqlState.DATATYPE_MISMATCH, "cannot cast type record to " + type.name())
                        .withDetail(r.values().length < type.fields().size() ? "Input has too few columns."
                                : "Input has too many columns.");
            }
            Object[] out = new Object[r.values().length];
            for (int i = 0; i < out.length; i++) {
                Object v = r.values()[i];
                if (v == null) {
                    continue;
                }
                PgType from = r.types().get(i);
                CompositeType.Field f = type.fields().get(i);
                Casts.Conversion c = Casts.find(from, f.type(), f.typmod(), Casts.Context.IMPLICIT);
                if (c == null) {
                    throw PgException.error(SqlState.DATATYPE_MISMATCH, "cannot cast type record to " + type.name())
                            .withDetail("Cannot cast type " + from.sqlName() + " to " + f.type().sqlName()
                                    + " in column " + (i + 1) + ".");
                }
                out[i] = c.convert(v, ctx);
            }
            return new RowValue(type.fieldTypes(), out);
        }
    }

    private final ExprAnalyzer exprs;

    CompositeValues(ExprAnalyzer exprs) {
        this.exprs = exprs;
    }

    /** The composite type of a node that makes one, null for any other expression. */
    static CompositeType typeOf(Expr e) {
        return e instanceof Expr.Call c && c.implementation() instanceof Maker m ? m.type() : null;
    }

    private static Expr node(CompositeType type, Source source, List<Expr> args) {
        return new Expr.Call("::" + type.name(), PgType.RECORD, args, source != Source.FIELDS,
                new Maker(type, source, List.of()));
    }

    /** {@code value} (a record already of the type, such as a subquery's output) marked as of {@code type}. */
    static Expr typed(Expr value, CompositeType type) {
        return node(type, Source.VALUE, List.of(value));
    }

    /** The value of a column of the type: its stored text read back (the column's Var is the argument). */
    static Expr column(Expr storedText, CompositeType type) {
        return node(type, Source.TEXT, List.of(storedText));
    }

    /** What a column of a composite type stores: record_out of the value, coerced to the type first. */
    Expr store(ParseState ps, Expr value, CompositeType type, String column, int p) {
        Expr typed = coerce(ps, value, type, Casts.Context.ASSIGNMENT, p, column);
        return new Expr.Call("record_out", PgType.TEXT, List.of(typed), true,
                (ctx, v) -> ((RowValue) v[0]).output(ctx == null ? TypeIo.OutputSettings.DEFAULT : ctx.output()));
    }

    /**
     * coerce_record_to_complex and the I/O cast: {@code arg} as a value of {@code type}; 42846 "cannot cast type
     * x to t" when there is no such conversion ({@code column} set: the 42804 of an assignment to that column).
     */
    Expr coerce(ParseState ps, Expr arg, CompositeType type, Casts.Context context, int p, String column) {
        CompositeType own = typeOf(arg);
        if (own != null && own.oid() == type.oid()) {
            return arg;
        }
        if (arg instanceof Expr.Const k && (k.value() == null || k.type() == PgType.UNKNOWN)) {
            Object value = null;
            if (k.value() != null) {
                try {
                    value = type.input((String) k.value(), ps.statement.zone);
                } catch (PgException e) {
                    throw e.position() == 0 ? e.withPosition(k.location() > 0 ? k.location() : p) : e;
                }
            }
            return node(type, Source.VALUE, List.of(new Expr.Const(PgType.RECORD, value, k.location())));
        }
        if (RowAnalyzer.isRow(arg)) {
            List<Expr> fields = ((Expr.Call) arg).args();
            if (fields.size() != type.fields().size()) {
                throw PgException.error(Messages.CANNOT_COERCE, "cannot cast type record to " + type.name())
                        .withDetail(fields.size() < type.fields().size() ? "Input has too few columns."
                                : "Input has too many columns.").withPosition(p);
            }
            List<Expr> coerced = new ArrayList<>();
            for (int i = 0; i < fields.size(); i++) {
                CompositeType.Field f = type.fields().get(i);
                Expr field = fields.get(i);
                try {
                    coerced.add(exprs.coerce(ps, field, f.type(), f.typmod(), context, p));
                } catch (PgException e) {
                    if (!e.sqlState().equals(Messages.CANNOT_COERCE)) {
                        throw e;
                    }
                    throw PgException.error(Messages.CANNOT_COERCE, "cannot cast type record to " + type.name())
                            .withDetail("Cannot cast type " + field.type().sqlName() + " to "
                                    + f.type().sqlName() + " in column " + (i + 1) + ".").withPosition(p);
                }
            }
            return node(type, Source.FIELDS, coerced);
        }
        if (arg.type() == PgType.RECORD) {
            return node(type, Source.RECORD, List.of(arg));
        }
        if (arg.type().isString() && context == Casts.Context.EXPLICIT) {
            return node(type, Source.TEXT, List.of(arg));
        }
        if (column != null) {
            throw PgException.error(SqlState.DATATYPE_MISMATCH, "column \"" + column + "\" is of type "
                    + type.name() + " but expression is of type " + arg.type().sqlName())
                    .withHint("You will need to rewrite or cast the expression.").withPosition(p);
        }
        throw PgException.error(Messages.CANNOT_COERCE, "cannot cast type " + arg.type().sqlName() + " to "
                + type.name()).withPosition(p);
    }

    /** {@code (x).name}: the field, 42703 "column \"name\" not found in data type t" when there is none. */
    static Expr field(Expr value, CompositeType type, String name, int p) {
        int i = type.fieldIndex(name);
        if (i < 0 && type.oid() == 0 && type.name().equals("record")) {
            throw PgException.error(SqlState.UNDEFINED_COLUMN, "could not identify column \"" + name
                    + "\" in record data type").withPosition(p);
        }
        if (i < 0) {
            throw PgException.error(SqlState.UNDEFINED_COLUMN, "column \"" + name + "\" not found in data type "
                    + type.name()).withPosition(p);
        }
        CompositeType.Field f = type.fields().get(i);
        return new Expr.Call("." + name, f.type(), List.of(value), true, new FieldSelect(i));
    }

    /** FieldStore: {@code value} with field {@code index} replaced (a null value: a row of nulls first). */
    static Expr fieldStore(Expr value, CompositeType type, int index, Expr field) {
        Expr.Call replaced = new Expr.Call("field_store", PgType.RECORD, List.of(value, field), false, (ctx, v) -> {
            Object[] fields = v[0] == null ? new Object[type.fields().size()] : ((RowValue) v[0]).values().clone();
            fields[index] = v[1];
            return new RowValue(type.fieldTypes(), fields);
        });
        return node(type, Source.VALUE, List.of(replaced));
    }

    /** FieldSelect: field {@code index} of a (non-null) composite value. */
    record FieldSelect(int index) implements Expr.Implementation {
        @Override
        public Object call(ExecContext ctx, Object[] args) {
            return ((RowValue) args[0]).values()[index];
        }
    }
}
