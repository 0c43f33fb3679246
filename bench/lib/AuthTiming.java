import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * bench/auth-timing's client: SCRAM-SHA-256 exchanges over raw sockets that fail, timed on the client from the
 * client-final-message to the server's error (the part of the exchange where the server checks the proof), for an
 * existing role with a wrong password and for a role that does not exist, interleaved. Prints the median and the
 * 90th percentile in microseconds of each. Usage: java AuthTiming.java PORT EXISTING_USER MISSING_USER ROUNDS
 */
public class AuthTiming {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int rounds = Integer.parseInt(args[3]);
        List<Long> wrongPassword = new ArrayList<>();
        List<Long> unknownUser = new ArrayList<>();
        for (int i = 0; i < rounds + 20; i++) {
            long a = attempt(port, args[1]);
            long b = attempt(port, args[2]);
            if (i >= 20) { // the first rounds warm both sides up
                wrongPassword.add(a);
                unknownUser.add(b);
            }
        }
        System.out.printf("wrong-password %s%nunknown-user %s%n", summary(wrongPassword), summary(unknownUser));
    }

    private static String summary(List<Long> nanos) {
        long[] s = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        return String.format("median_us=%.1f p90_us=%.1f", s[s.length / 2] / 1000.0, s[(int) (s.length * 0.9)] / 1000.0);
    }

    private static long attempt(int port, String user) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setTcpNoDelay(true);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            ByteBuffer startup = ByteBuffer.allocate(512);
            startup.putInt(0).putInt(3 << 16);
            for (String s : new String[] {"user", user, "database", "postgres"}) {
                startup.put(s.getBytes(StandardCharsets.UTF_8)).put((byte) 0);
            }
            startup.put((byte) 0);
            startup.putInt(0, startup.position());
            out.write(Arrays.copyOf(startup.array(), startup.position()));
            read(in); // AuthenticationSASL
            byte[] first = "n,,n=,r=timingclientnonce".getBytes(StandardCharsets.UTF_8);
            byte[] mech = "SCRAM-SHA-256\0".getBytes(StandardCharsets.UTF_8);
            send(out, ByteBuffer.allocate(mech.length + 4 + first.length).put(mech).putInt(first.length).put(first)
                    .array());
            byte[] cont = read(in);
            String serverFirst = new String(cont, 4, cont.length - 4, StandardCharsets.UTF_8);
            String nonce = serverFirst.substring(2, serverFirst.indexOf(','));
            byte[] proof = new byte[32];
            byte[] last = ("c=biws,r=" + nonce + ",p=" + Base64.getEncoder().encodeToString(proof))
                    .getBytes(StandardCharsets.UTF_8);
            long start = System.nanoTime();
            send(out, last);
            read(in); // ErrorResponse
            return System.nanoTime() - start;
        }
    }

    private static void send(OutputStream out, byte[] body) throws Exception {
        out.write(ByteBuffer.allocate(5 + body.length).put((byte) 'p').putInt(4 + body.length).put(body).array());
        out.flush();
    }

    private static byte[] read(DataInputStream in) throws Exception {
        in.readUnsignedByte();
        byte[] body = new byte[in.readInt() - 4];
        in.readFully(body);
        return body;
    }
}
