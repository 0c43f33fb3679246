package osgres.sql;

/**
 * A running {@code COPY ... FROM STDIN}. The backend answers with CopyInResponse ({@link #binary()},
 * {@link #columnCount()}), then hands over each CopyData payload (rows may span payloads) and ends with
 * {@link #done()} on CopyDone or {@link #fail(String)} on CopyFail.
 */
public interface CopyIn {

    boolean binary();

    int columnCount();

    /** One CopyData payload; errors in the data (22P02, 23505, 22P04 ...) are thrown as PgException. */
    void data(byte[] buffer, int offset, int length);

    /** CopyDone: finishes the last row; the result's tag is {@code COPY n}. */
    ExecutionResult done();

    /** CopyFail: throws ERROR 57014 {@code COPY from stdin failed: <message>}. */
    void fail(String message);
}
