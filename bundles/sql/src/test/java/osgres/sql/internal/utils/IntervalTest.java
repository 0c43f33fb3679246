package osgres.sql.internal.utils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;

import osgres.api.PgException;
import osgres.storage.Interval;

/** Interval input, output, arithmetic and comparison; expected values are PostgreSQL 15's. */
class IntervalTest {

    private static String roundTrip(String input) {
        return IntervalInput.parse(input).toPostgresText();
    }

    @Test
    void inputFormatsPrintAsPostgresDoes() {
        assertThat(roundTrip("1 year 2 months 3 days 04:05:06.789")).isEqualTo("1 year 2 mons 3 days 04:05:06.789");
        assertThat(roundTrip("-1 years -2 mons +3 days")).isEqualTo("-1 years -2 mons +3 days");
        assertThat(roundTrip("@ 1 minute ago")).isEqualTo("-00:01:00");
        assertThat(roundTrip("1:30")).isEqualTo("01:30:00");
        assertThat(roundTrip("P1DT2H")).isEqualTo("1 day 02:00:00");
        assertThat(roundTrip("1 day 2 hours")).isEqualTo("1 day 02:00:00");
        assertThat(roundTrip("0")).isEqualTo("00:00:00");
    }

    @Test
    void fractionsCascadeDownAsPostgresDoes() {
        assertThat(roundTrip("1.5 years")).isEqualTo("1 year 6 mons");
        assertThat(roundTrip("1.5 months")).isEqualTo("1 mon 15 days");
        assertThat(roundTrip("-1.5 weeks")).isEqualTo("-10 days -12:00:00");
    }

    @Test
    void badInputIsInvalidDatetimeFormat() {
        assertThatThrownBy(() -> IntervalInput.parse("xyz"))
                .isInstanceOfSatisfying(PgException.class, e -> {
                    assertThat(e.sqlState()).isEqualTo("22007");
                    assertThat(e.getMessage()).isEqualTo("invalid input syntax for type interval: \"xyz\"");
                });
        assertThatThrownBy(() -> IntervalInput.parse("1 day 2 days")).isInstanceOf(PgException.class);
    }

    @Test
    void multiplicationAndDivisionCascadeFractions() {
        assertThat(Intervals.multiply(IntervalInput.parse("1 mon"), 1.5).toPostgresText()).isEqualTo("1 mon 15 days");
        assertThat(Intervals.divide(IntervalInput.parse("1 day"), 7).toPostgresText()).isEqualTo("03:25:42.857143");
        assertThat(Intervals.multiply(IntervalInput.parse("35 days 30 hours"), 0.3).toPostgresText())
                .isEqualTo("10 days 21:00:00");
        assertThatThrownBy(() -> Intervals.divide(IntervalInput.parse("1 day"), 0))
                .isInstanceOfSatisfying(PgException.class, e -> assertThat(e.sqlState()).isEqualTo("22012"));
    }

    @Test
    void justifyFunctions() {
        assertThat(Intervals.justifyInterval(IntervalInput.parse("1 mon -1 hour")).toPostgresText())
                .isEqualTo("29 days 23:00:00");
        assertThat(Intervals.justifyHours(IntervalInput.parse("-27 hours")).toPostgresText())
                .isEqualTo("-1 days -03:00:00");
        assertThat(Intervals.justifyDays(IntervalInput.parse("-35 days")).toPostgresText())
                .isEqualTo("-1 mons -5 days");
    }

    @Test
    void comparisonIsOnThirtyDayMonthsAndTwentyFourHourDays() {
        Interval month = IntervalInput.parse("1 mon");
        assertThat(month).isEqualTo(IntervalInput.parse("30 days")).isEqualTo(IntervalInput.parse("720 hours"));
        assertThat(month.hashCode()).isEqualTo(IntervalInput.parse("720 hours").hashCode());
        assertThat(IntervalInput.parse("10 days 5 hours").compareTo(month)).isNegative();
        assertThat(IntervalInput.parse("1 year")).isEqualTo(IntervalInput.parse("360 days"));
        Interval huge = new Interval(Integer.MAX_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE);
        assertThat(huge.compareTo(new Interval(Integer.MAX_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE - 1)))
                .isPositive();
        assertThat(new Interval(Integer.MIN_VALUE, 0, 0).compareTo(Interval.ZERO)).isNegative();
    }

    @Test
    void overflowIsIntervalOutOfRange() {
        assertThatThrownBy(() -> Intervals.plus(new Interval(Integer.MAX_VALUE, 0, 0), new Interval(1, 0, 0)))
                .isInstanceOfSatisfying(PgException.class, e -> {
                    assertThat(e.sqlState()).isEqualTo("22008");
                    assertThat(e.getMessage()).isEqualTo("interval out of range");
                });
    }

    @Test
    void binaryLayoutIsMicrosDaysMonths() {
        Interval v = new Interval(14, 3, 5_000_000L);
        byte[] bytes = DateTimeValues.sendInterval(v);
        ByteBuffer b = ByteBuffer.wrap(bytes);
        assertThat(b.getLong()).isEqualTo(5_000_000L);
        assertThat(b.getInt()).isEqualTo(3);
        assertThat(b.getInt()).isEqualTo(14);
        assertThat(TypeIo.receive(PgType.INTERVAL, bytes, 1)).isEqualTo(v);
        assertThat(((Interval) TypeIo.receive(PgType.INTERVAL, bytes, 1)).months()).isEqualTo(14);
    }
}
