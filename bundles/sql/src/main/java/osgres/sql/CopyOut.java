package osgres.sql;

import java.util.function.Consumer;

/** A running {@code COPY ... TO STDOUT}: CopyOutResponse, one CopyData per row, CopyDone, {@code COPY n}. */
public interface CopyOut {

    boolean binary();

    int columnCount();

    /** Produces every row as one CopyData payload (a text/csv line with its newline). */
    ExecutionResult run(Consumer<byte[]> copyData);
}
