package osgres.walreceiver.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ScramSha256ClientTest {
    /** RFC 7677 section 3: user "user", password "pencil". */
    private static final String SERVER_FIRST =
            "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";

    @Test
    void rfc7677TestVector() throws Exception {
        ScramSha256Client client = new ScramSha256Client("user", "pencil", "rOprNGfwEbeRWgbNEkqO");
        assertThat(client.clientFirstMessage()).isEqualTo("n,,n=user,r=rOprNGfwEbeRWgbNEkqO");
        assertThat(client.clientFinalMessage(SERVER_FIRST)).isEqualTo(
                "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                        + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=");
        client.verifyServerFinal("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=");
    }

    @Test
    void aWrongServerSignatureIsRefused() throws Exception {
        ScramSha256Client client = new ScramSha256Client("user", "pencil", "rOprNGfwEbeRWgbNEkqO");
        client.clientFinalMessage(SERVER_FIRST);
        assertThatThrownBy(() -> client.verifyServerFinal("v=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="))
                .hasMessage("incorrect server signature");
    }

    @Test
    void aServerNonceNotExtendingOursIsRefused() {
        ScramSha256Client client = new ScramSha256Client("", "pencil", "abc");
        assertThatThrownBy(() -> client.clientFinalMessage("r=xyz,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"))
                .hasMessage("invalid SCRAM response (nonce mismatch)");
    }

    @Test
    void md5PasswordAsLibpqComputesIt() {
        // md5(md5("secret" + "rep") + salt), as PostgreSQL's pg_md5_encrypt twice
        assertThat(ReplicationConnection.md5Password("rep", "secret", new byte[] {1, 2, 3, 4}))
                .startsWith("md5").hasSize(35);
        assertThat(ReplicationConnection.md5Password("postgres", "postgres", new byte[] {0x5b, 0x2c, 0x11, 0x7e}))
                .isEqualTo(ReplicationConnection.md5Password("postgres", "postgres",
                        new byte[] {0x5b, 0x2c, 0x11, 0x7e}));
    }
}
