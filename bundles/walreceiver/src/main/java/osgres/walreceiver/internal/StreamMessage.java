package osgres.walreceiver.internal;

import java.nio.ByteBuffer;

/**
 * What the primary sends inside CopyData while streaming (protocol.sgml "Streaming Replication Protocol"):
 * <pre>
 *   'w' XLogData:          Int64 dataStart, Int64 walEnd, Int64 sendTime, then the WAL bytes (25-byte header)
 *   'k' primary keepalive: Int64 walEnd, Int64 sendTime, Byte1 reply requested (18 bytes)
 * </pre>
 * Times are microseconds since 2000-01-01 00:00 UTC.
 */
sealed interface StreamMessage {
    int XLOG_DATA_HEADER = 1 + 8 + 8 + 8;
    int KEEPALIVE_LENGTH = 1 + 8 + 8 + 1;

    /** WAL bytes for positions {@code dataStart} ... {@code dataStart + length}. */
    record XLogData(long dataStart, long walEnd, long sendTime, byte[] buffer, int offset, int length)
            implements StreamMessage {
    }

    record Keepalive(long walEnd, long sendTime, boolean replyRequested) implements StreamMessage {
    }

    /**
     * Parses one CopyData payload (XLogWalRcvProcessMsg); throws {@link InvalidMessage} with walreceiver.c's text
     * for a short message or an unknown type.
     */
    static StreamMessage parse(byte[] payload) throws InvalidMessage {
        if (payload.length == 0) {
            throw new InvalidMessage("invalid replication message type 0");
        }
        ByteBuffer in = ByteBuffer.wrap(payload);
        byte type = in.get();
        return switch (type) {
            case 'w' -> {
                if (payload.length < XLOG_DATA_HEADER) {
                    throw new InvalidMessage("invalid WAL message received from primary");
                }
                long dataStart = in.getLong();
                long walEnd = in.getLong();
                long sendTime = in.getLong();
                yield new XLogData(dataStart, walEnd, sendTime, payload, XLOG_DATA_HEADER,
                        payload.length - XLOG_DATA_HEADER);
            }
            case 'k' -> {
                if (payload.length != KEEPALIVE_LENGTH) {
                    throw new InvalidMessage("invalid keepalive message received from primary");
                }
                yield new Keepalive(in.getLong(), in.getLong(), in.get() != 0);
            }
            default -> throw new InvalidMessage("invalid replication message type " + type);
        };
    }

    /** A CopyData payload walreceiver.c refuses (ERRCODE_PROTOCOL_VIOLATION). */
    final class InvalidMessage extends Exception {
        InvalidMessage(String message) {
            super(message);
        }
    }
}
