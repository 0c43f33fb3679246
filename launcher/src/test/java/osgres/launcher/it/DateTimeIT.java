package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.Properties;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.postgresql.PGResultSetMetaData;
import org.postgresql.util.PGInterval;

/**
 * Date/time values as pgJDBC reads them: interval (text, read into a PGInterval), time and timetz (pgJDBC asks for
 * them in binary once a statement is server-prepared), infinite timestamps and dates (pgJDBC's own infinity
 * sentinels in both formats), and date/time parameters bound by the driver.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DateTimeIT {
    private SqlTarget target;

    @BeforeAll
    void start() {
        target = SqlTarget.start();
    }

    @AfterAll
    void stop() {
        if (target != null) {
            target.close();
        }
    }

    /** prepareThreshold=-1: every statement is server-prepared, results in binary for pgJDBC's binary types. */
    private Connection binaryConnection() throws SQLException {
        Properties props = new Properties();
        props.setProperty("prepareThreshold", "-1");
        return Jdbc.connect(target.port(), props);
    }

    @Test
    void intervalTimeAndTimetzReadInTextAndBinary() throws SQLException {
        for (boolean binary : new boolean[] {false, true}) {
            try (Connection c = binary ? binaryConnection() : target.connect()) {
                Jdbc.execute(c, "set timezone = 'UTC'");
                try (PreparedStatement s = c.prepareStatement("select interval '1 year 2 mons 3 days 04:05:06.5', "
                        + "time '10:11:12.5', timetz '10:11:12+02', ?::interval * 2, time '23:00' + ?::interval")) {
                    s.setString(1, "1 day 01:30:00");
                    s.setString(2, "3 hours");
                    try (ResultSet rs = s.executeQuery()) {
                        assertThat(rs.next()).isTrue();
                        // getObject would look the type up in pg_type, which osgres does not have yet
                        PGInterval interval = new PGInterval(rs.getString(1));
                        assertThat(interval.getYears()).isEqualTo(1);
                        assertThat(interval.getMonths()).isEqualTo(2);
                        assertThat(interval.getDays()).isEqualTo(3);
                        assertThat(interval.getHours()).isEqualTo(4);
                        assertThat(interval.getSeconds()).isEqualTo(6.5);
                        assertThat(rs.getString(1)).isEqualTo("1 year 2 mons 3 days 04:05:06.5");
                        assertThat(rs.getObject(2, LocalTime.class)).isEqualTo(LocalTime.of(10, 11, 12, 500_000_000));
                        assertThat(rs.getObject(3, OffsetTime.class))
                                .isEqualTo(OffsetTime.of(10, 11, 12, 0, ZoneOffset.ofHours(2)));
                        assertThat(rs.getString(4)).isEqualTo("2 days 03:00:00");
                        assertThat(rs.getObject(5, LocalTime.class)).isEqualTo(LocalTime.of(2, 0));
                        PGResultSetMetaData meta = rs.getMetaData().unwrap(PGResultSetMetaData.class);
                        assertThat(meta.getFormat(2)).as("time result format, binary=%s", binary)
                                .isEqualTo(binary ? 1 : 0);
                    }
                }
            }
        }
    }

    @Test
    void infiniteTimestampsAndDatesReachTheDriverAsItsInfinities() throws SQLException {
        for (boolean binary : new boolean[] {false, true}) {
            try (Connection c = binary ? binaryConnection() : target.connect();
                 PreparedStatement s = c.prepareStatement("select timestamp 'infinity', timestamptz '-infinity', "
                         + "date 'infinity', timestamp 'infinity' > ?")) {
                s.setTimestamp(1, Timestamp.valueOf("2024-01-01 00:00:00"));
                try (ResultSet rs = s.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getObject(1, LocalDateTime.class)).as("binary=%s", binary)
                            .isEqualTo(LocalDateTime.MAX);
                    assertThat(rs.getString(2)).isEqualTo("-infinity");
                    assertThat(rs.getObject(3, LocalDate.class)).isEqualTo(LocalDate.MAX);
                    assertThat(rs.getBoolean(4)).isTrue();
                }
            }
        }
    }

    @Test
    void intervalAndTimeColumnsKeepTheirValuesInBothFormats() throws SQLException {
        try (Connection c = target.connect()) {
            Jdbc.execute(c, "drop table if exists dt_columns");
            Jdbc.execute(c, "create table dt_columns (id integer primary key, span interval, at time, atz timetz, "
                    + "until timestamp)");
            Jdbc.execute(c, "create index dt_columns_span on dt_columns (span)");
            Jdbc.execute(c, "insert into dt_columns values (1, '1 mon 2 days 03:04:05.5', '10:11:12', '10:11:12-05', "
                    + "'infinity'), (2, '30 days', '00:00', '00:00+00', '2024-02-29 12:00')");
        }
        for (boolean binary : new boolean[] {false, true}) {
            try (Connection c = binary ? binaryConnection() : target.connect();
                 PreparedStatement s = c.prepareStatement("select span, at, atz, until from dt_columns "
                         + "where span >= ?::interval order by span desc, id")) {
                s.setString(1, "720 hours");
                try (ResultSet rs = s.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo("1 mon 2 days 03:04:05.5");
                    assertThat(rs.getObject(2, LocalTime.class)).isEqualTo(LocalTime.of(10, 11, 12));
                    assertThat(rs.getObject(3, OffsetTime.class))
                            .isEqualTo(OffsetTime.of(10, 11, 12, 0, ZoneOffset.ofHours(-5)));
                    assertThat(rs.getObject(4, LocalDateTime.class)).isEqualTo(LocalDateTime.MAX);
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).as("'30 days' equals '720 hours', binary=%s", binary)
                            .isEqualTo("30 days");
                    assertThat(rs.next()).isFalse();
                }
            }
        }
    }

    @Test
    void dateTimeParametersBindAndCompute() throws SQLException {
        try (Connection c = binaryConnection()) {
            Jdbc.execute(c, "set timezone = 'UTC'");
            try (PreparedStatement s = c.prepareStatement("select ? + interval '1 month', "
                    + "extract(epoch from ?::timestamptz), date_trunc('hour', ?::timestamp), "
                    + "?::date - date '2024-01-01'")) {
                s.setObject(1, LocalDateTime.of(2024, 1, 31, 10, 0));
                s.setString(2, "2024-01-01 00:00:00+00");
                s.setObject(3, LocalDateTime.of(2024, 2, 29, 10, 11, 12));
                s.setObject(4, LocalDate.of(2024, 3, 1));
                try (ResultSet rs = s.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getObject(1, LocalDateTime.class)).isEqualTo(LocalDateTime.of(2024, 2, 29, 10, 0));
                    assertThat(rs.getBigDecimal(2)).isEqualByComparingTo("1704067200");
                    assertThat(rs.getObject(3, LocalDateTime.class)).isEqualTo(LocalDateTime.of(2024, 2, 29, 10, 0));
                    assertThat(rs.getInt(4)).isEqualTo(60);
                }
            }
        }
    }
}
