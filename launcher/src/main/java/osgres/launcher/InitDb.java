package osgres.launcher;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * {@code osgres initdb -D DIR}: creates a data directory as PostgreSQL's initdb does, in the layout
 * osgres uses: PG_VERSION, postgresql.conf and pg_hba.conf copied from the distribution's templates
 * ({@code conf/postgresql.conf.sample}, {@code conf/pg_hba.conf.sample}), an empty postgresql.auto.conf,
 * {@code global/pg_control}, and the empty {@code base/}, {@code pg_wal/}, {@code pg_xact/} directories,
 * all mode 0700 / 0600. A non-empty directory is refused with initdb's message, exit code 1, untouched.
 * The bootstrap superuser ({@code -U NAME}, default the OS user running initdb) is written to
 * {@code global/osgres_superuser}; the storage engine creates it in pg_authid (oid 10) at the first start, as
 * PostgreSQL's initdb hands the name to its bootstrap backend.
 */
final class InitDb {
    /** pg_control's state for a cleanly shut down cluster (DB_SHUTDOWNED in pg_control.h). */
    private static final int DB_SHUTDOWNED = 1;
    private static final int PG_CONTROL_VERSION = 1300;
    private static final int CATALOG_VERSION = 202209061;
    private static final long FIRST_NORMAL_XID = 3;
    private static final long FIRST_NORMAL_OID = 16384;
    private static final String[] DIRECTORIES = {"global", "base", "base/1", "base/5", "pg_wal", "pg_xact",
        "pg_tblspc", "pg_stat", "pg_logical", "pg_notify", "pg_snapshots", "pg_subtrans", "pg_twophase",
        "pg_replslot", "pg_serial", "pg_dynshmem", "pg_commit_ts", "pg_multixact", "pg_stat_tmp"};

    private InitDb() {
    }

    static int run(Path home, List<String> args) {
        Path dir = null;
        // as PostgreSQL's initdb: the bootstrap superuser is named after the OS user running initdb unless -U says
        String superuser = System.getProperty("user.name");
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if ((arg.equals("-D") || arg.equals("--pgdata")) && i + 1 < args.size()) {
                dir = Path.of(args.get(++i));
            } else if (arg.startsWith("--pgdata=")) {
                dir = Path.of(arg.substring("--pgdata=".length()));
            } else if ((arg.equals("-U") || arg.equals("--username")) && i + 1 < args.size()) {
                superuser = args.get(++i);
            } else if (arg.startsWith("-D") && arg.length() > 2) {
                dir = Path.of(arg.substring(2));
            } else {
                System.err.println("initdb: error: invalid argument \"" + arg + "\"");
                System.err.println("initdb: hint: Try \"osgres initdb --help\" for more information.");
                return 1;
            }
        }
        if (dir == null) {
            String env = System.getenv("PGDATA");
            if (env == null || env.isEmpty()) {
                System.err.println("initdb: error: no data directory specified");
                System.err.println("initdb: hint: You must identify the directory where the data for this database "
                        + "system will reside.  Do this with either the invocation option -D or the environment "
                        + "variable PGDATA.");
                return 1;
            }
            dir = Path.of(env);
        }
        dir = dir.toAbsolutePath().normalize();
        try {
            boolean existed = Files.isDirectory(dir);
            if (existed) {
                try (var entries = Files.list(dir)) {
                    if (entries.findAny().isPresent()) {
                        System.err.println("initdb: error: directory \"" + dir + "\" exists but is not empty");
                        System.err.println("initdb: hint: If you want to create a new database system, either remove "
                                + "or empty the directory \"" + dir + "\" or run initdb with an argument other than \""
                                + dir + "\".");
                        return 1;
                    }
                }
            }
            System.out.println("The files belonging to this database system will be owned by user \""
                    + System.getProperty("user.name") + "\".");
            System.out.println("This user must also own the server process.");
            System.out.println();
            System.out.println("The database superuser is \"" + superuser + "\".");
            System.out.println("The default database encoding has been set to \"UTF8\".");
            System.out.println();
            if (existed) {
                System.out.print("fixing permissions on existing directory " + dir + " ... ");
            } else {
                System.out.print("creating directory " + dir + " ... ");
            }
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            System.out.println("ok");
            System.out.print("creating subdirectories ... ");
            for (String sub : DIRECTORIES) {
                Path p = Files.createDirectories(dir.resolve(sub));
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
            }
            System.out.println("ok");
            System.out.print("creating configuration files ... ");
            writeFile(dir.resolve("PG_VERSION"), (DataDirectoryCheck.MAJOR_VERSION + "\n").getBytes());
            writeFile(dir.resolve("postgresql.conf"), Files.readAllBytes(home.resolve("conf/postgresql.conf.sample")));
            writeFile(dir.resolve("pg_hba.conf"), Files.readAllBytes(home.resolve("conf/pg_hba.conf.sample")));
            writeFile(dir.resolve("pg_ident.conf"), "# PostgreSQL User Name Maps\n".getBytes());
            writeFile(dir.resolve("postgresql.auto.conf"),
                    "# Do not edit this file manually!\n# It will be overwritten by the ALTER SYSTEM command.\n"
                            .getBytes());
            System.out.println("ok");
            System.out.print("writing control file ... ");
            writeFile(dir.resolve("global/pg_control"), controlFile());
            Files.writeString(dir.resolve("global/osgres_superuser"), superuser + "\n");
            System.out.println("ok");
            System.out.println();
            System.out.println("Success. You can now start the database server using:");
            System.out.println();
            System.out.println("    " + home.resolve("bin/osgres") + " -D " + dir);
            System.out.println();
            return 0;
        } catch (IOException e) {
            System.err.println("initdb: error: could not create data directory \"" + dir + "\": " + e.getMessage());
            return 1;
        }
    }

    private static void writeFile(Path path, byte[] content) throws IOException {
        Files.write(path, content);
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
    }

    /**
     * The initial control file, in PostgreSQL 15's layout of ControlFileData (pg_control.h, x86-64, little-endian;
     * the storage engine's {@code osgres.storage.internal.control.ControlFile} reads and rewrites it, and
     * {@code pg_controldata} prints it): shut down, no checkpoint yet (checkPoint 0: the server writes the first
     * at its first start), timeline 1, initdb's first counters, PostgreSQL's default settings and build constants,
     * a random system identifier and mock authentication nonce; the CRC-32C of bytes 0..287 at byte 288. The file
     * is padded to 8192 bytes as PG's is.
     */
    static byte[] controlFile() {
        ByteBuffer buf = ByteBuffer.allocate(8192).order(ByteOrder.LITTLE_ENDIAN);
        long now = Instant.now().getEpochSecond();
        SecureRandom random = new SecureRandom();
        long systemId = (now << 32) | (random.nextInt() & 0xFFFFFFFFL);
        buf.putLong(0, systemId);
        buf.putInt(8, PG_CONTROL_VERSION);
        buf.putInt(12, CATALOG_VERSION);
        buf.putInt(16, DB_SHUTDOWNED);
        buf.putLong(24, now);
        buf.putInt(48, 1); // checkPointCopy: ThisTimeLineID, PrevTimeLineID, fullPageWrites
        buf.putInt(52, 1);
        buf.put(56, (byte) 1);
        buf.putLong(64, FIRST_NORMAL_XID);
        buf.putInt(72, (int) FIRST_NORMAL_OID);
        buf.putInt(76, 1); // nextMulti, nextMultiOffset 0, oldestXid, its database, oldestMulti, its database
        buf.putInt(84, (int) FIRST_NORMAL_XID);
        buf.putInt(88, 1);
        buf.putInt(92, 1);
        buf.putInt(96, 1);
        buf.putLong(104, now);
        buf.putInt(120, (int) FIRST_NORMAL_XID); // oldestActiveXid
        buf.putLong(128, 1000); // unloggedLSN
        // wal_level replica, wal_log_hints off, max_connections, max_worker_processes, max_wal_senders,
        // max_prepared_transactions, max_locks_per_transaction, track_commit_timestamp off
        buf.putInt(172, 1);
        buf.putInt(180, 100);
        buf.putInt(184, 8);
        buf.putInt(188, 10);
        buf.putInt(192, 0);
        buf.putInt(196, 64);
        // maxAlign, floatFormat, BLCKSZ, RELSEG_SIZE, XLOG_BLCKSZ, wal_segment_size, NAMEDATALEN, INDEX_MAX_KEYS,
        // TOAST_MAX_CHUNK_SIZE, LOBLKSIZE, float8ByVal, data_checksum_version 0
        buf.putInt(204, 8);
        buf.putDouble(208, 1234567.0);
        buf.putInt(216, 8192);
        buf.putInt(220, 131072);
        buf.putInt(224, 8192);
        buf.putInt(228, 16 * 1024 * 1024);
        buf.putInt(232, 64);
        buf.putInt(236, 32);
        buf.putInt(240, 1996);
        buf.putInt(244, 2048);
        buf.put(248, (byte) 1);
        byte[] nonce = new byte[32];
        random.nextBytes(nonce);
        buf.put(256, nonce);
        CRC32C crc = new CRC32C();
        crc.update(buf.array(), 0, 288);
        buf.putInt(288, (int) crc.getValue());
        return buf.array();
    }
}
