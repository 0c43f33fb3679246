/*
 * Is a WITH RECURSIVE query well formed? PostgreSQL's parse_cte.c checkWellFormedRecursion, over the raw parse
 * tree before analysis: the query is `non-recursive-term UNION [ALL] recursive-term` without ORDER BY, OFFSET,
 * LIMIT or FOR UPDATE around the UNION, and its recursive term reads the query exactly once, not inside a
 * sublink, the nullable side of an outer join, INTERSECT ALL or EXCEPT. These are the cases PostgreSQL cannot
 * run by feeding a working table back (a sublink would see only part of the result; EXCEPT would need all of it);
 * without the checks such a query would run forever or give wrong rows. Not checked here: a WITH query nested in
 * the recursive term that shadows the recursive query's name (PostgreSQL's innerwiths).
 */
package osgres.sql.internal.analyze;

import java.util.List;

import com.google.protobuf.Message;

import osgres.api.PgException;
import osgres.api.SqlState;
import osgres.pgquery.tree.PgQuery;

final class RecursionCheck {

    /** Where a recursive reference is met (RecursionContext); each but OK has its error. */
    private enum Context {
        OK(null),
        SUBLINK("must not appear within a subquery"),
        OUTER_JOIN("must not appear within an outer join"),
        INTERSECT("must not appear within INTERSECT"),
        EXCEPT("must not appear within EXCEPT");

        final String error;

        Context(String error) {
            this.error = error;
        }
    }

    private final String name;
    private final ParseState.Statement statement;
    private int references;

    private RecursionCheck(String name, ParseState.Statement statement) {
        this.name = name;
        this.statement = statement;
    }

    /** Checks the UNION of a recursive WITH query {@code name} (the form itself is checked by the caller). */
    static void check(String name, PgQuery.SelectStmt union, ParseState.Statement statement) {
        RecursionCheck c = new RecursionCheck(name, statement);
        if (union.hasWithClause()) {
            c.walk(union.getWithClause(), Context.SUBLINK);
        }
        notImplemented(union.getSortClauseCount() > 0, "ORDER BY", union.getSortClauseList(), statement);
        notImplemented(union.hasLimitOffset(), "OFFSET", List.of(union.getLimitOffset()), statement);
        notImplemented(union.hasLimitCount(), "LIMIT", List.of(union.getLimitCount()), statement);
        notImplemented(union.getLockingClauseCount() > 0, "FOR UPDATE/SHARE", union.getLockingClauseList(),
                statement);
        c.references = 0;
        c.walk(union.getRarg(), Context.OK);
    }

    private static void notImplemented(boolean present, String what, List<PgQuery.Node> at,
                                       ParseState.Statement statement) {
        if (present) {
            throw PgException.error(SqlState.FEATURE_NOT_SUPPORTED, what + " in a recursive query is not implemented")
                    .withPosition(statement.position(location(at.getFirst())));
        }
    }

    /** exprLocation of the first item: a sort key's expression, a LIMIT's value; -1 for a locking clause. */
    private static int location(PgQuery.Node node) {
        return node.hasSortBy() ? ExprAnalyzer.rawLocation(node.getSortBy().getNode()) : ExprAnalyzer.rawLocation(node);
    }

    private void walk(Message node, Context context) {
        switch (node) {
            case PgQuery.RangeVar rv when rv.getSchemaname().isEmpty() && rv.getRelname().equals(name) -> {
                if (context != Context.OK) {
                    throw invalid(context.error, rv.getLocation());
                }
                if (++references > 1) {
                    throw invalid("must not appear more than once", rv.getLocation());
                }
            }
            case PgQuery.SubLink s -> {
                if (s.hasTestexpr()) {
                    walk(s.getTestexpr(), context);
                }
                walk(s.getSubselect(), context == Context.OK ? Context.SUBLINK : context);
            }
            case PgQuery.JoinExpr j when context == Context.OK -> {
                Context left = switch (j.getJointype()) {
                    case JOIN_RIGHT, JOIN_FULL -> Context.OUTER_JOIN;
                    default -> context;
                };
                Context right = switch (j.getJointype()) {
                    case JOIN_LEFT, JOIN_FULL -> Context.OUTER_JOIN;
                    default -> context;
                };
                walk(j.getLarg(), left);
                walk(j.getRarg(), right);
                if (j.hasQuals()) {
                    walk(j.getQuals(), context);
                }
            }
            case PgQuery.SelectStmt s when context == Context.OK
                    && (s.getOp() == PgQuery.SetOperation.SETOP_INTERSECT
                    || s.getOp() == PgQuery.SetOperation.SETOP_EXCEPT) -> {
                boolean except = s.getOp() == PgQuery.SetOperation.SETOP_EXCEPT;
                Context left = s.getAll() ? (except ? Context.EXCEPT : Context.INTERSECT) : context;
                walk(s.getLarg(), left);
                walk(s.getRarg(), except ? Context.EXCEPT : left);
            }
            default -> walkFields(node, context);
        }
    }

    private void walkFields(Message node, Context context) {
        for (var field : node.getAllFields().entrySet()) {
            Object value = field.getValue();
            if (value instanceof Message m) {
                walk(m, context);
            } else if (value instanceof List<?> list) {
                for (Object o : list) {
                    if (o instanceof Message m) {
                        walk(m, context);
                    }
                }
            }
        }
    }

    private PgException invalid(String what, int location) {
        return PgException.error(SqlState.INVALID_RECURSION, "recursive reference to query \"" + name + "\" " + what)
                .withPosition(statement.position(location));
    }
}
