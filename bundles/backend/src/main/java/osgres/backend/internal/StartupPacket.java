package osgres.backend.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import osgres.api.PgException;
import osgres.api.Severity;
import osgres.api.SqlState;

/**
 * The first packet of a connection (postmaster.c ProcessStartupPacket), decoded. The 4-byte length word
 * has been read and checked by the caller; {@link #parse} gets the rest: an int32 code, then the body.
 * <pre>
 *   CancelRequest   int32 16 | int32 80877102 (1234.5678) | int32 pid | int32 secret key
 *   SSLRequest      int32 8  | int32 80877103 (1234.5679)
 *   GSSENCRequest   int32 8  | int32 80877104 (1234.5680)
 *   StartupMessage  int32 n  | int32 196608 (3.0)   | (name\0 value\0)* \0     (the \0 is the last byte)
 * </pre>
 * Known names: {@code user} (required), {@code database} (defaults to the user), {@code options}
 * (command-line switches), {@code replication}; names starting {@code _pq_.} are protocol options
 * (none is recognized); every other name is a GUC applied after authentication. User and database names
 * are cut to 63 bytes (NAMEDATALEN - 1). Errors here are FATAL and are sent to the client.
 */
sealed interface StartupPacket {
    int CANCEL_REQUEST_CODE = (1234 << 16) | 5678;
    int SSL_REQUEST_CODE = (1234 << 16) | 5679;
    int GSS_REQUEST_CODE = (1234 << 16) | 5680;
    int MAX_LENGTH = 10000;
    int NAME_DATA_LENGTH = 64;

    record CancelRequest(int pid, int key) implements StartupPacket {
    }

    record SslRequest() implements StartupPacket {
    }

    record GssEncRequest() implements StartupPacket {
    }

    /** A cancel packet of the wrong size: logged as an invalid length, nothing is sent. */
    record InvalidCancelLength() implements StartupPacket {
    }

    /**
     * @param gucs                  other parameters in packet order, name then value
     * @param applicationName       the {@code application_name} parameter, null if absent
     * @param replication           {@code replication} was true or {@code database}
     * @param unrecognizedOptions   {@code _pq_.} names, to list in NegotiateProtocolVersion
     */
    record StartupMessage(int protocol, String user, String database, String options, boolean replication,
                          List<Map.Entry<String, String>> gucs, String applicationName,
                          List<String> unrecognizedOptions) implements StartupPacket {

        int minorVersion() {
            return protocol & 0xffff;
        }

        /** PostgreSQL answers NegotiateProtocolVersion for a newer minor version or any unknown option. */
        boolean needsNegotiation() {
            return minorVersion() > 0 || !unrecognizedOptions.isEmpty();
        }
    }

    /** The protocol version is not 3.x: protocol 2 clients must get the old error format. */
    record UnsupportedProtocol(int major, int minor) implements StartupPacket {

        PgException error() {
            return fatal(SqlState.FEATURE_NOT_SUPPORTED, Messages.unsupportedProtocol(major, minor));
        }
    }

    /**
     * Decodes the packet after the length word. {@code sslDone} / {@code gssDone}: that negotiation was
     * already answered, so a second request is read as an (unsupported) protocol version, as PostgreSQL does.
     */
    static StartupPacket parse(byte[] packet, boolean sslDone, boolean gssDone) {
        int code = readInt(packet, 0);
        if (code == CANCEL_REQUEST_CODE) {
            return packet.length == 12 ? new CancelRequest(readInt(packet, 4), readInt(packet, 8))
                    : new InvalidCancelLength();
        }
        if (code == SSL_REQUEST_CODE && !sslDone) {
            return new SslRequest();
        }
        if (code == GSS_REQUEST_CODE && !gssDone) {
            return new GssEncRequest();
        }
        int major = code >>> 16;
        int minor = code & 0xffff;
        if (major != 3) {
            return new UnsupportedProtocol(major, minor);
        }
        return parseStartupMessage(code, packet);
    }

    private static StartupMessage parseStartupMessage(int code, byte[] packet) {
        int length = packet.length;
        String user = null;
        String database = null;
        String options = null;
        String applicationName = null;
        boolean replication = false;
        List<Map.Entry<String, String>> gucs = new ArrayList<>();
        List<String> unrecognized = new ArrayList<>();
        int offset = 4;
        while (offset < length) {
            int nameEnd = terminator(packet, offset);
            if (nameEnd == offset) {
                break;
            }
            int valueOffset = nameEnd + 1;
            if (valueOffset >= length) {
                break;
            }
            int valueEnd = terminator(packet, valueOffset);
            String name = text(packet, offset, nameEnd);
            String value = text(packet, valueOffset, valueEnd);
            switch (name) {
                case "database" -> database = value;
                case "user" -> user = value;
                case "options" -> options = value;
                case "replication" -> replication = parseReplication(value);
                default -> {
                    if (name.startsWith("_pq_.")) {
                        unrecognized.add(name);
                    } else {
                        gucs.add(Map.entry(name, value));
                        if (name.equals("application_name")) {
                            applicationName = cleanAscii(value);
                        }
                    }
                }
            }
            offset = valueEnd + 1;
        }
        if (offset != length - 1) {
            throw fatal(SqlState.PROTOCOL_VIOLATION, Messages.STARTUP_PACKET_LAYOUT);
        }
        return new StartupMessage(code, user, database, options, replication, List.copyOf(gucs),
                applicationName, List.copyOf(unrecognized));
    }

    /** Checks the user (FATAL 28000 when missing), defaults the database, cuts both to NAMEDATALEN - 1. */
    static StartupMessage withNames(StartupMessage m) {
        if (m.user() == null || m.user().isEmpty()) {
            throw fatal(SqlState.INVALID_AUTHORIZATION_SPECIFICATION, Messages.NO_USER_NAME);
        }
        String database = m.database() == null || m.database().isEmpty() ? m.user() : m.database();
        return new StartupMessage(m.protocol(), truncateName(m.user()), truncateName(database), m.options(),
                m.replication(), m.gucs(), m.applicationName(), m.unrecognizedOptions());
    }

    /** Cuts to at most 63 bytes of UTF-8 without splitting a character (pg_mbcliplen). */
    static String truncateName(String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < NAME_DATA_LENGTH) {
            return name;
        }
        int end = NAME_DATA_LENGTH - 1;
        while (end > 0 && (bytes[end] & 0xc0) == 0x80) {
            end--;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    /** PostgreSQL's parse_bool (unique prefixes of true/false/yes/no/on/off, 1, 0), plus "database". */
    private static boolean parseReplication(String value) {
        if (value.equals("database")) {
            return true;
        }
        Boolean parsed = parseBool(value);
        if (parsed == null) {
            throw fatal(SqlState.INVALID_PARAMETER_VALUE, Messages.invalidParameterValue("replication", value))
                    .withHint(Messages.REPLICATION_VALUE_HINT);
        }
        return parsed;
    }

    static Boolean parseBool(String value) {
        String v = value.toLowerCase(Locale.ROOT);
        if (v.isEmpty()) {
            return null;
        }
        if ("true".startsWith(v) || "yes".startsWith(v) || v.equals("1") || (v.length() >= 2 && "on".startsWith(v))) {
            return Boolean.TRUE;
        }
        if ("false".startsWith(v) || "no".startsWith(v) || v.equals("0") || (v.length() >= 2 && "off".startsWith(v))) {
            return Boolean.FALSE;
        }
        return null;
    }

    /** pg_clean_ascii: what the log shows of application_name. */
    private static String cleanAscii(String value) {
        StringBuilder out = new StringBuilder(value.length());
        value.chars().forEach(c -> out.append(c < 32 || c > 126 ? '?' : (char) c));
        return out.toString();
    }

    /** Index of the NUL ending the string at {@code from}; the end of the packet counts as one. */
    private static int terminator(byte[] packet, int from) {
        int i = from;
        while (i < packet.length && packet[i] != 0) {
            i++;
        }
        return i;
    }

    private static String text(byte[] packet, int from, int to) {
        return new String(packet, from, to - from, StandardCharsets.UTF_8);
    }

    private static int readInt(byte[] b, int at) {
        return ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
    }

    private static PgException fatal(String sqlState, String message) {
        return new PgException(Severity.FATAL, sqlState, message, null, null, 0);
    }
}
