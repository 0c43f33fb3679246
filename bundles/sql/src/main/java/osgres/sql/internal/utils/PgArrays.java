/*
 * Array values (osgres.storage.ArrayValue) in the SQL layer, as PostgreSQL's arrayfuncs.c: array_in and array_out
 * (the {...} text form with nested braces per dimension, elements quoted when empty, NULL in any case, or holding
 * a quote, backslash, brace, comma or white space, backslash-escaping quotes and backslashes inside; a
 * [lb:ub]={...} prefix when a lower bound is not 1), array_recv and array_send (int32 ndim, int32 has-null flag,
 * int32 element type OID, per dimension int32 length and int32 lower bound, then each element as an int32 length,
 * -1 for null, and its binary form) and array_cmp (element by element, a null element after any value, then the
 * number of elements, dimensions and bounds), which orders arrays for comparisons and sorts. Elements are read
 * and written with their type's TypeIo functions.
 */
package osgres.sql.internal.utils;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import osgres.api.PgException;
import osgres.api.SqlState;
import osgres.storage.ArrayValue;

public final class PgArrays {
    /** PostgreSQL's MAXDIM. */
    public static final int MAX_DIMENSIONS = 6;

    private PgArrays() {
    }

    public static ArrayValue of(PgType element, Object[] elements) {
        return ArrayValue.of(element.oid(), elements);
    }

    public static ArrayValue of(PgType element, List<?> elements) {
        return ArrayValue.of(element.oid(), elements.toArray());
    }

    public static ArrayValue empty(PgType element) {
        return ArrayValue.of(element.oid(), new Object[0]);
    }

    public static PgType elementType(ArrayValue a) {
        return PgType.byOid(a.elementType());
    }

    // ---------------------------------------------------------------- array_out

    public static String output(ArrayValue a, TypeIo.OutputSettings settings) {
        if (a.size() == 0) {
            return "{}";
        }
        PgType element = elementType(a);
        StringBuilder out = new StringBuilder();
        boolean bounds = false;
        for (int d = 0; d < a.ndim(); d++) {
            bounds |= a.lowerBound(d) != 1;
        }
        if (bounds) {
            for (int d = 0; d < a.ndim(); d++) {
                out.append('[').append(a.lowerBound(d)).append(':').append(a.lowerBound(d) + a.dim(d) - 1)
                        .append(']');
            }
            out.append('=');
        }
        int[] next = {0};
        writeLevel(out, a, 0, next, element, settings);
        return out.toString();
    }

    private static void writeLevel(StringBuilder out, ArrayValue a, int level, int[] next, PgType element,
                                   TypeIo.OutputSettings settings) {
        out.append('{');
        for (int i = 0; i < a.dim(level); i++) {
            if (i > 0) {
                out.append(',');
            }
            if (level + 1 < a.ndim()) {
                writeLevel(out, a, level + 1, next, element, settings);
                continue;
            }
            Object e = a.get(next[0]++);
            if (e == null) {
                out.append("NULL");
                continue;
            }
            String text = TypeIo.output(element, e, settings);
            if (needsQuotes(text)) {
                out.append('"');
                for (int j = 0; j < text.length(); j++) {
                    char c = text.charAt(j);
                    if (c == '"' || c == '\\') {
                        out.append('\\');
                    }
                    out.append(c);
                }
                out.append('"');
            } else {
                out.append(text);
            }
        }
        out.append('}');
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

    // ---------------------------------------------------------------- array_in

    /** One element as written: its de-escaped text, or null for an unquoted NULL. */
    private record Element(String text) {
    }

    /** array_in: the text form, elements read with {@code element}'s input function. */
    public static ArrayValue input(PgType element, String text, ZoneId zone) {
        String s = text;
        int i = skipSpace(s, 0);
        List<int[]> explicit = new ArrayList<>();
        if (i < s.length() && s.charAt(i) == '[') {
            while (i < s.length() && s.charAt(i) == '[') {
                i++;
                int start = i;
                while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '-' || s.charAt(i) == '+')) {
                    i++;
                }
                if (i == start) {
                    throw malformed(text, "\"[\" must introduce explicitly-specified array dimensions.");
                }
                if (explicit.size() >= MAX_DIMENSIONS) {
                    throw PgException.error(SqlState.PROGRAM_LIMIT_EXCEEDED, "number of array dimensions ("
                            + (explicit.size() + 1) + ") exceeds the maximum allowed (" + MAX_DIMENSIONS + ")");
                }
                int lower = 1;
                int upper = parseBound(s.substring(start, i), text);
                if (i < s.length() && s.charAt(i) == ':') {
                    i++;
                    int start2 = i;
                    while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '-'
                            || s.charAt(i) == '+')) {
                        i++;
                    }
                    if (i == start2) {
                        throw malformed(text, "Missing array dimension value.");
                    }
                    lower = upper;
                    upper = parseBound(s.substring(start2, i), text);
                }
                if (i >= s.length() || s.charAt(i) != ']') {
                    throw malformed(text, "Missing \"]\" after array dimensions.");
                }
                i++;
                if (upper < lower) {
                    throw PgException.error(SqlState.ARRAY_SUBSCRIPT_ERROR,
                            "upper bound cannot be less than lower bound");
                }
                explicit.add(new int[] {lower, upper});
                i = skipSpace(s, i);
            }
            if (i >= s.length() || s.charAt(i) != '=') {
                throw malformed(text, "Missing \"=\" after array dimensions.");
            }
            i = skipSpace(s, i + 1);
            if (i >= s.length() || s.charAt(i) != '{') {
                throw malformed(text, "Array contents must start with \"{\".");
            }
        } else if (i >= s.length() || s.charAt(i) != '{') {
            throw malformed(text, "Array value must start with \"{\" or dimension information.");
        }
        checkStructure(s, i, text);
        int[] pos = {i};
        Object tree = parseLevel(s, pos, text, 1);
        int end = skipSpace(s, pos[0]);
        if (end != s.length()) {
            throw malformed(text, "Junk after closing right brace.");
        }
        List<Integer> dims = new ArrayList<>();
        Object probe = tree;
        while (probe instanceof List<?> l) {
            dims.add(l.size());
            if (l.isEmpty()) {
                break;
            }
            probe = l.getFirst();
        }
        List<Element> flat = new ArrayList<>();
        flatten(tree, 0, dims, flat, text);
        if (flat.isEmpty()) {
            if (!explicit.isEmpty()) {
                throw malformed(text, "Specified array dimensions do not match array contents.");
            }
            return empty(element);
        }
        int[] d = dims.stream().mapToInt(Integer::intValue).toArray();
        int[] lb = new int[d.length];
        java.util.Arrays.fill(lb, 1);
        if (!explicit.isEmpty()) {
            if (explicit.size() != d.length) {
                throw malformed(text, "Specified array dimensions do not match array contents.");
            }
            for (int k = 0; k < d.length; k++) {
                if (explicit.get(k)[1] - explicit.get(k)[0] + 1 != d[k]) {
                    throw malformed(text, "Specified array dimensions do not match array contents.");
                }
                lb[k] = explicit.get(k)[0];
            }
        }
        Object[] values = new Object[flat.size()];
        for (int k = 0; k < values.length; k++) {
            String e = flat.get(k).text();
            values[k] = e == null ? null : TypeIo.input(element, e, zone);
        }
        return new ArrayValue(element.oid(), d, lb, values);
    }

    /** Where array_in's scan is: which characters may come next (arrayfuncs.c's ArrayParseState). */
    private enum Scan { NO_LEVEL, LEVEL_STARTED, ELEM_STARTED, ELEM_COMPLETED, QUOTED_ELEM_STARTED,
        QUOTED_ELEM_COMPLETED, ELEM_DELIMITED, LEVEL_COMPLETED, LEVEL_DELIMITED }

    /**
     * ArrayCount's checks, with its errors, over the braces from {@code start}: which character may follow which,
     * sub-arrays of equal length, nothing but white space after the last brace.
     */
    private static void checkStructure(String s, int start, String text) {
        Scan state = Scan.NO_LEVEL;
        int level = 0;
        int[] count = new int[MAX_DIMENSIONS + 1];
        int[] last = new int[MAX_DIMENSIONS + 1];
        java.util.Arrays.fill(count, 1);
        boolean quoted = false;
        int i = start;
        while (true) {
            if (i >= s.length()) {
                throw malformed(text, "Unexpected end of input.");
            }
            char c = s.charAt(i);
            if (c == '\\') {
                if (state != Scan.LEVEL_STARTED && state != Scan.ELEM_STARTED && state != Scan.QUOTED_ELEM_STARTED
                        && state != Scan.ELEM_DELIMITED) {
                    throw malformed(text, "Unexpected \"\\\" character.");
                }
                if (state != Scan.QUOTED_ELEM_STARTED) {
                    state = Scan.ELEM_STARTED;
                }
                if (i + 1 >= s.length()) {
                    throw malformed(text, "Unexpected end of input.");
                }
                i += 2;
                continue;
            }
            if (c == '"') {
                if (state != Scan.LEVEL_STARTED && state != Scan.QUOTED_ELEM_STARTED && state != Scan.ELEM_DELIMITED) {
                    throw malformed(text, "Unexpected array element.");
                }
                quoted = !quoted;
                state = quoted ? Scan.QUOTED_ELEM_STARTED : Scan.QUOTED_ELEM_COMPLETED;
            } else if (quoted) {
                // anything inside quotes
                i++;
                continue;
            } else if (c == '{') {
                if (state != Scan.NO_LEVEL && state != Scan.LEVEL_STARTED && state != Scan.LEVEL_DELIMITED) {
                    throw malformed(text, "Unexpected \"{\" character.");
                }
                state = Scan.LEVEL_STARTED;
                if (level >= MAX_DIMENSIONS) {
                    throw PgException.error(SqlState.PROGRAM_LIMIT_EXCEEDED, "number of array dimensions ("
                            + (level + 1) + ") exceeds the maximum allowed (" + MAX_DIMENSIONS + ")");
                }
                level++;
            } else if (c == '}') {
                if (state != Scan.ELEM_STARTED && state != Scan.ELEM_COMPLETED && state != Scan.QUOTED_ELEM_COMPLETED
                        && state != Scan.LEVEL_COMPLETED && !(level == 1 && state == Scan.LEVEL_STARTED)) {
                    throw malformed(text, "Unexpected \"}\" character.");
                }
                state = Scan.LEVEL_COMPLETED;
                level--;
                if (last[level] != 0 && count[level] != last[level]) {
                    throw malformed(text, "Multidimensional arrays must have sub-arrays with matching dimensions.");
                }
                last[level] = count[level];
                count[level] = 1;
                if (level == 0) {
                    i++;
                    break;
                }
            } else if (c == ',') {
                if (state != Scan.ELEM_STARTED && state != Scan.ELEM_COMPLETED && state != Scan.QUOTED_ELEM_COMPLETED
                        && state != Scan.LEVEL_COMPLETED) {
                    throw malformed(text, "Unexpected \",\" character.");
                }
                state = state == Scan.LEVEL_COMPLETED ? Scan.LEVEL_DELIMITED : Scan.ELEM_DELIMITED;
                count[level - 1]++;
            } else if (!isSpace(c)) {
                if (state != Scan.LEVEL_STARTED && state != Scan.ELEM_STARTED && state != Scan.ELEM_DELIMITED) {
                    throw malformed(text, "Unexpected array element.");
                }
                state = Scan.ELEM_STARTED;
            }
            i++;
        }
        if (skipSpace(s, i) != s.length()) {
            throw malformed(text, "Junk after closing right brace.");
        }
    }

    /** atoi: an optional sign, then the digits up to the first other character (0 when none). */
    private static int parseBound(String digits, String text) {
        int i = 0;
        boolean negative = false;
        if (i < digits.length() && (digits.charAt(i) == '-' || digits.charAt(i) == '+')) {
            negative = digits.charAt(i++) == '-';
        }
        long v = 0;
        while (i < digits.length() && Character.isDigit(digits.charAt(i)) && v <= Integer.MAX_VALUE + 1L) {
            v = v * 10 + (digits.charAt(i++) - '0');
        }
        return (int) (negative ? -v : v);
    }

    /** A brace-enclosed level at pos[0] ('{'): a List of Elements or of nested Lists. */
    private static Object parseLevel(String s, int[] pos, String text, int depth) {
        if (depth > MAX_DIMENSIONS) {
            throw PgException.error(SqlState.PROGRAM_LIMIT_EXCEEDED, "number of array dimensions (" + depth
                    + ") exceeds the maximum allowed (" + MAX_DIMENSIONS + ")");
        }
        int i = pos[0] + 1;
        List<Object> items = new ArrayList<>();
        i = skipSpace(s, i);
        if (i < s.length() && s.charAt(i) == '}') {
            pos[0] = i + 1;
            return items;
        }
        while (true) {
            i = skipSpace(s, i);
            if (i >= s.length()) {
                throw malformed(text, "Unexpected end of input.");
            }
            char c = s.charAt(i);
            if (c == '{') {
                if (!items.isEmpty() && items.getLast() instanceof Element) {
                    throw malformed(text, "Unexpected \"{\" character.");
                }
                pos[0] = i;
                items.add(parseLevel(s, pos, text, depth + 1));
                i = pos[0];
            } else {
                if (c == ',' || c == '}') {
                    throw malformed(text, "Unexpected \"" + c + "\" character.");
                }
                if (!items.isEmpty() && items.getLast() instanceof List) {
                    throw malformed(text, "Unexpected array element.");
                }
                StringBuilder e = new StringBuilder();
                boolean quotedAny = false;
                boolean escaped = false;
                int significant = 0;
                boolean inQuotes = false;
                while (true) {
                    if (i >= s.length()) {
                        throw malformed(text, "Unexpected end of input.");
                    }
                    char ch = s.charAt(i);
                    if (ch == '\\') {
                        if (i + 1 >= s.length()) {
                            throw malformed(text, "Unexpected end of input.");
                        }
                        e.append(s.charAt(i + 1));
                        significant = e.length();
                        escaped = true;
                        i += 2;
                        continue;
                    }
                    if (ch == '"') {
                        inQuotes = !inQuotes;
                        quotedAny = true;
                        significant = e.length();
                        i++;
                        continue;
                    }
                    if (inQuotes) {
                        e.append(ch);
                        significant = e.length();
                        i++;
                        continue;
                    }
                    if (ch == ',' || ch == '}') {
                        break;
                    }
                    if (ch == '{') {
                        throw malformed(text, "Unexpected \"{\" character.");
                    }
                    if (isSpace(ch) && e.length() == 0 && !quotedAny) {
                        i++;
                        continue;
                    }
                    e.append(ch);
                    if (!isSpace(ch)) {
                        significant = e.length();
                    }
                    i++;
                }
                String value = e.substring(0, significant);
                items.add(new Element(!quotedAny && !escaped && value.equalsIgnoreCase("NULL") ? null : value));
            }
            i = skipSpace(s, i);
            if (i >= s.length()) {
                throw malformed(text, "Unexpected end of input.");
            }
            char sep = s.charAt(i++);
            if (sep == '}') {
                pos[0] = i;
                return items;
            }
            if (sep != ',') {
                throw malformed(text, "Unexpected array element.");
            }
        }
    }

    private static void flatten(Object node, int level, List<Integer> dims, List<Element> out, String text) {
        if (node instanceof Element e) {
            if (level != dims.size()) {
                throw malformed(text, "Multidimensional arrays must have sub-arrays with matching dimensions.");
            }
            out.add(e);
            return;
        }
        List<?> l = (List<?>) node;
        if (level >= dims.size() || l.size() != dims.get(level)) {
            throw malformed(text, "Multidimensional arrays must have sub-arrays with matching dimensions.");
        }
        for (Object child : l) {
            flatten(child, level + 1, dims, out, text);
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

    // ---------------------------------------------------------------- array_send / array_recv

    public static byte[] send(ArrayValue a, TypeIo.OutputSettings settings) {
        PgType element = elementType(a);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean hasNull = false;
        for (Object e : a.elements()) {
            hasNull |= e == null;
        }
        ByteBuffer header = ByteBuffer.allocate(12 + 8 * a.ndim());
        header.putInt(a.ndim()).putInt(hasNull ? 1 : 0).putInt(element.oid());
        for (int d = 0; d < a.ndim(); d++) {
            header.putInt(a.dim(d)).putInt(a.lowerBound(d));
        }
        out.writeBytes(header.array());
        for (Object e : a.elements()) {
            if (e == null) {
                out.writeBytes(ByteBuffer.allocate(4).putInt(-1).array());
            } else {
                byte[] b = TypeIo.send(element, e, settings);
                out.writeBytes(ByteBuffer.allocate(4).putInt(b.length).array());
                out.writeBytes(b);
            }
        }
        return out.toByteArray();
    }

    public static ArrayValue receive(PgType element, byte[] data, int parameterNumber) {
        try {
            ByteBuffer b = ByteBuffer.wrap(data);
            int ndim = b.getInt();
            int flags = b.getInt();
            int elementOid = b.getInt();
            if (ndim < 0) {
                throw PgException.error(SqlState.INVALID_BINARY_REPRESENTATION, "invalid number of dimensions: "
                        + ndim);
            }
            if (ndim > MAX_DIMENSIONS) {
                throw PgException.error(SqlState.PROGRAM_LIMIT_EXCEEDED, "number of array dimensions (" + ndim
                        + ") exceeds the maximum allowed (" + MAX_DIMENSIONS + ")");
            }
            if (flags != 0 && flags != 1) {
                throw PgException.error(SqlState.INVALID_BINARY_REPRESENTATION, "invalid array flags");
            }
            if (elementOid != element.oid()) {
                PgType sent = PgType.byOid(elementOid);
                throw PgException.error(SqlState.DATATYPE_MISMATCH, "binary data has array element type "
                        + Integer.toUnsignedString(elementOid) + " (" + (sent == null ? "-" : sent.sqlName())
                        + ") instead of expected " + element.oid() + " (" + element.sqlName() + ")");
            }
            if (ndim == 0) {
                return empty(element);
            }
            int[] dims = new int[ndim];
            int[] lb = new int[ndim];
            long n = 1;
            for (int d = 0; d < ndim; d++) {
                dims[d] = b.getInt();
                lb[d] = b.getInt();
                n *= dims[d];
            }
            if (n < 0 || n > b.remaining() / 4) {
                throw Messages.binaryFormat(parameterNumber);
            }
            Object[] values = new Object[(int) n];
            for (int k = 0; k < values.length; k++) {
                int len = b.getInt();
                if (len >= 0) {
                    byte[] bytes = new byte[len];
                    b.get(bytes);
                    values[k] = TypeIo.receive(element, bytes, parameterNumber);
                }
            }
            if (b.hasRemaining()) {
                throw Messages.binaryFormat(parameterNumber);
            }
            return new ArrayValue(element.oid(), dims, lb, values);
        } catch (java.nio.BufferUnderflowException | NegativeArraySizeException e) {
            throw Messages.binaryFormat(parameterNumber);
        }
    }

    // ---------------------------------------------------------------- array_cmp

    static int compare(ArrayValue a, ArrayValue b) {
        PgType element = elementType(a);
        int n = Math.min(a.size(), b.size());
        for (int i = 0; i < n; i++) {
            Object x = a.get(i);
            Object y = b.get(i);
            if (x == null || y == null) {
                if (x != y) {
                    return x == null ? 1 : -1;
                }
                continue;
            }
            int c = BtreeCompare.compare(element, x, y);
            if (c != 0) {
                return c;
            }
        }
        if (a.size() != b.size()) {
            return Integer.compare(a.size(), b.size());
        }
        if (a.ndim() != b.ndim()) {
            return Integer.compare(a.ndim(), b.ndim());
        }
        for (int d = 0; d < a.ndim(); d++) {
            if (a.dim(d) != b.dim(d)) {
                return Integer.compare(a.dim(d), b.dim(d));
            }
        }
        for (int d = 0; d < a.ndim(); d++) {
            if (a.lowerBound(d) != b.lowerBound(d)) {
                return Integer.compare(a.lowerBound(d), b.lowerBound(d));
            }
        }
        return 0;
    }
}
