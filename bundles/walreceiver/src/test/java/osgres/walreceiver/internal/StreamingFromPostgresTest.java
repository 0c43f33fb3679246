package osgres.walreceiver.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import osgres.api.PgException;
import osgres.api.ProcSignal;
import osgres.api.ProcessLatch;
import osgres.api.Severity;
import osgres.storage.AuxiliaryWork.StreamStart;
import osgres.storage.AuxiliaryWork.WalReceipt;
import osgres.storage.WalReceiverStatus;

/**
 * The walreceiver against a real PostgreSQL 15 primary: the WAL it streams is byte for byte the primary's segment
 * file, over SCRAM with TLS, md5 without TLS and a Unix socket; a wrong password, a foreign system identifier, a
 * refused connection, an unknown slot, a reload of primary_conninfo and the primary's shutdown end it with
 * PostgreSQL's FATAL texts; TERM ends it at once. Skipped only when PostgreSQL 15 is not installed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StreamingFromPostgresTest {
    private static final int SEGMENT_SIZE = 16 * 1024 * 1024;
    private static final long DEADLINE_MILLIS = 60_000;

    private static ReferencePrimary primary;
    private static long systemIdentifier;

    @TempDir
    Path walDirectory;

    @BeforeAll
    static void startPrimary() throws Exception {
        Assumptions.assumeTrue(ReferencePrimary.installed(), "PostgreSQL 15 binaries are not installed");
        primary = ReferencePrimary.start();
        systemIdentifier = Long.parseUnsignedLong(primary.psql("SELECT system_identifier FROM pg_control_system()"));
    }

    @AfterAll
    static void stopPrimary() throws Exception {
        if (primary != null) {
            primary.close();
        }
    }

    /** A WalReceipt that keeps one segment in memory. */
    static final class MemoryReceipt implements WalReceipt {
        final long segmentStart;
        final byte[] segment = new byte[SEGMENT_SIZE];
        final long sysid;
        final List<WalReceiverStatus> statuses = Collections.synchronizedList(new ArrayList<>());
        private StreamStart request;
        volatile long written;
        volatile long flushed;
        volatile long feedbackXmin;

        MemoryReceipt(long segmentStart, long sysid) {
            this.segmentStart = segmentStart;
            this.sysid = sysid;
            this.request = new StreamStart(segmentStart, 1);
        }

        @Override
        public synchronized StreamStart awaitStreamRequest(long timeoutMillis) throws InterruptedException {
            if (request != null) {
                StreamStart start = request;
                request = null;
                return start;
            }
            wait(timeoutMillis);
            return null;
        }

        @Override
        public long systemIdentifier() {
            return sysid;
        }

        @Override
        public void write(long lsn, byte[] data, int offset, int length) {
            long from = Math.max(lsn, segmentStart);
            long to = Math.min(lsn + length, segmentStart + SEGMENT_SIZE);
            if (from < to) {
                System.arraycopy(data, offset + (int) (from - lsn), segment, (int) (from - segmentStart),
                        (int) (to - from));
            }
            written = Math.max(written, lsn + length);
        }

        @Override
        public long flush() {
            flushed = written;
            return flushed;
        }

        @Override
        public long replayedUpTo() {
            return flushed;
        }

        @Override
        public void reportStatus(WalReceiverStatus status) {
            statuses.add(status);
        }

        @Override
        public long feedbackXmin() {
            return feedbackXmin;
        }

        WalReceiverStatus lastStatus() {
            synchronized (statuses) {
                return statuses.isEmpty() ? null : statuses.get(statuses.size() - 1);
            }
        }
    }

    /** One walreceiver run on its own thread. */
    final class Run {
        final ProcessLatch latch = new ProcessLatch();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final AtomicReference<WalReceiverMain.Settings> settings = new AtomicReference<>();
        final Thread thread;

        Run(MemoryReceipt receipt, String conninfo) {
            this(receipt, conninfo, "");
        }

        Run(MemoryReceipt receipt, String conninfo, String slot) {
            this(receipt, conninfo, slot, false);
        }

        Run(MemoryReceipt receipt, String conninfo, String slot, boolean createTempSlot) {
            settings.set(new WalReceiverMain.Settings(conninfo, slot, 1, 60_000, true, "", createTempSlot));
            WalReceiverMain main = new WalReceiverMain(receipt, latch, settings::get, 4242,
                    new TimelineHistoryFiles(walDirectory));
            thread = Thread.ofPlatform().name("walreceiver-test").start(() -> {
                try {
                    main.run();
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
        }

        /** Waits for the run to end; returns its FATAL. */
        PgException awaitFatal() throws InterruptedException {
            thread.join(DEADLINE_MILLIS);
            assertThat(thread.isAlive()).as("walreceiver still running").isFalse();
            assertThat(failure.get()).isInstanceOf(PgException.class);
            PgException e = (PgException) failure.get();
            assertThat(e.severity()).isEqualTo(Severity.FATAL);
            return e;
        }

        PgException terminate() throws InterruptedException {
            long start = System.nanoTime();
            latch.signal(ProcSignal.TERM);
            PgException e = awaitFatal();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(2000);
            assertThat(e.getMessage()).isEqualTo("terminating walreceiver process due to administrator command");
            assertThat(e.sqlState()).isEqualTo("57P01");
            return e;
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MILLIS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline >= 0) {
                fail("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }

    private static long currentSegmentStart() {
        return Lsn.parse(primary.psql("SELECT pg_current_wal_lsn()")) & ~((long) SEGMENT_SIZE - 1);
    }

    private static String tcp(String user, String password) {
        return "host=127.0.0.1 port=" + primary.port + " user=" + user + " password=" + password;
    }

    @Test
    @Order(1)
    void streamsTheBytesOfThePrimarysSegmentOverScram() throws Exception {
        long segmentStart = currentSegmentStart();
        MemoryReceipt receipt = new MemoryReceipt(segmentStart, systemIdentifier);
        Run run = new Run(receipt, tcp("rep", "secret") + " application_name=standby_one sslmode=require");
        await("streaming", () -> receipt.lastStatus() != null && "streaming".equals(receipt.lastStatus().status()));

        long target = Lsn.parse(primary.psql("CREATE TABLE t AS SELECT g, repeat('x', 100) AS pad "
                + "FROM generate_series(1, 20000) g; SELECT pg_current_wal_flush_lsn()").lines()
                .reduce((a, b) -> b).orElseThrow());
        assertThat(target).as("the WAL stays in one segment").isLessThan(segmentStart + SEGMENT_SIZE);
        await("flushed past " + Lsn.format(target), () -> receipt.flushed >= target);

        long segno = segmentStart / SEGMENT_SIZE;
        String walFile = String.format("%08X%08X%08X", 1, segno / 0x100, segno % 0x100);
        byte[] onPrimary = Files.readAllBytes(primary.data.resolve("pg_wal").resolve(walFile));
        int length = (int) (target - segmentStart);
        for (int i = 0; i < length; i++) {
            if (onPrimary[i] != receipt.segment[i]) {
                fail("byte " + i + " of " + walFile + " differs: primary " + onPrimary[i] + ", received "
                        + receipt.segment[i]);
            }
        }
        WalReceiverStatus status = receipt.lastStatus();
        assertThat(status.pid()).isEqualTo(4242);
        assertThat(status.receiveStartLsn()).isEqualTo(segmentStart);
        assertThat(status.receiveStartTli()).isEqualTo(1);
        assertThat(status.senderHost()).isEqualTo("127.0.0.1");
        assertThat(status.senderPort()).isEqualTo(primary.port);
        assertThat(status.conninfo()).contains("user=rep", "password=********").doesNotContain("secret");
        assertThat(primary.psql("SELECT ssl FROM pg_stat_ssl JOIN pg_stat_replication USING (pid)"))
                .as("streamed over TLS").isEqualTo("t");
        await("the primary sees our flush position", () -> {
            String row = primary.psql("SELECT application_name || ' ' || state || ' ' || "
                    + "(flush_lsn >= '" + Lsn.format(target) + "')::text FROM pg_stat_replication");
            return row.equals("standby_one streaming true");
        });

        run.terminate();
        assertThat(receipt.lastStatus()).isNull();
    }

    @Test
    @Order(2)
    void md5AuthenticationAndUnixSocket() throws Exception {
        MemoryReceipt overMd5 = new MemoryReceipt(currentSegmentStart(), systemIdentifier);
        Run md5 = new Run(overMd5, tcp("md5rep", "md5secret") + " sslmode=disable");
        await("streaming over md5", () -> overMd5.lastStatus() != null
                && "streaming".equals(overMd5.lastStatus().status()));
        md5.terminate();

        MemoryReceipt overSocket = new MemoryReceipt(currentSegmentStart(), systemIdentifier);
        Run socket = new Run(overSocket, "postgresql://postgres@%2F" + primary.root.toString().substring(1)
                .replace("/", "%2F") + ":" + primary.port + "/ignored");
        await("streaming over the Unix socket", () -> overSocket.lastStatus() != null
                && "streaming".equals(overSocket.lastStatus().status()));
        assertThat(overSocket.lastStatus().senderHost()).isEqualTo(primary.root.toString());
        socket.terminate();
    }

    @Test
    @Order(2)
    void sslmodeVerifyCaAndVerifyFullCheckTheServerAsLibpq() throws Exception {
        String root = primary.data.resolve("server.crt").toString();
        MemoryReceipt verified = new MemoryReceipt(currentSegmentStart(), systemIdentifier);
        // localhost: ::1 is refused (the primary listens on 127.0.0.1 only), then 127.0.0.1 matches CN=localhost
        Run full = new Run(verified, "host=localhost port=" + primary.port + " user=rep password=secret "
                + "sslmode=verify-full sslrootcert=" + root);
        await("streaming with verify-full", () -> verified.lastStatus() != null
                && "streaming".equals(verified.lastStatus().status()));
        full.terminate();

        PgException mismatch = new Run(new MemoryReceipt(currentSegmentStart(), systemIdentifier),
                tcp("rep", "secret") + " sslmode=verify-full sslrootcert=" + root).awaitFatal();
        assertThat(mismatch.getMessage()).isEqualTo("could not connect to the primary server: connection to server "
                + "at \"127.0.0.1\", port " + primary.port + " failed: server certificate for \"localhost\" does not "
                + "match host name \"127.0.0.1\"");

        MemoryReceipt caOnly = new MemoryReceipt(currentSegmentStart(), systemIdentifier);
        Run ca = new Run(caOnly, tcp("rep", "secret") + " sslmode=verify-ca sslrootcert=" + root);
        await("streaming with verify-ca", () -> caOnly.lastStatus() != null
                && "streaming".equals(caOnly.lastStatus().status()));
        ca.terminate();

        PgException noRoot = new Run(new MemoryReceipt(currentSegmentStart(), systemIdentifier),
                tcp("rep", "secret") + " sslmode=verify-ca sslrootcert=/nonexistent/root.crt").awaitFatal();
        assertThat(noRoot.getMessage()).isEqualTo("could not connect to the primary server: connection to server "
                + "at \"127.0.0.1\", port " + primary.port + " failed: root certificate file \"/nonexistent/root.crt\" "
                + "does not exist\nEither provide the file or change sslmode to disable server certificate "
                + "verification.");
    }

    @Test
    @Order(3)
    void hotStandbyFeedbackHoldsTheStandbysXminOnThePrimary() throws Exception {
        MemoryReceipt receipt = new MemoryReceipt(currentSegmentStart(), systemIdentifier);
        long xid = Long.parseLong(primary.psql("SELECT txid_current()"));
        receipt.feedbackXmin = xid;
        Run run = new Run(receipt, tcp("rep", "secret") + " application_name=feedback");
        await("backend_xmin " + xid + " on the primary", () -> primary.psql(
                "SELECT backend_xmin FROM pg_stat_replication WHERE application_name = 'feedback'")
                .equals(Long.toString(xid)));
        receipt.feedbackXmin = 0;
        await("backend_xmin cleared", () -> primary.psql(
                "SELECT backend_xmin IS NULL FROM pg_stat_replication WHERE application_name = 'feedback'")
                .equals("t"));
        run.terminate();
    }

    @Test
    @Order(3)
    void aWrongPasswordIsTheServersFatal() throws Exception {
        MemoryReceipt receipt = new MemoryReceipt(currentSegmentStart(), systemIdentifier);
        PgException e = new Run(receipt, tcp("rep", "wrong")).awaitFatal();
        assertThat(e.getMessage()).isEqualTo("could not connect to the primary server: connection to server at "
                + "\"127.0.0.1\", port " + primary.port + " failed: FATAL:  password authentication failed for user "
                + "\"rep\"");
        assertThat(e.sqlState()).isEqualTo("08006");
        assertThat(receipt.lastStatus()).isNull();
    }

    @Test
    @Order(4)
    void aRefusedConnection() throws Exception {
        int closed = ReferencePrimary.freePort();
        MemoryReceipt receipt = new MemoryReceipt(currentSegmentStart(), systemIdentifier);
        PgException e = new Run(receipt, "host=127.0.0.1 port=" + closed + " user=rep").awaitFatal();
        assertThat(e.getMessage()).isEqualTo("could not connect to the primary server: connection to server at "
                + "\"127.0.0.1\", port " + closed + " failed: Connection refused\n"
                + "\tIs the server running on that host and accepting TCP/IP connections?");
    }

    @Test
    @Order(5)
    void aForeignSystemIdentifierIsRefused() throws Exception {
        MemoryReceipt receipt = new MemoryReceipt(currentSegmentStart(), systemIdentifier + 1);
        PgException e = new Run(receipt, tcp("rep", "secret")).awaitFatal();
        assertThat(e.getMessage()).isEqualTo("database system identifier differs between the primary and standby");
        assertThat(e.detail()).isEqualTo("The primary's identifier is " + Long.toUnsignedString(systemIdentifier)
                + ", the standby's identifier is " + Long.toUnsignedString(systemIdentifier + 1) + ".");
        assertThat(e.sqlState()).isEqualTo("55000");
    }

    @Test
    @Order(6)
    void anUnknownSlotFailsTheStart() throws Exception {
        MemoryReceipt receipt = new MemoryReceipt(currentSegmentStart(), systemIdentifier);
        PgException e = new Run(receipt, tcp("rep", "secret"), "nosuch").awaitFatal();
        assertThat(e.getMessage())
                .isEqualTo("could not start WAL streaming: ERROR:  replication slot \"nosuch\" does not exist");
        assertThat(e.sqlState()).isEqualTo("08P01");
    }

    @Test
    @Order(7)
    void walReceiverCreateTempSlotStreamsThroughATemporarySlot() throws Exception {
        MemoryReceipt receipt = new MemoryReceipt(currentSegmentStart(), systemIdentifier);
        Run run = new Run(receipt, tcp("rep", "secret"), "", true);
        await("streaming", () -> receipt.lastStatus() != null && "streaming".equals(receipt.lastStatus().status()));
        String slot = receipt.lastStatus().slotName();
        assertThat(slot).matches("pg_walreceiver_[0-9]+");
        assertThat(primary.psql("SELECT slot_type || ' ' || temporary || ' ' || active FROM pg_replication_slots "
                + "WHERE slot_name = '" + slot + "'")).isEqualTo("physical true true");
        run.terminate();
        await("the temporary slot is gone", () -> primary.psql("SELECT count(*) FROM pg_replication_slots")
                .equals("0"));
    }

    @Test
    @Order(8)
    void aReloadedPrimaryConninfoEndsTheStream() throws Exception {
        MemoryReceipt receipt = new MemoryReceipt(currentSegmentStart(), systemIdentifier);
        Run run = new Run(receipt, tcp("rep", "secret"));
        await("streaming", () -> receipt.lastStatus() != null && "streaming".equals(receipt.lastStatus().status()));
        WalReceiverMain.Settings before = run.settings.get();
        run.settings.set(new WalReceiverMain.Settings(tcp("md5rep", "md5secret"), "", 10, 60_000, true, "", false));
        PgException e = run.awaitFatal();
        assertThat(e.getMessage()).isEqualTo("terminating walreceiver process due to administrator command");
        assertThat(before.conninfo()).contains("user=rep");
    }

    @Test
    @Order(9)
    void thePrimaryShuttingDownEndsTheStream() throws Exception {
        MemoryReceipt receipt = new MemoryReceipt(currentSegmentStart(), systemIdentifier);
        Run run = new Run(receipt, tcp("rep", "secret"));
        await("streaming", () -> receipt.lastStatus() != null && "streaming".equals(receipt.lastStatus().status()));
        primary.stopServer("fast");
        try {
            PgException e = run.awaitFatal();
            // what PostgreSQL 15's walreceiver logs when its primary shuts down (after LOG "replication
            // terminated by primary server")
            assertThat(e.getMessage()).isEqualTo("could not send end-of-streaming message to primary: "
                    + "server closed the connection unexpectedly\n"
                    + "\tThis probably means the server terminated abnormally\n"
                    + "\tbefore or while processing the request.\n"
                    + "no COPY in progress");
            assertThat(e.sqlState()).isEqualTo("08006");
        } finally {
            primary.startServer();
        }
    }
}
