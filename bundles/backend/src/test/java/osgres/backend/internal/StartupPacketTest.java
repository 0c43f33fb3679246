package osgres.backend.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import osgres.api.PgException;

class StartupPacketTest {

    private static byte[] packet(int code, String... pairs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) (code >>> 24), (byte) (code >>> 16), (byte) (code >>> 8), (byte) code});
        for (String s : pairs) {
            out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            out.write(0);
        }
        out.write(0);
        return out.toByteArray();
    }

    @Test
    void startupMessageSplitsKnownKeysFromSettingsAndProtocolOptions() {
        StartupPacket p = StartupPacket.parse(packet(3 << 16, "user", "bob", "options", "-c work_mem=1MB",
                "application_name", "psql", "_pq_.foo", "x", "DateStyle", "ISO"), false, false);
        assertThat(p).isInstanceOf(StartupPacket.StartupMessage.class);
        StartupPacket.StartupMessage m = StartupPacket.withNames((StartupPacket.StartupMessage) p);
        assertThat(m.user()).isEqualTo("bob");
        assertThat(m.database()).isEqualTo("bob");
        assertThat(m.options()).isEqualTo("-c work_mem=1MB");
        assertThat(m.applicationName()).isEqualTo("psql");
        assertThat(m.gucs()).containsExactly(Map.entry("application_name", "psql"), Map.entry("DateStyle", "ISO"));
        assertThat(m.unrecognizedOptions()).containsExactly("_pq_.foo");
        assertThat(m.needsNegotiation()).isTrue();
    }

    @Test
    void missingTerminatorIsALayoutError() {
        byte[] bad = packet(3 << 16, "user", "bob");
        byte[] truncated = java.util.Arrays.copyOf(bad, bad.length - 1);
        assertThatThrownBy(() -> StartupPacket.parse(truncated, false, false))
                .isInstanceOf(PgException.class)
                .hasMessage("invalid startup packet layout: expected terminator as last byte")
                .extracting(e -> ((PgException) e).sqlState()).isEqualTo("08P01");
    }

    @Test
    void replicationValueIsCheckedLikeParseBool() {
        StartupPacket.StartupMessage on = (StartupPacket.StartupMessage) StartupPacket.parse(
                packet(3 << 16, "user", "u", "replication", "of"), false, false);
        assertThat(on.replication()).isFalse();
        assertThatThrownBy(() -> StartupPacket.parse(packet(3 << 16, "user", "u", "replication", "maybe"), false,
                false))
                .hasMessage("invalid value for parameter \"replication\": \"maybe\"")
                .extracting(e -> ((PgException) e).hint())
                .isEqualTo("Valid values are: \"false\", 0, \"true\", 1, \"database\".");
    }

    @Test
    void secondSslRequestIsReadAsAProtocolVersion() {
        assertThat(StartupPacket.parse(packet(StartupPacket.SSL_REQUEST_CODE).clone(), false, false))
                .isInstanceOf(StartupPacket.SslRequest.class);
        byte[] ssl = {4, (byte) 0xd2, 0x16, 0x2f};
        assertThat(StartupPacket.parse(ssl, true, false))
                .isEqualTo(new StartupPacket.UnsupportedProtocol(1234, 5679));
    }

    @Test
    void namesAreCutToSixtyThreeBytesOnACharacterBoundary() {
        assertThat(StartupPacket.truncateName("a".repeat(70))).hasSize(63);
        String accented = "é".repeat(40);
        assertThat(StartupPacket.truncateName(accented).getBytes(StandardCharsets.UTF_8)).hasSize(62);
    }

    @Test
    void optionsAreSplitAndParsedAsPostgresSwitches() {
        assertThat(StartupOptions.split("-c a=b\\ c  --x-y=1")).containsExactly("-c", "a=b c", "--x-y=1");
        assertThat(StartupOptions.parse("-c work_mem=1MB -cgeqo=off --search-path=x -B 100"))
                .containsExactly(Map.entry("work_mem", "1MB"), Map.entry("geqo", "off"),
                        Map.entry("search_path", "x"), Map.entry("shared_buffers", "100"));
        assertThatThrownBy(() -> StartupOptions.parse("-z"))
                .hasMessage("invalid command-line argument for server process: -z");
        assertThatThrownBy(() -> StartupOptions.parse("-c work_mem"))
                .hasMessage("-c work_mem requires a value");
        assertThatThrownBy(() -> StartupOptions.parse("--work_mem"))
                .hasMessage("--work_mem requires a value");
    }

    @Test
    void hostsPrintAsPostgresPrintsThem() throws Exception {
        assertThat(NumericHost.of(true, null)).isEqualTo("[local]");
        assertThat(NumericHost.of(false, InetAddress.getByName("127.0.0.1"))).isEqualTo("127.0.0.1");
        assertThat(NumericHost.of(false, InetAddress.getByName("::1"))).isEqualTo("::1");
        assertThat(NumericHost.of(false, InetAddress.getByName("2001:db8:0:0:1:0:0:1")))
                .isEqualTo("2001:db8::1:0:0:1");
        assertThat(NumericHost.of(false, InetAddress.getByName("fe80:0:0:0:0:0:0:0"))).isEqualTo("fe80::");
    }
}
