package osgres.storage.internal.heap;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.HexFormat;
import java.util.Locale;

import osgres.storage.TypeOids;

/**
 * A stored value as PostgreSQL's output functions print it, for the DETAIL lines of unique violations
 * ({@code Key (aid)=(1) already exists.}). Timestamps with time zone print in UTC (the engine does not know the
 * session's TimeZone).
 */
public final class ValueText {
    private static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.MICRO_OF_SECOND, 0, 6, true).optionalEnd()
            .toFormatter(Locale.ROOT);

    private ValueText() {
    }

    public static String format(int type, Object v) {
        if (v == null) {
            return "null";
        }
        if (v.equals(LocalDate.MAX) || v.equals(LocalDateTime.MAX) || v.equals(Instant.MAX)) {
            return "infinity";
        }
        if (v.equals(LocalDate.MIN) || v.equals(LocalDateTime.MIN) || v.equals(Instant.MIN)) {
            return "-infinity";
        }
        return switch (type) {
            case TypeOids.BOOL -> ((Boolean) v) ? "t" : "f";
            case TypeOids.NUMERIC -> v instanceof BigDecimal d ? d.toPlainString() : v.toString();
            case TypeOids.FLOAT4 -> floatText(((Number) v).floatValue());
            case TypeOids.FLOAT8 -> doubleText(((Number) v).doubleValue());
            case TypeOids.BYTEA -> "\\x" + HexFormat.of().formatHex((byte[]) v);
            case TypeOids.DATE -> ((LocalDate) v).toString();
            case TypeOids.INTERVAL -> ((osgres.storage.Interval) v).toPostgresText();
            case TypeOids.TIME -> timeText((java.time.LocalTime) v);
            case TypeOids.TIMETZ -> {
                java.time.OffsetTime t = (java.time.OffsetTime) v;
                int offset = t.getOffset().getTotalSeconds();
                StringBuilder out = new StringBuilder(timeText(t.toLocalTime())).append(offset < 0 ? '-' : '+');
                osgres.storage.Interval.appendTwoDigits(out, Math.abs(offset) / 3600);
                if (Math.abs(offset) % 3600 != 0) {
                    out.append(':');
                    osgres.storage.Interval.appendTwoDigits(out, Math.abs(offset) % 3600 / 60);
                }
                yield out.toString();
            }
            case TypeOids.TIMESTAMP -> TIMESTAMP.format((LocalDateTime) v);
            case TypeOids.TIMESTAMPTZ -> TIMESTAMP.format(LocalDateTime.ofInstant((Instant) v, ZoneOffset.UTC)) + "+00";
            default -> v.toString();
        };
    }

    private static String timeText(java.time.LocalTime t) {
        StringBuilder out = new StringBuilder();
        osgres.storage.Interval.appendTwoDigits(out, t.getHour()).append(':');
        osgres.storage.Interval.appendTwoDigits(out, t.getMinute()).append(':');
        osgres.storage.Interval.appendTwoDigits(out, t.getSecond());
        osgres.storage.Interval.appendFraction(out, t.getNano() / 1000);
        return out.toString();
    }

    private static String floatText(float f) {
        if (Float.isNaN(f)) {
            return "NaN";
        }
        if (Float.isInfinite(f)) {
            return f > 0 ? "Infinity" : "-Infinity";
        }
        return f == Math.rint(f) && Math.abs(f) < 1e15 ? Long.toString((long) f) : Float.toString(f);
    }

    private static String doubleText(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
