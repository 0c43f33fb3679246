/*
 * Uses of user-defined operators (CREATE OPERATOR), as parse_oper.c's oper_select_candidate over pg_operator's
 * user rows: an operator whose operand types the operands have exactly is used before a built-in one; one reached
 * only through implicit coercions is used when no built-in operator fits. An operand declared as a domain is
 * matched by an operand written as a value of that domain (a cast to it) or by an untyped literal, and the operator
 * needs at least one such operand (osgres types a domain's values as its base type, so a domain operator must not
 * take over the base type's own). The call is the operator's function, looked up as CREATE OPERATOR looked it up,
 * at each analysis, so a replaced function is seen and a dropped one is 42883.
 * Not done: COMMUTATOR and NEGATOR (kept only), ORDER BY USING, postfix operators.
 */
package osgres.sql.internal.analyze;

import java.util.List;

import osgres.api.PgException;
import osgres.sql.internal.func.Functions;
import osgres.sql.internal.func.Operators;
import osgres.sql.internal.nodes.Expr;
import osgres.sql.internal.utils.Casts;
import osgres.sql.internal.utils.OperatorDefinition;
import osgres.sql.internal.utils.PgType;

public final class UserOperators {

    /** A domain operand written as that domain. */
    private static final int DOMAIN = 3;
    private static final int EXACT = 2;
    private static final int UNKNOWN = 1;
    private static final int COERCED = 0;
    private static final int NO = -1;

    private UserOperators() {
    }

    /** DefineOperator's lookup of the function: it must take exactly the operand types. */
    public static void check(OperatorDefinition o, FunctionLookup catalog) {
        UserAggregates.lookup(catalog, o.function(), o.operandTypes());
    }

    /** {@code left op right} through a user operator, or null when the built-in operators decide. */
    static Expr binary(ExprAnalyzer exprs, ParseState ps, String op, Expr left, Expr right, int p) {
        return call(exprs, ps, op, left, right, p);
    }

    /** {@code op arg} through a user prefix operator, or null. */
    static Expr prefix(ExprAnalyzer exprs, ParseState ps, String op, Expr arg, int p) {
        return call(exprs, ps, op, null, arg, p);
    }

    /**
     * {@code left op element} for each element of an ANY/ALL array, through a user operator (as the built-ins'
     * resolution, for the array test to call), or null when the built-in operators decide.
     */
    static Operators.Resolved forArray(ParseState ps, String op, Expr left, PgType element, int p) {
        Chosen c = choose(ps, op, left, new Expr.Const(element, null, p), p);
        return c == null ? null : new Operators.Resolved(c.operator().left(), c.operator().right(),
                c.function().result(), c.function().implementation());
    }

    private static Expr call(ExprAnalyzer exprs, ParseState ps, String op, Expr left, Expr right, int p) {
        Chosen c = choose(ps, op, left, right, p);
        if (c == null) {
            return null;
        }
        Expr r = exprs.coerce(ps, right, c.operator().right(), -1, Casts.Context.IMPLICIT, p);
        List<Expr> args = left == null ? List.of(r)
                : List.of(exprs.coerce(ps, left, c.operator().left(), -1, Casts.Context.IMPLICIT, p), r);
        return new Expr.Call(op, c.function().result(), args, c.function().strict(), c.function().implementation());
    }

    /** The operator chosen and its function. */
    private record Chosen(OperatorDefinition operator, UserAggregates.Support function) {
    }

    private static Chosen choose(ParseState ps, String op, Expr left, Expr right, int p) {
        FunctionLookup catalog = ps.statement.functions;
        if (catalog == null) {
            return null;
        }
        List<OperatorDefinition> all = catalog.operators(op);
        if (all.isEmpty()) {
            return null;
        }
        ps.statement.callsUserFunctions = true;
        OperatorDefinition best = null;
        int bestScore = NO;
        boolean bestExact = false;
        for (OperatorDefinition o : all) {
            if ((o.left() == null) != (left == null)) {
                continue;
            }
            int l = left == null ? EXACT : score(o.left(), o.leftDomain(), left);
            int r = score(o.right(), o.rightDomain(), right);
            if (l == NO || r == NO) {
                continue;
            }
            if ((o.leftDomain() != null || o.rightDomain() != null) && l != DOMAIN && r != DOMAIN) {
                continue;
            }
            if (l + r > bestScore) {
                best = o;
                bestScore = l + r;
                bestExact = l >= EXACT && r >= EXACT;
            }
        }
        if (best == null || !bestExact && builtinFits(op, left, right, p)) {
            return null;
        }
        return new Chosen(best, UserAggregates.lookup(catalog, best.function(), best.operandTypes()));
    }

    private static int score(PgType declared, String domain, Expr operand) {
        if (operand.type() == PgType.UNKNOWN) {
            return UNKNOWN;
        }
        if (domain != null) {
            return operand instanceof Expr.CoerceToDomain c && c.domain().name().equals(domain) ? DOMAIN : NO;
        }
        if (operand.type() == declared) {
            return EXACT;
        }
        return Functions.allCoercible(List.of(operand.type()), List.of(declared)) ? COERCED : NO;
    }

    private static boolean builtinFits(String op, Expr left, Expr right, int p) {
        try {
            if (left == null) {
                Operators.resolvePrefix(op, right.type(), p);
            } else {
                Operators.resolveBinary(op, left.type(), right.type(), p);
            }
            return true;
        } catch (PgException e) {
            return false;
        }
    }
}
