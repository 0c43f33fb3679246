package osgres.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * The checks postgres makes on its data directory before it does anything else (SelectConfigFiles and
 * checkDataDir in miscinit.c), with their messages and exit codes: the directory must exist (exit 2), hold
 * postgresql.conf (exit 2), be owned by the server's user and have mode 0700 or 0750, and hold a
 * PG_VERSION saying 15 (FATAL, exit 1). The lock file (postmaster.pid) is the postmaster bundle's business.
 */
final class DataDirectoryCheck {
    static final String MAJOR_VERSION = "15";

    /** A failed check: what to print and the exit code. */
    static final class Failure extends Exception {
        final int exitCode;

        Failure(int exitCode, String message) {
            super(message);
            this.exitCode = exitCode;
        }
    }

    private DataDirectoryCheck() {
    }

    static void check(Path dir) throws Failure {
        if (!Files.isDirectory(dir)) {
            String reason = Files.exists(dir, LinkOption.NOFOLLOW_LINKS) ? "Not a directory"
                    : "No such file or directory";
            System.err.println("postgres: could not access directory \"" + dir + "\": " + reason);
            System.err.println("Run initdb or pg_basebackup to initialize a PostgreSQL data directory.");
            throw new Failure(2, "missing data directory");
        }
        Path conf = dir.resolve("postgresql.conf");
        if (!Files.isRegularFile(conf)) {
            System.err.println("postgres: could not access the server configuration file \"" + conf
                    + "\": No such file or directory");
            throw new Failure(2, "missing postgresql.conf");
        }
        try {
            String owner = Files.getOwner(dir).getName();
            String me = System.getProperty("user.name");
            if (!owner.equals(me)) {
                StartupLog.fatal("data directory \"" + dir + "\" has wrong ownership", null,
                        "The server must be started by the user that owns the data directory.");
                throw new Failure(1, "wrong ownership");
            }
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir);
            Set<PosixFilePermission> allowed = EnumSet.of(PosixFilePermission.OWNER_READ,
                    PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE,
                    PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_EXECUTE);
            boolean ownerFull = perms.containsAll(EnumSet.of(PosixFilePermission.OWNER_READ,
                    PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE));
            boolean groupOk = perms.contains(PosixFilePermission.GROUP_READ)
                    == perms.contains(PosixFilePermission.GROUP_EXECUTE);
            if (!allowed.containsAll(perms) || !ownerFull || !groupOk) {
                StartupLog.fatal("data directory \"" + dir + "\" has invalid permissions",
                        "Permissions should be u=rwx (0700) or u=rwx,g=rx (0750).", null);
                throw new Failure(1, "invalid permissions");
            }
        } catch (IOException e) {
            StartupLog.fatal("could not read permissions of directory \"" + dir + "\": " + e.getMessage(), null, null);
            throw new Failure(1, "unreadable");
        }
        Path versionFile = dir.resolve("PG_VERSION");
        if (!Files.isRegularFile(versionFile)) {
            StartupLog.fatal("\"" + dir + "\" is not a valid data directory",
                    "File \"" + versionFile + "\" is missing.", null);
            throw new Failure(1, "not a data directory");
        }
        String version;
        try {
            version = Files.readString(versionFile).trim();
        } catch (IOException e) {
            StartupLog.fatal("could not open file \"" + versionFile + "\": " + e.getMessage(), null, null);
            throw new Failure(1, "unreadable PG_VERSION");
        }
        if (!version.equals(MAJOR_VERSION)) {
            StartupLog.fatal("database files are incompatible with server",
                    "The data directory was initialized by PostgreSQL version " + version
                            + ", which is not compatible with this version " + Version.SERVER_VERSION + ".", null);
            throw new Failure(1, "incompatible version");
        }
    }
}
