/*
 * text[]: the one array type osgres has so far, a one-dimensional array with lower bound 1, held as a String[]
 * whose elements may be null. Its I/O is arrayfuncs.c's for that case: array_out writes {a,b,NULL} and quotes
 * an element that is empty, is NULL in any case, or holds a quote, backslash, brace, comma or white space
 * (backslash-escaping quotes and backslashes inside); array_in reads the same form; array_send/array_recv the
 * binary form (ndim, has-null flag, element type OID, then per dimension its length and lower bound, then each
 * element as an int32 length, -1 for null, and its bytes); array_cmp orders arrays for comparisons and sorts.
 * Not here: more dimensions, other lower bounds, other element types, subscripts, array columns in tables
 * (storage has no array format yet, so CREATE TABLE AS refuses a text[] column).
 */
package osgres.sql.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import osgres.api.PgException;
import osgres.api.SqlState;
import osgres.api.Utf8;

final class TextArrays {
    private TextArrays() {
    }

    static String output(String[] elements) {
        StringBuilder out = new StringBuilder("{");
        for (int i = 0; i < elements.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            String e = elements[i];
            if (e == null) {
                out.append("NULL");
            } else if (needsQuotes(e)) {
                out.append('"');
                for (int j = 0; j < e.length(); j++) {
                    char c = e.charAt(j);
                    if (c == '"' || c == '\\') {
                        out.append('\\');
                    }
                    out.append(c);
                }
                out.append('"');
            } else {
                out.append(e);
            }
        }
        return out.append('}').toString();
    }

    private static boolean needsQuotes(String e) {
        if (e.isEmpty() || e.equalsIgnoreCase("NULL")) {
            return true;
        }
        for (int i = 0; i < e.length(); i++) {
            char c = e.charAt(i);
            if (c == '"' || c == '\\' || c == '{' || c == '}' || c == ',' || isSpace(c)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0B || c == '\f';
    }

    /** array_in for a one-dimensional text array. */
    static String[] input(String text) {
        String s = text.strip();
        if (!s.startsWith("{")) {
            throw malformed(text, "Array value must start with \"{\" or dimension information.");
        }
        List<String> elements = new ArrayList<>();
        int i = 1;
        if (skipSpace(s, i) < s.length() && s.charAt(skipSpace(s, i)) == '}') {
            i = skipSpace(s, i) + 1;
            if (i != s.length()) {
                throw malformed(text, "Junk after closing right brace.");
            }
            return new String[0];
        }
        while (true) {
            i = skipSpace(s, i);
            if (i >= s.length()) {
                throw malformed(text, "Unexpected end of input.");
            }
            StringBuilder e = new StringBuilder();
            boolean quoted = false;
            if (s.charAt(i) == '"') {
                quoted = true;
                i++;
                while (i < s.length() && s.charAt(i) != '"') {
                    if (s.charAt(i) == '\\' && i + 1 < s.length()) {
                        i++;
                    }
                    e.append(s.charAt(i++));
                }
                if (i >= s.length()) {
                    throw malformed(text, "Unexpected end of input.");
                }
                i++;
                i = skipSpace(s, i);
            } else {
                while (i < s.length() && s.charAt(i) != ',' && s.charAt(i) != '}') {
                    char c = s.charAt(i);
                    if (c == '{' || c == '"') {
                        throw malformed(text, "Unexpected \"" + c + "\" character.");
                    }
                    if (c == '\\' && i + 1 < s.length()) {
                        i++;
                    }
                    e.append(s.charAt(i++));
                }
            }
            String value = quoted ? e.toString() : e.toString().strip();
            if (!quoted && value.isEmpty()) {
                throw malformed(text, "Unexpected \"" + (i < s.length() ? s.charAt(i) : '}') + "\" character.");
            }
            elements.add(!quoted && value.equalsIgnoreCase("NULL") ? null : value);
            if (i >= s.length()) {
                throw malformed(text, "Unexpected end of input.");
            }
            char c = s.charAt(i++);
            if (c == '}') {
                if (i != s.length()) {
                    throw malformed(text, "Junk after closing right brace.");
                }
                return elements.toArray(new String[0]);
            }
            if (c != ',') {
                throw malformed(text, "Unexpected array element.");
            }
        }
    }

    private static int skipSpace(String s, int i) {
        while (i < s.length() && isSpace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static PgException malformed(String text, String detail) {
        return PgException.error(SqlState.INVALID_TEXT_REPRESENTATION, "malformed array literal: \"" + text + "\"")
                .withDetail(detail);
    }

    static byte[] send(String[] elements) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean hasNull = false;
        for (String e : elements) {
            hasNull |= e == null;
        }
        ByteBuffer header = ByteBuffer.allocate(elements.length == 0 ? 12 : 20);
        header.putInt(elements.length == 0 ? 0 : 1).putInt(hasNull ? 1 : 0).putInt(PgType.TEXT.oid());
        if (elements.length > 0) {
            header.putInt(elements.length).putInt(1);
        }
        out.writeBytes(header.array());
        for (String e : elements) {
            if (e == null) {
                out.writeBytes(ByteBuffer.allocate(4).putInt(-1).array());
            } else {
                byte[] b = e.getBytes(StandardCharsets.UTF_8);
                out.writeBytes(ByteBuffer.allocate(4).putInt(b.length).array());
                out.writeBytes(b);
            }
        }
        return out.toByteArray();
    }

    static String[] receive(byte[] data, int parameterNumber) {
        try {
            ByteBuffer b = ByteBuffer.wrap(data);
            int ndim = b.getInt();
            b.getInt();
            int elementType = b.getInt();
            if (ndim == 0) {
                return new String[0];
            }
            if (ndim != 1 || elementType != PgType.TEXT.oid()) {
                throw Messages.binaryFormat(parameterNumber);
            }
            int n = b.getInt();
            b.getInt();
            String[] elements = new String[n];
            for (int i = 0; i < n; i++) {
                int len = b.getInt();
                if (len >= 0) {
                    byte[] bytes = new byte[len];
                    b.get(bytes);
                    elements[i] = Utf8.decode(bytes);
                }
            }
            return elements;
        } catch (java.nio.BufferUnderflowException | NegativeArraySizeException e) {
            throw Messages.binaryFormat(parameterNumber);
        }
    }

    /** array_cmp: element by element (a null element sorts after any value), then the shorter array first. */
    static int compare(String[] a, String[] b) {
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            if (a[i] == null || b[i] == null) {
                if (a[i] != b[i]) {
                    return a[i] == null ? 1 : -1;
                }
                continue;
            }
            int c = a[i].compareTo(b[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.length, b.length);
    }
}
