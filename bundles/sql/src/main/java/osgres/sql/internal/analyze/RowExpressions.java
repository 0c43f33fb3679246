/*
 * Expressions over one table's row outside a query (PostgreSQL's cookConstraint and ATPrepAlterColumnType's
 * transformExpr of USING): a CHECK constraint's text, analysed as a boolean condition with the table's columns in
 * scope (its errors positioned in the client's statement when the text came from it), and ALTER COLUMN TYPE's
 * conversion. The table is range-table entry 1; the executor reads its columns from the row's slots.
 */
package osgres.sql.internal.analyze;

import java.time.ZoneId;

import osgres.api.PgException;
import osgres.api.SqlState;
import osgres.pgquery.PgParser;
import osgres.pgquery.tree.PgQuery.Node;
import osgres.sql.internal.nodes.Expr;
import osgres.sql.internal.nodes.ExprTrees;
import osgres.sql.internal.nodes.Query;
import osgres.sql.internal.utils.Casts;
import osgres.sql.internal.utils.Messages;
import osgres.sql.internal.utils.PgType;
import osgres.sql.internal.utils.Unsupported;
import osgres.storage.TableDef;

public final class RowExpressions {

    private RowExpressions() {
    }

    /**
     * cookConstraint: {@code expression} analysed over {@code table}'s columns; 42804 unless it is boolean,
     * 0A000 for a subquery, 42803 for an aggregate, the analyser's errors otherwise, positioned in the client's
     * statement when the text is at {@code offset} of it (-1: a stored constraint, no position).
     */
    public static Expr check(TableDef table, String expression, ZoneId zone, int offset) {
        return condition(table, expression, zone, offset, "check constraints", "CHECK",
                "cannot use subquery in check constraint");
    }

    /**
     * A condition over {@code table}'s one row, as {@link #check} analyses a CHECK: {@code exprKind} names the place
     * in the analyser's errors ("index predicates"), {@code construct} in the not-boolean one ("WHERE"),
     * {@code subqueryMessage} is the 0A000 for a subquery.
     */
    public static Expr condition(TableDef table, String expression, ZoneId zone, int offset, String exprKind,
                                 String construct, String subqueryMessage) {
        String text = PREFIX + expression;
        Node val;
        try {
            val = PgParser.parse(text).getStmts(0).getStmt().getSelectStmt().getTargetList(0).getResTarget()
                    .getVal();
        } catch (PgException e) {
            throw e.withPosition(position(e.position(), offset));
        }
        ParseState.Statement own = new ParseState.Statement(text, 0, text.length(), zone, false, new int[0],
                (name, mode) -> null);
        ParseState ps = new ParseState(own, null);
        Query.Columns columns = Query.Columns.of(table);
        int index = ps.addEntry(new Query.RelationEntry(table, table.name(), columns.names(), columns.types(),
                columns.typmods(), osgres.storage.LockMode.ACCESS_SHARE));
        ps.namespace.add(new ParseState.Item(table.name(), index, true, true, false));
        ps.exprKind = exprKind;
        Expr e;
        try {
            e = ParseAnalyzer.expressionAnalyzer(own).condition(ps, val, construct);
        } catch (PgException ex) {
            throw ex.withPosition(position(ex.position(), offset));
        } catch (Unsupported ex) {
            throw Messages.notSupported(ex.getMessage(), 0);
        }
        int[] subquery = {0};
        ExprTrees.walk(e, x -> {
            if (x instanceof Expr.SubQuery s && subquery[0] == 0) {
                subquery[0] = Math.max(1, s.location());
            }
        });
        if (subquery[0] != 0) {
            throw PgException.error(SqlState.FEATURE_NOT_SUPPORTED, subqueryMessage)
                    .withPosition(position(subquery[0], offset));
        }
        return e;
    }

    private static final String PREFIX = "SELECT ";

    /** A position in the analysed text ({@code PREFIX} + expression) as one in the client's statement, or 0. */
    private static int position(int analysed, int offset) {
        return analysed <= 0 || offset < 0 ? 0 : offset + analysed - PREFIX.length();
    }

    /**
     * ALTER COLUMN TYPE's conversion: {@code expression} (USING's, or the column itself) over the table's row,
     * coerced to {@code type} as an assignment (its columns are Vars of range-table entry 1).
     */
    public static Expr converted(TableDef table, String expression, PgType type, int typmod, ZoneId zone) {
        String text = "SELECT " + expression;
        Node val = PgParser.parse(text).getStmts(0).getStmt().getSelectStmt().getTargetList(0).getResTarget()
                .getVal();
        ParseState.Statement own = new ParseState.Statement(text, 0, text.length(), zone, false, new int[0],
                (name, mode) -> null);
        ParseState ps = new ParseState(own, null);
        Query.Columns columns = Query.Columns.of(table);
        int index = ps.addEntry(new Query.RelationEntry(table, table.name(), columns.names(), columns.types(),
                columns.typmods(), osgres.storage.LockMode.ACCESS_SHARE));
        ps.namespace.add(new ParseState.Item(table.name(), index, true, true, false));
        ps.exprKind = "transform expressions";
        ExprAnalyzer exprs = ParseAnalyzer.expressionAnalyzer(own);
        try {
            return exprs.coerce(ps, exprs.expr(ps, val), type, typmod, Casts.Context.ASSIGNMENT, 0);
        } catch (PgException ex) {
            throw ex.withPosition(0);
        } catch (Unsupported ex) {
            throw Messages.notSupported(ex.getMessage(), 0);
        }
    }

}
