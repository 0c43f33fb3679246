package osgres.backend.internal;

import java.io.EOFException;
import java.io.IOException;

import osgres.api.PgException;
import osgres.api.ServerLog;
import osgres.api.Severity;
import osgres.api.SqlState;
import osgres.sql.CopyIn;
import osgres.sql.CopyOut;
import osgres.sql.ExecutionResult;

/**
 * The COPY sub-protocol of protocol 3.0, the backend's side of {@code COPY ... FROM STDIN} (copyfromparse.c's
 * ReceiveCopyBegin and CopyGetData) and {@code COPY ... TO STDOUT} (copyto.c's SendCopyBegin, CopySendEndOfRow,
 * SendCopyEnd). The SQL engine parses and produces the rows; this class moves the bytes.
 *
 * <pre>
 *   copy-in:  G CopyInResponse, then from the client:
 *             d CopyData   payload handed to {@link CopyIn#data}, as a slice of the read buffer (no copy)
 *             c CopyDone   {@link CopyIn#done} -> the caller sends CommandComplete
 *             f CopyFail   {@link CopyIn#fail} -> ERROR 57014 COPY from stdin failed: ...
 *             H Flush, S Sync   ignored, as PostgreSQL does for clients that send them without noticing COPY
 *             anything else     ERROR 08P01, then FATAL: the message's length word was not read
 *   copy-out: H CopyOutResponse, one d CopyData per row, c CopyDone -> the caller sends CommandComplete
 * </pre>
 * A cancel or terminate is noticed between CopyData messages (CHECK_FOR_INTERRUPTS in CopyGetData). When the
 * backend itself ends a copy-in (an interrupt, a protocol violation, the client gone), it first fails the copy
 * in the engine so that none of its rows can be committed. What happens after an error (end of the simple
 * query, or skip to Sync) is the command loop's, as in postgres.c; CopyData that the client keeps sending
 * after an error is dropped there.
 */
final class CopySubProtocol {

    /** A message type that has no place in a copy-in: the stream cannot be resynchronised (postgres.c). */
    static final class SynchronizationLost extends RuntimeException {
        private final transient PgException error;

        SynchronizationLost(PgException error) {
            super(error.getMessage(), null, false, false);
            this.error = error;
        }

        PgException error() {
            return error;
        }
    }

    private final ProtocolInput in;
    private final ProtocolOutput out;
    private final SessionInterrupts interrupts;

    CopySubProtocol(ProtocolInput in, ProtocolOutput out, SessionInterrupts interrupts) {
        this.in = in;
        this.out = out;
        this.interrupts = interrupts;
    }

    /**
     * Runs a copy-in to its end. Throws PgException for errors (the engine's, CopyFail, interrupts),
     * {@link SynchronizationLost} for a foreign message, and IOException when the client is gone.
     */
    ExecutionResult copyIn(CopyIn copy) throws IOException {
        out.copyResponse('G', copy.binary(), copy.columnCount());
        out.flush();
        in.beginBulk();
        try {
            while (true) {
                int type = in.readByteOrEof();
                if (type < 0) {
                    throw new EOFException();
                }
                int limit = switch (type) {
                    case 'd' -> ProtocolInput.LARGE_MESSAGE_LIMIT;
                    case 'c', 'f', 'H', 'S' -> ProtocolInput.SMALL_MESSAGE_LIMIT;
                    default -> {
                        abort(copy);
                        throw new SynchronizationLost(PgException.error(SqlState.PROTOCOL_VIOLATION,
                                Messages.unexpectedMessageDuringCopy(type)));
                    }
                };
                int length = in.readInt();
                if (length < 4 || length > limit) {
                    ServerLog.log(Severity.LOG, Messages.INVALID_MESSAGE_LENGTH);
                    throw new EOFException();
                }
                switch (type) {
                    case 'd' -> in.consumeBody(length - 4, copy::data);
                    case 'c' -> {
                        in.readBytes(length - 4);
                        checkInterrupts(copy);
                        return copy.done();
                    }
                    case 'f' -> {
                        String message = copyFailMessage(copy, in.readBytes(length - 4));
                        copy.fail(message);
                        // the engine's fail() throws this itself; never let a CopyFail end in success
                        throw PgException.error(SqlState.QUERY_CANCELED, Messages.copyFromStdinFailed(message));
                    }
                    default -> in.readBytes(length - 4);
                }
                checkInterrupts(copy);
            }
        } catch (IOException e) {
            abort(copy);
            throw e;
        } finally {
            in.endBulk();
        }
    }

    /** Runs a copy-out: CopyOutResponse, the rows as CopyData, CopyDone. Errors leave out the CopyDone. */
    ExecutionResult copyOut(CopyOut copy) {
        out.copyResponse('H', copy.binary(), copy.columnCount());
        ExecutionResult result = copy.run(out::copyData);
        out.empty('c');
        return result;
    }

    private static String copyFailMessage(CopyIn copy, byte[] body) {
        try {
            return new MessageBody(body).getString();
        } catch (PgException e) {
            abort(copy);
            throw e;
        }
    }

    private void checkInterrupts(CopyIn copy) {
        try {
            interrupts.check();
        } catch (PgException e) {
            abort(copy);
            throw e;
        }
    }

    /** Fails the copy in the engine (its transaction is then aborted); the engine's own error is not the news. */
    private static void abort(CopyIn copy) {
        try {
            copy.fail(Messages.COPY_ABORTED_BY_BACKEND);
        } catch (PgException e) {
            // expected: fail() always throws
        }
    }
}
