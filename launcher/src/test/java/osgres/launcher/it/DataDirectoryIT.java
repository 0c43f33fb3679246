package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** initdb and the data directory checks of postgres: messages, exit codes, stale lock files, bad config. */
class DataDirectoryIT {

    @Test
    void initdbRefusesANonEmptyDirectory() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "osgres-it-initdb-");
        try {
            Files.writeString(dir.resolve("something"), "x");
            Cli.Result r = Cli.run(Duration.ofSeconds(60), TestServer.osgres(), "initdb", "-D", dir.toString());
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.stderr()).contains("initdb: error: directory \"" + dir + "\" exists but is not empty");
            try (var files = Files.list(dir)) {
                assertThat(files.count()).isEqualTo(1);
            }
        } finally {
            TestServer.deleteTree(dir);
        }
    }

    @Test
    void initdbCreatesAPrivateDataDirectory() throws Exception {
        try (TestServer server = TestServer.create()) {
            Path d = server.dataDir;
            assertThat(Files.readString(d.resolve("PG_VERSION"))).isEqualTo("15\n");
            assertThat(d.resolve("postgresql.conf")).exists();
            assertThat(d.resolve("pg_hba.conf")).exists();
            assertThat(Files.size(d.resolve("global/pg_control"))).isEqualTo(8192);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(d))).isEqualTo("rwx------");
        }
    }

    /**
     * main.c check_root: as root the server exits 1 with postgres's message, before it looks at the data
     * directory (the other tests start it as the test user, TestServer.asServerUser).
     */
    @Test
    void serverRefusesToRunAsRoot() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Cli.runningAsRoot(), "only root can see the refusal");
        try (TestServer server = TestServer.create()) {
            Cli.Result r = Cli.run(Duration.ofSeconds(60), TestServer.osgres(), "-D", server.dataDir.toString());
            assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
            assertThat(r.stderr()).isEqualTo("\"root\" execution of the PostgreSQL server is not permitted.\n"
                    + "The server must be started under an unprivileged user ID to prevent\n"
                    + "possible system security compromise.  See the documentation for\n"
                    + "more information on how to properly start the server.\n");
            assertThat(server.dataDir.resolve("postmaster.pid")).doesNotExist();
        }
    }

    @Test
    void initdbDefaultsTheSuperuserToTheOsUser() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "osgres-it-initdb-");
        try {
            Cli.Result r = Cli.run(Duration.ofSeconds(60), TestServer.osgres(), "initdb", "-D", dir.toString());
            assertThat(r.exitCode()).as(r.all()).isZero();
            assertThat(r.stdout()).contains("The database superuser is \"" + System.getProperty("user.name") + "\".");
        } finally {
            TestServer.deleteTree(dir);
        }
    }

    @Test
    void missingDirectoryExitsWithTwo() {
        Cli.Result r = Cli.run(Duration.ofSeconds(60), Map.of(), TestServer.asServerUser(
                TestServer.osgresForServerUser(), "-D", "/tmp/osgres-it-does-not-exist"));
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("could not access directory \"/tmp/osgres-it-does-not-exist\": No such file "
                + "or directory");
    }

    @Test
    void wrongPermissionsAreFatal() throws Exception {
        try (TestServer server = TestServer.create()) {
            Files.setPosixFilePermissions(server.dataDir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Cli.Result r = Cli.run(Duration.ofSeconds(60), Map.of(), TestServer.asServerUser(
                    TestServer.osgresForServerUser(), "-D", server.dataDir.toString()));
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.stderr()).contains("FATAL:  data directory \"" + server.dataDir
                    + "\" has invalid permissions").contains("DETAIL:  Permissions should be u=rwx (0700) or "
                    + "u=rwx,g=rx (0750).");
        }
    }

    @Test
    void notADataDirectoryIsFatal() throws Exception {
        try (TestServer server = TestServer.create()) {
            Files.delete(server.dataDir.resolve("PG_VERSION"));
            Cli.Result r = Cli.run(Duration.ofSeconds(60), Map.of(), TestServer.asServerUser(
                    TestServer.osgresForServerUser(), "-D", server.dataDir.toString()));
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.stderr()).contains("FATAL:  \"" + server.dataDir + "\" is not a valid data directory");
        }
    }

    @Test
    void staleLockFileIsReplaced() throws Exception {
        try (TestServer server = TestServer.create()) {
            Process gone = new ProcessBuilder("true").start();
            gone.waitFor();
            Files.writeString(server.dataDir.resolve("postmaster.pid"), gone.pid() + "\n" + server.dataDir
                    + "\n0\n" + server.port + "\n\n");
            server.start();
            assertThat(server.pidFileLine(1)).isEqualTo(Long.toString(server.pid()));
        }
    }

    @Test
    void brokenConfigurationAtStartIsFatalWithFileAndLine() throws Exception {
        try (TestServer server = TestServer.create()) {
            server.appendConfig("work_mem = = 3");
            int lines = Files.readAllLines(server.dataDir.resolve("postgresql.conf")).size();
            Process p = server.launch();
            assertThat(p.waitFor()).isEqualTo(1);
            assertThat(server.log()).contains("syntax error in file \"" + server.dataDir.resolve("postgresql.conf")
                    + "\" line " + lines).contains("FATAL:  configuration file \""
                    + server.dataDir.resolve("postgresql.conf") + "\" contains errors");
            assertThat(server.dataDir.resolve("postmaster.pid")).doesNotExist();
        }
    }

    @Test
    void brokenConfigurationOnReloadKeepsTheOldValues() throws Exception {
        try (TestServer server = TestServer.create("work_mem = '2MB'").start()) {
            server.appendConfig("work_mem = '16MB'", "this is not valid");
            server.signal("HUP");
            server.awaitLog("contains errors; no changes were applied", Duration.ofSeconds(30));
            Cli.Result show = Cli.psql(Duration.ofSeconds(30), "127.0.0.1", server.port, "show work_mem");
            assertThat(show.stdout().trim()).isEqualTo("2MB");
        }
    }
}
