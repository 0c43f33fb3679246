/*
 * The uuid type's input, output and binary functions (PostgreSQL's utils/adt/uuid.c) and gen_random_uuid. A value
 * is a java.util.UUID whose most significant half holds bytes 0..7 and the least significant half bytes 8..15, so
 * that the 16 bytes uuid.c keeps are the UUID's big-endian bytes. Order (uuid_cmp) is memcmp of those bytes: each
 * half compared unsigned, which UUID.compareTo does not do (it compares signed), hence {@link #compare}.
 * Input (string_to_uuid): 32 hex digits in either case, optionally in braces, with a hyphen allowed after any
 * group of four digits except the last; nothing else, not even surrounding spaces. Output: lower case
 * 8-4-4-4-12. Binary: the 16 bytes.
 */
package osgres.sql.internal.utils;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.UUID;

public final class UuidValues {
    private static final int UUID_LEN = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private UuidValues() {
    }

    /** uuid_in: 22P02 {@code invalid input syntax for type uuid} on anything string_to_uuid rejects. */
    public static UUID parse(String text) {
        int pos = 0;
        int length = text.length();
        boolean braces = length > 0 && text.charAt(0) == '{';
        if (braces) {
            pos++;
        }
        long high = 0;
        long low = 0;
        for (int i = 0; i < UUID_LEN; i++) {
            if (pos + 1 >= length) {
                throw Messages.invalidInput("uuid", text);
            }
            int hi = hexDigit(text.charAt(pos));
            int lo = hexDigit(text.charAt(pos + 1));
            if (hi < 0 || lo < 0) {
                throw Messages.invalidInput("uuid", text);
            }
            int b = hi << 4 | lo;
            if (i < 8) {
                high = high << 8 | b;
            } else {
                low = low << 8 | b;
            }
            pos += 2;
            if (pos < length && text.charAt(pos) == '-' && i % 2 == 1 && i < UUID_LEN - 1) {
                pos++;
            }
        }
        if (braces) {
            if (pos >= length || text.charAt(pos) != '}') {
                throw Messages.invalidInput("uuid", text);
            }
            pos++;
        }
        if (pos != length) {
            throw Messages.invalidInput("uuid", text);
        }
        return new UUID(high, low);
    }

    /** An ASCII hex digit's value (isxdigit), -1 for any other character. */
    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /** uuid_out: lower-case 8-4-4-4-12 (which is what UUID.toString prints). */
    public static String format(UUID value) {
        return value.toString();
    }

    /** uuid_send: the 16 bytes. */
    public static byte[] send(UUID value) {
        return ByteBuffer.allocate(UUID_LEN).putLong(value.getMostSignificantBits())
                .putLong(value.getLeastSignificantBits()).array();
    }

    /** uuid_recv: exactly 16 bytes, 22P03 for the parameter otherwise. */
    public static UUID receive(byte[] data, int parameterNumber) {
        if (data.length != UUID_LEN) {
            throw Messages.binaryFormat(parameterNumber);
        }
        ByteBuffer b = ByteBuffer.wrap(data);
        return new UUID(b.getLong(), b.getLong());
    }

    /** uuid_cmp: memcmp of the 16 bytes. */
    public static int compare(UUID a, UUID b) {
        int c = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return c != 0 ? c : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    }

    /** gen_random_uuid: 16 strong random bytes with RFC 4122's version 4 and variant bits set. */
    public static UUID random() {
        byte[] data = new byte[UUID_LEN];
        RANDOM.nextBytes(data);
        data[6] = (byte) (data[6] & 0x0f | 0x40);
        data[8] = (byte) (data[8] & 0x3f | 0x80);
        ByteBuffer b = ByteBuffer.wrap(data);
        return new UUID(b.getLong(), b.getLong());
    }
}
