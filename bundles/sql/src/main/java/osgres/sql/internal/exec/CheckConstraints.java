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
package osgres.sql.internal.exec;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import osgres.sql.internal.analyze.RowExpressions;
import osgres.sql.internal.nodes.Expr;
import osgres.sql.internal.nodes.ExprTrees;
import osgres.sql.internal.nodes.Query;
import osgres.sql.internal.parser.QueryLexer;
import osgres.sql.internal.utils.Casts;
import osgres.sql.internal.utils.ExecContext;
import osgres.sql.internal.utils.Messages;
import osgres.sql.internal.utils.PgType;
import osgres.sql.internal.utils.SessionServices;
import osgres.sql.internal.utils.Unsupported;
import osgres.api.PgException;
import osgres.api.SqlState;
import osgres.pgquery.PgParser;
import osgres.pgquery.tree.PgQuery.Node;
import osgres.storage.CheckConstraint;
import osgres.storage.RowScan;
import osgres.storage.TableDef;
import osgres.storage.Transaction;

public final class CheckConstraints {

    /** One constraint ready to run: {@code check} reads the new row's columns as slots 0..n-1. */
    public record Compiled(String name, Expr check) {
    }

    private CheckConstraints() {
    }

    /** The table's CHECK constraints analysed for evaluation (empty when it has none). */
    public static List<Compiled> compile(TableDef table, ZoneId zone) {
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

    /** cookConstraint: see {@link RowExpressions#check}. */
    public static Expr analyze(TableDef table, String expression, ZoneId zone, int offset) {
        return RowExpressions.check(table, expression, zone, offset);
    }

    /**
     * ALTER COLUMN TYPE's conversion: {@code expression} (USING's, or the column itself) over the table's row,
     * coerced to {@code type} as an assignment, reading the row's slots.
     */
    public static Expr converter(TableDef table, String expression, PgType type, int typmod, ZoneId zone) {
        return onRow(RowExpressions.converted(table, expression, type, typmod, zone));
    }

    /** {@code expression} analysed over the table's one row, reading the row's slots (a domain's CHECK). */
    public static Expr compileOnRow(TableDef table, String expression, ZoneId zone, int offset) {
        return onRow(analyze(table, expression, zone, offset));
    }

    /** A CHECK's text with column {@code from} (an identifier token) renamed {@code to}. */
    public static String renameColumn(String expression, String from, String to) {
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
    public static void check(TableDef table, List<Compiled> checks, Object[] row, ExecContext ctx) {
        check(table, checks, row, ctx, table, r -> r);
    }

    /**
     * The same for a row routed to partition {@code table}: the failing row is shown converted by {@code shown}
     * to a row of {@code shownAs}, the statement's target (ExecConstraints converts it to the root's row type).
     */
    static void check(TableDef table, List<Compiled> checks, Object[] row, ExecContext ctx, TableDef shownAs,
                      java.util.function.UnaryOperator<Object[]> shown) {
        if (checks.isEmpty()) {
            return;
        }
        Object[] saved = ctx.row;
        ctx.row = row;
        try {
            for (Compiled c : checks) {
                if (Boolean.FALSE.equals(c.check().eval(ctx))) {
                    throw Messages.checkViolation(table.name(), c.name(),
                            ModifyNodes.failingRow(shownAs, shown.apply(row), ctx));
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
    public static void validate(Transaction tx, TableDef table, CheckConstraint constraint, SessionServices session) {
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
    public static String defaultName(TableDef table, Expr analysed, Set<String> taken) {
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
