package osgres.storage.internal.toast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

import osgres.api.PgException;

class PglzTest {
    private static byte[] roundTrip(byte[] input) {
        byte[] compressed = Pglz.compress(input);
        assertThat(compressed).as("compressed").isNotNull();
        assertThat(Pglz.decompress(compressed, input.length)).isEqualTo(input);
        return compressed;
    }

    @Test
    void repetitiveTextShrinksAndComesBackExactly() {
        byte[] text = "PostgreSQL TOAST keeps big values out of line. ".repeat(20_000).getBytes(StandardCharsets.UTF_8);
        byte[] compressed = roundTrip(text);
        assertThat(compressed.length).isLessThan(text.length / 20);
    }

    @Test
    void runsOverlapTheirOwnOutput() {
        byte[] run = new byte[100_000];
        Arrays.fill(run, (byte) 'x');
        assertThat(roundTrip(run).length).isLessThan(2000);
    }

    @Test
    void mixedDataWithLongAndShortMatchesRoundTrips() {
        Random random = new Random(42);
        StringBuilder sb = new StringBuilder();
        String[] words = {"alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta"};
        while (sb.length() < 300_000) {
            sb.append(words[random.nextInt(words.length)]).append(random.nextInt(1000)).append(' ');
        }
        roundTrip(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void everyInputLengthAroundTheLimitsRoundTrips() {
        Random random = new Random(7);
        for (int length = 32; length < 600; length++) {
            byte[] input = new byte[length];
            for (int i = 0; i < length; i++) {
                input[i] = (byte) ('a' + random.nextInt(3));
            }
            byte[] compressed = Pglz.compress(input);
            if (compressed != null) {
                assertThat(Pglz.decompress(compressed, length)).as("length %d", length).isEqualTo(input);
                assertThat(compressed.length).isLessThan(length * 3 / 4);
            }
        }
    }

    @Test
    void incompressibleDataIsRefused() {
        byte[] random = new byte[1 << 20];
        new Random(1).nextBytes(random);
        assertThat(Pglz.compress(random)).isNull();
    }

    @Test
    void shortInputIsNotCompressed() {
        assertThat(Pglz.compress("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".getBytes(StandardCharsets.US_ASCII))).isNull();
    }

    @Test
    void aSavingUnderAQuarterIsRefused() {
        // half the bytes repeat, half are random: about a third saved at best on the repeated half
        byte[] input = new byte[8192];
        new Random(3).nextBytes(input);
        for (int i = 0; i < 1024; i++) {
            input[i] = (byte) (i % 16);
        }
        byte[] compressed = Pglz.compress(input);
        assertThat(compressed).isNull();
    }

    @Test
    void corruptInputIsXX001() {
        byte[] text = "abcabcabcabcabcabcabcabcabcabcabcabcabcabc".repeat(50).getBytes(StandardCharsets.US_ASCII);
        byte[] compressed = Pglz.compress(text);
        assertThatThrownBy(() -> Pglz.decompress(compressed, text.length + 1)).isInstanceOf(PgException.class)
                .hasMessageContaining("compressed pglz data is corrupt");
        byte[] badOffset = {(byte) 0x01, (byte) 0x0F, (byte) 0xFF, 0};
        assertThatThrownBy(() -> Pglz.decompress(badOffset, 20)).isInstanceOf(PgException.class);
        assertThatThrownBy(() -> Pglz.decompress(Arrays.copyOf(compressed, compressed.length - 1), text.length))
                .isInstanceOf(PgException.class);
    }
}
