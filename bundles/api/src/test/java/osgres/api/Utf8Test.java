package osgres.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** pg_verify_mbstr for UTF-8: what PostgreSQL 15 accepts, and report_invalid_encoding's text when it does not. */
class Utf8Test {

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    private static String errorFor(byte[] data) {
        try {
            Utf8.decode(data);
        } catch (PgException e) {
            assertThat(e.sqlState()).isEqualTo("22021");
            return e.getMessage();
        }
        throw new AssertionError("accepted");
    }

    @Test
    void validTextDecodesUnchanged() {
        String text = "plain ascii, é, €, 𝄞, 中文";
        assertThat(Utf8.decode(text.getBytes(StandardCharsets.UTF_8))).isEqualTo(text);
        assertThat(Utf8.decode(new byte[0])).isEmpty();
        // the edges: U+0080, U+07FF, U+0800, U+D7FF, U+E000, U+FFFF, U+10000, U+10FFFF
        assertThat(Utf8.invalidAt(bytes(0xc2, 0x80, 0xdf, 0xbf, 0xe0, 0xa0, 0x80, 0xed, 0x9f, 0xbf, 0xee, 0x80,
                0x80, 0xef, 0xbf, 0xbf, 0xf0, 0x90, 0x80, 0x80, 0xf4, 0x8f, 0xbf, 0xbf), 0, 24)).isEqualTo(-1);
    }

    @Test
    void badContinuationShowsTheWholeCharacter() {
        assertThat(errorFor(bytes('a', 0xc3, 0x28, 'b')))
                .isEqualTo("invalid byte sequence for encoding \"UTF8\": 0xc3 0x28");
        assertThat(errorFor(bytes(0xe2, 0x28, 0xa1))).isEqualTo("invalid byte sequence for encoding \"UTF8\": "
                + "0xe2 0x28 0xa1");
    }

    @Test
    void truncatedCharacterShowsWhatIsThere() {
        assertThat(errorFor(bytes('x', 0xe2, 0x82))).isEqualTo("invalid byte sequence for encoding \"UTF8\": "
                + "0xe2 0x82");
    }

    @Test
    void strayBytesOverlongsSurrogatesAndOutOfRangeAreRefused() {
        assertThat(errorFor(bytes(0x80))).endsWith(": 0x80");
        assertThat(errorFor(bytes(0xff, 'a'))).endsWith(": 0xff");
        assertThat(errorFor(bytes(0xc0, 0xaf))).endsWith(": 0xc0 0xaf");
        assertThat(errorFor(bytes(0xe0, 0x80, 0xaf))).endsWith(": 0xe0 0x80 0xaf");
        assertThat(errorFor(bytes(0xed, 0xa0, 0x80))).endsWith(": 0xed 0xa0 0x80");
        assertThat(errorFor(bytes(0xf4, 0x90, 0x80, 0x80))).endsWith(": 0xf4 0x90 0x80 0x80");
        assertThat(errorFor(bytes(0xf5, 0x80, 0x80, 0x80))).endsWith(": 0xf5 0x80 0x80 0x80");
        assertThat(errorFor(bytes(0xf8, 0x80))).endsWith(": 0xf8");
    }

    @Test
    void nulIsRefused() {
        assertThat(errorFor(bytes('a', 0, 'b'))).isEqualTo("invalid byte sequence for encoding \"UTF8\": 0x00");
    }

    @Test
    void onlyTheGivenRangeIsChecked() {
        byte[] data = bytes(0xff, 'o', 'k', 0xff);
        assertThat(Utf8.decode(data, 1, 2)).isEqualTo("ok");
        assertThatThrownBy(() -> Utf8.decode(data, 1, 3)).hasMessageEndingWith(": 0xff");
    }
}
