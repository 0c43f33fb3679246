/*
 * numeric's special values NaN, Infinity and -Infinity (PostgreSQL 14+, numeric.c's NUMERIC_SPECIAL forms), as the
 * Java value of a numeric column next to java.math.BigDecimal for the finite ones (TypeOids): BigDecimal can hold
 * none of them. A tuple stores one as a numeric payload whose scale word is the special's sign word (0xC000 NaN,
 * 0xD000 Infinity, 0xF000 -Infinity) with no digits (TupleCodec); a B-tree orders them as cmp_numerics does: NaN
 * above everything, then Infinity, the finite values, -Infinity. Their arithmetic is the SQL layer's.
 */
package osgres.storage;

import java.math.BigDecimal;

public enum NumericSpecial {
    NAN("NaN", 0xC000),
    INFINITY("Infinity", 0xD000),
    NEGATIVE_INFINITY("-Infinity", 0xF000);

    private final String text;
    private final int signWord;

    NumericSpecial(String text, int signWord) {
        this.text = text;
        this.signWord = signWord;
    }

    /** numeric_out's spelling. */
    @Override
    public String toString() {
        return text;
    }

    /** The sign word of numeric's on-disk and binary forms (NUMERIC_NAN, NUMERIC_PINF, NUMERIC_NINF). */
    public int signWord() {
        return signWord;
    }

    /** The special of sign word {@code word}, or null when it is a finite number's sign. */
    public static NumericSpecial ofSignWord(int word) {
        for (NumericSpecial s : values()) {
            if (s.signWord == word) {
                return s;
            }
        }
        return null;
    }

    public double toDouble() {
        return switch (this) {
            case NAN -> Double.NaN;
            case INFINITY -> Double.POSITIVE_INFINITY;
            case NEGATIVE_INFINITY -> Double.NEGATIVE_INFINITY;
        };
    }

    /** cmp_numerics over BigDecimal and the specials: NaN above everything and equal to itself. */
    public static int compare(Object a, Object b) {
        if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
            return x.compareTo(y);
        }
        return Integer.compare(rank(a), rank(b));
    }

    private static int rank(Object v) {
        return v == NAN ? 3 : v == INFINITY ? 2 : v == NEGATIVE_INFINITY ? 0 : 1;
    }
}
