/*
 * An array value as PostgreSQL's array.h ArrayType holds it: the element type's pg_type OID, the number of
 * dimensions with each dimension's length and lower bound, and the elements in row-major order (the last
 * subscript varies fastest), an element null for SQL NULL. An empty array has no dimensions. Elements are in the
 * Java representation of their type as TypeOids lists it. The engine stores an array column as a varlena
 * (TupleCodec: int32 ndim, int32 element type, per dimension int32 length and int32 lower bound, then the elements
 * as one tuple of the element type, null bitmap included); the SQL layer computes with it. Equality and hashing
 * compare element type, shape and elements (numeric by equals: callers that need SQL equality compare
 * element-wise). Instances are immutable: {@link #elements()} must not be modified by callers.
 */
package osgres.storage;

import java.util.Arrays;
import java.util.List;

public final class ArrayValue {
    private static final int[] NONE = new int[0];

    private final int elementType;
    private final int[] dims;
    private final int[] lowerBounds;
    private final Object[] elements;

    public ArrayValue(int elementType, int[] dims, int[] lowerBounds, Object[] elements) {
        if (dims.length != lowerBounds.length) {
            throw new IllegalArgumentException("dimensions and lower bounds differ in number");
        }
        long n = dims.length == 0 ? 0 : 1;
        for (int d : dims) {
            n *= d;
        }
        if (n != elements.length) {
            throw new IllegalArgumentException("array of " + elements.length + " elements has dimensions "
                    + Arrays.toString(dims));
        }
        boolean empty = elements.length == 0;
        this.elementType = elementType;
        this.dims = empty ? NONE : dims.clone();
        this.lowerBounds = empty ? NONE : lowerBounds.clone();
        this.elements = elements;
    }

    /** A one-dimensional array with lower bound 1 (no dimensions when {@code elements} is empty). */
    public static ArrayValue of(int elementType, Object[] elements) {
        return new ArrayValue(elementType, new int[] {elements.length}, new int[] {1}, elements);
    }

    public static ArrayValue of(int elementType, List<?> elements) {
        return of(elementType, elements.toArray());
    }

    public int elementType() {
        return elementType;
    }

    public int ndim() {
        return dims.length;
    }

    /** Length of dimension {@code d} (0-based). */
    public int dim(int d) {
        return dims[d];
    }

    /** Lower bound of dimension {@code d} (0-based). */
    public int lowerBound(int d) {
        return lowerBounds[d];
    }

    public int[] dims() {
        return dims.clone();
    }

    public int[] lowerBounds() {
        return lowerBounds.clone();
    }

    public int size() {
        return elements.length;
    }

    /** The elements in row-major order; shared, not to be modified. */
    public Object[] elements() {
        return elements;
    }

    public Object get(int index) {
        return elements[index];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ArrayValue a && a.elementType == elementType && Arrays.equals(a.dims, dims)
                && Arrays.equals(a.lowerBounds, lowerBounds) && Arrays.deepEquals(a.elements, elements);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(dims) + Arrays.deepHashCode(elements);
    }

    /** A debugging form; the SQL layer's array_out writes the real text form. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("{");
        for (int i = 0; i < elements.length; i++) {
            out.append(i == 0 ? "" : ",").append(elements[i] == null ? "NULL" : elements[i] instanceof byte[] b
                    ? java.util.HexFormat.of().formatHex(b) : elements[i]);
        }
        return out.append('}').toString();
    }
}
