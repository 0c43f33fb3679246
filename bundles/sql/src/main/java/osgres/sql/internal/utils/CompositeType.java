/*
 * A named composite type: one made by CREATE TYPE name AS (field type, ...) (pg_type typtype 'c' with its own
 * pg_class row of relkind 'c'), or the row type every table has under the table's name. Its fields are built-in
 * types (with modifiers). A value of it is a RowValue whose field types are the composite's; expressions of it
 * carry PgType.RECORD, and the analyser keeps the composite itself in the node that made the value (a cast, a
 * column read), which is what field selection {@code (x).f} and {@code (x).*} need.
 * Text input is rowtypes.c's record_in (this class); output is RowValue's record_out.
 * Not done: fields of composite, enum or domain types; ALTER TYPE of composites.
 */
package osgres.sql.internal.utils;

import java.time.ZoneId;
import java.util.List;

import osgres.api.PgException;
import osgres.api.SqlState;

public record CompositeType(int oid, String name, List<Field> fields) {

    /** One attribute of the type. */
    public record Field(String name, PgType type, int typmod) {
    }

    public List<PgType> fieldTypes() {
        return fields.stream().map(Field::type).toList();
    }

    /** The index of field {@code name}, -1 if the type has none. */
    public int fieldIndex(String name) {
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * record_in: {@code (f1,f2,...)}, a field empty for null, double quotes around a field that holds special
     * characters (a doubled quote inside is one quote), a backslash taking the next character literally; white
     * space around the parentheses is allowed. 22P02 "malformed record literal" with what is wrong as DETAIL.
     */
    public RowValue input(String text, ZoneId zone) {
        int n = text.length();
        int p = 0;
        while (p < n && Character.isWhitespace(text.charAt(p))) {
            p++;
        }
        if (p >= n || text.charAt(p) != '(') {
            throw malformed(text, "Missing left parenthesis.");
        }
        p++;
        Object[] values = new Object[fields.size()];
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                if (p < n && text.charAt(p) == ',') {
                    p++;
                } else {
                    throw malformed(text, "Too few columns.");
                }
            }
            if (p < n && (text.charAt(p) == ',' || text.charAt(p) == ')')) {
                values[i] = null;
                continue;
            }
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            while (quoted || p >= n || text.charAt(p) != ',' && text.charAt(p) != ')') {
                if (p >= n) {
                    throw malformed(text, "Unexpected end of input.");
                }
                char c = text.charAt(p++);
                if (c == '\\') {
                    if (p >= n) {
                        throw malformed(text, "Unexpected end of input.");
                    }
                    field.append(text.charAt(p++));
                } else if (c == '"') {
                    if (!quoted) {
                        quoted = true;
                    } else if (p < n && text.charAt(p) == '"') {
                        field.append(text.charAt(p++));
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(c);
                }
            }
            values[i] = fieldInput(i, field.toString(), zone);
        }
        if (p >= n || text.charAt(p) != ')') {
            throw malformed(text, "Too many columns.");
        }
        p++;
        while (p < n && Character.isWhitespace(text.charAt(p))) {
            p++;
        }
        if (p < n) {
            throw malformed(text, "Junk after right parenthesis.");
        }
        return new RowValue(fieldTypes(), values);
    }

    /** A field's text through its type's input function and modifier (InputFunctionCall with atttypmod). */
    private Object fieldInput(int i, String text, ZoneId zone) {
        Field f = fields.get(i);
        Object value = TypeIo.input(f.type(), text, zone);
        if (f.typmod() >= 0) {
            Casts.Conversion modifier = Casts.find(f.type(), f.type(), f.typmod(), Casts.Context.ASSIGNMENT);
            value = modifier == null ? value : modifier.convert(value, null);
        }
        return value;
    }

    private static PgException malformed(String text, String detail) {
        return PgException.error(SqlState.INVALID_TEXT_REPRESENTATION, "malformed record literal: \"" + text + "\"")
                .withDetail(detail);
    }
}
