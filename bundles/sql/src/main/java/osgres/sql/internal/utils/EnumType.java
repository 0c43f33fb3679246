/*
 * An enum type (CREATE TYPE name AS ENUM ('a', 'b'); pg_type typtype 'e' with its pg_enum rows): its labels in
 * sort order. A value of it is an {@link EnumValue}; expressions of it carry PgType.ANYENUM and the analyser keeps
 * the type itself in the node that made the value (a cast, a column read), as for composite types. A column of an
 * enum stores the label (as text) and records the type's oid (ColumnDef.domain); the label's place in the current
 * list orders it, so ALTER TYPE ... ADD VALUE BEFORE/AFTER never rewrites a table (PostgreSQL keeps float
 * enumsortorders for the same reason).
 */
package osgres.sql.internal.utils;

import java.util.List;

import osgres.api.PgException;
import osgres.api.SqlState;

public record EnumType(int oid, String name, List<String> labels) {

    /** enum_in: the value of {@code label}, 22P02 "invalid input value for enum" when the type has no such label. */
    public EnumValue input(String label) {
        int i = labels.indexOf(label);
        if (i < 0) {
            throw PgException.error(SqlState.INVALID_TEXT_REPRESENTATION, "invalid input value for enum " + name
                    + ": \"" + label + "\"");
        }
        return new EnumValue(this, label, i);
    }

    public EnumValue first() {
        return labels.isEmpty() ? null : new EnumValue(this, labels.getFirst(), 0);
    }

    public EnumValue last() {
        return labels.isEmpty() ? null : new EnumValue(this, labels.getLast(), labels.size() - 1);
    }
}
