package osgres.walreceiver.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

import osgres.api.PgException;
import osgres.api.ProcSignal;
import osgres.api.ProcessLatch;
import osgres.api.ServerLog;
import osgres.api.Severity;
import osgres.api.SqlState;
import osgres.storage.AuxiliaryWork.StreamStart;
import osgres.storage.AuxiliaryWork.WalReceipt;
import osgres.storage.WalReceiverStatus;

/**
 * One run of the walreceiver (walreceiver.c WalReceiverMain), without OSGi: waits for the startup process to ask
 * for WAL, connects to the primary, checks the system identifier, fetches missing timeline history files, runs
 * START_REPLICATION and streams: each XLogData is written through {@link WalReceipt#write} at its LSN; after
 * draining what is available it flushes and sends a standby status update, and again every
 * wal_receiver_status_interval; a keepalive asking for a reply is answered at once. When the primary ends the
 * COPY (the end of a timeline it left), the run leaves COPY mode, fetches the next timeline's history file and
 * ends (exit 0); the startup process asks for a new one.
 *
 * <p>States, as pg_stat_wal_receiver shows them:
 * <pre>
 *   starting  --START_REPLICATION accepted-->  streaming  --primary ends COPY-->  (reportStatus(null), exit 0)
 *   any       --TERM, timeout, lost connection-->  stopping  --> (reportStatus(null), exit 1)
 * </pre>
 * Exits: every failure is PostgreSQL's ERROR-without-handler, logged as FATAL here and thrown (exit code 1; the
 * startup process asks again after wal_retrieve_retry_interval); TERM is FATAL {@code terminating walreceiver
 * process due to administrator command}; QUIT returns at once. Every wait lasts at most
 * {@link ChannelTransport#SLICE_MILLIS} between signal checks.
 */
final class WalReceiverMain {
    /** The settings this run reads; re-read at each loop so a reload applies (primary_conninfo at connect). */
    record Settings(String conninfo, String slotName, int statusIntervalSeconds, int timeoutMillis,
                    boolean hotStandbyFeedback, String clusterName, boolean createTempSlot) {
        Settings {
            conninfo = conninfo == null ? "" : conninfo;
            slotName = slotName == null ? "" : slotName;
        }

        String applicationName() {
            return clusterName == null || clusterName.isEmpty() ? "walreceiver" : clusterName;
        }
    }

    /** Microseconds between the Unix epoch and PostgreSQL's (2000-01-01 00:00 UTC). */
    static final long PG_EPOCH_OFFSET_MICROS = 946_684_800_000_000L;
    /** How long one stream request wait lasts before the signals are checked again. */
    private static final long REQUEST_POLL_MILLIS = 1000;
    /** Bytes written before a flush and status update even while more data is waiting (bounds the batch). */
    private static final long MAX_BATCH_BYTES = 16L * 1024 * 1024;

    private final WalReceipt receipt;
    private final ProcessLatch latch;
    private final Supplier<Settings> settings;
    private final int pid;
    private final TimelineHistoryFiles historyFiles;

    private ReplicationConnection connection;
    /** The settings the connection was made with (primary_conninfo and primary_slot_name must stay). */
    private Settings connectedWith;
    /** The slot streamed through: primary_slot_name, or the temporary one this run created; null when none. */
    private String slotName;
    private String state = "starting";
    private long startLsn;
    private int startTli;
    private long writePos;
    private long flushPos;
    private Instant lastSendTime;
    private Instant lastReceiptTime;
    private long latestEnd;
    private Instant latestEndTime;
    private WalReceiverStatus reported;
    private long lastReplyNanos;
    private long lastSentWrite = -1;
    private long lastSentFlush = -1;
    private long lastFeedbackNanos;
    private boolean primaryHasStandbyXmin = true;
    /** hot_standby_feedback as last seen by the stream loop. */
    private boolean feedbackSetting;

    WalReceiverMain(WalReceipt receipt, ProcessLatch latch, Supplier<Settings> settings, int pid,
                    TimelineHistoryFiles historyFiles) {
        this.receipt = receipt;
        this.latch = latch;
        this.settings = settings;
        this.pid = pid;
        this.historyFiles = historyFiles;
    }

    /** QUIT: the run ends at once, without a message (quickdie). */
    private static final class Quit extends Exception {
    }

    /** The run; returns after QUIT, throws a FATAL PgException otherwise (already logged). */
    void run() {
        try {
            StreamStart start = awaitStreamRequest();
            startLsn = start.lsn();
            startTli = start.timeline();
            Settings current = settings.get();
            connectedWith = current;
            try {
                connection = ReplicationConnection.connect(current.conninfo(), current.applicationName(),
                        latch::stopRequested, current.timeoutMillis());
            } catch (LibpqException e) {
                throw fatal(SqlState.CONNECTION_FAILURE, Messages.couldNotConnect(e.getMessage()));
            } catch (ReplicationConnection.ReplyTimeout e) {
                throw fatal(SqlState.CONNECTION_FAILURE, Messages.couldNotConnect("timeout expired"));
            } catch (InterruptedException e) {
                checkInterrupts();
                throw fatal(SqlState.ADMIN_SHUTDOWN, Messages.TERMINATING_ADMIN);
            }
            report();
            // One stream per run: PostgreSQL's walreceiver would wait here for the startup process to ask again
            // (WALRCV_WAITING -> RESTARTING, "restarted WAL streaming at ..."), but osgres's startup process asks
            // only once the walreceiver has ended, after wal_retrieve_retry_interval; waiting for that request here
            // would find the old one still standing and restart the same stream at once, again and again
            stream(start);
        } catch (Quit quit) {
            // quickdie: nothing is logged; the connection is just closed
        } finally {
            if (connection != null) {
                connection.close();
            }
            receipt.reportStatus(null);
        }
    }

    /** WalRcvWaitForStartPosition: polls the storage for the startup process's request, checking signals. */
    private StreamStart awaitStreamRequest() throws Quit {
        while (true) {
            checkInterrupts();
            StreamStart start = latch.interruptibly(() -> receipt.awaitStreamRequest(REQUEST_POLL_MILLIS));
            if (start != null) {
                return start;
            }
        }
    }

    /** ProcessWalRcvInterrupts: QUIT ends the run, TERM is FATAL. */
    private void checkInterrupts() throws Quit {
        if (latch.isPending(ProcSignal.QUIT)) {
            throw new Quit();
        }
        if (latch.isPending(ProcSignal.TERM)) {
            throw fatal(SqlState.ADMIN_SHUTDOWN, Messages.TERMINATING_ADMIN);
        }
    }

    /** One START_REPLICATION round on the open connection. */
    private void stream(StreamStart start) throws Quit {
        startLsn = start.lsn();
        startTli = start.timeline();
        ReplicationConnection.QueryResult identity = run(() -> connection.exec("IDENTIFY_SYSTEM"),
                Messages::couldNotIdentify, SqlState.PROTOCOL_VIOLATION);
        if (identity.rows().size() != 1 || identity.columns().size() < 3) {
            throw fatal(PgException.fatal(SqlState.PROTOCOL_VIOLATION, Messages.INVALID_RESPONSE)
                    .withDetail(Messages.identifyShape(identity.rows().size(), identity.columns().size())));
        }
        String primarySysid = text(identity.rows().get(0)[0]);
        int primaryTli = Integer.parseInt(text(identity.rows().get(0)[1]));
        String standbySysid = Long.toUnsignedString(receipt.systemIdentifier());
        if (!standbySysid.equals(primarySysid)) {
            throw fatal(PgException.fatal(SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE, Messages.SYSTEM_ID_DIFFERS)
                    .withDetail(Messages.systemIdDetail(primarySysid, standbySysid)));
        }
        if (primaryTli < startTli) {
            throw fatal(SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE, Messages.timelineBehind(primaryTli, startTli));
        }
        fetchHistoryFiles(startTli, primaryTli);

        String slot = connectedWith.slotName().isEmpty() ? null : connectedWith.slotName();
        if (slot == null && connectedWith.createTempSlot()) {
            // wal_receiver_create_temp_slot without primary_slot_name: a slot that lives as long as this
            // connection, named after the walsender's pid
            slot = "pg_walreceiver_" + connection.backendPid();
            String created = slot;
            run(() -> connection.exec(createSlotCommand(created)),
                    text -> Messages.couldNotCreateSlot(created, text), SqlState.PROTOCOL_VIOLATION);
            slotName = slot;
        }
        String command = "START_REPLICATION" + (slot == null ? "" : " SLOT \"" + slot + "\"") + " "
                + Lsn.format(startLsn) + " TIMELINE " + Integer.toUnsignedString(startTli);
        ReplicationConnection.QueryResult started = run(() -> connection.exec(command), Messages::couldNotStart,
                SqlState.PROTOCOL_VIOLATION);
        if (!started.copyBoth()) {
            ServerLog.log(Messages.noMoreWal(startTli));
            return;
        }
        ServerLog.log(Messages.started(startLsn, startTli));
        writePos = startLsn;
        flushPos = startLsn;
        feedbackSetting = connectedWith.hotStandbyFeedback();
        state = "streaming";
        report();
        streamLoop(connectedWith.timeoutMillis());
        int nextTli;
        try {
            nextTli = connection.endStreaming();
        } catch (ReplicationConnection.EndStreamingException e) {
            throw e.sendFailed()
                    ? fatal(SqlState.CONNECTION_FAILURE, Messages.couldNotSendEnd(e.getMessage()))
                    : fatal(SqlState.PROTOCOL_VIOLATION, Messages.errorReadingResult(e.getMessage()));
        } catch (InterruptedException e) {
            checkInterrupts();
            throw fatal(SqlState.ADMIN_SHUTDOWN, Messages.TERMINATING_ADMIN);
        } catch (ReplicationConnection.ReplyTimeout e) {
            throw fatal(SqlState.CONNECTION_FAILURE, Messages.TIMEOUT);
        }
        fetchHistoryFiles(startTli, nextTli == 0 ? primaryTli : nextTli);
        flush();
    }

    /** libpqrcv_create_slot for a temporary physical slot; the options syntax of PostgreSQL 15 and later. */
    private String createSlotCommand(String slot) {
        String version = connection.parameter("server_version");
        int major = 0;
        if (version != null) {
            int end = 0;
            while (end < version.length() && Character.isDigit(version.charAt(end))) {
                end++;
            }
            major = end == 0 ? 0 : Integer.parseInt(version.substring(0, end));
        }
        return "CREATE_REPLICATION_SLOT \"" + slot + "\" TEMPORARY PHYSICAL"
                + (major >= 15 ? " (RESERVE_WAL)" : " RESERVE_WAL");
    }

    /** The COPY loop: until the primary ends the stream. */
    private void streamLoop(int initialTimeoutMillis) throws Quit {
        long lastReceive = System.nanoTime();
        boolean pingSent = false;
        while (true) {
            checkInterrupts();
            if (!receipt.streamingWanted()) {
                // ShutdownWalRcv (a promotion, a shutdown): PostgreSQL's startup process sends the TERM the
                // postmaster also delivers; whichever is seen first ends the stream the same way
                throw fatal(SqlState.ADMIN_SHUTDOWN, Messages.TERMINATING_ADMIN);
            }
            Settings current = settings.get();
            if (!current.conninfo().equals(connectedWith.conninfo())
                    || !current.slotName().equals(connectedWith.slotName())) {
                // StartupRereadConfig: a reload changed where to stream from; PostgreSQL's startup process logs
                // this and stops the walreceiver, and the next one connects with the new settings
                ServerLog.log(Messages.SHUTDOWN_REQUESTED);
                throw fatal(SqlState.ADMIN_SHUTDOWN, Messages.TERMINATING_ADMIN);
            }
            if (current.hotStandbyFeedback() != feedbackSetting) {
                // a reload turned hot_standby_feedback on or off: tell the primary at once (ProcessConfigFile)
                feedbackSetting = current.hotStandbyFeedback();
                sendFeedback(true);
            }
            byte[] payload = receive(ChannelTransport.SLICE_MILLIS);
            if (payload != null) {
                long batch = 0;
                boolean endOfWal = false;
                while (payload != null) {
                    if (payload == ReplicationConnection.END_OF_STREAM) {
                        ServerLog.log(Severity.LOG, Messages.REPLICATION_TERMINATED,
                                Messages.endOfWal(startTli, writePos), null);
                        endOfWal = true;
                        break;
                    }
                    lastReceive = System.nanoTime();
                    pingSent = false;
                    batch += process(payload);
                    if (batch >= MAX_BATCH_BYTES) {
                        break;
                    }
                    payload = receive(0);
                }
                sendReply(false, false);
                flush();
                if (endOfWal) {
                    return;
                }
                continue;
            }
            boolean requestReply = false;
            int timeout = current.timeoutMillis() > 0 ? current.timeoutMillis() : initialTimeoutMillis;
            if (timeout > 0) {
                long silent = (System.nanoTime() - lastReceive) / 1_000_000L;
                if (silent >= timeout) {
                    throw fatal(SqlState.CONNECTION_FAILURE, Messages.TIMEOUT);
                }
                if (!pingSent && silent >= timeout / 2) {
                    requestReply = true;
                    pingSent = true;
                }
            }
            sendReply(requestReply, requestReply);
            sendFeedback(false);
        }
    }

    private byte[] receive(long timeoutMillis) {
        try {
            return connection.receive(timeoutMillis);
        } catch (LibpqException e) {
            throw fatal(SqlState.CONNECTION_FAILURE, Messages.couldNotReceive(e.getMessage()));
        }
    }

    /** XLogWalRcvProcessMsg; returns the WAL bytes written. */
    private long process(byte[] payload) {
        StreamMessage message;
        try {
            message = StreamMessage.parse(payload);
        } catch (StreamMessage.InvalidMessage e) {
            throw fatal(SqlState.PROTOCOL_VIOLATION, e.getMessage());
        }
        Instant now = Instant.now();
        switch (message) {
            case StreamMessage.XLogData data -> {
                noteSender(data.walEnd(), data.sendTime(), now);
                receipt.write(data.dataStart(), data.buffer(), data.offset(), data.length());
                writePos = Math.max(writePos, data.dataStart() + data.length());
                return data.length();
            }
            case StreamMessage.Keepalive keepalive -> {
                noteSender(keepalive.walEnd(), keepalive.sendTime(), now);
                if (keepalive.replyRequested()) {
                    sendReply(true, false);
                }
                return 0;
            }
        }
    }

    /** ProcessWalSndrMessage: the sender's clock and its WAL end, for pg_stat_wal_receiver. */
    private void noteSender(long walEnd, long sendTime, Instant now) {
        lastSendTime = fromPgMicros(sendTime);
        lastReceiptTime = now;
        if (walEnd > latestEnd) {
            latestEnd = walEnd;
            latestEndTime = now;
        }
    }

    /** XLogWalRcvFlush: makes the written WAL durable and tells the primary. */
    private void flush() {
        if (flushPos < writePos) {
            flushPos = Math.max(flushPos, receipt.flush());
            sendReply(false, false);
            sendFeedback(false);
        }
        report();
    }

    /** XLogWalRcvSendReply: a status update when forced, when a position moved, or every status interval. */
    private void sendReply(boolean force, boolean requestReply) {
        Settings current = settings.get();
        if (!force && current.statusIntervalSeconds() <= 0) {
            return;
        }
        long now = System.nanoTime();
        if (!force && writePos == lastSentWrite && flushPos == lastSentFlush
                && now - lastReplyNanos < current.statusIntervalSeconds() * 1_000_000_000L) {
            return;
        }
        send(FrontendMessages.standbyStatusUpdate(writePos, flushPos, receipt.replayedUpTo(), pgNow(),
                requestReply));
        lastReplyNanos = now;
        lastSentWrite = writePos;
        lastSentFlush = flushPos;
    }

    /**
     * XLogWalRcvSendHSFeedback: with hot_standby_feedback on, the oldest xmin of this standby's sessions
     * ({@link WalReceipt#feedbackXmin}, the epoch in its upper 32 bits), every wal_receiver_status_interval; 0
     * tells the primary to keep no xmin for us, which is also what is sent once after the setting is turned off.
     */
    private void sendFeedback(boolean immediate) {
        Settings current = settings.get();
        if ((current.statusIntervalSeconds() <= 0 || !current.hotStandbyFeedback()) && !primaryHasStandbyXmin) {
            return;
        }
        long now = System.nanoTime();
        if (!immediate && lastFeedbackNanos != 0
                && now - lastFeedbackNanos < current.statusIntervalSeconds() * 1_000_000_000L) {
            return;
        }
        long xmin = current.hotStandbyFeedback() ? receipt.feedbackXmin() : 0;
        send(FrontendMessages.hotStandbyFeedback(pgNow(), (int) xmin, (int) (xmin >>> 32), 0, 0));
        lastFeedbackNanos = now;
        primaryHasStandbyXmin = xmin != 0;
    }

    private void send(byte[] message) {
        try {
            connection.send(message);
        } catch (LibpqException e) {
            throw fatal(SqlState.CONNECTION_FAILURE, Messages.couldNotSend(e.getMessage()));
        }
    }

    /** WalRcvFetchTimeLineHistoryFiles: every history file from {@code first} to {@code last} pg_wal lacks. */
    private void fetchHistoryFiles(int first, int last) throws Quit {
        if (historyFiles == null) {
            return;
        }
        for (int tli = first; tli <= last; tli++) {
            if (tli == 1 || historyFiles.exists(tli)) {
                continue;
            }
            ServerLog.log(Messages.fetchingHistory(tli));
            int requested = tli;
            ReplicationConnection.QueryResult history = run(
                    () -> connection.exec("TIMELINE_HISTORY " + Integer.toUnsignedString(requested)),
                    Messages::couldNotReceiveHistory, SqlState.PROTOCOL_VIOLATION);
            if (history.rows().size() != 1 || history.columns().size() != 2) {
                throw fatal(PgException.fatal(SqlState.PROTOCOL_VIOLATION, Messages.INVALID_RESPONSE)
                        .withDetail(Messages.historyShape(history.rows().size(), history.columns().size())));
            }
            String name = text(history.rows().get(0)[0]);
            if (!TimelineHistoryFiles.fileName(tli).equals(name)) {
                throw fatal(SqlState.PROTOCOL_VIOLATION, Messages.unexpectedHistoryName(tli));
            }
            byte[] content = history.rows().get(0)[1];
            try {
                historyFiles.write(tli, content == null ? new byte[0] : content);
            } catch (IOException e) {
                throw fatal(SqlState.IO_ERROR, Messages.couldNotWriteHistory(name,
                        e.getMessage() == null ? "I/O error" : e.getMessage()));
            }
        }
    }

    /** A replication command; its LibpqException becomes FATAL with the given prefix. */
    private <T> T run(Command<T> command, Function<String, String> message, String sqlState)
            throws Quit {
        try {
            return command.run();
        } catch (LibpqException e) {
            throw fatal(sqlState, message.apply(e.getMessage()));
        } catch (InterruptedException e) {
            checkInterrupts();
            throw fatal(SqlState.ADMIN_SHUTDOWN, Messages.TERMINATING_ADMIN);
        } catch (ReplicationConnection.ReplyTimeout e) {
            throw fatal(SqlState.CONNECTION_FAILURE, Messages.TIMEOUT);
        }
    }

    @FunctionalInterface
    private interface Command<T> {
        T run() throws LibpqException, InterruptedException, ReplicationConnection.ReplyTimeout;
    }

    /** Reports the state when it differs from the last report (pg_stat_wal_receiver). */
    private void report() {
        Settings current = settings.get();
        WalReceiverStatus status = new WalReceiverStatus(pid, state, startLsn, startTli, writePos, flushPos,
                startTli, lastSendTime, lastReceiptTime, latestEnd, latestEndTime,
                slotName != null ? slotName : current.slotName().isEmpty() ? null : current.slotName(),
                connection == null ? null : connection.senderHost(),
                connection == null ? 0 : connection.senderPort(),
                connection == null ? null : connection.displayConninfo());
        if (!Objects.equals(status, reported)) {
            receipt.reportStatus(status);
            reported = status;
        }
    }

    private PgException fatal(String sqlState, String message) {
        return fatal(PgException.fatal(sqlState, message));
    }

    /** Logs the FATAL as the walreceiver process does, reports "stopping", and returns it to be thrown. */
    private PgException fatal(PgException e) {
        ServerLog.log(e);
        state = "stopping";
        report();
        return e;
    }

    private static String text(byte[] value) {
        return value == null ? "" : new String(value, StandardCharsets.UTF_8);
    }

    static long pgNow() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000 - PG_EPOCH_OFFSET_MICROS;
    }

    static Instant fromPgMicros(long micros) {
        long unixMicros = micros + PG_EPOCH_OFFSET_MICROS;
        return Instant.ofEpochSecond(Math.floorDiv(unixMicros, 1_000_000L),
                Math.floorMod(unixMicros, 1_000_000L) * 1000L);
    }
}
