/*
 * A partition bound as CREATE TABLE ... PARTITION OF and ALTER TABLE ... ATTACH PARTITION write it (the raw
 * PartitionBoundSpec of gram.y): DEFAULT, or the datums of FOR VALUES IN / FROM ... TO / WITH (MODULUS, REMAINDER),
 * each kept as its SQL text with its position for errors. PartitionBounds (analyze) evaluates them against a key.
 */
package osgres.sql.internal.parser;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;

import osgres.api.PgException;
import osgres.api.SqlState;
import osgres.pgquery.tree.PgQuery;
import osgres.sql.internal.utils.Messages;

public final class PartitionBoundSpec {

    private PartitionBoundSpec() {
    }

    /** A string constant as SQL writes it (standard_conforming_strings: only quotes are doubled). */
    public static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    /** A bound datum: a value's SQL text, or MINVALUE / MAXVALUE of a range bound. */
    public enum DatumKind {
        VALUE, MINVALUE, MAXVALUE
    }

    /** One datum as written, with its position in the statement (0 when read back from the catalog). */
    public record Datum(String sql, DatumKind kind, int position) {
    }

    /**
     * A bound as written: {@code strategy} 'l', 'r', 'h', or 'd' for DEFAULT; the datums of IN (...), FROM (...)
     * and TO (...); WITH (MODULUS m, REMAINDER r).
     */
    public record Spec(char strategy, List<Datum> list, List<Datum> lower, List<Datum> upper, int modulus,
                       int remainder, int position) {
    }

    /** Marks a key element that is an expression's text rather than a column name (in UtilityCommand only). */
    public static final String EXPRESSION_MARK = "\u0000";

    /**
     * The bound of PARTITION OF / ATTACH PARTITION as written: {@code position} maps a byte location to an error
     * position, {@code textAt} to the text of the datum starting there (null: deparse the constants the catalog's
     * text holds).
     */
    public static Spec spec(PgQuery.PartitionBoundSpec b, IntUnaryOperator position,
                     java.util.function.IntFunction<String> textAt) {
        int at = position.applyAsInt(b.getLocation());
        if (b.getIsDefault()) {
            return new Spec('d', List.of(), List.of(), List.of(), 0, 0, at);
        }
        char strategy = b.getStrategy().isEmpty() ? 'l' : b.getStrategy().charAt(0);
        return new Spec(strategy, datums(b.getListdatumsList(), position, textAt),
                datums(b.getLowerdatumsList(), position, textAt), datums(b.getUpperdatumsList(), position, textAt),
                b.getModulus(), b.getRemainder(), at);
    }

    private static List<Datum> datums(List<PgQuery.Node> nodes, IntUnaryOperator position,
                                      java.util.function.IntFunction<String> textAt) {
        List<Datum> out = new ArrayList<>();
        for (PgQuery.Node n : nodes) {
            int at = position.applyAsInt(location(n));
            if (n.hasColumnRef() && n.getColumnRef().getFieldsCount() == 1
                    && n.getColumnRef().getFields(0).hasString()) {
                String word = n.getColumnRef().getFields(0).getString().getSval();
                if (word.equals("minvalue") || word.equals("maxvalue")) {
                    out.add(new Datum(null, word.equals("minvalue") ? DatumKind.MINVALUE : DatumKind.MAXVALUE, at));
                    continue;
                }
            }
            if (n.hasColumnRef()) {
                throw PgException.error(SqlState.INVALID_OBJECT_DEFINITION,
                        "cannot use column reference in partition bound expression").withPosition(at);
            }
            int location = startLocation(n);
            out.add(new Datum(textAt != null && location >= 0 ? textAt.apply(location) : sql(n, at), DatumKind.VALUE,
                    at));
        }
        return List.copyOf(out);
    }

    /** Where the text of expression {@code n} starts: its leftmost operand's location. */
    private static int startLocation(PgQuery.Node n) {
        if (n.hasTypeCast()) {
            int arg = startLocation(n.getTypeCast().getArg());
            return arg >= 0 ? Math.min(arg, n.getTypeCast().getLocation()) : n.getTypeCast().getLocation();
        }
        if (n.hasAExpr() && n.getAExpr().hasLexpr()) {
            int left = startLocation(n.getAExpr().getLexpr());
            return left >= 0 ? left : n.getAExpr().getLocation();
        }
        if (n.hasCollateClause()) {
            return startLocation(n.getCollateClause().getArg());
        }
        if (n.hasBoolExpr() && n.getBoolExpr().getArgsCount() > 0
                && n.getBoolExpr().getBoolop() != PgQuery.BoolExprType.NOT_EXPR) {
            return startLocation(n.getBoolExpr().getArgs(0));
        }
        return location(n);
    }

    private static int location(PgQuery.Node n) {
        if (n.hasAConst()) {
            return n.getAConst().getLocation();
        }
        if (n.hasTypeCast()) {
            return n.getTypeCast().getLocation();
        }
        if (n.hasColumnRef()) {
            return n.getColumnRef().getLocation();
        }
        if (n.hasAExpr()) {
            return n.getAExpr().getLocation();
        }
        if (n.hasFuncCall()) {
            return n.getFuncCall().getLocation();
        }
        if (n.hasCollateClause()) {
            return n.getCollateClause().getLocation();
        }
        if (n.hasSqlvalueFunction()) {
            return n.getSqlvalueFunction().getLocation();
        }
        if (n.hasBoolExpr()) {
            return n.getBoolExpr().getLocation();
        }
        if (n.hasSubLink()) {
            return n.getSubLink().getLocation();
        }
        return -1;
    }

    /** A datum's SQL text: constants, casts of constants and signs are what bounds are written with. */
    private static String sql(PgQuery.Node n, int position) {
        if (n.hasAConst()) {
            PgQuery.A_Const c = n.getAConst();
            if (c.getIsnull()) {
                return "NULL";
            }
            return switch (c.getValCase()) {
                case IVAL -> Integer.toString(c.getIval().getIval());
                case FVAL -> c.getFval().getFval();
                case BOOLVAL -> Boolean.toString(c.getBoolval().getBoolval());
                case SVAL -> literal(c.getSval().getSval());
                default -> throw Messages.notSupported("this partition bound value", position);
            };
        }
        if (n.hasTypeCast()) {
            PgQuery.TypeCast cast = n.getTypeCast();
            List<String> names = new ArrayList<>();
            for (PgQuery.Node name : cast.getTypeName().getNamesList()) {
                names.add(name.getString().getSval());
            }
            StringBuilder type = new StringBuilder(String.join(".", names));
            if (cast.getTypeName().getTypmodsCount() > 0) {
                List<String> mods = new ArrayList<>();
                for (PgQuery.Node m : cast.getTypeName().getTypmodsList()) {
                    mods.add(sql(m, position));
                }
                type.append('(').append(String.join(", ", mods)).append(')');
            }
            return "(" + sql(cast.getArg(), position) + ")::" + type;
        }
        if (n.hasAExpr() && n.getAExpr().getKind() == PgQuery.A_Expr_Kind.AEXPR_OP && !n.getAExpr().hasLexpr()
                && n.getAExpr().getNameCount() == 1) {
            String op = n.getAExpr().getName(0).getString().getSval();
            return op + "(" + sql(n.getAExpr().getRexpr(), position) + ")";
        }
        if (n.hasCollateClause()) {
            // transformPartitionBoundValue coerces the value to the key's collation: osgres compares byte-wise
            return sql(n.getCollateClause().getArg(), position);
        }
        if (n.hasColumnRef()) {
            throw PgException.error(SqlState.INVALID_OBJECT_DEFINITION,
                    "cannot use column reference in partition bound expression").withPosition(position);
        }
        throw Messages.notSupported("this partition bound expression", position);
    }

}
