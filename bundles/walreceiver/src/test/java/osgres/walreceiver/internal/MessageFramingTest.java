package osgres.walreceiver.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

import org.junit.jupiter.api.Test;

class MessageFramingTest {

    /** Delivers scripted chunks, one per read; an empty chunk is a timeout, null is EOF. */
    private static final class ScriptedTransport implements Transport {
        final Deque<byte[]> chunks = new ArrayDeque<>();

        @Override
        public int read(byte[] buffer, int offset, int length, long timeoutMillis) {
            if (chunks.isEmpty()) {
                return -1;
            }
            byte[] chunk = chunks.peek();
            int n = Math.min(length, chunk.length);
            System.arraycopy(chunk, 0, buffer, offset, n);
            chunks.pop();
            if (n < chunk.length) {
                byte[] rest = new byte[chunk.length - n];
                System.arraycopy(chunk, n, rest, 0, rest.length);
                chunks.push(rest);
            }
            return n;
        }

        @Override
        public void write(byte[] data) {
        }

        @Override
        public void close() {
        }
    }

    private static byte[] message(char type, byte[] body) {
        return ByteBuffer.allocate(5 + body.length).put((byte) type).putInt(4 + body.length).put(body).array();
    }

    @Test
    void aMessageSplitAcrossReadsAndTimeoutsIsReassembled() throws Exception {
        ScriptedTransport transport = new ScriptedTransport();
        byte[] whole = message('d', "hello".getBytes(StandardCharsets.US_ASCII));
        transport.chunks.add(new byte[] {whole[0], whole[1]});
        transport.chunks.add(new byte[0]);
        byte[] rest = new byte[whole.length - 2];
        System.arraycopy(whole, 2, rest, 0, rest.length);
        transport.chunks.add(rest);
        MessageReader reader = new MessageReader(transport);
        assertThat(reader.next(10)).isNull();
        assertThat(reader.next(10)).isNull();
        BackendMessage message = reader.next(10);
        assertThat(message.type()).isEqualTo('d');
        assertThat(new String(message.readBytes(message.remaining()), StandardCharsets.US_ASCII)).isEqualTo("hello");
        assertThatThrownBy(() -> reader.next(10)).isInstanceOf(EOFException.class);
    }

    @Test
    void severalMessagesInOneReadAndOneLargerThanTheBuffer() throws Exception {
        ScriptedTransport transport = new ScriptedTransport();
        byte[] big = new byte[200_000];
        big[199_999] = 42;
        byte[] a = message('k', new byte[17]);
        byte[] b = message('d', big);
        transport.chunks.add(ByteBuffer.allocate(a.length + b.length).put(a).put(b).array());
        MessageReader reader = new MessageReader(transport);
        assertThat(reader.next(10).type()).isEqualTo('k');
        BackendMessage second = null;
        while (second == null) {
            second = reader.next(10);
        }
        assertThat(second.remaining()).isEqualTo(200_000);
        assertThat(second.readBytes(200_000)[199_999]).isEqualTo((byte) 42);
    }

    @Test
    void aCorruptLengthIsRefused() {
        ScriptedTransport transport = new ScriptedTransport();
        transport.chunks.add(new byte[] {'d', 0, 0, 0, 2});
        assertThatThrownBy(() -> new MessageReader(transport).next(10)).hasMessage("invalid message length 2");
    }

    @Test
    void startupPacketLayout() {
        byte[] packet = FrontendMessages.startup(Map.of("user", "rep"));
        ByteBuffer in = ByteBuffer.wrap(packet);
        assertThat(in.getInt()).isEqualTo(packet.length);
        assertThat(in.getInt()).isEqualTo(196608);
        assertThat(new String(packet, 8, packet.length - 8, StandardCharsets.US_ASCII)).isEqualTo("user\0rep\0\0");
        assertThat(FrontendMessages.sslRequest()).containsExactly(0, 0, 0, 8, 4, (byte) 0xd2, 0x16, 0x2f);
    }

    @Test
    void standbyStatusUpdateLayout() {
        byte[] update = FrontendMessages.standbyStatusUpdate(0x10L, 0x20L, 0x30L, 0x40L, true);
        ByteBuffer in = ByteBuffer.wrap(update);
        assertThat(in.get()).isEqualTo((byte) 'd');
        assertThat(in.getInt()).isEqualTo(4 + 34);
        assertThat(in.get()).isEqualTo((byte) 'r');
        assertThat(new long[] {in.getLong(), in.getLong(), in.getLong(), in.getLong()})
                .containsExactly(0x10L, 0x20L, 0x30L, 0x40L);
        assertThat(in.get()).isEqualTo((byte) 1);
        assertThat(in.hasRemaining()).isFalse();
        assertThat(FrontendMessages.hotStandbyFeedback(1, 0, 0, 0, 0)).hasSize(5 + 25);
    }

    @Test
    void xlogDataAndKeepaliveParse() throws Exception {
        byte[] w = ByteBuffer.allocate(25 + 3).put((byte) 'w').putLong(0x1000000L).putLong(0x2000000L).putLong(7)
                .put(new byte[] {1, 2, 3}).array();
        StreamMessage.XLogData data = (StreamMessage.XLogData) StreamMessage.parse(w);
        assertThat(data.dataStart()).isEqualTo(0x1000000L);
        assertThat(data.walEnd()).isEqualTo(0x2000000L);
        assertThat(data.length()).isEqualTo(3);
        assertThat(data.buffer()[data.offset() + 2]).isEqualTo((byte) 3);
        byte[] k = ByteBuffer.allocate(18).put((byte) 'k').putLong(5).putLong(6).put((byte) 1).array();
        assertThat(StreamMessage.parse(k)).isEqualTo(new StreamMessage.Keepalive(5, 6, true));
        assertThatThrownBy(() -> StreamMessage.parse(new byte[] {'k', 1}))
                .hasMessage("invalid keepalive message received from primary");
        assertThatThrownBy(() -> StreamMessage.parse(new byte[] {'w'}))
                .hasMessage("invalid WAL message received from primary");
        assertThatThrownBy(() -> StreamMessage.parse(new byte[] {'q'}))
                .hasMessage("invalid replication message type 113");
    }

    @Test
    void errorResponseAsLibpqPrintsIt() {
        byte[] body = "SFATAL\0VFATAL\0C28P01\0Mpassword authentication failed for user \"rep\"\0\0"
                .getBytes(StandardCharsets.UTF_8);
        assertThat(ErrorText.format(new BackendMessage('E', body)))
                .isEqualTo("FATAL:  password authentication failed for user \"rep\"");
    }

    @Test
    void lsnFormat() {
        assertThat(Lsn.format(0x1_0000_00A0L)).isEqualTo("1/A0");
        assertThat(Lsn.parse("0/3000148")).isEqualTo(0x3000148L);
    }
}
