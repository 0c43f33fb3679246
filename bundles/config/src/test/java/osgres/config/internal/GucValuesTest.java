package osgres.config.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import osgres.api.GucContext;
import osgres.api.GucDefinition;
import osgres.api.PgException;

class GucValuesTest {

    static GucTable table;
    static ServerConfiguration config;

    @BeforeAll
    static void loadTable() {
        table = GucTable.load(Map.of("timezone", "Etc/UTC", "log_timezone", "Etc/UTC"));
        config = new ServerConfiguration(table, Path.of("/nonexistent"), Map.of());
    }

    private static String normalize(String name, String value) {
        return config.normalize(name, value);
    }

    private static PgException error(String name, String value) {
        try {
            normalize(name, value);
        } catch (PgException e) {
            return e;
        }
        throw new AssertionError("no error for " + name + " = " + value);
    }

    @Test
    void memoryAndTimeValuesShowLikeShow() {
        assertThat(normalize("shared_buffers", "16384")).isEqualTo("128MB");
        assertThat(normalize("shared_buffers", "1GB")).isEqualTo("1GB");
        assertThat(normalize("shared_buffers", "136kB")).isEqualTo("136kB");
        assertThat(normalize("work_mem", "4096")).isEqualTo("4MB");
        assertThat(normalize("work_mem", "1025")).isEqualTo("1025kB");
        assertThat(normalize("work_mem", "1.5MB")).isEqualTo("1536kB");
        assertThat(normalize("work_mem", "4 MB")).isEqualTo("4MB");
        assertThat(normalize("checkpoint_timeout", "300")).isEqualTo("5min");
        assertThat(normalize("checkpoint_timeout", "1h")).isEqualTo("1h");
        assertThat(normalize("authentication_timeout", "60")).isEqualTo("1min");
        assertThat(normalize("bgwriter_delay", "200")).isEqualTo("200ms");
        assertThat(normalize("bgwriter_delay", "1s")).isEqualTo("1s");
        assertThat(normalize("statement_timeout", "0")).isEqualTo("0");
        assertThat(normalize("max_wal_size", "1024")).isEqualTo("1GB");
        assertThat(normalize("unix_socket_permissions", "0777")).isEqualTo("0777");
        assertThat(normalize("unix_socket_permissions", "511")).isEqualTo("0777");
        assertThat(normalize("max_connections", "0x10")).isEqualTo("16");
    }

    @Test
    void realsBooleansAndEnumsShowCanonically() {
        assertThat(normalize("random_page_cost", "4")).isEqualTo("4");
        assertThat(normalize("checkpoint_completion_target", ".9")).isEqualTo("0.9");
        assertThat(normalize("fsync", "TRUE")).isEqualTo("on");
        assertThat(normalize("fsync", "of")).isEqualTo("off");
        assertThat(normalize("fsync", "y")).isEqualTo("on");
        assertThat(normalize("fsync", "0")).isEqualTo("off");
        assertThat(normalize("default_transaction_isolation", "REPEATABLE READ")).isEqualTo("repeatable read");
        assertThat(normalize("synchronous_commit", "true")).isEqualTo("on");
        assertThat(normalize("client_min_messages", "debug")).isEqualTo("debug2");
        assertThat(GucValues.formatG(1.7976931348623157e308)).isEqualTo("1.79769e+308");
        assertThat(GucValues.formatG(0.0001)).isEqualTo("0.0001");
        assertThat(GucValues.formatG(1e-5)).isEqualTo("1e-05");
    }

    @Test
    void clientFacingStringsAreCanonicalised() {
        assertThat(normalize("client_encoding", "utf8")).isEqualTo("UTF8");
        assertThat(normalize("client_encoding", "UTF-8")).isEqualTo("UTF8");
        assertThat(normalize("DateStyle", "iso, mdy")).isEqualTo("ISO, MDY");
        assertThat(normalize("datestyle", "ISO")).isEqualTo("ISO, MDY");
        assertThat(normalize("DateStyle", "German")).isEqualTo("German, DMY");
        assertThat(normalize("timezone", "utc")).isEqualTo("UTC");
        assertThat(normalize("TimeZone", "europe/berlin")).isEqualTo("Europe/Berlin");
        assertThat(normalize("application_name", "caf\u00e9")).isEqualTo("caf??");
        assertThat(normalize("plpgsql.extra_warnings", "all")).isEqualTo("all");
    }

    @Test
    void errorsCarryPostgresqlTextSqlstateAndHint() {
        PgException unknown = error("bogus_param", "1");
        assertThat(unknown.sqlState()).isEqualTo("42704");
        assertThat(unknown.getMessage()).isEqualTo("unrecognized configuration parameter \"bogus_param\"");

        PgException unit = error("work_mem", "4 MBx");
        assertThat(unit.sqlState()).isEqualTo("22023");
        assertThat(unit.getMessage()).isEqualTo("invalid value for parameter \"work_mem\": \"4 MBx\"");
        assertThat(unit.hint())
                .isEqualTo("Valid units for this parameter are \"B\", \"kB\", \"MB\", \"GB\", and \"TB\".");

        assertThat(error("work_mem", "1e").hint()).startsWith("Valid units");
        assertThat(error("work_mem", "abc").hint()).isNull();
        assertThat(error("checkpoint_timeout", "5 years").hint())
                .isEqualTo("Valid units for this parameter are \"us\", \"ms\", \"s\", \"min\", \"h\", and \"d\".");
        assertThat(error("max_connections", "10MB").hint()).isNull();

        assertThat(error("checkpoint_timeout", "1").getMessage())
                .isEqualTo("1 s is outside the valid range for parameter \"checkpoint_timeout\" (30 .. 86400)");
        assertThat(error("max_connections", "0").getMessage())
                .isEqualTo("0 is outside the valid range for parameter \"max_connections\" (1 .. 262143)");
        assertThat(error("random_page_cost", "-1").getMessage()).isEqualTo(
                "-1 is outside the valid range for parameter \"random_page_cost\" (0 .. 1.79769e+308)");
        assertThat(error("max_connections", "99999999999").hint()).isEqualTo("Value exceeds integer range.");

        PgException bool = error("enable_seqscan", "maybe");
        assertThat(bool.getMessage()).isEqualTo("parameter \"enable_seqscan\" requires a Boolean value");
        assertThat(error("fsync", "o").getMessage()).contains("requires a Boolean value");

        PgException enumError = error("bytea_output", "foo");
        assertThat(enumError.getMessage()).isEqualTo("invalid value for parameter \"bytea_output\": \"foo\"");
        assertThat(enumError.hint()).isEqualTo("Available values: escape, hex.");

        PgException dateStyle = error("datestyle", "foo");
        assertThat(dateStyle.getMessage()).isEqualTo("invalid value for parameter \"DateStyle\": \"foo\"");
        assertThat(dateStyle.detail()).isEqualTo("Unrecognized key word: \"foo\".");
        assertThat(error("DateStyle", "ISO, SQL").detail()).isEqualTo("Conflicting \"datestyle\" specifications.");

        PgException latin1 = error("client_encoding", "LATIN1");
        assertThat(latin1.sqlState()).isEqualTo("0A000");
        assertThat(latin1.detail()).isEqualTo("Conversion between LATIN1 and UTF8 is not supported.");
        assertThat(error("TimeZone", "Mars/Olympus").getMessage())
                .isEqualTo("invalid value for parameter \"TimeZone\": \"Mars/Olympus\"");
    }

    @Test
    void definitionsKeepPostgresqlSpellingAndReportFlags() {
        GucDefinition dateStyle = table.find("datestyle").orElseThrow().definition();
        assertThat(dateStyle.name()).isEqualTo("DateStyle");
        assertThat(dateStyle.bootValue()).isEqualTo("ISO, MDY");
        assertThat(table.all().stream().filter(g -> g.definition().report()).map(GucTable.Guc::name))
                .containsExactlyInAnyOrder("application_name", "client_encoding", "DateStyle",
                        "default_transaction_read_only", "in_hot_standby", "integer_datetimes", "IntervalStyle",
                        "is_superuser", "server_encoding", "server_version", "session_authorization",
                        "standard_conforming_strings", "TimeZone");
        GucDefinition sharedBuffers = table.find("SHARED_BUFFERS").orElseThrow().definition();
        assertThat(sharedBuffers.context()).isEqualTo(GucContext.POSTMASTER);
        assertThat(sharedBuffers.unit()).isEqualTo("8kB");
        assertThat(sharedBuffers.bootValue()).isEqualTo("128MB");
        assertThat(table.find("server_version_num").orElseThrow().definition().bootValue()).isEqualTo("150018");
        assertThat(table.find("jit").orElseThrow().definition().bootValue()).isEqualTo("off");
        assertThat(table.find("unix_socket_directories").orElseThrow().definition().bootValue()).isEqualTo("/tmp");
    }
}
