/*
 * Partial index predicates (PostgreSQL's DefineIndex/CheckPredicate, FormIndexDatum's ExecQual over ii_Predicate and
 * the simplest case of predtest.c). The predicate is kept as written in the index's definition and analysed again
 * over the table's row wherever it is needed: at CREATE INDEX (errors, the columns it reads), for the storage's test
 * of each new row (IndexPredicateCompiler: the storage decides which rows enter the index, without a session, so
 * the predicate must be pure: IMMUTABLE functions only, evaluated with PostgreSQL's default output settings), and
 * for the planner, which uses a partial index only for a query whose WHERE implies the predicate: every AND-ed
 * clause of the predicate appears among the query's own conditions (predicate_implied_by's identical-clause case;
 * PostgreSQL proves more, such as a > 10 implying a > 5).
 */
package osgres.sql.internal.analyze;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

import osgres.sql.internal.func.Functions;
import osgres.sql.internal.nodes.Expr;
import osgres.sql.internal.nodes.ExprTrees;
import osgres.sql.internal.utils.ExecContext;
import osgres.sql.internal.utils.Messages;
import osgres.storage.IndexDef;
import osgres.storage.TableDef;

public final class IndexPredicates {
    /** Built-in functions PostgreSQL marks STABLE (their value depends on the session or the statement's time). */
    static final Set<String> STABLE = Set.of("now", "current_timestamp", "current_date", "current_time",
            "localtimestamp", "localtime", "statement_timestamp", "transaction_timestamp", "current_setting",
            "to_char", "age", "current_user", "session_user", "current_schema", "pg_typeof", "to_timestamp");

    /** An analysed predicate: the condition over the table's columns (Vars of entry 1) and the columns it reads. */
    public record Analysed(Expr condition, List<Integer> columns) {
    }

    private IndexPredicates() {
    }

    /**
     * CheckPredicate: {@code predicate} analysed as a WHERE over {@code table} (42804 unless boolean, 0A000 for a
     * subquery, 42803 for an aggregate), 42P17 for a function that is not immutable; positions in the client's
     * statement when the text is at {@code offset} of it (-1: none).
     */
    public static Analysed analyze(TableDef table, String predicate, ZoneId zone, int offset) {
        Expr condition = RowExpressions.condition(table, predicate, zone, offset, "index predicates", "WHERE",
                "cannot use subquery in index predicate");
        TreeSet<Integer> columns = new TreeSet<>();
        boolean[] mutable = new boolean[1];
        ExprTrees.walk(condition, x -> {
            if (x instanceof Expr.Var v && v.attno() >= 0) {
                columns.add(v.attno());
            } else if (x instanceof Expr.Call c && (Functions.isVolatile(c) || STABLE.contains(c.name()))) {
                mutable[0] = true;
            }
        });
        if (mutable[0]) {
            throw Messages.indexPredicateNotImmutable();
        }
        return new Analysed(condition, List.copyOf(columns));
    }

    /** The storage's test of a row (in the table's column order): the predicate is true (null and false are out). */
    public static Predicate<Object[]> compile(TableDef table, IndexDef index) {
        Expr condition = onRow(analyze(table, index.predicate(), ZoneOffset.UTC, -1).condition());
        return row -> {
            ExecContext ctx = new ExecContext(new Object[0], null);
            ctx.row = row;
            return Boolean.TRUE.equals(condition.eval(ctx));
        };
    }

    /**
     * predicate_implied_by's simplest proof: each AND-ed clause of the predicate (over the table as entry
     * {@code varno}, see {@link #clauses}) is among {@code quals}.
     */
    public static boolean impliedBy(List<Expr> predicateClauses, List<Expr> quals) {
        for (Expr clause : predicateClauses) {
            boolean found = false;
            for (Expr q : quals) {
                if (ExprTrees.same(clause, q)) {
                    found = true;
                    break;
                }
            }
            if (!found) {
                return false;
            }
        }
        return true;
    }

    /** The predicate's AND-ed clauses over the table as range-table entry {@code varno} of a query. */
    public static List<Expr> clauses(TableDef table, IndexDef index, int varno) {
        Expr condition = analyze(table, index.predicate(), ZoneOffset.UTC, -1).condition();
        Expr renumbered = renumber(condition, varno);
        List<Expr> out = new ArrayList<>();
        conjuncts(renumbered, out);
        return out;
    }

    private static void conjuncts(Expr e, List<Expr> out) {
        if (e instanceof Expr.BoolOp b && b.isAnd()) {
            for (Expr a : b.args()) {
                conjuncts(a, out);
            }
        } else {
            out.add(e);
        }
    }

    private static Expr renumber(Expr e, int varno) {
        if (e instanceof Expr.Var v) {
            return new Expr.Var(varno, v.attno(), v.levelsUp(), v.type(), v.typmod(), v.name(), v.location());
        }
        return ExprTrees.map(e, x -> renumber(x, varno));
    }

    /** The predicate with each column of the table read from the row's slot. */
    private static Expr onRow(Expr e) {
        if (e instanceof Expr.Var v) {
            return new Expr.ColumnRef(0, v.attno(), v.type(), v.typmod(), v.name());
        }
        return ExprTrees.map(e, IndexPredicates::onRow);
    }
}
