package osgres.backend.internal;

import java.io.EOFException;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import osgres.api.BackendEnvironment;
import osgres.api.BackendSession;
import osgres.api.ChildKind;
import osgres.api.ClientConnection;
import osgres.api.PgException;
import osgres.api.ProcSignal;
import osgres.api.QuitReason;
import osgres.api.ServerLog;
import osgres.api.ServerTls;
import osgres.api.Settings;
import osgres.api.Severity;
import osgres.api.SqlState;
import osgres.api.TlsServerContext;
import osgres.api.WalSender;
import osgres.api.WalSenderSession;
import osgres.sql.CopyIn;
import osgres.sql.CopyOut;
import osgres.sql.ExecutionResult;
import osgres.sql.Portal;
import osgres.sql.SessionSetup;
import osgres.sql.SqlEngine;
import osgres.sql.SqlSession;
import osgres.sql.Statement;
import osgres.sql.StatementLogging;

/**
 * One client session: the body of a backend child, PostgreSQL's BackendInitialize + InitPostgres +
 * PostgresMain (postmaster.c, postinit.c, tcop/postgres.c) speaking protocol 3.0.
 *
 * <p>{@link #run()}: startup packet (an SSLRequest on TCP with {@code ssl = on} answered {@code S} and a TLS
 * handshake ({@link TlsConnection}), after which everything is encrypted; otherwise SSL and GSS requests answered
 * {@code N}; cancel requests passed to the postmaster), the postmaster's refusal if any, a connection slot,
 * pg_hba.conf and authentication ({@link ClientAuthentication}), the database check, the SQL session with the
 * packet's settings, the greeting, then the command loop: simple query, extended query (named and unnamed
 * statements and portals, skip-to-Sync after an error), the COPY sub-protocol in both ({@link CopySubProtocol}),
 * Flush, Sync, Close, Terminate. Output is buffered and written at
 * ReadyForQuery, Flush, and before blocking for input (see {@link ProtocolOutput}). Exit: Terminate or end of
 * input returns normally (exit 0); a FATAL is sent, logged, then rethrown (exit 1).
 *
 * <p>Signals ({@link #signal}) arrive on other threads and return at once. What they do depends on the phase,
 * which only the session thread changes, under the output lock:
 * <pre>
 *   signal  STARTUP (until the greeting)   IDLE (waiting for a command)        BUSY (working on one)
 *   INT     ignored                        ignored                             cancel: ERROR 57014 at next check
 *   TERM    drop the connection, exit 1    FATAL 57P01 sent now, exit 1        FATAL 57P01 at next check
 *   QUIT    drop the connection            WARNING (quitReason) sent, close    same as IDLE; run() unwinds
 *   HUP     remembered                     settings re-read when the next command arrives (as PostgreSQL)
 * </pre>
 * COPY_IN (a copy-in, mostly waiting for CopyData) answers TERM as IDLE does, since PostgreSQL dies at once
 * when a TERM finds it blocked reading COPY data, and INT as BUSY does (noticed at the next CopyData).
 * Messages for TERM while idle and for QUIT are written by a short-lived virtual thread (bound to this
 * child's pid for the log), under the output lock so they never interleave with the session's own output;
 * it then closes the socket so that the session's blocked read ends. A TERM that finds the session blocked
 * writing to a client that does not read closes the socket after a second, as PostgreSQL gives up sending
 * in ProcessClientWriteInterrupt.
 *
 * <p>Not done: fastpath function calls (ERROR 0A000), walsender (replication connections get FATAL
 * 0A000 after authentication), LISTEN/NOTIFY.
 *
 * <p>Statement logging ({@code log_statement}, {@code log_min_duration_statement}, {@code log_duration}) and the
 * STATEMENT line of errors are {@link StatementLog}'s, called at the start and the successful end of each Query,
 * Parse, Bind and Execute.
 */
final class PostgresSession implements BackendSession {
    private static final int PROTOCOL_3_0 = 3 << 16;
    private static final long TERMINATE_WRITE_GRACE_MILLIS = 1000;
    private static final long SIGNAL_LOCK_WAIT_MILLIS = 1000;
    private static final int DRAIN_LIMIT = 64 * 1024;

    private enum Phase { STARTUP, IDLE, BUSY, COPY_IN, ENDED }

    private final ClientConnection connection;
    private final BackendEnvironment env;
    private final SqlEngine engine;
    private final Settings settings;
    private final ConnectionSettings connectionSettings;
    private final ClientAuthentication authentication;
    private final ServerTls serverTls;
    /** The TLS connection once the handshake succeeded, else null (set once, on the session thread). */
    private volatile TlsConnection tls;
    private final ProtocolOutput out;
    private final ProtocolInput in;
    private final SessionInterrupts interrupts;
    private final CopySubProtocol copyProtocol;
    private final AuthenticationTimer authTimer = new AuthenticationTimer();
    private final String host;
    private final String port;
    private final long startMillis = System.currentTimeMillis();

    private volatile Phase phase = Phase.STARTUP;
    /** ReadyForQuery was sent: the next message read starts a new command cycle. */
    private boolean newCommandCycle = true;
    private volatile boolean reloadPending;
    /** TERM while idle: the FATAL went out from the signalling thread; the session only has to log and exit. */
    private volatile boolean terminatedWhileIdle;
    /** Released once QUIT's warning went out (or could not): the session closes the socket only after that. */
    private final CountDownLatch quitDelivered = new CountDownLatch(1);

    private String user = "";
    private String database = "";
    private boolean startupPacketRead;
    private boolean sessionStarted;
    private SqlSession sqlSession;
    private final Map<String, Statement> statements = new HashMap<>();
    private final Map<String, Portal> portals = new HashMap<>();
    /** The prepared statement each portal was bound from, by portal name (the log's {@code execute S_1/C_1}). */
    private final Map<String, String> portalStatementNames = new HashMap<>();
    /** Portals an Execute already ran: a further Execute is a fetch ({@code execute fetch from}). */
    private final Set<Portal> startedPortals = Collections.newSetFromMap(new IdentityHashMap<>());
    private final StatementLog statementLog = new StatementLog(
            () -> sqlSession == null ? StatementLogging.DEFAULT : sqlSession.statementLogging());
    private boolean ignoreTillSync;
    private String lastQuery = "";
    /** The walsender services as the backend factory holds them (dynamic: none while its bundle is away). */
    private final Supplier<WalSender> walSenders;
    /** Set when this backend became a walsender: replication commands go there, no SQL session exists. */
    private WalSenderSession walSender;
    private boolean walSenderSuperuser;

    PostgresSession(ClientConnection connection, BackendEnvironment env, SqlEngine engine, Settings settings,
                    ConnectionSettings connectionSettings, ClientAuthentication authentication, ServerTls serverTls,
                    Supplier<WalSender> walSenders) {
        this.walSenders = walSenders;
        this.connection = connection;
        this.serverTls = serverTls;
        this.env = env;
        this.engine = engine;
        this.settings = settings;
        this.connectionSettings = connectionSettings;
        this.authentication = authentication;
        this.out = new ProtocolOutput(connection.channel());
        this.in = new ProtocolInput(connection.channel(), this::flushBeforeBlocking);
        this.interrupts = new SessionInterrupts(out);
        this.interrupts.onRecoveryConflict(this::recoveryConflict);
        this.copyProtocol = new CopySubProtocol(in, out, interrupts);
        this.host = NumericHost.of(connection.local(), connection.address());
        this.port = connection.local() ? "" : Integer.toString(connection.remotePort());
    }

    // ------------------------------------------------------------------------------------------------
    // run and its exit contract

    @Override
    public void run() {
        interrupts.bindSessionThread(Thread.currentThread());
        if (!connection.local()) {
            try {
                // the listener sets it too; without it, ReadyForQuery meets the client's delayed ACK
                connection.channel().setOption(StandardSocketOptions.TCP_NODELAY, true);
            } catch (IOException | UnsupportedOperationException e) {
                // an option the socket does not take changes nothing about the protocol
            }
        }
        PgException exitFatal = null;
        try {
            startup();
            if (walSender != null) {
                walSenderLoop();
            } else {
                commandLoop();
            }
        } catch (SessionExit e) {
            exitFatal = e.fatal();
        } catch (IOException e) {
            exitFatal = endAfterInputFailure(e).fatal();
        } catch (RuntimeException | Error e) {
            if (!interrupts.quitPending()) {
                throw e;
            }
        } finally {
            cleanup();
        }
        if (exitFatal != null && !interrupts.quitPending()) {
            throw exitFatal;
        }
    }

    @Override
    public void signal(ProcSignal signal) {
        switch (signal) {
            case INT -> {
                if (phase == Phase.BUSY || phase == Phase.COPY_IN) {
                    interrupts.requestCancel();
                }
            }
            case TERM -> terminate();
            case QUIT -> quickdie();
            case HUP -> reloadPending = true;
            default -> {
                // USR1/USR2 carry nothing for a backend yet; KILL is the postmaster's to handle
            }
        }
    }

    /**
     * RecoveryConflictInterrupt for a snapshot conflict: a running statement is canceled (ERROR 40001); a session
     * idle inside a transaction holds its snapshot until its client acts, so it is ended (FATAL 40001); an idle
     * session outside one holds nothing.
     */
    private void recoveryConflict() {
        Phase now = phase;
        if (now == Phase.BUSY || now == Phase.COPY_IN) {
            interrupts.flagRecoveryConflict();
        } else if (now == Phase.IDLE && sqlSession != null && sqlSession.transactionStatus() != 'I') {
            terminate(new PgException(Severity.FATAL, SqlState.SERIALIZATION_FAILURE,
                    Messages.RECOVERY_CONFLICT_TERMINATE, Messages.RECOVERY_CONFLICT_SNAPSHOT_DETAIL,
                    Messages.RECOVERY_CONFLICT_HINT, 0));
        }
    }

    private void terminate() {
        terminate(terminationFatal());
    }

    private void terminate(PgException fatal) {
        interrupts.requestTerminate();
        Phase now = phase;
        if (now == Phase.STARTUP) {
            deliver(() -> closeChannel());
        } else if (now == Phase.IDLE || now == Phase.COPY_IN) {
            deliver(() -> out.tryWithLock(SIGNAL_LOCK_WAIT_MILLIS, () -> {
                if (phase == Phase.IDLE || phase == Phase.COPY_IN) {
                    terminatedWhileIdle = true;
                    out.report(fatal);
                    out.flush();
                    out.close();
                    shutdownInput();
                }
            }));
        } else if (now == Phase.BUSY) {
            long blockedWrite = out.flushInProgress();
            if (blockedWrite >= 0) {
                deliver(() -> {
                    try {
                        Thread.sleep(TERMINATE_WRITE_GRACE_MILLIS);
                    } catch (InterruptedException e) {
                        return;
                    }
                    if (out.flushInProgress() == blockedWrite) {
                        closeChannel();
                    }
                });
            }
        }
    }

    /** postgres.c quickdie: the client gets a WARNING picked by the quit reason, then the socket is closed. */
    private void quickdie() {
        // the phase is read before the flag is raised: once raised, the session may unwind and end at once
        Phase now = phase;
        interrupts.requestQuit();
        if (now == Phase.STARTUP || now == Phase.ENDED) {
            quitDelivered.countDown();
            deliver(() -> closeChannel());
            return;
        }
        QuitReason reason = env.quitReason();
        PgException warning = switch (reason) {
            case FOR_CRASH -> new PgException(Severity.WARNING, SqlState.CRASH_SHUTDOWN, Messages.QUIT_CRASH,
                    Messages.QUIT_CRASH_DETAIL, Messages.QUIT_CRASH_HINT, 0);
            case FOR_STOP -> new PgException(Severity.WARNING, SqlState.ADMIN_SHUTDOWN, Messages.QUIT_IMMEDIATE,
                    null, null, 0);
            case NOT_SENT -> new PgException(Severity.WARNING, SqlState.ADMIN_SHUTDOWN, Messages.QUIT_UNEXPECTED,
                    null, null, 0);
        };
        deliver(() -> {
            try {
                if (reason == QuitReason.NOT_SENT) {
                    // the crash and immediate-stop warnings are client-only; this one is ordinary
                    ServerLog.log(warning);
                }
                out.tryWithLock(SIGNAL_LOCK_WAIT_MILLIS, () -> {
                    out.report(warning);
                    out.flush();
                    out.close();
                });
                closeChannel();
            } finally {
                quitDelivered.countDown();
            }
        });
    }

    /** Runs a signal's side effect on its own virtual thread, logging as this child. */
    private void deliver(Runnable action) {
        int pid = env.pid();
        Thread.ofVirtual().name("postgres: signal to " + pid).start(() -> {
            ServerLog.bindProcess(pid, ChildKind.BACKEND);
            ServerLog.bindSession(user, database, "", host, port);
            action.run();
        });
    }

    // ------------------------------------------------------------------------------------------------
    // startup: packet, refusal, slot, authentication, InitPostgres checks, greeting

    private void startup() throws IOException {
        ServerLog.bindSession("", "", "", host, port);
        if (connectionSettings.logConnections()) {
            ServerLog.log(Messages.connectionReceived(host, port));
        }
        authTimer.start(authenticationTimeout(), this::authenticationTimedOut);
        try {
            StartupPacket.StartupMessage packet = authenticateClient();
            if (connectionSettings.logConnections()) {
                ServerLog.log(packet.replication()
                        ? Messages.replicationConnectionAuthorized(user, packet.applicationName())
                        + sslLogPart()
                        : Messages.connectionAuthorized(user, database, packet.applicationName()) + sslLogPart());
            }
            initSession(packet);
            if (walSender != null) {
                greetWalSender(packet);
            } else {
                greet(packet.applicationName() == null ? "" : packet.applicationName());
            }
        } catch (SessionExit e) {
            throw e;
        } catch (PgException e) {
            throw fatal(e);
        } catch (RuntimeException e) {
            // a fault in a service we call must cost this connection only, never the server
            throw fatal(internalError(e));
        }
        sessionStarted = true;
        // from here on signals are answered as PostgresMain answers them
        enterPhase(Phase.BUSY);
    }

    /** Startup packet, refusal, connection slot, pg_hba.conf and the exchange, then AuthenticationOk. */
    private StartupPacket.StartupMessage authenticateClient() throws IOException {
        StartupPacket.StartupMessage packet = readStartupPacket();
        startupPacketRead = true;
        if (packet.needsNegotiation()) {
            out.negotiateProtocolVersion(PROTOCOL_3_0, packet.unrecognizedOptions());
        }
        packet = StartupPacket.withNames(packet);
        user = packet.user();
        database = packet.database();
        String applicationName = packet.applicationName() == null ? "" : packet.applicationName();
        ServerLog.bindSession(user, database, applicationName, host, port);
        Optional<PgException> refusal = env.refusal();
        if (refusal.isPresent()) {
            throw refusal.get();
        }
        env.acquireConnectionSlot();
        ClientAuthentication.Identity identity = authentication.authenticate(new ClientAuthentication.Peer(
                connection.local(), connection.address(), host, connection.channel()), user,
                packet.replication() ? "" : database, packet.replication(), tls == null ? null : tls.session(), in, out);
        if (identity != null && connectionSettings.logConnections()) {
            ServerLog.log(Messages.connectionAuthenticated(identity.identity(), identity.method(),
                    settings.values().getOrDefault("hba_file", "pg_hba.conf"), identity.lineNumber()));
        }
        if (!authTimer.finish()) {
            throw new EOFException();
        }
        out.authenticationRequest(0, new byte[0]);
        return packet;
    }

    /** Every reported parameter, then BackendKeyData; ReadyForQuery follows from the command loop. */
    private void greet(String applicationName) {
        env.reportSession(user, database, applicationName);
        for (Map.Entry<String, String> parameter : sqlSession.reportedParameters().entrySet()) {
            out.parameterStatus(parameter.getKey(), parameter.getValue());
        }
        sqlSession.takeChangedParameters();
        out.backendKeyData(env.pid(), env.cancelKey());
    }

    /**
     * InitPostgres after authentication, in its order: the role (FATAL 28000 for an unknown role or one without
     * LOGIN), reserved slots (superusers may use them), the database, the SQL session and its settings.
     */
    private void initSession(StartupPacket.StartupMessage packet) {
        boolean superuser = engine.authorizeLogin(user);
        checkRoleConnectionLimit(superuser);
        env.checkReservedConnections(superuser);
        if (packet.replication()) {
            initWalSender(packet, superuser);
            return;
        }
        reloadPending = false;
        // the engine looks the database up (FATAL 3D000) before the packet's settings, as InitPostgres does
        sqlSession = engine.openSession(new SessionSetup(env.pid(), user, database, superuser, interrupts,
                env.postmaster(), this::sendNoticeNow));
        List<Map.Entry<String, String>> settingsToApply = new ArrayList<>();
        if (packet.options() != null) {
            settingsToApply.addAll(StartupOptions.parse(packet.options()));
        }
        settingsToApply.addAll(packet.gucs());
        for (Map.Entry<String, String> setting : settingsToApply) {
            sqlSession.setStartupParameter(setting.getKey(), setting.getValue());
        }
    }

    /**
     * InitPostgres for a walsender: a superuser or a role with REPLICATION (FATAL 42501), a slot of
     * max_wal_senders (FATAL 53300), then the walsender session; no database, no SQL session.
     */
    private void initWalSender(StartupPacket.StartupMessage packet, boolean superuser) {
        if (!superuser && !engine.mayReplicate(user)) {
            throw PgException.fatal(SqlState.INSUFFICIENT_PRIVILEGE, Messages.MUST_BE_REPLICATION_ROLE);
        }
        WalSender sender = walSenders.get();
        if (sender == null) {
            throw new PgException(Severity.FATAL, SqlState.FEATURE_NOT_SUPPORTED, Messages.REPLICATION_NOT_SUPPORTED,
                    null, null, 0);
        }
        env.becomeWalSender();
        walSenderSuperuser = superuser;
        ServerLog.bindProcess(env.pid(), ChildKind.WALSENDER);
        ServerLog.bindSession(user, "", packet.applicationName() == null ? "" : packet.applicationName(), host,
                port);
        walSender = sender.open(new WalSenderConnection(connection, env, settings, out, in, interrupts, user,
                packet.applicationName() == null ? "" : packet.applicationName()));
    }

    /**
     * A walsender's greeting: the GUC_REPORT parameters from the server's settings (the startup packet's own values
     * for those it sets), then BackendKeyData.
     */
    private void greetWalSender(StartupPacket.StartupMessage packet) {
        String applicationName = packet.applicationName() == null ? "" : packet.applicationName();
        env.reportSession(user, "", applicationName);
        Map<String, String> fromPacket = new java.util.HashMap<>();
        for (Map.Entry<String, String> guc : packet.gucs()) {
            fromPacket.put(guc.getKey().toLowerCase(java.util.Locale.ROOT), guc.getValue());
        }
        for (String name : WALSENDER_REPORTED) {
            String value = switch (name) {
                case "application_name" -> applicationName;
                case "is_superuser" -> walSenderSuperuser ? "on" : "off";
                case "session_authorization" -> user;
                case "in_hot_standby" -> settings.value("in_hot_standby").orElse("off");
                default -> fromPacket.getOrDefault(name.toLowerCase(java.util.Locale.ROOT),
                        settings.value(name).orElse(""));
            };
            out.parameterStatus(name, value);
        }
        out.backendKeyData(env.pid(), env.cancelKey());
    }

    /** The parameters PostgreSQL 15 reports at a walsender's start, in the order it sends them. */
    private static final List<String> WALSENDER_REPORTED = List.of("application_name", "client_encoding",
            "DateStyle", "default_transaction_read_only", "in_hot_standby", "integer_datetimes", "IntervalStyle",
            "is_superuser", "server_encoding", "server_version", "session_authorization",
            "standard_conforming_strings", "TimeZone");

    /**
     * PostgresMain's loop for a walsender: only simple Query, each a replication command
     * (exec_replication_command); the extended protocol and fastpath are refused with 08P01, SQL with 0A000.
     */
    private void walSenderLoop() throws IOException {
        boolean sendReadyForQuery = true;
        boolean skipTillSync = false;
        while (true) {
            if (sendReadyForQuery) {
                env.reportActivity("idle", lastQuery);
                out.readyForQuery('I');
                sendReadyForQuery = false;
            }
            int type = readCommandType();
            MessageBody body = readCommandBody(type);
            if (reloadPending) {
                reloadPending = false;
            }
            if (skipTillSync && type != 'S' && type != 'X') {
                continue;
            }
            try {
                switch (type) {
                    case 'Q' -> {
                        sendReadyForQuery = true;
                        replicationCommand(body);
                    }
                    case 'S' -> {
                        body.end();
                        sendReadyForQuery = true;
                        skipTillSync = false;
                    }
                    case 'X' -> throw SessionExit.normal();
                    case 'F' -> {
                        sendReadyForQuery = true;
                        throw PgException.error(SqlState.PROTOCOL_VIOLATION, Messages.FASTPATH_IN_WALSENDER);
                    }
                    case 'P', 'B', 'E', 'D', 'C', 'H' -> {
                        skipTillSync = true;
                        throw PgException.error(SqlState.PROTOCOL_VIOLATION, Messages.EXTENDED_IN_WALSENDER);
                    }
                    default -> {
                        // CopyData, CopyDone, CopyFail outside COPY: ignored, per protocol
                    }
                }
            } catch (PgException e) {
                reportError(e);
            } catch (SessionExit e) {
                throw e;
            } catch (RuntimeException e) {
                reportError(internalError(e));
            }
        }
    }

    private void replicationCommand(MessageBody body) {
        String command = body.getString();
        body.end();
        lastQuery = command;
        env.reportActivity("active", command);
        if (command.isBlank()) {
            out.empty('I');
            return;
        }
        if (!walSender.isReplicationCommand(command)) {
            throw PgException.error(SqlState.FEATURE_NOT_SUPPORTED, Messages.SQL_IN_PHYSICAL_WALSENDER);
        }
        boolean logCommands = settings.value("log_replication_commands").map("on"::equals).orElse(false);
        if (logCommands) {
            ServerLog.log(Severity.LOG, Messages.receivedReplicationCommand(command));
        }
        walSender.execute(command);
    }

    /**
     * InitializeSessionUserId's rolconnlimit check for a non-superuser: this session and the others of the same role
     * that got this far must not exceed it (approximate, as in PostgreSQL: two sessions starting together may both
     * pass). FATAL 53300 {@code too many connections for role "%s"}.
     */
    private void checkRoleConnectionLimit(boolean superuser) {
        int limit = engine.connectionLimit(user);
        if (limit < 0 || superuser) {
            return;
        }
        long others = env.postmaster().children().stream()
                .filter(c -> c.kind() == ChildKind.BACKEND && c.pid() != env.pid() && user.equals(c.user())).count();
        if (others + 1 > limit) {
            throw new PgException(Severity.FATAL, SqlState.TOO_MANY_CONNECTIONS,
                    "too many connections for role \"" + user + "\"", null, null, 0);
        }
    }

    /** The startup packet, after any number of SSL / GSS negotiations (each answered N). */
    private StartupPacket.StartupMessage readStartupPacket() throws IOException {
        boolean sslDone = false;
        boolean gssDone = false;
        while (true) {
            int first = in.readByteOrEof();
            if (first < 0) {
                throw SessionExit.normal();
            }
            byte[] rest;
            try {
                rest = in.readBytes(3);
            } catch (EOFException e) {
                if (!sslDone && !gssDone) {
                    ServerLog.log(Severity.LOG, Messages.INCOMPLETE_STARTUP_PACKET);
                }
                throw SessionExit.normal();
            }
            int length = (first << 24) | ((rest[0] & 0xff) << 16) | ((rest[1] & 0xff) << 8) | (rest[2] & 0xff);
            length -= 4;
            if (length < 4 || length > StartupPacket.MAX_LENGTH) {
                ServerLog.log(Severity.LOG, Messages.INVALID_STARTUP_PACKET_LENGTH);
                throw SessionExit.normal();
            }
            byte[] packet;
            try {
                packet = in.readBytes(length);
            } catch (EOFException e) {
                ServerLog.log(Severity.LOG, Messages.INCOMPLETE_STARTUP_PACKET);
                throw SessionExit.normal();
            }
            switch (StartupPacket.parse(packet, sslDone, gssDone)) {
                case StartupPacket.CancelRequest cancel -> {
                    env.postmaster().cancelRequest(cancel.pid(), cancel.key());
                    throw SessionExit.normal();
                }
                case StartupPacket.InvalidCancelLength invalid -> {
                    ServerLog.log(Severity.LOG, Messages.INVALID_STARTUP_PACKET_LENGTH);
                    throw SessionExit.normal();
                }
                case StartupPacket.SslRequest ssl -> {
                    Optional<TlsServerContext> context = connection.local() ? Optional.empty() : serverTls.current();
                    if (context.isPresent()) {
                        startTls(context.get());
                    } else {
                        out.negotiationAnswer('N');
                    }
                    sslDone = true;
                    // a GSSENCRequest may follow a refused SSLRequest only (the client tries both in turn)
                    gssDone = context.isPresent();
                }
                case StartupPacket.GssEncRequest gss -> {
                    out.negotiationAnswer('N');
                    sslDone = false;
                    gssDone = true;
                }
                case StartupPacket.UnsupportedProtocol unsupported -> {
                    if (unsupported.major() < 3) {
                        PgException error = unsupported.error();
                        out.protocol2Error(error.getMessage());
                        out.flush();
                        ServerLog.log(error);
                        throw SessionExit.afterFatal(error);
                    }
                    throw unsupported.error();
                }
                case StartupPacket.StartupMessage message -> {
                    return message;
                }
            }
        }
    }

    /**
     * {@code S}, then the server handshake; from then on the protocol runs over TLS. A failed handshake is logged
     * and ends the connection silently, as PostgreSQL's COMMERROR does. Bytes the client sent before the
     * handshake were not encrypted and may have been injected: after the handshake, FATAL 08P01 (sent over TLS).
     */
    private void startTls(TlsServerContext context) {
        boolean unencryptedData = in.hasBufferedData();
        out.negotiationAnswer('S');
        if (out.failure() != null) {
            throw SessionExit.normal();
        }
        TlsConnection accepted;
        try {
            accepted = TlsConnection.accept(connection.channel(), context);
        } catch (PgException e) {
            if (!authTimer.expired() && !interrupts.quitPending()) {
                ServerLog.log(e);
            }
            throw SessionExit.normal();
        }
        tls = accepted;
        env.reportSsl(accepted.session().status());
        out.switchTo(accepted);
        if (unencryptedData) {
            throw new PgException(Severity.FATAL, SqlState.PROTOCOL_VIOLATION, Messages.UNENCRYPTED_AFTER_SSL_REQUEST,
                    Messages.UNENCRYPTED_AFTER_SSL_REQUEST_DETAIL, null, 0);
        }
        in.switchTo(accepted);
    }

    /** The connection-authorized line's TLS part, empty without TLS. */
    private String sslLogPart() {
        TlsConnection connectionTls = tls;
        if (connectionTls == null) {
            return "";
        }
        TlsConnection.TlsSession session = connectionTls.session();
        return Messages.sslEnabled(session.version(), session.cipher(), session.bits());
    }

    private void authenticationTimedOut() {
        closeChannel();
    }

    // ------------------------------------------------------------------------------------------------
    // the command loop (PostgresMain)

    private void commandLoop() throws IOException {
        boolean sendReadyForQuery = true;
        while (true) {
            if (sendReadyForQuery) {
                readyForQuery();
                sendReadyForQuery = false;
            }
            int type = readCommandType();
            MessageBody body = readCommandBody(type);
            if (reloadPending) {
                reloadPending = false;
                reloadSettings();
            }
            if (ignoreTillSync && type != 'S' && type != 'X') {
                continue;
            }
            statementLog.clear();
            boolean extended = type == 'P' || type == 'B' || type == 'E' || type == 'D' || type == 'C' || type == 'H';
            try {
                switch (type) {
                    case 'Q' -> {
                        sendReadyForQuery = true;
                        simpleQuery(body);
                    }
                    case 'P' -> parse(body);
                    case 'B' -> bind(body);
                    case 'E' -> execute(body);
                    case 'D' -> describe(body);
                    case 'C' -> close(body);
                    case 'H' -> {
                        body.end();
                        out.flush();
                    }
                    case 'S' -> {
                        sendReadyForQuery = true;
                        ignoreTillSync = false;
                        body.end();
                        finishTransaction();
                    }
                    case 'X' -> throw SessionExit.normal();
                    case 'F' -> {
                        sendReadyForQuery = true;
                        throw PgException.error(SqlState.FEATURE_NOT_SUPPORTED, Messages.FASTPATH_NOT_SUPPORTED);
                    }
                    default -> {
                        // CopyData, CopyDone, CopyFail outside COPY: ignored, per protocol
                    }
                }
            } catch (PgException e) {
                reportError(e);
                afterError(type, extended);
            } catch (StackOverflowError e) {
                reportError(new PgException(Severity.ERROR, "54001", Messages.STACK_DEPTH_EXCEEDED, null,
                        Messages.STACK_DEPTH_HINT, 0));
                afterError(type, extended);
            } catch (OutOfMemoryError e) {
                reportError(PgException.error(SqlState.OUT_OF_MEMORY, Messages.OUT_OF_MEMORY));
                afterError(type, extended);
            } catch (SessionExit e) {
                throw e;
            } catch (RuntimeException e) {
                reportError(internalError(e));
                afterError(type, extended);
            }
        }
    }

    /** SIGHUP, processed once a command has arrived (postgres.c step 6); a failure must not end the session. */
    private void reloadSettings() {
        try {
            sqlSession.reloadSettings();
        } catch (RuntimeException e) {
            ServerLog.log(Severity.LOG, Messages.reloadFailed(String.valueOf(e)));
        }
    }

    /** postgres.c's error recovery: skip to Sync after an extended-protocol message, end the transaction after Q. */
    private void afterError(int type, boolean extended) {
        if (extended) {
            ignoreTillSync = true;
        } else if (type == 'Q' || type == 'F') {
            try {
                finishTransaction();
            } catch (PgException e) {
                reportError(e);
            }
        }
    }

    /** Changed parameters, activity report, then ReadyForQuery (which flushes). Notices went out as raised. */
    private void readyForQuery() {
        // finish_xact_command: statement_timeout runs from Parse/Bind to here, not while idle
        interrupts.startStatementTimeout(0);
        for (Map.Entry<String, String> changed : sqlSession.takeChangedParameters().entrySet()) {
            out.parameterStatus(changed.getKey(), changed.getValue());
        }
        char status = sqlSession.transactionStatus();
        env.reportActivity(switch (status) {
            case 'T' -> "idle in transaction";
            case 'E' -> "idle in transaction (aborted)";
            default -> "idle";
        }, lastQuery);
        out.readyForQuery(status);
        newCommandCycle = true;
    }

    /** Message type, with PostgreSQL's check that it is one a frontend may send (SocketBackend). */
    private int readCommandType() throws IOException {
        enterPhase(Phase.IDLE);
        int type;
        try {
            type = in.readByteOrEof();
        } catch (IOException e) {
            throw endAfterInputFailure(e);
        }
        if (type < 0) {
            throw endAtEndOfInput();
        }
        if (maxMessageLength(type) < 0) {
            throw fatal(new PgException(Severity.FATAL, SqlState.PROTOCOL_VIOLATION,
                    Messages.invalidFrontendMessageType(type), null, null, 0));
        }
        return type;
    }

    /** pq_getmessage: length word then body; a bad length or a short body is logged and ends the child. */
    private MessageBody readCommandBody(int type) throws IOException {
        try {
            int length;
            try {
                length = in.readInt();
            } catch (EOFException e) {
                ServerLog.log(Severity.LOG, Messages.EOF_IN_LENGTH_WORD);
                throw endAtEndOfInput();
            }
            if (length < 4 || length > maxMessageLength(type)) {
                ServerLog.log(Severity.LOG, Messages.INVALID_MESSAGE_LENGTH);
                throw endAtEndOfInput();
            }
            try {
                byte[] body = in.readBytes(length - 4);
                enterPhase(Phase.BUSY);
                return new MessageBody(body);
            } catch (EOFException e) {
                ServerLog.log(Severity.LOG, Messages.INCOMPLETE_MESSAGE);
                throw endAtEndOfInput();
            }
        } catch (IOException e) {
            throw endAfterInputFailure(e);
        }
    }

    private static int maxMessageLength(int type) {
        return switch (type) {
            case 'Q', 'F', 'B', 'P', 'd' -> ProtocolInput.LARGE_MESSAGE_LIMIT;
            case 'X', 'C', 'D', 'E', 'H', 'S', 'c', 'f' -> ProtocolInput.SMALL_MESSAGE_LIMIT;
            default -> -1;
        };
    }

    /**
     * The phase changes under the output lock, so that a TERM's decision "idle, answer now" and the session's
     * "busy from here" cannot cross. Entering either phase acts on a pending terminate at once.
     */
    private void enterPhase(Phase next) {
        setPhase(next);
        if (next == Phase.BUSY && newCommandCycle) {
            // a cancel meant for the command cycle that just ended (it arrived after its last check) is dropped;
            // within a cycle (Parse, Bind, Execute... up to Sync) a cancel during one message holds for the next
            newCommandCycle = false;
            interrupts.clearCancel();
            interrupts.clearRecoveryConflict(); // replay asks again while the conflict lasts
        }
        if (interrupts.terminatePending() || interrupts.quitPending()) {
            if (terminatedWhileIdle || interrupts.quitPending()) {
                throw endAfterSignal();
            }
            throw fatal(terminationFatal());
        }
        if (out.failure() != null) {
            throw fatal(new PgException(Severity.FATAL, SqlState.CONNECTION_FAILURE, Messages.CONNECTION_LOST, null,
                    null, 0));
        }
    }

    /** Only the session thread changes the phase; the lock orders it against a signal's decision. */
    private void setPhase(Phase next) {
        out.lock().lock();
        try {
            phase = next;
        } finally {
            out.lock().unlock();
        }
    }

    private void flushBeforeBlocking() {
        if (out.hasPending()) {
            out.flush();
        }
    }

    // ---- simple query ----

    private void simpleQuery(MessageBody body) {
        String sql = body.getString();
        body.end();
        statementLog.begin(sql);
        startCommand(sql);
        statements.remove("");
        closePortal("");
        List<Statement> parsed = sqlSession.parseSimple(sql);
        statementLog.simpleQueryParsed(sql, parsed);
        if (parsed.isEmpty()) {
            out.empty('I');
        }
        for (Statement statement : parsed) {
            interrupts.check();
            if (statement.isEmpty()) {
                out.empty('I');
                continue;
            }
            Portal portal = sqlSession.bind(statement, List.of(), new short[0], new short[0]);
            try {
                CopyIn copyIn = portal.copyIn();
                CopyOut copyOut = copyIn == null ? portal.copyOut() : null;
                if (copyIn == null && copyOut == null && !portal.columns().isEmpty()) {
                    out.rowDescription(portal.columns(), portal.resultFormats());
                }
                ExecutionResult result = executePortal(portal, copyIn, copyOut, 0);
                out.commandComplete(result.commandTag());
            } finally {
                portal.close();
            }
        }
        finishTransaction();
        statementLog.finished(Messages.statementLogged(sql));
    }

    // ---- extended query ----

    private void parse(MessageBody body) {
        String name = body.getString();
        String sql = body.getString();
        int count = body.getInt16();
        int[] types = new int[Math.max(count, 0)];
        for (int i = 0; i < types.length; i++) {
            types[i] = body.getInt32();
        }
        body.end();
        statementLog.begin(sql);
        startCommand(sql);
        if (name.isEmpty()) {
            statements.remove("");
        }
        Statement statement = sqlSession.prepare(sql, types);
        if (!name.isEmpty() && statements.containsKey(name)) {
            throw PgException.error(SqlState.DUPLICATE_PREPARED_STATEMENT, Messages.preparedStatementExists(name));
        }
        statements.put(name, statement);
        out.empty('1');
        statementLog.finished(Messages.parseLogged(name, sql));
    }

    private void bind(MessageBody body) {
        String portalName = body.getString();
        String statementName = body.getString();
        Statement statement = statement(statementName);
        statementLog.begin(statement.sql());
        short[] parameterFormats = readFormats(body);
        int count = body.getInt16();
        List<byte[]> parameters = new ArrayList<>(Math.max(count, 0));
        for (int i = 0; i < count; i++) {
            int length = body.getInt32();
            parameters.add(length < 0 ? null : body.getBytes(length));
        }
        short[] resultFormats = readFormats(body);
        body.end();
        if (parameterFormats.length > 1 && parameterFormats.length != count) {
            throw PgException.error(SqlState.PROTOCOL_VIOLATION,
                    Messages.bindParameterFormats(parameterFormats.length, count));
        }
        int required = statement.parameterTypes().length;
        if (count != required) {
            throw PgException.error(SqlState.PROTOCOL_VIOLATION,
                    Messages.bindParameterCount(count, statementName, required));
        }
        startCommand(statement.sql());
        if (portalName.isEmpty()) {
            closePortal("");
        } else if (portals.containsKey(portalName)) {
            throw PgException.error(SqlState.DUPLICATE_CURSOR, Messages.cursorExists(portalName));
        }
        Portal portal = sqlSession.bind(statement, parameters, parameterFormats, resultFormats);
        portals.put(portalName, portal);
        portalStatementNames.put(portalName, statementName);
        out.empty('2');
        statementLog.finished(Messages.bindLogged(statementName, portalName, statement.sql()),
                portal::parameterLogText);
    }

    private static short[] readFormats(MessageBody body) {
        int count = body.getInt16();
        short[] formats = new short[Math.max(count, 0)];
        for (int i = 0; i < formats.length; i++) {
            formats[i] = (short) body.getInt16();
        }
        return formats;
    }

    private void execute(MessageBody body) {
        String portalName = body.getString();
        int maxRows = body.getInt32();
        body.end();
        Portal portal = portal(portalName);
        String sql = portal.statement().sql();
        statementLog.begin(sql);
        startCommand(sql);
        if (portal.statement().isEmpty()) {
            out.empty('I');
            return;
        }
        boolean fetch = !startedPortals.add(portal);
        String logged = Messages.executeLogged(fetch, portalStatementNames.getOrDefault(portalName, ""), portalName,
                sql);
        statementLog.executeStarting(portal.statement(), logged, portal::parameterLogText);
        CopyIn copyIn = portal.copyIn();
        CopyOut copyOut = copyIn == null ? portal.copyOut() : null;
        ExecutionResult result = executePortal(portal, copyIn, copyOut, Math.max(maxRows, 0));
        if (result.suspended()) {
            out.empty('s');
        } else {
            out.commandComplete(result.commandTag());
        }
        statementLog.finished(logged, portal::parameterLogText);
    }

    /**
     * Execute's work, for both protocols: a COPY runs its sub-protocol (without a row limit), anything else sends
     * rows. The caller asks the portal for its copy once, so the engine never builds two.
     */
    private ExecutionResult executePortal(Portal portal, CopyIn copyIn, CopyOut copyOut, int maxRows) {
        if (copyIn != null) {
            return copyIn(copyIn);
        }
        if (copyOut != null) {
            return copyProtocol.copyOut(copyOut);
        }
        return portal.execute(maxRows, out::dataRow);
    }

    private ExecutionResult copyIn(CopyIn copyIn) {
        setPhase(Phase.COPY_IN);
        try {
            return copyProtocol.copyIn(copyIn);
        } catch (CopySubProtocol.SynchronizationLost e) {
            reportError(e.error());
            throw fatal(new PgException(Severity.FATAL, SqlState.PROTOCOL_VIOLATION, Messages.PROTOCOL_SYNC_LOST,
                    null, null, 0));
        } catch (IOException e) {
            if (!interrupts.quitPending() && !interrupts.terminatePending()) {
                ServerLog.log(PgException.error(SqlState.CONNECTION_FAILURE, Messages.EOF_IN_TRANSACTION));
            }
            throw endAfterInputFailure(e);
        } finally {
            setPhase(Phase.BUSY);
        }
    }

    private void describe(MessageBody body) {
        int kind = body.getByte();
        String name = body.getString();
        body.end();
        switch (kind) {
            case 'S' -> {
                Statement statement = statement(name);
                failIfAbortedWithRows(!statement.columns().isEmpty());
                out.parameterDescription(statement.parameterTypes());
                if (statement.columns().isEmpty()) {
                    out.empty('n');
                } else {
                    out.rowDescription(statement.columns(), null);
                }
            }
            case 'P' -> {
                List<osgres.sql.Column> cursor = portals.containsKey(name) ? null : sqlSession.cursorColumns(name);
                if (cursor != null) {
                    // a cursor made by DECLARE is a portal too (psycopg's named cursors describe it)
                    failIfAbortedWithRows(!cursor.isEmpty());
                    short[] formats = new short[cursor.size()];
                    java.util.Arrays.fill(formats, (short) (sqlSession.cursorBinary(name) ? 1 : 0));
                    if (cursor.isEmpty()) {
                        out.empty('n');
                    } else {
                        out.rowDescription(cursor, formats);
                    }
                    return;
                }
                Portal portal = portal(name);
                failIfAbortedWithRows(!portal.columns().isEmpty());
                if (portal.columns().isEmpty()) {
                    out.empty('n');
                } else {
                    out.rowDescription(portal.columns(), portal.resultFormats());
                }
            }
            default -> throw PgException.error(SqlState.PROTOCOL_VIOLATION, Messages.invalidDescribeSubtype(kind));
        }
    }

    /** Describing a row-returning statement needs a valid transaction (exec_describe_*_message). */
    private void failIfAbortedWithRows(boolean returnsRows) {
        if (returnsRows && sqlSession.transactionStatus() == 'E') {
            throw PgException.error(SqlState.IN_FAILED_SQL_TRANSACTION, Messages.TRANSACTION_ABORTED);
        }
    }

    private void close(MessageBody body) {
        int kind = body.getByte();
        String name = body.getString();
        body.end();
        switch (kind) {
            case 'S' -> statements.remove(name);
            case 'P' -> closePortal(name);
            default -> throw PgException.error(SqlState.PROTOCOL_VIOLATION, Messages.invalidCloseSubtype(kind));
        }
        out.empty('3');
    }

    private Statement statement(String name) {
        Statement statement = statements.get(name);
        if (statement == null) {
            throw PgException.error(SqlState.INVALID_SQL_STATEMENT_NAME, name.isEmpty()
                    ? Messages.UNNAMED_STATEMENT_MISSING : Messages.preparedStatementMissing(name));
        }
        return statement;
    }

    private Portal portal(String name) {
        Portal portal = portals.get(name);
        if (portal == null) {
            throw PgException.error(SqlState.INVALID_CURSOR_NAME, Messages.portalMissing(name));
        }
        return portal;
    }

    private void closePortal(String name) {
        Portal portal = portals.remove(name);
        portalStatementNames.remove(name);
        if (portal != null) {
            startedPortals.remove(portal);
            portal.close();
        }
    }

    /**
     * End of a simple query or a Sync: the implicit transaction ends; portals live as long as their
     * transaction, so outside a transaction block none is left.
     */
    private void finishTransaction() {
        sqlSession.sync();
        if (sqlSession.transactionStatus() == 'I') {
            closeAllPortals();
        }
    }

    private void closeAllPortals() {
        List<Portal> open = new ArrayList<>(portals.values());
        portals.clear();
        portalStatementNames.clear();
        startedPortals.clear();
        for (Portal portal : open) {
            portal.close();
        }
    }

    private void startCommand(String sql) {
        lastQuery = sql;
        env.reportActivity("active", sql);
    }

    /**
     * A notice or warning goes to the client the moment it is raised, flushed (elog.c's send_message_to_frontend
     * ends with pq_flush): a CHECKPOINT waiting for a checkpointer that is not there says so at once, not with
     * its final error. Only notices flush; rows wait for the buffer or ReadyForQuery.
     */
    private void sendNoticeNow(PgException notice) {
        out.report(notice);
        out.flush();
    }

    // ------------------------------------------------------------------------------------------------
    // errors and the ways a session ends

    /** An ERROR goes to the client and the log; a FATAL ends the session; a PANIC takes the server down. */
    private void reportError(PgException e) {
        if (interrupts.quitPending()) {
            throw endAfterSignal();
        }
        if (e.severity() == Severity.FATAL) {
            throw fatal(e);
        }
        out.report(e);
        if (e.severity() == Severity.PANIC) {
            out.flush();
            throw e; // the postmaster logs it once, for whichever child it ends, and starts the crash reset
        }
        statementLog.logError(e);
    }

    /** Sends (if the client can still hear it) and logs a FATAL, then unwinds with exit code 1. */
    private SessionExit fatal(PgException error) {
        if (interrupts.quitPending()) {
            return endAfterSignal();
        }
        if (authTimer.expired() && !sessionStarted) {
            return timedOut();
        }
        PgException fatal = error.severity() == Severity.FATAL ? error : error.withSeverity(Severity.FATAL);
        if (out.failure() == null) {
            out.report(fatal);
            out.flush();
        } else if (SqlState.CONNECTION_FAILURE.equals(fatal.sqlState())) {
            // a LOG ranks above ERROR for log_min_error_statement, so PostgreSQL shows the statement here too
            statementLog.logError(new PgException(Severity.LOG, SqlState.CONNECTION_FAILURE,
                    Messages.couldNotSend(SocketErrors.sendReason(out.failure())), null, null, 0));
        }
        if (fatal instanceof AuthenticationFailed failed) {
            ServerLog.log(failed.forLog());
        } else {
            statementLog.logError(fatal);
        }
        return SessionExit.afterFatal(fatal);
    }

    /** The client hung up (EOF): exit 0, with PostgreSQL's log line if a transaction was open. */
    private SessionExit endAtEndOfInput() {
        if (interrupts.quitPending() || terminatedWhileIdle) {
            return endAfterSignal();
        }
        if (sqlSession != null && sqlSession.transactionStatus() != 'I') {
            ServerLog.log(Severity.LOG, Messages.EOF_IN_TRANSACTION);
        }
        return SessionExit.normal();
    }

    /** A read failed: a signal or the authentication timer closed the socket, or the client reset it. */
    private SessionExit endAfterInputFailure(IOException e) {
        if (e instanceof EOFException) {
            if (authTimer.expired() && !sessionStarted) {
                return timedOut();
            }
            return endAtEndOfInput();
        }
        if (interrupts.quitPending() || terminatedWhileIdle || interrupts.terminatePending()) {
            return endAfterSignal();
        }
        if (authTimer.expired() && !sessionStarted) {
            return timedOut();
        }
        ServerLog.log(Severity.LOG, Messages.couldNotReceive(SocketErrors.receiveReason(e)));
        return endAtEndOfInput();
    }

    /** After QUIT (client warned, exit quietly) or TERM (FATAL already sent or not sendable: log it, exit 1). */
    private SessionExit endAfterSignal() {
        if (interrupts.quitPending()) {
            return SessionExit.normal();
        }
        PgException fatal = terminationFatal();
        if (phase != Phase.STARTUP) {
            ServerLog.log(fatal);
        }
        return SessionExit.afterFatal(fatal);
    }

    /** authentication_timeout: silent while the startup packet was awaited, logged during authentication. */
    private SessionExit timedOut() {
        PgException fatal = new PgException(Severity.FATAL, SqlState.QUERY_CANCELED, Messages.AUTHENTICATION_TIMEOUT,
                null, null, 0);
        if (startupPacketRead) {
            ServerLog.log(fatal);
        }
        return SessionExit.afterFatal(fatal);
    }

    private static PgException terminationFatal() {
        return new PgException(Severity.FATAL, SqlState.ADMIN_SHUTDOWN, Messages.TERMINATED_BY_ADMIN, null, null, 0);
    }

    /**
     * An unexpected exception from the SQL engine: ERROR XX000 for the statement, with a fixed text (no Java
     * exception text reaches a client); the exception and its stack go to the log only.
     */
    private static PgException internalError(RuntimeException e) {
        StringBuilder trace = new StringBuilder(String.valueOf(e));
        StackTraceElement[] frames = e.getStackTrace();
        for (int i = 0; i < Math.min(frames.length, 12); i++) {
            trace.append("\n    at ").append(frames[i]);
        }
        ServerLog.log(Severity.LOG, Messages.unexpectedException(e.getClass().getName()), trace.toString(), null);
        return PgException.error(SqlState.INTERNAL_ERROR, Messages.INTERNAL_ERROR);
    }

    private void cleanup() {
        authTimer.finish();
        try {
            enterPhaseQuietly();
            closeAllPortalsQuietly();
            if (walSender != null) {
                try {
                    walSender.close();
                } catch (RuntimeException e) {
                    ServerLog.log(Severity.LOG, Messages.closeFailed(String.valueOf(e)));
                }
            }
            if (sqlSession != null) {
                try {
                    if (interrupts.quitPending()) {
                        sqlSession.abandon();
                    } else {
                        sqlSession.close();
                    }
                } catch (RuntimeException e) {
                    if (!interrupts.quitPending()) {
                        ServerLog.log(Severity.LOG, Messages.closeFailed(String.valueOf(e)));
                    }
                }
            }
        } finally {
            if (interrupts.quitPending()) {
                awaitQuitDelivery();
            } else {
                closeGracefully();
            }
            out.close();
            closeChannel();
            if (sessionStarted && connectionSettings.logDisconnections() && !interrupts.quitPending()) {
                ServerLog.log(Messages.disconnection(System.currentTimeMillis() - startMillis, user, database, host,
                        port));
            }
        }
    }

    private void awaitQuitDelivery() {
        try {
            quitDelivered.await(2 * SIGNAL_LOCK_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Flushes, then reads off whatever the client sent and we did not read (a bounded, non-blocking
     * drain): closing a socket with unread input makes the kernel send RST, and a client that gets RST may
     * lose the FATAL it has not read yet.
     */
    private void closeGracefully() {
        out.flush();
        SocketChannel channel = connection.channel();
        try {
            if (tls != null) {
                tls.shutdownOutput();
            } else {
                channel.shutdownOutput();
            }
            channel.configureBlocking(false);
            ByteBuffer sink = ByteBuffer.allocate(1024);
            for (int drained = 0; drained < DRAIN_LIMIT; drained += sink.position()) {
                sink.clear();
                if (channel.read(sink) <= 0) {
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            // the socket is being closed anyway
        }
    }

    private void enterPhaseQuietly() {
        out.lock().lock();
        try {
            phase = Phase.ENDED;
        } finally {
            out.lock().unlock();
        }
    }

    private void closeAllPortalsQuietly() {
        try {
            closeAllPortals();
        } catch (RuntimeException e) {
            portals.clear();
        }
    }

    private void shutdownInput() {
        try {
            connection.channel().shutdownInput();
        } catch (IOException e) {
            closeChannel();
        }
    }

    private void closeChannel() {
        try {
            connection.channel().close();
        } catch (IOException e) {
            // nothing more can be done for this client
        }
    }

    // ------------------------------------------------------------------------------------------------
    // settings read by the backend itself

    private Duration authenticationTimeout() {
        return connectionSettings.authenticationTimeout();
    }
}
