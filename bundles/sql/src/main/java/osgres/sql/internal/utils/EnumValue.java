/*
 * A value of an enum type: its label and the label's place in the type's sort order (enum_cmp compares places;
 * equal values have equal labels). Its text form is the label (enum_out), its binary form the label's UTF-8
 * bytes (enum_send).
 */
package osgres.sql.internal.utils;

public record EnumValue(EnumType type, String label, int position) implements Comparable<EnumValue> {

    @Override
    public int compareTo(EnumValue other) {
        return Integer.compare(position, other.position);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EnumValue v && v.type.oid() == type.oid() && v.label.equals(label);
    }

    @Override
    public int hashCode() {
        return label.hashCode();
    }

    @Override
    public String toString() {
        return label;
    }
}
