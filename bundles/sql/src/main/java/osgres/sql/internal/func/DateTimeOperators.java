/*
 * The date/time rows of pg_operator and their code (timestamp.c, date.c): date ± integer, date − date (integer),
 * date/timestamp/timestamptz ± interval, timestamp − timestamp (interval, justified to days), date + time,
 * time ± interval, time − time, interval ± interval, interval × / float8, unary minus, and comparisons of
 * interval, time and timetz (intervals compare as 30-day months and 24-hour days). Mixed date/timestamp/
 * timestamptz subtraction promotes along the implicit casts, as operator resolution would. An unknown literal
 * added to a timestamp or time is an interval, and one multiplying an interval is a float8, as PostgreSQL's
 * candidate selection ends up choosing. Comparisons among date, timestamp and timestamptz stay in Operators.
 */
package osgres.sql.internal.func;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetTime;

import osgres.sql.internal.nodes.Expr;
import osgres.sql.internal.utils.DateTimeValues;
import osgres.sql.internal.utils.Intervals;
import osgres.sql.internal.utils.PgType;
import osgres.storage.Interval;

final class DateTimeOperators {
    /** Returned for date/time operands with no such operator: the caller reports 42883. */
    static final Operators.Resolved NO_OPERATOR = new Operators.Resolved(null, null, null, null);

    private static final PgType DATE = PgType.DATE;
    private static final PgType TS = PgType.TIMESTAMP;
    private static final PgType TSTZ = PgType.TIMESTAMPTZ;
    private static final PgType TIME = PgType.TIME;
    private static final PgType TIMETZ = PgType.TIMETZ;
    private static final PgType INTERVAL = PgType.INTERVAL;

    private DateTimeOperators() {
    }

    private static boolean isDateTime(PgType t) {
        return t == DATE || t == TS || t == TSTZ || t == TIME || t == TIMETZ || t == INTERVAL;
    }

    /**
     * The operator for {@code writtenLeft op writtenRight} (types as written, unknown included) once unknowns took
     * the other side's type ({@code l}, {@code r}); null when neither operand is a date/time type.
     */
    static Operators.Resolved resolveBinary(String op, PgType writtenLeft, PgType writtenRight, PgType l, PgType r) {
        PgType left = l;
        PgType right = r;
        if (writtenRight == PgType.UNKNOWN && writtenLeft != PgType.UNKNOWN) {
            if (op.equals("+") && (left == TS || left == TSTZ || left == TIME || left == TIMETZ)) {
                right = INTERVAL;
            } else if ((op.equals("*") || op.equals("/")) && left == INTERVAL) {
                right = PgType.FLOAT8;
            }
        } else if (writtenLeft == PgType.UNKNOWN && writtenRight != PgType.UNKNOWN) {
            if (op.equals("+") && (right == TS || right == TSTZ || right == TIME || right == TIMETZ)) {
                left = INTERVAL;
            } else if (op.equals("*") && right == INTERVAL) {
                left = PgType.FLOAT8;
            }
        }
        boolean arithmetic = op.equals("+") || op.equals("-") || op.equals("*") || op.equals("/");
        if (!isDateTime(left) && !isDateTime(right) || !arithmetic && !Operators.isComparison(op)
                || Operators.isComparison(op) && isDateOrTimestamp(left) && isDateOrTimestamp(right)) {
            return null;
        }
        Operators.Resolved resolved = switch (op) {
            case "+" -> plus(left, right);
            case "-" -> minus(left, right);
            case "*" -> times(left, right);
            case "/" -> left == INTERVAL && right.isNumeric() ? new Operators.Resolved(INTERVAL, PgType.FLOAT8,
                    INTERVAL, (ctx, a) -> Intervals.divide((Interval) a[0], (Double) a[1])) : null;
            default -> Operators.isComparison(op) ? comparison(op, left, right) : null;
        };
        return resolved != null ? resolved : NO_OPERATOR;
    }

    /** Prefix minus and plus on an interval; null for other types. */
    static Operators.Resolved resolvePrefix(String op, PgType arg) {
        if (arg != INTERVAL || !(op.equals("-") || op.equals("+"))) {
            return null;
        }
        return new Operators.Resolved(INTERVAL, INTERVAL, INTERVAL,
                op.equals("+") ? (ctx, a) -> a[0] : (ctx, a) -> Intervals.negate((Interval) a[0]));
    }

    private static boolean isInt4ish(PgType t) {
        return t == PgType.INT4 || t == PgType.INT2;
    }

    private static Operators.Resolved op(PgType l, PgType r, PgType result, Expr.Implementation impl) {
        return new Operators.Resolved(l, r, result, DateTimeFunctions.guarded(result, impl));
    }

    private static Operators.Resolved plus(PgType l, PgType r) {
        if (l == INTERVAL && r != INTERVAL && isDateTime(r) || isInt4ish(l) && r == DATE
                || l == TIME && (r == DATE) || l == TIMETZ && r == DATE) {
            // commutators: interval + timestamp, integer + date, time + date
            Operators.Resolved swapped = plus(r, l);
            if (swapped == null) {
                return null;
            }
            Expr.Implementation impl = swapped.implementation();
            return op(swapped.right(), swapped.left(), swapped.result(), (ctx, a) -> impl.call(ctx,
                    new Object[] {a[1], a[0]}));
        }
        if (l == DATE && isInt4ish(r)) {
            return op(DATE, PgType.INT4, DATE, (ctx, a) -> DateTimeValues.plusDays((LocalDate) a[0], (Integer) a[1]));
        }
        if (l == DATE && r == INTERVAL) {
            return op(DATE, INTERVAL, TS, (ctx, a) -> DateTimeValues.plus(
                    DateTimeValues.toTimestamp((LocalDate) a[0]), (Interval) a[1]));
        }
        if (l == DATE && r == TIME) {
            return op(DATE, TIME, TS, (ctx, a) -> DateTimeValues.isFinite(a[0])
                    ? DateTimeValues.checkTimestamp(((LocalDate) a[0]).atTime((LocalTime) a[1]))
                    : DateTimeValues.toTimestamp((LocalDate) a[0]));
        }
        if (l == DATE && r == TIMETZ) {
            return op(DATE, TIMETZ, TSTZ, (ctx, a) -> {
                OffsetTime t = (OffsetTime) a[1];
                if (!DateTimeValues.isFinite(a[0])) {
                    return DateTimeValues.sameInfinity(a[0], TSTZ);
                }
                return ((LocalDate) a[0]).atTime(t.toLocalTime()).atOffset(t.getOffset()).toInstant();
            });
        }
        if (l == TS && r == INTERVAL) {
            return op(TS, INTERVAL, TS, (ctx, a) -> DateTimeValues.plus((LocalDateTime) a[0], (Interval) a[1]));
        }
        if (l == TSTZ && r == INTERVAL) {
            return op(TSTZ, INTERVAL, TSTZ, (ctx, a) -> DateTimeValues.plus((Instant) a[0], (Interval) a[1],
                    ctx.output().zone()));
        }
        if (l == TIME && r == INTERVAL) {
            return op(TIME, INTERVAL, TIME, (ctx, a) -> DateTimeValues.plus((LocalTime) a[0], (Interval) a[1]));
        }
        if (l == TIMETZ && r == INTERVAL) {
            return op(TIMETZ, INTERVAL, TIMETZ, (ctx, a) -> DateTimeValues.plus((OffsetTime) a[0], (Interval) a[1]));
        }
        if (l == INTERVAL && r == INTERVAL) {
            return op(INTERVAL, INTERVAL, INTERVAL, (ctx, a) -> Intervals.plus((Interval) a[0], (Interval) a[1]));
        }
        return null;
    }

    private static Operators.Resolved minus(PgType l, PgType r) {
        if (l == DATE && r == DATE) {
            return op(DATE, DATE, PgType.INT4, (ctx, a) -> DateTimeValues.minus((LocalDate) a[0], (LocalDate) a[1]));
        }
        if (l == DATE && isInt4ish(r)) {
            return op(DATE, PgType.INT4, DATE, (ctx, a) -> DateTimeValues.plusDays((LocalDate) a[0],
                    -(long) (Integer) a[1]));
        }
        if (r == INTERVAL && l != INTERVAL) {
            Operators.Resolved add = plus(l, INTERVAL);
            if (add == null) {
                return null;
            }
            Expr.Implementation impl = add.implementation();
            return op(add.left(), INTERVAL, add.result(), (ctx, a) -> impl.call(ctx,
                    new Object[] {a[0], Intervals.negate((Interval) a[1])}));
        }
        if (isDateOrTimestamp(l) && isDateOrTimestamp(r)) {
            PgType t = l == TSTZ || r == TSTZ ? TSTZ : TS;
            if (t == TS) {
                return op(TS, TS, INTERVAL, (ctx, a) -> DateTimeValues.minus((LocalDateTime) a[0],
                        (LocalDateTime) a[1]));
            }
            return op(TSTZ, TSTZ, INTERVAL, (ctx, a) -> DateTimeValues.minus((Instant) a[0], (Instant) a[1]));
        }
        if (l == TIME && r == TIME) {
            return op(TIME, TIME, INTERVAL, (ctx, a) -> DateTimeValues.minus((LocalTime) a[0], (LocalTime) a[1]));
        }
        if (l == INTERVAL && r == INTERVAL) {
            return op(INTERVAL, INTERVAL, INTERVAL, (ctx, a) -> Intervals.minus((Interval) a[0], (Interval) a[1]));
        }
        return null;
    }

    private static boolean isDateOrTimestamp(PgType t) {
        return t == DATE || t == TS || t == TSTZ;
    }

    private static Operators.Resolved times(PgType l, PgType r) {
        if (l == INTERVAL && r.isNumeric()) {
            return op(INTERVAL, PgType.FLOAT8, INTERVAL,
                    (ctx, a) -> Intervals.multiply((Interval) a[0], (Double) a[1]));
        }
        if (l.isNumeric() && r == INTERVAL) {
            return op(PgType.FLOAT8, INTERVAL, INTERVAL,
                    (ctx, a) -> Intervals.multiply((Interval) a[1], (Double) a[0]));
        }
        return null;
    }

    private static Operators.Resolved comparison(String op, PgType l, PgType r) {
        PgType t;
        if (l == r && (l == INTERVAL || l == TIME || l == TIMETZ)) {
            t = l;
        } else if ((l == TIME || l == TIMETZ) && (r == TIME || r == TIMETZ)) {
            t = TIMETZ;
        } else {
            return null;
        }
        String o = op.equals("!=") ? "<>" : op;
        return op(t, t, PgType.BOOL, (ctx, a) -> {
            @SuppressWarnings("unchecked")
            int c = ((Comparable<Object>) a[0]).compareTo(a[1]);
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
