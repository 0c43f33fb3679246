/*
 * The mathematical operators of pg_operator beyond arithmetic and comparison: the prefix operators |/ (square
 * root) and ||/ (cube root) on float8, @ (absolute value) and ~ (bitwise not), and the bitwise operators
 * & | # << >> on int2, int4 and int8 (int.c, int8.c). Operands of different integer widths meet at the wider
 * type, as the implicit casts make PostgreSQL pick int8 & int8 for an int4 and an int8; a shift count is int4.
 * Operators.resolveBinary/resolvePrefix consult this class for the operator names it does not know.
 */
package osgres.sql.internal.func;

import java.math.BigDecimal;

import osgres.sql.internal.utils.Casts;
import osgres.sql.internal.utils.Messages;
import osgres.sql.internal.utils.NumericSpecials;
import osgres.storage.NumericSpecial;
import osgres.sql.internal.utils.PgType;

final class MathOperators {

    private MathOperators() {
    }

    /** The bitwise binary operator, or null when {@code op} is not one or the operands are not integers. */
    static Operators.Resolved resolveBinary(String op, PgType l, PgType r) {
        if (!isInteger(l) || !isInteger(r)) {
            return null;
        }
        return switch (op) {
            case "&", "|", "#" -> {
                PgType t = l.numericRank() >= r.numericRank() ? l : r;
                char o = op.charAt(0);
                yield new Operators.Resolved(t, t, t, (ctx, a) -> {
                    long x = ((Number) a[0]).longValue();
                    long y = ((Number) a[1]).longValue();
                    long v = o == '&' ? x & y : o == '|' ? x | y : x ^ y;
                    return box(v, t);
                });
            }
            case "<<", ">>" -> {
                boolean left = op.equals("<<");
                yield new Operators.Resolved(l, PgType.INT4, l, (ctx, a) -> {
                    long x = ((Number) a[0]).longValue();
                    int n = (Integer) a[1];
                    // C shifts by the count modulo the width, as the hardware does
                    return switch (l) {
                        case INT2 -> (short) (left ? (short) x << n : (short) x >> n);
                        case INT4 -> left ? (int) x << n : (int) x >> n;
                        default -> left ? x << n : x >> n;
                    };
                });
            }
            default -> null;
        };
    }

    /** The prefix operator, or null. */
    static Operators.Resolved resolvePrefix(String op, PgType arg) {
        PgType f8 = PgType.FLOAT8;
        return switch (op) {
            case "|/" -> arg.isNumeric() ? new Operators.Resolved(f8, f8, f8,
                    (ctx, a) -> MathFunctions.sqrt((Double) a[0])) : null;
            case "||/" -> arg.isNumeric() ? new Operators.Resolved(f8, f8, f8,
                    (ctx, a) -> MathFunctions.cbrt((Double) a[0])) : null;
            case "@" -> arg.isNumeric() && arg != PgType.OID ? new Operators.Resolved(arg, arg, arg,
                    (ctx, a) -> abs(arg, a[0])) : null;
            case "~" -> isInteger(arg) ? new Operators.Resolved(arg, arg, arg,
                    (ctx, a) -> box(~((Number) a[0]).longValue(), arg)) : null;
            default -> null;
        };
    }

    private static boolean isInteger(PgType t) {
        return t == PgType.INT2 || t == PgType.INT4 || t == PgType.INT8;
    }

    private static Object box(long v, PgType t) {
        return switch (t) {
            case INT2 -> (short) v;
            case INT4 -> (int) v;
            default -> v;
        };
    }

    private static Object abs(PgType type, Object v) {
        return switch (type) {
            case INT2 -> Casts.narrow(Math.abs((long) (Short) v), PgType.INT2);
            case INT4 -> Casts.narrow(Math.abs((long) (Integer) v), PgType.INT4);
            case INT8 -> {
                if ((Long) v == Long.MIN_VALUE) {
                    throw Messages.outOfRange("bigint");
                }
                yield Math.abs((Long) v);
            }
            case NUMERIC -> v instanceof NumericSpecial s ? NumericSpecials.abs(s) : ((BigDecimal) v).abs();
            case FLOAT4 -> Math.abs((Float) v);
            default -> Math.abs((Double) v);
        };
    }
}
