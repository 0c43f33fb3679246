/*
 * Whether a subquery reads its enclosing queries' rows (PostgreSQL's contain_vars_of_level / the parParam test in
 * subselect.c's make_subplan). An uncorrelated scalar subquery is an InitPlan: computed once, its value a
 * pseudo-constant that can bound an index scan ("Index Cond: (a = $0)") as a constant can. Walks the Query tree
 * generically over its records and lists (expressions, FROM items, WITH queries, nested subqueries one level
 * deeper); catalog objects (tables, functions) are not entered.
 */
package osgres.sql.internal.analyze;

import java.util.List;

import osgres.sql.internal.nodes.Expr;
import osgres.sql.internal.nodes.ExprTrees;
import osgres.sql.internal.nodes.Query;

public final class SubqueryCorrelation {

    private SubqueryCorrelation() {
    }

    /** Whether {@code q}, a subquery one level below its outer query, refers to a column of an outer level. */
    public static boolean isCorrelated(Query q) {
        return refersOut(q, 0);
    }

    /** {@code depth}: how many query levels below the subquery's own level {@code v} sits. */
    private static boolean refersOut(Object v, int depth) {
        return switch (v) {
            case null -> false;
            case Expr.Var var -> var.levelsUp() > depth;
            case Expr.ColumnRef c -> c.levelsUp() > depth;
            case Query.CteEntry c -> c.levelsUp() > depth;
            case Expr.SubQuery s -> refersOut(s.left(), depth) || refersOut(s.test(), depth)
                    || refersOut(s.query(), depth + 1);
            case Query.CommonTable c -> refersOut(c.query(), depth + 1) || refersOut(c.recursiveTerm(), depth + 1);
            case Query.SubqueryEntry s -> refersOut(s.subquery(), depth + 1);
            case List<?> list -> {
                for (Object o : list) {
                    if (refersOut(o, depth)) {
                        yield true;
                    }
                }
                yield false;
            }
            case Record r when r.getClass().getName().startsWith(Query.class.getName())
                    || r.getClass().getName().startsWith(Expr.class.getName()) || r instanceof Query -> {
                for (Object component : ExprTrees.values(r)) {
                    if (refersOut(component, depth)) {
                        yield true;
                    }
                }
                yield false;
            }
            default -> false;
        };
    }
}
