/*
 * Type conversion rules and functions, as PostgreSQL's pg_cast and parse_coerce.c: which casts exist in
 * which context (implicit, assignment, explicit), the numeric chain int2 -> int4 -> int8 -> numeric ->
 * float4 -> float8 (implicit upwards, assignment downwards with range checks), I/O conversion between
 * string types and everything else, int4 <-> boolean, and the date/time family (DateTimeCasts). Type modifiers:
 * varchar(n) (an explicit cast truncates, others fail with 22001) and numeric(p,s) (rounds, 22003).
 */
package osgres.sql.internal.utils;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;

import osgres.api.PgException;
import osgres.storage.NumericSpecial;

public final class Casts {

    public enum Context { IMPLICIT, ASSIGNMENT, EXPLICIT }

    @FunctionalInterface
    public interface Conversion {
        Object convert(Object value, ExecContext ctx);
    }

    public static final Conversion IDENTITY = (v, ctx) -> v;

    private Casts() {
    }

    /** The conversion from {@code from} to {@code to} allowed in {@code context}, or null if none. */
    public static Conversion find(PgType from, PgType to, int typmod, Context context) {
        Conversion base = findBase(from, to, context);
        if (base == null || typmod < 0) {
            return base;
        }
        Conversion modifier = typmodConversion(to, typmod, context == Context.EXPLICIT);
        if (modifier == null) {
            return base;
        }
        return base == IDENTITY ? modifier : (v, ctx) -> modifier.convert(base.convert(v, ctx), ctx);
    }

    private static Conversion findBase(PgType from, PgType to, Context context) {
        if (from == to) {
            return IDENTITY;
        }
        boolean explicit = context == Context.EXPLICIT;
        boolean assignment = context != Context.IMPLICIT;
        if (from == PgType.REGCLASS || to == PgType.REGCLASS) {
            return regclassConversion(from, to, assignment);
        }
        if (from == PgType.REGNAMESPACE || to == PgType.REGNAMESPACE || from == PgType.REGTYPE && to == PgType.OID
                || to == PgType.REGTYPE && (from == PgType.OID || from == PgType.INT4 || from == PgType.INT8)) {
            Conversion oidAlias = oidAliasConversion(from, to, assignment);
            if (oidAlias != null) {
                return oidAlias;
            }
        }
        if (to == PgType.REGTYPE && (from.isString() || from == PgType.UNKNOWN)) {
            // regtypein: a user type's name needs the session's catalog
            return (v, ctx) -> RegType.input((String) v, ctx.session(), 0);
        }
        if (to == PgType.REGPROC && (from == PgType.OID || from == PgType.INT4 || from == PgType.INT8)) {
            return (v, ctx) -> ctx.session().regprocName(((Number) v).longValue() & 0xFFFFFFFFL);
        }
        if (from == PgType.REGPROC && (to == PgType.OID || to == PgType.INT8 && assignment
                || to == PgType.INT4 && assignment)) {
            // regproc is an oid alias: the routine's oid (pg_cast: binary coercible to oid)
            return to == PgType.INT4 ? (v, ctx) -> (int) ctx.session().regprocOid((String) v)
                    : (v, ctx) -> ctx.session().regprocOid((String) v);
        }
        if ((from == PgType.CHAR || from == PgType.PG_NODE_TREE || from == PgType.REGPROC) && to.isString()) {
            // "char" to text implicitly (pg_cast: text(char)), to name and varchar as text goes
            return to == PgType.NAME ? (v, ctx) -> TypeIo.input(PgType.NAME, (String) v, null) : IDENTITY;
        }
        if (to == PgType.CHAR && from.isString()) {
            // text to "char" by assignment: its first character
            return assignment ? (v, ctx) -> TypeIo.input(PgType.CHAR, (String) v, null) : null;
        }
        if (from.isArray() && to.isArray()) {
            return arrayConversion(from, to, context);
        }
        if ((from == PgType.JSON || from == PgType.JSONB) && (to == PgType.JSON || to == PgType.JSONB)) {
            // json <-> jsonb: I/O conversion casts, allowed in assignments
            return !assignment ? null : to == PgType.JSONB
                    ? (v, ctx) -> JsonValue.jsonbText(JsonParser.parseJsonb((String) v)) : IDENTITY;
        }
        if (from == PgType.JSONB && explicit && JsonFormats.jsonbCast(to) != null) {
            return JsonFormats.jsonbCast(to);
        }
        if (from == PgType.XID8 && to == PgType.XID) {
            // xid(xid8), an explicit cast: the low 32 bits (XidFromFullTransactionId)
            return explicit ? (v, ctx) -> (Long) v & 0xFFFFFFFFL : null;
        }
        if (from == PgType.ANYENUM && to.isString() && assignment) {
            // enum to text: the I/O conversion cast, allowed in assignments and explicitly
            return (v, ctx) -> ((EnumValue) v).label();
        }
        if (from.isNumeric() && to.isNumeric()) {
            if (to.numericRank() > from.numericRank() || assignment) {
                return (v, ctx) -> toNumber(v, from, to);
            }
            return null;
        }
        if (to.isString()) {
            if (from == PgType.BPCHAR && to != PgType.BPCHAR) {
                // rtrim: bpchar's trailing blanks are not significant (bpchar -> text drops them)
                return (v, ctx) -> ((String) v).stripTrailing();
            }
            if (from.isString() || from == PgType.UNKNOWN) {
                return to == PgType.NAME ? (v, ctx) -> TypeIo.input(PgType.NAME, (String) v, null) : IDENTITY;
            }
            if (!assignment) {
                return null;
            }
            if (from == PgType.BOOL) {
                return (v, ctx) -> ((Boolean) v) ? "true" : "false";
            }
            return (v, ctx) -> TypeIo.output(from, v, ctx.output());
        }
        if (from.isString() || from == PgType.UNKNOWN) {
            if (!explicit && from != PgType.UNKNOWN) {
                return null;
            }
            return (v, ctx) -> TypeIo.input(to, (String) v, ctx.output().zone());
        }
        if (explicit && from == PgType.INT4 && to == PgType.BOOL) {
            return (v, ctx) -> ((Integer) v) != 0;
        }
        if (explicit && from == PgType.BOOL && to == PgType.INT4) {
            return (v, ctx) -> ((Boolean) v) ? 1 : 0;
        }
        return dateTimeConversion(from, to, assignment);
    }

    /**
     * An array to another array type (array_map over the element cast, in the context the element cast allows:
     * int4[] to int8[] implicitly, text[] to int4[] only explicitly); shape and bounds stay.
     */
    private static Conversion arrayConversion(PgType from, PgType to, Context context) {
        Conversion element = findBase(from.elementType(), to.elementType(), context);
        if (element == null) {
            return null;
        }
        int oid = to.elementType().oid();
        return (v, ctx) -> mapElements((osgres.storage.ArrayValue) v, oid, element, ctx);
    }

    /** array_map: {@code conversion} on every non-null element; shape and bounds stay. */
    private static osgres.storage.ArrayValue mapElements(osgres.storage.ArrayValue a, int elementOid,
                                                         Conversion conversion, ExecContext ctx) {
        Object[] out = new Object[a.size()];
        for (int i = 0; i < out.length; i++) {
            Object e = a.get(i);
            out[i] = e == null ? null : conversion.convert(e, ctx);
        }
        return new osgres.storage.ArrayValue(elementOid, a.dims(), a.lowerBounds(), out);
    }

    /**
     * pg_cast's regclass rows: text and unknown to regclass resolve the name (regclassin, implicit), regclass and
     * oid are binary coercible both ways (implicit), int4 and int8 to regclass implicit, regclass to them and to
     * text by assignment.
     */
    private static Conversion regclassConversion(PgType from, PgType to, boolean assignment) {
        if (to == PgType.REGCLASS) {
            if (from.isString() || from == PgType.UNKNOWN) {
                return (v, ctx) -> RegClass.input((String) v, ctx.session().transaction(), 0);
            }
            if (from == PgType.OID || from == PgType.INT4 || from == PgType.INT8) {
                return (v, ctx) -> RegClass.ofOid(((Number) v).longValue() & 0xFFFFFFFFL,
                        ctx.session().transaction());
            }
            return null;
        }
        return switch (to) {
            case OID -> (v, ctx) -> ((RegClass) v).oid();
            case INT8 -> assignment ? (v, ctx) -> ((RegClass) v).oid() : null;
            case INT4 -> assignment ? (v, ctx) -> (int) ((RegClass) v).oid() : null;
            case TEXT, VARCHAR, BPCHAR, NAME -> assignment
                    ? (v, ctx) -> ((RegClass) v).output(ctx.output().publicVisible()) : null;
            default -> null;
        };
    }

    /**
     * pg_cast's rows of the oid aliases regnamespace and regtype: binary coercible with oid both ways
     * (implicit), int4 and int8 to them implicitly, them to int4 and int8 by assignment. A regtype of an oid no
     * type has prints as the number, as regtypeout prints it.
     */
    private static Conversion oidAliasConversion(PgType from, PgType to, boolean assignment) {
        if (to == PgType.REGTYPE) {
            return (v, ctx) -> RegType.ofOid(((Number) v).longValue() & 0xFFFFFFFFL, ctx.session());
        }
        if (from == PgType.REGTYPE) {
            return (v, ctx) -> ((RegType) v).oid();
        }
        if (to == PgType.REGNAMESPACE) {
            return from == PgType.OID || from == PgType.INT4 || from == PgType.INT8
                    ? (v, ctx) -> ((Number) v).longValue() & 0xFFFFFFFFL : null;
        }
        return switch (to) {
            case OID -> IDENTITY;
            case INT8 -> assignment ? IDENTITY : null;
            case INT4 -> assignment ? (v, ctx) -> (int) ((Long) v).longValue() : null;
            default -> null;
        };
    }

    private static Conversion dateTimeConversion(PgType from, PgType to, boolean assignment) {
        return DateTimeCasts.find(from, to, assignment);
    }

    /** Converts between numeric types with PostgreSQL's rounding and range errors. */
    static Object toNumber(Object v, PgType from, PgType to) {
        if (v instanceof NumericSpecial s && (to == PgType.FLOAT4 || to == PgType.FLOAT8)) {
            return to == PgType.FLOAT4 ? (Object) (float) s.toDouble() : (Object) s.toDouble();
        }
        switch (to) {
            case INT2, INT4, INT8, OID -> {
                long value;
                if (from.isInteger()) {
                    value = ((Number) v).longValue();
                } else if (from == PgType.NUMERIC) {
                    if (v instanceof NumericSpecial s) {
                        throw NumericSpecials.noInteger(s, to.sqlName());
                    }
                    BigDecimal rounded = ((BigDecimal) v).setScale(0, RoundingMode.HALF_UP);
                    if (rounded.toBigInteger().bitLength() > 63) {
                        throw Messages.outOfRange(to.sqlName());
                    }
                    value = rounded.longValueExact();
                } else {
                    double d = Math.rint(((Number) v).doubleValue());
                    if (Double.isNaN(d) || d < -9.223372036854775808E18 || d >= 9.223372036854775808E18) {
                        throw Messages.outOfRange(to.sqlName());
                    }
                    value = (long) d;
                }
                return narrow(value, to);
            }
            case NUMERIC -> {
                if (from.isInteger()) {
                    return BigDecimal.valueOf(((Number) v).longValue());
                }
                double d = ((Number) v).doubleValue();
                if (Double.isNaN(d) || Double.isInfinite(d)) {
                    return NumericSpecials.ofDouble(d);
                }
                String digits = String.format(Locale.ROOT, from == PgType.FLOAT4 ? "%.6g" : "%.15g", d);
                BigDecimal n = new BigDecimal(digits).stripTrailingZeros();
                return n.scale() < 0 ? n.setScale(0) : n;
            }
            case FLOAT4 -> {
                double d = ((Number) v).doubleValue();
                float f = (float) d;
                if (Float.isInfinite(f) && !Double.isInfinite(d)) {
                    throw Messages.floatOverflow();
                }
                if (f == 0f && d != 0d) {
                    throw Messages.floatUnderflow();
                }
                return f;
            }
            case FLOAT8 -> {
                double d = ((Number) v).doubleValue();
                if (Double.isInfinite(d) && from == PgType.NUMERIC) {
                    throw Messages.floatOverflow();
                }
                return d;
            }
            default -> throw new IllegalArgumentException(to.toString());
        }
    }

    public static Object narrow(long value, PgType to) {
        return switch (to) {
            case OID -> {
                if (value < Integer.MIN_VALUE || value > 0xFFFFFFFFL) {
                    throw Messages.outOfRange("OID");
                }
                yield value & 0xFFFFFFFFL; // oidin: a negative int4 wraps, as PostgreSQL's does
            }
            case INT2 -> {
                if (value < Short.MIN_VALUE || value > Short.MAX_VALUE) {
                    throw Messages.outOfRange("smallint");
                }
                yield (short) value;
            }
            case INT4 -> {
                if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
                    throw Messages.outOfRange("integer");
                }
                yield (int) value;
            }
            default -> value;
        };
    }

    /** atttypmod for {@code varchar(n)} / {@code numeric(p[,s])}; -1 for other types or no arguments. */
    public static int typmod(PgType type, java.util.List<Integer> args, int position) {
        if (args == null || args.isEmpty()) {
            return -1;
        }
        if (type.isArray()) {
            return typmod(type.elementType(), args, position);
        }
        if ((type == PgType.VARCHAR || type == PgType.BPCHAR) && args.size() == 1) {
            if (args.get(0) < 1) {
                throw PgException.error(osgres.api.SqlState.SYNTAX_ERROR, "length for type "
                        + (type == PgType.VARCHAR ? "varchar" : "char") + " must be at least 1").withPosition(position);
            }
            return args.get(0) + 4;
        }
        if (DateTimeCasts.hasPrecision(type) && args.size() == 1) {
            return DateTimeCasts.precisionTypmod(type, args.get(0), position);
        }
        if (type == PgType.NUMERIC && args.size() <= 2) {
            int precision = args.get(0);
            int scale = args.size() == 2 ? args.get(1) : 0;
            if (precision < 1 || precision > 1000) {
                throw PgException.error(osgres.api.SqlState.INVALID_PARAMETER_VALUE,
                        "NUMERIC precision " + precision + " must be between 1 and 1000").withPosition(position);
            }
            return ((precision << 16) | (scale & 0xFFFF)) + 4;
        }
        throw PgException.error(osgres.api.SqlState.SYNTAX_ERROR,
                "type modifier is not allowed for type \"" + type.typname() + "\"").withPosition(position);
    }

    /** bpchar(): pads with spaces to the length; longer values fail (22001) unless the excess is blank. */
    static String padBpchar(String s, int length, boolean explicit) {
        int count = s.codePointCount(0, s.length());
        if (count == length) {
            return s;
        }
        if (count < length) {
            return s + " ".repeat(length - count);
        }
        String head = s.substring(0, s.offsetByCodePoints(0, length));
        if (explicit || s.substring(head.length()).isBlank()) {
            return head;
        }
        throw Messages.valueTooLong("character(" + length + ")");
    }

    private static Conversion typmodConversion(PgType type, int typmod, boolean explicit) {
        if (type.isArray()) {
            Conversion element = typmodConversion(type.elementType(), typmod, explicit);
            return element == null ? null : (v, ctx) -> {
                osgres.storage.ArrayValue a = (osgres.storage.ArrayValue) v;
                return mapElements(a, a.elementType(), element, ctx);
            };
        }
        if (type == PgType.VARCHAR) {
            int max = typmod - 4;
            return (v, ctx) -> {
                String s = (String) v;
                if (s.codePointCount(0, s.length()) <= max) {
                    return s;
                }
                String head = s.substring(0, s.offsetByCodePoints(0, max));
                if (explicit || s.substring(head.length()).isBlank()) {
                    return head;
                }
                throw Messages.valueTooLong("character varying(" + max + ")");
            };
        }
        if (type == PgType.BPCHAR) {
            int length = typmod - 4;
            return (v, ctx) -> padBpchar((String) v, length, explicit);
        }
        if (DateTimeCasts.hasPrecision(type)) {
            return DateTimeCasts.precisionConversion(type, typmod);
        }
        if (type == PgType.NUMERIC) {
            int precision = ((typmod - 4) >> 16) & 0xFFFF;
            int scale = (short) ((typmod - 4) & 0xFFFF);
            return (v, ctx) -> {
                if (v instanceof NumericSpecial s) {
                    return NumericSpecials.checkTypmod(s, precision, scale);
                }
                BigDecimal rounded = ((BigDecimal) v).setScale(scale, RoundingMode.HALF_UP);
                int integerDigits = rounded.precision() - rounded.scale();
                if (rounded.signum() != 0 && integerDigits > precision - scale) {
                    throw Messages.numericFieldOverflow(precision, scale);
                }
                return rounded;
            };
        }
        return null;
    }

    public static PgType commonTypeOf(String construct, List<PgType> types, List<Integer> positions) {
        PgType common = PgType.UNKNOWN;
        for (int i = 0; i < types.size(); i++) {
            PgType t = types.get(i);
            if (t == PgType.UNKNOWN || t == common) {
                continue;
            }
            if (common == PgType.UNKNOWN) {
                common = t;
            } else if (common.isNumeric() && t.isNumeric()) {
                common = t.numericRank() > common.numericRank() ? t : common;
            } else if (common.isString() && t.isString()) {
                common = PgType.TEXT;
            } else if (common.isArray() && t.isArray() && commonArray(common, t) != null) {
                common = commonArray(common, t);
            } else if (common.category() == 'D' && t.category() == 'D') {
                common = common == PgType.TIMESTAMPTZ || t == PgType.TIMESTAMPTZ ? PgType.TIMESTAMPTZ
                        : PgType.TIMESTAMP;
            } else if (common.category() != t.category() || Casts.find(t, common, -1,
                    Casts.Context.IMPLICIT) == null) {
                throw Messages.typesCannotBeMatched(construct, common.sqlName(), t.sqlName(), positions.get(i));
            }
        }
        return common == PgType.UNKNOWN ? PgType.TEXT : common;
    }


    /** The array type both arrays coerce to implicitly, null when none (int4[] and int8[] give int8[]). */
    public static PgType commonArray(PgType l, PgType r) {
        if (l == r) {
            return l;
        }
        if (Casts.find(l, r, -1, Casts.Context.IMPLICIT) != null) {
            return r;
        }
        if (Casts.find(r, l, -1, Casts.Context.IMPLICIT) != null) {
            return l;
        }
        return null;
    }
}
