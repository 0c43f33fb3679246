/*
 * The casts among date/time types (pg_cast rows of date.c and timestamp.c) and their type modifier, the
 * fractional-second precision of timestamp(p), timestamptz(p), time(p), timetz(p) and interval(p)
 * (AdjustTimestampForTypmod, AdjustIntervalForTypmod: round half away from zero to p digits).
 *   implicit:   date -> timestamp, timestamptz; timestamp -> timestamptz; time -> interval, timetz
 *   assignment: timestamp -> date, time; timestamptz -> timestamp, date, time, timetz; timetz -> time;
 *               interval -> time
 * Conversions that depend on the session (a local time to an instant) use TimeZone; infinities stay infinite.
 * Not done: interval field restrictions (interval year to month) as typmods.
 */
package osgres.sql.internal.utils;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import osgres.api.PgException;
import osgres.api.SqlState;
import osgres.storage.Interval;

public final class DateTimeCasts {
    private static final int MAX_PRECISION = 6;

    private DateTimeCasts() {
    }

    /** The conversion between two date/time types (null if none in this context). */
    static Casts.Conversion find(PgType from, PgType to, boolean assignment) {
        return switch (from) {
            case DATE -> switch (to) {
                case TIMESTAMP -> (v, ctx) -> DateTimeValues.toTimestamp((LocalDate) v);
                case TIMESTAMPTZ -> (v, ctx) -> DateTimeValues.toTimestamptz(
                        DateTimeValues.toTimestamp((LocalDate) v), zone(ctx));
                default -> null;
            };
            case TIMESTAMP -> switch (to) {
                case TIMESTAMPTZ -> (v, ctx) -> DateTimeValues.toTimestamptz((LocalDateTime) v, zone(ctx));
                case DATE -> assignment ? (v, ctx) -> DateTimeValues.toDate((LocalDateTime) v) : null;
                case TIME -> assignment ? (v, ctx) -> finite(v, "time").toLocalTime() : null;
                default -> null;
            };
            case TIMESTAMPTZ -> switch (to) {
                case TIMESTAMP -> assignment ? (v, ctx) -> DateTimeValues.toTimestamp((Instant) v, zone(ctx)) : null;
                case DATE -> assignment ? (v, ctx) -> DateTimeValues.toDate(
                        DateTimeValues.toTimestamp((Instant) v, zone(ctx))) : null;
                case TIME -> assignment ? (v, ctx) -> local(v, ctx).toLocalTime() : null;
                case TIMETZ -> assignment ? (v, ctx) -> {
                    ZonedDateTime z = ZonedDateTime.ofInstant(finiteInstant(v), zone(ctx));
                    return OffsetTime.of(z.toLocalTime(), z.getOffset());
                } : null;
                default -> null;
            };
            case TIME -> switch (to) {
                case INTERVAL -> (v, ctx) -> Interval.ofMicros(((LocalTime) v).toNanoOfDay() / 1000);
                case TIMETZ -> (v, ctx) -> OffsetTime.of((LocalTime) v,
                        zone(ctx).getRules().getOffset(Instant.now()));
                default -> null;
            };
            case TIMETZ -> to == PgType.TIME && assignment ? (v, ctx) -> ((OffsetTime) v).toLocalTime() : null;
            case INTERVAL -> to == PgType.TIME && assignment ? (v, ctx) -> intervalToTime((Interval) v) : null;
            default -> null;
        };
    }

    private static ZoneId zone(ExecContext ctx) {
        return ctx.output().zone();
    }

    private static LocalDateTime finite(Object v, String target) {
        if (!DateTimeValues.isFinite(v)) {
            throw Messages.datetimeOutOfRange("timestamp");
        }
        return (LocalDateTime) v;
    }

    private static Instant finiteInstant(Object v) {
        if (!DateTimeValues.isFinite(v)) {
            throw Messages.datetimeOutOfRange("timestamp");
        }
        return (Instant) v;
    }

    private static LocalDateTime local(Object v, ExecContext ctx) {
        return LocalDateTime.ofInstant(finiteInstant(v), zone(ctx));
    }

    /** interval_time: the time part modulo a day (negative times wrap from midnight). */
    static LocalTime intervalToTime(Interval i) {
        long micros = Math.floorMod(i.micros(), Interval.USECS_PER_DAY);
        return LocalTime.ofNanoOfDay(micros * 1000);
    }

    static boolean hasPrecision(PgType type) {
        return type == PgType.TIMESTAMP || type == PgType.TIMESTAMPTZ || type == PgType.TIME
                || type == PgType.TIMETZ || type == PgType.INTERVAL;
    }

    /** anytime_typmod_check: the precision itself is the typmod; above 6 it is reduced to 6. */
    static int precisionTypmod(PgType type, int precision, int position) {
        if (precision < 0) {
            String name = switch (type) {
                case TIMESTAMP -> "TIMESTAMP";
                case TIMESTAMPTZ -> "TIMESTAMP WITH TIME ZONE";
                case TIME -> "TIME";
                case TIMETZ -> "TIME WITH TIME ZONE";
                default -> "INTERVAL";
            };
            throw PgException.error(SqlState.INVALID_PARAMETER_VALUE, name + "(" + precision
                    + ") precision must not be negative").withPosition(position);
        }
        return Math.min(precision, MAX_PRECISION);
    }

    /** Rounds the fractional seconds of a value of {@code type} to {@code typmod} digits. */
    static Casts.Conversion precisionConversion(PgType type, int typmod) {
        if (typmod >= MAX_PRECISION) {
            return null;
        }
        long scale = (long) Math.pow(10, MAX_PRECISION - typmod);
        return switch (type) {
            case TIMESTAMP -> (v, ctx) -> DateTimeValues.isFinite(v)
                    ? ((LocalDateTime) v).plusNanos(roundingShiftNanos(((LocalDateTime) v).getNano(), scale)) : v;
            case TIMESTAMPTZ -> (v, ctx) -> DateTimeValues.isFinite(v)
                    ? ((Instant) v).plusNanos(roundingShiftNanos(((Instant) v).getNano(), scale)) : v;
            case TIME -> (v, ctx) -> ((LocalTime) v).plusNanos(roundingShiftNanos(((LocalTime) v).getNano(), scale));
            case TIMETZ -> (v, ctx) -> ((OffsetTime) v).plusNanos(
                    roundingShiftNanos(((OffsetTime) v).getNano(), scale));
            default -> (v, ctx) -> {
                Interval i = (Interval) v;
                return new Interval(i.months(), i.days(), roundHalfAway(i.micros(), scale));
            };
        };
    }

    /** The change in nanoseconds that rounds a fraction of a second to a multiple of {@code scale} microseconds. */
    private static long roundingShiftNanos(int nanos, long scale) {
        long micros = nanos / 1000;
        return (roundHalfAway(micros, scale) - micros) * 1000 - nanos % 1000;
    }

    public static long roundHalfAway(long micros, long scale) {
        long offset = scale / 2;
        return micros >= 0 ? (micros + offset) / scale * scale : -((-micros + offset) / scale * scale);
    }
}
