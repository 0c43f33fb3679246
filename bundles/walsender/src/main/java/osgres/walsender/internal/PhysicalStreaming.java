package osgres.walsender.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import osgres.api.PgException;
import osgres.api.ReplicationConnection;
import osgres.api.ServerLog;
import osgres.api.Severity;
import osgres.api.SqlState;
import osgres.api.WalSenderStatus;
import osgres.storage.ReplicationSource;

/**
 * START_REPLICATION, physical (walsender.c's StartReplication, WalSndLoop, XLogSendPhysical, ProcessRepliesIfAny):
 * CopyBothResponse, then the flushed WAL from the requested start as XLogData messages of at most 128 kB (a chunk
 * that is not the last ends on an 8 kB page boundary), keepalives when the standby has been silent for half of
 * {@code wal_sender_timeout}, its status updates and hot-standby feedback taken in as they come (a slot's restart
 * LSN follows its flush position), until the client's CopyDone. A reader thread of its own takes the client's
 * messages while this thread sends; it wakes this one for each.
 *
 * <p>Errors after streaming began end the session (FATAL): the protocol state would not allow an ERROR to be
 * followed by another command. The standby going silent past {@code wal_sender_timeout}, its EOF or Terminate end
 * it as PostgreSQL's walsender exits.
 */
final class PhysicalStreaming {
    /** MAX_SEND_SIZE: 16 XLOG_BLCKSZ pages. */
    private static final int MAX_SEND = 16 * 8192;
    private static final int PAGE = 8192;
    private static final long SEGMENT = 16L << 20;
    private static final long POSTGRES_EPOCH_MICROS = 946_684_800_000_000L;
    /** Longest nap between interrupt checks when nothing else wakes this thread. */
    private static final long MAX_NAP_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final ReplicationConnection.Message END_OF_INPUT = new ReplicationConnection.Message('\0', null);

    private final WalSenderSessionImpl session;
    private final ReplicationConnection connection;
    private final ReplicationSource source;
    private final String slot;
    private final long timeoutMillis;
    private final ConcurrentLinkedQueue<ReplicationConnection.Message> incoming = new ConcurrentLinkedQueue<>();
    private final byte[] buffer = new byte[25 + MAX_SEND];

    private long sent;
    private long writeLsn;
    private long flushLsn;
    private long replayLsn;
    private Instant replyTime;
    private long xmin;
    private long lastReplyNanos = System.nanoTime();
    private boolean pingSent;
    private boolean caughtUp;
    private final LagTracker lag = new LagTracker();
    /** write_lag, flush_lag, replay_lag in microseconds, -1 while unknown (NULL). */
    private long writeLag = -1;
    private long flushLag = -1;
    private long replayLag = -1;
    private boolean fullyAppliedLastTime;

    PhysicalStreaming(WalSenderSessionImpl session, ReplicationSource source, String slot,
                      WalSenderComponent.Settings settings) {
        this.session = session;
        this.connection = session.connection();
        this.source = source;
        this.slot = slot;
        this.timeoutMillis = settings.walSenderTimeoutMillis();
    }

    void run(long start) {
        long flushed = source.flushLsn();
        connection.copyResponse('W');
        flushOrEnd();
        if (start > flushed) {
            throw PgException.error(SqlState.INTERNAL_ERROR, "requested starting point " + Lsn.format(start)
                    + " is ahead of the WAL flush position of this server " + Lsn.format(flushed));
        }
        sent = start;
        report("catchup");
        Thread main = Thread.currentThread();
        Thread.ofVirtual().name("postgres: walsender reader " + connection.pid()).start(() -> read(main));
        try {
            stream();
        } catch (PgException e) {
            // the session ends: its socket closes under the reader, which then ends too
            throw e.severity() == Severity.ERROR ? e.withSeverity(Severity.FATAL) : e;
        } finally {
            source.standbyGone(connection.pid());
        }
        // the client ended COPY: CopyDone back, then START_STREAMING and the command's own tag
        connection.copyDone();
        connection.commandComplete("START_STREAMING");
        connection.commandComplete("START_REPLICATION");
        report("startup");
    }

    private void read(Thread main) {
        try {
            while (true) {
                ReplicationConnection.Message m = connection.readMessage();
                incoming.add(m == null ? END_OF_INPUT : m);
                LockSupport.unpark(main);
                if (m == null || m.type() == 'c' || m.type() == 'X') {
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            incoming.add(END_OF_INPUT);
            LockSupport.unpark(main);
        }
    }

    /** WalSndLoop until the client's CopyDone. */
    private void stream() {
        while (true) {
            connection.checkForInterrupts();
            session.checkOpen();
            if (processReplies()) {
                return;
            }
            long flushed = source.flushLsn();
            if (sent < flushed) {
                send(flushed);
                continue;
            }
            if (!caughtUp) {
                caughtUp = true;
                report("streaming");
            }
            flushOrEnd();
            long napNanos = keepaliveIfNecessary();
            try {
                source.awaitFlush(sent, napNanos);
            } catch (InterruptedException e) {
                connection.checkForInterrupts(); // an interrupt is only ever a wake-up here
            }
        }
    }

    /** XLogSendPhysical: one XLogData of at most 128 kB of flushed WAL, within one segment. */
    private void send(long flushed) {
        long end = Math.min(flushed, sent + MAX_SEND);
        if (end < flushed) {
            end -= end % PAGE;
        }
        end = Math.min(end, (sent / SEGMENT + 1) * SEGMENT);
        int n = source.readWal(sent, buffer, 25, (int) (end - sent));
        ByteBuffer header = ByteBuffer.wrap(buffer, 0, 25);
        header.put((byte) 'w').putLong(sent).putLong(flushed).putLong(now());
        byte[] message = java.util.Arrays.copyOf(buffer, 25 + n);
        connection.copyData(message);
        sent += n;
        lag.sent(sent, System.nanoTime());
        report(caughtUp ? "streaming" : "catchup");
        if (sent >= flushed) {
            flushOrEnd();
        }
    }

    /**
     * WalSndKeepaliveIfNecessary and WalSndCheckTimeOut: a keepalive asking for a reply once the standby has been
     * silent for half the timeout, the end at the full timeout. Returns how long to nap at most.
     */
    private long keepaliveIfNecessary() {
        if (timeoutMillis <= 0) {
            return MAX_NAP_NANOS;
        }
        long silent = System.nanoTime() - lastReplyNanos;
        long timeout = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        if (silent >= timeout) {
            ServerLog.log(Severity.LOG, "terminating walsender process due to replication timeout");
            throw connection.endSession();
        }
        if (silent >= timeout / 2 && !pingSent) {
            keepalive(true);
            pingSent = true;
        }
        long untilNext = (pingSent ? timeout : timeout / 2) - silent;
        return Math.max(1, Math.min(MAX_NAP_NANOS, untilNext));
    }

    private void keepalive(boolean requestReply) {
        ByteBuffer b = ByteBuffer.allocate(18);
        b.put((byte) 'k').putLong(sent).putLong(now()).put((byte) (requestReply ? 1 : 0));
        connection.copyData(b.array());
        flushOrEnd();
    }

    /** ProcessRepliesIfAny; true when the client sent CopyDone. */
    private boolean processReplies() {
        ReplicationConnection.Message m;
        while ((m = incoming.poll()) != null) {
            if (m == END_OF_INPUT) {
                ServerLog.log(Severity.LOG, "unexpected EOF on standby connection");
                throw connection.endSession();
            }
            lastReplyNanos = System.nanoTime();
            pingSent = false;
            switch (m.type()) {
                case 'c' -> {
                    return true;
                }
                case 'X' -> throw connection.endSession();
                case 'd' -> copyData(m.body());
                default -> throw PgException.fatal(SqlState.PROTOCOL_VIOLATION,
                        "invalid standby message type \"" + m.type() + "\"");
            }
        }
        return false;
    }

    private void copyData(byte[] body) {
        if (body.length == 0) {
            throw PgException.fatal(SqlState.PROTOCOL_VIOLATION, "unexpected message type \"\"");
        }
        ByteBuffer b = ByteBuffer.wrap(body);
        char type = (char) b.get();
        switch (type) {
            case 'r' -> {
                requireLength(body, 34);
                writeLsn = b.getLong();
                flushLsn = b.getLong();
                replayLsn = b.getLong();
                replyTime = fromPostgresMicros(b.getLong());
                boolean replyRequested = b.get() != 0;
                measureLag();
                if (slot != null && flushLsn != 0) {
                    source.advanceSlot(slot, flushLsn, xmin);
                }
                // SyncRepReleaseWaiters: commits waiting for this standby re-check
                source.reportStandby(connection.pid(), connection.applicationName(), writeLsn, flushLsn, replayLsn);
                report(caughtUp ? "streaming" : "catchup");
                if (replyRequested) {
                    keepalive(false);
                }
            }
            case 'h' -> {
                requireLength(body, 25);
                b.getLong();
                long feedbackXmin = Integer.toUnsignedLong(b.getInt());
                long epoch = Integer.toUnsignedLong(b.getInt());
                long catalogXmin = Integer.toUnsignedLong(b.getInt());
                // osgres's xids are 64-bit: the epoch is their upper half
                xmin = feedbackXmin == 0 && catalogXmin == 0 ? 0 : epoch << 32 | feedbackXmin;
                if (slot != null) {
                    source.advanceSlot(slot, 0, xmin);
                } else {
                    source.feedbackXmin(connection.pid(), xmin); // ProcessStandbyHSFeedbackMessage
                }
                report(caughtUp ? "streaming" : "catchup");
            }
            default -> throw PgException.fatal(SqlState.PROTOCOL_VIOLATION, "unexpected message type \"" + type + "\"");
        }
    }

    /**
     * ProcessStandbyReplyMessage's lag times: each reported position's lag since that WAL was sent; after two
     * replies in a row saying everything sent is replayed (the second one sent by wal_receiver_status_interval),
     * the lags are cleared, as PostgreSQL forgets them until more WAL is written.
     */
    private void measureLag() {
        long now = System.nanoTime();
        long w = lag.read(LagTracker.WRITE, writeLsn, now);
        long f = lag.read(LagTracker.FLUSH, flushLsn, now);
        long a = lag.read(LagTracker.APPLY, replayLsn, now);
        boolean clear = false;
        if (replayLsn == sent) {
            clear = fullyAppliedLastTime;
            fullyAppliedLastTime = true;
        } else {
            fullyAppliedLastTime = false;
        }
        if (w != -1 || clear) {
            writeLag = w;
        }
        if (f != -1 || clear) {
            flushLag = f;
        }
        if (a != -1 || clear) {
            replayLag = a;
        }
    }

    private static void requireLength(byte[] body, int length) {
        if (body.length != length) {
            throw PgException.fatal(SqlState.PROTOCOL_VIOLATION, "invalid standby message length");
        }
    }

    private void report(String state) {
        String[] sync = source.syncState(connection.pid());
        session.setStatus(new WalSenderStatus(connection.pid(), state, sent, writeLsn, flushLsn, replayLsn, writeLag,
                flushLag, replayLag, Integer.parseInt(sync[0]), sync[1], replyTime, slot == null ? xmin : 0));
    }

    private void flushOrEnd() {
        try {
            connection.flush();
        } catch (IOException e) {
            throw connection.endSession();
        }
    }

    private static long now() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000 - POSTGRES_EPOCH_MICROS;
    }

    private static Instant fromPostgresMicros(long micros) {
        long unix = micros + POSTGRES_EPOCH_MICROS;
        return Instant.ofEpochSecond(Math.floorDiv(unix, 1_000_000), Math.floorMod(unix, 1_000_000) * 1000);
    }
}
