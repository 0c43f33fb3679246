package osgres.walreceiver.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A TLS connection over TCP (JSSE), after the primary answered {@code S} to SSLRequest. sslmode {@code prefer} and
 * {@code require} encrypt without checking the server's certificate, as libpq does without a root certificate;
 * {@code verify-ca} and {@code verify-full} check it against the JDK's trust store (libpq's
 * {@code ~/.postgresql/root.crt} is not read), {@code verify-full} also the host name. Reads wait at most their
 * timeout through the socket's SO_TIMEOUT, which leaves the TLS stream intact.
 */
final class TlsTransport implements Transport {
    private static final int HANDSHAKE_TIMEOUT_MILLIS = 30_000;
    private final SSLSocket socket;
    private final InputStream in;
    private final OutputStream out;

    private TlsTransport(SSLSocket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    static TlsTransport handshake(SocketChannel channel, String host, int port, String sslmode) throws IOException {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            boolean verify = sslmode.startsWith("verify");
            context.init(null, verify ? null : new TrustManager[] {new TrustAnything()}, null);
            SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(channel.socket(), host, port, true);
            socket.setUseClientMode(true);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
            if (sslmode.equals("verify-full")) {
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
            }
            socket.setSSLParameters(parameters);
            // the handshake is bounded; reads then set their own timeout
            socket.setSoTimeout(HANDSHAKE_TIMEOUT_MILLIS);
            socket.startHandshake();
            return new TlsTransport(socket);
        } catch (GeneralSecurityException e) {
            throw new IOException("SSL error: " + e.getMessage(), e);
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length, long timeoutMillis) throws IOException {
        socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, timeoutMillis)));
        try {
            return in.read(buffer, offset, length);
        } catch (SocketTimeoutException e) {
            return 0;
        }
    }

    @Override
    public void write(byte[] data) throws IOException {
        out.write(data);
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** sslmode prefer/require: encryption without authentication of the server, as libpq without root.crt. */
    private static final class TrustAnything implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
