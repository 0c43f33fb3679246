package osgres.walreceiver.internal;

import java.io.Closeable;
import java.io.IOException;

/**
 * The byte stream to the primary: a TCP or Unix-domain socket, perhaps under TLS. Every read waits at most its
 * timeout, so the walreceiver's loop can check for signals between reads (PostgreSQL's WaitLatchOrSocket).
 */
interface Transport extends Closeable {
    /** Reads up to {@code length} bytes; returns 0 when none arrived within {@code timeoutMillis}, -1 at EOF. */
    int read(byte[] buffer, int offset, int length, long timeoutMillis) throws IOException;

    /** Writes all of {@code data}. */
    void write(byte[] data) throws IOException;
}
