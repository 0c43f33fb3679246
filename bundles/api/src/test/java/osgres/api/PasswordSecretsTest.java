package osgres.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;

import org.junit.jupiter.api.Test;

/** Secrets compared with what PostgreSQL 15 stored for the same passwords (CREATE ROLE ... PASSWORD). */
class PasswordSecretsTest {

    /** Rebuilds a PostgreSQL secret from its own salt and iteration count. */
    private static String rebuild(String postgresSecret, String password) {
        PasswordSecrets.ScramSecret parsed = PasswordSecrets.parseScram(postgresSecret).orElseThrow();
        return PasswordSecrets.scramSecret(password, parsed.salt(), parsed.iterations());
    }

    @Test
    void scramSecretsMatchPostgres() {
        String ascii = "SCRAM-SHA-256$4096:1bvMXo22b/LvOke6crsOyQ==$VwqiUwU/CiVrikC6Imuxwv047485kGzg6Blx1rvSdy8="
                + ":EVJvc+XFnsqw4e/LlUtZ5n6Z3scX3zjNaHxt/mtIG+I=";
        assertThat(rebuild(ascii, "pencil")).isEqualTo(ascii);
        String unicode = "SCRAM-SHA-256$4096:5SFkEm5nlaPJiDgxdcB1WQ==$HVm0OqxvG/9mkpvHPbhe9jSlVCaadYL6mj+0oMr0lUs="
                + ":Sqg51vh0s8cYfJsTYgCU/3X9KWx/ANh3BKgarcQXvbs=";
        assertThat(rebuild(unicode, "pässwörd")).isEqualTo(unicode);
        assertThat(rebuild(ascii, "Pencil")).isNotEqualTo(ascii);
    }

    @Test
    void md5SecretsMatchPostgres() {
        assertThat(PasswordSecrets.md5Secret("vec_md5", "md5 is old")).isEqualTo("md5b53edc2f14f675349e9b4d529268d345");
        assertThat(PasswordSecrets.md5Secret("vec_u", "pässwörd")).isEqualTo("md5b85f6a523f876aaae72750288b1560e0");
    }

    @Test
    void givenSecretsAreKeptAndPlainPasswordsHashedPerEncryption() {
        String md5 = "md5b53edc2f14f675349e9b4d529268d345";
        assertThat(PasswordSecrets.encrypt("x", md5, "scram-sha-256")).isEqualTo(md5);
        assertThat(PasswordSecrets.kind(PasswordSecrets.encrypt("x", "pw", "scram-sha-256")))
                .isEqualTo(PasswordSecrets.Kind.SCRAM_SHA_256);
        assertThat(PasswordSecrets.encrypt("x", "pw", "md5")).isEqualTo(PasswordSecrets.md5Secret("x", "pw"));
        String fresh = PasswordSecrets.scramSecret("pw");
        assertThat(Base64.getDecoder().decode(fresh.split("[:$]")[2])).hasSize(16);
        assertThat(PasswordSecrets.kind("SCRAM-SHA-256$4096:abc$def:ghi")).isEqualTo(PasswordSecrets.Kind.PLAINTEXT);
    }
}
