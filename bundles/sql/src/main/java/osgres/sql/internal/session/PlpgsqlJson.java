/*
 * The JSON libpg_query writes for a PL/pgSQL function (plpgsqlToJSON, mirroring pl_funcs.c's dump of the parse
 * tree), read into maps, lists, strings, numbers and booleans: objects keep their keys, a node is an object of one
 * key naming its type ({"PLpgSQL_stmt_if": {...}}). Only what that output uses: no surrogate pairs beyond
 * Java's chars, numbers as long or double.
 */
package osgres.sql.internal.session;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public final class PlpgsqlJson {
    private final String text;
    private int pos;

    private PlpgsqlJson(String text) {
        this.text = text;
    }

    public static Object parse(String json) {
        PlpgsqlJson p = new PlpgsqlJson(json);
        Object v = p.value();
        p.space();
        if (p.pos != json.length()) {
            throw new IllegalArgumentException("trailing characters in PL/pgSQL tree at " + p.pos);
        }
        return v;
    }

    /** The one key of a node object and its fields: {"PLpgSQL_var": {...}} gives PLpgSQL_var and the map. */
    public static Map.Entry<String, Map<String, Object>> node(Object value) {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) value;
        Map.Entry<String, Object> e = m.entrySet().iterator().next();
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = (Map<String, Object>) e.getValue();
        return Map.entry(e.getKey(), fields);
    }

    private void space() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private Object value() {
        space();
        char c = text.charAt(pos);
        return switch (c) {
            case '{' -> object();
            case '[' -> array();
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> number();
        };
    }

    private Object literal(String word, Object result) {
        if (!text.startsWith(word, pos)) {
            throw new IllegalArgumentException("bad literal in PL/pgSQL tree at " + pos);
        }
        pos += word.length();
        return result;
    }

    private Map<String, Object> object() {
        Map<String, Object> m = new LinkedHashMap<>();
        pos++;
        space();
        if (text.charAt(pos) == '}') {
            pos++;
            return m;
        }
        while (true) {
            space();
            String key = string();
            space();
            pos++; // ':'
            m.put(key, value());
            space();
            char c = text.charAt(pos++);
            if (c == '}') {
                return m;
            }
        }
    }

    private List<Object> array() {
        List<Object> list = new ArrayList<>();
        pos++;
        space();
        if (text.charAt(pos) == ']') {
            pos++;
            return list;
        }
        while (true) {
            list.add(value());
            space();
            char c = text.charAt(pos++);
            if (c == ']') {
                return list;
            }
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
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'u' -> {
                    out.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                    pos += 4;
                }
                default -> out.append(e);
            }
        }
    }

    private Object number() {
        int start = pos;
        while (pos < text.length() && "+-0123456789.eE".indexOf(text.charAt(pos)) >= 0) {
            pos++;
        }
        String n = text.substring(start, pos);
        return n.contains(".") || n.contains("e") || n.contains("E") ? (Object) Double.parseDouble(n)
                : (Object) Long.parseLong(n);
    }
}
