package osgres.backend.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.util.Arrays;
import java.util.Base64;

import org.junit.jupiter.api.Test;

/** PEM keys in the forms openssl writes, and OpenSSL's names for cipher suites. */
class PemFilesTest {

    @Test
    void pkcs8AndPkcs1RsaKeysReadAsTheSameKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        byte[] pkcs8 = pair.getPrivate().getEncoded();
        PrivateKey fromPkcs8 = PemFiles.privateKey(pem("PRIVATE KEY", pkcs8));
        assertThat(fromPkcs8.getEncoded()).isEqualTo(pkcs8);

        // PKCS#8 = SEQUENCE { INTEGER 0, AlgorithmIdentifier (15 bytes for RSA), OCTET STRING pkcs1 }
        int at = headerLength(pkcs8, 0) + 3 + 15;
        byte[] pkcs1 = Arrays.copyOfRange(pkcs8, at + headerLength(pkcs8, at), pkcs8.length);
        String text = "some text openssl may leave before the key\n" + pem("RSA PRIVATE KEY", pkcs1);
        assertThat(PemFiles.privateKey(text).getEncoded()).isEqualTo(pkcs8);
    }

    @Test
    void missingAndEncryptedKeysFailWithOpenSslsReason() {
        assertThatThrownBy(() -> PemFiles.privateKey("nothing here\n"))
                .isInstanceOf(PemFiles.PemException.class).hasMessage("no start line");
        assertThatThrownBy(() -> PemFiles.privateKey(pem("ENCRYPTED PRIVATE KEY", new byte[] {1, 2, 3})))
                .isInstanceOf(PemFiles.PemException.class).hasMessage("bad decrypt");
        String keyOnly = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n";
        assertThatThrownBy(() -> PemFiles.certificates(keyOnly))
                .isInstanceOf(PemFiles.PemException.class).hasMessage("no start line");
    }

    @Test
    void cipherSuitesAreNamedAsOpenSslNamesThem() {
        assertThat(TlsCipherNames.openSsl("TLS_AES_256_GCM_SHA384")).isEqualTo("TLS_AES_256_GCM_SHA384");
        assertThat(TlsCipherNames.openSsl("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"))
                .isEqualTo("ECDHE-RSA-AES256-GCM-SHA384");
        assertThat(TlsCipherNames.openSsl("TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"))
                .isEqualTo("ECDHE-ECDSA-CHACHA20-POLY1305");
        assertThat(TlsCipherNames.openSsl("TLS_DHE_RSA_WITH_AES_128_CBC_SHA256")).isEqualTo("DHE-RSA-AES128-SHA256");
        assertThat(TlsCipherNames.openSsl("TLS_RSA_WITH_AES_128_GCM_SHA256")).isEqualTo("AES128-GCM-SHA256");
        assertThat(TlsCipherNames.openSsl("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA")).isEqualTo("ECDHE-RSA-AES128-SHA");
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    /** Tag and length bytes of the DER element at {@code at}. */
    private static int headerLength(byte[] der, int at) {
        int first = der[at + 1] & 0xff;
        return first < 0x80 ? 2 : 2 + (first & 0x7f);
    }
}
