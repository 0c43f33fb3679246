package osgres.api;

import java.nio.charset.StandardCharsets;

/**
 * Verification of client text in UTF-8, the only client and server encoding osgres speaks: PostgreSQL's
 * pg_verify_mbstr with pg_utf8_verifychar / pg_utf8_islegal (wchar.c) and report_invalid_encoding (mbutils.c).
 * Every string a client sends (query text, names, text parameters, COPY data) passes through here before it
 * becomes a Java String, so a bad byte is refused instead of turning into U+FFFD and being stored.
 *
 * <p>What is legal, as pg_utf8_islegal has it: a character's length comes from its first byte (0xxxxxxx 1,
 * 110xxxxx 2, 1110xxxx 3, 11110xxx 4, anything else 1); continuation bytes are 0x80-0xBF; no overlong forms
 * (first bytes 0xC0, 0xC1; 0xE0 needs 0xA0-0xBF next, 0xF0 needs 0x90-0xBF), no surrogates (0xED needs
 * 0x80-0x9F), nothing past U+10FFFF (first byte at most 0xF4, and 0xF4 needs 0x80-0x8F). A NUL byte is refused
 * too: PostgreSQL text cannot hold one.
 *
 * <p>The error is ERROR 22021 {@code invalid byte sequence for encoding "UTF8": 0xc3 0x28}: the bytes of the
 * offending character as long as its first byte says it is (cut at the end of the input), each {@code 0x%02x},
 * separated by spaces.
 */
public final class Utf8 {

    private Utf8() {
    }

    /**
     * The bytes {@code [offset, offset + length)} as a String, after checking that they are valid UTF-8 without
     * NUL; otherwise ERROR 22021.
     */
    public static String decode(byte[] data, int offset, int length) {
        int bad = invalidAt(data, offset, length);
        if (bad >= 0) {
            throw invalidByteSequence(data, bad, offset + length);
        }
        return new String(data, offset, length, StandardCharsets.UTF_8);
    }

    /** {@link #decode} of a whole array. */
    public static String decode(byte[] data) {
        return decode(data, 0, data.length);
    }

    /** Where the first invalid character (or NUL) of {@code [offset, offset + length)} starts; -1 if none. */
    public static int invalidAt(byte[] data, int offset, int length) {
        int end = offset + length;
        int i = offset;
        while (i < end) {
            int b = data[i];
            if (b > 0) {
                i++; // ASCII, the common case
                continue;
            }
            int n = characterLength(b & 0xff);
            if (b == 0 || end - i < n || !isLegal(data, i, n)) {
                return i;
            }
            i += n;
        }
        return -1;
    }

    /** report_invalid_encoding's error for the character at {@code at} (input ending at {@code end}). */
    public static PgException invalidByteSequence(byte[] data, int at, int end) {
        int shown = Math.min(characterLength(data[at] & 0xff), end - at);
        StringBuilder bytes = new StringBuilder(shown * 5);
        for (int j = 0; j < shown; j++) {
            if (j > 0) {
                bytes.append(' ');
            }
            int v = data[at + j] & 0xff;
            bytes.append("0x").append(Character.forDigit(v >> 4, 16)).append(Character.forDigit(v & 0xf, 16));
        }
        return PgException.error(SqlState.CHARACTER_NOT_IN_REPERTOIRE,
                "invalid byte sequence for encoding \"UTF8\": " + bytes);
    }

    /** pg_utf_mblen: the length a first byte announces (a stray continuation byte counts as 1). */
    private static int characterLength(int first) {
        if ((first & 0x80) == 0) {
            return 1;
        } else if ((first & 0xe0) == 0xc0) {
            return 2;
        } else if ((first & 0xf0) == 0xe0) {
            return 3;
        } else if ((first & 0xf8) == 0xf0) {
            return 4;
        }
        return 1;
    }

    /** pg_utf8_islegal for the {@code length} bytes at {@code at} (a non-ASCII character). */
    private static boolean isLegal(byte[] data, int at, int length) {
        int first = data[at] & 0xff;
        if (first < 0xc2 || first > 0xf4) {
            return false; // a continuation byte, an overlong 2-byte form, or beyond U+10FFFF
        }
        for (int j = 2; j < length; j++) {
            if (!isContinuation(data[at + j] & 0xff)) {
                return false;
            }
        }
        int second = data[at + 1] & 0xff;
        return switch (first) {
            case 0xe0 -> second >= 0xa0 && second <= 0xbf;
            case 0xed -> second >= 0x80 && second <= 0x9f;
            case 0xf0 -> second >= 0x90 && second <= 0xbf;
            case 0xf4 -> second >= 0x80 && second <= 0x8f;
            default -> isContinuation(second);
        };
    }

    private static boolean isContinuation(int b) {
        return b >= 0x80 && b <= 0xbf;
    }
}
