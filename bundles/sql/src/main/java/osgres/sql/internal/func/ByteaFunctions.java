/*
 * The binary-string (bytea) functions of pg_proc, with PostgreSQL's results and errors (varlena.c, encode.c,
 * cryptohashfuncs.c): sha224/256/384/512, encode/decode in hex, base64 (lines broken at 76 characters) and escape,
 * octet_length, bit_length, length, overlay, btrim/ltrim/rtrim, substr/substring by byte, get_byte/set_byte,
 * get_bit/set_bit (bit 0 the lowest bit of the first byte) and bit_count. All strict.
 */
package osgres.sql.internal.func;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import osgres.api.PgException;
import osgres.api.SqlState;
import osgres.sql.internal.utils.PgType;
import osgres.sql.internal.utils.TypeIo;

final class ByteaFunctions {
    private static final PgType TEXT = PgType.TEXT;
    private static final PgType INT4 = PgType.INT4;
    private static final PgType BYTEA = PgType.BYTEA;

    private ByteaFunctions() {
    }

    static void define(Functions.Registrar d) {
        for (String algorithm : List.of("224", "256", "384", "512")) {
            d.define("sha" + algorithm, List.of(BYTEA), BYTEA, true, false, false,
                    (c, a) -> digest("SHA-" + algorithm, (byte[]) a[0]));
        }
        d.define("encode", List.of(BYTEA, TEXT), TEXT, true, false, false,
                (c, a) -> encode((byte[]) a[0], (String) a[1]));
        d.define("decode", List.of(TEXT, TEXT), BYTEA, true, false, false,
                (c, a) -> decode((String) a[0], (String) a[1]));
        d.define("octet_length", List.of(BYTEA), INT4, true, false, false, (c, a) -> ((byte[]) a[0]).length);
        d.define("bit_length", List.of(BYTEA), INT4, true, false, false, (c, a) -> ((byte[]) a[0]).length * 8);
        d.define("length", List.of(BYTEA), INT4, true, false, false, (c, a) -> ((byte[]) a[0]).length);
        d.define("overlay", List.of(BYTEA, BYTEA, INT4, INT4), BYTEA, true, false, false,
                (c, a) -> overlay((byte[]) a[0], (byte[]) a[1], (Integer) a[2], (Integer) a[3]));
        d.define("overlay", List.of(BYTEA, BYTEA, INT4), BYTEA, true, false, false,
                (c, a) -> overlay((byte[]) a[0], (byte[]) a[1], (Integer) a[2], ((byte[]) a[1]).length));
        d.define("btrim", List.of(BYTEA, BYTEA), BYTEA, true, false, false,
                (c, a) -> trim((byte[]) a[0], (byte[]) a[1], true, true));
        d.define("ltrim", List.of(BYTEA, BYTEA), BYTEA, true, false, false,
                (c, a) -> trim((byte[]) a[0], (byte[]) a[1], true, false));
        d.define("rtrim", List.of(BYTEA, BYTEA), BYTEA, true, false, false,
                (c, a) -> trim((byte[]) a[0], (byte[]) a[1], false, true));
        for (String name : List.of("substr", "substring")) {
            d.define(name, List.of(BYTEA, INT4), BYTEA, true, false, false,
                    (c, a) -> substr((byte[]) a[0], (Integer) a[1], null));
            d.define(name, List.of(BYTEA, INT4, INT4), BYTEA, true, false, false,
                    (c, a) -> substr((byte[]) a[0], (Integer) a[1], (Integer) a[2]));
        }
        d.define("get_byte", List.of(BYTEA, INT4), INT4, true, false, false, (c, a) -> {
            byte[] b = (byte[]) a[0];
            return b[checkIndex((Integer) a[1], b.length)] & 0xFF;
        });
        d.define("set_byte", List.of(BYTEA, INT4, INT4), BYTEA, true, false, false, (c, a) -> {
            byte[] b = ((byte[]) a[0]).clone();
            b[checkIndex((Integer) a[1], b.length)] = (byte) (int) (Integer) a[2];
            return b;
        });
        d.define("get_bit", List.of(BYTEA, PgType.INT8), INT4, true, false, false, (c, a) -> {
            byte[] b = (byte[]) a[0];
            long n = checkIndex((Long) a[1], b.length * 8L);
            return (b[(int) (n / 8)] >> (n % 8)) & 1;
        });
        d.define("set_bit", List.of(BYTEA, PgType.INT8, INT4), BYTEA, true, false, false, (c, a) -> {
            byte[] b = ((byte[]) a[0]).clone();
            long n = checkIndex((Long) a[1], b.length * 8L);
            int bit = (Integer) a[2];
            if (bit != 0 && bit != 1) {
                throw PgException.error(SqlState.INVALID_PARAMETER_VALUE, "new bit must be 0 or 1");
            }
            int mask = 1 << (n % 8);
            b[(int) (n / 8)] = (byte) (bit == 1 ? b[(int) (n / 8)] | mask : b[(int) (n / 8)] & ~mask);
            return b;
        });
        d.define("bit_count", List.of(BYTEA), PgType.INT8, true, false, false, (c, a) -> {
            long count = 0;
            for (byte x : (byte[]) a[0]) {
                count += Integer.bitCount(x & 0xFF);
            }
            return count;
        });
    }

    private static int checkIndex(int n, int size) {
        return (int) checkIndex((long) n, size);
    }

    private static long checkIndex(long n, long size) {
        if (n < 0 || n >= size) {
            throw PgException.error("2202E", "index " + n + " out of valid range, 0.." + (size - 1));
        }
        return n;
    }

    /** bytea_substring: 1-based start, a start before 1 eats into the count, a negative count is an error. */
    private static byte[] substr(byte[] s, int start, Integer count) {
        int[] range = StringFunctions.substringRange(s.length, start, count);
        return java.util.Arrays.copyOfRange(s, range[0], range[1]);
    }

    private static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-2 is part of every Java runtime", e);
        }
    }

    private static PgException unrecognizedEncoding(String name) {
        return PgException.error(SqlState.INVALID_PARAMETER_VALUE, "unrecognized encoding: \"" + name + "\"");
    }

    static String encode(byte[] data, String format) {
        return switch (format.toLowerCase(java.util.Locale.ROOT)) {
            case "hex" -> HexFormat.of().formatHex(data);
            case "base64" -> Base64.getMimeEncoder(76, new byte[] {'\n'}).encodeToString(data);
            case "escape" -> {
                StringBuilder out = new StringBuilder();
                for (byte b : data) {
                    int v = b & 0xFF;
                    if (v == 0 || v >= 0x80) {
                        out.append('\\').append(String.format("%03o", v));
                    } else if (v == '\\') {
                        out.append("\\\\");
                    } else {
                        out.append((char) v);
                    }
                }
                yield out.toString();
            }
            default -> throw unrecognizedEncoding(format);
        };
    }

    static byte[] decode(String text, String format) {
        return switch (format.toLowerCase(java.util.Locale.ROOT)) {
            case "hex" -> decodeHex(text);
            case "base64" -> decodeBase64(text);
            case "escape" -> decodeEscape(text);
            default -> throw unrecognizedEncoding(format);
        };
    }

    /** escape_dec: bytea's escape input without its \\x form; an invalid backslash is bytea's syntax error. */
    private static byte[] decodeEscape(String text) {
        byte[] bytes = TypeIo.parseByteaEscape(text);
        if (bytes == null) {
            throw PgException.error(SqlState.INVALID_TEXT_REPRESENTATION, "invalid input syntax for type bytea");
        }
        return bytes;
    }

    /** hex_decode: pairs of hex digits, white space between pairs skipped. */
    private static byte[] decodeHex(String text) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
                i++;
                continue;
            }
            int hi = hexDigit(text, i);
            if (i + 1 >= text.length()) {
                throw PgException.error(SqlState.INVALID_PARAMETER_VALUE,
                        "invalid hexadecimal data: odd number of digits");
            }
            int lo = hexDigit(text, i + 1);
            out.write(hi << 4 | lo);
            i += 2;
        }
        return out.toByteArray();
    }

    private static int hexDigit(String text, int i) {
        int d = Character.digit(text.charAt(i), 16);
        if (d < 0 || text.charAt(i) > 127) {
            throw PgException.error(SqlState.INVALID_PARAMETER_VALUE,
                    "invalid hexadecimal digit: \"" + new String(Character.toChars(text.codePointAt(i))) + "\"");
        }
        return d;
    }

    /** pg_base64_decode: white space skipped, '=' ends the data, a symbol outside the alphabet is an error. */
    private static byte[] decodeBase64(String text) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        int buf = 0;
        int pos = 0;
        int end = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                continue;
            }
            int b;
            if (c == '=') {
                if (end == 0) {
                    if (pos == 2) {
                        end = 1;
                    } else if (pos == 3) {
                        end = 2;
                    } else {
                        throw PgException.error(SqlState.INVALID_PARAMETER_VALUE,
                                "unexpected \"=\" while decoding base64 sequence");
                    }
                }
                b = 0;
            } else {
                b = c < 128 ? alphabet.indexOf(c) : -1;
                if (b < 0) {
                    throw PgException.error(SqlState.INVALID_PARAMETER_VALUE, "invalid symbol \""
                            + new String(Character.toChars(text.codePointAt(i)))
                            + "\" found while decoding base64 sequence");
                }
            }
            buf = (buf << 6) + b;
            pos++;
            if (pos == 4) {
                out.write(buf >> 16 & 0xFF);
                if (end == 0 || end > 1) {
                    out.write(buf >> 8 & 0xFF);
                }
                if (end == 0 || end > 2) {
                    out.write(buf & 0xFF);
                }
                buf = 0;
                pos = 0;
            }
        }
        if (pos != 0) {
            throw PgException.error(SqlState.INVALID_PARAMETER_VALUE, "invalid base64 end sequence")
                    .withHint("Input data is missing padding, is truncated, or is otherwise corrupted.");
        }
        return out.toByteArray();
    }

    private static byte[] overlay(byte[] s, byte[] placing, int from, int count) {
        long cut = (long) from + count;
        if (from < 1 || cut > Integer.MAX_VALUE) {
            throw PgException.error("22011", "negative substring length not allowed");
        }
        int head = Math.min(from - 1, s.length);
        int tail = (int) Math.max(0, Math.min(cut - 1, s.length));
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(s, 0, head);
        out.writeBytes(placing);
        out.write(s, tail, s.length - tail);
        return out.toByteArray();
    }

    private static byte[] trim(byte[] s, byte[] set, boolean leading, boolean trailing) {
        int start = 0;
        int end = s.length;
        while (leading && start < end && contains(set, s[start])) {
            start++;
        }
        while (trailing && end > start && contains(set, s[end - 1])) {
            end--;
        }
        return java.util.Arrays.copyOfRange(s, start, end);
    }

    private static boolean contains(byte[] set, byte b) {
        for (byte x : set) {
            if (x == b) {
                return true;
            }
        }
        return false;
    }
}
