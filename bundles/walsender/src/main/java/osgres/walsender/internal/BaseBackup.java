package osgres.walsender.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;

import osgres.api.PgException;
import osgres.api.ReplicationConnection;
import osgres.api.ReplicationConnection.ResultColumn;
import osgres.api.Severity;
import osgres.api.SqlState;
import osgres.storage.ReplicationSource;

/**
 * BASE_BACKUP in PostgreSQL 15's syntax and framing (backup/basebackup.c, basebackup_copy.c, backup_manifest.c,
 * port/tar.c): a checkpoint, the start row, the tablespace list (only the base directory), one CopyOut stream
 * carrying {@code base.tar} (backup_label first, then the data directory with PostgreSQL's exclusions, each
 * directory before its contents, global/pg_control last, with {@code WAL} the segments from the start to the end
 * of the backup), progress reports, then the backup manifest (CRC32C per file, the WAL range, SHA-256 of the
 * manifest), CopyDone and the end row. Files are read once, as they are while the server runs: the size in a
 * file's tar header is its size when it was looked at, a file that shrank meanwhile is padded with zeros, one
 * that went away is left out. Replaying the WAL from the start row's LSN to the end row's makes the copy
 * consistent (every page changed meanwhile has a full-page image in that WAL).
 *
 * <p>Not done: tablespaces (osgres has none), server-side targets and
 * compression (0A000), VERIFY_CHECKSUMS (osgres pages carry no checksums).
 */
final class BaseBackup {
    private static final int CHUNK = 32 * 1024;
    private static final long PROGRESS_BYTES = 64 * 1024;
    private static final long PROGRESS_MILLIS = 1000;
    private static final long SEGMENT = 16L << 20;
    private static final int MAX_LABEL = 1024;
    private static final DateTimeFormatter MANIFEST_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'GMT'",
            Locale.ROOT).withZone(ZoneId.of("UTC"));
    /** excludeDirContents: sent as empty directories. */
    private static final Set<String> EMPTY_DIRECTORIES = Set.of("pg_stat_tmp", "pg_replslot", "pg_dynshmem",
            "pg_notify", "pg_serial", "pg_snapshots", "pg_subtrans");
    /** excludeFiles: exact names, and prefixes for the relation cache init files. */
    private static final Set<String> EXCLUDED_FILES = Set.of("postgresql.auto.conf.tmp", "current_logfiles.tmp",
            "backup_label", "tablespace_map", "backup_manifest", "postmaster.pid", "postmaster.opts",
            // osgres's own runtime files: the shell's socket (osgres shell -D) lives as long as the server
            ".osgres_shell");

    /** The options of BASE_BACKUP after parse_basebackup_options. */
    /** {@code maxRateKb}: MAX_RATE in kB/s, 0 for no limit. */
    record Options(String label, boolean progress, boolean fast, boolean wal, boolean waitForArchive,
                   boolean tablespaceMap, String manifest, String manifestChecksums, boolean checksums,
                   long maxRateKb) {
    }

    private final ReplicationConnection connection;
    private final ReplicationSource source;
    private final Path dataDirectory;
    private final Options options;
    private final StringBuilder manifest = new StringBuilder();
    private boolean firstManifestFile = true;
    private final byte[] chunk = new byte[CHUNK + 1];
    private int chunkLength;
    private long bytesDone;
    private long bytesAtLastCheck;
    private long lastProgressMillis;

    BaseBackup(ReplicationConnection connection, ReplicationSource source, Path dataDirectory, Options options) {
        this.connection = connection;
        this.source = source;
        this.dataDirectory = dataDirectory;
        this.options = options;
        chunk[0] = 'd';
    }

    /** parse_basebackup_options: 42601 for a duplicate or unknown option, 22023 for a bad value. */
    static Options parse(List<ReplicationCommand.Option> given) {
        java.util.Map<String, String> seen = new java.util.HashMap<>();
        for (ReplicationCommand.Option option : given) {
            if (seen.containsKey(option.name())) {
                throw PgException.error(SqlState.SYNTAX_ERROR, "duplicate option \"" + option.name() + "\"");
            }
            seen.put(option.name(), option.value());
        }
        String label = "base backup";
        boolean progress = false;
        boolean fast = false;
        boolean wal = false;
        boolean wait = true;
        boolean tablespaceMap = false;
        String manifest = "no";
        String manifestChecksums = "CRC32C";
        boolean checksumsGiven = false;
        boolean targetDetail = false;
        String target = null;
        boolean compressionDetail = false;
        boolean checksums = true;
        long maxRateKb = 0;
        for (ReplicationCommand.Option option : given) {
            String value = option.value();
            switch (option.name()) {
                case "label" -> {
                    label = value == null ? "" : value;
                    if (label.getBytes(StandardCharsets.UTF_8).length > MAX_LABEL) {
                        throw PgException.error(SqlState.INVALID_PARAMETER_VALUE,
                                "backup label too long (max " + MAX_LABEL + " bytes)");
                    }
                }
                case "progress" -> progress = option.asBoolean();
                case "checkpoint" -> {
                    String kind = value == null ? "" : value;
                    if (kind.equalsIgnoreCase("fast")) {
                        fast = true;
                    } else if (!kind.equalsIgnoreCase("spread")) {
                        throw PgException.error(SqlState.SYNTAX_ERROR, "unrecognized checkpoint type: \"" + kind
                                + "\"");
                    }
                }
                case "wal" -> wal = option.asBoolean();
                case "wait" -> wait = option.asBoolean();
                case "max_rate" -> maxRateKb = maxRate(value);
                case "tablespace_map" -> tablespaceMap = option.asBoolean();
                case "verify_checksums" -> checksums = option.asBoolean();
                case "manifest" -> {
                    String m = value == null ? "" : value.toLowerCase(Locale.ROOT);
                    manifest = switch (m) {
                        case "yes", "true", "on", "1", "t", "y" -> "yes";
                        case "no", "false", "off", "0", "f", "n" -> "no";
                        case "force-encode" -> "force-encode";
                        default -> throw PgException.error(SqlState.SYNTAX_ERROR,
                                "unrecognized manifest option: \"" + value + "\"");
                    };
                }
                case "manifest_checksums" -> {
                    String algorithm = value == null ? "" : value.toUpperCase(Locale.ROOT);
                    if (!FileChecksum.ALGORITHMS.contains(algorithm)) {
                        throw PgException.error(SqlState.SYNTAX_ERROR,
                                "unrecognized checksum algorithm: \"" + value + "\"");
                    }
                    manifestChecksums = algorithm;
                    checksumsGiven = true;
                }
                case "target" -> target = value == null ? "" : value;
                case "target_detail" -> targetDetail = true;
                case "compression" -> {
                    if (value != null && !value.equals("none")) {
                        throw PgException.error(SqlState.FEATURE_NOT_SUPPORTED,
                                "compression algorithm \"" + value + "\" is not supported by this server");
                    }
                }
                case "compression_detail" -> compressionDetail = true;
                default -> throw PgException.error(SqlState.SYNTAX_ERROR,
                        "unrecognized base backup option: \"" + option.name() + "\"");
            }
        }
        if (manifest.equals("no") && checksumsGiven) {
            throw PgException.error(SqlState.SYNTAX_ERROR, "manifest checksums require a backup manifest");
        }
        if (target == null && targetDetail) {
            throw PgException.error(SqlState.SYNTAX_ERROR, "target detail cannot be used without target");
        }
        if ("client".equals(target) && targetDetail) {
            throw PgException.error(SqlState.SYNTAX_ERROR, "target \"client\" does not accept a target detail");
        }
        if (target != null && !target.equals("client")) {
            throw PgException.error(SqlState.FEATURE_NOT_SUPPORTED,
                    "backup target \"" + target + "\" is not supported by this server");
        }
        if (compressionDetail && !seen.containsKey("compression")) {
            throw PgException.error(SqlState.SYNTAX_ERROR,
                    "compression detail cannot be specified unless compression is enabled");
        }
        return new Options(label, progress, fast, wal, wait, tablespaceMap, manifest, manifestChecksums, checksums,
                maxRateKb);
    }

    private static long maxRate(String value) {
        long rate;
        try {
            rate = Long.parseLong(value == null ? "" : value);
        } catch (NumberFormatException e) {
            throw PgException.error(SqlState.SYNTAX_ERROR, "max_rate requires a numeric value");
        }
        if (rate != 0 && (rate < 32 || rate > 1048576)) {
            throw PgException.error(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, rate + " is outside the valid range for "
                    + "parameter \"max_rate\" (32 .. 1048576)");
        }
        return rate;
    }


    /** perform_base_backup. */
    void run() throws IOException {
        ReplicationSource.BackupStart start = source.startBackup(options.fast());
        Instant startTime = Instant.now();
        String label = start.labelFile(options.label(), startTime);
        long estimate = options.progress() ? directorySize(dataDirectory) + label.length() : -1;

        sendRecPtrRow(start.startLsn(), start.timeline());
        connection.rowDescription(List.of(new ResultColumn("spcoid", 26, (short) 4, 0),
                new ResultColumn("spclocation", WalSenderSessionImpl.TEXT, (short) -1, 0),
                new ResultColumn("size", WalSenderSessionImpl.INT8, (short) 8, 0)));
        connection.dataRow(null, null, estimate < 0 ? null : Long.toString(estimate / 1024));
        connection.commandComplete("SELECT");
        connection.copyResponse('H');

        if (!options.manifest().equals("no")) {
            manifest.append("{ \"PostgreSQL-Backup-Manifest-Version\": 1,\n\"Files\": [");
        }
        connection.copyData(archiveHeader("base.tar"));
        sendBytes("backup_label", label.getBytes(StandardCharsets.UTF_8), startTime, 0600);
        if (options.tablespaceMap()) {
            sendBytes("tablespace_map", new byte[0], startTime, 0600);
        }
        sendDirectory(dataDirectory, "");
        Path control = dataDirectory.resolve("global").resolve("pg_control");
        sendFile(control, "global/pg_control");

        long end = source.stopBackup(start.startLsn());
        if (options.waitForArchive()) {
            // do_pg_backup_stop: with archiving on, wait until the archive has every segment up to the end
            boolean archived = source.awaitArchived(end, connection::checkForInterrupts, seconds -> connection.notice(
                    new PgException(Severity.WARNING, SqlState.SUCCESSFUL_COMPLETION, "still waiting for all "
                            + "required WAL segments to be archived (" + seconds + " seconds elapsed)", null,
                            "Check that your archive_command is executing properly.  You can safely cancel this "
                            + "backup, but the database backup will not be usable without all the WAL segments.",
                            0)));
            connection.notice(new PgException(Severity.NOTICE, SqlState.SUCCESSFUL_COMPLETION, archived
                    ? "all required WAL segments have been archived"
                    : "WAL archiving is not enabled; you must ensure that all required WAL segments are copied "
                    + "through other means to complete the backup", null, null, 0));
        }
        if (options.wal()) {
            sendWal(start.startLsn(), end, start.timeline());
        }
        // the tar trailer: two zero blocks
        append(new byte[1024], 0, 1024);
        flushChunk();
        progress(true);
        if (!options.manifest().equals("no")) {
            sendManifest(start.startLsn(), end, start.timeline());
        }
        connection.copyDone();
        sendRecPtrRow(end, start.timeline());
    }

    /** SendXlogRecPtrResult: recptr (text) and tli (int8 with typlen -1, as PostgreSQL sends it). */
    private void sendRecPtrRow(long lsn, int timeline) {
        connection.rowDescription(List.of(new ResultColumn("recptr", WalSenderSessionImpl.TEXT, (short) -1, 0),
                new ResultColumn("tli", WalSenderSessionImpl.INT8, (short) -1, 0)));
        connection.dataRow(Lsn.format(lsn), Integer.toString(timeline));
        connection.commandComplete("SELECT");
    }

    private static byte[] archiveHeader(String name) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        byte[] message = new byte[n.length + 3];
        message[0] = 'n';
        System.arraycopy(n, 0, message, 1, n.length);
        return message; // name, NUL, then an empty spclocation and its NUL
    }

    /** sendDir: every entry in name order, directories before their contents. */
    private void sendDirectory(Path dir, String relative) throws IOException {
        TreeMap<String, Path> entries = new TreeMap<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path p : stream) {
                entries.put(p.getFileName().toString(), p);
            }
        } catch (NoSuchFileException e) {
            return;
        }
        for (var entry : entries.entrySet()) {
            connection.checkForInterrupts();
            String name = entry.getKey();
            Path path = entry.getValue();
            String tarName = relative.isEmpty() ? name : relative + "/" + name;
            if (name.startsWith("pgsql_tmp") || name.equals(".DS_Store") || EXCLUDED_FILES.contains(name)
                    || name.startsWith("pg_internal.init") || tarName.equals("global/pg_control")) {
                continue;
            }
            PosixFileAttributes attributes;
            try {
                attributes = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                continue; // went away while we looked
            }
            if (relative.isEmpty() && EMPTY_DIRECTORIES.contains(name) && attributes.isDirectory()) {
                directoryHeader(tarName, attributes);
                continue;
            }
            if (tarName.equals("pg_wal")) {
                directoryHeader(tarName, attributes);
                directoryHeader("./pg_wal/archive_status", attributes);
                continue;
            }
            if (attributes.isDirectory()) {
                directoryHeader(tarName, attributes);
                sendDirectory(path, tarName);
            } else if (attributes.isRegularFile()) {
                sendFile(path, tarName);
            } else {
                connection.notice(new PgException(Severity.WARNING, SqlState.WARNING,
                        "skipping special file \"./" + tarName + "\"", null, null, 0));
            }
        }
    }

    private void directoryHeader(String name, PosixFileAttributes attributes) {
        byte[] header = TarHeader.directory(name, mode(attributes), attributes.lastModifiedTime().toInstant());
        append(header, 0, header.length);
    }

    /** sendFile: header with the size seen now, that many bytes (zeros where the file shrank), padding. */
    private void sendFile(Path path, String tarName) throws IOException {
        PosixFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return;
        }
        long size = attributes.size();
        Instant modified = attributes.lastModifiedTime().toInstant();
        InputStream in;
        try {
            in = Files.newInputStream(path);
        } catch (NoSuchFileException e) {
            return;
        }
        byte[] header = TarHeader.file(tarName, mode(attributes), size, modified);
        append(header, 0, header.length);
        FileChecksum crc = FileChecksum.of(options.manifestChecksums());
        byte[] buffer = new byte[CHUNK];
        long remaining = size;
        try (in) {
            while (remaining > 0) {
                int want = (int) Math.min(buffer.length, remaining);
                int n = in.readNBytes(buffer, 0, want);
                if (n < want) {
                    java.util.Arrays.fill(buffer, n, want, (byte) 0);
                    n = want;
                }
                crc.update(buffer, 0, n);
                append(buffer, 0, n);
                remaining -= n;
                connection.checkForInterrupts();
            }
        }
        pad(size);
        addToManifest(tarName, size, modified, crc);
    }

    private void sendBytes(String tarName, byte[] content, Instant modified, int mode) {
        byte[] header = TarHeader.file(tarName, mode, content.length, modified);
        append(header, 0, header.length);
        append(content, 0, content.length);
        pad(content.length);
        FileChecksum crc = FileChecksum.of(options.manifestChecksums());
        crc.update(content, 0, content.length);
        addToManifest(tarName, content.length, modified, crc);
    }

    /** WAL option (-X fetch): the segments from the start's to the end's, each with its archive_status .done. */
    private void sendWal(long startLsn, long endLsn, int timeline) throws IOException {
        Path pgWal = dataDirectory.resolve("pg_wal");
        for (long segno = startLsn / SEGMENT; segno <= (endLsn - 1) / SEGMENT; segno++) {
            String name = Lsn.segmentFileName(timeline, segno * SEGMENT);
            Path segment = pgWal.resolve(name);
            if (!Files.exists(segment)) {
                throw PgException.error(SqlState.UNDEFINED_FILE, "could not find WAL file \"" + name + "\"");
            }
            Instant now = Instant.now();
            byte[] header = TarHeader.file("pg_wal/" + name, 0600, SEGMENT, now);
            append(header, 0, header.length);
            byte[] buffer = new byte[CHUNK];
            for (long offset = 0; offset < SEGMENT; offset += CHUNK) {
                int n = source.readWal(segno * SEGMENT + offset, buffer, 0, CHUNK);
                java.util.Arrays.fill(buffer, n, CHUNK, (byte) 0);
                append(buffer, 0, CHUNK);
            }
            byte[] done = TarHeader.file("pg_wal/archive_status/" + name + ".done", 0600, 0, now);
            append(done, 0, done.length);
        }
    }

    private void pad(long size) {
        int padding = (int) ((512 - size % 512) % 512);
        append(new byte[padding], 0, padding);
    }

    private static int mode(PosixFileAttributes attributes) {
        int mode = 0;
        for (PosixFilePermission p : attributes.permissions()) {
            mode |= switch (p) {
                case OWNER_READ -> 0400;
                case OWNER_WRITE -> 0200;
                case OWNER_EXECUTE -> 0100;
                case GROUP_READ -> 040;
                case GROUP_WRITE -> 020;
                case GROUP_EXECUTE -> 010;
                case OTHERS_READ -> 04;
                case OTHERS_WRITE -> 02;
                case OTHERS_EXECUTE -> 01;
            };
        }
        return mode;
    }

    /** Archive bytes go out as CopyData messages of 'd' and at most 32 kB, with progress reports between. */
    private void append(byte[] data, int offset, int length) {
        while (length > 0) {
            int n = Math.min(length, CHUNK - chunkLength);
            System.arraycopy(data, offset, chunk, 1 + chunkLength, n);
            chunkLength += n;
            offset += n;
            length -= n;
            bytesDone += n;
            if (chunkLength == CHUNK) {
                flushChunk();
                progress(false);
            }
        }
    }

    private void flushChunk() {
        if (chunkLength > 0) {
            connection.copyData(java.util.Arrays.copyOf(chunk, chunkLength + 1));
            throttle(chunkLength);
            chunkLength = 0;
        }
    }

    /**
     * basebackup_throttle.c: with MAX_RATE, every eighth of a second's worth of bytes the sender sleeps until that
     * much time has passed since the last sample; checked for interrupts, so a cancel or terminate ends it.
     */
    private void throttle(int sent) {
        if (options.maxRateKb() == 0) {
            return;
        }
        long sample = options.maxRateKb() * 1024 / THROTTLING_FREQUENCY;
        if (throttleStartNanos == 0) {
            throttleStartNanos = System.nanoTime();
        }
        throttledBytes += sent;
        while (throttledBytes >= sample) {
            throttledBytes -= sample;
            long due = throttleStartNanos + 1_000_000_000L / THROTTLING_FREQUENCY;
            long wait = due - System.nanoTime();
            while (wait > 0) {
                try {
                    connection.flush();
                } catch (IOException e) {
                    throw connection.endSession();
                }
                java.util.concurrent.locks.LockSupport.parkNanos(Math.min(wait, 100_000_000L));
                connection.checkForInterrupts();
                wait = due - System.nanoTime();
            }
            throttleStartNanos = Math.max(due, System.nanoTime() - 1_000_000_000L / THROTTLING_FREQUENCY);
        }
    }

    /** How many throttling samples per second (THROTTLING_FREQUENCY). */
    private static final int THROTTLING_FREQUENCY = 8;
    private long throttleStartNanos;
    private long throttledBytes;

    /** A 'p' message at most once a second, after at least 64 kB (and always at the end of the archive). */
    private void progress(boolean force) {
        long now = System.currentTimeMillis();
        if (!force) {
            if (bytesDone - bytesAtLastCheck < PROGRESS_BYTES) {
                return;
            }
            bytesAtLastCheck = bytesDone;
            if (now - lastProgressMillis < PROGRESS_MILLIS && now >= lastProgressMillis) {
                return;
            }
        }
        lastProgressMillis = now;
        byte[] message = java.nio.ByteBuffer.allocate(9).put((byte) 'p').putLong(bytesDone).array();
        connection.copyData(message);
        try {
            connection.flush();
        } catch (IOException e) {
            throw connection.endSession();
        }
    }

    private void addToManifest(String path, long size, Instant modified, FileChecksum checksum) {
        if (options.manifest().equals("no")) {
            return;
        }
        manifest.append(firstManifestFile ? "\n" : ",\n");
        firstManifestFile = false;
        if (options.manifest().equals("force-encode")) {
            manifest.append("{ \"Encoded-Path\": \"").append(hex(path.getBytes(StandardCharsets.UTF_8)))
                    .append("\", ");
        } else {
            manifest.append("{ \"Path\": ").append(json(path)).append(", ");
        }
        manifest.append("\"Size\": ").append(size).append(", \"Last-Modified\": \"")
                .append(MANIFEST_TIME.format(modified)).append('"');
        byte[] digest = checksum.finish();
        if (digest != null) {
            manifest.append(", \"Checksum-Algorithm\": \"").append(checksum.name()).append("\", \"Checksum\": \"")
                    .append(hex(digest)).append('"');
        }
        manifest.append(" }");
    }

    /** The manifest's end: the WAL range, then the SHA-256 of everything before the checksum line. */
    private void sendManifest(long startLsn, long endLsn, int timeline) throws IOException {
        manifest.append("\n],\n\"WAL-Ranges\": [\n{ \"Timeline\": ").append(timeline).append(", \"Start-LSN\": \"")
                .append(Lsn.format(startLsn)).append("\", \"End-LSN\": \"").append(Lsn.format(endLsn))
                .append("\" }\n],\n");
        byte[] body = manifest.toString().getBytes(StandardCharsets.UTF_8);
        byte[] digest;
        try {
            digest = java.security.MessageDigest.getInstance("SHA-256").digest(body);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] tail = ("\"Manifest-Checksum\": \"" + hex(digest) + "\"}\n").getBytes(StandardCharsets.UTF_8);
        connection.copyData(new byte[] {'m'});
        byte[] all = new byte[body.length + tail.length];
        System.arraycopy(body, 0, all, 0, body.length);
        System.arraycopy(tail, 0, all, body.length, tail.length);
        for (int offset = 0; offset < all.length; offset += CHUNK) {
            int n = Math.min(CHUNK, all.length - offset);
            byte[] message = new byte[n + 1];
            message[0] = 'd';
            System.arraycopy(all, offset, message, 1, n);
            connection.copyData(message);
        }
        connection.flush();
    }

    private static long directorySize(Path root) {
        try (var walk = Files.walk(root)) {
            return walk.filter(p -> !p.startsWith(root.resolve("pg_wal"))).mapToLong(p -> {
                try {
                    return Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) ? Files.size(p) : 0;
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }

    private static String hex(byte[] bytes) {
        StringBuilder s = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) {
            s.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return s.toString();
    }

    /** escape_json. */
    private static String json(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < ' ') {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
