/*
 * Rows kept in order for reading back by number (PostgreSQL's tuplestore.c, as a cursor's holdStore and a SCROLL
 * cursor's Material node use it): rows stay in memory while they fit in work_mem; the rows after that go to one
 * temporary file (base/pgsql_tmp, TemporaryFiles, in SpillRowFormat) with each row's offset remembered, and are
 * read back by a positional read, so any row can be fetched again in any order.
 *
 *   rows 0 .. inMemory-1            the list, as added
 *   rows inMemory .. size-1         the file: row i at offsets[i - inMemory], offsets[i - inMemory + 1] its end
 *
 * The file belongs to the transaction that wrote it (deleted when it ends, like every temporary file) until
 * {@link #keepPastTransaction()} moves it to the session, for a WITH HOLD cursor after its commit; {@link #close()}
 * deletes it. Used by the session's thread only.
 */
package osgres.sql.internal.exec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import osgres.sql.internal.utils.Messages;
import osgres.sql.internal.utils.TemporaryFiles;

final class TupleStore implements AutoCloseable {
    private final TemporaryFiles files;
    private final long budget;
    private final List<Object[]> memory = new ArrayList<>();
    private long memoryBytes;
    /** Rows written to the file: the start of each, then the end of the last. */
    private long[] offsets = new long[] {0};
    private int spilled;
    private TemporaryFiles.TempFile file;
    private FileChannel reader;
    /** Bytes written since the last flush: a read of the file flushes first. */
    private boolean unflushed;
    /**
     * The last row added, kept as it is: a reader that follows the writer (a CteScan reading a WITH query's rows as
     * they are computed) gets each spilled row without flushing and reading the file back.
     */
    private Object[] last;

    TupleStore(TemporaryFiles files, long budgetBytes) {
        this.files = files;
        this.budget = budgetBytes;
    }

    long size() {
        return memory.size() + (long) spilled;
    }

    void add(Object[] row) {
        last = row;
        if (file == null) {
            long bytes = WorkMem.rowBytes(row);
            if (memoryBytes + bytes <= budget) {
                memory.add(row);
                memoryBytes += bytes;
                return;
            }
        }
        write(row);
    }

    private void write(Object[] row) {
        if (file == null) {
            file = files.create();
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try {
            SpillRowFormat.write(new DataOutputStream(bytes), row);
            bytes.writeTo(file.output());
        } catch (IOException e) {
            throw Messages.couldNotWriteFile(file.name(), e);
        }
        if (spilled + 1 >= offsets.length) {
            offsets = Arrays.copyOf(offsets, offsets.length * 2);
        }
        offsets[spilled + 1] = offsets[spilled] + bytes.size();
        spilled++;
        unflushed = true;
    }

    /** Row {@code index} (0-based, below {@link #size()}). */
    Object[] get(long index) {
        if (index < memory.size()) {
            return memory.get((int) index);
        }
        if (index == size() - 1 && last != null) {
            return last;
        }
        int i = (int) (index - memory.size());
        try {
            if (unflushed) {
                file.output().flush();
                unflushed = false;
            }
            if (reader == null) {
                reader = FileChannel.open(file.path(), StandardOpenOption.READ);
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) (offsets[i + 1] - offsets[i]));
            long position = offsets[i];
            while (buffer.hasRemaining()) {
                int n = reader.read(buffer, position + buffer.position());
                if (n < 0) {
                    throw new IOException("unexpected end of file");
                }
            }
            return SpillRowFormat.read(new DataInputStream(new ByteArrayInputStream(buffer.array())));
        } catch (IOException e) {
            throw Messages.couldNotReadFile(file.name(), e);
        }
    }

    /** The rows outlive the transaction that wrote them (a WITH HOLD cursor's, at its commit). */
    void keepPastTransaction() {
        if (file != null) {
            files.keepPastTransaction(file);
        }
    }

    @Override
    public void close() {
        memory.clear();
        last = null;
        if (reader != null) {
            try {
                reader.close();
            } catch (IOException e) {
                // a read-only channel of a file deleted next
            }
            reader = null;
        }
        if (file != null) {
            file.close();
            file = null;
        }
    }
}
