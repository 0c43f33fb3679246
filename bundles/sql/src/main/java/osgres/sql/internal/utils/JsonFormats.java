/*
 * json and jsonb at the edges: jsonb's binary form (jsonb_send/jsonb_recv: a version byte, 1, then the text), and
 * SQL values turned into JSON as json.c's datum_to_json and jsonb.c's datum_to_jsonb do it: booleans and numbers
 * bare (a number that is not a valid JSON number, NaN or Infinity, as a string), dates and timestamps in ISO 8601
 * with a T (USE_XSD_DATES: {@code "2014-05-28T12:22:35.614298+00:00"}), json and jsonb as they are, arrays as
 * arrays (by dimension), records as objects of their fields (a whole-row reference's columns by name, a row
 * constructor's as f1, f2...), anything else as the string of its output function. json's text keeps json.c's
 * spacing: none inside arrays and records ({@code [1,2]}, {@code {"f1":1}}).
 */
package osgres.sql.internal.utils;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import osgres.api.PgException;
import osgres.storage.ArrayValue;

public final class JsonFormats {
    private static final int JSONB_VERSION = 1;

    private JsonFormats() {
    }

    /** The tree of a jsonb value as the executor holds it (its normal form's text). */
    public static JsonValue jsonb(String text) {
        return JsonParser.parse(text, true);
    }

    /** The tree of a json value (the text as written; strings de-escaped, so bad surrogates fail here). */
    public static JsonValue json(String text) {
        return JsonParser.parse(text, true);
    }

    static byte[] sendJsonb(String text) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[body.length + 1];
        out[0] = JSONB_VERSION;
        System.arraycopy(body, 0, out, 1, body.length);
        return out;
    }

    static String receiveJsonb(byte[] data) {
        int version = data.length == 0 ? 0 : data[0];
        if (version != JSONB_VERSION) {
            throw Messages.unsupportedJsonbVersion(version);
        }
        String text = osgres.api.Utf8.decode(java.util.Arrays.copyOfRange(data, 1, data.length));
        return JsonValue.jsonbText(JsonParser.parseJsonb(text));
    }

    // ---------------------------------------------------------------- SQL values as JSON

    /** datum_to_json: the json text of {@code value} (null is {@code null}). */
    public static String toJson(PgType type, Object value, TypeIo.OutputSettings settings) {
        StringBuilder out = new StringBuilder();
        appendJson(out, type, value, settings, false);
        return out.toString();
    }

    /**
     * datum_to_json into {@code out}; {@code key} when the value is an object key (json_build_object's and
     * json_object_agg's keys), which must be scalar and is always quoted.
     */
    public static void appendJson(StringBuilder out, PgType type, Object value, TypeIo.OutputSettings settings,
                                  boolean key) {
        if (value == null) {
            out.append("null");
            return;
        }
        if (key && (type.isArray() || type == PgType.RECORD || type == PgType.JSON || type == PgType.JSONB)) {
            throw Messages.jsonInvalidParameter("key value must be scalar, not array, composite, or json");
        }
        if (type.isArray()) {
            ArrayValue a = (ArrayValue) value;
            if (a.size() == 0) {
                out.append("[]");
                return;
            }
            int[] next = {0};
            appendDimension(out, a, 0, next, type.elementType(), settings);
            return;
        }
        switch (type) {
            case RECORD -> {
                RowValue row = (RowValue) value;
                out.append('{');
                for (int i = 0; i < row.values().length; i++) {
                    out.append(i == 0 ? "" : ",");
                    JsonValue.escape(out, row.fieldName(i));
                    out.append(':');
                    appendJson(out, row.types().get(i), row.values()[i], settings, false);
                }
                out.append('}');
            }
            case BOOL -> {
                if (key) {
                    JsonValue.escape(out, (Boolean) value ? "true" : "false");
                } else {
                    out.append((Boolean) value ? "true" : "false");
                }
            }
            case INT2, INT4, INT8, FLOAT4, FLOAT8, NUMERIC -> {
                String text = TypeIo.output(type, value, settings);
                if (!key && validNumber(text)) {
                    out.append(text);
                } else {
                    JsonValue.escape(out, text);
                }
            }
            case DATE, TIMESTAMP, TIMESTAMPTZ -> JsonValue.escape(out, dateTime(type, value, settings));
            case JSON, JSONB -> out.append((String) value);
            default -> JsonValue.escape(out, TypeIo.output(type, value, settings));
        }
    }

    private static void appendDimension(StringBuilder out, ArrayValue a, int dim, int[] next, PgType element,
                                        TypeIo.OutputSettings settings) {
        out.append('[');
        for (int i = 0; i < a.dims()[dim]; i++) {
            out.append(i == 0 ? "" : ",");
            if (dim + 1 == a.ndim()) {
                appendJson(out, element, a.get(next[0]++), settings, false);
            } else {
                appendDimension(out, a, dim + 1, next, element, settings);
            }
        }
        out.append(']');
    }

    /** datum_to_jsonb: the jsonb tree of {@code value}. */
    public static JsonValue toJsonb(PgType type, Object value, TypeIo.OutputSettings settings) {
        if (value == null) {
            return JsonValue.NULL;
        }
        if (type.isArray()) {
            ArrayValue a = (ArrayValue) value;
            if (a.size() == 0) {
                return JsonValue.array(List.of());
            }
            int[] next = {0};
            return jsonbDimension(a, 0, next, type.elementType(), settings);
        }
        return switch (type) {
            case RECORD -> {
                RowValue row = (RowValue) value;
                List<String> keys = new ArrayList<>();
                List<JsonValue> values = new ArrayList<>();
                for (int i = 0; i < row.values().length; i++) {
                    keys.add(row.fieldName(i));
                    values.add(toJsonb(row.types().get(i), row.values()[i], settings));
                }
                yield JsonValue.object(keys, values);
            }
            case BOOL -> new JsonValue.Bool((Boolean) value);
            case INT2, INT4, INT8, FLOAT4, FLOAT8, NUMERIC -> {
                String text = TypeIo.output(type, value, settings);
                yield validNumber(text) ? new JsonValue.Num(JsonValue.numericText(text))
                        : new JsonValue.Str(text, null);
            }
            case DATE, TIMESTAMP, TIMESTAMPTZ -> new JsonValue.Str(dateTime(type, value, settings), null);
            case JSON -> JsonValue.normalize(json((String) value));
            case JSONB -> jsonb((String) value);
            default -> new JsonValue.Str(TypeIo.output(type, value, settings), null);
        };
    }

    private static JsonValue jsonbDimension(ArrayValue a, int dim, int[] next, PgType element,
                                            TypeIo.OutputSettings settings) {
        List<JsonValue> out = new ArrayList<>();
        for (int i = 0; i < a.dims()[dim]; i++) {
            out.add(dim + 1 == a.ndim() ? toJsonb(element, a.get(next[0]++), settings)
                    : jsonbDimension(a, dim + 1, next, element, settings));
        }
        return JsonValue.array(out);
    }

    /** IsValidJsonNumber: what the JSON lexer reads as one number token. */
    static boolean validNumber(String text) {
        return text.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");
    }

    /** JsonEncodeDateTime: ISO 8601 with a T between date and time, a timestamptz's offset as +hh:mm. */
    private static String dateTime(PgType type, Object value, TypeIo.OutputSettings settings) {
        String text = TypeIo.output(type, value, settings);
        if (!DateTimeValues.isFinite(value) || type == PgType.DATE) {
            return text;
        }
        String iso = text.replaceFirst(" ", "T");
        if (type == PgType.TIMESTAMPTZ) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("([+-]\\d{2})(:\\d{2})?(:\\d{2})?$")
                    .matcher(iso);
            if (m.find()) {
                iso = iso.substring(0, m.start()) + m.group(1) + (m.group(2) == null ? ":00" : m.group(2))
                        + (m.group(3) == null ? "" : m.group(3));
            }
        }
        return iso;
    }

    // ---------------------------------------------------------------- casts

    /** pg_cast's jsonb rows: to bool and the numeric types explicitly (jsonb_bool, jsonb_int4...). */
    static Casts.Conversion jsonbCast(PgType to) {
        return switch (to) {
            case BOOL -> (v, ctx) -> {
                JsonValue j = jsonb((String) v);
                if (!(j instanceof JsonValue.Bool b)) {
                    throw cannotCast(j, to);
                }
                return b.value();
            };
            case INT2, INT4, INT8, FLOAT4, FLOAT8, NUMERIC -> (v, ctx) -> {
                JsonValue j = jsonb((String) v);
                if (!(j instanceof JsonValue.Num n)) {
                    throw cannotCast(j, to);
                }
                BigDecimal d = n.decimal();
                return to == PgType.NUMERIC ? d : Casts.find(PgType.NUMERIC, to, -1, Casts.Context.EXPLICIT)
                        .convert(d, ctx);
            };
            default -> null;
        };
    }

    private static PgException cannotCast(JsonValue v, PgType to) {
        String kind = switch (v) {
            case JsonValue.Null n -> "null";
            case JsonValue.Str s -> "string";
            case JsonValue.Num n -> "numeric";
            case JsonValue.Bool b -> "boolean";
            case JsonValue.Arr a -> "array";
            case JsonValue.Obj o -> "object";
        };
        return Messages.jsonInvalidParameter("cannot cast jsonb " + kind + " to type " + to.sqlName());
    }

}
