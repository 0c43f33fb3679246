package osgres.walreceiver.internal;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The walreceiver's connection to the primary: what libpqwalreceiver.c does through libpq, written against the
 * protocol directly. {@link #connect} resolves {@code primary_conninfo} (host lists, Unix sockets, sslmode, the
 * password file), sends the startup packet libpqrcv_connect builds ({@code user}, {@code database=replication},
 * {@code replication=true}, {@code application_name} from the string or the fallback) and authenticates (trust,
 * cleartext, md5, SCRAM-SHA-256); then the replication commands (IDENTIFY_SYSTEM, TIMELINE_HISTORY,
 * START_REPLICATION) run as simple queries, and the CopyBoth stream is read one CopyData at a time.
 *
 * <p>Failures are {@link LibpqException}s holding libpq's texts ({@code connection to server at "h", port p failed:
 * ...}, {@code FATAL:  password authentication failed for user "u"}, {@code server closed the connection
 * unexpectedly ...}); the walreceiver prefixes them with its own message. Every wait lasts at most
 * {@link ChannelTransport#SLICE_MILLIS} before {@code stop} is asked again (true ends it with InterruptedException),
 * and waits for a reply end at {@code replyTimeoutMillis} (0: none) with {@link ReplyTimeout}.
 *
 * <p>Copy state, as libpq tracks it: IDLE --START_REPLICATION/'W'--> COPY_BOTH --'c'--> server done, we may still
 * send --our 'c'--> results --'Z'--> IDLE. A CommandComplete without CopyDone (the primary shutting down) or an
 * error leaves the connection outside COPY, so a later CopyDone fails as libpq's PQputCopyEnd does.
 */
final class ReplicationConnection implements AutoCloseable {
    static final String DEFAULT_PORT = "5432";
    /** osgres's (and many installations') socket directory; libpq's compiled-in default differs per packager. */
    static final String DEFAULT_SOCKET_DIRECTORY = "/tmp";
    static final String SERVER_CLOSED = "server closed the connection unexpectedly\n"
            + "\tThis probably means the server terminated abnormally\n"
            + "\tbefore or while processing the request.";

    private final Transport transport;
    private final MessageReader reader;
    private final BooleanSupplier stop;
    private final long replyTimeoutMillis;
    private final String senderHost;
    private final int senderPort;
    private final String displayConninfo;
    private final Map<String, String> parameters = new LinkedHashMap<>();
    private int backendPid;
    private boolean inCopy;
    private boolean serverCopyDone;
    /** Text libpq would have accumulated after the stream broke (prefixed to "no COPY in progress"). */
    private String brokenText;

    private ReplicationConnection(Transport transport, MessageReader reader, BooleanSupplier stop,
                                  long replyTimeoutMillis, String senderHost, int senderPort,
                                  String displayConninfo) {
        this.transport = transport;
        this.reader = reader;
        this.stop = stop;
        this.replyTimeoutMillis = replyTimeoutMillis;
        this.senderHost = senderHost;
        this.senderPort = senderPort;
        this.displayConninfo = displayConninfo;
    }

    /** The first row of IDENTIFY_SYSTEM: systemid (text), timeline, xlogpos. */
    record Identity(String systemId, int timeline, String xlogpos) {
    }

    /** TIMELINE_HISTORY's row. */
    record TimelineHistory(String fileName, byte[] content) {
    }

    /** A simple query's outcome: the rows (text values, null for NULL) and the last command tag. */
    record QueryResult(List<String> columns, List<byte[][]> rows, String commandTag, boolean copyBoth) {
    }

    /** Waiting for the primary's reply took longer than wal_receiver_timeout. */
    static final class ReplyTimeout extends Exception {
    }

    /**
     * Connects as libpqrcv_connect does: each host of the string in turn (each address of a name), the TCP or
     * socket connect bounded by connect_timeout (none when unset, as libpq), the startup and authentication
     * replies by {@code replyTimeoutMillis} (wal_receiver_timeout; 0: none).
     */
    static ReplicationConnection connect(String conninfoText, String fallbackApplicationName, BooleanSupplier stop,
                                         long replyTimeoutMillis)
            throws LibpqException, InterruptedException, ReplyTimeout {
        ConnInfo conninfo;
        try {
            conninfo = ConnInfoParser.parse(conninfoText);
        } catch (ConnInfoParser.ConnInfoException e) {
            throw new LibpqException(e.getMessage());
        }
        String user = conninfo.get("user", env("PGUSER", System.getProperty("user.name")));
        String sslmode = conninfo.get("sslmode", env("PGSSLMODE", "prefer"));
        if (!List.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full").contains(sslmode)) {
            throw new LibpqException("invalid sslmode value: \"" + sslmode + "\"");
        }
        String[] hosts = conninfo.get("host", env("PGHOST", DEFAULT_SOCKET_DIRECTORY)).split(",", -1);
        String[] ports = conninfo.get("port", env("PGPORT", DEFAULT_PORT)).split(",", -1);
        if (ports.length != 1 && ports.length != hosts.length) {
            throw new LibpqException("could not match " + ports.length + " port numbers to " + hosts.length
                    + " hosts");
        }
        long connectTimeoutMillis = connectTimeoutMillis(conninfo.get("connect_timeout",
                env("PGCONNECT_TIMEOUT", "0")));
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < hosts.length; i++) {
            String host = hosts[i].isEmpty() ? DEFAULT_SOCKET_DIRECTORY : hosts[i];
            String portText = ports.length == 1 ? ports[0] : ports[i];
            portText = portText.isEmpty() ? DEFAULT_PORT : portText;
            int port;
            try {
                port = Integer.parseInt(portText);
                if (port < 1 || port > 65535) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                throw new LibpqException("invalid integer value \"" + portText + "\" for connection option \"port\"");
            }
            Attempt attempt = new Attempt(conninfo, user, host, port, sslmode, fallbackApplicationName, stop,
                    replyTimeoutMillis, connectTimeoutMillis);
            try {
                return attempt.run();
            } catch (LibpqException e) {
                failures.add(e.getMessage());
            }
        }
        throw new LibpqException(String.join("\n", failures));
    }

    private static long connectTimeoutMillis(String text) throws LibpqException {
        try {
            int seconds = Integer.parseInt(text.trim());
            // libpq: a timeout under 2 s is raised to 2 s
            return seconds <= 0 ? 0 : Math.max(2, seconds) * 1000L;
        } catch (NumberFormatException e) {
            throw new LibpqException("invalid integer value \"" + text + "\" for connection option "
                    + "\"connect_timeout\"");
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isEmpty() ? fallback : value;
    }

    /** One host of the list: its addresses in turn, each through the whole startup. */
    private record Attempt(ConnInfo conninfo, String user, String host, int port, String sslmode,
                           String fallbackApplicationName, BooleanSupplier stop, long replyTimeoutMillis,
                           long connectTimeoutMillis) {

        ReplicationConnection run() throws LibpqException, InterruptedException, ReplyTimeout {
            if (host.startsWith("/")) {
                Path socket = Path.of(host, ".s.PGSQL." + port);
                String identity = "connection to server on socket \"" + socket + "\" failed: ";
                return open(UnixDomainSocketAddress.of(socket), identity, true);
            }
            String hostaddr = conninfo.get("hostaddr");
            InetAddress[] addresses;
            try {
                addresses = hostaddr != null && !hostaddr.isEmpty()
                        ? new InetAddress[] {InetAddress.getByName(hostaddr)} : InetAddress.getAllByName(host);
            } catch (UnknownHostException e) {
                throw new LibpqException("could not translate host name \"" + host
                        + "\" to address: Name or service not known");
            }
            List<String> failures = new ArrayList<>();
            for (InetAddress address : addresses) {
                String shown = address.getHostAddress();
                String identity = host.equals(shown)
                        ? "connection to server at \"" + host + "\", port " + port + " failed: "
                        : "connection to server at \"" + host + "\" (" + shown + "), port " + port + " failed: ";
                try {
                    return open(new InetSocketAddress(address, port), identity, false);
                } catch (LibpqException e) {
                    failures.add(e.getMessage());
                }
            }
            throw new LibpqException(String.join("\n", failures));
        }

        private ReplicationConnection open(SocketAddress address, String identity, boolean unix)
                throws LibpqException, InterruptedException, ReplyTimeout {
            long deadline = connectTimeoutMillis == 0 ? 0 : System.nanoTime() + connectTimeoutMillis * 1_000_000L;
            ChannelTransport channel;
            try {
                channel = ChannelTransport.connect(address, deadline, stop);
            } catch (ChannelTransport.ConnectTimeout e) {
                throw new LibpqException(identity + "timeout expired");
            } catch (IOException e) {
                throw new LibpqException(identity + socketFailure(e, unix, address));
            }
            Transport transport = channel;
            try {
                MessageReader reader = new MessageReader(transport);
                boolean tryTls = !unix && !sslmode.equals("disable") && !sslmode.equals("allow");
                if (tryTls) {
                    transport.write(FrontendMessages.sslRequest());
                    int answer = awaitByte(reader);
                    if (answer == 'S') {
                        transport = TlsTransport.handshake(channel.detachForTls(), host, port, sslmode,
                                rootCertificate());
                        reader = new MessageReader(transport);
                    } else if (answer == 'N') {
                        if (!sslmode.equals("prefer")) {
                            throw new LibpqException(identity + "server does not support SSL, but SSL was required");
                        }
                    } else {
                        throw new LibpqException(identity + "received invalid response to SSL negotiation: "
                                + (answer < 0 ? "" : (char) answer));
                    }
                }
                Map<String, String> startup = new LinkedHashMap<>();
                startup.put("user", user);
                // libpqwalreceiver: the database is ignored in replication mode, "replication" serves .pgpass
                startup.put("database", "replication");
                startup.put("replication", "true");
                String options = conninfo.get("options");
                if (options != null && !options.isEmpty()) {
                    startup.put("options", options);
                }
                String applicationName = conninfo.get("application_name", fallbackApplicationName);
                if (applicationName != null && !applicationName.isEmpty()) {
                    startup.put("application_name", applicationName);
                }
                transport.write(FrontendMessages.startup(startup));
                ReplicationConnection connection = new ReplicationConnection(transport, reader, stop,
                        replyTimeoutMillis, host, port, display(conninfo, host, port, user, fallbackApplicationName));
                connection.authenticate(new Credentials(conninfo, host, port, user, unix), identity);
                return connection;
            } catch (LibpqException | InterruptedException | ReplyTimeout | RuntimeException e) {
                closeQuietly(transport);
                throw e;
            } catch (EOFException e) {
                closeQuietly(transport);
                throw new LibpqException(identity + SERVER_CLOSED);
            } catch (IOException e) {
                closeQuietly(transport);
                throw new LibpqException(identity + (e.getMessage() == null ? "could not receive data from server"
                        : e.getMessage()));
            }
        }

        /** sslrootcert, PGSSLROOTCERT, or ~/.postgresql/root.crt. */
        private Path rootCertificate() {
            return Path.of(conninfo.get("sslrootcert", env("PGSSLROOTCERT",
                    Path.of(System.getProperty("user.home"), ".postgresql", "root.crt").toString())));
        }

        private int awaitByte(MessageReader reader) throws IOException, InterruptedException, LibpqException {
            long deadline = System.nanoTime() + Math.max(connectTimeoutMillis, 30_000) * 1_000_000L;
            while (true) {
                if (stop.getAsBoolean()) {
                    throw new InterruptedException();
                }
                int b = reader.readSingleByte(ChannelTransport.SLICE_MILLIS);
                if (b != -2) {
                    return b;
                }
                if (System.nanoTime() - deadline >= 0) {
                    throw new LibpqException("timeout expired");
                }
            }
        }
    }

    /** libpq's socket error texts, with its hint lines. */
    private static String socketFailure(IOException e, boolean unix, SocketAddress address) {
        if (unix) {
            Path path = ((UnixDomainSocketAddress) address).getPath();
            String reason = Files.exists(path) ? "Connection refused" : "No such file or directory";
            return reason + "\n\tIs the server running locally and accepting connections on that socket?";
        }
        String reason;
        if (e instanceof ConnectException) {
            reason = "Connection refused";
        } else if (e instanceof NoRouteToHostException) {
            reason = "No route to host";
        } else {
            reason = e.getMessage() == null ? "could not connect" : e.getMessage();
        }
        return reason + "\n\tIs the server running on that host and accepting TCP/IP connections?";
    }

    private static void closeQuietly(Transport transport) {
        try {
            transport.close();
        } catch (IOException ignored) {
            // the connection failed already; its close has nothing to add
        }
    }

    /** The password sources libpq tries in order: the string, PGPASSWORD, the password file. */
    private record Credentials(ConnInfo conninfo, String host, int port, String user, boolean unix) {
        String password() {
            String password = conninfo.get("password");
            if (password != null && !password.isEmpty()) {
                return password;
            }
            password = System.getenv("PGPASSWORD");
            if (password != null && !password.isEmpty()) {
                return password;
            }
            String file = conninfo.get("passfile", env("PGPASSFILE",
                    Path.of(System.getProperty("user.home"), ".pgpass").toString()));
            String pwHost = unix && (host.equals(DEFAULT_SOCKET_DIRECTORY) || host.equals("/var/run/postgresql"))
                    ? "localhost" : host;
            return PgPassFile.lookup(Path.of(file), pwHost, Integer.toString(port), "replication", user);
        }
    }

    /** PQconninfoOptions' order, which PQconninfo and so pg_stat_wal_receiver.conninfo follow. */
    private static final List<String> DISPLAY_ORDER = List.of("service", "user", "password", "passfile",
            "channel_binding", "connect_timeout", "dbname", "host", "hostaddr", "port", "client_encoding", "options",
            "application_name", "fallback_application_name", "keepalives", "keepalives_idle", "keepalives_interval",
            "keepalives_count", "tcp_user_timeout", "sslmode", "sslcompression", "sslcert", "sslkey", "sslpassword",
            "sslrootcert", "sslcrl", "sslcrldir", "sslsni", "requirepeer", "ssl_min_protocol_version",
            "ssl_max_protocol_version", "gssencmode", "krbsrvname", "gsslib", "target_session_attrs");
    /** The defaults libpq fills in and PQconninfo shows. */
    private static final Map<String, String> DISPLAY_DEFAULTS = Map.of("channel_binding", "prefer", "sslmode",
            "prefer", "sslcompression", "0", "sslsni", "1", "ssl_min_protocol_version", "TLSv1.2", "gssencmode",
            "prefer", "krbsrvname", "postgres", "target_session_attrs", "any");

    /**
     * walrcv_get_conninfo: every option in effect in libpq's order, defaults included, the password shown as
     * {@code ********}, as pg_stat_wal_receiver.conninfo shows them (e.g. {@code user=rep password=********
     * channel_binding=prefer dbname=replication host=127.0.0.1 port=5432 fallback_application_name=walreceiver
     * sslmode=prefer ...}).
     */
    static String display(ConnInfo conninfo, String host, int port, String user, String fallbackApplicationName) {
        Map<String, String> effective = new LinkedHashMap<>(DISPLAY_DEFAULTS);
        effective.putAll(conninfo.options());
        effective.put("user", user);
        effective.put("dbname", "replication");
        effective.put("host", host);
        effective.put("port", Integer.toString(port));
        effective.put("fallback_application_name", fallbackApplicationName);
        StringBuilder text = new StringBuilder();
        for (String key : DISPLAY_ORDER) {
            String value = effective.get(key);
            if (value == null || value.isEmpty()) {
                continue;
            }
            if (!text.isEmpty()) {
                text.append(' ');
            }
            boolean secret = key.equals("password") || key.equals("sslpassword");
            text.append(key).append('=').append(secret ? "********" : value);
        }
        return text.toString();
    }

    /** The authentication exchange and the messages up to the first ReadyForQuery (pqConnectPoll). */
    private void authenticate(Credentials credentials, String identity)
            throws IOException, LibpqException, InterruptedException, ReplyTimeout {
        ScramSha256Client scram = null;
        while (true) {
            BackendMessage message = await();
            switch (message.type()) {
                case 'R' -> {
                    int code = message.readInt();
                    switch (code) {
                        case 0 -> {
                            // AuthenticationOk: parameters, BackendKeyData, ReadyForQuery follow
                        }
                        case 3 -> transport.write(FrontendMessages.password(requirePassword(credentials)));
                        case 5 -> {
                            byte[] salt = message.readBytes(4);
                            transport.write(FrontendMessages.password(md5Password(credentials.user(),
                                    requirePassword(credentials), salt)));
                        }
                        case 10 -> {
                            List<String> mechanisms = new ArrayList<>();
                            for (String m = message.readString(); !m.isEmpty(); m = message.readString()) {
                                mechanisms.add(m);
                            }
                            if (!mechanisms.contains(ScramSha256Client.MECHANISM)) {
                                throw new LibpqException(identity
                                        + "none of the server's SASL authentication mechanisms are supported");
                            }
                            // libpq sends an empty user name: the server takes the startup packet's
                            scram = new ScramSha256Client("", requirePassword(credentials));
                            transport.write(FrontendMessages.saslInitialResponse(ScramSha256Client.MECHANISM,
                                    scram.clientFirstMessage().getBytes(StandardCharsets.UTF_8)));
                        }
                        case 11, 12 -> {
                            if (scram == null) {
                                throw new LibpqException(identity + "out of order SASL message");
                            }
                            String data = new String(message.readBytes(message.remaining()),
                                    StandardCharsets.UTF_8);
                            try {
                                if (code == 11) {
                                    transport.write(FrontendMessages.saslResponse(
                                            scram.clientFinalMessage(data).getBytes(StandardCharsets.UTF_8)));
                                } else {
                                    scram.verifyServerFinal(data);
                                }
                            } catch (ScramSha256Client.ScramException e) {
                                throw new LibpqException(identity + e.getMessage());
                            }
                        }
                        default -> throw new LibpqException(identity + "authentication method " + code
                                + " not supported");
                    }
                }
                case 'E' -> throw new LibpqException(identity + ErrorText.format(message));
                case 'S' -> parameters.put(message.readString(), message.readString());
                case 'K' -> backendPid = message.readInt();
                case 'Z' -> {
                    return;
                }
                default -> {
                    // NoticeResponse, NegotiateProtocolVersion: nothing the walreceiver uses
                }
            }
        }
    }

    private String requirePassword(Credentials credentials) throws LibpqException {
        String password = credentials.password();
        if (password == null) {
            throw new LibpqException("fe_sendauth: no password supplied");
        }
        return password;
    }

    /** md5 authentication: "md5" + md5hex(md5hex(password + user) + salt). */
    static String md5Password(String user, String password, byte[] salt) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            String inner = HexFormat.of().formatHex(md5.digest((password + user).getBytes(StandardCharsets.UTF_8)));
            md5.update(inner.getBytes(StandardCharsets.US_ASCII));
            md5.update(salt);
            return "md5" + HexFormat.of().formatHex(md5.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is a required JDK algorithm", e);
        }
    }

    /** The next message, waiting in slices for at most the reply timeout; EOF becomes libpq's text. */
    private BackendMessage await() throws IOException, InterruptedException, ReplyTimeout {
        long deadline = replyTimeoutMillis == 0 ? 0 : System.nanoTime() + replyTimeoutMillis * 1_000_000L;
        while (true) {
            if (stop.getAsBoolean()) {
                throw new InterruptedException();
            }
            BackendMessage message = reader.next(ChannelTransport.SLICE_MILLIS);
            if (message != null) {
                return message;
            }
            if (deadline != 0 && System.nanoTime() - deadline >= 0) {
                throw new ReplyTimeout();
            }
        }
    }

    /**
     * Runs a replication command as a simple query (libpqrcv_PQexec): its rows, or {@code copyBoth} when the server
     * answered CopyBothResponse. An ErrorResponse becomes a LibpqException with libpq's text.
     */
    QueryResult exec(String command) throws LibpqException, InterruptedException, ReplyTimeout {
        try {
            transport.write(FrontendMessages.query(command));
            List<String> columns = new ArrayList<>();
            List<byte[][]> rows = new ArrayList<>();
            String tag = null;
            String error = null;
            while (true) {
                BackendMessage message = await();
                switch (message.type()) {
                    case 'T' -> {
                        columns.clear();
                        rows.clear();
                        int count = message.readShort();
                        for (int i = 0; i < count; i++) {
                            columns.add(message.readString());
                            message.readBytes(18);
                        }
                    }
                    case 'D' -> {
                        int count = message.readShort();
                        byte[][] row = new byte[count][];
                        for (int i = 0; i < count; i++) {
                            int length = message.readInt();
                            row[i] = length < 0 ? null : message.readBytes(length);
                        }
                        rows.add(row);
                    }
                    case 'C' -> tag = message.readString();
                    case 'E' -> error = ErrorText.format(message);
                    case 'W' -> {
                        inCopy = true;
                        serverCopyDone = false;
                        return new QueryResult(columns, rows, tag, true);
                    }
                    case 'Z' -> {
                        if (error != null) {
                            throw new LibpqException(error);
                        }
                        return new QueryResult(columns, rows, tag, false);
                    }
                    case 'S' -> parameters.put(message.readString(), message.readString());
                    default -> {
                        // NoticeResponse and the like
                    }
                }
            }
        } catch (EOFException e) {
            throw new LibpqException(SERVER_CLOSED);
        } catch (IOException e) {
            throw new LibpqException(ioText(e));
        }
    }

    /**
     * One step of the stream (libpqrcv_receive): a CopyData payload, null when nothing arrived within
     * {@code timeoutMillis}, or {@link #END_OF_STREAM} when the primary ended the COPY (CopyDone, or a
     * CommandComplete when it shut down).
     */
    byte[] receive(long timeoutMillis) throws LibpqException {
        try {
            while (true) {
                BackendMessage message = reader.next(timeoutMillis);
                if (message == null) {
                    return null;
                }
                switch (message.type()) {
                    case 'd' -> {
                        return message.readBytes(message.remaining());
                    }
                    case 'c' -> {
                        serverCopyDone = true;
                        return END_OF_STREAM;
                    }
                    case 'C' -> {
                        // the primary left COPY without CopyDone (WalSndDone at its shutdown); libpq then waits
                        // for the next result, which is the connection closing
                        inCopy = false;
                        brokenText = awaitCloseAfterCommandComplete();
                        return END_OF_STREAM;
                    }
                    case 'E' -> {
                        inCopy = false;
                        throw new LibpqException(ErrorText.format(message));
                    }
                    default -> {
                        // ParameterStatus, NoticeResponse: keep reading
                        timeoutMillis = 0;
                    }
                }
            }
        } catch (EOFException e) {
            inCopy = false;
            throw new LibpqException(SERVER_CLOSED);
        } catch (IOException e) {
            inCopy = false;
            throw new LibpqException(ioText(e));
        }
    }

    /** The payload {@link #receive} returns for the end of the stream (compared by identity). */
    static final byte[] END_OF_STREAM = new byte[0];

    private String awaitCloseAfterCommandComplete() {
        long deadline = System.nanoTime() + 5_000_000_000L;
        try {
            while (System.nanoTime() - deadline < 0 && !stop.getAsBoolean()) {
                BackendMessage message = reader.next(ChannelTransport.SLICE_MILLIS);
                if (message == null) {
                    continue;
                }
                if (message.type() == 'E') {
                    return ErrorText.format(message);
                }
                if (message.type() == 'Z') {
                    return null;
                }
            }
            return null;
        } catch (EOFException e) {
            return SERVER_CLOSED;
        } catch (IOException e) {
            return ioText(e);
        }
    }

    /** Sends a CopyData payload (a status update, feedback). */
    void send(byte[] message) throws LibpqException {
        try {
            transport.write(message);
        } catch (IOException e) {
            throw new LibpqException(e instanceof EOFException ? SERVER_CLOSED : ioText(e));
        }
    }

    /**
     * libpqrcv_endstreaming: sends CopyDone, drains the rest of the COPY, reads the optional next-timeline row and
     * the command results; returns the next timeline the primary reported, or 0. Throws with
     * {@code sendFailed} true when even the CopyDone could not be sent.
     */
    int endStreaming() throws EndStreamingException, InterruptedException, ReplyTimeout {
        if (!inCopy) {
            throw new EndStreamingException(true, brokenText == null ? "no COPY in progress"
                    : brokenText + "\nno COPY in progress");
        }
        try {
            transport.write(FrontendMessages.copyDone());
            inCopy = false;
            int nextTli = 0;
            String error = null;
            while (true) {
                BackendMessage message = await();
                switch (message.type()) {
                    case 'd', 'c', 'T', 'C', 'S', 'N' -> {
                        // the rest of the stream and the results' frames
                    }
                    case 'D' -> {
                        message.readShort();
                        int length = message.readInt();
                        if (length > 0) {
                            nextTli = (int) Long.parseLong(new String(message.readBytes(length),
                                    StandardCharsets.US_ASCII));
                        }
                    }
                    case 'E' -> error = ErrorText.format(message);
                    case 'Z' -> {
                        if (error != null) {
                            throw new EndStreamingException(false, error);
                        }
                        return nextTli;
                    }
                    default -> {
                        // nothing else is expected here
                    }
                }
            }
        } catch (EOFException e) {
            throw new EndStreamingException(false, SERVER_CLOSED);
        } catch (IOException e) {
            throw new EndStreamingException(false, ioText(e));
        }
    }

    /** libpqrcv_endstreaming's failures: sending the CopyDone, or reading the results after it. */
    static final class EndStreamingException extends Exception {
        private final boolean sendFailed;

        EndStreamingException(boolean sendFailed, String message) {
            super(message);
            this.sendFailed = sendFailed;
        }

        boolean sendFailed() {
            return sendFailed;
        }
    }

    private static String ioText(IOException e) {
        String message = e.getMessage();
        return message == null || message.isEmpty() ? "could not receive data from server" : message;
    }

    boolean serverCopyDone() {
        return serverCopyDone;
    }

    String senderHost() {
        return senderHost;
    }

    int senderPort() {
        return senderPort;
    }

    String displayConninfo() {
        return displayConninfo;
    }

    int backendPid() {
        return backendPid;
    }

    /** A ParameterStatus value the primary reported (server_version...), or null. */
    String parameter(String name) {
        return parameters.get(name);
    }

    /** PQfinish: Terminate, then close. */
    @Override
    public void close() {
        try {
            transport.write(FrontendMessages.terminate());
        } catch (IOException ignored) {
            // the primary may be gone already
        }
        closeQuietly(transport);
    }
}
