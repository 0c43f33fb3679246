package osgres.backend.internal;

import java.util.Locale;

/**
 * Every message the backend sends to clients or writes to the server log, in one place so they grep.
 * The texts are PostgreSQL 15's (postmaster.c ProcessStartupPacket, postgres.c, auth.c, postinit.c, pqcomm.c).
 */
final class Messages {

    // Startup packet (postmaster.c ProcessStartupPacket), LOG-only ones first: nothing is sent for them.
    static final String INVALID_STARTUP_PACKET_LENGTH = "invalid length of startup packet";
    static final String INCOMPLETE_STARTUP_PACKET = "incomplete startup packet";
    static final String STARTUP_PACKET_LAYOUT = "invalid startup packet layout: expected terminator as last byte";
    static final String NO_USER_NAME = "no PostgreSQL user name specified in startup packet";
    static final String REPLICATION_VALUE_HINT = "Valid values are: \"false\", 0, \"true\", 1, \"database\".";

    static String unsupportedProtocol(int major, int minor) {
        return "unsupported frontend protocol " + major + "." + minor + ": server supports 3.0 to 3.0";
    }

    static String invalidParameterValue(String name, String value) {
        return "invalid value for parameter \"" + name + "\": \"" + value + "\"";
    }

    // The "options" startup parameter (postgres.c process_postgres_switches).
    static final String TRY_HELP_HINT = "Try \"postgres --help\" for more information.";

    static String invalidCommandLineArgument(String argument) {
        return "invalid command-line argument for server process: " + argument;
    }

    static String optionRequiresValue(String flag, String argument) {
        return flag + (flag.equals("-c") ? " " : "") + argument + " requires a value";
    }

    // Authentication (auth.c ClientAuthentication, auth_failed, recv_password_packet).
    static String noHbaEntry(String host, String user, String database) {
        return noHbaEntry(host, user, database, false);
    }

    /** The last part names the connection's encryption: {@code SSL encryption} or {@code no encryption}. */
    static String noHbaEntry(String host, String user, String database, boolean ssl) {
        return "no pg_hba.conf entry for host \"" + host + "\", user \"" + user + "\", database \"" + database
                + "\", " + encryption(ssl);
    }

    static String noHbaEntryReplication(String host, String user) {
        return noHbaEntryReplication(host, user, false);
    }

    static String noHbaEntryReplication(String host, String user, boolean ssl) {
        return "no pg_hba.conf entry for replication connection from host \"" + host + "\", user \"" + user
                + "\", " + encryption(ssl);
    }

    static String hbaRejects(String host, String user, String database) {
        return hbaRejects(host, user, database, false);
    }

    static String hbaRejects(String host, String user, String database, boolean ssl) {
        return "pg_hba.conf rejects connection for host \"" + host + "\", user \"" + user + "\", database \""
                + database + "\", " + encryption(ssl);
    }

    static String hbaRejectsReplication(String host, String user) {
        return hbaRejectsReplication(host, user, false);
    }

    static String hbaRejectsReplication(String host, String user, boolean ssl) {
        return "pg_hba.conf rejects replication connection for host \"" + host + "\", user \"" + user
                + "\", " + encryption(ssl);
    }

    private static String encryption(boolean ssl) {
        return ssl ? "SSL encryption" : "no encryption";
    }

    /** set_authn_id with log_connections. */
    static String connectionAuthenticated(String identity, String method, String hbaFile, int line) {
        return "connection authenticated: identity=\"" + identity + "\" method=" + method + " (" + hbaFile + ":"
                + line + ")";
    }

    static String passwordFailed(String user) {
        return "password authentication failed for user \"" + user + "\"";
    }

    static String invalidMethodFailed(String user) {
        return "authentication failed for user \"" + user + "\": invalid authentication method";
    }

    static String hbaLineDetail(int line, String rawLine) {
        return "Connection matched pg_hba.conf line " + line + ": \"" + rawLine + "\"";
    }

    static String noPasswordAssigned(String user) {
        return "User \"" + user + "\" has no password assigned.";
    }

    static String passwordMismatch(String user) {
        return "Password does not match for user \"" + user + "\".";
    }

    static String expectedPasswordResponse(int type) {
        return "expected password response, got message type " + type;
    }

    static final String INVALID_PASSWORD_PACKET_SIZE = "invalid password packet size";
    static final String EMPTY_PASSWORD = "empty password returned by client";
    static final String MALFORMED_SCRAM_MESSAGE = "malformed SCRAM message";
    static final String UNSUPPORTED_SASL_MECHANISM = "client selected an invalid SASL authentication mechanism";
    static final String AUTHENTICATION_TIMEOUT = "canceling authentication due to timeout";
    static final String MUST_BE_REPLICATION_ROLE = "must be superuser or replication role to start walsender";
    static final String FASTPATH_IN_WALSENDER = "fastpath function calls not supported in a replication connection";
    static final String EXTENDED_IN_WALSENDER = "extended query protocol not supported in a replication connection";
    static final String SQL_IN_PHYSICAL_WALSENDER = "cannot execute SQL commands in WAL sender for physical replication";

    static String receivedReplicationCommand(String command) {
        return "received replication command: " + command;
    }

    static final String REPLICATION_NOT_SUPPORTED = "replication connections are not supported by this server";

    // InitPostgres (postinit.c).
    // Command loop (postgres.c, pqcomm.c, pqformat.c).
    static String invalidFrontendMessageType(int type) {
        return "invalid frontend message type " + type;
    }

    static final String INVALID_MESSAGE_LENGTH = "invalid message length";
    static final String EOF_IN_LENGTH_WORD = "unexpected EOF within message length word";
    static final String INCOMPLETE_MESSAGE = "incomplete message from client";
    static final String EOF_IN_TRANSACTION = "unexpected EOF on client connection with an open transaction";
    static final String INVALID_MESSAGE_FORMAT = "invalid message format";

    // The COPY sub-protocol (copyfromparse.c CopyGetData, postgres.c's error recovery).
    static String unexpectedMessageDuringCopy(int type) {
        return String.format(Locale.ROOT, "unexpected message type 0x%02X during COPY from stdin", type);
    }

    static String copyFromStdinFailed(String clientMessage) {
        return "COPY from stdin failed: " + clientMessage;
    }

    static final String PROTOCOL_SYNC_LOST = "terminating connection because protocol synchronization was lost";
    /** What the backend tells the SQL engine when it ends a copy-in itself (the client never sees it). */
    static final String COPY_ABORTED_BY_BACKEND = "COPY aborted by the server";
    static final String INVALID_STRING_IN_MESSAGE = "invalid string in message";
    static final String INSUFFICIENT_DATA = "insufficient data left in message";
    static final String CONNECTION_LOST = "connection to client lost";

    static String couldNotSend(String reason) {
        return "could not send data to client: " + reason;
    }

    static String couldNotReceive(String reason) {
        return "could not receive data from client: " + reason;
    }

    // Statement logging (postgres.c exec_simple_query, exec_parse/bind/execute_message, check_log_duration).
    static String statementLogged(String query) {
        return "statement: " + query;
    }

    static String duration(String millis) {
        return "duration: " + millis + " ms";
    }

    /** {@code duration: 0.123 ms  statement: ...}: two spaces, as postgres.c writes it. */
    static String durationOf(String millis, String what) {
        return "duration: " + millis + " ms  " + what;
    }

    static String parseLogged(String statementName, String query) {
        return "parse " + statementLabel(statementName) + ": " + query;
    }

    static String bindLogged(String statementName, String portalName, String query) {
        return "bind " + statementLabel(statementName) + portalLabel(portalName) + ": " + query;
    }

    static String executeLogged(boolean fetch, String statementName, String portalName, String query) {
        return (fetch ? "execute fetch from " : "execute ") + statementLabel(statementName) + portalLabel(portalName)
                + ": " + query;
    }

    static String parametersDetail(String parameters) {
        return "parameters: " + parameters;
    }

    private static String statementLabel(String statementName) {
        return statementName.isEmpty() ? "<unnamed>" : statementName;
    }

    private static String portalLabel(String portalName) {
        return portalName.isEmpty() ? "" : "/" + portalName;
    }

    // osgres's own log lines (no PostgreSQL counterpart).
    /** The client's text for an unexpected exception in the engine (its class and stack are in the log). */
    static final String INTERNAL_ERROR = "internal error in the SQL engine (details are in the server log)";

    static String unexpectedException(String className) {
        return "unexpected exception in the SQL engine: " + className;
    }

    static String reloadFailed(String reason) {
        return "could not apply the reloaded configuration to the session: " + reason;
    }

    static String closeFailed(String reason) {
        return "could not close the SQL session: " + reason;
    }

    static String invalidCloseSubtype(int type) {
        return "invalid CLOSE message subtype " + type;
    }

    static String invalidDescribeSubtype(int type) {
        return "invalid DESCRIBE message subtype " + type;
    }

    static String preparedStatementExists(String name) {
        return "prepared statement \"" + name + "\" already exists";
    }

    static String preparedStatementMissing(String name) {
        return "prepared statement \"" + name + "\" does not exist";
    }

    static final String UNNAMED_STATEMENT_MISSING = "unnamed prepared statement does not exist";

    static String portalMissing(String name) {
        return "portal \"" + name + "\" does not exist";
    }

    static String cursorExists(String name) {
        return "cursor \"" + name + "\" already exists";
    }

    static String bindParameterFormats(int formats, int parameters) {
        return "bind message has " + formats + " parameter formats but " + parameters + " parameters";
    }

    static String bindParameterCount(int supplied, String statement, int required) {
        return "bind message supplies " + supplied + " parameters, but prepared statement \"" + statement
                + "\" requires " + required;
    }

    static final String TRANSACTION_ABORTED =
            "current transaction is aborted, commands ignored until end of transaction block";
    static final String FASTPATH_NOT_SUPPORTED = "fastpath function calls are not supported";
    static final String STACK_DEPTH_EXCEEDED = "stack depth limit exceeded";
    static final String STACK_DEPTH_HINT = "Increase the configuration parameter \"max_stack_depth\" (currently "
            + "2048kB), after ensuring the platform's stack depth limit is adequate.";
    static final String OUT_OF_MEMORY = "out of memory";

    // Interrupts and quickdie (postgres.c ProcessInterrupts, quickdie).
    static final String CANCELED_BY_USER = "canceling statement due to user request";
    static final String RECOVERY_CONFLICT_CANCEL = "canceling statement due to conflict with recovery";
    static final String RECOVERY_CONFLICT_TERMINATE = "terminating connection due to conflict with recovery";
    static final String RECOVERY_CONFLICT_SNAPSHOT_DETAIL = "User query might have needed to see row versions that "
            + "must be removed.";
    static final String RECOVERY_CONFLICT_HINT = "In a moment you should be able to reconnect to the database and "
            + "repeat your command.";
    static final String CANCELED_BY_TIMEOUT = "canceling statement due to statement timeout";
    static final String TERMINATED_BY_ADMIN = "terminating connection due to administrator command";
    static final String QUIT_UNEXPECTED = "terminating connection because of unexpected SIGQUIT signal";
    static final String QUIT_CRASH = "terminating connection because of crash of another server process";
    static final String QUIT_CRASH_DETAIL = "The postmaster has commanded this server process to roll back the "
            + "current transaction and exit, because another server process exited abnormally and possibly "
            + "corrupted shared memory.";
    static final String QUIT_CRASH_HINT =
            "In a moment you should be able to reconnect to the database and repeat your command.";
    static final String QUIT_IMMEDIATE = "terminating connection due to immediate shutdown command";

    // log_connections / log_disconnections (postmaster.c BackendInitialize, postinit.c, postgres.c).
    static String connectionReceived(String host, String port) {
        return port.isEmpty() ? "connection received: host=" + host
                : "connection received: host=" + host + " port=" + port;
    }

    static String connectionAuthorized(String user, String database, String applicationName) {
        return "connection authorized: user=" + user + " database=" + database
                + (applicationName == null ? "" : " application_name=" + applicationName);
    }

    /** postinit.c PerformAuthentication's addition for an encrypted connection. */
    static String sslEnabled(String protocol, String cipher, int bits) {
        return " SSL enabled (protocol=" + protocol + ", cipher=" + cipher + ", bits=" + bits + ")";
    }

    static String replicationConnectionAuthorized(String user, String applicationName) {
        return "replication connection authorized: user=" + user
                + (applicationName == null ? "" : " application_name=" + applicationName);
    }

    static String disconnection(long elapsedMillis, String user, String database, String host, String port) {
        long seconds = elapsedMillis / 1000;
        return String.format(Locale.ROOT, "disconnection: session time: %d:%02d:%02d.%03d "
                        + "user=%s database=%s host=%s%s", seconds / 3600, (seconds / 60) % 60, seconds % 60,
                elapsedMillis % 1000, user, database, host, port.isEmpty() ? "" : " port=" + port);
    }

    private Messages() {
    }

    // TLS (be-secure-openssl.c be_tls_init / be_tls_open_server, be-secure-common.c, postmaster.c, auth.c).
    static final String TLS_NOT_RELOADED = "SSL configuration was not reloaded";
    static final String TLS_PROTOCOL_RANGE = "could not set SSL protocol version range";
    static final String TLS_NO_VALID_CIPHERS = "could not set the cipher list (no valid ciphers available)";
    static final String TLS_KEY_ACCESS_DETAIL = "File must have permissions u=rw (0600) or less if owned by the "
            + "database user, or permissions u=rw,g=r (0640) or less if owned by root.";
    static final String UNENCRYPTED_AFTER_SSL_REQUEST = "received unencrypted data after SSL request";
    static final String UNENCRYPTED_AFTER_SSL_REQUEST_DETAIL = "This could be either a client-software bug or "
            + "evidence of an attempted man-in-the-middle attack.";
    static final String TLS_ACCEPT_EOF = "could not accept SSL connection: EOF detected";
    static final String CLIENT_CERT_NO_ROOT_STORE =
            "client certificates can only be checked if a root certificate store is available";
    static final String CLIENT_CERT_REQUIRED = "connection requires a valid client certificate";

    static String tlsCreateContext(String reason) {
        return "could not create SSL context: " + reason;
    }

    static String tlsCertificateFile(String file, String reason) {
        return "could not load server certificate file \"" + file + "\": " + reason;
    }

    static String tlsKeyFile(String file, String reason) {
        return "could not load private key file \"" + file + "\": " + reason;
    }

    static String tlsKeyNeedsPassphrase(String file) {
        return "private key file \"" + file + "\" cannot be reloaded because it requires a passphrase";
    }

    static String tlsCommandNotExecuted(String command, String reason) {
        return "could not execute command \"" + command + "\": " + reason;
    }

    static String tlsCommandNotRead(String command, String reason) {
        return "could not read from command \"" + command + "\": " + reason;
    }

    static String tlsCommandFailed(String command) {
        return "command \"" + command + "\" failed";
    }

    static String tlsKeyMismatch(String reason) {
        return "check of private key failed: " + reason;
    }

    static String tlsRootCertificateFile(String file, String reason) {
        return "could not load root certificate file \"" + file + "\": " + reason;
    }

    static String tlsCrlFile(String file, String reason) {
        return "could not load SSL certificate revocation list file \"" + file + "\": " + reason;
    }

    static String tlsProtocolRangeDetail(String min, String max) {
        return "\"" + min + "\" cannot be higher than \"" + max + "\"";
    }

    static String tlsKeyAccessFailed(String file, String reason) {
        return "could not access private key file \"" + file + "\": " + reason;
    }

    static String tlsKeyNotRegular(String file) {
        return "private key file \"" + file + "\" is not a regular file";
    }

    static String tlsKeyOwner(String file) {
        return "private key file \"" + file + "\" must be owned by the database user or root";
    }

    static String tlsKeyAccess(String file) {
        return "private key file \"" + file + "\" has group or world access";
    }

    static String tlsAcceptFailed(String reason) {
        return "could not accept SSL connection: " + reason;
    }

    static String tlsProtocolHint(String min, String max) {
        return "This may indicate that the client does not support any SSL protocol version between " + min
                + " and " + max + ".";
    }

    static String tlsError(String reason) {
        return "SSL error: " + reason;
    }

    static String certificateFailed(String user) {
        return "certificate authentication failed for user \"" + user + "\"";
    }

    static String certificateNoUserName(String user) {
        return "certificate authentication failed for user \"" + user
                + "\": client certificate contains no user name";
    }

    static String verifyFullCnMismatch(String user) {
        return "certificate validation (clientcert=verify-full) failed for user \"" + user + "\": CN mismatch";
    }

    static String trustFailed(String user) {
        return "\"trust\" authentication failed for user \"" + user + "\"";
    }

    static String userNameMismatch(String role, String authenticated) {
        return "provided user name (" + role + ") and authenticated user name (" + authenticated + ") do not match";
    }
}
