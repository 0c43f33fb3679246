package osgres.walreceiver.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import osgres.api.PgException;
import osgres.api.ProcessLatch;
import osgres.storage.AuxiliaryWork.StreamStart;
import osgres.storage.AuxiliaryWork.WalReceipt;
import osgres.storage.WalReceiverStatus;

/**
 * The walreceiver against a scripted primary (trust authentication, IDENTIFY_SYSTEM, CopyBoth), for what a real
 * PostgreSQL does not do on demand: a keepalive asking for a reply, then silence until wal_receiver_timeout; and
 * the hot standby feedback carrying the standby's xmin.
 */
class FakePrimaryTest {
    private static final long SYSID = 7_000_000_000_000_000_001L;
    private static final long START = 0x3000000L;

    /** The standby status updates the walreceiver sent: {write, flush, apply, replyRequested}. */
    private final BlockingQueue<long[]> updates = new ArrayBlockingQueue<>(100);
    /** The hot standby feedback messages: {xmin, epoch, catalog xmin, catalog epoch}. */
    private final BlockingQueue<int[]> feedback = new ArrayBlockingQueue<>(100);

    @Test
    void aKeepaliveAskingForAReplyIsAnsweredAndSilenceEndsInTimeout() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            AtomicReference<Throwable> primaryFailure = new AtomicReference<>();
            Thread primary = Thread.ofPlatform().start(() -> {
                try (Socket socket = server.accept()) {
                    socket.setSoTimeout(30_000);
                    script(new DataInputStream(socket.getInputStream()), socket.getOutputStream());
                } catch (Throwable t) {
                    primaryFailure.set(t);
                }
            });
            WalReceiverMain.Settings settings = new WalReceiverMain.Settings("host=127.0.0.1 port="
                    + server.getLocalPort() + " user=rep sslmode=disable", "", 10, 1500, true, "", false);
            WalReceiverMain main = new WalReceiverMain(new OneRequest(), new ProcessLatch(), () -> settings, 1, null);
            long started = System.nanoTime();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread receiver = Thread.ofPlatform().start(() -> {
                try {
                    main.run();
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            receiver.join(30_000);
            assertThat(receiver.isAlive()).isFalse();
            assertThat(failure.get()).isInstanceOf(PgException.class)
                    .hasMessage("terminating walreceiver due to timeout");
            assertThat(((PgException) failure.get()).sqlState()).isEqualTo("08006");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isGreaterThanOrEqualTo(1500);

            // the reply to the keepalive: write = the end of the WAL received, not asking for a reply itself
            long[] reply = updates.poll(10, TimeUnit.SECONDS);
            assertThat(reply).isNotNull();
            assertThat(reply[0]).isEqualTo(START + 3);
            assertThat(reply[3]).isZero();
            // after half of wal_receiver_timeout in silence, a ping: an update asking for a reply
            long[] ping = null;
            for (long[] u = updates.poll(10, TimeUnit.SECONDS); u != null; u = updates.poll(1, TimeUnit.SECONDS)) {
                if (u[3] == 1) {
                    ping = u;
                    break;
                }
            }
            assertThat(ping).as("a status update asking for a reply").isNotNull();
            // hot_standby_feedback: the standby's oldest xmin with its epoch
            assertThat(feedback.poll(10, TimeUnit.SECONDS)).containsExactly(1234, 2, 0, 0);
            primary.join(30_000);
        }
    }

    /** The primary's side: trust, IDENTIFY_SYSTEM, START_REPLICATION, 3 WAL bytes, a keepalive, then silence. */
    private void script(DataInputStream in, OutputStream out) throws IOException {
        int length = in.readInt();
        int code = in.readInt();
        if (code == FrontendMessages.SSL_REQUEST_CODE) {
            out.write('N');
            length = in.readInt();
            code = in.readInt();
        }
        assertThat(code).isEqualTo(FrontendMessages.PROTOCOL_3_0);
        String parameters = new String(in.readNBytes(length - 8), StandardCharsets.UTF_8);
        assertThat(parameters).contains("user\0rep\0", "database\0replication\0", "replication\0true\0",
                "application_name\0walreceiver\0");
        DataOutputStream data = new DataOutputStream(out);
        send(data, 'R', ByteBuffer.allocate(4).putInt(0).array());
        send(data, 'Z', new byte[] {'I'});
        expectQuery(in, "IDENTIFY_SYSTEM");
        send(data, 'T', rowDescription("systemid", "timeline", "xlogpos", "dbname"));
        send(data, 'D', dataRow(Long.toUnsignedString(SYSID), "1", "0/3000000", null));
        send(data, 'C', "IDENTIFY_SYSTEM\0".getBytes(StandardCharsets.US_ASCII));
        send(data, 'Z', new byte[] {'I'});
        expectQuery(in, "START_REPLICATION 0/3000000 TIMELINE 1");
        send(data, 'W', new byte[] {0, 0, 0});
        ByteBuffer xlog = ByteBuffer.allocate(28).put((byte) 'w').putLong(START).putLong(START + 3).putLong(0)
                .put(new byte[] {1, 2, 3});
        send(data, 'd', xlog.array());
        send(data, 'd', ByteBuffer.allocate(18).put((byte) 'k').putLong(START + 3).putLong(0).put((byte) 1).array());
        // read status updates until the walreceiver gives up and closes the connection
        while (true) {
            int type = in.read();
            if (type < 0) {
                return;
            }
            byte[] body = in.readNBytes(in.readInt() - 4);
            if (type == 'd' && body[0] == 'r') {
                ByteBuffer b = ByteBuffer.wrap(body, 1, body.length - 1);
                long write = b.getLong();
                long flush = b.getLong();
                long apply = b.getLong();
                b.getLong(); // the standby's clock
                updates.add(new long[] {write, flush, apply, b.get()});
            }
            if (type == 'd' && body[0] == 'h') {
                ByteBuffer b = ByteBuffer.wrap(body, 1, body.length - 1);
                b.getLong(); // the standby's clock
                feedback.add(new int[] {b.getInt(), b.getInt(), b.getInt(), b.getInt()});
            }
            if (type == 'X') {
                return;
            }
        }
    }

    private static void expectQuery(DataInputStream in, String sql) throws IOException {
        assertThat((char) in.read()).isEqualTo('Q');
        byte[] body = in.readNBytes(in.readInt() - 4);
        assertThat(new String(body, 0, body.length - 1, StandardCharsets.UTF_8)).isEqualTo(sql);
    }

    private static void send(DataOutputStream out, char type, byte[] body) throws IOException {
        out.write(type);
        out.writeInt(4 + body.length);
        out.write(body);
        out.flush();
    }

    private static byte[] rowDescription(String... names) {
        ByteBuffer b = ByteBuffer.allocate(1024).putShort((short) names.length);
        for (String name : names) {
            b.put(name.getBytes(StandardCharsets.US_ASCII)).put((byte) 0).putInt(0).putShort((short) 0).putInt(25)
                    .putShort((short) -1).putInt(-1).putShort((short) 0);
        }
        return Arrays.copyOf(b.array(), b.position());
    }

    private static byte[] dataRow(String... values) {
        ByteBuffer b = ByteBuffer.allocate(1024).putShort((short) values.length);
        for (String value : values) {
            if (value == null) {
                b.putInt(-1);
            } else {
                byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
                b.putInt(bytes.length).put(bytes);
            }
        }
        return Arrays.copyOf(b.array(), b.position());
    }

    /** Asks for streaming once, at START on timeline 1. */
    private static final class OneRequest implements WalReceipt {
        private boolean asked;
        private long written;

        @Override
        public synchronized StreamStart awaitStreamRequest(long timeoutMillis) throws InterruptedException {
            if (!asked) {
                asked = true;
                return new StreamStart(START, 1);
            }
            wait(timeoutMillis);
            return null;
        }

        @Override
        public long systemIdentifier() {
            return SYSID;
        }

        @Override
        public synchronized void write(long lsn, byte[] data, int offset, int length) {
            written = Math.max(written, lsn + length);
        }

        @Override
        public synchronized long flush() {
            return written;
        }

        @Override
        public long replayedUpTo() {
            return 0;
        }

        @Override
        public void reportStatus(WalReceiverStatus status) {
        }

        @Override
        public long feedbackXmin() {
            return (2L << 32) | 1234;
        }
    }
}
