/*
 * Parse analysis of the array constructs, PostgreSQL's parse_expr.c transformArrayExpr and
 * transformIndirection with parse_node.c's transformContainerSubscripts, and parse_oper.c's make_scalar_array_op:
 * ARRAY[...] (the elements' common type; nested constructors or array-typed elements give one more dimension;
 * an empty ARRAY[] needs a cast), subscripts a[i][j] (the element, null out of range) and slices a[i:j] (an
 * array), and {@code x op ANY/ALL (array)} (an unknown literal or parameter on the right is an array of the left's
 * type). Each becomes an Expr.Call over the evaluated operands, so planning and evaluation need nothing new.
 */
package osgres.sql.internal.analyze;

import java.util.ArrayList;
import java.util.List;

import osgres.api.PgException;
import osgres.api.SqlState;
import osgres.pgquery.tree.PgQuery.Node;
import osgres.pgquery.tree.PgQuery;
import osgres.sql.internal.func.ArrayFunctions;
import osgres.sql.internal.func.JsonFunctions;
import osgres.sql.internal.func.Operators;
import osgres.sql.internal.nodes.Expr;
import osgres.sql.internal.utils.Casts;
import osgres.sql.internal.utils.Messages;
import osgres.sql.internal.utils.PgArrays;
import osgres.sql.internal.utils.PgType;
import osgres.sql.internal.utils.Unsupported;
import osgres.storage.ArrayValue;

final class ArrayAnalyzer {
    private final ExprAnalyzer exprs;

    ArrayAnalyzer(ExprAnalyzer exprs) {
        this.exprs = exprs;
    }

    /** ARRAY[...]; {@code target} is the array type a cast around it asks for (null when none). */
    Expr arrayExpr(ParseState ps, PgQuery.A_ArrayExpr a, PgType target) {
        int p = ps.statement.position(a.getLocation());
        List<Expr> elements = new ArrayList<>();
        boolean nested = false;
        for (Node n : a.getElementsList()) {
            if (n.hasAArrayExpr()) {
                nested = true;
                elements.add(arrayExpr(ps, n.getAArrayExpr(), target));
            } else {
                elements.add(exprs.expr(ps, n));
            }
        }
        if (elements.isEmpty()) {
            if (target == null) {
                throw PgException.error(SqlState.INDETERMINATE_DATATYPE, "cannot determine type of empty array")
                        .withHint("Explicitly cast to the desired type, for example ARRAY[]::integer[].")
                        .withPosition(p);
            }
            ArrayValue empty = PgArrays.empty(target.elementType());
            return new Expr.Const(target, empty, p);
        }
        PgType common;
        if (target != null && !nested) {
            common = target.elementType();
        } else {
            common = ExprAnalyzer.commonType("ARRAY", elements);
        }
        boolean multi = nested || common.isArray();
        PgType element = multi ? (common.isArray() ? common.elementType() : common) : common;
        if (element.arrayType() == null) {
            throw PgException.error(SqlState.UNDEFINED_OBJECT, "could not find array type for data type "
                    + element.sqlName()).withPosition(p);
        }
        PgType arrayType = element.arrayType();
        // under a cast the elements are cast explicitly to its element type, as transformArrayExpr does
        Casts.Context context = target != null ? Casts.Context.EXPLICIT : Casts.Context.IMPLICIT;
        List<Expr> coerced = new ArrayList<>();
        for (Expr e : elements) {
            coerced.add(exprs.coerce(ps, e, multi ? arrayType : element, -1, context, p));
        }
        if (multi) {
            return new Expr.Call("ARRAY", arrayType, coerced, false,
                    (ctx, v) -> ArrayFunctions.stack(element, v));
        }
        int oid = element.oid();
        if (coerced.stream().allMatch(e -> e instanceof Expr.Const)) {
            // eval_const_expressions: an ARRAY of constants is one array constant
            Object[] values = coerced.stream().map(e -> ((Expr.Const) e).value()).toArray();
            return new Expr.Const(arrayType, ArrayValue.of(oid, values), p);
        }
        return new Expr.Call("ARRAY", arrayType, coerced, false, (ctx, v) -> ArrayValue.of(oid, v.clone()));
    }

    /** Subscripts and slices; field selection only from a row constructor ({@code (ROW(1, 2)).f1}). */
    Expr indirection(ParseState ps, PgQuery.A_Indirection ind, RowAnalyzer rows) {
        Expr base = exprs.expr(ps, ind.getArg());
        int p = exprs.location(ps, ind.getArg());
        List<PgQuery.A_Indices> indices = new ArrayList<>();
        for (Node n : ind.getIndirectionList()) {
            if (n.hasString() && indices.isEmpty() && RowAnalyzer.isRow(base)) {
                base = rows.field(base, n.getString().getSval(), p);
                continue;
            }
            if (n.hasString() && indices.isEmpty() && CompositeValues.typeOf(base) != null) {
                base = CompositeValues.field(base, CompositeValues.typeOf(base), n.getString().getSval(),
                        exprs.leftmost(ps, ind.getArg()));
                continue;
            }
            if (!n.hasAIndices()) {
                throw Unsupported.of("field selection");
            }
            indices.add(n.getAIndices());
        }
        if (indices.isEmpty()) {
            return base;
        }
        if (indices.size() > PgArrays.MAX_DIMENSIONS) {
            throw PgException.error(SqlState.PROGRAM_LIMIT_EXCEEDED, "number of array dimensions ("
                    + indices.size() + ") exceeds the maximum allowed (" + PgArrays.MAX_DIMENSIONS + ")");
        }
        if (base.type() == PgType.JSONB) {
            return jsonbSubscript(ps, base, indices);
        }
        if (base.type() == PgType.NAME && indices.size() == 1 && !indices.getFirst().getIsSlice()) {
            // name is a fixed array of 64 "char"s (raw_array_subscript_handler): name[0] is its first byte
            Expr index = subscript(ps, indices.getFirst().getUidx());
            return new Expr.Call("name_subscript", PgType.CHAR, List.of(base, index), true, (ctx, a) -> {
                int i = (Integer) a[1];
                byte[] bytes = ((String) a[0]).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                if (i < 0 || i >= PgType.NAME.typlen()) {
                    return null;
                }
                return i < bytes.length
                        ? new String(new byte[] {bytes[i]}, java.nio.charset.StandardCharsets.ISO_8859_1) : "";
            });
        }
        if (!base.type().isArray()) {
            throw PgException.error(SqlState.DATATYPE_MISMATCH, "cannot subscript type " + base.type().sqlName()
                    + " because it does not support subscripting").withPosition(exprs.leftmost(ps, ind.getArg()));
        }
        boolean slice = indices.stream().anyMatch(PgQuery.A_Indices::getIsSlice);
        List<Expr> args = new ArrayList<>();
        args.add(base);
        for (PgQuery.A_Indices i : indices) {
            if (slice) {
                args.add(i.getIsSlice() ? (i.hasLidx() ? subscript(ps, i.getLidx()) : nullInt(p))
                        : new Expr.Const(PgType.INT4, 1, p));
            }
            args.add(i.hasUidx() ? subscript(ps, i.getUidx()) : nullInt(p));
        }
        int n = indices.size();
        PgType arrayType = base.type();
        if (slice) {
            boolean[] open = new boolean[2 * n];
            for (int k = 0; k < n; k++) {
                open[2 * k] = indices.get(k).getIsSlice() && !indices.get(k).hasLidx();
                open[2 * k + 1] = !indices.get(k).hasUidx();
            }
            return new Expr.Call("slice", arrayType, args, false, (ctx, v) -> {
                if (v[0] == null) {
                    return null;
                }
                Integer[] lower = new Integer[n];
                Integer[] upper = new Integer[n];
                for (int k = 0; k < n; k++) {
                    if (v[1 + 2 * k] == null && !open[2 * k] || v[2 + 2 * k] == null && !open[2 * k + 1]) {
                        return null;
                    }
                    lower[k] = (Integer) v[1 + 2 * k];
                    upper[k] = (Integer) v[2 + 2 * k];
                }
                return ArrayFunctions.slice((ArrayValue) v[0], lower, upper);
            });
        }
        return new Expr.Call("subscript", arrayType.elementType(), args, true, (ctx, v) -> {
            Integer[] subscripts = new Integer[n];
            for (int k = 0; k < n; k++) {
                subscripts[k] = (Integer) v[k + 1];
            }
            return ArrayFunctions.element((ArrayValue) v[0], subscripts);
        });
    }

    /**
     * jsonb_subscript_transform: {@code j['a'][0]} is {@code j #> '{a,0}'}; each subscript is coerced to integer or
     * text (an unknown literal to text), whichever it implicitly can be; no slices.
     */
    private Expr jsonbSubscript(ParseState ps, Expr base, List<PgQuery.A_Indices> indices) {
        List<Expr> subscripts = new ArrayList<>();
        for (PgQuery.A_Indices i : indices) {
            if (indices.stream().anyMatch(PgQuery.A_Indices::getIsSlice)) {
                Node at = i.hasUidx() ? i.getUidx() : i.getLidx();
                throw PgException.error(SqlState.DATATYPE_MISMATCH, "jsonb subscript does not support slices")
                        .withPosition(exprs.location(ps, at));
            }
            subscripts.add(jsonbSubscriptValue(ps, i.getUidx()));
        }
        return JsonFunctions.subscript(base, subscripts);
    }

    /** One jsonb subscript, as integer or text. */
    Expr jsonbSubscriptValue(ParseState ps, Node node) {
        Expr e = exprs.expr(ps, node);
        int p = exprs.location(ps, node);
        PgType target = PgType.TEXT;
        if (e.type() != PgType.UNKNOWN) {
            boolean integer = Casts.find(e.type(), PgType.INT4, -1, Casts.Context.IMPLICIT) != null;
            boolean text = Casts.find(e.type(), PgType.TEXT, -1, Casts.Context.IMPLICIT) != null;
            if (integer == text) {
                throw PgException.error(SqlState.DATATYPE_MISMATCH, "subscript type " + e.type().sqlName()
                        + " is not supported").withHint(integer
                        ? "jsonb subscript must be coercible to only one type, integer or text."
                        : "jsonb subscript must be coercible to either integer or text.")
                        .withPosition(exprs.leftmost(ps, node));
            }
            target = integer ? PgType.INT4 : PgType.TEXT;
        }
        return exprs.coerce(ps, e, target, -1, Casts.Context.IMPLICIT, p);
    }

    private static Expr nullInt(int p) {
        return new Expr.Const(PgType.INT4, null, p);
    }

    /** An array subscript: an integer (anything assignable to one), 42804 otherwise. */
    Expr subscript(ParseState ps, Node node) {
        Expr e = exprs.expr(ps, node);
        int p = exprs.location(ps, node);
        if (e.type() != PgType.UNKNOWN && e.type() != PgType.INT4
                && Casts.find(e.type(), PgType.INT4, -1, Casts.Context.ASSIGNMENT) == null) {
            throw PgException.error(SqlState.DATATYPE_MISMATCH, "array subscript must have type integer")
                    .withPosition(p);
        }
        return exprs.coerce(ps, e, PgType.INT4, -1, Casts.Context.ASSIGNMENT, p);
    }

    /** {@code left op ANY (array)} / {@code ALL}: ScalarArrayOpExpr. */
    Expr anyAll(ParseState ps, PgQuery.A_Expr a, String op, int p) {
        boolean any = a.getKind() == PgQuery.A_Expr_Kind.AEXPR_OP_ANY;
        Expr left = exprs.expr(ps, a.getLexpr());
        Expr right = exprs.expr(ps, a.getRexpr());
        if (right.type() == PgType.UNKNOWN) {
            PgType l = left.type() == PgType.UNKNOWN ? PgType.TEXT : left.type();
            if (l.arrayType() == null) {
                throw Messages.operatorDoesNotExist(left.type().sqlName() + " " + op + " " + right.type().sqlName(),
                        p);
            }
            right = exprs.coerce(ps, right, l.arrayType(), -1, Casts.Context.IMPLICIT, p);
        }
        if (!right.type().isArray()) {
            throw PgException.error(SqlState.WRONG_OBJECT_TYPE, "op ANY/ALL (array) requires array on right side")
                    .withPosition(p);
        }
        Operators.Resolved r = UserOperators.forArray(ps, op, left, right.type().elementType(), p);
        if (r == null) {
            r = Operators.resolveBinary(op, left.type(), right.type().elementType(), p);
        }
        if (r.result() != PgType.BOOL) {
            throw PgException.error(SqlState.WRONG_OBJECT_TYPE,
                    "op ANY/ALL (array) requires operator to yield boolean").withPosition(p);
        }
        Expr l = exprs.coerce(ps, left, r.left(), -1, Casts.Context.IMPLICIT, p);
        PgType arrayType = r.right().arrayType();
        Expr rr = exprs.coerce(ps, right, arrayType, -1, Casts.Context.IMPLICIT, p);
        Expr.Implementation test = r.implementation();
        return new Expr.Call(op + (any ? " ANY" : " ALL"), PgType.BOOL, List.of(l, rr), false, (ctx, v) -> {
            if (v[1] == null) {
                return null;
            }
            ArrayValue array = (ArrayValue) v[1];
            if (array.size() == 0) {
                return !any;
            }
            if (v[0] == null) {
                return null;
            }
            boolean sawNull = false;
            for (Object e : array.elements()) {
                Object result = e == null ? null : test.call(ctx, new Object[] {v[0], e});
                if (result == null) {
                    sawNull = true;
                } else if ((Boolean) result == any) {
                    return any;
                }
            }
            return sawNull ? null : !any;
        });
    }

    /** ARRAY(SELECT ...): the subquery's single column collected into an array. */
    static PgType subqueryArrayType(PgType column, int p) {
        if (column.isArray()) {
            // arrays of the rows' arrays: one more dimension (PlanExecutor stacks them)
            return column;
        }
        PgType t = column == PgType.UNKNOWN ? PgType.TEXT : column;
        if (t.arrayType() == null) {
            throw PgException.error(SqlState.UNDEFINED_OBJECT, "could not find array type for data type "
                    + t.sqlName()).withPosition(p);
        }
        return t.arrayType();
    }
}
