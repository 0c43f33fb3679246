package osgres.walreceiver.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * A TLS connection over TCP (JSSE), after the primary answered {@code S} to SSLRequest, checking the server as
 * libpq does (fe-secure-openssl.c): when the root certificate file exists ({@code sslrootcert}, default
 * {@code ~/.postgresql/root.crt}) the server's chain must lead to it, whatever the sslmode; without it,
 * {@code prefer} and {@code require} encrypt without checking and {@code verify-ca}/{@code verify-full} refuse to
 * connect. {@code verify-full} also matches the host name against the certificate's subjectAltNames (DNS names
 * for a name, IP addresses for an address), or its common name when it has none. Reads wait at most their timeout
 * through the socket's SO_TIMEOUT, which leaves the TLS stream intact. Failures carry libpq's texts.
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

    static TlsTransport handshake(SocketChannel channel, String host, int port, String sslmode, Path rootCertificate)
            throws IOException {
        boolean haveRoot = Files.isRegularFile(rootCertificate);
        if (sslmode.startsWith("verify") && !haveRoot) {
            throw new IOException("root certificate file \"" + rootCertificate + "\" does not exist\n"
                    + "Either provide the file or change sslmode to disable server certificate verification.");
        }
        SSLSocket socket;
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {haveRoot ? trusting(rootCertificate) : new TrustAnything()},
                    null);
            socket = (SSLSocket) context.getSocketFactory().createSocket(channel.socket(), host, port, true);
        } catch (GeneralSecurityException e) {
            throw new IOException("could not read root certificate file \"" + rootCertificate + "\": "
                    + e.getMessage(), e);
        }
        socket.setUseClientMode(true);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
        socket.setSSLParameters(parameters);
        // the handshake is bounded; reads then set their own timeout
        socket.setSoTimeout(HANDSHAKE_TIMEOUT_MILLIS);
        try {
            socket.startHandshake();
        } catch (SSLException e) {
            socket.close();
            throw new IOException(haveRoot ? "SSL error: certificate verify failed" : "SSL error: " + e.getMessage(),
                    e);
        }
        if (sslmode.equals("verify-full")) {
            X509Certificate certificate = (X509Certificate) socket.getSession().getPeerCertificates()[0];
            String mismatch = HostNameCheck.mismatch(certificate, host);
            if (mismatch != null) {
                socket.close();
                throw new IOException(mismatch);
            }
        }
        return new TlsTransport(socket);
    }

    /** A trust manager for the PEM certificates in {@code file}. */
    private static X509TrustManager trusting(Path file) throws GeneralSecurityException, IOException {
        Collection<? extends Certificate> certificates;
        try (InputStream pem = Files.newInputStream(file)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(pem);
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int i = 0;
        for (Certificate certificate : certificates) {
            store.setCertificateEntry("root" + i++, certificate);
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager");
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

    /** No root certificate: encryption without authentication of the server, as libpq. */
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

    /** sslmode=verify-full's host name check (fe-secure-common.c, pq_verify_peer_name_matches_certificate). */
    static final class HostNameCheck {
        private static final int SAN_DNS = 2;
        private static final int SAN_IP = 7;

        private HostNameCheck() {
        }

        /** libpq's message when {@code host} matches no name of the certificate, else null. */
        static String mismatch(X509Certificate certificate, String host) throws IOException {
            boolean isAddress = host.matches("[0-9.]+") || host.contains(":");
            List<String> names = new ArrayList<>();
            boolean hasSan = false;
            try {
                Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
                if (alternatives != null) {
                    for (List<?> entry : alternatives) {
                        int type = (Integer) entry.get(0);
                        if (type == SAN_DNS || type == SAN_IP) {
                            hasSan = true;
                            String name = (String) entry.get(1);
                            names.add(name);
                            if (type == SAN_DNS && !isAddress && matchesDns(name, host)) {
                                return null;
                            }
                            if (type == SAN_IP && isAddress && name.equalsIgnoreCase(host)) {
                                return null;
                            }
                        }
                    }
                }
            } catch (CertificateParsingException e) {
                throw new IOException("could not get server's host name from server certificate", e);
            }
            if (!hasSan) {
                String commonName = commonName(certificate);
                if (commonName == null) {
                    return "could not get server's host name from server certificate";
                }
                names.add(commonName);
                if (matchesDns(commonName, host)) {
                    return null;
                }
            }
            if (names.size() == 1) {
                return "server certificate for \"" + names.get(0) + "\" does not match host name \"" + host + "\"";
            }
            int others = names.size() - 1;
            return "server certificate for \"" + names.get(0) + "\" (and " + others + " other name"
                    + (others == 1 ? "" : "s") + ") does not match host name \"" + host + "\"";
        }

        /** Case-insensitive, with a leading {@code *.} matching one label (wildcard_certificate_match). */
        private static boolean matchesDns(String pattern, String host) {
            if (pattern.equalsIgnoreCase(host)) {
                return true;
            }
            if (pattern.startsWith("*.") && host.indexOf('.') > 0) {
                return host.substring(host.indexOf('.')).equalsIgnoreCase(pattern.substring(1));
            }
            return false;
        }

        private static String commonName(X509Certificate certificate) {
            for (String part : certificate.getSubjectX500Principal().getName().split(",")) {
                if (part.startsWith("CN=")) {
                    return part.substring(3);
                }
            }
            return null;
        }
    }
}
