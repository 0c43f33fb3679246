package osgres.walreceiver.internal;

/**
 * A failure of the connection to the primary, carrying the text libpq's PQerrorMessage would hold (trailing
 * newline removed, as pchomp does): the walreceiver puts it after its own message, e.g.
 * {@code could not connect to the primary server: %s}.
 */
final class LibpqException extends Exception {
    LibpqException(String message) {
        super(message);
    }
}
