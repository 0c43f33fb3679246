package osgres.api;

import java.util.List;

import javax.net.ssl.SSLContext;

/**
 * One loaded TLS configuration: what a connection needs for its server handshake.
 *
 * @param sslContext          JSSE context holding the server's key and certificate chain, and the trust
 *                            anchors of {@code ssl_ca_file} when set
 * @param protocols           the enabled protocol names, {@code ssl_min_protocol_version} to
 *                            {@code ssl_max_protocol_version} ({@code TLSv1.2}, {@code TLSv1.3})
 * @param cipherSuites        the enabled TLS 1.2 suites picked by {@code ssl_ciphers}, then the TLS 1.3 ones
 * @param preferServerCiphers {@code ssl_prefer_server_ciphers}
 * @param verifiesClients     {@code ssl_ca_file} was loaded: client certificates are requested and verified
 *                            (secure_loaded_verify_locations)
 * @param endPointHash        the {@code tls-server-end-point} channel binding data of the server certificate
 *                            (RFC 5929 section 4.1)
 * @param minProtocol         {@code ssl_min_protocol_version} as set, for the handshake failure hint
 * @param maxProtocol         {@code ssl_max_protocol_version} as set, empty for no limit
 */
public record TlsServerContext(SSLContext sslContext, List<String> protocols, List<String> cipherSuites,
                               boolean preferServerCiphers, boolean verifiesClients, byte[] endPointHash,
                               String minProtocol, String maxProtocol) {
}
