/*
 * The array functions and operators, PostgreSQL's array_userfuncs.c and arrayfuncs.c as pg_proc lists them with
 * polymorphic arguments (anyarray/anyelement, anycompatiblearray/anycompatible since PostgreSQL 13): resolution
 * finds the element type from the arguments (their common type, as parse_coerce.c's
 * enforce_generic_type_consistency does) and gives Functions a concrete signature to coerce the arguments to.
 * Functions: array_length, array_lower, array_upper, array_ndims, array_dims, cardinality, array_append,
 * array_prepend, array_cat, array_position(s), array_remove, array_replace, array_to_string, and the
 * set-returning unnest and generate_subscripts. Operators: || (array_cat, array_append, array_prepend), @>, <@ and
 * && (arraycontains, arraycontained, arrayoverlap: a null element never matches). Comparisons are PgArrays'.
 * Also array_fill, trim_array and width_bucket(operand, thresholds); unnest of several arrays is SetFunctions'.
 * Subscripted assignment (array_set_element, array_set_slice) is here for the ModifyTable path to call.
 */
package osgres.sql.internal.func;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import osgres.api.PgException;
import osgres.api.SqlState;
import osgres.sql.internal.nodes.Expr;
import osgres.sql.internal.utils.BtreeCompare;
import osgres.sql.internal.utils.Casts;
import osgres.sql.internal.utils.ExecContext;
import osgres.sql.internal.utils.Messages;
import osgres.sql.internal.utils.PgArrays;
import osgres.sql.internal.utils.PgType;
import osgres.sql.internal.utils.TypeIo;
import osgres.storage.ArrayValue;

public final class ArrayFunctions {
    /**
     * Argument and result kinds of the polymorphic signatures: A the array type, E its element type, I int4,
     * T text, B bool, IA int4[]; a name ending in "*" returns a set.
     */
    private record Signature(List<String> args, String result, boolean strict, boolean returnsSet,
                             Expr.Implementation implementation) {
    }

    private static final Map<String, List<Signature>> SIGNATURES = Map.ofEntries(
            Map.entry("array_length", List.of(sig("A I", "I", true, (c, a) -> length((ArrayValue) a[0], (Integer) a[1])))),
            Map.entry("array_lower", List.of(sig("A I", "I", true, (c, a) -> bound((ArrayValue) a[0], (Integer) a[1],
                    false)))),
            Map.entry("array_upper", List.of(sig("A I", "I", true, (c, a) -> bound((ArrayValue) a[0], (Integer) a[1],
                    true)))),
            Map.entry("array_ndims", List.of(sig("A", "I", true, (c, a) -> ((ArrayValue) a[0]).ndim() == 0 ? null
                    : ((ArrayValue) a[0]).ndim()))),
            Map.entry("array_dims", List.of(sig("A", "T", true, (c, a) -> dims((ArrayValue) a[0])))),
            Map.entry("cardinality", List.of(sig("A", "I", true, (c, a) -> ((ArrayValue) a[0]).size()))),
            Map.entry("array_append", List.of(sig("A E", "A", false, null))),
            Map.entry("array_prepend", List.of(sig("E A", "A", false, null))),
            Map.entry("array_cat", List.of(sig("A A", "A", false, (c, a) -> cat((ArrayValue) a[0],
                    (ArrayValue) a[1])))),
            Map.entry("array_position", List.of(
                    sig("A E", "I", false, (c, a) -> position((ArrayValue) a[0], a[1], null, false)),
                    sig("A E I", "I", false, (c, a) -> a[2] == null
                            ? throwNullStart() : position((ArrayValue) a[0], a[1], (Integer) a[2], false)))),
            Map.entry("array_positions", List.of(sig("A E", "IA", false,
                    (c, a) -> position((ArrayValue) a[0], a[1], null, true)))),
            Map.entry("array_remove", List.of(sig("A E", "A", false, (c, a) -> remove((ArrayValue) a[0], a[1])))),
            Map.entry("array_replace", List.of(sig("A E E", "A", false,
                    (c, a) -> replace((ArrayValue) a[0], a[1], a[2])))),
            Map.entry("array_to_string", List.of(
                    sig("A T", "T", true, (c, a) -> toText(c, (ArrayValue) a[0], (String) a[1], null)),
                    sig("A T T", "T", false, (c, a) -> a[0] == null || a[1] == null ? null
                            : toText(c, (ArrayValue) a[0], (String) a[1], (String) a[2])))),
            Map.entry("array_fill", List.of(
                    sig("E IA", "A", false, null),
                    sig("E IA IA", "A", false, null))),
            Map.entry("trim_array", List.of(sig("A I", "A", true, (c, a) -> trim((ArrayValue) a[0], (Integer) a[1])))),
            Map.entry("width_bucket", List.of(sig("E A", "I", true, (c, a) -> widthBucket(a[0], (ArrayValue) a[1])))),
            Map.entry("unnest", List.of(sig("A", "E*", true, (c, a) -> Arrays.asList(((ArrayValue) a[0])
                    .elements())))),
            Map.entry("generate_subscripts", List.of(
                    sig("A I", "I*", true, (c, a) -> subscripts((ArrayValue) a[0], (Integer) a[1], false)),
                    sig("A I B", "I*", true, (c, a) -> subscripts((ArrayValue) a[0], (Integer) a[1],
                            (Boolean) a[2])))));

    private ArrayFunctions() {
    }

    private static Signature sig(String args, String result, boolean strict, Expr.Implementation impl) {
        boolean set = result.endsWith("*");
        return new Signature(List.of(args.split(" ")), set ? result.substring(0, result.length() - 1) : result,
                strict, set, impl);
    }

    static boolean isArrayFunction(String name) {
        return SIGNATURES.containsKey(name);
    }

    static boolean returnsSet(String name) {
        return SIGNATURES.getOrDefault(name, List.of()).stream().anyMatch(Signature::returnsSet);
    }

    /**
     * The concrete pg_proc entry for a call of a polymorphic array function, null when {@code name} is not one;
     * 42883 when no signature fits, 42804 when the element type cannot be determined (all arguments unknown).
     */
    public static Functions.Function resolve(String name, List<PgType> argTypes, int position) {
        List<Signature> signatures = SIGNATURES.get(name);
        if (signatures == null || signatures.stream().noneMatch(s -> s.args().size() == argTypes.size())) {
            return null;
        }
        for (Signature s : signatures) {
            if (s.args().size() != argTypes.size()) {
                continue;
            }
            List<PgType> elements = new ArrayList<>();
            boolean fits = true;
            for (int i = 0; i < argTypes.size() && fits; i++) {
                PgType t = argTypes.get(i);
                switch (s.args().get(i)) {
                    case "A" -> {
                        if (t.isArray()) {
                            elements.add(t.elementType());
                        } else if (t != PgType.UNKNOWN) {
                            fits = false;
                        }
                    }
                    case "E" -> {
                        if (t != PgType.UNKNOWN) {
                            elements.add(t);
                        }
                    }
                    default -> fits = t == PgType.UNKNOWN || Casts.find(t, fixed(s.args().get(i)), -1,
                            Casts.Context.IMPLICIT) != null;
                }
            }
            if (!fits) {
                continue;
            }
            if (elements.isEmpty() && name.equals("unnest")) {
                // unnest(tsvector) makes an unknown argument ambiguous
                throw ambiguous(name, argTypes, position);
            }
            if (elements.isEmpty()) {
                throw PgException.error(SqlState.DATATYPE_MISMATCH,
                        "could not determine polymorphic type because input has type unknown");
            }
            PgType element;
            try {
                element = Casts.commonTypeOf(name, elements, elements.stream().map(e -> 0).toList());
            } catch (PgException e) {
                continue;
            }
            PgType array = element.arrayType();
            if (array == null) {
                continue;
            }
            List<PgType> concrete = s.args().stream().map(k -> k.equals("A") ? array : k.equals("E") ? element
                    : fixed(k)).toList();
            PgType result = s.result().equals("A") ? array : s.result().equals("E") ? element : fixed(s.result());
            Expr.Implementation impl = s.implementation();
            int oid = element.oid();
            if (name.equals("array_append")) {
                impl = (c, a) -> push(oid, (ArrayValue) a[0], a[1], true);
            } else if (name.equals("array_prepend")) {
                impl = (c, a) -> push(oid, (ArrayValue) a[1], a[0], false);
            } else if (name.equals("array_fill")) {
                impl = (c, a) -> fill(oid, a[0], (ArrayValue) a[1], a.length > 2 ? (ArrayValue) a[2] : null,
                        a.length > 2);
            }
            return new Functions.Function(name, concrete, result, s.strict(), impl, s.returnsSet(), false);
        }
        throw Messages.functionDoesNotExist(Messages.signature(name, argTypes), position);
    }

    public static PgException ambiguous(String name, List<PgType> argTypes, int position) {
        return PgException.error(SqlState.AMBIGUOUS_FUNCTION, "function " + Messages.signature(name, argTypes)
                + " is not unique").withHint("Could not choose a best candidate function. You might need to add "
                + "explicit type casts.").withPosition(position);
    }

    private static PgType fixed(String kind) {
        return switch (kind) {
            case "I" -> PgType.INT4;
            case "T" -> PgType.TEXT;
            case "B" -> PgType.BOOL;
            default -> PgType.INT4_ARRAY;
        };
    }

    // ---------------------------------------------------------------- operators

    /** {@code ||}, {@code @>}, {@code <@} and {@code &&} with an array on one side or both. */
    static boolean isArrayOperator(String op, PgType left, PgType right) {
        return (left.isArray() || right.isArray())
                && (op.equals("||") || op.equals("@>") || op.equals("<@") || op.equals("&&"));
    }

    /** One of those operators: an unknown operand takes the array's type (array_cat for ||); 42883 if none fits. */
    static Operators.Resolved resolveOperator(String op, PgType left, PgType right, int position) {
        PgType l = left == PgType.UNKNOWN ? right : left;
        PgType r = right == PgType.UNKNOWN ? left : right;
        Operators.Resolved resolved = op.equals("||") ? concatOperator(l, r) : containmentOperator(op, l, r);
        if (resolved == null) {
            throw Messages.operatorDoesNotExist(left.sqlName() + " " + op + " " + right.sqlName(), position);
        }
        return resolved;
    }

    /** {@code ||} with an array on either side: array_cat, array_append or array_prepend. */
    static Operators.Resolved concatOperator(PgType l, PgType r) {
        if (l.isArray() && r.isArray()) {
            PgType t = Casts.commonArray(l, r);
            return t == null ? null : new Operators.Resolved(t, t, t, (c, a) -> cat((ArrayValue) a[0],
                    (ArrayValue) a[1]));
        }
        PgType array = l.isArray() ? l : r;
        PgType other = l.isArray() ? r : l;
        PgType element = array.elementType();
        if (other != element) {
            if (Casts.find(other, element, -1, Casts.Context.IMPLICIT) != null) {
                other = element;
            } else if (Casts.find(element, other, -1, Casts.Context.IMPLICIT) != null && other.arrayType() != null) {
                element = other;
                array = other.arrayType();
            } else {
                return null;
            }
        }
        PgType arrayType = array;
        int oid = element.oid();
        // not strict (ExprAnalyzer.operator): a null array is an empty one, a null element is appended as NULL
        return l.isArray()
                ? new Operators.Resolved(arrayType, element, arrayType, (c, a) -> push(oid, (ArrayValue) a[0], a[1],
                        true))
                : new Operators.Resolved(element, arrayType, arrayType, (c, a) -> push(oid, (ArrayValue) a[1], a[0],
                        false));
    }

    /** {@code @>}, {@code <@}, {@code &&} between arrays of one type. */
    static Operators.Resolved containmentOperator(String op, PgType l, PgType r) {
        if (!l.isArray() || l != r) {
            // anyarray on both sides: the same array type
            return null;
        }
        PgType t = l;
        return new Operators.Resolved(t, t, PgType.BOOL, switch (op) {
            case "@>" -> (c, a) -> contains((ArrayValue) a[0], (ArrayValue) a[1], true);
            case "<@" -> (c, a) -> contains((ArrayValue) a[1], (ArrayValue) a[0], true);
            default -> (c, a) -> contains((ArrayValue) a[0], (ArrayValue) a[1], false);
        });
    }

    /** array_contain_compare: every (or, for overlap, some) element of {@code b} equals an element of a. */
    private static boolean contains(ArrayValue a, ArrayValue b, boolean all) {
        PgType element = PgArrays.elementType(a);
        for (Object y : b.elements()) {
            boolean found = false;
            if (y != null) {
                for (Object x : a.elements()) {
                    if (x != null && BtreeCompare.compare(element, x, y) == 0) {
                        found = true;
                        break;
                    }
                }
            }
            if (found && !all) {
                return true;
            }
            if (!found && all) {
                return false;
            }
        }
        return all;
    }

    // ---------------------------------------------------------------- functions

    private static Integer length(ArrayValue a, int dim) {
        return dim < 1 || dim > a.ndim() ? null : a.dim(dim - 1);
    }

    private static Integer bound(ArrayValue a, int dim, boolean upper) {
        if (dim < 1 || dim > a.ndim()) {
            return null;
        }
        return upper ? a.lowerBound(dim - 1) + a.dim(dim - 1) - 1 : a.lowerBound(dim - 1);
    }

    private static String dims(ArrayValue a) {
        if (a.ndim() == 0) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        for (int d = 0; d < a.ndim(); d++) {
            out.append('[').append(a.lowerBound(d)).append(':').append(a.lowerBound(d) + a.dim(d) - 1).append(']');
        }
        return out.toString();
    }

    private static PgException notOneDimensional() {
        return PgException.error(SqlState.DATA_EXCEPTION, "argument must be empty or one-dimensional array");
    }

    /** array_append / array_prepend: a null array is an empty one; the lower bound stays. */
    private static ArrayValue push(int elementOid, ArrayValue a, Object element, boolean atEnd) {
        if (a == null || a.ndim() == 0) {
            return ArrayValue.of(elementOid, new Object[] {element});
        }
        if (a.ndim() != 1) {
            throw notOneDimensional();
        }
        Object[] out = new Object[a.size() + 1];
        System.arraycopy(a.elements(), 0, out, atEnd ? 0 : 1, a.size());
        out[atEnd ? a.size() : 0] = element;
        return new ArrayValue(a.elementType(), new int[] {out.length}, new int[] {a.lowerBound(0)}, out);
    }

    /** array_cat: arrays of equal dimensions joined along the first, or one appended as an element of the other. */
    public static ArrayValue cat(ArrayValue a, ArrayValue b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        if (a.ndim() == 0) {
            return b;
        }
        if (b.ndim() == 0) {
            return a;
        }
        int[] dims;
        int[] lbs;
        if (a.ndim() == b.ndim()) {
            for (int d = 1; d < a.ndim(); d++) {
                if (a.dim(d) != b.dim(d)) {
                    throw incompatible("Arrays with differing element dimensions are not compatible for "
                            + "concatenation.");
                }
            }
            dims = a.dims();
            dims[0] += b.dim(0);
            lbs = a.lowerBounds();
        } else if (a.ndim() == b.ndim() + 1 || b.ndim() == a.ndim() + 1) {
            // the smaller array becomes one more element of the bigger one's first dimension
            ArrayValue outer = a.ndim() > b.ndim() ? a : b;
            ArrayValue inner = a.ndim() > b.ndim() ? b : a;
            for (int d = 0; d < inner.ndim(); d++) {
                if (outer.dim(d + 1) != inner.dim(d)) {
                    throw incompatible("Arrays with differing dimensions are not compatible for concatenation.");
                }
            }
            dims = outer.dims();
            dims[0]++;
            lbs = outer.lowerBounds();
        } else {
            throw incompatible("Arrays of " + a.ndim() + " and " + b.ndim()
                    + " dimensions are not compatible for concatenation.");
        }
        Object[] out = Arrays.copyOf(a.elements(), a.size() + b.size());
        System.arraycopy(b.elements(), 0, out, a.size(), b.size());
        return new ArrayValue(a.elementType(), dims, lbs, out);
    }

    private static PgException incompatible(String detail) {
        return PgException.error(SqlState.ARRAY_SUBSCRIPT_ERROR, "cannot concatenate incompatible arrays")
                .withDetail(detail);
    }

    private static Object throwNullStart() {
        throw PgException.error(SqlState.NULL_VALUE_NOT_ALLOWED, "initial position must not be null");
    }

    private static boolean notDistinct(PgType element, Object x, Object y) {
        return x == null || y == null ? x == y : BtreeCompare.compare(element, x, y) == 0;
    }

    /** array_position(s): subscripts of the elements not distinct from {@code value} (one-dimensional only). */
    private static Object position(ArrayValue a, Object value, Integer start, boolean all) {
        if (a == null) {
            return null;
        }
        if (a.ndim() > 1) {
            throw PgException.error(SqlState.FEATURE_NOT_SUPPORTED,
                    "searching for elements in multidimensional arrays is not supported");
        }
        PgType element = PgArrays.elementType(a);
        int lb = a.ndim() == 0 ? 1 : a.lowerBound(0);
        List<Integer> found = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            if (start != null && lb + i < start) {
                continue;
            }
            if (notDistinct(element, a.get(i), value)) {
                if (!all) {
                    return lb + i;
                }
                found.add(lb + i);
            }
        }
        return all ? PgArrays.of(PgType.INT4, found) : null;
    }

    private static ArrayValue remove(ArrayValue a, Object value) {
        if (a == null) {
            return null;
        }
        if (a.ndim() > 1) {
            throw PgException.error(SqlState.FEATURE_NOT_SUPPORTED,
                    "removing elements from multidimensional arrays is not supported");
        }
        PgType element = PgArrays.elementType(a);
        List<Object> kept = new ArrayList<>();
        for (Object x : a.elements()) {
            if (!notDistinct(element, x, value)) {
                kept.add(x);
            }
        }
        if (kept.size() == a.size()) {
            return a;
        }
        return kept.isEmpty() ? PgArrays.empty(element) : new ArrayValue(a.elementType(), new int[] {kept.size()},
                new int[] {a.lowerBound(0)}, kept.toArray());
    }

    private static ArrayValue replace(ArrayValue a, Object value, Object replacement) {
        if (a == null) {
            return null;
        }
        PgType element = PgArrays.elementType(a);
        Object[] out = a.elements().clone();
        for (int i = 0; i < out.length; i++) {
            if (notDistinct(element, out[i], value)) {
                out[i] = replacement;
            }
        }
        return new ArrayValue(a.elementType(), a.dims(), a.lowerBounds(), out);
    }

    /** array_to_string: elements' text joined by {@code delimiter}, nulls skipped unless {@code nullString}. */
    static String toText(ExecContext ctx, ArrayValue a, String delimiter, String nullString) {
        PgType element = PgArrays.elementType(a);
        StringBuilder out = new StringBuilder();
        boolean first = true;
        for (Object e : a.elements()) {
            if (e == null && nullString == null) {
                continue;
            }
            if (!first) {
                out.append(delimiter);
            }
            out.append(e == null ? nullString : element.isString() ? (String) e
                    : TypeIo.output(element, e, ctx.output()));
            first = false;
        }
        return out.toString();
    }

    private static List<Integer> subscripts(ArrayValue a, int dim, boolean reverse) {
        if (dim < 1 || dim > a.ndim()) {
            return List.of();
        }
        List<Integer> out = new ArrayList<>();
        int lb = a.lowerBound(dim - 1);
        for (int i = 0; i < a.dim(dim - 1); i++) {
            out.add(reverse ? lb + a.dim(dim - 1) - 1 - i : lb + i);
        }
        return out;
    }

    /** array_fill(value, dims [, lower bounds]). */
    private static ArrayValue fill(int elementOid, Object value, ArrayValue dims, ArrayValue lowerBounds,
                                   boolean boundsGiven) {
        if (dims == null || boundsGiven && lowerBounds == null) {
            throw PgException.error(SqlState.NULL_VALUE_NOT_ALLOWED,
                    "dimension array or low bound array cannot be null");
        }
        if (dims.ndim() > 1) {
            throw PgException.error(SqlState.ARRAY_SUBSCRIPT_ERROR, "wrong number of array subscripts")
                    .withDetail("Dimension array must be one dimensional.");
        }
        if (lowerBounds != null && lowerBounds.ndim() > 1) {
            throw PgException.error(SqlState.ARRAY_SUBSCRIPT_ERROR, "wrong number of array subscripts")
                    .withDetail("Dimension array must be one dimensional.");
        }
        if (lowerBounds != null && lowerBounds.size() != dims.size()) {
            throw PgException.error(SqlState.ARRAY_SUBSCRIPT_ERROR, "wrong number of array subscripts")
                    .withDetail("Low bound array has different size than dimensions array.");
        }
        int n = dims.size();
        if (n > PgArrays.MAX_DIMENSIONS) {
            throw PgException.error(SqlState.PROGRAM_LIMIT_EXCEEDED, "number of array dimensions (" + n
                    + ") exceeds the maximum allowed (" + PgArrays.MAX_DIMENSIONS + ")");
        }
        int[] d = new int[n];
        int[] lb = new int[n];
        long count = n == 0 ? 0 : 1;
        for (int i = 0; i < n; i++) {
            if (dims.get(i) == null || lowerBounds != null && lowerBounds.get(i) == null) {
                throw PgException.error(SqlState.NULL_VALUE_NOT_ALLOWED, "dimension values cannot be null");
            }
            d[i] = (Integer) dims.get(i);
            lb[i] = lowerBounds == null ? 1 : (Integer) lowerBounds.get(i);
            count *= Math.max(d[i], 0);
        }
        if (count == 0) {
            return ArrayValue.of(elementOid, new Object[0]);
        }
        if (count > 134_217_727) {
            throw PgException.error(SqlState.PROGRAM_LIMIT_EXCEEDED, "array size exceeds the maximum allowed ("
                    + 134_217_727 + ")");
        }
        Object[] out = new Object[(int) count];
        Arrays.fill(out, value);
        return new ArrayValue(elementOid, d, lb, out);
    }

    /** trim_array: the last {@code n} elements of the first dimension removed. */
    private static ArrayValue trim(ArrayValue a, int n) {
        int length = a.ndim() == 0 ? 0 : a.dim(0);
        if (n < 0 || n > length) {
            throw PgException.error(SqlState.ARRAY_SUBSCRIPT_ERROR, "number of elements to trim must be between 0 and "
                    + length);
        }
        if (n == length) {
            return PgArrays.empty(PgArrays.elementType(a));
        }
        int[] dims = a.dims();
        dims[0] -= n;
        int keep = a.size() / length * dims[0];
        // a slice: its lower bounds are 1
        int[] ones = new int[dims.length];
        Arrays.fill(ones, 1);
        return new ArrayValue(a.elementType(), dims, ones, Arrays.copyOf(a.elements(), keep));
    }

    /** width_bucket(operand, thresholds): how many thresholds are at or below the operand (a sorted array). */
    private static int widthBucket(Object operand, ArrayValue thresholds) {
        if (thresholds.ndim() > 1) {
            throw PgException.error(SqlState.ARRAY_SUBSCRIPT_ERROR, "thresholds must be one-dimensional array");
        }
        PgType element = PgArrays.elementType(thresholds);
        for (Object t : thresholds.elements()) {
            if (t == null) {
                throw PgException.error(SqlState.NULL_VALUE_NOT_ALLOWED, "thresholds array must not contain NULLs");
            }
        }
        int left = 0;
        int right = thresholds.size();
        while (left < right) {
            int mid = (left + right) >>> 1;
            if (BtreeCompare.compare(element, operand, thresholds.get(mid)) < 0) {
                right = mid;
            } else {
                left = mid + 1;
            }
        }
        return left;
    }

    // ---------------------------------------------------------------- subscripts

    /** {@code a[i][j]}: the element, null when a subscript is null or out of range, or the count is wrong. */
    public static Object element(ArrayValue a, Integer[] subscripts) {
        if (a.ndim() != subscripts.length) {
            return null;
        }
        int offset = 0;
        for (int d = 0; d < subscripts.length; d++) {
            if (subscripts[d] == null) {
                return null;
            }
            int i = subscripts[d] - a.lowerBound(d);
            if (i < 0 || i >= a.dim(d)) {
                return null;
            }
            offset = offset * a.dim(d) + i;
        }
        return a.get(offset);
    }

    /**
     * {@code a[l:u]} (and mixed {@code a[i]} counting as {@code a[1:i]}): the slice, lower bounds 1, empty when
     * out of range; a null bound gives null.
     */
    public static ArrayValue slice(ArrayValue a, Integer[] lower, Integer[] upper) {
        int n = lower.length;
        if (a.ndim() == 0 || n > a.ndim()) {
            return PgArrays.empty(PgArrays.elementType(a));
        }
        int[] lo = new int[a.ndim()];
        int[] hi = new int[a.ndim()];
        for (int d = 0; d < a.ndim(); d++) {
            int first = a.lowerBound(d);
            int last = first + a.dim(d) - 1;
            lo[d] = d < n && lower[d] != null ? Math.max(lower[d], first) : first;
            hi[d] = d < n && upper[d] != null ? Math.min(upper[d], last) : last;
            if (lo[d] > hi[d]) {
                return PgArrays.empty(PgArrays.elementType(a));
            }
        }
        int[] dims = new int[a.ndim()];
        int count = 1;
        for (int d = 0; d < dims.length; d++) {
            dims[d] = hi[d] - lo[d] + 1;
            count *= dims[d];
        }
        Object[] out = new Object[count];
        int[] index = lo.clone();
        for (int k = 0; k < count; k++) {
            int offset = 0;
            for (int d = 0; d < dims.length; d++) {
                offset = offset * a.dim(d) + index[d] - a.lowerBound(d);
            }
            out[k] = a.get(offset);
            for (int d = dims.length - 1; d >= 0; d--) {
                if (++index[d] <= hi[d]) {
                    break;
                }
                index[d] = lo[d];
            }
        }
        int[] ones = new int[dims.length];
        Arrays.fill(ones, 1);
        return new ArrayValue(a.elementType(), dims, ones, out);
    }

    // ---------------------------------------------------------------- subscripted assignment

    /** PostgreSQL's MaxArraySize. */
    private static final long MAX_ARRAY_SIZE = 134_217_727;

    private static PgException tooLarge() {
        return PgException.error(SqlState.PROGRAM_LIMIT_EXCEEDED, "array size exceeds the maximum allowed ("
                + MAX_ARRAY_SIZE + ")");
    }

    private static PgException subscriptError(String message) {
        return PgException.error(SqlState.ARRAY_SUBSCRIPT_ERROR, message);
    }

    /**
     * array_set_element, for {@code UPDATE t SET a[i][j] = v} and {@code INSERT INTO t (a[i]) ...}: a null or empty
     * array becomes one element with the subscripts as lower bounds; a one-dimensional array grows (with nulls
     * between) to take a subscript outside it; a multi-dimensional one does not (2202E).
     */
    public static ArrayValue assignElement(ArrayValue a, int elementOid, Integer[] subscripts, Object value) {
        for (Integer s : subscripts) {
            if (s == null) {
                throw PgException.error(SqlState.NULL_VALUE_NOT_ALLOWED,
                        "array subscript in assignment must not be null");
            }
        }
        int n = subscripts.length;
        if (a == null || a.ndim() == 0) {
            int[] ones = new int[n];
            Arrays.fill(ones, 1);
            int[] lbs = new int[n];
            for (int d = 0; d < n; d++) {
                lbs[d] = subscripts[d];
            }
            return new ArrayValue(elementOid, ones, lbs, new Object[] {value});
        }
        if (a.ndim() != n) {
            throw subscriptError("wrong number of array subscripts");
        }
        if (n == 1) {
            long lb = a.lowerBound(0);
            long ub = lb + a.dim(0) - 1;
            long index = subscripts[0];
            long newLb = Math.min(lb, index);
            long newUb = Math.max(ub, index);
            if (newUb - newLb + 1 > MAX_ARRAY_SIZE) {
                throw tooLarge();
            }
            Object[] out = new Object[(int) (newUb - newLb + 1)];
            System.arraycopy(a.elements(), 0, out, (int) (lb - newLb), a.size());
            out[(int) (index - newLb)] = value;
            return new ArrayValue(a.elementType(), new int[] {out.length}, new int[] {(int) newLb}, out);
        }
        int offset = 0;
        for (int d = 0; d < n; d++) {
            int i = subscripts[d] - a.lowerBound(d);
            if (i < 0 || i >= a.dim(d)) {
                throw subscriptError("array subscript out of range");
            }
            offset = offset * a.dim(d) + i;
        }
        Object[] out = a.elements().clone();
        out[offset] = value;
        return new ArrayValue(a.elementType(), a.dims(), a.lowerBounds(), out);
    }

    /**
     * array_set_slice, for {@code UPDATE t SET a[l:u] = source}: the slice's elements taken from {@code source} in
     * storage order (2202E "source array too small" when it has fewer); a null source leaves the array as it is; a
     * bound left out ({@code null} in {@code lower}/{@code upper}) is the array's own; an empty array takes the
     * slice as its shape (both bounds needed); a one-dimensional array grows, a multi-dimensional one does not.
     */
    public static ArrayValue assignSlice(ArrayValue a, int elementOid, Integer[] lower, Integer[] upper, ArrayValue source) {
        if (source == null) {
            return a;
        }
        int n = lower.length;
        if (a == null || a.ndim() == 0) {
            int[] dims = new int[n];
            int[] lbs = new int[n];
            long count = 1;
            for (int d = 0; d < n; d++) {
                if (lower[d] == null || upper[d] == null) {
                    throw subscriptError("array slice subscript must provide both boundaries").withDetail(
                            "When assigning to a slice of an empty array value, slice boundaries must be fully "
                                    + "specified.");
                }
                long length = (long) upper[d] - lower[d] + 1;
                if (length > MAX_ARRAY_SIZE) {
                    throw tooLarge();
                }
                dims[d] = (int) Math.max(length, 0);
                lbs[d] = lower[d];
                count *= dims[d];
            }
            if (source.size() < count) {
                throw subscriptError("source array too small");
            }
            if (count == 0) {
                return ArrayValue.of(elementOid, new Object[0]);
            }
            return new ArrayValue(elementOid, dims, lbs, Arrays.copyOf(source.elements(), (int) count));
        }
        if (a.ndim() < n) {
            throw subscriptError("wrong number of array subscripts");
        }
        int ndim = a.ndim();
        long[] lo = new long[ndim];
        long[] hi = new long[ndim];
        for (int d = 0; d < ndim; d++) {
            long first = a.lowerBound(d);
            long last = first + a.dim(d) - 1;
            lo[d] = d < n && lower[d] != null ? lower[d] : first;
            hi[d] = d < n && upper[d] != null ? upper[d] : last;
            if (lo[d] > hi[d]) {
                throw subscriptError("upper bound cannot be less than lower bound");
            }
            if (ndim > 1 && (lo[d] < first || hi[d] > last)) {
                throw subscriptError("array subscript out of range");
            }
        }
        ArrayValue target = a;
        if (ndim == 1 && (lo[0] < a.lowerBound(0) || hi[0] > a.lowerBound(0) + a.dim(0) - 1)) {
            // grow the one dimension with nulls to cover the slice
            long newLb = Math.min(lo[0], a.lowerBound(0));
            long newUb = Math.max(hi[0], a.lowerBound(0) + a.dim(0) - 1L);
            if (newUb - newLb + 1 > MAX_ARRAY_SIZE) {
                throw tooLarge();
            }
            Object[] grown = new Object[(int) (newUb - newLb + 1)];
            System.arraycopy(a.elements(), 0, grown, (int) (a.lowerBound(0) - newLb), a.size());
            target = new ArrayValue(a.elementType(), new int[] {grown.length}, new int[] {(int) newLb}, grown);
        }
        long count = 1;
        for (int d = 0; d < ndim; d++) {
            count *= hi[d] - lo[d] + 1;
        }
        if (source.size() < count) {
            throw subscriptError("source array too small");
        }
        Object[] out = target.elements().clone();
        long[] index = lo.clone();
        for (int k = 0; k < count; k++) {
            int offset = 0;
            for (int d = 0; d < ndim; d++) {
                offset = offset * target.dim(d) + (int) (index[d] - target.lowerBound(d));
            }
            out[offset] = source.get(k);
            for (int d = ndim - 1; d >= 0; d--) {
                if (++index[d] <= hi[d]) {
                    break;
                }
                index[d] = lo[d];
            }
        }
        return new ArrayValue(target.elementType(), target.dims(), target.lowerBounds(), out);
    }

    /** ARRAY[...] of arrays: a new outer dimension over sub-arrays of equal shape (2202E otherwise). */
    public static ArrayValue stack(PgType element, Object[] parts) {
        ArrayValue first = null;
        List<Object> all = new ArrayList<>();
        for (Object p : parts) {
            if (p == null) {
                continue;
            }
            ArrayValue a = (ArrayValue) p;
            if (first == null) {
                first = a;
            } else if (!Arrays.equals(first.dims(), a.dims())) {
                throw PgException.error(SqlState.ARRAY_SUBSCRIPT_ERROR,
                        "multidimensional arrays must have array expressions with matching dimensions");
            }
            all.addAll(Arrays.asList(a.elements()));
        }
        if (first == null || first.ndim() == 0) {
            return PgArrays.empty(element);
        }
        int[] dims = new int[first.ndim() + 1];
        int[] lbs = new int[first.ndim() + 1];
        dims[0] = all.size() / first.size();
        lbs[0] = 1;
        for (int d = 0; d < first.ndim(); d++) {
            dims[d + 1] = first.dim(d);
            lbs[d + 1] = first.lowerBound(d);
        }
        return new ArrayValue(element.oid(), dims, lbs, all.toArray());
    }
}
