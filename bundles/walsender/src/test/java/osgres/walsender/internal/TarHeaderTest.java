package osgres.walsender.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/** ustar headers as PostgreSQL's tarCreateHeader writes them. */
class TarHeaderTest {

    private static String field(byte[] h, int offset, int length) {
        return new String(h, offset, length, StandardCharsets.US_ASCII);
    }

    @Test
    void fileAndDirectoryHeaders() {
        byte[] file = TarHeader.file("base/1/1259", 0600, 8192, Instant.ofEpochSecond(1_700_000_000L));
        assertThat(file).hasSize(512);
        assertThat(field(file, 0, 12)).isEqualTo("base/1/1259\0");
        assertThat(field(file, 100, 8)).isEqualTo("0000600 ");
        assertThat(field(file, 124, 12)).isEqualTo("00000020000 ");
        assertThat(field(file, 136, 12)).isEqualTo(Long.toOctalString(1_700_000_000L) + " ");
        assertThat((char) file[156]).isEqualTo('0');
        assertThat(field(file, 257, 8)).isEqualTo("ustar\0" + "00");
        assertThat(field(file, 265, 8)).isEqualTo("postgres");
        int sum = 0;
        for (int i = 0; i < 512; i++) {
            sum += i >= 148 && i < 156 ? ' ' : file[i] & 0xFF;
        }
        assertThat(Integer.parseInt(field(file, 148, 7), 8)).isEqualTo(sum);

        byte[] dir = TarHeader.directory("pg_wal", 0700, Instant.EPOCH);
        assertThat(field(dir, 0, 8)).isEqualTo("pg_wal/\0");
        assertThat(field(dir, 124, 12)).isEqualTo("00000000000 ");
        assertThat((char) dir[156]).isEqualTo('5');
    }

    @Test
    void sizesBeyondOctalUseBase256() {
        byte[] big = TarHeader.file("big", 0600, 1L << 34, Instant.EPOCH);
        assertThat(big[124] & 0xFF).isEqualTo(0x80);
        assertThat(big[135 - 4] & 0xFF).isEqualTo(4); // 2^34 = 0x4_0000_0000
    }
}
