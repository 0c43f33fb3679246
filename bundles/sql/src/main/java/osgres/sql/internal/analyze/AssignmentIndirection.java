/*
 * Assignments into parts of a column, parse_target.c's transformAssignmentIndirection: {@code INSERT INTO t (c.f,
 * a[1]) ...} and {@code UPDATE t SET c.f = v, c.g[2] = w}. A target's path is a list of field names (into a column
 * of a composite type) and array subscripts; the value is coerced to the type at the end of the path (the leaf),
 * and the column's new value is the current one with that part replaced (FieldStore, array element assignment),
 * starting from null for INSERT and from the column's value (or an earlier assignment in the same list) for UPDATE.
 * Several targets into one column apply in order, as the rewriter's process_matched_tle nests them.
 * A column of an array of a composite keeps its elements' record texts: {@code f4[1].if1} reads element 1's text as
 * the composite, sets the field, and writes the element's text back.
 * Not done: slices in such paths; fields of elements of arrays of built-in types do not exist.
 */
package osgres.sql.internal.analyze;

import java.util.ArrayList;
import java.util.List;

import osgres.api.PgException;
import osgres.api.SqlState;
import osgres.pgquery.tree.PgQuery;
import osgres.pgquery.tree.PgQuery.Node;
import osgres.sql.internal.func.ArrayFunctions;
import osgres.sql.internal.nodes.Expr;
import osgres.sql.internal.utils.Casts;
import osgres.sql.internal.utils.CompositeType;
import osgres.sql.internal.utils.Messages;
import osgres.sql.internal.utils.PgType;
import osgres.sql.internal.utils.Unsupported;
import osgres.storage.ArrayValue;

final class AssignmentIndirection {

    /**
     * What a place holds: a built-in type (with modifier), a composite type's value, or an array of a composite
     * ({@code elementComposite}: a text[] of the elements' record texts).
     */
    record Slot(PgType type, int typmod, CompositeType composite, CompositeType elementComposite) {
        Slot(PgType type, int typmod, CompositeType composite) {
            this(type, typmod, composite, null);
        }

        static Slot of(CompositeType composite) {
            return new Slot(PgType.RECORD, -1, composite);
        }

        String typeName() {
            return composite != null ? composite.name() : elementComposite != null ? elementComposite.name() + "[]"
                    : type.sqlName();
        }
    }

    private final ExprAnalyzer exprs;

    AssignmentIndirection(ExprAnalyzer exprs) {
        this.exprs = exprs;
    }

    /**
     * The slot at the end of {@code path} from a column's slot, with transformAssignmentIndirection's errors for a
     * path the types do not allow ({@code p}: the target's position).
     */
    static Slot leaf(Slot column, String columnName, List<Node> path, int p) {
        Slot s = column;
        for (int i = 0; i < path.size(); i++) {
            Node n = path.get(i);
            if (n.hasAStar()) {
                throw PgException.error(SqlState.FEATURE_NOT_SUPPORTED, "row expansion via \"*\" is not supported "
                        + "here").withPosition(p);
            }
            if (n.hasString()) {
                String field = n.getString().getSval();
                if (s.composite() == null) {
                    throw PgException.error(SqlState.DATATYPE_MISMATCH, "cannot assign to field \"" + field
                            + "\" of column \"" + columnName + "\" because its type " + s.typeName()
                            + " is not a composite type").withPosition(p);
                }
                int index = s.composite().fieldIndex(field);
                if (index < 0) {
                    throw PgException.error(SqlState.UNDEFINED_COLUMN, "cannot assign to field \"" + field
                            + "\" of column \"" + columnName + "\" because there is no such column in data type "
                            + s.composite().name()).withPosition(p);
                }
                CompositeType.Field f = s.composite().fields().get(index);
                s = new Slot(f.type(), f.typmod(), null);
                continue;
            }
            if (s.composite() != null || !s.type().isArray()) {
                // the container is a placeholder (CaseTestExpr) without a location: no position
                throw PgException.error(SqlState.DATATYPE_MISMATCH, "cannot subscript type " + s.typeName()
                        + " because it does not support subscripting");
            }
            if (n.getAIndices().getIsSlice()) {
                throw Unsupported.of("array slices in INSERT targets and field assignments");
            }
            while (i + 1 < path.size() && path.get(i + 1).hasAIndices()) {
                if (path.get(++i).getAIndices().getIsSlice()) {
                    throw Unsupported.of("array slices in INSERT targets and field assignments");
                }
            }
            if (s.elementComposite() != null) {
                s = Slot.of(s.elementComposite());
                continue;
            }
            s = new Slot(s.type().elementType(), -1, null);
            if (i + 1 < path.size()) {
                throw Unsupported.of("assignment to fields of array elements");
            }
        }
        return s;
    }

    /**
     * {@code value} coerced by assignment to the leaf's type, with the 42804 PostgreSQL gives for a subfield or an
     * array element.
     */
    Expr coerceToLeaf(ParseState ps, Expr value, Slot leaf, String columnName, List<Node> path, int p, int valueAt) {
        if (leaf.composite() != null) {
            return exprs.composites.coerce(ps, value, leaf.composite(), Casts.Context.ASSIGNMENT, valueAt, null);
        }
        try {
            return exprs.coerce(ps, value, leaf.type(), leaf.typmod(), Casts.Context.ASSIGNMENT, valueAt);
        } catch (PgException e) {
            if (!e.sqlState().equals(Messages.CANNOT_COERCE)) {
                throw e;
            }
            Node last = path.getLast();
            String message = last.hasString()
                    ? "subfield \"" + last.getString().getSval() + "\" is of type " + leaf.type().sqlName()
                    : "subscripted assignment to \"" + columnName + "\" requires type " + leaf.type().sqlName();
            throw PgException.error(SqlState.DATATYPE_MISMATCH, message + " but expression is of type "
                    + value.type().sqlName()).withHint("You will need to rewrite or cast the expression.")
                    .withPosition(p);
        }
    }

    /** {@code current} (a value of {@code slot}, possibly null) with the part at {@code path} set to {@code value}. */
    Expr apply(ParseState ps, Expr current, Slot slot, List<Node> path, Expr value, int p) {
        if (path.isEmpty()) {
            return value;
        }
        Node first = path.getFirst();
        if (first.hasString()) {
            CompositeType type = slot.composite();
            int index = type.fieldIndex(first.getString().getSval());
            CompositeType.Field f = type.fields().get(index);
            Expr inner = path.size() == 1 || current == null ? null : CompositeValues.field(current, type, f.name(), p);
            Expr field = apply(ps, inner, new Slot(f.type(), f.typmod(), null), path.subList(1, path.size()), value,
                    p);
            return CompositeValues.fieldStore(current == null ? new Expr.Const(PgType.RECORD, null, p) : current,
                    type, index, field);
        }
        int k = 0;
        while (k < path.size() && path.get(k).hasAIndices()) {
            k++;
        }
        List<Expr> args = new ArrayList<>();
        args.add(current == null ? new Expr.Const(slot.type(), null, p) : current);
        for (Node n : path.subList(0, k)) {
            PgQuery.A_Indices i = n.getAIndices();
            args.add(i.hasUidx() ? exprs.arrays.subscript(ps, i.getUidx()) : new Expr.Const(PgType.INT4, null, p));
        }
        if (slot.elementComposite() != null) {
            // an element of an array of a composite: its record text read, its part set, written back as text
            CompositeType type = slot.elementComposite();
            Expr element = null;
            if (current != null) {
                int n = k;
                element = CompositeValues.column(new Expr.Call("subscript", PgType.TEXT, List.copyOf(args), true,
                        (ctx, v) -> {
                            Integer[] subscripts = new Integer[n];
                            for (int d = 0; d < n; d++) {
                                subscripts[d] = (Integer) v[d + 1];
                            }
                            return ArrayFunctions.element((ArrayValue) v[0], subscripts);
                        }), type);
            }
            Expr composed = apply(ps, element, Slot.of(type), path.subList(k, path.size()), value, p);
            value = exprs.composites.store(ps, composed, type, null, p);
        }
        args.add(value);
        int elementOid = slot.type().elementType().oid();
        int depth = k;
        return new Expr.Call("array_assign", slot.type(), args, false, (ctx, v) -> {
            Integer[] subscripts = new Integer[depth];
            for (int d = 0; d < depth; d++) {
                subscripts[d] = (Integer) v[1 + d];
            }
            return ArrayFunctions.assignElement((ArrayValue) v[0], elementOid, subscripts, v[v.length - 1]);
        });
    }
}
