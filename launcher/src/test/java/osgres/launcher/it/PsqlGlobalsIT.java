package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 10: psql's meta-commands over the cluster's shared catalogs where the corpus cannot show them (the corpus
 * compares output that must not depend on the port or the socket directory): {@code \conninfo} over TCP and the
 * Unix socket, and {@code \l} and {@code \du} seeing databases and roles another session creates and drops.
 */
class PsqlGlobalsIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.create().start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void conninfoOverTcpNamesHostAndPort() {
        Cli.Result r = Cli.psql(TIMEOUT, "127.0.0.1", server.port, "\\conninfo");
        assertThat(r.exitCode()).as(r.all() + server.log()).isZero();
        assertThat(r.stdout().trim()).isEqualTo("You are connected to database \"postgres\" as user \"postgres\" on host"
                + " \"127.0.0.1\" at port \"" + server.port + "\".");
    }

    @Test
    void conninfoOverUnixSocketNamesTheDirectory() {
        Cli.Result r = Cli.psql(TIMEOUT, server.socketDir.toString(), server.port, "\\conninfo");
        assertThat(r.exitCode()).as(r.all() + server.log()).isZero();
        assertThat(r.stdout().trim()).isEqualTo("You are connected to database \"postgres\" as user \"postgres\" via"
                + " socket in \"" + server.socketDir + "\" at port \"" + server.port + "\".");
    }

    @Test
    void listSeesDatabasesAndRolesOtherSessionsCreateAndDrop() {
        assertThat(Cli.psql(TIMEOUT, "127.0.0.1", server.port, "create database globals_it").exitCode()).isZero();
        assertThat(Cli.psql(TIMEOUT, "127.0.0.1", server.port, "create role globals_it_role superuser").exitCode())
                .isZero();

        Cli.Result databases = Cli.psql(TIMEOUT, "127.0.0.1", server.port, "\\l globals_it");
        assertThat(databases.exitCode()).as(databases.all()).isZero();
        assertThat(databases.stdout().trim()).isEqualTo("globals_it|postgres|UTF8|C.UTF-8|C.UTF-8||libc|");
        Cli.Result roles = Cli.psql(TIMEOUT, "127.0.0.1", server.port, "\\du globals_it*");
        assertThat(roles.exitCode()).as(roles.all()).isZero();
        assertThat(roles.stdout().trim()).isEqualTo("globals_it_role|Superuser, Cannot login|{}");

        assertThat(Cli.psql(TIMEOUT, "127.0.0.1", server.port, "drop database globals_it").exitCode()).isZero();
        assertThat(Cli.psql(TIMEOUT, "127.0.0.1", server.port, "drop role globals_it_role").exitCode()).isZero();
        assertThat(Cli.psql(TIMEOUT, "127.0.0.1", server.port, "\\l globals_it").stdout().trim()).isEmpty();
        assertThat(Cli.psql(TIMEOUT, "127.0.0.1", server.port, "\\du globals_it*").stdout().trim()).isEmpty();
    }
}
