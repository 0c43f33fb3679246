/*
 * extract / date_part and date_trunc, as timestamp.c's timestamp_part_common, timestamptz_part_common,
 * interval_part_common, date.c's date_part (extract_date) and time_part, and timestamp_trunc / interval_trunc.
 * PostgreSQL 15: extract returns numeric (seconds with 6 decimals, milliseconds with 3, epoch with 6), date_part
 * returns float8 (the same value). Field names are read through the interval unit table (DecodeUnits, then
 * DecodeSpecial for epoch, dow, doy, isodow, isoyear, julian); an unknown name is 22023 "not recognized", a known
 * one that the type lacks 0A000 "not supported". Years follow PostgreSQL's no-year-zero rules for centuries and
 * millennia. Infinite timestamps give ±Infinity for monotonic fields in date_part and NULL for the others.
 * Not done: numeric ±Infinity from extract on infinite values (NULL instead), BC years.
 */
package osgres.sql.internal.utils;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;

import osgres.sql.internal.utils.IntervalInput.Unit;
import osgres.storage.Interval;

public final class DateTimeFields {
    private static final long JULIAN_OF_UNIX_EPOCH = 2440588;

    private DateTimeFields() {
    }

    private static Unit unit(String field, PgType type) {
        String lower = field.toLowerCase(Locale.ROOT);
        Unit u = IntervalInput.unit(lower);
        if (u == null) {
            throw Messages.unitNotRecognized(lower, type.sqlName());
        }
        return u;
    }

    private static osgres.api.PgException notSupported(String field, PgType type) {
        return Messages.unitNotSupported(field.toLowerCase(Locale.ROOT), type.sqlName());
    }

    // ---- extract ------------------------------------------------------------------------------------------------

    /** extract(field FROM timestamp); {@code offsetSeconds} is set for timestamptz (its zone fields), else null. */
    static BigDecimal extract(String field, LocalDateTime t, Integer offsetSeconds, Instant instant, PgType type) {
        Unit u = unit(field, type);
        if (!DateTimeValues.isFinite(type == PgType.TIMESTAMPTZ ? instant : t)) {
            return null;
        }
        long secMicros = t.getSecond() * 1_000_000L + t.getNano() / 1000;
        return switch (u) {
            case MICROSECOND -> BigDecimal.valueOf(secMicros);
            case MILLISECOND -> BigDecimal.valueOf(secMicros, 3);
            case SECOND -> BigDecimal.valueOf(secMicros, 6);
            case MINUTE -> BigDecimal.valueOf(t.getMinute());
            case HOUR -> BigDecimal.valueOf(t.getHour());
            case EPOCH -> {
                // seconds and microseconds apart: near the end of the range microseconds since 1970 overflow a long
                long seconds = instant != null ? instant.getEpochSecond() : t.toEpochSecond(java.time.ZoneOffset.UTC);
                int micros = (instant != null ? instant.getNano() : t.getNano()) / 1000;
                yield BigDecimal.valueOf(seconds).add(BigDecimal.valueOf(micros, 6));
            }
            case JULIAN -> {
                BigDecimal day = BigDecimal.valueOf(julianDay(t.toLocalDate()));
                BigDecimal micros = BigDecimal.valueOf(t.toLocalTime().toNanoOfDay() / 1000);
                BigDecimal perDay = BigDecimal.valueOf(Interval.USECS_PER_DAY);
                yield day.add(micros.divide(perDay, NumericMath.divisionScale(micros, perDay), RoundingMode.HALF_UP));
            }
            case TIMEZONE, TIMEZONE_HOUR, TIMEZONE_MINUTE -> {
                if (offsetSeconds == null) {
                    throw notSupported(field, type);
                }
                yield BigDecimal.valueOf(switch (u) {
                    case TIMEZONE -> offsetSeconds;
                    case TIMEZONE_HOUR -> offsetSeconds / 3600;
                    default -> offsetSeconds / 60 % 60;
                });
            }
            default -> dateField(field, t.toLocalDate(), u, type);
        };
    }

    /** The calendar fields shared by timestamps and dates. */
    private static BigDecimal dateField(String field, LocalDate d, Unit u, PgType type) {
        int year = d.getYear();
        long v = switch (u) {
            case DAY -> d.getDayOfMonth();
            case MONTH -> d.getMonthValue();
            case QUARTER -> (d.getMonthValue() - 1) / 3 + 1;
            case WEEK -> d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
            case YEAR -> year > 0 ? year : year - 1;
            case DECADE -> year >= 0 ? year / 10 : -((8 - (year - 1)) / 10);
            case CENTURY -> year > 0 ? (year + 99) / 100 : -((99 - (year - 1)) / 100);
            case MILLENNIUM -> year > 0 ? (year + 999) / 1000 : -((999 - (year - 1)) / 1000);
            case ISOYEAR -> {
                int iso = d.get(IsoFields.WEEK_BASED_YEAR);
                yield iso <= 0 ? iso - 1 : iso;
            }
            case DOW -> d.getDayOfWeek().getValue() % 7;
            case ISODOW -> d.getDayOfWeek().getValue();
            case DOY -> d.getDayOfYear();
            case JULIAN -> julianDay(d);
            default -> throw notSupported(field, type);
        };
        return BigDecimal.valueOf(v);
    }

    static long julianDay(LocalDate d) {
        return d.toEpochDay() + JULIAN_OF_UNIX_EPOCH;
    }

    /** extract(field FROM date) (date.c extract_date): calendar fields and epoch, integers; no time fields. */
    static BigDecimal extract(String field, LocalDate d) {
        Unit u = unit(field, PgType.DATE);
        if (!DateTimeValues.isFinite(d)) {
            return null;
        }
        return switch (u) {
            case EPOCH -> BigDecimal.valueOf(d.toEpochDay() * Interval.SECS_PER_DAY);
            case MICROSECOND, MILLISECOND, SECOND, MINUTE, HOUR, TIMEZONE, TIMEZONE_HOUR, TIMEZONE_MINUTE ->
                    throw notSupported(field, PgType.DATE);
            default -> dateField(field, d, u, PgType.DATE);
        };
    }

    /** extract(field FROM time[tz]) (date.c time_part_common / timetz_part_common). */
    static BigDecimal extract(String field, LocalTime t, Integer offsetSeconds, PgType type) {
        Unit u = unit(field, type);
        long secMicros = t.getSecond() * 1_000_000L + t.getNano() / 1000;
        return switch (u) {
            case MICROSECOND -> BigDecimal.valueOf(secMicros);
            case MILLISECOND -> BigDecimal.valueOf(secMicros, 3);
            case SECOND -> BigDecimal.valueOf(secMicros, 6);
            case MINUTE -> BigDecimal.valueOf(t.getMinute());
            case HOUR -> BigDecimal.valueOf(t.getHour());
            case EPOCH -> BigDecimal.valueOf(t.toNanoOfDay() / 1000 - (offsetSeconds == null ? 0
                    : offsetSeconds * Interval.USECS_PER_SEC), 6);
            case TIMEZONE, TIMEZONE_HOUR, TIMEZONE_MINUTE -> {
                if (offsetSeconds == null) {
                    throw notSupported(field, type);
                }
                yield BigDecimal.valueOf(switch (u) {
                    case TIMEZONE -> offsetSeconds;
                    case TIMEZONE_HOUR -> offsetSeconds / 3600;
                    default -> offsetSeconds / 60 % 60;
                });
            }
            default -> throw notSupported(field, type);
        };
    }

    static BigDecimal extract(String field, OffsetTime t) {
        return extract(field, t.toLocalTime(), t.getOffset().getTotalSeconds(), PgType.TIMETZ);
    }

    /** interval_part_common on interval2itm's split (years, months of the year, days, h, m, s, µs). */
    static BigDecimal extract(String field, Interval i) {
        Unit u = unit(field, PgType.INTERVAL);
        int years = i.months() / 12;
        int months = i.months() % 12;
        long hours = i.micros() / Interval.USECS_PER_HOUR;
        long rest = i.micros() - hours * Interval.USECS_PER_HOUR;
        long minutes = rest / Interval.USECS_PER_MINUTE;
        long secMicros = rest - minutes * Interval.USECS_PER_MINUTE;
        return switch (u) {
            case MICROSECOND -> BigDecimal.valueOf(secMicros);
            case MILLISECOND -> BigDecimal.valueOf(secMicros, 3);
            case SECOND -> BigDecimal.valueOf(secMicros, 6);
            case MINUTE -> BigDecimal.valueOf(minutes);
            case HOUR -> BigDecimal.valueOf(hours);
            case DAY -> BigDecimal.valueOf(i.days());
            case MONTH -> BigDecimal.valueOf(months);
            case QUARTER -> BigDecimal.valueOf(months / 3 + 1);
            case YEAR -> BigDecimal.valueOf(years);
            case DECADE -> BigDecimal.valueOf(years / 10);
            case CENTURY -> BigDecimal.valueOf(years / 100);
            case MILLENNIUM -> BigDecimal.valueOf(years / 1000);
            case EPOCH -> {
                // 365.25-day years, 30-day months, as interval_part does (times 4 to stay integral)
                long secondsFromDaysAndMonths = (1461L * years + 120L * months + 4L * i.days()) * (86400 / 4);
                yield BigDecimal.valueOf(secondsFromDaysAndMonths).add(BigDecimal.valueOf(i.micros(), 6));
            }
            default -> throw notSupported(field, PgType.INTERVAL);
        };
    }

    /** date_part's float8 of a timestamp: as extract, but ±Infinity for the monotonic fields of an infinity. */
    public static Double datePart(String field, Object value, PgType type, ZoneId zone) {
        if ((type == PgType.TIMESTAMP || type == PgType.TIMESTAMPTZ) && !DateTimeValues.isFinite(value)) {
            Unit u = unit(field, type);
            return switch (u) {
                case YEAR, DECADE, CENTURY, MILLENNIUM, JULIAN, ISOYEAR, EPOCH ->
                        DateTimeValues.isPositiveInfinity(value) ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
                case MICROSECOND, MILLISECOND, SECOND, MINUTE, HOUR, DAY, MONTH, QUARTER, WEEK, DOW, ISODOW, DOY,
                     TIMEZONE, TIMEZONE_HOUR, TIMEZONE_MINUTE -> null;
                default -> throw notSupported(field, type);
            };
        }
        BigDecimal v = extractAny(field, value, type, zone);
        return v == null ? null : v.doubleValue();
    }

    public static BigDecimal extractAny(String field, Object value, PgType type, ZoneId zone) {
        return switch (type) {
            case TIMESTAMP -> extract(field, (LocalDateTime) value, null, null, type);
            case TIMESTAMPTZ -> {
                Instant instant = (Instant) value;
                if (!DateTimeValues.isFinite(instant)) {
                    yield extract(field, LocalDateTime.MAX, 0, instant, type);
                }
                ZonedDateTime z = instant.atZone(zone);
                yield extract(field, z.toLocalDateTime(), z.getOffset().getTotalSeconds(), instant, type);
            }
            case DATE -> extract(field, (LocalDate) value);
            case TIME -> extract(field, (LocalTime) value, null, type);
            case TIMETZ -> extract(field, (OffsetTime) value);
            default -> extract(field, (Interval) value);
        };
    }

    // ---- date_trunc -----------------------------------------------------------------------------------------------

    /** timestamp_trunc on a local date-time: fields below {@code field} reset (week: to Monday). */
    public static LocalDateTime trunc(String field, LocalDateTime t, PgType type) {
        Unit u = unit(field, type);
        if (!DateTimeValues.isFinite(t)) {
            return t;
        }
        LocalDate d = t.toLocalDate();
        int year = d.getYear();
        return switch (u) {
            case MILLENNIUM -> LocalDate.of(year > 0 ? (year + 999) / 1000 * 1000 - 999
                    : -((999 - (year - 1)) / 1000) * 1000 + 1, 1, 1).atStartOfDay();
            case CENTURY -> LocalDate.of(year > 0 ? (year + 99) / 100 * 100 - 99
                    : -((99 - (year - 1)) / 100) * 100 + 1, 1, 1).atStartOfDay();
            case DECADE -> LocalDate.of(year > 0 ? year / 10 * 10 : -((8 - (year - 1)) / 10) * 10, 1, 1)
                    .atStartOfDay();
            case YEAR -> LocalDate.of(year, 1, 1).atStartOfDay();
            case QUARTER -> LocalDate.of(year, (d.getMonthValue() - 1) / 3 * 3 + 1, 1).atStartOfDay();
            case MONTH -> d.withDayOfMonth(1).atStartOfDay();
            case WEEK -> d.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).atStartOfDay();
            case DAY -> d.atStartOfDay();
            case HOUR -> t.truncatedTo(ChronoUnit.HOURS);
            case MINUTE -> t.truncatedTo(ChronoUnit.MINUTES);
            case SECOND -> t.truncatedTo(ChronoUnit.SECONDS);
            case MILLISECOND -> t.truncatedTo(ChronoUnit.MILLIS);
            case MICROSECOND -> t;
            default -> throw notSupported(field, type);
        };
    }

    /** timestamptz_trunc(_zone): truncated in {@code zone}'s local time, then back to an instant. */
    public static Instant trunc(String field, Instant t, ZoneId zone) {
        if (!DateTimeValues.isFinite(t)) {
            unit(field, PgType.TIMESTAMPTZ);
            return t;
        }
        ZonedDateTime z = t.atZone(zone);
        LocalDateTime local = trunc(field, z.toLocalDateTime(), PgType.TIMESTAMPTZ);
        Unit u = IntervalInput.unit(field.toLowerCase(Locale.ROOT));
        if (u == Unit.HOUR || u == Unit.MINUTE || u == Unit.SECOND || u == Unit.MILLISECOND
                || u == Unit.MICROSECOND) {
            // below a day the offset of the original instant stays (no DST jump inside an hour)
            return local.atOffset(z.getOffset()).toInstant();
        }
        return local.atZone(zone).toInstant();
    }

    /** interval_trunc: the parts of the interval below {@code field} reset. */
    public static Interval trunc(String field, Interval i) {
        Unit u = unit(field, PgType.INTERVAL);
        long years = i.months() / 12;
        long months = i.months() % 12;
        long days = i.days();
        long hours = i.micros() / Interval.USECS_PER_HOUR;
        long rest = i.micros() - hours * Interval.USECS_PER_HOUR;
        long minutes = rest / Interval.USECS_PER_MINUTE;
        long secMicros = rest - minutes * Interval.USECS_PER_MINUTE;
        switch (u) {
            case MILLENNIUM, CENTURY, DECADE, YEAR, QUARTER, MONTH, DAY, HOUR, MINUTE, SECOND -> {
                int rank = u.ordinal();
                if (u == Unit.MILLENNIUM) {
                    years = years / 1000 * 1000;
                } else if (u == Unit.CENTURY) {
                    years = years / 100 * 100;
                } else if (u == Unit.DECADE) {
                    years = years / 10 * 10;
                }
                if (rank >= Unit.YEAR.ordinal()) {
                    months = 0;
                } else if (u == Unit.QUARTER) {
                    months = 3 * (months / 3);
                }
                if (rank >= Unit.MONTH.ordinal()) {
                    days = 0;
                }
                if (rank >= Unit.DAY.ordinal()) {
                    hours = 0;
                }
                if (rank >= Unit.HOUR.ordinal()) {
                    minutes = 0;
                }
                secMicros = rank >= Unit.MINUTE.ordinal() ? 0 : secMicros - secMicros % 1_000_000;
            }
            case MILLISECOND -> secMicros = secMicros / 1000 * 1000;
            case MICROSECOND -> {
            }
            default -> {
                osgres.api.PgException e = notSupported(field, PgType.INTERVAL);
                throw u == Unit.WEEK ? e.withDetail("Months usually have fractional weeks.") : e;
            }
        }
        long micros = hours * Interval.USECS_PER_HOUR + minutes * Interval.USECS_PER_MINUTE + secMicros;
        return new Interval((int) (years * 12 + months), (int) days, micros);
    }
}
