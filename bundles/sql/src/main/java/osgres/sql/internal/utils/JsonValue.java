/*
 * A parsed json or jsonb document (PostgreSQL's JsonbValue tree, utils/adt/jsonb_util.c) and what the two types do
 * with it: jsonb's normal form (object keys unique, the last duplicate winning, ordered by length and then bytes as
 * lengthCompareJsonbString orders them; numbers as numeric_out prints them), jsonb's output (JsonbToCString:
 * {@code {"a": 1, "b": [1, 2]}}, and jsonb_pretty's four-space indentation), escape_json, jsonb's total order
 * (compareJsonbContainers: null < string < number < boolean < array < object; arrays by length first, objects by
 * pair count first; a top-level scalar is the "raw scalar" pseudo-array), equality, and containment
 * (JsonbDeepContains). A value as the executor holds it is a String: json keeps the text as the client wrote it
 * (json_in only checks it), jsonb holds its normal form's text, so that storage, hashing and DISTINCT treat it as
 * text and the tree is rebuilt on demand. Nodes parsed from text keep their source text ({@code raw}) so json's
 * operators can return a field exactly as written. Not here: jsonpath, the binary JsonbContainer layout.
 */
package osgres.sql.internal.utils;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

public sealed interface JsonValue {
    /** An object: keys and values in the same order; for jsonb, keys unique and sorted (see {@link #normalize}). */
    record Obj(List<String> keys, List<JsonValue> values, String raw) implements JsonValue {
        public JsonValue get(String key) {
            for (int i = keys.size() - 1; i >= 0; i--) {
                if (keys.get(i).equals(key)) {
                    return values.get(i);
                }
            }
            return null;
        }
    }

    record Arr(List<JsonValue> elements, String raw) implements JsonValue {
    }

    record Str(String value, String raw) implements JsonValue {
    }

    /** A number, held as its text (json: as written; jsonb: numeric_out's). */
    record Num(String text) implements JsonValue {
        public BigDecimal decimal() {
            return TypeIo.parseNumeric(text);
        }
    }

    record Bool(boolean value) implements JsonValue {
    }

    record Null() implements JsonValue {
    }

    JsonValue NULL = new Null();

    /** The text a value was parsed from, or its jsonb text when it was built. */
    default String raw() {
        return switch (this) {
            case Obj o -> o.raw != null ? o.raw : JsonValue.jsonbText(o);
            case Arr a -> a.raw != null ? a.raw : JsonValue.jsonbText(a);
            case Str s -> s.raw != null ? s.raw : JsonValue.jsonbText(s);
            case Num n -> n.text;
            case Bool b -> b.value ? "true" : "false";
            case Null n -> "null";
        };
    }

    /** jsonb_typeof / json_typeof. */
    default String typeName() {
        return switch (this) {
            case Obj o -> "object";
            case Arr a -> "array";
            case Str s -> "string";
            case Num n -> "number";
            case Bool b -> "boolean";
            case Null n -> "null";
        };
    }

    default boolean isScalar() {
        return !(this instanceof Obj) && !(this instanceof Arr);
    }

    // ---------------------------------------------------------------- jsonb's normal form

    /** lengthCompareJsonbString: shorter keys first, then by bytes (memcmp of UTF-8). */
    Comparator<String> KEY_ORDER = (a, b) -> {
        byte[] x = a.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] y = b.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return x.length != y.length ? Integer.compare(x.length, y.length) : java.util.Arrays.compareUnsigned(x, y);
    };

    /** jsonb's form of a value: keys unique (last wins) and sorted, numbers as numeric_out, no source text. */
    static JsonValue normalize(JsonValue v) {
        return switch (v) {
            case Obj o -> {
                java.util.TreeMap<String, JsonValue> pairs = new java.util.TreeMap<>(KEY_ORDER);
                for (int i = 0; i < o.keys.size(); i++) {
                    pairs.put(o.keys.get(i), normalize(o.values.get(i)));
                }
                yield new Obj(List.copyOf(pairs.keySet()), List.copyOf(pairs.values()), null);
            }
            case Arr a -> new Arr(a.elements.stream().map(JsonValue::normalize).toList(), null);
            case Str s -> new Str(s.value, null);
            case Num n -> new Num(numericText(n.text));
            default -> v;
        };
    }

    /**
     * numeric_in then numeric_out of a JSON number: {@code 1e2} is {@code 100}, {@code -0.10} stays; more than
     * 131072 digits before the point or 16383 after is 22003 "value overflows numeric format" (checked before the
     * digits are made, so a huge exponent costs nothing).
     */
    static String numericText(String text) {
        BigDecimal d = new BigDecimal(text);
        if (d.scale() > NUMERIC_DSCALE_MAX
                || d.signum() != 0 && (long) d.precision() - d.scale() > NUMERIC_DIGITS_MAX) {
            throw Messages.numericOverflow();
        }
        if (d.signum() == 0) {
            return BigDecimal.ZERO.setScale(Math.max(0, d.scale())).toPlainString();
        }
        return (d.scale() < 0 ? d.setScale(0) : d).toPlainString();
    }

    /** numeric's limits: NUMERIC_DSCALE_MAX, and NUMERIC_WEIGHT_MAX's digits before the decimal point. */
    int NUMERIC_DSCALE_MAX = 0x3FFF;
    int NUMERIC_DIGITS_MAX = 131072;

    /** An object built from keys and values in jsonb's normal form (JsonbValue pushed through pushJsonbValue). */
    static Obj object(List<String> keys, List<JsonValue> values) {
        return (Obj) normalize(new Obj(keys, values, null));
    }

    // ---------------------------------------------------------------- output

    /** JsonbToCString: {@code {"a": 1, "b": [1, 2]}}. */
    static String jsonbText(JsonValue v) {
        StringBuilder out = new StringBuilder();
        write(out, v, -1, 0);
        return out.toString();
    }

    /** jsonb_pretty: JsonbToCStringIndent's layout, four spaces per level. */
    static String pretty(JsonValue v) {
        StringBuilder out = new StringBuilder();
        write(out, v, 0, 0);
        return out.toString();
    }

    /** Writes {@code v}; {@code indent} < 0 for the one-line form, else the nesting level of pretty output. */
    private static void write(StringBuilder out, JsonValue v, int indent, int unused) {
        switch (v) {
            case Obj o -> {
                out.append('{');
                for (int i = 0; i < o.keys.size(); i++) {
                    out.append(i == 0 ? "" : ",");
                    if (indent >= 0) {
                        newline(out, indent + 1);
                    } else if (i > 0) {
                        out.append(' ');
                    }
                    escape(out, o.keys.get(i));
                    out.append(": ");
                    write(out, o.values.get(i), indent < 0 ? -1 : indent + 1, 0);
                }
                if (indent >= 0) {
                    newline(out, indent);
                }
                out.append('}');
            }
            case Arr a -> {
                out.append('[');
                for (int i = 0; i < a.elements.size(); i++) {
                    out.append(i == 0 ? "" : ",");
                    if (indent >= 0) {
                        newline(out, indent + 1);
                    } else if (i > 0) {
                        out.append(' ');
                    }
                    write(out, a.elements.get(i), indent < 0 ? -1 : indent + 1, 0);
                }
                if (indent >= 0) {
                    newline(out, indent);
                }
                out.append(']');
            }
            case Str s -> escape(out, s.value);
            case Num n -> out.append(n.text);
            case Bool b -> out.append(b.value ? "true" : "false");
            case Null n -> out.append("null");
        }
    }

    private static void newline(StringBuilder out, int level) {
        out.append('\n');
        out.append("    ".repeat(level));
    }

    /** escape_json: quotes, backslash escapes for " \ and the control characters, \\u00XX for the others. */
    static void escape(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < ' ') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    static String quoted(String s) {
        StringBuilder out = new StringBuilder();
        escape(out, s);
        return out.toString();
    }

    // ---------------------------------------------------------------- order and containment

    /** jbvType's order: null < string < numeric < bool < array < object. */
    private static int rank(JsonValue v) {
        return switch (v) {
            case Null n -> 0;
            case Str s -> 1;
            case Num n -> 2;
            case Bool b -> 3;
            case Arr a -> 4;
            case Obj o -> 5;
        };
    }

    /** compareJsonbContainers of two documents (normal form), a top-level scalar being a raw-scalar array. */
    static int compare(JsonValue a, JsonValue b) {
        boolean rawA = a.isScalar();
        boolean rawB = b.isScalar();
        if (rawA || rawB) {
            List<JsonValue> ea = rawA ? List.of(a) : a instanceof Arr x ? x.elements : null;
            List<JsonValue> eb = rawB ? List.of(b) : b instanceof Arr y ? y.elements : null;
            if (ea == null || eb == null) {
                return Integer.compare(rank(rawA ? new Arr(List.of(), null) : a),
                        rank(rawB ? new Arr(List.of(), null) : b));
            }
            int res = rawA != rawB ? (rawA ? -1 : 1) : 0;
            if (ea.size() != eb.size()) {
                res = ea.size() > eb.size() ? 1 : -1;
            }
            return res != 0 ? res : compareElements(ea, eb);
        }
        return compareNested(a, b);
    }

    private static int compareNested(JsonValue a, JsonValue b) {
        int ra = rank(a);
        int rb = rank(b);
        if (ra != rb) {
            return Integer.compare(ra, rb);
        }
        return switch (a) {
            case Null n -> 0;
            case Str s -> compareStrings(s.value, ((Str) b).value);
            case Num n -> n.decimal().compareTo(((Num) b).decimal());
            case Bool x -> Boolean.compare(x.value, ((Bool) b).value);
            case Arr x -> {
                List<JsonValue> y = ((Arr) b).elements;
                yield x.elements.size() != y.size() ? Integer.compare(x.elements.size(), y.size())
                        : compareElements(x.elements, y);
            }
            case Obj x -> {
                Obj y = (Obj) b;
                if (x.keys.size() != y.keys.size()) {
                    yield Integer.compare(x.keys.size(), y.keys.size());
                }
                for (int i = 0; i < x.keys.size(); i++) {
                    int c = compareStrings(x.keys.get(i), y.keys.get(i));
                    if (c == 0) {
                        c = compareNested(x.values.get(i), y.values.get(i));
                    }
                    if (c != 0) {
                        yield c;
                    }
                }
                yield 0;
            }
        };
    }

    private static int compareElements(List<JsonValue> a, List<JsonValue> b) {
        for (int i = 0; i < a.size(); i++) {
            int c = compareNested(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** varstr_cmp in the C collation: by code points (UTF-8 byte order). */
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

    /** equalsJsonbScalarValue and container equality: compare is 0. */
    static boolean equal(JsonValue a, JsonValue b) {
        return rank(a) == rank(b) && compareNested(a, b) == 0;
    }

    /** JsonbDeepContains: {@code a @> b}. */
    static boolean contains(JsonValue a, JsonValue b) {
        if (a instanceof Obj x && b instanceof Obj y) {
            for (int i = 0; i < y.keys.size(); i++) {
                JsonValue have = x.get(y.keys.get(i));
                JsonValue want = y.values.get(i);
                if (have == null || rank(have) != rank(want)) {
                    return false;
                }
                if (want.isScalar() ? !equal(have, want) : !contains(have, want)) {
                    return false;
                }
            }
            return true;
        }
        boolean rawA = a.isScalar();
        boolean rawB = b.isScalar();
        List<JsonValue> ea = rawA ? List.of(a) : a instanceof Arr x ? x.elements : null;
        List<JsonValue> eb = rawB ? List.of(b) : b instanceof Arr y ? y.elements : null;
        if (ea == null || eb == null || rawA && !rawB) {
            return false;
        }
        for (JsonValue want : eb) {
            boolean found = false;
            for (JsonValue have : ea) {
                if (want.isScalar() ? have.isScalar() && equal(have, want)
                        : !have.isScalar() && rank(have) == rank(want) && contains(have, want)) {
                    found = true;
                    break;
                }
            }
            if (!found) {
                return false;
            }
        }
        return true;
    }

    /** A jsonb value's text with every number at its smallest scale: equal values (1.0 and 1) give equal keys. */
    static String hashKey(String jsonb) {
        return jsonbText(unscaled(JsonParser.parse(jsonb, true)));
    }

    private static JsonValue unscaled(JsonValue v) {
        return switch (v) {
            case Obj o -> new Obj(o.keys, o.values.stream().map(JsonValue::unscaled).toList(), null);
            case Arr a -> new Arr(a.elements.stream().map(JsonValue::unscaled).toList(), null);
            case Num n -> {
                BigDecimal d = n.decimal();
                yield new Num(d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString());
            }
            default -> v;
        };
    }

    /** The elements of an array, or null for any other value. */
    static List<JsonValue> elements(JsonValue v) {
        return v instanceof Arr a ? a.elements : null;
    }

    /** A new array of {@code elements} (no source text). */
    static Arr array(List<JsonValue> elements) {
        return new Arr(List.copyOf(elements), null);
    }

    /** Mutable copy helper for the modifying functions. */
    static List<JsonValue> copy(List<JsonValue> values) {
        return new ArrayList<>(values);
    }
}
