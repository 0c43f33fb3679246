package osgres.backend.internal;

/**
 * Cipher suite names as OpenSSL spells them, which is what PostgreSQL shows ({@code pg_stat_ssl.cipher}, the
 * connection-authorized log line, psql's {@code \conninfo}) and what {@code ssl_ciphers} lists. JSSE uses the IANA
 * names. TLS 1.3 suites have the same name in both; the others are rewritten:
 * <pre>
 *   TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384        ECDHE-RSA-AES256-GCM-SHA384
 *   TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256 ECDHE-ECDSA-CHACHA20-POLY1305
 *   TLS_DHE_RSA_WITH_AES_128_CBC_SHA256          DHE-RSA-AES128-SHA256
 *   TLS_RSA_WITH_AES_128_GCM_SHA256              AES128-GCM-SHA256       (plain RSA key exchange has no prefix)
 * </pre>
 */
final class TlsCipherNames {

    private TlsCipherNames() {
    }

    static String openSsl(String iana) {
        int with = iana.indexOf("_WITH_");
        if (!iana.startsWith("TLS_") || with < 0) {
            return iana;
        }
        String exchange = iana.substring("TLS_".length(), with);
        String cipher = iana.substring(with + "_WITH_".length())
                .replace("AES_256", "AES256").replace("AES_128", "AES128")
                .replace("CHACHA20_POLY1305_SHA256", "CHACHA20_POLY1305")
                .replace("3DES_EDE_CBC", "DES_CBC3")
                .replace("_CBC_", "_")
                .replace('_', '-');
        return exchange.equals("RSA") ? cipher : exchange.replace('_', '-') + "-" + cipher;
    }
}
