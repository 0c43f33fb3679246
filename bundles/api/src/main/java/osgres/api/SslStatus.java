package osgres.api;

import java.math.BigInteger;

/**
 * A backend's TLS connection as {@code pg_stat_ssl} shows it (PgBackendSSLStatus).
 *
 * @param version      protocol, {@code TLSv1.3}
 * @param cipher       cipher suite name
 * @param bits         symmetric key bits
 * @param clientDn     client certificate subject (RFC 2253), null without a client certificate
 * @param clientSerial its serial number, null likewise
 * @param issuerDn     its issuer (RFC 2253), null likewise
 */
public record SslStatus(String version, String cipher, int bits, String clientDn, BigInteger clientSerial,
                        String issuerDn) {
}
