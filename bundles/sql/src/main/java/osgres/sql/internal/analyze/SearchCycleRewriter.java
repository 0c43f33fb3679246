/*
 * WITH RECURSIVE ... SEARCH DEPTH FIRST BY ... SET seq and CYCLE ... SET mark [TO v DEFAULT d] USING path, as
 * PostgreSQL's parse_cte.c checks them and rewriteSearchAndCycle.c rewrites them, done here on the raw tree before
 * the query is analysed. The non-recursive term becomes
 *     SELECT "*x*".*, ARRAY[ROW(cols)] AS seq, d AS mark, ARRAY[ROW(cols)] AS path FROM (term) "*x*"(columns)
 * and the recursive term, which also passes the working table's seq, mark and path on, becomes
 *     SELECT "*x*".columns, prev_seq || ARRAY[ROW(cols)] AS seq,
 *            CASE WHEN ROW(cols) = ANY (prev_path) THEN v ELSE d END AS mark, prev_path || ARRAY[ROW(cols)] AS path
 *     FROM (term + work.seq, work.mark, work.path WHERE work.mark <> v) "*x*"(columns, prev_seq, ...)
 * so a depth-first sequence is the array of the rows' search columns from the root, ordering rows depth first,
 * and a row already on its path is marked and not followed further. SEARCH BREADTH FIRST's sequence is instead
 * the record ROW(depth, cols), depth 0 in the non-recursive term and the previous row's depth plus one in the
 * recursive one (read by Functions.SEARCH_DEPTH), so that ordering by it lists rows level by level. Not done: a
 * recursive term selecting * from the working table (which here also has the added columns).
 */
package osgres.sql.internal.analyze;

import java.util.ArrayList;
import java.util.List;

import osgres.api.PgException;
import osgres.api.SqlState;
import osgres.pgquery.tree.PgQuery;
import osgres.pgquery.tree.PgQuery.Node;
import osgres.sql.internal.func.Functions;
import osgres.sql.internal.utils.Unsupported;

final class SearchCycleRewriter {
    private static final String SUB = "*x*";

    private SearchCycleRewriter() {
    }

    /**
     * The WITH query {@code c} (recursive, with SEARCH and/or CYCLE) rewritten, given its column names (the
     * column aliases or the non-recursive term's names); {@code position} is where errors point.
     */
    static PgQuery.SelectStmt rewrite(PgQuery.CommonTableExpr c, List<String> columns, int searchPosition,
                                      int cyclePosition) {
        PgQuery.SelectStmt sel = c.getCtequery().getSelectStmt();
        if (sel.getLarg().getOp() != PgQuery.SetOperation.SETOP_NONE) {
            throw PgException.error(SqlState.FEATURE_NOT_SUPPORTED,
                    "with a SEARCH or CYCLE clause, the left side of the UNION must be a SELECT");
        }
        if (sel.getRarg().getOp() != PgQuery.SetOperation.SETOP_NONE) {
            throw PgException.error(SqlState.SYNTAX_ERROR,
                    "with a SEARCH or CYCLE clause, the right side of the UNION must be a SELECT");
        }
        PgQuery.CTESearchClause search = c.hasSearchClause() ? c.getSearchClause() : null;
        PgQuery.CTECycleClause cycle = c.hasCycleClause() ? c.getCycleClause() : null;
        List<String> searchCols = search == null ? List.of()
                : columnList(search.getSearchColListList(), columns, "search", searchPosition);
        List<String> cycleCols = cycle == null ? List.of()
                : columnList(cycle.getCycleColListList(), columns, "cycle", cyclePosition);
        if (search != null) {
            if (columns.contains(search.getSearchSeqColumn())) {
                throw syntax("search sequence column name \"" + search.getSearchSeqColumn()
                        + "\" already used in WITH query column list", searchPosition);
            }
        }
        if (cycle != null) {
            if (columns.contains(cycle.getCycleMarkColumn())) {
                throw syntax("cycle mark column name \"" + cycle.getCycleMarkColumn()
                        + "\" already used in WITH query column list", cyclePosition);
            }
            if (columns.contains(cycle.getCyclePathColumn())) {
                throw syntax("cycle path column name \"" + cycle.getCyclePathColumn()
                        + "\" already used in WITH query column list", cyclePosition);
            }
            if (cycle.getCycleMarkColumn().equals(cycle.getCyclePathColumn())) {
                throw syntax("cycle mark column name and cycle path column name are the same", cyclePosition);
            }
        }
        if (search != null && cycle != null) {
            if (search.getSearchSeqColumn().equals(cycle.getCycleMarkColumn())) {
                throw syntax("search sequence column name and cycle mark column name are the same",
                        searchPosition);
            }
            if (search.getSearchSeqColumn().equals(cycle.getCyclePathColumn())) {
                throw syntax("search sequence column name and cycle path column name are the same",
                        searchPosition);
            }
        }
        String workAlias = workTableAlias(sel.getRarg(), c.getCtename());
        // the working table here also has the added columns, which PostgreSQL's rewrite keeps from "*": a star
        // over it is spelled out as its own columns
        PgQuery.SelectStmt.Builder recursiveTerm = sel.getRarg().toBuilder().clearTargetList();
        boolean onlyWorkTable = sel.getRarg().getFromClauseCount() == 1
                && sel.getRarg().getFromClause(0).hasRangeVar()
                && sel.getRarg().getFromClause(0).getRangeVar().getRelname().equals(c.getCtename());
        for (Node t : sel.getRarg().getTargetListList()) {
            Node v = t.getResTarget().getVal();
            List<Node> fields = v.hasColumnRef() ? v.getColumnRef().getFieldsList() : List.of();
            boolean qualified = fields.size() == 2 && fields.getFirst().hasString()
                    && fields.getFirst().getString().getSval().equals(workAlias);
            if (!fields.isEmpty() && fields.getLast().hasAStar() && (fields.size() == 1 || qualified)) {
                if (!qualified && !onlyWorkTable) {
                    throw Unsupported.of("SEARCH or CYCLE with * over the recursive reference and other tables");
                }
                for (String name : columns) {
                    recursiveTerm.addTargetList(target(null, column(workAlias, name)));
                }
            } else {
                recursiveTerm.addTargetList(t);
            }
        }
        sel = sel.toBuilder().setRarg(recursiveTerm).build();

        // the non-recursive term
        PgQuery.SelectStmt.Builder left = select();
        left.addTargetList(target(null, column(SUB, null)));
        // the recursive term, passing the working table's added columns on
        PgQuery.SelectStmt.Builder inner = sel.getRarg().toBuilder();
        List<String> innerColumns = new ArrayList<>(columns);
        PgQuery.SelectStmt.Builder right = select();
        for (String name : columns) {
            right.addTargetList(target(null, column(SUB, name)));
        }
        if (search != null) {
            String seq = search.getSearchSeqColumn();
            inner.addTargetList(target(null, column(workAlias, seq)));
            innerColumns.add("*prev_seq*");
            if (search.getSearchBreadthFirst()) {
                Node zero = Node.newBuilder().setTypeCast(PgQuery.TypeCast.newBuilder()
                        .setArg(Node.newBuilder().setAConst(PgQuery.A_Const.newBuilder()
                                .setIval(PgQuery.Integer.newBuilder().setIval(0)).setLocation(-1)))
                        .setTypeName(PgQuery.TypeName.newBuilder().addNames(string("pg_catalog"))
                                .addNames(string("int8")).setTypemod(-1).setLocation(-1))
                        .setLocation(-1)).build();
                left.addTargetList(target(seq, row(zero, searchCols, null)));
                Node depth = Node.newBuilder().setFuncCall(PgQuery.FuncCall.newBuilder()
                        .addFuncname(string(Functions.SEARCH_DEPTH)).addArgs(column(SUB, "*prev_seq*"))
                        .setFuncformat(PgQuery.CoercionForm.COERCE_EXPLICIT_CALL).setLocation(-1)).build();
                Node one = Node.newBuilder().setAConst(PgQuery.A_Const.newBuilder()
                        .setIval(PgQuery.Integer.newBuilder().setIval(1)).setLocation(-1)).build();
                right.addTargetList(target(seq, row(op("+", depth, one), searchCols, SUB)));
            } else {
                left.addTargetList(target(seq, array(row(searchCols, null))));
                right.addTargetList(target(seq, op("||", column(SUB, "*prev_seq*"),
                        array(row(searchCols, SUB)))));
            }
        }
        if (cycle != null) {
            String mark = cycle.getCycleMarkColumn();
            String path = cycle.getCyclePathColumn();
            left.addTargetList(target(mark, cycle.getCycleMarkDefault()));
            left.addTargetList(target(path, array(row(cycleCols, null))));
            inner.addTargetList(target(null, column(workAlias, path)));
            innerColumns.add("*prev_path*");
            Node onPath = Node.newBuilder().setAExpr(PgQuery.A_Expr.newBuilder()
                    .setKind(PgQuery.A_Expr_Kind.AEXPR_OP_ANY).addName(string("="))
                    .setLexpr(row(cycleCols, SUB)).setRexpr(column(SUB, "*prev_path*")).setLocation(-1)).build();
            Node markValue = Node.newBuilder().setCaseExpr(PgQuery.CaseExpr.newBuilder()
                    .addArgs(Node.newBuilder().setCaseWhen(PgQuery.CaseWhen.newBuilder().setExpr(onPath)
                            .setResult(cycle.getCycleMarkValue()).setLocation(-1)))
                    .setDefresult(cycle.getCycleMarkDefault()).setLocation(-1)).build();
            right.addTargetList(target(mark, markValue));
            right.addTargetList(target(path, op("||", column(SUB, "*prev_path*"), array(row(cycleCols, SUB)))));
            // rows already marked as on a cycle are not followed
            Node notMarked = op("<>", column(workAlias, mark), cycle.getCycleMarkValue());
            inner.setWhereClause(inner.hasWhereClause() ? Node.newBuilder().setBoolExpr(PgQuery.BoolExpr
                    .newBuilder().setBoolop(PgQuery.BoolExprType.AND_EXPR).addArgs(inner.getWhereClause())
                    .addArgs(notMarked).setLocation(-1)).build() : notMarked);
        }
        left.addFromClause(subquery(sel.getLarg(), columns));
        right.addFromClause(subquery(inner.build(), innerColumns));
        return sel.toBuilder().setLarg(left).setRarg(right).build();
    }

    /** The search or cycle columns, each a column of the WITH query named once. */
    private static List<String> columnList(List<Node> nodes, List<String> columns, String what, int position) {
        List<String> out = new ArrayList<>();
        for (Node n : nodes) {
            String name = n.getString().getSval();
            if (!columns.contains(name)) {
                throw syntax(what + " column \"" + name + "\" not in WITH query column list", position);
            }
            if (out.contains(name)) {
                throw PgException.error("42701", what + " column \"" + name + "\" specified more than once")
                        .withPosition(position);
            }
            out.add(name);
        }
        return out;
    }

    /** The name the recursive term reads the working table by (its alias, or the WITH query's name). */
    private static String workTableAlias(PgQuery.SelectStmt term, String cte) {
        List<Node> todo = new ArrayList<>(term.getFromClauseList());
        while (!todo.isEmpty()) {
            Node n = todo.removeFirst();
            if (n.hasRangeVar() && n.getRangeVar().getRelname().equals(cte)
                    && n.getRangeVar().getSchemaname().isEmpty()) {
                return n.getRangeVar().hasAlias() ? n.getRangeVar().getAlias().getAliasname() : cte;
            }
            if (n.hasJoinExpr()) {
                todo.add(n.getJoinExpr().getLarg());
                todo.add(n.getJoinExpr().getRarg());
            }
        }
        return cte;
    }

    private static PgException syntax(String message, int position) {
        return PgException.error(SqlState.SYNTAX_ERROR, message).withPosition(position);
    }

    private static PgQuery.SelectStmt.Builder select() {
        return PgQuery.SelectStmt.newBuilder().setOp(PgQuery.SetOperation.SETOP_NONE)
                .setLimitOption(PgQuery.LimitOption.LIMIT_OPTION_DEFAULT);
    }

    private static Node string(String s) {
        return Node.newBuilder().setString(PgQuery.String.newBuilder().setSval(s)).build();
    }

    /** {@code relation.name}, {@code relation.*} (name null) or plain {@code name} (relation null). */
    private static Node column(String relation, String name) {
        PgQuery.ColumnRef.Builder ref = PgQuery.ColumnRef.newBuilder().setLocation(-1);
        if (relation != null) {
            ref.addFields(string(relation));
        }
        ref.addFields(name == null ? Node.newBuilder().setAStar(PgQuery.A_Star.newBuilder()).build() : string(name));
        return Node.newBuilder().setColumnRef(ref).build();
    }

    private static Node row(List<String> names, String relation) {
        return row(null, names, relation);
    }

    /** ROW(first, relation.names...), {@code first} left out when null. */
    private static Node row(Node first, List<String> names, String relation) {
        PgQuery.RowExpr.Builder row = PgQuery.RowExpr.newBuilder()
                .setRowFormat(PgQuery.CoercionForm.COERCE_EXPLICIT_CALL).setLocation(-1);
        if (first != null) {
            row.addArgs(first);
        }
        for (String n : names) {
            row.addArgs(column(relation, n));
        }
        return Node.newBuilder().setRowExpr(row).build();
    }

    private static Node array(Node element) {
        return Node.newBuilder().setAArrayExpr(PgQuery.A_ArrayExpr.newBuilder().addElements(element)
                .setLocation(-1)).build();
    }

    private static Node op(String name, Node left, Node right) {
        return Node.newBuilder().setAExpr(PgQuery.A_Expr.newBuilder().setKind(PgQuery.A_Expr_Kind.AEXPR_OP)
                .addName(string(name)).setLexpr(left).setRexpr(right).setLocation(-1)).build();
    }

    private static Node target(String name, Node value) {
        PgQuery.ResTarget.Builder t = PgQuery.ResTarget.newBuilder().setVal(value).setLocation(-1);
        if (name != null) {
            t.setName(name);
        }
        return Node.newBuilder().setResTarget(t).build();
    }

    private static Node subquery(PgQuery.SelectStmt query, List<String> columns) {
        PgQuery.Alias.Builder alias = PgQuery.Alias.newBuilder().setAliasname(SUB);
        for (String c : columns) {
            alias.addColnames(string(c));
        }
        return Node.newBuilder().setRangeSubselect(PgQuery.RangeSubselect.newBuilder()
                .setSubquery(Node.newBuilder().setSelectStmt(query)).setAlias(alias)).build();
    }
}
