/*
 * Parse analysis of row constructors, PostgreSQL's parse_expr.c transformRowExpr and make_row_comparison_op:
 * ROW(a, b) or (a, b) is a record value (RowValue), and a comparison of two row constructors is expanded field by
 * field: = is the AND of the fields' =, <> the OR of their <>, IS [NOT] DISTINCT FROM the OR of the fields'
 * IS DISTINCT FROM, and <, <=, >, >= compare row-wise as RowCompareExpr (the first unequal pair decides, a null
 * pair makes the result null). Rows of different lengths are 42601 "unequal number of entries in row expressions".
 * IN lists and subqueries reach here through ExprAnalyzer.operator, which sends row operands to {@link #compare}.
 */
package osgres.sql.internal.analyze;

import java.util.ArrayList;
import java.util.List;

import osgres.api.PgException;
import osgres.api.SqlState;
import osgres.pgquery.tree.PgQuery.Node;
import osgres.pgquery.tree.PgQuery;
import osgres.sql.internal.func.Operators;
import osgres.sql.internal.nodes.Expr;
import osgres.sql.internal.utils.BtreeCompare;
import osgres.sql.internal.utils.Casts;
import osgres.sql.internal.utils.PgType;
import osgres.sql.internal.utils.RowValue;
import osgres.sql.internal.utils.Unsupported;

final class RowAnalyzer {
    static final String ROW = "ROW";

    private final ExprAnalyzer exprs;

    RowAnalyzer(ExprAnalyzer exprs) {
        this.exprs = exprs;
    }

    static boolean isRow(Expr e) {
        return e instanceof Expr.Call c && c.type() == PgType.RECORD && c.name().equals(ROW);
    }

    Expr rowExpr(ParseState ps, PgQuery.RowExpr r) {
        return row(ps, exprs.exprsExpandingStars(ps, r.getArgsList()));
    }

    /** A row of analysed fields (unknown literals become text, as the row's output column would show them). */
    Expr row(ParseState ps, List<Expr> fields) {
        List<Expr> typed = new ArrayList<>();
        for (Expr f : fields) {
            typed.add(f.type() == PgType.UNKNOWN ? exprs.coerce(ps, f, PgType.TEXT, -1, Casts.Context.IMPLICIT, 0)
                    : f);
        }
        return rowOf(typed, fields);
    }

    /**
     * A whole-row reference {@code t} or {@code t.*} (a whole-row Var, varattno 0): the record of entry's columns
     * {@code fields}. osgres has no composite type per relation, so the value is an anonymous record. On the
     * nullable side of an outer join the reference is null when the entry was null-extended; osgres tells that by
     * all columns being null (a real row of nulls there also reads as null: the one case that differs).
     */
    Expr wholeRow(ParseState ps, List<Expr> fields, boolean nullable) {
        return wholeRow(ps, fields, nullable, null);
    }

    /** The same, the record knowing its columns' names ({@code names}, null for none). */
    Expr wholeRow(ParseState ps, List<Expr> fields, boolean nullable, List<String> names) {
        List<PgType> types = fields.stream().map(f -> f.type() == PgType.UNKNOWN ? PgType.TEXT : f.type()).toList();
        // not a row constructor (isRow): whole rows compare as records (record_eq: two nulls are equal)
        return new Expr.Call(Expr.WHOLE_ROW, PgType.RECORD, fields, false, (ctx, v) -> {
            if (nullable && v.length > 0) {
                boolean allNull = true;
                for (Object value : v) {
                    allNull &= value == null;
                }
                if (allNull) {
                    return null;
                }
            }
            return new RowValue(types, v.clone(), names);
        });
    }

    static boolean isWholeRow(Expr e) {
        return e instanceof Expr.Call c && c.type() == PgType.RECORD && c.name().equals(Expr.WHOLE_ROW);
    }

    private static Expr rowOf(List<Expr> typed, List<Expr> fields) {
        List<PgType> types = typed.stream().map(Expr::type).toList();
        // the fields as written are kept as the arguments: a comparison coerces them pairwise
        return new Expr.Call(ROW, PgType.RECORD, fields, false, (ctx, v) -> new RowValue(types, v.clone()));
    }

    /** {@code left op right} where either is a row constructor. */
    Expr compare(ParseState ps, String op, Expr left, Expr right, int p) {
        List<Expr> l = fields(left, right, p, true);
        List<Expr> r = fields(right, left, p, false);
        if (l.isEmpty()) {
            throw PgException.error(SqlState.FEATURE_NOT_SUPPORTED, "cannot compare rows of zero length")
                    .withPosition(p);
        }
        String o = op.equals("!=") ? "<>" : op;
        if (!Operators.isComparison(o)) {
            throw PgException.error(SqlState.UNDEFINED_FUNCTION, "could not determine interpretation of row "
                    + "comparison operator " + op).withHint("Row comparison operators must be associated with btree "
                    + "operator families.").withPosition(p);
        }
        List<Expr> pairs = new ArrayList<>();
        for (int i = 0; i < l.size(); i++) {
            pairs.add(exprs.operator(ps, o, l.get(i), r.get(i), p));
        }
        switch (o) {
            case "=" -> {
                return pairs.size() == 1 ? pairs.getFirst() : new Expr.BoolOp(true, pairs);
            }
            case "<>" -> {
                return pairs.size() == 1 ? pairs.getFirst() : new Expr.BoolOp(false, pairs);
            }
            default -> {
                return rowCompare(ps, o, l, r, p);
            }
        }
    }

    /** {@code (row).fN}: the N-th field of a row constructor (PostgreSQL names an anonymous record's fields so). */
    Expr field(Expr row, String name, int p) {
        List<Expr> fields = ((Expr.Call) row).args();
        if (name.matches("f[1-9][0-9]{0,8}")) {
            long n = Long.parseLong(name.substring(1));
            if (n <= fields.size()) {
                return fields.get((int) n - 1);
            }
        }
        throw PgException.error(SqlState.UNDEFINED_COLUMN, "could not identify column \"" + name
                + "\" in record data type").withPosition(p);
    }

    /** {@code ROW(...) IS [NOT] NULL}: every field null (IS NULL) or every field not null (IS NOT NULL). */
    static Expr nullTest(Expr row, boolean isNotNull) {
        List<Expr> tests = new ArrayList<>();
        for (Expr f : ((Expr.Call) row).args()) {
            tests.add(new Expr.NullTest(f, isNotNull));
        }
        return tests.size() == 1 ? tests.getFirst() : tests.isEmpty() ? new Expr.Const(PgType.BOOL, true, 0)
                : new Expr.BoolOp(true, tests);
    }

    /**
     * The fields of row constructor {@code row} compared with row constructor {@code other}: both must be row
     * constructors (a record-typed value is not supported) of the same length (42601 at {@code p}).
     */
    private static List<Expr> fields(Expr row, Expr other, int p, boolean check) {
        if (!isRow(row) || !isRow(other)) {
            throw Unsupported.of("comparisons of a row with a non-row value");
        }
        List<Expr> fields = ((Expr.Call) row).args();
        if (check && fields.size() != ((Expr.Call) other).args().size()) {
            throw PgException.error(SqlState.SYNTAX_ERROR, "unequal number of entries in row expressions")
                    .withPosition(p);
        }
        return fields;
    }

    /** RowCompareExpr: the fields compared pairwise with their btree order until one pair differs. */
    private Expr rowCompare(ParseState ps, String op, List<Expr> l, List<Expr> r, int p) {
        List<Expr> args = new ArrayList<>();
        List<PgType> types = new ArrayList<>();
        for (int i = 0; i < l.size(); i++) {
            Expr.Call c = (Expr.Call) exprs.operator(ps, op, l.get(i), r.get(i), p);
            if (c.type() != PgType.BOOL) {
                throw PgException.error(SqlState.DATATYPE_MISMATCH, "row comparison operator must yield type boolean, "
                        + "not type " + c.type().sqlName()).withPosition(p);
            }
            args.add(c.args().get(0));
            args.add(c.args().get(1));
            types.add(c.args().get(0).type());
        }
        int n = l.size();
        return new Expr.Call("row " + op, PgType.BOOL, args, false, (ctx, v) -> {
            for (int i = 0; i < n; i++) {
                Object x = v[2 * i];
                Object y = v[2 * i + 1];
                if (x == null || y == null) {
                    return null;
                }
                int c = BtreeCompare.compare(types.get(i), x, y);
                if (c != 0) {
                    return op.startsWith("<") ? c < 0 : c > 0;
                }
            }
            return op.length() == 2;
        });
    }

    /** {@code (a, b) IS [NOT] DISTINCT FROM (c, d)}: field by field, nulls equal to nulls. */
    Expr distinct(ParseState ps, Expr left, Expr right, boolean distinct, int p) {
        List<Expr> l = fields(left, right, p, true);
        List<Expr> r = fields(right, left, p, false);
        List<Expr> args = new ArrayList<>();
        List<Expr.Implementation> equal = new ArrayList<>();
        for (int i = 0; i < l.size(); i++) {
            Expr.Call c = (Expr.Call) exprs.operator(ps, "=", l.get(i), r.get(i), p);
            args.add(c.args().get(0));
            args.add(c.args().get(1));
            equal.add(c.implementation());
        }
        return new Expr.Call(distinct ? "IS DISTINCT FROM" : "IS NOT DISTINCT FROM", PgType.BOOL, args, false,
                (ctx, v) -> {
                    boolean same = true;
                    for (int i = 0; i < equal.size() && same; i++) {
                        Object x = v[2 * i];
                        Object y = v[2 * i + 1];
                        same = x == null || y == null ? x == y
                                : Boolean.TRUE.equals(equal.get(i).call(ctx, new Object[] {x, y}));
                    }
                    return same != distinct;
                });
    }
}
