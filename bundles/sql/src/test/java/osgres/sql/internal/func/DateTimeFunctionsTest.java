package osgres.sql.internal.func;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import osgres.api.PgException;
import osgres.sql.internal.utils.DateTimeFields;
import osgres.sql.internal.utils.DateTimeFormat;
import osgres.sql.internal.utils.IntervalInput;
import osgres.sql.internal.utils.PgType;
import osgres.sql.internal.utils.TypeIo;
import osgres.storage.Interval;

/** Date/time functions and operators without a session; expected values are PostgreSQL 15's. */
class DateTimeFunctionsTest {

    private static LocalDateTime ts(String text) {
        return (LocalDateTime) TypeIo.input(PgType.TIMESTAMP, text, ZoneOffset.UTC);
    }

    private static Interval iv(String text) {
        return IntervalInput.parse(text);
    }

    @Test
    void ageBorrowsFromTheMonthsAsPostgresDoes() {
        assertThat(DateTimeFunctions.age(ts("2024-03-31"), ts("2024-02-29 23:00")).toPostgresText())
                .isEqualTo("1 mon 1 day 01:00:00");
        assertThat(DateTimeFunctions.age(ts("2020-02-29"), ts("2024-03-01 10:00")).toPostgresText())
                .isEqualTo("-4 years -1 days -10:00:00");
    }

    @Test
    void dateBinCountsStridesFromTheOrigin() {
        assertThat(DateTimeFunctions.dateBin(iv("20 minutes"), ts("2024-01-01 09:07"), ts("2000-01-01 00:05")))
                .isEqualTo(ts("2024-01-01 09:05"));
        assertThatThrownBy(() -> DateTimeFunctions.dateBin(iv("1 mon"), ts("2024-01-01"), ts("2024-01-01")))
                .isInstanceOfSatisfying(PgException.class, e -> assertThat(e.sqlState()).isEqualTo("0A000"));
    }

    @Test
    void toCharTemplates() {
        assertThat(DateTimeFormat.toChar(ts("2024-07-04 09:08:07.006"), null,
                "FMMonth FMDDth, YYYY HH12:MI:SS.MS AM Dy IW")).isEqualTo("July 4th, 2024 09:08:07.006 AM Thu 27");
        assertThat(DateTimeFormat.toChar(ts("2024-02-09 14:05:06"), null, "Day, DD Month YYYY"))
                .isEqualTo("Friday   , 09 February  2024");
    }

    @Test
    void toDateReadsTemplates() {
        assertThat(DateTimeFormat.toDate("February 9, 2024", "Month DD, YYYY")).isEqualTo(LocalDate.of(2024, 2, 9));
        assertThat(DateTimeFormat.toDate("20240209", "YYYYMMDD")).isEqualTo(LocalDate.of(2024, 2, 9));
    }

    @Test
    void extractReturnsNumericWithPostgresScales() {
        LocalDateTime t = ts("2024-02-29 10:11:12.345678");
        assertThat(DateTimeFields.extractAny("second", t, PgType.TIMESTAMP, ZoneOffset.UTC))
                .isEqualTo(new BigDecimal("12.345678"));
        assertThat(DateTimeFields.extractAny("milliseconds", t, PgType.TIMESTAMP, ZoneOffset.UTC))
                .isEqualTo(new BigDecimal("12345.678"));
        assertThat(DateTimeFields.extractAny("epoch", iv("1 year 1 mon 1 day 01:00:01.5"), PgType.INTERVAL,
                ZoneOffset.UTC)).isEqualTo(new BigDecimal("34239601.500000"));
        assertThat(DateTimeFields.datePart("epoch", iv("1 year"), PgType.INTERVAL, ZoneOffset.UTC))
                .isEqualTo(31557600.0);
        assertThatThrownBy(() -> DateTimeFields.extractAny("hour", LocalDate.of(2024, 1, 1), PgType.DATE,
                ZoneOffset.UTC)).isInstanceOfSatisfying(PgException.class, e -> {
                    assertThat(e.sqlState()).isEqualTo("0A000");
                    assertThat(e.getMessage()).isEqualTo("unit \"hour\" not supported for type date");
                });
    }

    @Test
    void generateSeriesStepsFromTheLastValue() {
        assertThat(DateTimeFunctions.generateSeries(ts("2024-01-30"), ts("2024-04-30"), iv("1 month"),
                PgType.TIMESTAMP, ZoneOffset.UTC)).containsExactly(ts("2024-01-30"), ts("2024-02-29"),
                ts("2024-03-29"), ts("2024-04-29"));
        assertThatThrownBy(() -> DateTimeFunctions.generateSeries(ts("2024-01-01"), ts("2024-01-02"),
                Interval.ZERO, PgType.TIMESTAMP, ZoneOffset.UTC)).isInstanceOf(PgException.class);
    }

    @Test
    void operatorsResolveAsPgOperatorSays() {
        Operators.Resolved minus = Operators.resolveBinary("-", PgType.TIMESTAMP, PgType.TIMESTAMP, 0);
        assertThat(minus.result()).isEqualTo(PgType.INTERVAL);
        assertThat(((Interval) minus.implementation().call(null, new Object[] {ts("2024-03-01 12:00"),
                ts("2024-01-01")})).toPostgresText()).isEqualTo("60 days 12:00:00");
        Operators.Resolved dates = Operators.resolveBinary("-", PgType.DATE, PgType.DATE, 0);
        assertThat(dates.result()).isEqualTo(PgType.INT4);
        Operators.Resolved plus = Operators.resolveBinary("+", PgType.TIME, PgType.UNKNOWN, 0);
        assertThat(plus.right()).isEqualTo(PgType.INTERVAL);
        assertThat(plus.implementation().call(null, new Object[] {LocalTime.of(23, 0), iv("3 hours")}))
                .isEqualTo(LocalTime.of(2, 0));
        assertThat(Operators.resolveBinary("*", PgType.INTERVAL, PgType.INT4, 0).right()).isEqualTo(PgType.FLOAT8);
        assertThat(Operators.resolvePrefix("-", PgType.INTERVAL, 0).result()).isEqualTo(PgType.INTERVAL);
        assertThatThrownBy(() -> Operators.resolveBinary("+", PgType.TIMESTAMP, PgType.TIMESTAMP, 7))
                .isInstanceOfSatisfying(PgException.class, e -> assertThat(e.sqlState()).isEqualTo("42883"));
    }

    @Test
    void infinityOrdersAndPrintsAsPostgres() {
        LocalDateTime inf = ts("infinity");
        assertThat(inf).isAfter(ts("294276-01-01"));
        assertThat(TypeIo.output(PgType.TIMESTAMP, inf, TypeIo.OutputSettings.DEFAULT)).isEqualTo("infinity");
        assertThat(TypeIo.output(PgType.DATE, TypeIo.input(PgType.DATE, "-infinity", ZoneOffset.UTC),
                TypeIo.OutputSettings.DEFAULT)).isEqualTo("-infinity");
        byte[] sent = TypeIo.send(PgType.TIMESTAMP, inf, TypeIo.OutputSettings.DEFAULT);
        assertThat(java.nio.ByteBuffer.wrap(sent).getLong()).isEqualTo(Long.MAX_VALUE);
        assertThat(TypeIo.receive(PgType.TIMESTAMP, sent, 1)).isEqualTo(inf);
    }
}
