/*
 * A value of type record: what a row constructor ROW(a, b) or (a, b) gives, an anonymous composite whose fields
 * keep their own types. Its text form is rowtypes.c's record_out: the fields between parentheses, separated by
 * commas, a null field left empty, a field quoted when it is empty or holds a quote, backslash, parenthesis,
 * comma or white space (quotes and backslashes doubled inside); its binary form record_send's: int32 field count,
 * then per field its type OID, int32 length (-1 for null) and its binary form. Comparisons are row-wise
 * (record_cmp; ExprAnalyzer expands row comparisons of constructors field by field as PostgreSQL does).
 * A whole-row reference's record also knows its columns' names (which row_to_json and to_json print).
 */
package osgres.sql.internal.utils;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

public record RowValue(List<PgType> types, Object[] values, List<String> names) {
    /** A record without field names (a row constructor: row_to_json calls its fields f1, f2...). */
    public RowValue(List<PgType> types, Object[] values) {
        this(types, values, null);
    }

    /** The name of field {@code i}: the column's for a whole-row reference, else {@code f1}, {@code f2}... */
    public String fieldName(int i) {
        return names != null ? names.get(i) : "f" + (i + 1);
    }

    public String output(TypeIo.OutputSettings settings) {
        StringBuilder out = new StringBuilder("(");
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            if (values[i] == null) {
                continue;
            }
            String text = TypeIo.output(types.get(i), values[i], settings);
            boolean quote = text.isEmpty();
            for (int j = 0; j < text.length() && !quote; j++) {
                char c = text.charAt(j);
                quote = c == '"' || c == '\\' || c == '(' || c == ')' || c == ',' || Character.isWhitespace(c);
            }
            if (!quote) {
                out.append(text);
                continue;
            }
            out.append('"');
            for (int j = 0; j < text.length(); j++) {
                char c = text.charAt(j);
                if (c == '"' || c == '\\') {
                    out.append(c);
                }
                out.append(c);
            }
            out.append('"');
        }
        return out.append(')').toString();
    }

    byte[] send(TypeIo.OutputSettings settings) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ByteBuffer.allocate(4).putInt(values.length).array());
        for (int i = 0; i < values.length; i++) {
            out.writeBytes(ByteBuffer.allocate(4).putInt(types.get(i).oid()).array());
            if (values[i] == null) {
                out.writeBytes(ByteBuffer.allocate(4).putInt(-1).array());
            } else {
                byte[] b = TypeIo.send(types.get(i), values[i], settings);
                out.writeBytes(ByteBuffer.allocate(4).putInt(b.length).array());
                out.writeBytes(b);
            }
        }
        return out.toByteArray();
    }

    /** record_cmp: field by field, a null field after any value. */
    int compareTo(RowValue other) {
        for (int i = 0; i < Math.min(values.length, other.values.length); i++) {
            Object x = values[i];
            Object y = other.values[i];
            if (x == null || y == null) {
                if (x != y) {
                    return x == null ? 1 : -1;
                }
                continue;
            }
            int c = BtreeCompare.compare(types.get(i), x, y);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(values.length, other.values.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RowValue r && Arrays.deepEquals(values, r.values);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(values);
    }
}
