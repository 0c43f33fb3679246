package osgres.walreceiver.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class ConnInfoParserTest {

    @Test
    void keywordValuePairsAsPgBasebackupWritesThem() throws Exception {
        ConnInfo info = ConnInfoParser.parse("user=rep passfile='/root/.pgpass' channel_binding=prefer "
                + "host=127.0.0.1 port=5432 sslmode=prefer");
        assertThat(info.options()).containsExactly(Map.entry("user", "rep"), Map.entry("passfile", "/root/.pgpass"),
                Map.entry("channel_binding", "prefer"), Map.entry("host", "127.0.0.1"), Map.entry("port", "5432"),
                Map.entry("sslmode", "prefer"));
    }

    @Test
    void quotedValuesKeepSpacesAndUnescapeQuotesAndBackslashes() throws Exception {
        ConnInfo info = ConnInfoParser.parse("host = localhost  password='it\\'s a \\\\secret' user=a\\ b");
        assertThat(info.get("host")).isEqualTo("localhost");
        assertThat(info.get("password")).isEqualTo("it's a \\secret");
        assertThat(info.get("user")).isEqualTo("a b");
    }

    @Test
    void emptyQuotedValueAndLaterSettingWins() throws Exception {
        ConnInfo info = ConnInfoParser.parse("password='' port=1 port=2");
        assertThat(info.get("password")).isEmpty();
        assertThat(info.get("port")).isEqualTo("2");
    }

    @Test
    void libpqErrors() {
        assertThatThrownBy(() -> ConnInfoParser.parse("host"))
                .hasMessage("missing \"=\" after \"host\" in connection info string");
        assertThatThrownBy(() -> ConnInfoParser.parse("host='abc"))
                .hasMessage("unterminated quoted string in connection info string");
        assertThatThrownBy(() -> ConnInfoParser.parse("hots=abc"))
                .hasMessage("invalid connection option \"hots\"");
    }

    @Test
    void uriWithUserPasswordHostPortDatabaseAndParameters() throws Exception {
        ConnInfo info = ConnInfoParser.parse(
                "postgresql://rep:p%40ss@db.example.com:5433/mydb?application_name=standby1&sslmode=require");
        assertThat(info.options()).containsExactly(Map.entry("user", "rep"), Map.entry("password", "p@ss"),
                Map.entry("host", "db.example.com"), Map.entry("port", "5433"), Map.entry("dbname", "mydb"),
                Map.entry("application_name", "standby1"), Map.entry("sslmode", "require"));
    }

    @Test
    void uriFormsFromTheLibpqDocumentation() throws Exception {
        assertThat(ConnInfoParser.parse("postgresql://").options()).isEmpty();
        assertThat(ConnInfoParser.parse("postgresql://localhost").get("host")).isEqualTo("localhost");
        assertThat(ConnInfoParser.parse("postgresql://localhost:5433").get("port")).isEqualTo("5433");
        assertThat(ConnInfoParser.parse("postgresql://user@localhost").get("user")).isEqualTo("user");
        ConnInfo ipv6 = ConnInfoParser.parse("postgresql://[2001:db8::1234]:5433/database");
        assertThat(ipv6.get("host")).isEqualTo("2001:db8::1234");
        assertThat(ipv6.get("port")).isEqualTo("5433");
        ConnInfo socket = ConnInfoParser.parse("postgresql://%2Fvar%2Flib%2Fpostgresql/dbname");
        assertThat(socket.get("host")).isEqualTo("/var/lib/postgresql");
        ConnInfo hosts = ConnInfoParser.parse("postgresql://host1:123,host2:456/somedb");
        assertThat(hosts.get("host")).isEqualTo("host1,host2");
        assertThat(hosts.get("port")).isEqualTo("123,456");
        assertThat(ConnInfoParser.parse("postgres:///db?host=/tmp").get("host")).isEqualTo("/tmp");
    }

    @Test
    void uriErrors() {
        assertThatThrownBy(() -> ConnInfoParser.parse("postgresql://h/db?bogus=1"))
                .hasMessage("invalid URI query parameter: \"bogus\"");
        assertThatThrownBy(() -> ConnInfoParser.parse("postgresql://h/db?port"))
                .hasMessage("missing key/value separator \"=\" in URI query parameter: \"port\"");
        assertThatThrownBy(() -> ConnInfoParser.parse("postgresql://h/%zz"))
                .hasMessage("invalid percent-encoded token: \"%zz\"");
        assertThatThrownBy(() -> ConnInfoParser.parse("postgresql://[::1"))
                .hasMessageStartingWith("end of string reached when looking for matching \"]\"");
    }

    @Test
    void pgBasebackupsStringShowsAsPgStatWalReceiverShowsIt() throws Exception {
        ConnInfo info = ConnInfoParser.parse("user=rep password=secret channel_binding=prefer host=127.0.0.1 "
                + "port=56150 sslmode=prefer sslcompression=0 sslsni=1 ssl_min_protocol_version=TLSv1.2 "
                + "gssencmode=prefer krbsrvname=postgres target_session_attrs=any");
        assertThat(ReplicationConnection.display(info, "127.0.0.1", 56150, "rep", "walreceiver")).isEqualTo(
                "user=rep password=******** channel_binding=prefer dbname=replication host=127.0.0.1 port=56150 "
                        + "fallback_application_name=walreceiver sslmode=prefer sslcompression=0 sslsni=1 "
                        + "ssl_min_protocol_version=TLSv1.2 gssencmode=prefer krbsrvname=postgres "
                        + "target_session_attrs=any");
    }
}
