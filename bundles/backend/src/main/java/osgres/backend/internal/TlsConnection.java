package osgres.backend.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.SocketChannel;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Locale;
import java.util.Map;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.security.auth.x500.X500Principal;

import osgres.api.PgException;
import osgres.api.ServerLog;
import osgres.api.Severity;
import osgres.api.SslStatus;
import osgres.api.SqlState;
import osgres.api.TlsServerContext;

/**
 * The server side of one TLS connection (be-secure-openssl.c be_tls_open_server, be_tls_read/write): a JSSE
 * server handshake over the accepted socket after the {@code S} answer to SSLRequest, then a byte channel that
 * the protocol reads and writes as it did the plain socket. Client certificates are requested when
 * {@code ssl_ca_file} is loaded (SSL_VERIFY_PEER | SSL_VERIFY_CLIENT_ONCE without FAIL_IF_NO_PEER_CERT): a
 * client may send none, but one that does not verify fails the handshake.
 *
 * <p>Failures never show Java's text: a failed handshake is logged as {@code could not accept SSL connection:
 * %s} with the reason OpenSSL would give ({@code EOF detected}, {@code wrong version number},
 * {@code unsupported protocol} with PostgreSQL's hint, {@code certificate verify failed}...), and a broken
 * record later as {@code SSL error: %s}, then the read fails as a reset connection would.
 */
final class TlsConnection implements ByteChannel {
    private static final Map<String, String> OPENSSL_NAMES = Map.of("1.2.840.113549.1.9.1", "emailAddress",
            "2.5.4.5", "serialNumber", "2.5.4.12", "title", "2.5.4.42", "GN", "2.5.4.4", "SN", "2.5.4.46",
            "dnQualifier", "0.9.2342.19200300.100.1.25", "DC", "0.9.2342.19200300.100.1.1", "UID");

    private final SSLSocket socket;
    private final InputStream input;
    private final OutputStream output;
    private final TlsSession session;

    /** What pg_stat_ssl and the authentication see of the connection. */
    record TlsSession(String version, String cipher, int bits, X509Certificate clientCertificate,
                      String clientCommonName, String clientDn, String clientSerial, String issuerDn,
                      byte[] endPointHash, boolean verifiesClients) {

        SslStatus status() {
            return new SslStatus(version, cipher, bits, clientDn, clientCertificate == null ? null
                    : clientCertificate.getSerialNumber(), issuerDn);
        }
    }

    private TlsConnection(SSLSocket socket, TlsSession session) throws IOException {
        this.socket = socket;
        this.input = socket.getInputStream();
        this.output = socket.getOutputStream();
        this.session = session;
    }

    TlsSession session() {
        return session;
    }

    /**
     * secure_open_server: the handshake, or a PgException (COMMERROR: logged only, the connection is then
     * closed without a message to the client).
     */
    static TlsConnection accept(SocketChannel channel, TlsServerContext context) throws PgException {
        SSLSocket socket;
        try {
            socket = (SSLSocket) context.sslContext().getSocketFactory()
                    .createSocket(channel.socket(), null, false);
            socket.setUseClientMode(false);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setProtocols(context.protocols().toArray(new String[0]));
            parameters.setCipherSuites(context.cipherSuites().toArray(new String[0]));
            parameters.setUseCipherSuitesOrder(context.preferServerCiphers());
            if (context.verifiesClients()) {
                parameters.setWantClientAuth(true);
            }
            socket.setSSLParameters(parameters);
            socket.startHandshake();
        } catch (IOException | RuntimeException e) {
            throw handshakeFailure(e, context);
        }
        try {
            return new TlsConnection(socket, describe(socket.getSession(), context));
        } catch (IOException e) {
            throw handshakeFailure(e, context);
        }
    }

    /**
     * be_tls_open_server's COMMERROR for a failed handshake: OpenSSL's reason for what JSSE reports, with
     * PostgreSQL's protocol-range hint for the version errors.
     */
    private static PgException handshakeFailure(Exception e, TlsServerContext context) {
        String text = (e.getMessage() == null ? "" : e.getMessage()).toLowerCase(Locale.ROOT);
        if (e instanceof EOFException || text.contains("remote host terminated") || text.contains("end of file")
                || text.contains("connection reset") || text.contains("broken pipe") || text.contains("closed")) {
            return new PgException(Severity.LOG, SqlState.PROTOCOL_VIOLATION, Messages.TLS_ACCEPT_EOF, null, null, 0);
        }
        String reason;
        int alert = text.indexOf("received fatal alert: ");
        if (alert >= 0) {
            String name = text.substring(alert + "received fatal alert: ".length()).strip();
            reason = switch (name) {
                case "bad_certificate" -> "sslv3 alert bad certificate";
                case "certificate_unknown" -> "sslv3 alert certificate unknown";
                case "certificate_expired" -> "sslv3 alert certificate expired";
                case "handshake_failure" -> "sslv3 alert handshake failure";
                case "unknown_ca" -> "tlsv1 alert unknown ca";
                case "protocol_version" -> "tlsv1 alert protocol version";
                case "decrypt_error" -> "tlsv1 alert decrypt error";
                default -> "tlsv1 alert internal error";
            };
        } else if (text.contains("protocol") && (text.contains("not enabled") || text.contains("no appropriate")
                || text.contains("not supported") || text.contains("version"))) {
            reason = "unsupported protocol";
        } else if (text.contains("unsupported or unrecognized ssl message") || text.contains("plaintext")
                || text.contains("record")) {
            reason = "wrong version number";
        } else if (text.contains("certificate") || text.contains("path") || text.contains("trust")) {
            reason = "certificate verify failed";
        } else if (text.contains("cipher")) {
            reason = "no shared cipher";
        } else {
            reason = "sslv3 alert handshake failure";
        }
        boolean protocolHint = reason.equals("unsupported protocol") || reason.equals("wrong version number")
                || reason.equals("tlsv1 alert protocol version");
        String hint = protocolHint ? Messages.tlsProtocolHint(context.minProtocol(),
                context.maxProtocol().isEmpty() ? "TLSv1.3" : context.maxProtocol()) : null;
        return new PgException(Severity.LOG, SqlState.PROTOCOL_VIOLATION, Messages.tlsAcceptFailed(reason), null,
                hint, 0);
    }

    private static TlsSession describe(SSLSession session, TlsServerContext context) {
        X509Certificate peer = null;
        try {
            Certificate[] chain = session.getPeerCertificates();
            if (chain.length > 0 && chain[0] instanceof X509Certificate x509) {
                peer = x509;
            }
        } catch (SSLPeerUnverifiedException e) {
            // no client certificate: allowed unless pg_hba.conf asks for one
        }
        String suite = session.getCipherSuite();
        return new TlsSession(session.getProtocol(), TlsCipherNames.openSsl(suite), cipherBits(suite), peer,
                peer == null ? null : commonName(peer),
                peer == null ? null : oneLine(peer.getSubjectX500Principal()),
                peer == null ? null : peer.getSerialNumber().toString(),
                peer == null ? null : oneLine(peer.getIssuerX500Principal()), context.endPointHash(),
                context.verifiesClients());
    }

    /** The symmetric key size of a suite (SSL_get_cipher_bits). */
    static int cipherBits(String suite) {
        if (suite.contains("AES_256") || suite.contains("CHACHA20") || suite.contains("CAMELLIA_256")) {
            return 256;
        }
        if (suite.contains("AES_128") || suite.contains("CAMELLIA_128")) {
            return 128;
        }
        if (suite.contains("3DES")) {
            return 168;
        }
        return 0;
    }

    /**
     * X509_NAME_oneline, as pg_stat_ssl shows names: {@code /C=DE/O=Acme/CN=alice}, attributes in certificate
     * order with OpenSSL's short names.
     */
    static String oneLine(X500Principal principal) {
        try {
            LdapName name = new LdapName(principal.getName(X500Principal.RFC2253, OPENSSL_NAMES));
            StringBuilder text = new StringBuilder();
            for (Rdn rdn : name.getRdns()) {
                text.append('/').append(rdn.getType()).append('=').append(rdn.getValue());
            }
            return text.toString();
        } catch (InvalidNameException e) {
            return principal.getName();
        }
    }

    /** The subject's last CN (X509_NAME_get_text_by_NID(NID_commonName)), or null. */
    private static String commonName(X509Certificate certificate) {
        try {
            LdapName name = new LdapName(certificate.getSubjectX500Principal().getName());
            String cn = null;
            for (Rdn rdn : name.getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    cn = String.valueOf(rdn.getValue());
                }
            }
            return cn;
        } catch (InvalidNameException e) {
            return null;
        }
    }

    /**
     * Reads decrypted bytes. Invariant for read and write: buffers are heap buffers (ProtocolInput and
     * ProtocolOutput allocate them with {@code ByteBuffer.allocate} or {@code wrap}), so their arrays are used
     * directly. End of input without close_notify is reported as end of input, not as PostgreSQL's reset.
     */
    @Override
    public int read(ByteBuffer buffer) throws IOException {
        int n;
        try {
            n = input.read(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
        } catch (SSLException e) {
            String text = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
            if (text.contains("close_notify") || text.contains("closed")) {
                return -1;
            }
            ServerLog.log(Severity.LOG, Messages.tlsError(
                    text.contains("mac") || text.contains("tag") ? "decryption failed or bad record mac"
                            : "wrong version number"));
            throw new IOException("Connection reset");
        }
        if (n > 0) {
            buffer.position(buffer.position() + n);
        }
        return n;
    }

    @Override
    public int write(ByteBuffer buffer) throws IOException {
        int n = buffer.remaining();
        try {
            output.write(buffer.array(), buffer.arrayOffset() + buffer.position(), n);
        } catch (SSLException e) {
            throw new IOException("Broken pipe");
        }
        buffer.position(buffer.position() + n);
        return n;
    }

    /** close_notify, then the TCP half-close (SSLSocket.shutdownOutput on a TLS 1.3 or 1.2 session). */
    void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    @Override
    public boolean isOpen() {
        return !socket.isClosed();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
