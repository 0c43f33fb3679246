/*
 * One backend's temporary files (PostgreSQL's fd.c OpenTemporaryFile / FileClose and the resource-owner cleanup
 * at transaction end): files named base/pgsql_tmp/pgsql_tmp<pid>.<n> (osgres.api.PgTempFiles) that a sort or
 * a hash aggregate spills to. Each file is written once, sequentially, then read back; closing it deletes it,
 * reports it to the server log when log_temp_files allows (PostgreSQL's "temporary file: path ..., size ..."
 * line) and returns its bytes to temp_file_limit's account. {@link #closeAll()} deletes whatever is still open:
 * the session calls it when a statement fails and when a transaction ends, so a cancelled, timed-out or failed
 * statement leaves nothing behind; files a dead server left are removed at the next start (PgTempFiles.removeAll).
 * Used by the session's own thread only. Does not buffer reads beyond a java.io buffer and does not share files
 * between backends (PostgreSQL's SharedFileSet for parallel workers has no counterpart).
 */
package osgres.sql.internal.utils;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;

import osgres.api.PgTempFiles;
import osgres.api.ServerLog;
import osgres.api.Severity;
import osgres.storage.BufferUsage;

public final class TemporaryFiles {
    private final Path dataDirectory;
    private final long pid;
    /** log_temp_files in kB: -1 logs nothing, 0 every file, n files of at least n kB. */
    private final LongSupplier logTempFilesKb;
    /** temp_file_limit in kB, -1 for none: the bytes this backend may hold in temporary files at once. */
    private final LongSupplier tempFileLimitKb;
    private final Set<TempFile> open = new LinkedHashSet<>();
    /** Files kept past the transaction that wrote them (a WITH HOLD cursor's rows): closed by their owner. */
    private final Set<TempFile> held = new LinkedHashSet<>();
    /** fd.c's tempFileCounter: numbers the files of this backend. */
    private long counter;
    /** fd.c's temporary_files_size: bytes in this backend's temporary files now. */
    private long bytesInUse;

    public TemporaryFiles(Path dataDirectory, long pid, LongSupplier logTempFilesKb, LongSupplier tempFileLimitKb) {
        this.dataDirectory = dataDirectory;
        this.pid = pid;
        this.logTempFilesKb = logTempFilesKb;
        this.tempFileLimitKb = tempFileLimitKb;
    }

    /** A new, empty temporary file, open for writing (OpenTemporaryFile). */
    public TempFile create() {
        Path dir = PgTempFiles.directory(dataDirectory);
        String name = PgTempFiles.fileName(pid, counter++);
        Path path = dir.resolve(name);
        try {
            Files.createDirectories(dir);
            OutputStream out = Files.newOutputStream(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            TempFile file = new TempFile(path, PgTempFiles.DIRECTORY + "/" + name, out);
            open.add(file);
            return file;
        } catch (IOException e) {
            throw Messages.couldNotCreateTemporaryFile(PgTempFiles.DIRECTORY + "/" + name, e);
        }
    }

    /** How many temporary files this backend has created (fd.c's tempFileCounter). */
    public long created() {
        return counter;
    }

    /** How many temporary files are open now. */
    public int openCount() {
        return open.size();
    }

    /**
     * The file outlives the transaction that wrote it ({@link #closeAll()} leaves it; PostgreSQL's interXact files
     * of a held portal's tuplestore): its owner closes it, at the latest when the session ends.
     */
    public void keepPastTransaction(TempFile file) {
        if (open.remove(file)) {
            held.add(file);
        }
    }

    /** Deletes every file still open but those kept past their transaction (end of transaction, a failed statement). */
    public void closeAll() {
        if (open.isEmpty()) {
            return;
        }
        for (TempFile file : new ArrayList<>(open)) {
            file.close();
        }
    }

    /**
     * One temporary file: {@link #output()} until {@link #finishWriting()}, then {@link #input()} (sequential,
     * from the start), then {@link #close()}, which deletes it. Safe to close more than once.
     */
    public final class TempFile implements AutoCloseable {
        private static final int BUFFER = 64 * 1024;
        private final Path path;
        private final String logPath;
        private DataOutputStream output;
        private final List<InputStream> inputs = new ArrayList<>(1);
        private long size;
        private boolean closed;

        private TempFile(Path path, String logPath, OutputStream out) {
            this.path = path;
            this.logPath = logPath;
            this.output = new DataOutputStream(new BufferedOutputStream(new Accounted(out), BUFFER));
        }

        public Path path() {
            return path;
        }

        /** The path relative to the data directory, as messages and the server log show it. */
        public String name() {
            return logPath;
        }

        public long size() {
            return size;
        }

        public DataOutputStream output() {
            if (output == null) {
                throw new IllegalStateException("temporary file " + logPath + " is no longer written");
            }
            return output;
        }

        public void finishWriting() {
            try {
                output.close();
            } catch (IOException e) {
                throw Messages.couldNotWriteFile(logPath, e);
            } catch (UncheckedIOException e) {
                throw Messages.couldNotWriteFile(logPath, e.getCause());
            }
            output = null;
            BufferUsage.count(BufferUsage.Counter.TEMP_WRITTEN, blocks());
        }

        /** The file's size in BufFile blocks (8 kB), as EXPLAIN (BUFFERS) counts temp blocks. */
        private long blocks() {
            return (size + 8191) / 8192;
        }

        /** A reader from the first byte, buffered with {@code bufferSize} bytes. */
        public DataInputStream input(int bufferSize) {
            try {
                InputStream in = new BufferedInputStream(Files.newInputStream(path), bufferSize);
                inputs.add(in);
                BufferUsage.count(BufferUsage.Counter.TEMP_READ, blocks()); // read through once, from the start
                return new DataInputStream(in);
            } catch (IOException e) {
                throw Messages.couldNotOpenTemporaryFile(logPath, e);
            }
        }

        /** FileClose of a temporary file: unlink, log_temp_files, and out of the backend's account. */
        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            open.remove(this);
            held.remove(this);
            try {
                if (output != null) {
                    output.close();
                }
            } catch (IOException | RuntimeException e) {
                // the file is deleted next; a failed flush of it does not matter
            }
            for (InputStream in : inputs) {
                try {
                    in.close();
                } catch (IOException e) {
                    // read-only stream of a file being deleted
                }
            }
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                ServerLog.log(Severity.LOG, "could not unlink file \"" + logPath + "\": " + e.getMessage());
            }
            bytesInUse -= size;
            long threshold = logTempFilesKb.getAsLong();
            if (threshold >= 0 && size / 1024 >= threshold) {
                // ReportTemporaryFileUsage
                ServerLog.log(Severity.LOG, "temporary file: path \"" + logPath + "\", size " + size);
            }
        }

        /** Counts bytes as they reach the file and enforces temp_file_limit (fd.c FileWrite). */
        private final class Accounted extends FilterOutputStream {
            Accounted(OutputStream out) {
                super(out);
            }

            @Override
            public void write(int b) throws IOException {
                account(1);
                out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                account(len);
                out.write(b, off, len);
            }

            private void account(long n) {
                long limit = tempFileLimitKb.getAsLong();
                if (limit >= 0 && bytesInUse + n > limit * 1024) {
                    throw Messages.tempFileLimitExceeded(limit);
                }
                size += n;
                bytesInUse += n;
            }
        }
    }
}
