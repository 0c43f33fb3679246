package osgres.storage.internal.btree;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The B-tree order of stored jsonb keys: PostgreSQL's compareJsonbContainers (jsonb_util.c) over the text of the
 * value's normal form, which is what the SQL layer stores for jsonb (keys unique and sorted, valid JSON). Types order
 * null < string < number < boolean < array < object; arrays compare by element count first, objects by pair count,
 * then element by element (key, then value); a top-level scalar is the "raw scalar" pseudo-array of one element,
 * below a real array of one element and above an empty one. Strings compare by code point (the C collation). This
 * mirrors the SQL layer's JsonValue.compare, which storage cannot reach: a B-tree must order keys the same way when
 * WAL is replayed, before any SQL code runs.
 */
final class JsonbKeyOrder {
    private static final Object NULL = new Object();

    private final String text;
    private int pos;

    private JsonbKeyOrder(String text) {
        this.text = text;
    }

    static int compare(String a, String b) {
        Object x = new JsonbKeyOrder(a).value();
        Object y = new JsonbKeyOrder(b).value();
        boolean rawX = !(x instanceof List);
        boolean rawY = !(y instanceof List);
        if (!rawX && !rawY) {
            return compareValues(x, y);
        }
        List<?> ex = rawX ? List.of(x) : x instanceof Elements e ? e : null;
        List<?> ey = rawY ? List.of(y) : y instanceof Elements e ? e : null;
        if (ex == null || ey == null) {
            // a raw scalar (an array) against an object
            return Integer.compare(ex == null ? 5 : 4, ey == null ? 5 : 4);
        }
        int res = rawX != rawY ? (rawX ? -1 : 1) : 0;
        if (ex.size() != ey.size()) {
            res = ex.size() > ey.size() ? 1 : -1;
        }
        return res != 0 ? res : compareLists(ex, ey);
    }

    /** An array's elements (a List that is not Pairs). */
    private static final class Elements extends ArrayList<Object> {
    }

    /** An object's keys and values, alternating. */
    private static final class Pairs extends ArrayList<Object> {
    }

    private static int rank(Object v) {
        if (v == NULL) {
            return 0;
        }
        return switch (v) {
            case String s -> 1;
            case BigDecimal d -> 2;
            case Boolean b -> 3;
            case Elements e -> 4;
            default -> 5;
        };
    }

    private static int compareValues(Object a, Object b) {
        int ra = rank(a);
        int rb = rank(b);
        if (ra != rb) {
            return Integer.compare(ra, rb);
        }
        return switch (a) {
            case String s -> compareStrings(s, (String) b);
            case BigDecimal d -> d.compareTo((BigDecimal) b);
            case Boolean x -> Boolean.compare(x, (Boolean) b);
            case Elements x -> x.size() != ((List<?>) b).size() ? Integer.compare(x.size(), ((List<?>) b).size())
                    : compareLists(x, (List<?>) b);
            case Pairs x -> x.size() != ((List<?>) b).size() ? Integer.compare(x.size(), ((List<?>) b).size())
                    : compareLists(x, (List<?>) b);
            default -> 0;
        };
    }

    /** Element by element; an object's list alternates keys (strings) and values, so keys compare first. */
    private static int compareLists(List<?> a, List<?> b) {
        for (int i = 0; i < a.size(); i++) {
            int c = compareValues(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static int compareStrings(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    // ---- a reader of jsonb's output text (valid JSON, as the SQL layer wrote it)

    private Object value() {
        space();
        char c = text.charAt(pos);
        switch (c) {
            case '{' -> {
                pos++;
                Pairs pairs = new Pairs();
                space();
                if (text.charAt(pos) == '}') {
                    pos++;
                    return pairs;
                }
                while (true) {
                    space();
                    pairs.add(string());
                    space();
                    pos++; // ':'
                    pairs.add(value());
                    space();
                    if (text.charAt(pos++) == '}') {
                        return pairs;
                    }
                }
            }
            case '[' -> {
                pos++;
                Elements elements = new Elements();
                space();
                if (text.charAt(pos) == ']') {
                    pos++;
                    return elements;
                }
                while (true) {
                    elements.add(value());
                    space();
                    if (text.charAt(pos++) == ']') {
                        return elements;
                    }
                }
            }
            case '"' -> {
                return string();
            }
            case 't' -> {
                pos += 4;
                return Boolean.TRUE;
            }
            case 'f' -> {
                pos += 5;
                return Boolean.FALSE;
            }
            case 'n' -> {
                pos += 4;
                return NULL;
            }
            default -> {
                int start = pos;
                while (pos < text.length() && "+-.eE0123456789".indexOf(text.charAt(pos)) >= 0) {
                    pos++;
                }
                return new BigDecimal(text.substring(start, pos));
            }
        }
    }

    private void space() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private String string() {
        StringBuilder out = new StringBuilder();
        pos++;
        while (true) {
            char c = text.charAt(pos++);
            if (c == '"') {
                return out.toString();
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = text.charAt(pos++);
            switch (e) {
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    out.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                    pos += 4;
                }
                default -> out.append(e);
            }
        }
    }
}
