/*
 * One user-defined operator (a pg_operator row made by CREATE OPERATOR), as operatorcmds.c's DefineOperator reads
 * the statement: the name, the left operand's type (null for a prefix operator) and the right one's, the function
 * (FUNCTION or its old spelling PROCEDURE), and the optional COMMUTATOR, NEGATOR, RESTRICT, JOIN, HASHES and MERGES,
 * which are kept and not acted on (osgres's planner does not use them). An operand declared as a domain keeps the
 * domain's name beside its base type: such an operator applies where an operand is written as a value of the domain
 * (a cast to it), so that it does not take over its base type's own operator (a function body comparing the base
 * type's values calls the built-in one, as PostgreSQL's would).
 */
package osgres.sql.internal.utils;

import java.util.ArrayList;
import java.util.List;

import osgres.api.PgException;
import osgres.api.SqlState;
import osgres.pgquery.tree.PgQuery;

public record OperatorDefinition(int oid, String name, PgType left, PgType right, String leftDomain,
                                 String rightDomain, String function, String commutator, String negator,
                                 List<String> unrecognized, String definition) {

    /** DefineOperator's reading of the statement; 42P13 for what it refuses. */
    public static OperatorDefinition of(int oid, PgQuery.DefineStmt d, String definition,
                                        SqlFunction.RowTypes rowTypes) {
        List<String> qualified = d.getDefnamesList().stream().map(n -> n.getString().getSval()).toList();
        if (qualified.size() > 1 && !qualified.getFirst().equals("public")
                && !qualified.getFirst().equals("pg_catalog")) {
            throw Messages.schemaDoesNotExist(qualified.getFirst());
        }
        PgQuery.TypeName leftName = null;
        PgQuery.TypeName rightName = null;
        String function = null;
        String commutator = null;
        String negator = null;
        List<String> unrecognized = new ArrayList<>();
        for (PgQuery.Node n : d.getDefinitionList()) {
            PgQuery.DefElem e = n.getDefElem();
            switch (e.getDefname()) {
                case "leftarg" -> leftName = typeName(e.getArg());
                case "rightarg" -> rightName = typeName(e.getArg());
                case "function", "procedure" -> function = lastName(e.getArg());
                case "commutator" -> commutator = lastName(e.getArg());
                case "negator" -> negator = lastName(e.getArg());
                case "restrict", "join", "hashes", "merges", "sort1", "sort2", "ltcmp", "gtcmp" -> {
                    // selectivity estimators and join strategies: the planner does not use them
                }
                default -> unrecognized.add(e.getDefname());
            }
        }
        for (PgQuery.TypeName t : new PgQuery.TypeName[] {leftName, rightName}) {
            if (t != null && t.getSetof()) {
                throw PgException.error(SqlState.INVALID_FUNCTION_DEFINITION,
                        "SETOF type not allowed for operator argument");
            }
        }
        if (function == null) {
            throw PgException.error(SqlState.INVALID_FUNCTION_DEFINITION, "operator function must be specified");
        }
        PgType left = leftName == null ? null : SqlFunction.type(leftName, rowTypes);
        PgType right = rightName == null ? null : SqlFunction.type(rightName, rowTypes);
        if (left == null && right == null) {
            throw PgException.error(SqlState.INVALID_FUNCTION_DEFINITION,
                    "operator argument types must be specified");
        }
        if (right == null) {
            throw PgException.error(SqlState.INVALID_FUNCTION_DEFINITION,
                    "operator right argument type must be specified")
                    .withDetail("Postfix operators are not supported.");
        }
        return new OperatorDefinition(oid, qualified.getLast(), left, right, domainName(leftName, left),
                domainName(rightName, right), function, commutator, negator, List.copyOf(unrecognized), definition);
    }

    /** The operand types of the function: the left one (when there is one), then the right one. */
    public List<PgType> operandTypes() {
        return left == null ? List.of(right) : List.of(left, right);
    }

    /** How errors name the operator: {@code integer ## bigint}, or {@code ## bigint} for a prefix operator. */
    public String signature() {
        return (left == null ? "" : left.sqlName() + " ") + name + " " + right.sqlName();
    }

    /** The written type's name when it is a domain (its type is then the domain's base, not a type of that name). */
    private static String domainName(PgQuery.TypeName tn, PgType resolved) {
        if (tn == null || tn.getArrayBoundsCount() > 0) {
            return null;
        }
        String last = tn.getNames(tn.getNamesCount() - 1).getString().getSval();
        PgType named = PgType.byName(last);
        return named == resolved ? null : last;
    }

    private static PgQuery.TypeName typeName(PgQuery.Node n) {
        if (n.hasTypeName()) {
            return n.getTypeName();
        }
        String name = n.hasString() ? n.getString().getSval() : "";
        return PgQuery.TypeName.newBuilder()
                .addNames(PgQuery.Node.newBuilder().setString(PgQuery.String.newBuilder().setSval(name))).build();
    }

    /** defGetQualifiedName: the last name of a type-like name, a name list or a string. */
    private static String lastName(PgQuery.Node n) {
        if (n.hasTypeName()) {
            return n.getTypeName().getNames(n.getTypeName().getNamesCount() - 1).getString().getSval();
        }
        if (n.hasList()) {
            return n.getList().getItems(n.getList().getItemsCount() - 1).getString().getSval();
        }
        return n.hasString() ? n.getString().getSval() : "";
    }
}
