/*
 * Operator resolution and the built-in operators, as PostgreSQL's parse_oper.c picks among pg_operator
 * entries and utils/adt implements them: arithmetic on int2/int4/int8/numeric/float4/float8 with PG's
 * overflow (22003) and division-by-zero (22012) errors, numeric division with select_div_scale's result
 * scale, comparisons within a type category, || on strings (anytextcat), ^ (power). An unknown-typed
 * operand (a literal or an untyped parameter) takes the other operand's type, as PostgreSQL does.
 * Date/time operators (intervals, date and time arithmetic) are DateTimeOperators'; LIKE, ILIKE, regular
 * expressions and ^@ are PatternMatching's; array operators (||, @>, <@, &&) are ArrayFunctions'. Comparisons
 * of arrays and records are array_cmp's and record_cmp's. Not here: user-defined operators.
 */
package osgres.sql.internal.func;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Set;

import osgres.sql.internal.nodes.Expr;
import osgres.sql.internal.utils.BtreeCompare;
import osgres.sql.internal.utils.Casts;
import osgres.sql.internal.utils.ExecContext;
import osgres.sql.internal.utils.LsnValues;
import osgres.sql.internal.utils.Messages;
import osgres.sql.internal.utils.NumericMath;
import osgres.sql.internal.utils.NumericSpecials;
import osgres.storage.NumericSpecial;
import osgres.sql.internal.utils.PgType;
import osgres.sql.internal.utils.TypeIo;

public final class Operators {
    private static final Set<String> COMPARISONS = Set.of("=", "<>", "!=", "<", "<=", ">", ">=");
    private static final int NUMERIC_DSCALE_MAX = 0x3FFF;

    /** The chosen operator: the operand types to coerce to, the result type, the code. */
    public record Resolved(PgType left, PgType right, PgType result, Expr.Implementation implementation) {
    }

    private Operators() {
    }

    /** The comparison with its operands swapped ({@code a < b} is {@code b > a}); other operators as they are. */
    public static String commuted(String op) {
        return switch (op) {
            case "<" -> ">";
            case "<=" -> ">=";
            case ">" -> "<";
            case ">=" -> "<=";
            default -> op;
        };
    }

    public static boolean isComparison(String op) {
        return COMPARISONS.contains(op);
    }

    public static Resolved resolveBinary(String op, PgType left, PgType right, int position) {
        Resolved json = JsonFunctions.resolveOperator(op, left, right);
        if (json != null) {
            return json;
        }
        if (ArrayFunctions.isArrayOperator(op, left, right)) {
            return ArrayFunctions.resolveOperator(op, left, right, position);
        }
        PgType l = left;
        PgType r = right;
        if (l == PgType.UNKNOWN && r == PgType.UNKNOWN) {
            if (isComparison(op) || op.equals("||") || PatternMatching.isPatternOperator(op)) {
                l = PgType.TEXT;
                r = PgType.TEXT;
            } else {
                throw Messages.operatorNotUnique("unknown " + op + " unknown", position);
            }
        } else if (l == PgType.UNKNOWN) {
            // || has no bpchar form: an unknown beside bpchar is text, as textcat(text, text) is chosen
            l = op.equals("||") && (!r.isString() || r == PgType.BPCHAR) ? PgType.TEXT : r;
        } else if (r == PgType.UNKNOWN) {
            r = op.equals("||") && (!l.isString() || l == PgType.BPCHAR) ? PgType.TEXT : l;
        }
        Resolved resolved = DateTimeOperators.resolveBinary(op, left, right, l, r);
        if (resolved == null) {
            resolved = lsnArithmetic(op, l, r);
        }
        if (resolved == null) {
            resolved = switch (op) {
                case "+", "-", "*", "/", "%" -> arithmetic(op, l, r);
                case "^" -> power(l, r);
                case "||" -> concat(l, r);
                case "&", "|", "#", "<<", ">>" -> MathOperators.resolveBinary(op, l, r);
                default -> isComparison(op) ? comparison(op, l, r) : PatternMatching.resolve(op, l, r);
            };
        }
        if (resolved == null || resolved == DateTimeOperators.NO_OPERATOR) {
            throw Messages.operatorDoesNotExist(left.sqlName() + " " + op + " " + right.sqlName(), position);
        }
        return resolved;
    }

    public static Resolved resolvePrefix(String op, PgType arg, int position) {
        if (arg == PgType.UNKNOWN) {
            throw Messages.operatorNotUnique(op + " unknown", position);
        }
        Resolved dateTime = DateTimeOperators.resolvePrefix(op, arg);
        if (dateTime != null) {
            return dateTime;
        }
        if (arg.isNumeric() && (op.equals("-") || op.equals("+"))) {
            Expr.Implementation impl = op.equals("+") ? (ctx, a) -> a[0] : (ctx, a) -> negate(arg, a[0]);
            return new Resolved(arg, arg, arg, impl);
        }
        Resolved math = MathOperators.resolvePrefix(op, arg);
        if (math != null) {
            return math;
        }
        throw Messages.prefixOperatorDoesNotExist(op + " " + arg.sqlName(), position);
    }

    /**
     * pg_lsn's arithmetic (pg_lsn_mi, pg_lsn_pli, pg_lsn_mii): pg_lsn - pg_lsn is numeric, pg_lsn ± numeric and
     * numeric + pg_lsn are pg_lsn; an integer operand reaches numeric by its implicit cast. Null when no such
     * operator.
     */
    private static Resolved lsnArithmetic(String op, PgType l, PgType r) {
        boolean integerOrNumeric = reachesNumeric(r);
        if (l == PgType.PG_LSN && r == PgType.PG_LSN && op.equals("-")) {
            return new Resolved(l, r, PgType.NUMERIC, (ctx, a) -> LsnValues.difference((Long) a[0], (Long) a[1]));
        }
        if (l == PgType.PG_LSN && integerOrNumeric && (op.equals("+") || op.equals("-"))) {
            boolean subtract = op.equals("-");
            return new Resolved(l, PgType.NUMERIC, l, (ctx, a) -> LsnValues.add((Long) a[0], a[1], subtract));
        }
        if (r == PgType.PG_LSN && reachesNumeric(l) && op.equals("+")) {
            return new Resolved(PgType.NUMERIC, r, r, (ctx, a) -> LsnValues.add((Long) a[1], a[0], false));
        }
        return null;
    }

    private static boolean reachesNumeric(PgType t) {
        return t == PgType.NUMERIC || t == PgType.INT2 || t == PgType.INT4 || t == PgType.INT8;
    }

    /** The common numeric type of two operands: the wider one, and float8 when float4 meets anything else. */
    static PgType commonNumeric(PgType l, PgType r) {
        if (l == r) {
            return l;
        }
        if (l == PgType.FLOAT4 || r == PgType.FLOAT4) {
            return PgType.FLOAT8;
        }
        return l.numericRank() >= r.numericRank() ? l : r;
    }

    private static Resolved arithmetic(String op, PgType l, PgType r) {
        if (!l.isNumeric() || !r.isNumeric()) {
            return null;
        }
        PgType common = commonNumeric(l, r);
        // no arithmetic on oid: it goes through int8, as oid's implicit cast to bigint does
        PgType t = common == PgType.OID ? PgType.INT8 : common;
        if (op.equals("%") && (t == PgType.FLOAT4 || t == PgType.FLOAT8)) {
            return null;
        }
        char o = op.charAt(0);
        Expr.Implementation impl = switch (t) {
            case INT2, INT4, INT8 -> (ctx, a) -> integerArithmetic(o, t, ((Number) a[0]).longValue(),
                    ((Number) a[1]).longValue());
            case NUMERIC -> (ctx, a) -> a[0] instanceof BigDecimal x && a[1] instanceof BigDecimal y
                    ? numericArithmetic(o, x, y) : NumericSpecials.arithmetic(o, a[0], a[1]);
            case FLOAT4 -> (ctx, a) -> (float) floatArithmetic(o, (Float) a[0], (Float) a[1], true);
            default -> (ctx, a) -> floatArithmetic(o, (Double) a[0], (Double) a[1], false);
        };
        return new Resolved(t, t, t, impl);
    }

    private static Object integerArithmetic(char op, PgType type, long a, long b) {
        long result;
        try {
            result = switch (op) {
                case '+' -> Math.addExact(a, b);
                case '-' -> Math.subtractExact(a, b);
                case '*' -> Math.multiplyExact(a, b);
                case '/' -> {
                    if (b == 0) {
                        throw Messages.divisionByZero();
                    }
                    yield Math.divideExact(a, b);
                }
                default -> {
                    if (b == 0) {
                        throw Messages.divisionByZero();
                    }
                    yield b == -1 ? 0 : a % b;
                }
            };
        } catch (ArithmeticException e) {
            throw Messages.outOfRange(type.sqlName());
        }
        return Casts.narrow(result, type);
    }

    private static double floatArithmetic(char op, double a, double b, boolean single) {
        double result = switch (op) {
            case '+' -> a + b;
            case '-' -> a - b;
            case '*' -> a * b;
            default -> {
                if (b == 0 && !Double.isNaN(a)) { // float8_div: NaN / 0 is NaN
                    throw Messages.divisionByZero();
                }
                yield a / b;
            }
        };
        if (single) {
            result = (float) result;
        }
        if (Double.isInfinite(result) && !Double.isInfinite(a) && !Double.isInfinite(b)) {
            throw Messages.floatOverflow();
        }
        if (result == 0 && (op == '*' || op == '/') && a != 0 && !Double.isInfinite(b)
                && (op == '/' || b != 0)) {
            throw Messages.floatUnderflow();
        }
        return result;
    }

    private static BigDecimal numericArithmetic(char op, BigDecimal a, BigDecimal b) {
        return switch (op) {
            case '+' -> a.add(b);
            case '-' -> a.subtract(b);
            // numeric_mul: a product's scale is the sum of the factors', at most NUMERIC_DSCALE_MAX
            case '*' -> NumericMath.checkOverflow(a.multiply(b).setScale(Math.min(Math.max(a.scale(), 0)
                    + Math.max(b.scale(), 0), NUMERIC_DSCALE_MAX), RoundingMode.HALF_UP));
            case '/' -> {
                if (b.signum() == 0) {
                    throw Messages.divisionByZero();
                }
                yield a.divide(b, NumericMath.divisionScale(a, b), RoundingMode.HALF_UP);
            }
            default -> {
                if (b.signum() == 0) {
                    throw Messages.divisionByZero();
                }
                yield a.remainder(b);
            }
        };
    }

    private static Object negate(PgType type, Object v) {
        return switch (type) {
            case INT2 -> Casts.narrow(-(long) (Short) v, PgType.INT2);
            case INT4 -> {
                if ((Integer) v == Integer.MIN_VALUE) {
                    throw Messages.outOfRange("integer");
                }
                yield -(Integer) v;
            }
            case INT8 -> {
                if ((Long) v == Long.MIN_VALUE) {
                    throw Messages.outOfRange("bigint");
                }
                yield -(Long) v;
            }
            case NUMERIC -> v instanceof NumericSpecial s ? NumericSpecials.negate(s) : ((BigDecimal) v).negate();
            case FLOAT4 -> -(Float) v;
            default -> -(Double) v;
        };
    }

    private static Resolved power(PgType l, PgType r) {
        if (!l.isNumeric() || !r.isNumeric()) {
            return null;
        }
        if (l == PgType.NUMERIC && r != PgType.FLOAT4 && r != PgType.FLOAT8
                || r == PgType.NUMERIC && l != PgType.FLOAT4 && l != PgType.FLOAT8) {
            return new Resolved(PgType.NUMERIC, PgType.NUMERIC, PgType.NUMERIC,
                    (ctx, a) -> NumericMath.power((BigDecimal) a[0], (BigDecimal) a[1]));
        }
        return new Resolved(PgType.FLOAT8, PgType.FLOAT8, PgType.FLOAT8,
                (ctx, a) -> MathFunctions.power((Double) a[0], (Double) a[1]));
    }

    private static Resolved concat(PgType l, PgType r) {
        if (!l.isString() && !r.isString()) {
            return null;
        }
        return new Resolved(l, r, PgType.TEXT,
                (ctx, a) -> asText(l, a[0], ctx) + asText(r, a[1], ctx));
    }

    private static String asText(PgType type, Object v, ExecContext ctx) {
        if (type == PgType.BPCHAR) {
            return ((String) v).replaceAll(" +$", ""); // bpchar to text drops the padding, as rtrim1 does
        }
        if (type == PgType.BOOL) {
            // anytextcat is $1::text || $2: bool's cast to text (booltext) says true/false, not boolout's t/f
            return (Boolean) v ? "true" : "false";
        }
        return type.isString() ? (String) v : TypeIo.output(type, v, ctx.output());
    }

    private static Resolved regprocComparison(String op, PgType l) {
        if (!op.equals("=") && !op.equals("<>") && !op.equals("!=")) {
            return null;
        }
        boolean equal = op.equals("=");
        boolean oidLeft = l != PgType.REGPROC;
        PgType left = oidLeft ? PgType.OID : l;
        return new Resolved(left, oidLeft ? PgType.REGPROC : PgType.OID, PgType.BOOL, (ctx, a) -> {
            long oid = ((Number) (oidLeft ? a[0] : a[1])).longValue();
            String function = (String) (oidLeft ? a[1] : a[0]);
            return (osgres.sql.internal.catalog.ProcCatalog.oidOfRegproc(ctx.session(), function) == oid) == equal;
        });
    }

    private static boolean isOidLike(PgType t) {
        return t == PgType.OID || t == PgType.INT4;
    }

    private static boolean isOidAlias(PgType t) {
        return t == PgType.REGCLASS || t == PgType.REGNAMESPACE || t == PgType.REGTYPE;
    }

    private static Resolved comparison(String op, PgType l, PgType r) {
        PgType t;
        if (l.isNumeric() && r.isNumeric()) {
            t = commonNumeric(l, r);
        } else if (l.isString() && r.isString()) {
            t = l == r ? l : PgType.TEXT;
        } else if (l == PgType.BYTEA && r == PgType.BYTEA) {
            t = PgType.BYTEA;
        } else if (l == PgType.BOOL && r == PgType.BOOL) {
            t = PgType.BOOL;
        } else if (l.category() == 'D' && r.category() == 'D') {
            t = l == PgType.TIMESTAMPTZ || r == PgType.TIMESTAMPTZ ? PgType.TIMESTAMPTZ
                    : l == PgType.TIMESTAMP || r == PgType.TIMESTAMP ? PgType.TIMESTAMP : PgType.DATE;
        } else if (l == PgType.REGTYPE && r == PgType.REGTYPE) {
            t = PgType.REGTYPE;
        } else if (l == PgType.REGCLASS && r == PgType.REGCLASS) {
            t = PgType.REGCLASS;
        } else if (l == r && (l == PgType.CHAR || l == PgType.REGNAMESPACE || l == PgType.REGPROC)) {
            t = l;
        } else if (isOidLike(l) && r == PgType.REGPROC || l == PgType.REGPROC && isOidLike(r)) {
            // oid = regproc, typinput = 0: the function's name goes to its oid (regproc is an oid alias in
            // PostgreSQL; an integer goes to oid implicitly, so oideq is chosen)
            return regprocComparison(op, l);
        } else if (isOidAlias(l) && r == PgType.OID || l == PgType.OID && isOidAlias(r)) {
            // oid = regclass, oid = regtype: the reg* type goes to oid (binary coercible), as oideq is chosen
            t = PgType.OID;
        } else if (l.isArray() && r.isArray() && l == r) {
            // anyarray = anyarray: both the same array type (int4[] = int8[] does not exist)
            t = l;
        } else if (l == PgType.RECORD && r == PgType.RECORD) {
            t = PgType.RECORD;
        } else if (l == PgType.ANYENUM && r == PgType.ANYENUM) {
            t = PgType.ANYENUM;
        } else if (l == PgType.TID && r == PgType.TID) {
            t = PgType.TID;
        } else if (l == PgType.UUID && r == PgType.UUID) {
            t = PgType.UUID;
        } else if (l == PgType.PG_LSN && r == PgType.PG_LSN) {
            t = PgType.PG_LSN;
        } else if (l == PgType.XID8 && r == PgType.XID8) {
            // xid8 is ordered (xid8lt ...: 64-bit ids do not wrap around), unlike xid
            t = PgType.XID8;
        } else if (l == r && (l == PgType.XID || l == PgType.CID)) {
            // xid has only = and <> (xideq, xidneq: ids wrap around, so no order), cid only =
            boolean defined = op.equals("=") || l == PgType.XID && (op.equals("<>") || op.equals("!="));
            if (!defined) {
                return null;
            }
            t = l;
        } else {
            return null;
        }
        String o = op.equals("!=") ? "<>" : op;
        PgType type = t;
        return new Resolved(t, t, PgType.BOOL, (ctx, a) -> {
            int c = BtreeCompare.compare(type, a[0], a[1]);
            return switch (o) {
                case "=" -> c == 0;
                case "<>" -> c != 0;
                case "<" -> c < 0;
                case "<=" -> c <= 0;
                case ">" -> c > 0;
                default -> c >= 0;
            };
        });
    }

}
