/*
 * The json and jsonb operators and functions of PostgreSQL 15 (utils/adt/jsonfuncs.c, jsonb_op.c, json.c, jsonb.c):
 * field and element access (-> ->> #> #>> and jsonb_extract_path[_text]), containment and existence (@> <@ ? ?| ?&),
 * jsonb's || - #- and comparisons, the casts of jsonb to bool and numbers, the constructors (to_json[b],
 * row_to_json, array_to_json, json[b]_build_object/array), the aggregates json[b]_agg and json[b]_object_agg, and the
 * set-returning json[b]_each[_text], json[b]_object_keys and json[b]_array_elements[_text]. Values are Strings (see
 * JsonValue): each call parses its arguments and, for jsonb results, prints the normal form. json's accessors return
 * a field's text exactly as it was written. Errors are PostgreSQL's (22023 for a value of the wrong shape, 22P02
 * for a path element that is not an integer). Not here: jsonpath (@? @@ jsonb_path_*), jsonb_insert,
 * json[b]_populate_record[set], json[b]_to_record[set], json_object(text[]).
 */
package osgres.sql.internal.func;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import osgres.api.PgException;
import osgres.api.SqlState;
import osgres.sql.internal.nodes.Aggregate;
import osgres.sql.internal.nodes.Expr;
import osgres.sql.internal.utils.BtreeCompare;
import osgres.sql.internal.utils.Casts;
import osgres.sql.internal.utils.JsonFormats;
import osgres.sql.internal.utils.JsonValue;
import osgres.sql.internal.utils.Messages;
import osgres.sql.internal.utils.PgArrays;
import osgres.sql.internal.utils.PgType;
import osgres.sql.internal.utils.TypeIo;
import osgres.storage.ArrayValue;

public final class JsonFunctions {
    private static final PgType JSON = PgType.JSON;
    private static final PgType JSONB = PgType.JSONB;
    private static final PgType TEXT = PgType.TEXT;
    private static final PgType TEXTS = PgType.TEXT_ARRAY;

    /** The set-returning functions with two result columns: their column names. */
    private static final Map<String, List<String>> PAIR_FUNCTIONS = Map.of("json_each", List.of("key", "value"),
            "json_each_text", List.of("key", "value"), "jsonb_each", List.of("key", "value"), "jsonb_each_text",
            List.of("key", "value"));

    private JsonFunctions() {
    }

    // ---------------------------------------------------------------- values

    private static JsonValue tree(PgType type, Object value) {
        return type == JSONB ? JsonFormats.jsonb((String) value) : JsonFormats.json((String) value);
    }

    /** A result of type {@code type} (json or jsonb) from a tree node: json keeps the node's source text. */
    private static String result(PgType type, JsonValue v) {
        return type == JSONB ? JsonValue.jsonbText(v) : v.raw();
    }

    /** ->>'s text of a node: a string's value, null for a JSON null, other values as json[b] text. */
    private static String text(PgType type, JsonValue v) {
        return switch (v) {
            case null -> null;
            case JsonValue.Str s -> s.value();
            case JsonValue.Null n -> null;
            default -> result(type, v);
        };
    }

    // ---------------------------------------------------------------- operators

    /** The json/jsonb operator {@code op} for these operand types (unknown takes the usual side), or null. */
    static Operators.Resolved resolveOperator(String op, PgType left, PgType right) {
        boolean jsonLeft = left == JSON || left == JSONB;
        if (!jsonLeft && !(right == JSONB && (left == JSONB || left == PgType.UNKNOWN))) {
            return null;
        }
        PgType l = jsonLeft ? left : right;
        return switch (op) {
            case "->", "->>" -> {
                boolean asText = op.equals("->>");
                if (right == PgType.INT2 || right == PgType.INT4 || right == PgType.INT8) {
                    yield new Operators.Resolved(l, PgType.INT4, asText ? TEXT : l,
                            (ctx, a) -> element(l, a[0], (Integer) a[1], asText));
                }
                if (right.isString() || right == PgType.UNKNOWN) {
                    yield new Operators.Resolved(l, TEXT, asText ? TEXT : l,
                            (ctx, a) -> field(l, a[0], (String) a[1], asText));
                }
                yield null;
            }
            case "#>", "#>>" -> {
                boolean asText = op.equals("#>>");
                yield right == TEXTS || right == PgType.UNKNOWN ? new Operators.Resolved(l, TEXTS, asText ? TEXT : l,
                        (ctx, a) -> path(l, a[0], (ArrayValue) a[1], asText)) : null;
            }
            default -> l != JSONB ? null : jsonbOperator(op, right);
        };
    }

    private static Operators.Resolved jsonbOperator(String op, PgType right) {
        boolean jsonbRight = right == JSONB || right == PgType.UNKNOWN;
        boolean textRight = right.isString() || right == PgType.UNKNOWN;
        boolean textsRight = right == TEXTS || right == PgType.UNKNOWN;
        return switch (op) {
            case "@>" -> jsonbRight ? new Operators.Resolved(JSONB, JSONB, PgType.BOOL,
                    (ctx, a) -> JsonValue.contains(jsonb(a[0]), jsonb(a[1]))) : null;
            case "<@" -> jsonbRight ? new Operators.Resolved(JSONB, JSONB, PgType.BOOL,
                    (ctx, a) -> JsonValue.contains(jsonb(a[1]), jsonb(a[0]))) : null;
            case "?" -> textRight ? new Operators.Resolved(JSONB, TEXT, PgType.BOOL,
                    (ctx, a) -> exists(jsonb(a[0]), (String) a[1])) : null;
            case "?|", "?&" -> textsRight ? new Operators.Resolved(JSONB, TEXTS, PgType.BOOL,
                    (ctx, a) -> existsAnyAll(jsonb(a[0]), (ArrayValue) a[1], op.equals("?|"))) : null;
            case "||" -> jsonbRight ? new Operators.Resolved(JSONB, JSONB, JSONB,
                    (ctx, a) -> JsonValue.jsonbText(concat(jsonb(a[0]), jsonb(a[1])))) : null;
            case "-" -> {
                if (right == PgType.INT2 || right == PgType.INT4 || right == PgType.INT8) {
                    yield new Operators.Resolved(JSONB, PgType.INT4, JSONB,
                            (ctx, a) -> JsonValue.jsonbText(deleteIndex(jsonb(a[0]), (Integer) a[1])));
                }
                if (right == TEXTS) {
                    yield new Operators.Resolved(JSONB, TEXTS, JSONB,
                            (ctx, a) -> JsonValue.jsonbText(deleteKeys(jsonb(a[0]), strings((ArrayValue) a[1]))));
                }
                yield textRight ? new Operators.Resolved(JSONB, TEXT, JSONB,
                        (ctx, a) -> JsonValue.jsonbText(deleteKeys(jsonb(a[0]), List.of((String) a[1])))) : null;
            }
            case "#-" -> textsRight ? new Operators.Resolved(JSONB, TEXTS, JSONB,
                    (ctx, a) -> JsonValue.jsonbText(deletePath(jsonb(a[0]), (ArrayValue) a[1]))) : null;
            case "=", "<>", "!=", "<", "<=", ">", ">=" -> jsonbRight ? new Operators.Resolved(JSONB, JSONB,
                    PgType.BOOL, (ctx, a) -> test(op, BtreeCompare.compare(JSONB, a[0], a[1]))) : null;
            default -> null;
        };
    }

    private static boolean test(String op, int c) {
        return switch (op) {
            case "=" -> c == 0;
            case "<>", "!=" -> c != 0;
            case "<" -> c < 0;
            case "<=" -> c <= 0;
            case ">" -> c > 0;
            default -> c >= 0;
        };
    }

    private static JsonValue jsonb(Object value) {
        return JsonFormats.jsonb((String) value);
    }

    /** json_object_field / jsonb_object_field (->'key'): null unless an object has the key. */
    private static Object field(PgType type, Object doc, String key, boolean asText) {
        JsonValue v = tree(type, doc) instanceof JsonValue.Obj o ? o.get(key) : null;
        return v == null ? null : asText ? text(type, v) : result(type, v);
    }

    /** json_array_element (->n): from the end when negative, null outside the array or for a non-array. */
    private static Object element(PgType type, Object doc, int index, boolean asText) {
        JsonValue v = at(JsonValue.elements(tree(type, doc)), index);
        return v == null ? null : asText ? text(type, v) : result(type, v);
    }

    private static JsonValue at(List<JsonValue> elements, int index) {
        if (elements == null) {
            return null;
        }
        int i = index < 0 ? elements.size() + index : index;
        return i >= 0 && i < elements.size() ? elements.get(i) : null;
    }

    /** #> / #>> and json[b]_extract_path[_text]: null when a step is missing or a path element is null. */
    private static Object path(PgType type, Object doc, ArrayValue path, boolean asText) {
        JsonValue v = tree(type, doc);
        for (int i = 0; i < path.size() && v != null; i++) {
            Object step = path.get(i);
            if (step == null) {
                return null;
            }
            v = step(v, (String) step);
        }
        if (v == null) {
            return null;
        }
        if (asText && path.size() == 0 && v instanceof JsonValue.Null) {
            return null;
        }
        return asText ? text(type, v) : result(type, v);
    }

    private static JsonValue step(JsonValue v, String key) {
        if (v instanceof JsonValue.Obj o) {
            return o.get(key);
        }
        if (v instanceof JsonValue.Arr a) {
            Integer index = parseIndex(key);
            return index == null ? null : at(a.elements(), index);
        }
        return null;
    }

    /** A path element as an array index: an optional sign and digits within int range, else null. */
    private static Integer parseIndex(String key) {
        String t = key.strip();
        if (!t.matches("[+-]?\\d+")) {
            return null;
        }
        try {
            return Integer.parseInt(t.startsWith("+") ? t.substring(1) : t);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** jsonb_exists: a key of an object, a string element of an array, or the string scalar itself. */
    private static boolean exists(JsonValue v, String key) {
        return switch (v) {
            case JsonValue.Obj o -> o.get(key) != null;
            case JsonValue.Arr a -> a.elements().stream().anyMatch(e -> e instanceof JsonValue.Str s
                    && s.value().equals(key));
            case JsonValue.Str s -> s.value().equals(key);
            default -> false;
        };
    }

    private static boolean existsAnyAll(JsonValue v, ArrayValue keys, boolean any) {
        for (int i = 0; i < keys.size(); i++) {
            if (keys.get(i) == null) {
                continue;
            }
            boolean found = exists(v, (String) keys.get(i));
            if (any && found) {
                return true;
            }
            if (!any && !found) {
                return false;
            }
        }
        return !any;
    }

    /** jsonb_concat: objects merge (the right's keys win); else both as arrays, concatenated. */
    private static JsonValue concat(JsonValue a, JsonValue b) {
        if (a instanceof JsonValue.Obj x && b instanceof JsonValue.Obj y) {
            List<String> keys = new ArrayList<>(x.keys());
            keys.addAll(y.keys());
            List<JsonValue> values = new ArrayList<>(x.values());
            values.addAll(y.values());
            return JsonValue.object(keys, values);
        }
        List<JsonValue> out = new ArrayList<>(a instanceof JsonValue.Arr x ? x.elements() : List.of(a));
        out.addAll(b instanceof JsonValue.Arr y ? y.elements() : List.of(b));
        return JsonValue.array(out);
    }

    /** jsonb_delete(jsonb, text) and jsonb_delete_array: keys of an object, equal string elements of an array. */
    private static JsonValue deleteKeys(JsonValue v, List<String> keys) {
        return switch (v) {
            case JsonValue.Obj o -> {
                List<String> k = new ArrayList<>();
                List<JsonValue> values = new ArrayList<>();
                for (int i = 0; i < o.keys().size(); i++) {
                    if (!keys.contains(o.keys().get(i))) {
                        k.add(o.keys().get(i));
                        values.add(o.values().get(i));
                    }
                }
                yield new JsonValue.Obj(k, values, null);
            }
            case JsonValue.Arr a -> JsonValue.array(a.elements().stream().filter(e -> !(e instanceof JsonValue.Str s
                    && keys.contains(s.value()))).toList());
            default -> throw Messages.jsonInvalidParameter("cannot delete from scalar");
        };
    }

    /** jsonb_delete_idx: the element at index (negative from the end); an index outside leaves the array. */
    private static JsonValue deleteIndex(JsonValue v, int index) {
        return switch (v) {
            case JsonValue.Obj o -> throw Messages.jsonInvalidParameter(
                    "cannot delete from object using integer index");
            case JsonValue.Arr a -> {
                int n = a.elements().size();
                int i = index < 0 ? n + index : index;
                if (i < 0 || i >= n) {
                    yield a;
                }
                List<JsonValue> out = new ArrayList<>(a.elements());
                out.remove(i);
                yield JsonValue.array(out);
            }
            default -> throw Messages.jsonInvalidParameter("cannot delete from scalar");
        };
    }

    /** jsonb_delete_path (#-). */
    private static JsonValue deletePath(JsonValue v, ArrayValue path) {
        if (v.isScalar()) {
            throw Messages.jsonInvalidParameter("cannot delete path in scalar");
        }
        if (path.size() == 0 || isEmpty(v)) {
            return v;
        }
        return changePath(v, path, 0, null, PathChange.DELETE);
    }

    /** setPath's op_type: what happens at the end of the path. */
    private enum PathChange {
        /** jsonb_set with create_if_missing: replace, or add a missing last step. */
        SET,
        /** jsonb_set without create_if_missing: replace an existing element only. */
        REPLACE,
        DELETE,
        /** jsonb_insert: before the array element (or as a new key). */
        INSERT_BEFORE,
        /** jsonb_insert(..., true): after the array element (or as a new key). */
        INSERT_AFTER;

        boolean creates() {
            return this == SET || this == INSERT_BEFORE || this == INSERT_AFTER;
        }

        boolean inserts() {
            return this == INSERT_BEFORE || this == INSERT_AFTER;
        }
    }

    /**
     * setPath of jsonfuncs.c: the value with the element at {@code path} changed as {@code change} says; a missing
     * step leaves the value as it is, except a missing last step where {@code change} creates.
     */
    private static JsonValue changePath(JsonValue v, ArrayValue path, int level, JsonValue replacement,
                                        PathChange change) {
        Object stepValue = path.get(level);
        if (stepValue == null) {
            throw PgException.error(SqlState.NULL_VALUE_NOT_ALLOWED, "path element at position " + (level + 1)
                    + " is null");
        }
        String step = (String) stepValue;
        boolean last = level == path.size() - 1;
        switch (v) {
            case JsonValue.Obj o -> {
                List<String> keys = new ArrayList<>(o.keys());
                List<JsonValue> values = new ArrayList<>(o.values());
                int i = keys.indexOf(step);
                if (i < 0) {
                    if (last && change.creates()) {
                        keys.add(step);
                        values.add(replacement);
                        return JsonValue.object(keys, values);
                    }
                    return o;
                }
                if (last) {
                    switch (change) {
                        case DELETE -> {
                            keys.remove(i);
                            values.remove(i);
                        }
                        case INSERT_BEFORE, INSERT_AFTER -> throw Messages.jsonInvalidParameter(
                                "cannot replace existing key").withHint(
                                "Try using the function jsonb_set to replace key value.");
                        default -> values.set(i, replacement);
                    }
                } else {
                    values.set(i, changePath(values.get(i), path, level + 1, replacement, change));
                }
                return new JsonValue.Obj(keys, values, null);
            }
            case JsonValue.Arr a -> {
                Integer index = parseIndex(step);
                if (index == null) {
                    throw PgException.error(SqlState.INVALID_TEXT_REPRESENTATION, "path element at position "
                            + (level + 1) + " is not an integer: \"" + step + "\"");
                }
                List<JsonValue> elements = new ArrayList<>(a.elements());
                int n = elements.size();
                int i = index < 0 ? n + index : index;
                if (i < 0 || i >= n) {
                    if (last && change.creates()) {
                        if (i < 0) {
                            elements.addFirst(replacement);
                        } else {
                            elements.add(replacement);
                        }
                        return JsonValue.array(elements);
                    }
                    return a;
                }
                if (last) {
                    switch (change) {
                        case DELETE -> elements.remove(i);
                        case INSERT_BEFORE -> elements.add(i, replacement);
                        case INSERT_AFTER -> elements.add(i + 1, replacement);
                        default -> elements.set(i, replacement);
                    }
                } else {
                    elements.set(i, changePath(elements.get(i), path, level + 1, replacement, change));
                }
                return JsonValue.array(elements);
            }
            default -> {
                return v;
            }
        }
    }

    private static List<String> strings(ArrayValue a) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i) != null) {
                out.add((String) a.get(i));
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- functions of fixed types

    static void define(Functions.Registrar r) {
        for (PgType t : List.of(JSON, JSONB)) {
            String p = t == JSON ? "json" : "jsonb";
            r.define(p + "_typeof", List.of(t), TEXT, true, false, false, (c, a) -> tree(t, a[0]).typeName());
            r.define(p + "_array_length", List.of(t), PgType.INT4, true, false, false, (c, a) -> {
                JsonValue v = tree(t, a[0]);
                if (v instanceof JsonValue.Arr arr) {
                    return arr.elements().size();
                }
                throw Messages.jsonInvalidParameter(v.isScalar() ? "cannot get array length of a scalar"
                        : "cannot get array length of a non-array");
            });
            r.define(p + "_object_keys", List.of(t), TEXT, true, true, false, (c, a) -> {
                JsonValue v = tree(t, a[0]);
                if (v instanceof JsonValue.Obj o) {
                    return t == JSONB ? o.keys() : o.keys();
                }
                throw Messages.jsonInvalidParameter("cannot call " + p + "_object_keys on "
                        + (v.isScalar() ? "a scalar" : "an array"));
            });
            for (boolean asText : new boolean[] {false, true}) {
                String suffix = asText ? "_text" : "";
                r.define(p + "_array_elements" + suffix, List.of(t), asText ? TEXT : t, true, true, false,
                        (c, a) -> arrayElements(t, p + "_array_elements" + suffix, a[0], asText));
                r.define(p + "_each" + suffix, List.of(t), asText ? TEXT : t, true, true, false,
                        (c, a) -> each(t, p + "_each" + suffix, a[0], asText));
                // json[b]_extract_path[_text](from_json, VARIADIC path_elems text[])
                r.define(p + "_extract_path" + suffix, List.of(t), asText ? TEXT : t, true, false, true,
                        (c, a) -> {
                            Object[] steps = java.util.Arrays.copyOfRange(a, 1, a.length);
                            return path(t, a[0], PgArrays.of(TEXT, steps), asText);
                        });
            }
            r.define(p + "_strip_nulls", List.of(t), t, true, false, false,
                    (c, a) -> t == JSONB ? JsonValue.jsonbText(stripNulls(tree(t, a[0])))
                            : stripNullsText(tree(t, a[0])));
        }
        defineOperatorFunctions(r);
        for (PgType t : List.of(JSON, JSONB)) {
            String p = t == JSON ? "json" : "jsonb";
            r.define(p + "_object", List.of(TEXTS), t, true, false, false,
                    (c, a) -> objectOfArrays(t, (ArrayValue) a[0], null));
            r.define(p + "_object", List.of(TEXTS, TEXTS), t, true, false, false,
                    (c, a) -> objectOfArrays(t, (ArrayValue) a[0], (ArrayValue) a[1]));
        }
        r.define("jsonb_insert", List.of(JSONB, TEXTS, JSONB), JSONB, true, false, false,
                (c, a) -> jsonbInsert(a[0], (ArrayValue) a[1], a[2], false));
        r.define("jsonb_insert", List.of(JSONB, TEXTS, JSONB, PgType.BOOL), JSONB, true, false, false,
                (c, a) -> jsonbInsert(a[0], (ArrayValue) a[1], a[2], (Boolean) a[3]));
        r.define("jsonb_set_lax", List.of(JSONB, TEXTS, JSONB), JSONB, false, false, false,
                (c, a) -> jsonbSetLax(a[0], (ArrayValue) a[1], a[2], true, "use_json_null"));
        r.define("jsonb_set_lax", List.of(JSONB, TEXTS, JSONB, PgType.BOOL), JSONB, false, false, false,
                (c, a) -> jsonbSetLax(a[0], (ArrayValue) a[1], a[2], a[3], "use_json_null"));
        r.define("jsonb_set_lax", List.of(JSONB, TEXTS, JSONB, PgType.BOOL, TEXT), JSONB, false, false, false,
                (c, a) -> jsonbSetLax(a[0], (ArrayValue) a[1], a[2], a[3], a[4]));
        r.define("jsonb_pretty", List.of(JSONB), TEXT, true, false, false,
                (c, a) -> JsonValue.pretty(jsonb(a[0])));
        r.define("jsonb_set", List.of(JSONB, TEXTS, JSONB), JSONB, true, false, false,
                (c, a) -> jsonbSet(a[0], (ArrayValue) a[1], a[2], true));
        r.define("jsonb_set", List.of(JSONB, TEXTS, JSONB, PgType.BOOL), JSONB, true, false, false,
                (c, a) -> jsonbSet(a[0], (ArrayValue) a[1], a[2], (Boolean) a[3]));
    }

    /** The functions behind the jsonb operators, callable by name (jsonb_contains, jsonb_exists...). */
    private static void defineOperatorFunctions(Functions.Registrar r) {
        r.define("jsonb_contains", List.of(JSONB, JSONB), PgType.BOOL, true, false, false,
                (c, a) -> JsonValue.contains(jsonb(a[0]), jsonb(a[1])));
        r.define("jsonb_contained", List.of(JSONB, JSONB), PgType.BOOL, true, false, false,
                (c, a) -> JsonValue.contains(jsonb(a[1]), jsonb(a[0])));
        r.define("jsonb_exists", List.of(JSONB, TEXT), PgType.BOOL, true, false, false,
                (c, a) -> exists(jsonb(a[0]), (String) a[1]));
        r.define("jsonb_exists_any", List.of(JSONB, TEXTS), PgType.BOOL, true, false, false,
                (c, a) -> existsAnyAll(jsonb(a[0]), (ArrayValue) a[1], true));
        r.define("jsonb_exists_all", List.of(JSONB, TEXTS), PgType.BOOL, true, false, false,
                (c, a) -> existsAnyAll(jsonb(a[0]), (ArrayValue) a[1], false));
        r.define("jsonb_concat", List.of(JSONB, JSONB), JSONB, true, false, false,
                (c, a) -> JsonValue.jsonbText(concat(jsonb(a[0]), jsonb(a[1]))));
        r.define("jsonb_delete", List.of(JSONB, TEXT), JSONB, true, false, false,
                (c, a) -> JsonValue.jsonbText(deleteKeys(jsonb(a[0]), List.of((String) a[1]))));
        r.define("jsonb_delete", List.of(JSONB, PgType.INT4), JSONB, true, false, false,
                (c, a) -> JsonValue.jsonbText(deleteIndex(jsonb(a[0]), (Integer) a[1])));
        r.define("jsonb_delete_path", List.of(JSONB, TEXTS), JSONB, true, false, false,
                (c, a) -> JsonValue.jsonbText(deletePath(jsonb(a[0]), (ArrayValue) a[1])));
        for (PgType t : List.of(JSON, JSONB)) {
            String p = t == JSON ? "json" : "jsonb";
            r.define(p + "_object_field", List.of(t, TEXT), t, true, false, false,
                    (c, a) -> field(t, a[0], (String) a[1], false));
            r.define(p + "_object_field_text", List.of(t, TEXT), TEXT, true, false, false,
                    (c, a) -> field(t, a[0], (String) a[1], true));
            r.define(p + "_array_element", List.of(t, PgType.INT4), t, true, false, false,
                    (c, a) -> element(t, a[0], (Integer) a[1], false));
            r.define(p + "_array_element_text", List.of(t, PgType.INT4), TEXT, true, false, false,
                    (c, a) -> element(t, a[0], (Integer) a[1], true));
        }
    }

    /**
     * json_object(text[]) / json_object(keys text[], values text[]) and the jsonb forms: keys and values as
     * strings (a null value as JSON null).
     */
    private static String objectOfArrays(PgType t, ArrayValue first, ArrayValue second) {
        List<Object> keys = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        if (second == null) {
            switch (first.ndim()) {
                case 0 -> { }
                case 1 -> {
                    if (first.dims()[0] % 2 != 0) {
                        throw PgException.error(SqlState.ARRAY_SUBSCRIPT_ERROR,
                                "array must have even number of elements");
                    }
                }
                case 2 -> {
                    if (first.dims()[1] != 2) {
                        throw PgException.error(SqlState.ARRAY_SUBSCRIPT_ERROR, "array must have two columns");
                    }
                }
                default -> throw PgException.error(SqlState.ARRAY_SUBSCRIPT_ERROR,
                        "wrong number of array subscripts");
            }
            for (int i = 0; i + 1 < first.size(); i += 2) {
                keys.add(first.get(i));
                values.add(first.get(i + 1));
            }
        } else {
            if (first.ndim() > 1 || second.ndim() > 1) {
                throw PgException.error(SqlState.ARRAY_SUBSCRIPT_ERROR, "wrong number of array subscripts");
            }
            if (first.size() != second.size()) {
                throw PgException.error(SqlState.ARRAY_SUBSCRIPT_ERROR, "mismatched array dimensions");
            }
            for (int i = 0; i < first.size(); i++) {
                keys.add(first.get(i));
                values.add(second.get(i));
            }
        }
        List<String> k = new ArrayList<>();
        List<JsonValue> v = new ArrayList<>();
        StringBuilder out = new StringBuilder("{");
        for (int i = 0; i < keys.size(); i++) {
            if (keys.get(i) == null) {
                throw PgException.error(SqlState.NULL_VALUE_NOT_ALLOWED, "null value not allowed for object key");
            }
            JsonValue value = values.get(i) == null ? JsonValue.NULL : new JsonValue.Str((String) values.get(i), null);
            k.add((String) keys.get(i));
            v.add(value);
            out.append(i == 0 ? "" : ", ").append(JsonValue.quoted((String) keys.get(i))).append(" : ")
                    .append(JsonValue.jsonbText(value));
        }
        return t == JSONB ? JsonValue.jsonbText(JsonValue.object(k, v)) : out.append('}').toString();
    }

    private static String jsonbInsert(Object doc, ArrayValue path, Object value, boolean after) {
        return changeDocument(doc, path, value, after ? PathChange.INSERT_AFTER : PathChange.INSERT_BEFORE);
    }

    /** jsonb_set_lax: as jsonb_set, with null_value_treatment saying what a SQL NULL new value does. */
    private static String jsonbSetLax(Object doc, ArrayValue path, Object value, Object create, Object treatment) {
        if (doc == null || path == null || create == null) {
            return null;
        }
        PgException badTreatment = Messages.jsonInvalidParameter("null_value_treatment must be \"delete_key\", "
                + "\"return_target\", \"use_json_null\", or \"raise_exception\"");
        if (treatment == null) {
            throw badTreatment;
        }
        if (value != null) {
            return jsonbSet(doc, path, value, (Boolean) create);
        }
        return switch ((String) treatment) {
            case "raise_exception" -> throw PgException.error(SqlState.NULL_VALUE_NOT_ALLOWED,
                    "JSON value must not be null").withDetail(
                    "Exception was raised because null_value_treatment is \"raise_exception\".").withHint(
                    "To avoid, either change the null_value_treatment argument or ensure that an SQL NULL is not "
                            + "passed.");
            case "use_json_null" -> jsonbSet(doc, path, "null", (Boolean) create);
            case "delete_key" -> JsonValue.jsonbText(deletePath(jsonb(doc), path));
            case "return_target" -> (String) doc;
            default -> throw badTreatment;
        };
    }

    private static String jsonbSet(Object doc, ArrayValue path, Object replacement, boolean create) {
        return changeDocument(doc, path, replacement, create ? PathChange.SET : PathChange.REPLACE);
    }

    /** jsonb_set and jsonb_insert: 22023 for a scalar document, the document itself for an empty path. */
    private static String changeDocument(Object doc, ArrayValue path, Object value, PathChange change) {
        JsonValue v = jsonb(doc);
        if (v.isScalar()) {
            throw Messages.jsonInvalidParameter("cannot set path in scalar");
        }
        if (path.size() == 0 || change == PathChange.REPLACE && isEmpty(v)) {
            return (String) doc;
        }
        return JsonValue.jsonbText(changePath(v, path, 0, jsonb(value), change));
    }

    /** JB_ROOT_COUNT(in) == 0: an empty array or object, which the modifying functions return as it is. */
    private static boolean isEmpty(JsonValue v) {
        return v instanceof JsonValue.Arr a && a.elements().isEmpty() || v instanceof JsonValue.Obj o
                && o.keys().isEmpty();
    }

    private static List<Object> arrayElements(PgType t, String name, Object doc, boolean asText) {
        JsonValue v = tree(t, doc);
        if (!(v instanceof JsonValue.Arr a)) {
            if (t == JSONB) {
                throw Messages.jsonInvalidParameter(v.isScalar() ? "cannot extract elements from a scalar"
                        : "cannot extract elements from an object");
            }
            throw Messages.jsonInvalidParameter("cannot call " + name + " on a "
                    + (v.isScalar() ? "scalar" : "non-array"));
        }
        List<Object> out = new ArrayList<>();
        for (JsonValue e : a.elements()) {
            out.add(asText ? text(t, e) : result(t, e));
        }
        return out;
    }

    /** json[b]_each[_text]: one {key, value} row per pair, in the object's order. */
    private static List<Object[]> each(PgType t, String name, Object doc, boolean asText) {
        JsonValue v = tree(t, doc);
        if (!(v instanceof JsonValue.Obj o)) {
            if (t == JSONB) {
                throw Messages.jsonInvalidParameter("cannot call " + name + " on a non-object");
            }
            throw Messages.jsonInvalidParameter(v.isScalar() ? "cannot deconstruct a scalar"
                    : "cannot deconstruct an array as an object");
        }
        List<Object[]> out = new ArrayList<>();
        for (int i = 0; i < o.keys().size(); i++) {
            JsonValue value = o.values().get(i);
            out.add(new Object[] {o.keys().get(i), asText ? text(t, value) : result(t, value)});
        }
        return out;
    }

    /** The named OUT column of a one-column json set-returning function (value), null for the others. */
    public static String outColumn(String name) {
        return name.matches("jsonb?_array_elements(_text)?") ? "value" : null;
    }

    /** The column names of a two-column json set-returning function, null for the others. */
    public static List<String> pairColumns(String name) {
        return PAIR_FUNCTIONS.get(name);
    }

    /** jsonb_strip_nulls: object fields whose value is null go, at every level; array elements stay. */
    private static JsonValue stripNulls(JsonValue v) {
        return switch (v) {
            case JsonValue.Obj o -> {
                List<String> keys = new ArrayList<>();
                List<JsonValue> values = new ArrayList<>();
                for (int i = 0; i < o.keys().size(); i++) {
                    if (!(o.values().get(i) instanceof JsonValue.Null)) {
                        keys.add(o.keys().get(i));
                        values.add(stripNulls(o.values().get(i)));
                    }
                }
                yield new JsonValue.Obj(keys, values, null);
            }
            case JsonValue.Arr a -> JsonValue.array(a.elements().stream().map(JsonFunctions::stripNulls).toList());
            default -> v;
        };
    }

    /** json_strip_nulls: the text rewritten without whitespace, null fields dropped, scalars as written. */
    private static String stripNullsText(JsonValue v) {
        StringBuilder out = new StringBuilder();
        writeCompact(out, v, true);
        return out.toString();
    }

    private static void writeCompact(StringBuilder out, JsonValue v, boolean stripNulls) {
        switch (v) {
            case JsonValue.Obj o -> {
                out.append('{');
                boolean first = true;
                for (int i = 0; i < o.keys().size(); i++) {
                    if (stripNulls && o.values().get(i) instanceof JsonValue.Null) {
                        continue;
                    }
                    out.append(first ? "" : ",");
                    first = false;
                    JsonValue.Str key = null;
                    out.append(JsonValue.jsonbText(new JsonValue.Str(o.keys().get(i), null))).append(':');
                    writeCompact(out, o.values().get(i), stripNulls);
                }
                out.append('}');
            }
            case JsonValue.Arr a -> {
                out.append('[');
                for (int i = 0; i < a.elements().size(); i++) {
                    out.append(i == 0 ? "" : ",");
                    writeCompact(out, a.elements().get(i), stripNulls);
                }
                out.append(']');
            }
            default -> out.append(v.raw());
        }
    }

    // ---------------------------------------------------------------- functions of any type

    /**
     * A call of a json function taking "any" (to_json, row_to_json, array_to_json, json[b]_build_object/array): the
     * call with its arguments' types fixed now, as PostgreSQL looks them up per call; null for other names.
     */
    public static Expr call(String name, List<Expr> args, int position) {
        if (List.of("to_json", "to_jsonb", "array_to_json").contains(name) && !args.isEmpty()
                && args.getFirst().type() == PgType.UNKNOWN) {
            // anyelement / anyarray: a literal of no type says nothing
            throw PgException.error(SqlState.DATATYPE_MISMATCH,
                    "could not determine polymorphic type because input has type unknown");
        }
        List<PgType> types = args.stream().map(e -> e.type() == PgType.UNKNOWN ? TEXT : e.type()).toList();
        int n = args.size();
        return switch (name) {
            case "to_json", "to_jsonb" -> {
                if (n != 1) {
                    yield null;
                }
                PgType t = types.getFirst();
                yield name.equals("to_json")
                        ? new Expr.Call(name, JSON, args, true, (ctx, a) -> JsonFormats.toJson(t, a[0], ctx.output()))
                        : new Expr.Call(name, JSONB, args, true, (ctx, a) -> JsonValue.jsonbText(
                        JsonFormats.toJsonb(t, a[0], ctx.output())));
            }
            case "row_to_json" -> {
                if (n < 1 || n > 2 || types.getFirst() != PgType.RECORD || n == 2 && types.get(1) != PgType.BOOL) {
                    yield null;
                }
                yield new Expr.Call(name, JSON, args, true, (ctx, a) -> rowToJson(a[0], n == 2 && (Boolean) a[1],
                        ctx.output()));
            }
            case "array_to_json" -> {
                if (n < 1 || n > 2 || !types.getFirst().isArray() || n == 2 && types.get(1) != PgType.BOOL) {
                    yield null;
                }
                PgType t = types.getFirst();
                yield new Expr.Call(name, JSON, args, true, (ctx, a) -> arrayToJson(t, (ArrayValue) a[0],
                        n == 2 && (Boolean) a[1], ctx.output()));
            }
            case "json_build_object", "jsonb_build_object" -> {
                boolean jsonb = name.startsWith("jsonb");
                yield new Expr.Call(name, jsonb ? JSONB : JSON, args, false, (ctx, a) -> {
                    if (n % 2 != 0) {
                        throw PgException.error(SqlState.INVALID_PARAMETER_VALUE,
                                "argument list must have even number of elements").withHint("The arguments of "
                                + name + "() must consist of alternating keys and values.");
                    }
                    return buildObject(jsonb, types, a, ctx.output());
                });
            }
            case "json_build_array", "jsonb_build_array" -> {
                boolean jsonb = name.startsWith("jsonb");
                yield new Expr.Call(name, jsonb ? JSONB : JSON, args, false, (ctx, a) -> buildArray(jsonb, types, a,
                        ctx.output()));
            }
            default -> null;
        };
    }

    /**
     * json[b]_build_object/array(VARIADIC array): the array's elements are the arguments (a null array gives a
     * null result, as for any VARIADIC "any" function); null for other calls.
     */
    public static Expr variadicCall(String name, List<Expr> args) {
        PgType array = args.isEmpty() ? null : args.getLast().type();
        if (!name.startsWith("json") || !name.contains("_build_") || array == null || !array.isArray()) {
            return null;
        }
        boolean jsonb = name.startsWith("jsonb");
        boolean object = name.endsWith("object");
        PgType element = array.elementType();
        int fixed = args.size() - 1;
        List<PgType> fixedTypes = args.subList(0, fixed).stream()
                .map(e -> e.type() == PgType.UNKNOWN ? TEXT : e.type()).toList();
        return new Expr.Call(name, jsonb ? JSONB : JSON, args, false, (ctx, a) -> {
            ArrayValue values = (ArrayValue) a[fixed];
            if (values == null) {
                return null;
            }
            List<PgType> types = new ArrayList<>(fixedTypes);
            Object[] all = java.util.Arrays.copyOf(a, fixed + values.size());
            for (int i = 0; i < values.size(); i++) {
                types.add(element);
                all[fixed + i] = values.get(i);
            }
            if (!object) {
                return buildArray(jsonb, types, all, ctx.output());
            }
            if (all.length % 2 != 0) {
                throw PgException.error(SqlState.INVALID_PARAMETER_VALUE,
                        "argument list must have even number of elements").withHint("The arguments of " + name
                        + "() must consist of alternating keys and values.");
            }
            return buildObject(jsonb, types, all, ctx.output());
        });
    }

    /** jsonb_subscript_fetch: {@code j[s1][s2]...} as {@code j #> array[s1, s2]} (a null subscript gives null). */
    public static Expr subscript(Expr base, List<Expr> subscripts) {
        List<Expr> args = new ArrayList<>();
        args.add(base);
        args.addAll(subscripts);
        return new Expr.Call("jsonb_subscript", JSONB, args, true, (ctx, a) -> {
            Object[] steps = new Object[a.length - 1];
            for (int i = 1; i < a.length; i++) {
                steps[i - 1] = a[i].toString();
            }
            return path(JSONB, a[0], PgArrays.of(TEXT, steps), false);
        });
    }

    /**
     * jsonb_subscript_assign: {@code j[s1][s2] = v}. A null container starts as [] when the first subscript is an
     * integer, else {}; missing levels are created (objects for text subscripts, arrays padded with nulls for
     * integers), as jsonb_set_element's setPath with JB_PATH_CREATE | FILL_GAPS | CONSISTENT_POSITION.
     */
    public static Expr assignSubscript(Expr current, List<Expr> subscripts, Expr value) {
        List<Expr> args = new ArrayList<>();
        args.add(current);
        args.addAll(subscripts);
        args.add(value);
        boolean expectArray = subscripts.getFirst().type() == PgType.INT4;
        return new Expr.Call("jsonb_subscript_assign", JSONB, args, false, (ctx, a) -> {
            List<String> path = new ArrayList<>();
            for (int i = 1; i < a.length - 1; i++) {
                if (a[i] == null) {
                    throw PgException.error(SqlState.NULL_VALUE_NOT_ALLOWED,
                            "jsonb subscript in assignment must not be null");
                }
                path.add(a[i].toString());
            }
            JsonValue doc = a[0] == null ? (expectArray ? JsonValue.array(List.of()) : JsonValue.object(List.of(),
                    List.of())) : jsonb(a[0]);
            JsonValue v = a[a.length - 1] == null ? JsonValue.NULL : jsonb(a[a.length - 1]);
            return JsonValue.jsonbText(assignPath(doc, path, 0, v));
        });
    }

    private static JsonValue assignPath(JsonValue doc, List<String> path, int level, JsonValue value) {
        boolean last = level == path.size() - 1;
        String step = path.get(level);
        switch (doc) {
            case JsonValue.Obj o -> {
                List<String> keys = new ArrayList<>(o.keys());
                List<JsonValue> values = new ArrayList<>(o.values());
                int i = keys.indexOf(step);
                if (i >= 0) {
                    values.set(i, last ? value : assignPath(values.get(i), path, level + 1, value));
                    return new JsonValue.Obj(keys, values, null);
                }
                keys.add(step);
                values.add(last ? value : newPath(path, level + 1, value));
                return JsonValue.object(keys, values);
            }
            case JsonValue.Arr a -> {
                Integer index = parseIndex(step);
                if (index == null) {
                    throw PgException.error(SqlState.INVALID_TEXT_REPRESENTATION, "path element at position "
                            + (level + 1) + " is not an integer: \"" + step + "\"");
                }
                List<JsonValue> elements = new ArrayList<>(a.elements());
                int n = elements.size();
                int i = index;
                if (i < 0) {
                    if (-i > n) {
                        throw Messages.jsonInvalidParameter("path element at position " + (level + 1)
                                + " is out of range: " + index);
                    }
                    i = n + i;
                }
                if (i < n) {
                    elements.set(i, last ? value : assignPath(elements.get(i), path, level + 1, value));
                    return JsonValue.array(elements);
                }
                while (elements.size() < i) {
                    elements.add(JsonValue.NULL);
                }
                elements.add(last ? value : newPath(path, level + 1, value));
                return JsonValue.array(elements);
            }
            default -> throw Messages.jsonInvalidParameter("cannot replace existing key").withDetail(
                    "The path assumes key is a composite object, but it is a scalar value.");
        }
    }

    /** push_path: the containers for the path's remaining steps, {@code value} at the end. */
    private static JsonValue newPath(List<String> path, int level, JsonValue value) {
        JsonValue inner = level == path.size() - 1 ? value : newPath(path, level + 1, value);
        Integer index = parseIndex(path.get(level));
        if (index == null) {
            return JsonValue.object(List.of(path.get(level)), List.of(inner));
        }
        List<JsonValue> elements = new ArrayList<>();
        for (int i = 0; i < index; i++) {
            elements.add(JsonValue.NULL);
        }
        elements.add(inner);
        return JsonValue.array(elements);
    }

    /** True for the names {@link #call} handles. */
    public static boolean isPolymorphic(String name) {
        return switch (name) {
            case "to_json", "to_jsonb", "row_to_json", "array_to_json", "json_build_object", "jsonb_build_object",
                 "json_build_array", "jsonb_build_array" -> true;
            default -> false;
        };
    }

    private static String rowToJson(Object row, boolean pretty, TypeIo.OutputSettings settings) {
        String compact = JsonFormats.toJson(PgType.RECORD, row, settings);
        if (!pretty) {
            return compact;
        }
        // composite_to_json with line feeds: ",\n " between the top-level fields
        osgres.sql.internal.utils.RowValue r = (osgres.sql.internal.utils.RowValue) row;
        StringBuilder out = new StringBuilder("{");
        for (int i = 0; i < r.values().length; i++) {
            out.append(i == 0 ? "" : ",\n ");
            out.append(JsonValue.jsonbText(new JsonValue.Str(r.fieldName(i), null))).append(':');
            JsonFormats.appendJson(out, r.types().get(i), r.values()[i], settings, false);
        }
        return out.append('}').toString();
    }

    private static String arrayToJson(PgType t, ArrayValue a, boolean pretty, TypeIo.OutputSettings settings) {
        if (!pretty || a.size() == 0 || a.ndim() != 1) {
            return JsonFormats.toJson(t, a, settings);
        }
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < a.size(); i++) {
            out.append(i == 0 ? "" : ",\n ");
            JsonFormats.appendJson(out, t.elementType(), a.get(i), settings, false);
        }
        return out.append(']').toString();
    }

    private static String buildObject(boolean jsonb, List<PgType> types, Object[] a,
                                      TypeIo.OutputSettings settings) {
        if (jsonb) {
            List<String> keys = new ArrayList<>();
            List<JsonValue> values = new ArrayList<>();
            for (int i = 0; i < a.length; i += 2) {
                if (a[i] == null) {
                    throw Messages.jsonInvalidParameter("argument " + (i + 1) + ": key must not be null");
                }
                keys.add(jsonbKey(types.get(i), a[i], settings));
                values.add(JsonFormats.toJsonb(types.get(i + 1), a[i + 1], settings));
            }
            return JsonValue.jsonbText(JsonValue.object(keys, values));
        }
        StringBuilder out = new StringBuilder("{");
        for (int i = 0; i < a.length; i += 2) {
            out.append(i == 0 ? "" : ", ");
            if (a[i] == null) {
                throw Messages.jsonInvalidParameter("argument " + (i + 1) + " cannot be null")
                        .withHint("Object keys should be text.");
            }
            JsonFormats.appendJson(out, types.get(i), a[i], settings, true);
            out.append(" : ");
            JsonFormats.appendJson(out, types.get(i + 1), a[i + 1], settings, false);
        }
        return out.append('}').toString();
    }

    /** add_jsonb of a key: a scalar's text (a string's value), 22023 for arrays, records and json. */
    private static String jsonbKey(PgType type, Object value, TypeIo.OutputSettings settings) {
        if (type.isArray() || type == PgType.RECORD || type == JSON || type == JSONB) {
            throw Messages.jsonInvalidParameter("key value must be scalar, not array, composite, or json");
        }
        JsonValue k = JsonFormats.toJsonb(type, value, settings);
        return k instanceof JsonValue.Str s ? s.value() : k.raw();
    }

    private static String buildArray(boolean jsonb, List<PgType> types, Object[] a,
                                     TypeIo.OutputSettings settings) {
        if (jsonb) {
            List<JsonValue> out = new ArrayList<>();
            for (int i = 0; i < a.length; i++) {
                out.add(JsonFormats.toJsonb(types.get(i), a[i], settings));
            }
            return JsonValue.jsonbText(JsonValue.array(out));
        }
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < a.length; i++) {
            out.append(i == 0 ? "" : ", ");
            JsonFormats.appendJson(out, types.get(i), a[i], settings, false);
        }
        return out.append(']').toString();
    }

    // ---------------------------------------------------------------- aggregates

    static boolean isAggregate(String name) {
        return switch (name) {
            case "json_agg", "jsonb_agg", "json_object_agg", "jsonb_object_agg" -> true;
            default -> false;
        };
    }

    /** json[b]_agg(any) and json[b]_object_agg(any, any); null for other argument counts. */
    static Aggregate aggregate(String name, List<PgType> types) {
        boolean object = name.endsWith("object_agg");
        if (types.size() != (object ? 2 : 1)) {
            return null;
        }
        boolean jsonb = name.startsWith("jsonb");
        PgType result = jsonb ? JSONB : JSON;
        return new Aggregate(name, types, result, false, new JsonAggFactory(name, List.copyOf(types), jsonb, object));
    }

    /** The transition state's factory: it needs the session's output settings (time zone) for the values. */
    private record JsonAggFactory(String name, List<PgType> types, boolean jsonb, boolean object)
            implements Aggregate.Factory {
        @Override
        public Aggregate.Accumulator start(osgres.sql.internal.utils.ExecContext ctx) {
            return new JsonAgg(this, ctx.output());
        }
    }

    /** json_agg_transfn / json_object_agg_transfn and their jsonb forms. */
    private static final class JsonAgg implements Aggregate.Accumulator {
        private final JsonAggFactory kind;
        private final TypeIo.OutputSettings settings;
        private StringBuilder text;
        private final List<String> keys = new ArrayList<>();
        private final List<JsonValue> values = new ArrayList<>();
        private boolean any;

        JsonAgg(JsonAggFactory kind, TypeIo.OutputSettings settings) {
            this.kind = kind;
            this.settings = settings;
        }

        @Override
        public void add(Object[] args) {
            if (kind.object && args[0] == null) {
                throw Messages.jsonInvalidParameter("field name must not be null");
            }
            PgType valueType = kind.types.get(kind.object ? 1 : 0);
            Object value = args[kind.object ? 1 : 0];
            if (kind.jsonb) {
                if (kind.object) {
                    keys.add(jsonbKey(kind.types.getFirst(), args[0], settings));
                }
                values.add(JsonFormats.toJsonb(valueType, value, settings));
            } else {
                if (text == null) {
                    text = new StringBuilder(kind.object ? "{ " : "[");
                } else {
                    text.append(", ");
                    if (!kind.object && value != null && (valueType.isArray() || valueType == PgType.RECORD)) {
                        text.append("\n ");
                    }
                }
                if (kind.object) {
                    JsonFormats.appendJson(text, kind.types.getFirst(), args[0], settings, true);
                    text.append(" : ");
                }
                JsonFormats.appendJson(text, valueType, value, settings, false);
            }
            any = true;
        }

        @Override
        public Object result() {
            if (!any) {
                return null;
            }
            if (!kind.jsonb) {
                return text + (kind.object ? " }" : "]");
            }
            return JsonValue.jsonbText(kind.object ? JsonValue.object(keys, values) : JsonValue.array(values));
        }
    }
}
