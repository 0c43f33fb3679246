package osgres.backend.internal;

import java.io.IOException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;

/**
 * The system's reason for a failed socket read or write, as PostgreSQL's {@code %m} prints it
 * ({@code could not send data to client: Broken pipe}). The JDK's IOException texts are close to strerror's but
 * not always ("Connection reset" without "by peer") and a closed channel has no message at all: a client must
 * never see Java's text or "null". What a message cannot be matched to gets the usual reason for its direction
 * (EPIPE when sending, ECONNRESET when receiving).
 */
final class SocketErrors {

    private SocketErrors() {
    }

    /** For {@code could not send data to client: %m}. */
    static String sendReason(IOException e) {
        return reason(e, "Broken pipe");
    }

    /** For {@code could not receive data from client: %m}. */
    static String receiveReason(IOException e) {
        return reason(e, "Connection reset by peer");
    }

    private static String reason(IOException e, String fallback) {
        if (e instanceof AsynchronousCloseException || e instanceof ClosedChannelException) {
            return fallback;
        }
        String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
        if (message.contains("broken pipe")) {
            return "Broken pipe";
        }
        if (message.contains("reset")) {
            return "Connection reset by peer";
        }
        if (message.contains("timed out")) {
            return "Connection timed out";
        }
        if (message.contains("no route to host")) {
            return "No route to host";
        }
        if (message.contains("network is unreachable")) {
            return "Network is unreachable";
        }
        return fallback;
    }
}
