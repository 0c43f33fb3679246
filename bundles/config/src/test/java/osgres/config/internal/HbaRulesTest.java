package osgres.config.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import osgres.api.HostBasedAuth;

class HbaRulesTest {

    @TempDir
    Path dir;

    private HbaRules.Load load(String text) throws IOException {
        Path file = dir.resolve("pg_hba.conf");
        Files.writeString(file, text);
        return HbaRules.load(file, false);
    }

    private HbaRules rules(String text) throws IOException {
        HbaRules.Load load = load(text);
        assertThat(load.ok()).as(load.messages().toString()).isTrue();
        return load.rules();
    }

    private static String method(HbaRules rules, boolean local, String address, String db, String user)
            throws IOException {
        InetAddress inet = address == null ? null : InetAddress.getByName(address);
        return rules.match(local, inet, db, user).map(HostBasedAuth.Match::method).orElse("none");
    }

    @Test
    void plusRoleAndSameroleAskTheMembership() throws IOException {
        HbaRules rules = rules("""
                host    samerole  all            127.0.0.1/32  trust
                host    all       +admins,carol  127.0.0.1/32  md5
                host    all       "+quoted"      127.0.0.1/32  password
                """);
        HostBasedAuth.Membership membership = (user, role) -> user.equals(role)
                || user.equals("alice") && role.equals("admins");
        InetAddress local = InetAddress.getByName("127.0.0.1");
        java.util.function.BiFunction<String, String, String> method = (db, user) -> rules.match(false, false, local,
                db, user, membership).map(HostBasedAuth.Match::method).orElse("none");
        assertThat(method.apply("admins", "alice")).isEqualTo("trust");
        assertThat(method.apply("admins", "bob")).isEqualTo("none");
        assertThat(method.apply("postgres", "alice")).isEqualTo("md5");
        assertThat(method.apply("postgres", "admins")).as("a role is a member of itself").isEqualTo("md5");
        assertThat(method.apply("postgres", "carol")).isEqualTo("md5");
        assertThat(method.apply("postgres", "+quoted")).as("a quoted +name is a plain name").isEqualTo("password");
        assertThat(method.apply("postgres", "quoted")).isEqualTo("none");
    }

    @Test
    void localAndHostRecordsMatchTheirConnectionType() throws IOException {
        HbaRules rules = rules("""
                # TYPE  DATABASE  USER  ADDRESS       METHOD
                local   all       all                 peer
                host    all       all   127.0.0.1/32  md5
                host    all       all   ::1/128       scram-sha-256
                """);
        assertThat(method(rules, true, null, "db", "u")).isEqualTo("peer");
        assertThat(method(rules, false, "127.0.0.1", "db", "u")).isEqualTo("md5");
        assertThat(method(rules, false, "::1", "db", "u")).isEqualTo("scram-sha-256");
        assertThat(method(rules, false, "10.1.2.3", "db", "u")).isEqualTo("none");
        assertThat(rules.match(false, InetAddress.getByName("127.0.0.1"), "db", "u").orElseThrow().lineNumber())
                .isEqualTo(3);
    }

    @Test
    void firstMatchWinsWithCidrMasksNamesAndLists() throws IOException {
        HbaRules rules = rules("""
                host  sales       alice,"Bob"   10.0.0.0/8                reject
                host  sameuser    all           10.0.0.0  255.0.0.0       password
                host  "all"       all           10.0.0.0/8                md5
                host  all         +admins       0.0.0.0/0                 trust
                host  db1,db2     all           all                       md5
                hostssl all       all           all                       trust
                """.replace("hostssl all       all           all                       trust\n", ""));
        assertThat(method(rules, false, "10.9.9.9", "sales", "alice")).isEqualTo("reject");
        assertThat(method(rules, false, "10.9.9.9", "sales", "Bob")).isEqualTo("reject");
        assertThat(method(rules, false, "10.9.9.9", "sales", "bob")).isEqualTo("none");
        assertThat(method(rules, false, "10.9.9.9", "carol", "carol")).isEqualTo("password");
        assertThat(method(rules, false, "10.9.9.9", "all", "x")).isEqualTo("md5");
        assertThat(method(rules, false, "192.168.1.1", "x", "admins")).isEqualTo("trust");
        assertThat(method(rules, false, "192.168.1.1", "db2", "x")).isEqualTo("md5");
        assertThat(method(rules, false, "::2", "db2", "x")).isEqualTo("md5");
        assertThat(method(rules, true, null, "db2", "x")).isEqualTo("none");
    }

    @Test
    void replicationKeywordDoesNotMatchOrdinaryConnections() throws IOException {
        HbaRules rules = rules("local replication all trust\nlocal all all reject\n");
        assertThat(method(rules, true, null, "replication", "u")).isEqualTo("reject");
        assertThat(rules.match(true, null, "x", "u", true).orElseThrow().method()).isEqualTo("trust");
    }

    @Test
    void badLinesAreLoggedWithContextAndFailTheLoad() throws IOException {
        HbaRules.Load load = load("""
                local all all trust
                foo all all trust
                host all all 1.2.3.4/99 trust
                host all all 1.2.3.4 trust
                host all all 127.0.0.1/32 bogus
                host all
                hostssl all all all trust
                host all all 1.2.3.4/32 trust bogus
                """);
        assertThat(load.ok()).isFalse();
        Path file = dir.resolve("pg_hba.conf");
        List<String> lines = load.messages().stream().map(e -> e.message() + " | " + e.context()).toList();
        assertThat(lines).containsExactly(
                "invalid connection type \"foo\" | line 2 of configuration file \"" + file + "\"",
                "invalid CIDR mask in address \"1.2.3.4/99\" | line 3 of configuration file \"" + file + "\"",
                "invalid IP mask \"trust\": Name or service not known | line 4 of configuration file \"" + file + "\"",
                "invalid authentication method \"bogus\" | line 5 of configuration file \"" + file + "\"",
                "end-of-line before role specification | line 6 of configuration file \"" + file + "\"",
                "hostssl record cannot match because SSL is disabled | line 7 of configuration file \"" + file
                        + "\"",
                "authentication option not in name=value format: bogus | line 8 of configuration file \"" + file
                        + "\"");
        assertThat(load.messages().get(5).hint()).isEqualTo("Set ssl = on in postgresql.conf.");
    }

    @Test
    void anEmptyFileIsAnError() throws IOException {
        HbaRules.Load load = load("# nothing\n");
        assertThat(load.ok()).isFalse();
        assertThat(load.messages().get(0).message()).endsWith("contains no entries");
    }

    @Test
    void continuationLinesJoinAndKeepLineNumbers() throws IOException {
        HbaRules rules = rules("local all \\\n  all trust\nhost all all 127.0.0.1/32 md5\n");
        assertThat(rules.match(false, InetAddress.getByName("127.0.0.1"), "d", "u").orElseThrow().lineNumber())
                .isEqualTo(3);
    }

    @Test
    void hostsslMatchesTlsConnectionsAndHostnosslTheOthers() throws IOException {
        Path file = dir.resolve("pg_hba.conf");
        Files.writeString(file, """
                hostssl    all  alice  127.0.0.1/32  cert
                hostssl    all  bob    127.0.0.1/32  trust  clientcert=verify-ca
                hostnossl  all  all    127.0.0.1/32  md5
                host       all  all    127.0.0.1/32  scram-sha-256
                """);
        HbaRules.Load load = HbaRules.load(file, true);
        assertThat(load.ok()).as(load.messages().toString()).isTrue();
        InetAddress local = InetAddress.getByName("127.0.0.1");
        HostBasedAuth.Match cert = load.rules().match(false, true, local, "db", "alice").orElseThrow();
        assertThat(cert.method()).isEqualTo("cert");
        assertThat(cert.clientCert()).as("cert implies verify-full").isEqualTo("verify-full");
        HostBasedAuth.Match verifyCa = load.rules().match(false, true, local, "db", "bob").orElseThrow();
        assertThat(verifyCa.clientCert()).isEqualTo("verify-ca");
        assertThat(load.rules().match(false, false, local, "db", "alice").orElseThrow().method()).isEqualTo("md5");
        assertThat(load.rules().match(false, true, local, "db", "carol").orElseThrow().method())
                .isEqualTo("scram-sha-256");
    }

    @Test
    void clientcertValuesAreCheckedAsHbaDotCDoes() throws IOException {
        Path file = dir.resolve("pg_hba.conf");
        Files.writeString(file, "hostssl all all 127.0.0.1/32 cert clientcert=verify-ca\n");
        HbaRules.Load certWithCa = HbaRules.load(file, true);
        assertThat(certWithCa.ok()).isFalse();
        assertThat(certWithCa.messages().toString())
                .contains("clientcert only accepts \"verify-full\" when using \"cert\" authentication");
        Files.writeString(file, "hostssl all all 127.0.0.1/32 trust clientcert=1\n");
        HbaRules.Load invalid = HbaRules.load(file, true);
        assertThat(invalid.ok()).isFalse();
        assertThat(invalid.messages().toString()).contains("invalid value for clientcert: \"1\"");
    }
}
