/*
 * CHECK constraints (PostgreSQL's heap.c AddRelationNewConstraints / cookConstraint and execMain.c's
 * ExecRelCheck): a constraint's text, stored in the table's definition, is analysed over the table's one row (its
 * columns by name) into a boolean expression reading the row's slots, which every new row of INSERT, UPDATE and COPY
 * must not make false (null passes, as in SQL). Also names constraints as ChooseConstraintName does
 * ({@code <table>_<column>_check} when the expression reads exactly one column, else {@code <table>_check}, a number
 * appended until the name is free) and validates existing rows for ADD CONSTRAINT / VALIDATE CONSTRAINT.
 * Not done: names longer than NAMEDATALEN are not truncated; the expression text is kept as written (PostgreSQL
 * keeps the tree and shows it deparsed).
 */
package osgres.sql.internal;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import osgres.api.PgException;
import osgres.api.SqlState;
import osgres.pgquery.PgParser;
import osgres.pgquery.tree.PgQuery.Node;
import osgres.storage.CheckConstraint;
import osgres.storage.RowScan;
import osgres.storage.TableDef;
import osgres.storage.Transaction;

final class CheckConstraints {

    /** One constraint ready to run: {@code check} reads the new row's columns as slots 0..n-1. */
    record Compiled(String name, Expr check) {
    }

    private CheckConstraints() {
    }

    /** The table's CHECK constraints analysed for evaluation (empty when it has none). */
    static List<Compiled> compile(TableDef table, ZoneId zone) {
        if (table.checks().isEmpty()) {
            return List.of();
        }
        List<Compiled> out = new ArrayList<>(table.checks().size());
        for (CheckConstraint c : table.checks()) {
            out.add(new Compiled(c.name(), onRow(analyze(table, c.expression(), zone, -1))));
        }
        out.sort(java.util.Comparator.comparing(Compiled::name)); // CheckConstraintFetch sorts them by name
        return List.copyOf(out);
    }

    /**
     * cookConstraint: {@code expression} analysed over {@code table}'s columns; 42804 unless it is boolean,
     * 0A000 for a subquery, 42803 for an aggregate, the analyser's errors otherwise, positioned in the client's
     * statement when the text is at {@code offset} of it (-1: a stored constraint, no position).
     */
    static Expr analyze(TableDef table, String expression, ZoneId zone, int offset) {
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
        ps.exprKind = "check constraints";
        Expr e;
        try {
            e = ParseAnalyzer.expressionAnalyzer(own).condition(ps, val, "CHECK");
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
            throw PgException.error(SqlState.FEATURE_NOT_SUPPORTED, "cannot use subquery in check constraint")
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
     * coerced to {@code type} as an assignment, reading the row's slots.
     */
    static Expr converter(TableDef table, String expression, PgType type, int typmod, ZoneId zone) {
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
            return onRow(exprs.coerce(ps, exprs.expr(ps, val), type, typmod, Casts.Context.ASSIGNMENT, 0));
        } catch (PgException ex) {
            throw ex.withPosition(0);
        } catch (Unsupported ex) {
            throw Messages.notSupported(ex.getMessage(), 0);
        }
    }

    /** A CHECK's text with column {@code from} (an identifier token) renamed {@code to}. */
    static String renameColumn(String expression, String from, String to) {
        StringBuilder out = new StringBuilder();
        int copied = 0;
        for (QueryLexer.Token t : QueryLexer.split(expression).getFirst().tokens()) {
            if ((t.kind() == QueryLexer.Kind.IDENT || t.kind() == QueryLexer.Kind.QUOTED_IDENT)
                    && t.text().equals(from)) {
                out.append(expression, copied, t.start()).append(quoteIdentifier(to));
                copied = t.end();
            }
        }
        return out.append(expression.substring(copied)).toString();
    }

    private static String quoteIdentifier(String name) {
        return name.matches("[a-z_][a-z0-9_$]*") ? name : "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** The analysed expression with each column of the table read from the row's slot. */
    private static Expr onRow(Expr e) {
        if (e instanceof Expr.Var v) {
            return new Expr.ColumnRef(0, v.attno(), v.type(), v.typmod(), v.name());
        }
        return ExprTrees.map(e, CheckConstraints::onRow);
    }

    /** ExecConstraints' CHECK part: 23514 for the first constraint {@code row} makes false. */
    static void check(TableDef table, List<Compiled> checks, Object[] row, ExecContext ctx) {
        if (checks.isEmpty()) {
            return;
        }
        Object[] saved = ctx.row;
        ctx.row = row;
        try {
            for (Compiled c : checks) {
                if (Boolean.FALSE.equals(c.check().eval(ctx))) {
                    throw Messages.checkViolation(table.name(), c.name(),
                            ModifyNodes.failingRow(table, row, ctx));
                }
            }
        } finally {
            ctx.row = saved;
        }
    }

    /**
     * ATAddCheckConstraint's validation (validateCheckConstraint): 23514 if a visible row of the table makes
     * {@code expression} false.
     */
    static void validate(Transaction tx, TableDef table, CheckConstraint constraint, SqlSessionImpl session) {
        Expr check = onRow(analyze(table, constraint.expression(), session.gucs().zone(), -1));
        ExecContext ctx = new ExecContext(new Object[0], session);
        LoopInterrupts interrupts = new LoopInterrupts(ctx);
        try (RowScan scan = tx.scan(table)) {
            while (scan.hasNext()) {
                interrupts.tick();
                ctx.row = scan.next().values();
                if (Boolean.FALSE.equals(check.eval(ctx))) {
                    throw Messages.checkViolatedBySomeRow(constraint.name(), table.name());
                }
            }
        }
    }

    /** ChooseConstraintName for a CHECK: the one column it reads, if only one, then a free name. */
    static String defaultName(TableDef table, Expr analysed, Set<String> taken) {
        Set<String> columns = new LinkedHashSet<>();
        ExprTrees.walk(analysed, x -> {
            if (x instanceof Expr.Var v) {
                columns.add(v.name());
            }
        });
        String base = table.name() + (columns.size() == 1 ? "_" + columns.iterator().next() : "") + "_check";
        String name = base;
        for (int n = 1; taken.contains(name); n++) {
            name = base + n;
        }
        return name;
    }
}
