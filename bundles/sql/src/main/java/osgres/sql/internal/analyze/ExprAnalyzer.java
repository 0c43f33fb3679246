/*
 * Expression analysis, PostgreSQL's parse_expr.c with parse_func.c, parse_oper.c, parse_coerce.c and
 * parse_target.c's FigureColname: turns PostgreSQL's raw expression nodes (libpg_query's protobuf tree) into
 * osgres's typed Expr tree. Literals are typed as PostgreSQL types them (int4, int8 or numeric integers, numeric
 * decimals, unknown strings resolved by context and text at the top); untyped parameters take the type their
 * context gives; operators and functions are resolved by name and argument types; aggregates and window functions
 * are collected on the query level's ParseState; subqueries are analysed by ParseAnalyzer into Query trees.
 * A construct osgres cannot run yet throws Unsupported (the statement then takes the older path).
 */
package osgres.sql.internal.analyze;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import osgres.api.PgException;
import osgres.api.SqlState;
import osgres.pgquery.tree.PgQuery.Node;
import osgres.pgquery.tree.PgQuery;
import osgres.sql.internal.func.Aggregates;
import osgres.sql.internal.func.Functions;
import osgres.sql.internal.func.JsonFunctions;
import osgres.sql.internal.func.Operators;
import osgres.sql.internal.func.OrderedSetAggregates;
import osgres.sql.internal.nodes.Aggregate;
import osgres.sql.internal.nodes.Expr;
import osgres.sql.internal.nodes.FunctionParameters;
import osgres.sql.internal.nodes.Query;
import osgres.sql.internal.nodes.WindowFunctions;
import osgres.sql.internal.utils.AggregateDefinition;
import osgres.sql.internal.utils.BtreeCompare;
import osgres.sql.internal.utils.Casts;
import osgres.sql.internal.utils.CompositeType;
import osgres.sql.internal.utils.Domain;
import osgres.sql.internal.utils.EnumType;
import osgres.sql.internal.utils.IntervalInput;
import osgres.sql.internal.utils.Messages;
import osgres.sql.internal.utils.PgType;
import osgres.sql.internal.utils.SqlFunction;
import osgres.sql.internal.utils.RegClass;
import osgres.sql.internal.utils.RegType;
import osgres.sql.internal.utils.TypeIo;
import osgres.sql.internal.utils.Unsupported;

final class ExprAnalyzer {
    static final String NO_NAME = "?column?";

    private final ParseAnalyzer analyzer;
    final ArrayAnalyzer arrays = new ArrayAnalyzer(this);
    private final RowAnalyzer rows = new RowAnalyzer(this);
    final CompositeValues composites = new CompositeValues(this);

    ExprAnalyzer(ParseAnalyzer analyzer) {
        this.analyzer = analyzer;
    }

    private ParseState.Statement stmt(ParseState ps) {
        return ps.statement;
    }

    private int pos(ParseState ps, int location) {
        return ps.statement.position(location);
    }

    // ---------------------------------------------------------------- entry points

    /** A boolean condition (WHERE, ON, HAVING, WHEN): unknown becomes bool, anything else but bool is 42804. */
    Expr condition(ParseState ps, Node node, String construct) {
        Expr e = expr(ps, node);
        if (e.type() == PgType.UNKNOWN) {
            return coerce(ps, e, PgType.BOOL, -1, Casts.Context.IMPLICIT, location(ps, node));
        }
        if (e.type() != PgType.BOOL) {
            // coerce_to_boolean: an assignment cast of the user's may make it one
            if (UserCasts.find(ps, e.type(), PgType.BOOL, Casts.Context.ASSIGNMENT) != null) {
                return coerce(ps, e, PgType.BOOL, -1, Casts.Context.ASSIGNMENT, leftmost(ps, node));
            }
            throw Messages.argumentMustBe(construct, "boolean", e.type().sqlName(), leftmost(ps, node));
        }
        return e;
    }

    /** An expression whose unknown type resolves to text (target lists, ORDER BY, GROUP BY). */
    Expr resolved(ParseState ps, Node node) {
        Expr e = expr(ps, node);
        if (e.type() == PgType.UNKNOWN) {
            e = coerce(ps, e, PgType.TEXT, -1, Casts.Context.IMPLICIT, 0);
        }
        return e;
    }

    Expr expr(ParseState ps, Node node) {
        return switch (node.getNodeCase()) {
            case A_CONST -> constant(ps, node.getAConst());
            case COLUMN_REF -> columnRef(ps, node.getColumnRef());
            case PARAM_REF -> param(ps, node.getParamRef());
            case A_EXPR -> aExpr(ps, node.getAExpr());
            case BOOL_EXPR -> boolExpr(ps, node.getBoolExpr());
            case FUNC_CALL -> funcCall(ps, node.getFuncCall());
            case TYPE_CAST -> typeCast(ps, node.getTypeCast());
            case SUB_LINK -> subLink(ps, node.getSubLink());
            case CASE_EXPR -> caseExpr(ps, node.getCaseExpr());
            case COALESCE_EXPR -> coalesce(ps, node.getCoalesceExpr());
            case MIN_MAX_EXPR -> minMax(ps, node.getMinMaxExpr());
            case NULL_TEST -> nullTest(ps, node.getNullTest());
            case BOOLEAN_TEST -> booleanTest(ps, node.getBooleanTest());
            case SQLVALUE_FUNCTION -> sqlValueFunction(ps, node.getSqlvalueFunction());
            case A_ARRAY_EXPR -> arrays.arrayExpr(ps, node.getAArrayExpr(), null);
            case A_INDIRECTION -> arrays.indirection(ps, node.getAIndirection(), rows);
            case ROW_EXPR -> rows.rowExpr(ps, node.getRowExpr());
            case COLLATE_CLAUSE -> {
                String collation = lastName(node.getCollateClause().getCollnameList());
                if (!collation.equals("C") && !collation.equals("default") && !collation.equals("POSIX")) {
                    throw Unsupported.of("COLLATE \"" + collation + "\"");
                }
                yield expr(ps, node.getCollateClause().getArg());
            }
            case CURRENT_OF_EXPR -> throw Unsupported.of("WHERE CURRENT OF");
            // what PostgreSQL says when built without libxml, as osgres is
            case XML_EXPR, XML_SERIALIZE -> throw PgException.error(SqlState.FEATURE_NOT_SUPPORTED,
                    "unsupported XML feature")
                    .withDetail("This functionality requires the server to be built with libxml support.")
                    .withPosition(location(ps, node));
            default -> throw Unsupported.of("expression " + node.getNodeCase());
        };
    }

    /**
     * exprLocation of an operator or a cast: its leftmost part (its left operand's or argument's, where PostgreSQL's
     * cursor points), else the node's own position.
     */
    int leftmost(ParseState ps, Node node) {
        int own = location(ps, node);
        Node inner = node.hasTypeCast() ? node.getTypeCast().getArg()
                : node.hasAExpr() && node.getAExpr().hasLexpr() ? node.getAExpr().getLexpr() : null;
        if (inner == null) {
            return own;
        }
        int left = leftmost(ps, inner);
        return left > 0 && (own <= 0 || left < own) ? left : own;
    }

    /** The 1-based position of a node, 0 when it carries none. */
    int location(ParseState ps, Node node) {
        return pos(ps, rawLocation(node));
    }

    /** A raw node's 0-based location (exprLocation), -1 when it carries none. */
    static int rawLocation(Node node) {
        return switch (node.getNodeCase()) {
            case A_ARRAY_EXPR -> node.getAArrayExpr().getLocation();
            case ROW_EXPR -> node.getRowExpr().getLocation();
            case A_INDIRECTION -> rawLocation(node.getAIndirection().getArg());
            case A_CONST -> node.getAConst().getLocation();
            case COLUMN_REF -> node.getColumnRef().getLocation();
            case PARAM_REF -> node.getParamRef().getLocation();
            case A_EXPR -> node.getAExpr().getLocation();
            case BOOL_EXPR -> node.getBoolExpr().getLocation();
            case FUNC_CALL -> node.getFuncCall().getLocation();
            case TYPE_CAST -> node.getTypeCast().getLocation();
            case SUB_LINK -> node.getSubLink().getLocation();
            case CASE_EXPR -> node.getCaseExpr().getLocation();
            case COALESCE_EXPR -> node.getCoalesceExpr().getLocation();
            case MIN_MAX_EXPR -> node.getMinMaxExpr().getLocation();
            case NULL_TEST -> node.getNullTest().getLocation();
            case BOOLEAN_TEST -> node.getBooleanTest().getLocation();
            case SQLVALUE_FUNCTION -> node.getSqlvalueFunction().getLocation();
            case XML_EXPR -> node.getXmlExpr().getLocation();
            case XML_SERIALIZE -> node.getXmlSerialize().getLocation();
            default -> -1;
        };
    }

    // ---------------------------------------------------------------- leaves

    private Expr constant(ParseState ps, PgQuery.A_Const c) {
        int p = pos(ps, c.getLocation());
        if (c.getIsnull()) {
            return new Expr.Const(PgType.UNKNOWN, null, p);
        }
        return switch (c.getValCase()) {
            case IVAL -> new Expr.Const(PgType.INT4, c.getIval().getIval(), p);
            case FVAL -> numberLiteral(c.getFval().getFval(), p);
            case SVAL -> new Expr.Const(PgType.UNKNOWN, c.getSval().getSval(), p);
            case BOOLVAL -> new Expr.Const(PgType.BOOL, c.getBoolval().getBoolval(), p);
            default -> throw Unsupported.of("bit string literals");
        };
    }

    /** make_const for a T_Float: an integer too big for int4 is int8 if it fits, else numeric. */
    static Expr numberLiteral(String text, int position) {
        boolean integral = text.chars().allMatch(ch -> ch == '-' || (ch >= '0' && ch <= '9'));
        if (integral) {
            try {
                long v = Long.parseLong(text);
                return v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE ? new Expr.Const(PgType.INT4, (int) v, position)
                        : new Expr.Const(PgType.INT8, v, position);
            } catch (NumberFormatException e) {
                // beyond int8: numeric
            }
        }
        return new Expr.Const(PgType.NUMERIC, TypeIo.parseNumeric(text), position);
    }

    private Expr param(ParseState ps, PgQuery.ParamRef ref) {
        int p = pos(ps, ref.getLocation());
        int n = ref.getNumber();
        ParseState.Statement s = stmt(ps);
        if (!s.parametersAllowed || n < 1 || n > 65535) {
            throw Messages.noParameter(n, p);
        }
        while (s.parameterTypes.size() < n) {
            s.parameterTypes.add(PgType.UNKNOWN);
        }
        return new Expr.Param(n, s.parameterTypes.get(n - 1), p);
    }

    /** A function body's parameter referred to by name (columns take precedence, as in PostgreSQL), or null. */
    private Expr namedParameter(ParseState ps, List<String> fields, int p) {
        ParseState.Statement s = stmt(ps);
        int n = s.parameterNames == null ? 0 : s.parameterNames.lookup(fields);
        if (n == 0) {
            return null;
        }
        return new Expr.Param(n, s.parameterTypes.get(n - 1), p);
    }

    private Expr columnRef(ParseState ps, PgQuery.ColumnRef ref) {
        int p = pos(ps, ref.getLocation());
        List<Node> fields = ref.getFieldsList();
        if (fields.getLast().hasAStar()) {
            if (fields.size() == 2) {
                // t.* in an expression is the whole row of t (transformWholeRowRef)
                String alias = fields.getFirst().getString().getSval();
                int[] levels = new int[1];
                ParseState.Item item = ps.findItem(alias, p, levels);
                if (item == null) {
                    throw ps.badTableReference(alias, p);
                }
                return wholeRow(ps, item, levels[0]);
            }
            throw PgException.error(SqlState.SYNTAX_ERROR, "row expansion via \"*\" is not supported here")
                    .withPosition(p);
        }
        if (fields.size() == 1) {
            String name = fields.getFirst().getString().getSval();
            Expr found = ps.findColumn(name, p);
            if (found != null) {
                ps.markSelected(found);
                return compositeColumn(ps, found instanceof Expr.Var v ? v.at(p) : found);
            }
            // not a column: a function's parameter, a whole-row reference "t", else 42703
            Expr parameter = namedParameter(ps, List.of(name), p);
            if (parameter != null) {
                return parameter;
            }
            int[] levels = new int[1];
            ParseState.Item item = ps.findItem(name, p, levels);
            if (item != null) {
                return wholeRow(ps, item, levels[0]);
            }
            throw Messages.columnDoesNotExist(name, p);
        }
        if (fields.size() > 3) {
            throw PgException.error(SqlState.SYNTAX_ERROR, "improper qualified name (too many dotted names): "
                    + dotted(fields)).withPosition(p);
        }
        String column = fields.getLast().getString().getSval();
        String alias = fields.get(fields.size() - 2).getString().getSval();
        if (fields.size() == 3) {
            String schema = fields.getFirst().getString().getSval();
            if (!schema.equals("public") && !schema.equals("pg_catalog")) {
                throw ParseState.missingFromEntry(alias, p);
            }
        }
        int[] levels = new int[1];
        ParseState.Item item = ps.findItem(alias, p, levels);
        if (item == null) {
            Expr parameter = fields.size() == 2 ? namedParameter(ps, List.of(alias, column), p) : null;
            if (parameter != null) {
                return parameter;
            }
            throw ps.badTableReference(alias, p);
        }
        ParseState owner = ps.level(levels[0]);
        List<String> names = owner.entry(item.index()).columnNames();
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equals(column)) {
                Expr found = owner.column(item.index(), i, levels[0]);
                ps.markSelected(found);
                return compositeColumn(ps, found instanceof Expr.Var v ? v.at(p) : found);
            }
        }
        if (Query.SystemColumn.of(column) != null && owner.entry(item.index()) instanceof Query.RelationEntry) {
            return ParseState.systemColumn(item.index(), Query.SystemColumn.of(column), levels[0]).at(p);
        }
        Expr catalogOid = ParseState.catalogTableoid(owner.entry(item.index()), column, p);
        if (catalogOid != null) {
            return catalogOid;
        }
        throw PgException.error(SqlState.UNDEFINED_COLUMN, "column " + alias + "." + column + " does not exist")
                .withPosition(p);
    }

    /**
     * An expression list where {@code t.*} stands for t's columns (transformExpressionList: ROW(t.*) and VALUES
     * lists expand stars; elsewhere t.* is the whole row).
     */
    List<Expr> exprsExpandingStars(ParseState ps, List<Node> nodes) {
        List<Expr> out = new ArrayList<>();
        for (Node n : nodes) {
            List<Node> fields = n.hasColumnRef() ? n.getColumnRef().getFieldsList() : List.of();
            if (fields.size() == 2 && fields.getLast().hasAStar()) {
                out.addAll(((Expr.Call) expr(ps, n)).args());
            } else {
                out.add(expr(ps, n));
            }
        }
        return out;
    }

    /** The record of all columns of namespace item {@code item}, {@code levelsUp} levels out. */
    private Expr wholeRow(ParseState ps, ParseState.Item item, int levelsUp) {
        ParseState owner = ps.level(levelsUp);
        int n = owner.entry(item.index()).columnNames().size();
        List<Expr> fields = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            fields.add(owner.column(item.index(), i, levelsUp));
            ps.markSelected(fields.getLast());
        }
        return rows.wholeRow(ps, fields, owner.nullable.get(item.index()),
                List.copyOf(owner.entry(item.index()).columnNames()));
    }

    private static String dotted(List<Node> fields) {
        StringBuilder out = new StringBuilder();
        for (Node f : fields) {
            out.append(out.isEmpty() ? "" : ".").append(f.hasAStar() ? "*" : f.getString().getSval());
        }
        return out.toString();
    }

    // ---------------------------------------------------------------- operators

    private Expr aExpr(ParseState ps, PgQuery.A_Expr a) {
        int p = pos(ps, a.getLocation());
        String op = a.getNameCount() == 0 ? "" : lastName(a.getNameList());
        return switch (a.getKind()) {
            case AEXPR_OP -> {
                if (!a.hasLexpr()) {
                    yield prefix(ps, op, expr(ps, a.getRexpr()), p);
                }
                if (a.getLexpr().hasRowExpr() && a.getRexpr().hasSubLink()
                        && a.getRexpr().getSubLink().getSubLinkType() == PgQuery.SubLinkType.EXPR_SUBLINK) {
                    // transformAExprOp: a row against a subquery is a ROWCOMPARE_SUBLINK
                    yield rowSubLink(ps, a.getRexpr().getSubLink().toBuilder()
                            .setSubLinkType(PgQuery.SubLinkType.ROWCOMPARE_SUBLINK).setTestexpr(a.getLexpr())
                            .clearOperName().addOperName(a.getName(a.getNameCount() - 1)).build(), p);
                }
                yield operator(ps, op, expr(ps, a.getLexpr()), expr(ps, a.getRexpr()), p);
            }
            case AEXPR_OP_ANY, AEXPR_OP_ALL -> arrays.anyAll(ps, a, op, p);
            case AEXPR_DISTINCT, AEXPR_NOT_DISTINCT -> {
                Expr lx = expr(ps, a.getLexpr());
                Expr rx = expr(ps, a.getRexpr());
                if (RowAnalyzer.isRow(lx) || RowAnalyzer.isRow(rx)) {
                    yield rows.distinct(ps, lx, rx, a.getKind() == PgQuery.A_Expr_Kind.AEXPR_DISTINCT, p);
                }
                Expr.Call eq = (Expr.Call) operator(ps, "=", lx, rx, p);
                Expr l = eq.args().get(0);
                Expr r = eq.args().get(1);
                Expr.Implementation equal = eq.implementation();
                boolean distinct = a.getKind() == PgQuery.A_Expr_Kind.AEXPR_DISTINCT;
                yield new Expr.Call(distinct ? "IS DISTINCT FROM" : "IS NOT DISTINCT FROM", PgType.BOOL,
                        List.of(l, r), false, (ctx, v) -> {
                            boolean same = v[0] == null || v[1] == null ? v[0] == v[1]
                                    : Boolean.TRUE.equals(equal.call(ctx, v));
                            return same != distinct;
                        });
            }
            case AEXPR_NULLIF -> {
                Expr.Call eq = (Expr.Call) operator(ps, "=", expr(ps, a.getLexpr()), expr(ps, a.getRexpr()), p);
                Expr left = eq.args().getFirst();
                yield new Expr.Case(left.type(), List.of(new Expr.When(eq, new Expr.Const(left.type(), null, p))),
                        left);
            }
            case AEXPR_IN -> {
                Expr value = expr(ps, a.getLexpr());
                List<Expr> tests = new ArrayList<>();
                boolean in = op.equals("=");
                for (Node item : a.getRexpr().getList().getItemsList()) {
                    tests.add(operator(ps, op, value, expr(ps, item), p));
                }
                yield tests.size() == 1 ? tests.getFirst() : new Expr.BoolOp(!in, tests);
            }
            case AEXPR_BETWEEN, AEXPR_NOT_BETWEEN, AEXPR_BETWEEN_SYM, AEXPR_NOT_BETWEEN_SYM -> between(ps, a, p);
            case AEXPR_LIKE, AEXPR_ILIKE, AEXPR_SIMILAR -> {
                Expr left = expr(ps, a.getLexpr());
                Expr right = expr(ps, a.getRexpr());
                yield operator(ps, op, left, right, p);
            }
            default -> throw Unsupported.of("operator kind " + a.getKind());
        };
    }

    private Expr between(ParseState ps, PgQuery.A_Expr a, int p) {
        Expr value = expr(ps, a.getLexpr());
        List<Node> bounds = a.getRexpr().getList().getItemsList();
        Expr low = expr(ps, bounds.get(0));
        Expr high = expr(ps, bounds.get(1));
        PgQuery.A_Expr_Kind kind = a.getKind();
        boolean not = kind == PgQuery.A_Expr_Kind.AEXPR_NOT_BETWEEN || kind == PgQuery.A_Expr_Kind.AEXPR_NOT_BETWEEN_SYM;
        Expr test;
        if (not) {
            test = new Expr.BoolOp(false, List.of(operator(ps, "<", value, low, p), operator(ps, ">", value, high, p)));
        } else {
            test = new Expr.BoolOp(true, List.of(operator(ps, ">=", value, low, p),
                    operator(ps, "<=", value, high, p)));
        }
        if (kind == PgQuery.A_Expr_Kind.AEXPR_BETWEEN_SYM || kind == PgQuery.A_Expr_Kind.AEXPR_NOT_BETWEEN_SYM) {
            Expr swapped = not
                    ? new Expr.BoolOp(false, List.of(operator(ps, "<", value, high, p),
                            operator(ps, ">", value, low, p)))
                    : new Expr.BoolOp(true, List.of(operator(ps, ">=", value, high, p),
                            operator(ps, "<=", value, low, p)));
            test = new Expr.BoolOp(!not, List.of(test, swapped));
        }
        return test;
    }

    Expr operator(ParseState ps, String op, Expr left, Expr right, int p) {
        if (RowAnalyzer.isRow(left) && RowAnalyzer.isRow(right)) {
            return rows.compare(ps, op, left, right, p);
        }
        // a composite against a row constructor: the row is read as the composite (PostgreSQL compares the two as
        // records, failing at run time when a field's type differs)
        CompositeType lc = CompositeValues.typeOf(left);
        CompositeType rc = CompositeValues.typeOf(right);
        if (lc != null && rc == null && RowAnalyzer.isRow(right)) {
            right = composites.coerce(ps, right, lc, Casts.Context.IMPLICIT, p, null);
        } else if (rc != null && lc == null && RowAnalyzer.isRow(left)) {
            left = composites.coerce(ps, left, rc, Casts.Context.IMPLICIT, p, null);
        }
        if (left.type() == PgType.ANYENUM || right.type() == PgType.ANYENUM) {
            Expr[] operands = EnumValues.comparisonOperands(this, ps, op, left, right, p);
            left = operands[0];
            right = operands[1];
        }
        Expr user = UserOperators.binary(this, ps, op, left, right, p);
        if (user != null) {
            return user;
        }
        Operators.Resolved r = Operators.resolveBinary(op, left.type(), right.type(), p);
        Expr l = coerce(ps, left, r.left(), -1, Casts.Context.IMPLICIT, p);
        Expr rr = coerce(ps, right, r.right(), -1, Casts.Context.IMPLICIT, p);
        // || on arrays (array_cat, array_append, array_prepend) is not strict: a null operand is an empty array
        boolean strict = !(op.equals("||") && r.result().isArray());
        return new Expr.Call(op, r.result(), List.of(l, rr), strict, r.implementation());
    }

    private Expr prefix(ParseState ps, String op, Expr arg, int p) {
        if (op.equals("-") && arg instanceof Expr.Const c && c.value() != null
                && (c.type() == PgType.INT4 || c.type() == PgType.INT8 || c.type() == PgType.NUMERIC)) {
            // a negative literal is one constant (PostgreSQL's grammar folds "- 5" the same way for its parse)
            return switch (c.type()) {
                case INT4 -> new Expr.Const(PgType.INT4, -(Integer) c.value(), p);
                case INT8 -> (Long) c.value() == -(long) Integer.MIN_VALUE
                        ? new Expr.Const(PgType.INT4, Integer.MIN_VALUE, p) : new Expr.Const(PgType.INT8,
                        -(Long) c.value(), p);
                default -> numberLiteral(((java.math.BigDecimal) c.value()).negate().toPlainString(), p);
            };
        }
        Expr user = UserOperators.prefix(this, ps, op, arg, p);
        if (user != null) {
            return user;
        }
        Operators.Resolved r = Operators.resolvePrefix(op, arg.type(), p);
        return new Expr.Call(op, r.result(), List.of(coerce(ps, arg, r.left(), -1, Casts.Context.IMPLICIT, p)),
                true, r.implementation());
    }

    private Expr boolExpr(ParseState ps, PgQuery.BoolExpr b) {
        return switch (b.getBoolop()) {
            case AND_EXPR, OR_EXPR -> {
                boolean and = b.getBoolop() == PgQuery.BoolExprType.AND_EXPR;
                List<Expr> args = new ArrayList<>();
                for (Node n : b.getArgsList()) {
                    args.add(condition(ps, n, and ? "AND" : "OR"));
                }
                yield new Expr.BoolOp(and, args);
            }
            default -> new Expr.Not(condition(ps, b.getArgs(0), "NOT"));
        };
    }

    private Expr nullTest(ParseState ps, PgQuery.NullTest t) {
        Expr arg = expr(ps, t.getArg());
        if (RowAnalyzer.isRow(arg)) {
            return RowAnalyzer.nullTest(arg, t.getNulltesttype() == PgQuery.NullTestType.IS_NOT_NULL);
        }
        return new Expr.NullTest(arg, t.getNulltesttype() == PgQuery.NullTestType.IS_NOT_NULL);
    }

    private Expr booleanTest(ParseState ps, PgQuery.BooleanTest t) {
        Expr arg = condition(ps, t.getArg(), switch (t.getBooltesttype()) {
            case IS_TRUE -> "IS TRUE";
            case IS_NOT_TRUE -> "IS NOT TRUE";
            case IS_FALSE -> "IS FALSE";
            case IS_NOT_FALSE -> "IS NOT FALSE";
            case IS_UNKNOWN -> "IS UNKNOWN";
            default -> "IS NOT UNKNOWN";
        });
        return switch (t.getBooltesttype()) {
            case IS_TRUE -> new Expr.BooleanTest(arg, true, false);
            case IS_NOT_TRUE -> new Expr.BooleanTest(arg, true, true);
            case IS_FALSE -> new Expr.BooleanTest(arg, false, false);
            case IS_NOT_FALSE -> new Expr.BooleanTest(arg, false, true);
            case IS_UNKNOWN -> new Expr.NullTest(arg, false);
            default -> new Expr.NullTest(arg, true);
        };
    }

    // ---------------------------------------------------------------- conditional expressions

    private Expr caseExpr(ParseState ps, PgQuery.CaseExpr c) {
        Expr subject = c.hasArg() ? expr(ps, c.getArg()) : null;
        List<Expr> conditions = new ArrayList<>();
        List<Expr> results = new ArrayList<>();
        for (Node n : c.getArgsList()) {
            PgQuery.CaseWhen w = n.getCaseWhen();
            if (subject == null) {
                conditions.add(condition(ps, w.getExpr(), "CASE/WHEN"));
            } else {
                conditions.add(operator(ps, "=", subject, expr(ps, w.getExpr()), pos(ps, w.getLocation())));
            }
            results.add(expr(ps, w.getResult()));
        }
        Expr otherwise = c.hasDefresult() ? expr(ps, c.getDefresult()) : null;
        List<Expr> all = new ArrayList<>(results);
        if (otherwise != null) {
            all.add(otherwise);
        }
        PgType type = commonType("CASE", all);
        EnumType enumType = EnumValues.common(all);
        if (enumType != null) {
            results = EnumValues.literalsOf(this, ps, results, enumType);
            otherwise = otherwise == null ? null : EnumValues.literalsOf(this, ps, List.of(otherwise), enumType)
                    .getFirst();
        }
        List<Expr.When> whens = new ArrayList<>();
        for (int i = 0; i < conditions.size(); i++) {
            whens.add(new Expr.When(conditions.get(i), coerce(ps, results.get(i), type, -1, Casts.Context.IMPLICIT,
                    0)));
        }
        Expr elseExpr = otherwise == null ? null : coerce(ps, otherwise, type, -1, Casts.Context.IMPLICIT, 0);
        return EnumValues.typed(new Expr.Case(type, whens, elseExpr), enumType);
    }

    private Expr coalesce(ParseState ps, PgQuery.CoalesceExpr c) {
        List<Expr> args = new ArrayList<>();
        for (Node n : c.getArgsList()) {
            args.add(expr(ps, n));
        }
        PgType type = commonType("COALESCE", args);
        EnumType enumType = EnumValues.common(args);
        if (enumType != null) {
            args = EnumValues.literalsOf(this, ps, args, enumType);
        }
        List<Expr> coerced = new ArrayList<>();
        for (Expr a : args) {
            coerced.add(coerce(ps, a, type, -1, Casts.Context.IMPLICIT, pos(ps, c.getLocation())));
        }
        return EnumValues.typed(new Expr.Coalesce(type, coerced), enumType);
    }

    private Expr minMax(ParseState ps, PgQuery.MinMaxExpr m) {
        boolean greatest = m.getOp() == PgQuery.MinMaxOp.IS_GREATEST;
        List<Expr> args = new ArrayList<>();
        for (Node n : m.getArgsList()) {
            args.add(expr(ps, n));
        }
        String name = greatest ? "GREATEST" : "LEAST";
        PgType type = commonType(name, args);
        int p = pos(ps, m.getLocation());
        EnumType enumType = EnumValues.common(args);
        if (enumType != null) {
            args = EnumValues.literalsOf(this, ps, args, enumType);
        }
        List<Expr> coerced = new ArrayList<>();
        for (Expr a : args) {
            coerced.add(coerce(ps, a, type, -1, Casts.Context.IMPLICIT, p));
        }
        // the type needs a btree ordering: the comparison operator's resolution says whether it has one
        Operators.resolveBinary("<", type, type, p);
        return new Expr.Call(name.toLowerCase(Locale.ROOT), type, coerced, false, (ctx, v) -> {
            Object best = null;
            for (Object x : v) {
                if (x != null && (best == null || (BtreeCompare.compare(type, x, best) > 0) == greatest
                        && BtreeCompare.compare(type, x, best) != 0)) {
                    best = x;
                }
            }
            return best;
        });
    }

    private Expr sqlValueFunction(ParseState ps, PgQuery.SQLValueFunction f) {
        int p = pos(ps, f.getLocation());
        return switch (f.getOp()) {
            case SVFOP_CURRENT_DATE -> new Expr.Call("current_date", PgType.DATE, List.of(), true, (ctx, a) ->
                    LocalDateTime.ofInstant(ctx.session().transactionStart(), ctx.output().zone()).toLocalDate());
            case SVFOP_CURRENT_TIMESTAMP -> call(ps, "now", List.of(), p);
            case SVFOP_LOCALTIMESTAMP -> new Expr.Call("localtimestamp", PgType.TIMESTAMP, List.of(), true,
                    (ctx, a) -> LocalDateTime.ofInstant(ctx.session().transactionStart(), ctx.output().zone()));
            case SVFOP_CURRENT_ROLE, SVFOP_CURRENT_USER, SVFOP_USER -> call(ps, "current_user", List.of(), p);
            case SVFOP_SESSION_USER -> call(ps, "session_user", List.of(), p);
            case SVFOP_CURRENT_CATALOG -> call(ps, "current_database", List.of(), p);
            case SVFOP_CURRENT_SCHEMA -> call(ps, "current_schema", List.of(), p);
            case SVFOP_CURRENT_TIMESTAMP_N -> call(ps, "current_timestamp", precision(f, p), p);
            case SVFOP_LOCALTIMESTAMP_N -> call(ps, "localtimestamp", precision(f, p), p);
            case SVFOP_CURRENT_TIME -> call(ps, "current_time", List.of(), p);
            case SVFOP_CURRENT_TIME_N -> call(ps, "current_time", precision(f, p), p);
            case SVFOP_LOCALTIME -> call(ps, "localtime", List.of(), p);
            case SVFOP_LOCALTIME_N -> call(ps, "localtime", precision(f, p), p);
            default -> throw Unsupported.of(f.getOp().toString());
        };
    }

    /** The precision of CURRENT_TIMESTAMP(p) and friends, as their function's argument. */
    private static List<Expr> precision(PgQuery.SQLValueFunction f, int p) {
        return List.of(new Expr.Const(PgType.INT4, f.getTypmod(), p));
    }

    // ---------------------------------------------------------------- functions, aggregates, windows

    private Expr funcCall(ParseState ps, PgQuery.FuncCall f) {
        int p = pos(ps, f.getLocation());
        String name = functionName(ps, f.getFuncnameList(), p);
        if (f.getAggWithinGroup()) {
            return orderedSetAggregate(ps, f, name, p);
        }
        if (f.hasOver()) {
            return windowFunc(ps, f, name, p);
        }
        if (Aggregates.isAggregate(name) || UserAggregates.exists(ps, name)) {
            return aggregate(ps, f, name, p);
        }
        boolean known = Functions.exists(name) || stmt(ps).functions != null && stmt(ps).functions.exists(name);
        if (known && (f.getAggStar() || f.getAggDistinct() || f.getAggOrderCount() > 0 || f.hasAggFilter())) {
            String what = f.getAggStar() ? "*" : f.getAggDistinct() ? "DISTINCT" : f.getAggOrderCount() > 0
                    ? "ORDER BY" : "FILTER";
            if (f.hasAggFilter()) {
                throw PgException.error(SqlState.WRONG_OBJECT_TYPE, "FILTER specified, but " + name
                        + " is not an aggregate function").withPosition(p);
            }
            throw PgException.error(SqlState.WRONG_OBJECT_TYPE, what + " specified, but " + name
                    + " is not an aggregate function").withPosition(p);
        }
        List<FunctionParameters.Argument> written = new ArrayList<>();
        for (Node n : f.getArgsList()) {
            written.add(n.hasNamedArgExpr()
                    ? new FunctionParameters.Argument(n.getNamedArgExpr().getName(), expr(ps,
                            n.getNamedArgExpr().getArg()), pos(ps, n.getNamedArgExpr().getLocation()))
                    : new FunctionParameters.Argument(null, expr(ps, n), location(ps, n)));
        }
        boolean asProcedure = stmt(ps).procedureCall == f;
        UserFunctionCalls.Resolved user = UserFunctionCalls.resolve(this, ps, name, written, f.getFuncVariadic(), p,
                asProcedure);
        if (asProcedure || user == null && stmt(ps).functions != null && stmt(ps).functions.exists(name)) {
            // CALL names procedures only, and a query functions only (ParseFuncOrColumn's objtype checks)
            UserFunctionCalls.Resolved other = user != null ? null : UserFunctionCalls.resolve(this, ps, name, written,
                    f.getFuncVariadic(), p, !asProcedure);
            String called = Messages.signature(name, written.stream().map(a -> a.value().type()).toList());
            if (other != null) {
                throw asProcedure ? Messages.notAProcedure(called, p) : Messages.isAProcedure(called, p);
            }
            if (asProcedure && user == null) {
                throw Messages.procedureDoesNotExist(called, p);
            }
        }
        if (user != null) {
            if (user.function().returnsSet()) {
                Expr.SetFunction srf = UserFunctionCalls.setCall(user, p);
                checkTargetSetFunction(ps, p);
                if (!user.function().composite()) {
                    ps.targetSetFunctions.add(srf);
                    return srf;
                }
                // one record per row, of the function's row type: (f(x)).field and (f(x)).* select from it
                SqlFunction fn = user.function();
                CompositeType rowType = fn.rowType() == null || ps.statement.domains == null ? null
                        : ps.statement.domains.composite(fn.rowType());
                if (rowType == null) {
                    CompositeType fields = SetFunctions.recordType(fn.outNames(), srf.columnTypes());
                    rowType = new CompositeType(0, fn.rowType() == null ? fields.name() : fn.rowType(),
                            fields.fields());
                }
                srf = UserFunctionCalls.recordSetCall(srf, fn);
                ps.targetSetFunctions.add(srf);
                return CompositeValues.typed(srf, rowType);
            }
            Expr inlined = UserFunctionCalls.inline(ps, user);
            Expr call = inlined != null ? inlined : UserFunctionCalls.scalarCall(user);
            CompositeType rowType = user.function().rowType() == null || ps.statement.domains == null ? null
                    : ps.statement.domains.composite(user.function().rowType());
            // RETURNS t of a named composite: the value is of t ((f(x)).field, (f(x)).*)
            return rowType != null && call.type() == PgType.RECORD
                    ? composites.coerce(ps, call, rowType, Casts.Context.IMPLICIT, p, null) : call;
        }
        if (f.getFuncVariadic() && JsonFunctions.isPolymorphic(name)) {
            Expr json = JsonFunctions.variadicCall(name,
                    written.stream().map(FunctionParameters.Argument::value).toList());
            if (json != null) {
                return json;
            }
        }
        if (f.getFuncVariadic()) {
            return variadicArrayCall(ps, f, written.stream().map(FunctionParameters.Argument::value).toList(), name,
                    p);
        }
        List<Expr> args = FunctionParameters.anyNamed(written) ? FunctionParameters.positional(name, written, p)
                : new ArrayList<>(written.stream().map(FunctionParameters.Argument::value).toList());
        if (name.equals("pg_typeof") && args.size() == 1) {
            return new Expr.Const(PgType.REGTYPE, typeOf(args.getFirst()), p);
        }
        if (JsonFunctions.isPolymorphic(name)) {
            Expr json = JsonFunctions.call(name, args, p);
            if (json != null) {
                return json;
            }
        }
        Expr enumFunction = EnumValues.function(name, args);
        if (enumFunction != null) {
            return enumFunction;
        }
        if (SetFunctions.isSetFunction(name)) {
            checkTargetSetFunction(ps, p);
            if (name.equals("unnest") && args.size() > 1) {
                // several arrays only in FROM (ROWS FROM); pg_proc's unnest takes one
                throw Messages.functionDoesNotExist(Messages.signature(name,
                        args.stream().map(Expr::type).toList()), p);
            }
            Expr.SetFunction srf = SetFunctions.resolve(this, ps, name, args, p);
            List<String> fields = SetFunctions.recordColumns(name);
            if (fields != null) {
                // json[b]_each, _pg_expandarray... in the target list: one record per row, whose fields
                // (f(x)).field selects
                CompositeType rowType = SetFunctions.recordType(fields, srf.columnTypes());
                srf = SetFunctions.asRecords(srf, fields);
                ps.targetSetFunctions.add(srf);
                return CompositeValues.typed(srf, rowType);
            }
            if (srf.columnTypes().size() != 1) {
                throw Unsupported.of("set-returning functions of several columns in the target list");
            }
            ps.targetSetFunctions.add(srf);
            return srf;
        }
        try {
            return call(ps, name, args, p);
        } catch (PgException e) {
            if (f.getFuncnameCount() < 2 || !SqlState.UNDEFINED_FUNCTION.equals(e.sqlState())) {
                throw e;
            }
            // func_signature_string names the function as written: gram.y writes pg_catalog.btrim for TRIM(...)
            throw Messages.functionDoesNotExist(Messages.signature(dotted(f.getFuncnameList()),
                    args.stream().map(Expr::type).toList()), p);
        }
    }

    /** A set-returning function in the target list runs in a ProjectSet node (PostgreSQL 10's rule). */
    private static void checkTargetSetFunction(ParseState ps, int p) {
        if (ps.exprKind != null) {
            throw PgException.error(SqlState.FEATURE_NOT_SUPPORTED, "set-returning functions are not allowed in "
                    + ps.exprKind).withPosition(p);
        }
        if (ps.inAggregate) {
            throw PgException.error(SqlState.FEATURE_NOT_SUPPORTED,
                    "aggregate function calls cannot contain set-returning function calls").withPosition(p);
        }
        if (!ps.targetListActive) {
            throw Unsupported.of("set-returning functions outside the target list");
        }
    }

    /**
     * {@code f(a, VARIADIC arr)}: the array's elements are f's variadic arguments. osgres's variadic functions
     * take VARIADIC "any" (format, concat, concat_ws), which PostgreSQL hands the array itself: its elements
     * reach the function as their text output; a null array makes concat and concat_ws null and gives format no
     * arguments, as their C code does.
     */
    private Expr variadicArrayCall(ParseState ps, PgQuery.FuncCall f, List<Expr> analysed, String name, int p) {
        List<Expr> args = new ArrayList<>(analysed);
        Expr array = args.removeLast();
        if (array.type() == PgType.UNKNOWN) {
            array = coerce(ps, array, PgType.TEXT_ARRAY, -1, Casts.Context.IMPLICIT, p);
        }
        if (!array.type().isArray()) {
            throw PgException.error(SqlState.DATATYPE_MISMATCH, "VARIADIC argument must be an array")
                    .withPosition(location(ps, f.getArgsList().getLast()));
        }
        List<PgType> fixedTypes = args.stream().map(Expr::type).toList();
        Functions.Function fn = Functions.resolveVariadicArray(name, fixedTypes, array.type(), p);
        int fixed = args.size();
        List<Expr> coerced = new ArrayList<>();
        for (int i = 0; i < fixed; i++) {
            coerced.add(coerce(ps, args.get(i), fn.argTypes().get(i), -1, Casts.Context.IMPLICIT, p));
        }
        coerced.add(array);
        PgType element = array.type().elementType();
        boolean nullMeansNoArguments = name.equals("format");
        boolean strict = fn.strict();
        Expr.Implementation inner = fn.implementation();
        return new Expr.Call(name, fn.result(), coerced, false, (ctx, v) -> {
            osgres.storage.ArrayValue a = (osgres.storage.ArrayValue) v[fixed];
            if (a == null && !nullMeansNoArguments) {
                return null;
            }
            Object[] elements = a == null ? new Object[0] : a.elements();
            Object[] expanded = java.util.Arrays.copyOf(v, fixed + elements.length);
            for (int i = 0; i < elements.length; i++) {
                Object e = elements[i];
                expanded[fixed + i] = e == null || element.isString() ? e : TypeIo.output(element, e, ctx.output());
            }
            if (strict) {
                for (Object x : expanded) {
                    if (x == null) {
                        return null;
                    }
                }
            }
            return inner.call(ctx, expanded);
        });
    }

    Expr call(ParseState ps, String name, List<Expr> args, int p) {
        List<PgType> types = args.stream().map(Expr::type).toList();
        if (isFunctionStyleCast(name, types)) {
            return coerce(ps, args.getFirst(), PgType.byName(name), -1, Casts.Context.EXPLICIT, p);
        }
        Functions.Function fn = Functions.resolve(name, types, p);
        List<Expr> coerced = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            coerced.add(coerce(ps, args.get(i), fn.argTypes().get(i), -1, Casts.Context.IMPLICIT, p));
        }
        return new Expr.Call(name, fn.result(), coerced, fn.strict(), fn.implementation());
    }

    /**
     * func_get_detail's coercion rule: a call of one argument named after a type, where no function takes exactly
     * that argument type, is a cast (date('2020-01-01'), text(123), float8('1.5')); PostgreSQL's cast functions
     * are named after their target types, so any explicit cast stands for them.
     */
    private static boolean isFunctionStyleCast(String name, List<PgType> types) {
        PgType target = PgType.byName(name);
        if (types.size() != 1 || target == null || Functions.hasExactMatch(name, types)) {
            return false;
        }
        PgType source = types.getFirst();
        return source == PgType.UNKNOWN || Casts.find(source, target, -1, Casts.Context.EXPLICIT) != null;
    }

    String functionName(ParseState ps, List<Node> names, int p) {
        if (names.size() == 2) {
            String schema = names.getFirst().getString().getSval();
            if (schema.equals("information_schema")) {
                // its functions are known by their qualified names only (SetFunctions.EXPAND_ARRAY)
                return schema + "." + names.getLast().getString().getSval();
            }
            if (!schema.equals("pg_catalog") && !schema.equals("public")) {
                throw PgException.error("3F000", "schema \"" + schema + "\" does not exist").withPosition(p);
            }
        } else if (names.size() > 2) {
            throw Unsupported.of("cross-database function references");
        }
        return names.getLast().getString().getSval();
    }

    private List<Expr> aggregateArguments(ParseState ps, PgQuery.FuncCall f) {
        List<Expr> args = new ArrayList<>();
        for (Node n : f.getArgsList()) {
            args.add(expr(ps, n));
        }
        return builtinAggregateArguments(ps, args);
    }

    private List<Expr> builtinAggregateArguments(ParseState ps, List<Expr> args) {
        args = new ArrayList<>(args);
        // an unknown argument is text, unless another is bytea: string_agg(bytea, '') is string_agg(bytea, bytea)
        boolean bytea = args.stream().anyMatch(e -> e.type() == PgType.BYTEA);
        args.replaceAll(e -> e.type() != PgType.UNKNOWN ? e
                : coerce(ps, e, bytea ? PgType.BYTEA : PgType.TEXT, -1, Casts.Context.IMPLICIT, 0));
        return args;
    }

    private Expr aggregate(ParseState ps, PgQuery.FuncCall f, String name, int p) {
        if (ps.inAggregate) {
            throw PgException.error(SqlState.GROUPING_ERROR, "aggregate function calls cannot be nested")
                    .withPosition(p);
        }
        ps.inAggregate = true;
        try {
            Aggregate agg;
            List<Expr> args;
            AggregateDefinition user = null;
            List<Expr> written = new ArrayList<>();
            if (f.getAggStar()) {
                user = UserAggregates.choose(ps, name, List.of(), p);
            } else {
                for (Node n : f.getArgsList()) {
                    written.add(expr(ps, n));
                }
                user = UserAggregates.choose(ps, name, written.stream().map(Expr::type).toList(), p);
            }
            if (user != null) {
                agg = UserAggregates.aggregate(user, stmt(ps).functions);
                args = new ArrayList<>();
                for (int i = 0; i < written.size(); i++) {
                    args.add(coerce(ps, written.get(i), agg.argTypes().get(i), -1, Casts.Context.IMPLICIT, p));
                }
            } else if (f.getAggStar()) {
                if (!name.equals("count")) {
                    // ParseFuncOrColumn looks the name up with no arguments
                    throw Messages.functionDoesNotExist(name + (Aggregates.isAggregate(name) ? "(*)" : "()"), p);
                }
                agg = Aggregates.countStar();
                args = List.of();
            } else {
                if ((name.equals("json_agg") || name.equals("jsonb_agg")) && written.size() == 1
                        && written.getFirst().type() == PgType.UNKNOWN) {
                    // json[b]_agg(anyelement): a literal of no type says nothing
                    throw PgException.error(SqlState.DATATYPE_MISMATCH,
                            "could not determine polymorphic type because input has type unknown");
                }
                args = builtinAggregateArguments(ps, written);
                if (!Aggregates.isAggregate(name)) {
                    throw Messages.functionDoesNotExist(Messages.signature(name,
                            args.stream().map(Expr::type).toList()), p);
                }
                agg = Aggregates.resolve(name, args.stream().map(Expr::type).toList(), p);
                List<Expr> coerced = new ArrayList<>();
                for (int i = 0; i < args.size(); i++) {
                    coerced.add(coerce(ps, args.get(i), agg.argTypes().get(i), -1, Casts.Context.IMPLICIT, p));
                }
                args = coerced;
            }
            Expr filter = f.hasAggFilter() ? condition(ps, f.getAggFilter(), "FILTER") : null;
            List<Expr.OrderKey> order = new ArrayList<>();
            for (Node n : f.getAggOrderList()) {
                order.add(orderKey(ps, n.getSortBy()));
            }
            return OuterAggregates.place(ps, new Expr.Aggref(agg, args, f.getAggStar(), f.getAggDistinct(), filter,
                    order, agg.result(), p));
        } finally {
            ps.inAggregate = false;
        }
    }

    /**
     * {@code agg(direct) WITHIN GROUP (ORDER BY sorted)}: an Aggref whose arguments are the direct ones then the sorted
     * ones, with the WITHIN GROUP keys as its ORDER BY (OrderedSetAggregates).
     */
    private Expr orderedSetAggregate(ParseState ps, PgQuery.FuncCall f, String name, int p) {
        if (f.hasOver()) {
            throw PgException.error(SqlState.WRONG_OBJECT_TYPE, "OVER is not supported for ordered-set aggregate "
                    + name).withPosition(p);
        }
        if (ps.inAggregate) {
            throw PgException.error(SqlState.GROUPING_ERROR, "aggregate function calls cannot be nested")
                    .withPosition(p);
        }
        ps.inAggregate = true;
        try {
            List<Expr> direct = new ArrayList<>();
            for (Node n : f.getArgsList()) {
                direct.add(expr(ps, n));
            }
            List<Expr.OrderKey> keys = new ArrayList<>();
            List<Expr> sorted = new ArrayList<>();
            for (Node n : f.getAggOrderList()) {
                Expr.OrderKey k = orderKey(ps, n.getSortBy());
                keys.add(k);
                sorted.add(k.expr());
            }
            boolean hypothetical = OrderedSetAggregates.isHypothetical(name);
            if (hypothetical && direct.size() == sorted.size()) {
                // a hypothetical row's values and the sorted columns share their types
                for (int i = 0; i < direct.size(); i++) {
                    PgType t = commonType("WITHIN GROUP", List.of(direct.get(i), sorted.get(i)));
                    direct.set(i, coerce(ps, direct.get(i), t, -1, Casts.Context.IMPLICIT, p));
                    Expr.OrderKey k = keys.get(i);
                    keys.set(i, new Expr.OrderKey(coerce(ps, k.expr(), t, -1, Casts.Context.IMPLICIT, p),
                            k.descending(), k.nullsFirst()));
                    sorted.set(i, keys.get(i).expr());
                }
            }
            Aggregate agg = !OrderedSetAggregates.isOrderedSet(name) ? null
                    : OrderedSetAggregates.resolve(name, direct.stream().map(Expr::type).toList(),
                            sorted.stream().map(Expr::type).toList(), keys);
            if (agg == null) {
                // PostgreSQL looks the function up by all its arguments, direct and sorted
                List<PgType> types = new ArrayList<>(direct.stream().map(Expr::type).toList());
                types.addAll(sorted.stream().map(Expr::type).toList());
                throw Messages.functionDoesNotExist(Messages.signature(name, types), p);
            }
            List<Expr> args = new ArrayList<>();
            List<Expr> all = new ArrayList<>(direct);
            all.addAll(sorted);
            for (int i = 0; i < all.size(); i++) {
                args.add(coerce(ps, all.get(i), agg.argTypes().get(i), -1, Casts.Context.IMPLICIT, p));
            }
            Expr filter = f.hasAggFilter() ? condition(ps, f.getAggFilter(), "FILTER") : null;
            return OuterAggregates.place(ps, new Expr.Aggref(agg, args, false, false, filter, keys, agg.result(), p));
        } finally {
            ps.inAggregate = false;
        }
    }

    Expr.OrderKey orderKey(ParseState ps, PgQuery.SortBy s) {
        Expr e = resolved(ps, s.getNode());
        if (s.getUseOpCount() > 0) {
            throw Unsupported.of("ORDER BY USING");
        }
        boolean desc = s.getSortbyDir() == PgQuery.SortByDir.SORTBY_DESC;
        boolean nullsFirst = switch (s.getSortbyNulls()) {
            case SORTBY_NULLS_FIRST -> true;
            case SORTBY_NULLS_LAST -> false;
            default -> desc;
        };
        // the type needs an ordering
        Operators.resolveBinary("<", e.type(), e.type(), location(ps, s.getNode()));
        return new Expr.OrderKey(e, desc, nullsFirst);
    }

    private Expr windowFunc(ParseState ps, PgQuery.FuncCall f, String name, int p) {
        if (ps.exprKind != null) {
            throw PgException.error(SqlState.WINDOWING_ERROR, "window functions are not allowed in " + ps.exprKind)
                    .withPosition(p);
        }
        if (ps.inAggregate) {
            throw PgException.error(SqlState.GROUPING_ERROR,
                    "aggregate function calls cannot contain window function calls").withPosition(p);
        }
        if (f.getAggDistinct()) {
            throw PgException.error(SqlState.FEATURE_NOT_SUPPORTED,
                    "DISTINCT is not implemented for window functions").withPosition(p);
        }
        if (f.getAggOrderCount() > 0) {
            throw PgException.error(SqlState.FEATURE_NOT_SUPPORTED,
                    "aggregate ORDER BY is not implemented for window functions").withPosition(p);
        }
        WindowFunctions.Function fn;
        List<Expr> args;
        AggregateDefinition userStar = f.getAggStar() ? UserAggregates.choose(ps, name, List.of(), p) : null;
        if (userStar != null) {
            fn = WindowFunctions.ofAggregate(UserAggregates.aggregate(userStar, stmt(ps).functions));
            args = List.of();
        } else if (f.getAggStar()) {
            if (!name.equals("count")) {
                throw Messages.functionDoesNotExist(name + "(*)", p);
            }
            fn = WindowFunctions.ofAggregate(Aggregates.countStar());
            args = List.of();
        } else {
            ps.inAggregate = true;
            try {
                args = aggregateArguments(ps, f);
            } finally {
                ps.inAggregate = false;
            }
            List<PgType> types = args.stream().map(Expr::type).toList();
            fn = WindowFunctions.resolve(name, types);
            AggregateDefinition user = fn == null ? UserAggregates.choose(ps, name, types, p) : null;
            if (user != null) {
                fn = WindowFunctions.ofAggregate(UserAggregates.aggregate(user, stmt(ps).functions));
            } else if (fn == null) {
                if (!Aggregates.isAggregate(name)) {
                    if (Functions.exists(name) && !WindowFunctions.isWindowFunction(name)) {
                        throw PgException.error(SqlState.WRONG_OBJECT_TYPE, "OVER specified, but " + name
                                + " is not a window function nor an aggregate function").withPosition(p);
                    }
                    throw Messages.functionDoesNotExist(Messages.signature(name, types), p);
                }
                fn = WindowFunctions.ofAggregate(Aggregates.resolve(name, types, p));
            }
            List<Expr> coerced = new ArrayList<>();
            for (int i = 0; i < args.size(); i++) {
                coerced.add(coerce(ps, args.get(i), fn.argTypes().get(i), -1, Casts.Context.IMPLICIT, p));
            }
            args = coerced;
        }
        Expr filter = f.hasAggFilter() ? condition(ps, f.getAggFilter(), "FILTER") : null;
        if (filter != null && fn.kind() != WindowFunctions.Kind.AGGREGATE) {
            throw PgException.error(SqlState.WRONG_OBJECT_TYPE,
                    "FILTER is not implemented for non-aggregate window functions").withPosition(p);
        }
        int window = analyzer.windowFor(ps, f.getOver(), p);
        Expr.WindowFunc w = new Expr.WindowFunc(fn, args, filter, window, fn.result(), p);
        ps.windowFuncs.add(w);
        return w;
    }

    // ---------------------------------------------------------------- casts and subqueries

    private Expr typeCast(ParseState ps, PgQuery.TypeCast c) {
        Expr arg = c.getArg().hasAArrayExpr() && c.getTypeName().getArrayBoundsCount() > 0 ? null
                : expr(ps, c.getArg());
        int p = pos(ps, c.getLocation());
        PgQuery.TypeName tn = c.getTypeName();
        Domain domain = domainOf(ps, tn);
        if (domain != null) {
            // coerce_to_domain: to the base type, then the domain's checks
            int typePosition = pos(ps, tn.getLocation());
            Expr base = arg instanceof Expr.Const k && k.type() == PgType.UNKNOWN
                    ? coerce(ps, arg, domain.base(), domain.typmod(), Casts.Context.EXPLICIT,
                            typePosition > 0 ? k.location() : p)
                    : coerce(ps, arg, domain.base(), domain.typmod(), Casts.Context.EXPLICIT, p);
            return new Expr.CoerceToDomain(base, domain, p);
        }
        CompositeType composite = compositeOf(ps, tn);
        if (composite != null) {
            return composites.coerce(ps, arg, composite, Casts.Context.EXPLICIT, p, null);
        }
        EnumType enumType = enumOf(ps, tn);
        if (enumType != null) {
            return EnumValues.coerce(this, ps, arg, enumType, Casts.Context.EXPLICIT, p, null);
        }
        PgType target = typeOf(ps, tn);
        if (target == PgType.INTERVAL && tn.getTypmodsCount() > 0) {
            return intervalCast(ps, arg, tn, p);
        }
        int typmod = typmodOf(ps, tn, target);
        int typePosition = pos(ps, tn.getLocation());
        if (c.getArg().hasAArrayExpr() && target.isArray()) {
            // ARRAY[...]::t[]: the elements take the cast's element type (transformArrayExpr's array_type)
            arg = arrays.arrayExpr(ps, c.getArg().getAArrayExpr(), target);
        }
        if (arg instanceof Expr.Const k && k.type() == PgType.UNKNOWN) {
            // a typed literal ('...'::t, t '...'): input errors point at the literal
            return coerce(ps, arg, target, typmod, Casts.Context.EXPLICIT, typePosition > 0 ? k.location() : p);
        }
        return coerce(ps, arg, target, typmod, Casts.Context.EXPLICIT, p);
    }

    /**
     * interval with its grammar-made modifiers: a field mask ({@code interval '1' day}, {@code year to month}) and
     * an optional precision ({@code interval(2)}); a literal is read with the mask's lowest field as the unit of a
     * bare number and truncated to it, as interval_in does with a typmod.
     */
    private Expr intervalCast(ParseState ps, Expr arg, PgQuery.TypeName tn, int p) {
        List<Integer> mods = new ArrayList<>();
        for (Node n : tn.getTypmodsList()) {
            if (!n.hasAConst() || n.getAConst().getValCase() != PgQuery.A_Const.ValCase.IVAL) {
                throw Unsupported.of("interval modifiers that are not integers");
            }
            mods.add(n.getAConst().getIval().getIval());
        }
        int mask = mods.getFirst();
        IntervalInput.Unit unit = lowestField(mask);
        Expr value;
        if (arg instanceof Expr.Const c && c.type() == PgType.UNKNOWN && c.value() != null) {
            try {
                value = new Expr.Const(PgType.INTERVAL, IntervalInput.restrict(IntervalInput.parse((String) c.value(),
                        unit), unit), c.location());
            } catch (PgException ex) {
                throw ex.position() == 0 ? ex.withPosition(c.location()) : ex;
            }
        } else {
            value = coerce(ps, arg, PgType.INTERVAL, -1, Casts.Context.EXPLICIT, p);
        }
        if (mods.size() > 1) {
            int typmod = Casts.typmod(PgType.INTERVAL, List.of(mods.get(1)), pos(ps, tn.getLocation()));
            value = coerce(ps, value, PgType.INTERVAL, typmod, Casts.Context.EXPLICIT, p);
        }
        return value;
    }

    /** The finest field of an INTERVAL_MASK (datetime.h's bit numbers); null for the full range. */
    private static IntervalInput.Unit lowestField(int mask) {
        if (mask == 0x7FFF) {
            return null;
        }
        if ((mask & (1 << 12)) != 0) {
            return IntervalInput.Unit.SECOND;
        }
        if ((mask & (1 << 11)) != 0) {
            return IntervalInput.Unit.MINUTE;
        }
        if ((mask & (1 << 10)) != 0) {
            return IntervalInput.Unit.HOUR;
        }
        if ((mask & (1 << 3)) != 0) {
            return IntervalInput.Unit.DAY;
        }
        if ((mask & (1 << 1)) != 0) {
            return IntervalInput.Unit.MONTH;
        }
        if ((mask & (1 << 2)) != 0) {
            return IntervalInput.Unit.YEAR;
        }
        return null;
    }

    /**
     * The name of a user-defined type a type name may name (unqualified or in public, no built-in type's name, no
     * array bounds), or null; when it is one, the plan depends on the catalog's types (a later DDL may change it).
     */
    private static String userTypeName(ParseState ps, PgQuery.TypeName tn) {
        if (ps.statement.domains == null || tn.getArrayBoundsCount() > 0) {
            return null;
        }
        List<Node> names = tn.getNamesList();
        String last = names.getLast().getString().getSval();
        if (names.size() > 2 || names.size() == 2 && !names.getFirst().getString().getSval().equals("public")
                || PgType.byName(last) != null) {
            return null;
        }
        return last;
    }

    /** The domain a type name names, or null. */
    static Domain domainOf(ParseState ps, PgQuery.TypeName tn) {
        String name = userTypeName(ps, tn);
        Domain d = name == null ? null : ps.statement.domains.named(name);
        ps.statement.callsUserFunctions |= d != null;
        return d;
    }

    /** The composite type a type name names (CREATE TYPE's or a table's row type), or null. */
    static CompositeType compositeOf(ParseState ps, PgQuery.TypeName tn) {
        String name = userTypeName(ps, tn);
        CompositeType c = name == null ? null : ps.statement.domains.composite(name);
        ps.statement.callsUserFunctions |= c != null;
        return c;
    }

    /** The enum type a type name names, or null. */
    static EnumType enumOf(ParseState ps, PgQuery.TypeName tn) {
        String name = userTypeName(ps, tn);
        EnumType e = name == null ? null : ps.statement.domains.enumNamed(name);
        ps.statement.callsUserFunctions |= e != null;
        return e;
    }

    /**
     * A column of a composite or enum type reads as a value of the type (its stored text parsed), others as they
     * are.
     */
    private static Expr compositeColumn(ParseState ps, Expr found) {
        if (!(found instanceof Expr.Var v) || v.attno() < 0 || ps.statement.domains == null) {
            return found;
        }
        return typedColumn(ps.level(v.levelsUp()), v);
    }

    /** {@link #compositeColumn} of Var {@code v} of entry {@code v.varno()} of {@code owner}. */
    static Expr typedColumn(ParseState owner, Expr.Var v) {
        ParseState ps = owner;
        if (ps.statement.domains == null || v.attno() < 0) {
            return v;
        }
        Expr found = v;
        if (ps.entry(v.varno()) instanceof Query.RelationEntry r && v.attno() < r.table().columns().size()
                && r.table().columns().get(v.attno()).typeOid() == PgType.TEXT.oid()) {
            int type = r.table().columns().get(v.attno()).domain();
            CompositeType c = type == 0 ? null : ps.statement.domains.compositeByOid(type);
            if (c != null) {
                ps.statement.callsUserFunctions = true;
                return CompositeValues.column(found, c);
            }
            EnumType e = type == 0 ? null : ps.statement.domains.enumByOid(type);
            if (e != null) {
                ps.statement.callsUserFunctions = true;
                return EnumValues.column(found, e);
            }
        }
        Query source = null;
        if (ps.entry(v.varno()) instanceof Query.SubqueryEntry sub) {
            source = sub.subquery();
        } else if (ps.entry(v.varno()) instanceof Query.CteEntry cte && !cte.selfReference()) {
            ParseState.CteScope scope = ps.findCte(cte.cteName(), new int[1]);
            source = scope == null || scope.table == null || scope.table.modifying() || scope.table.recursive()
                    ? null : scope.table.query();
        }
        if (source != null && (v.type() == PgType.RECORD || v.type() == PgType.ANYENUM)) {
            // a subquery's (a view's, a WITH query's) output of a named type stays of that type
            List<Query.TargetEntry> visible = source.targetList().stream().filter(t -> !t.junk()).toList();
            Expr out = v.attno() < visible.size() ? visible.get(v.attno()).expr() : null;
            if (out != null && CompositeValues.typeOf(out) != null) {
                return CompositeValues.typed(found, CompositeValues.typeOf(out));
            }
            if (out != null && EnumValues.typeOf(out) != null) {
                return EnumValues.typed(found, EnumValues.typeOf(out));
            }
        }
        return found;
    }

    PgType typeOf(ParseState ps, PgQuery.TypeName tn) {
        int p = pos(ps, tn.getLocation());
        if (tn.getSetof() || tn.getPctType()) {
            throw Unsupported.of("SETOF and %TYPE");
        }
        List<Node> names = tn.getNamesList();
        String last = names.getLast().getString().getSval();
        String schema = names.size() == 2 ? names.getFirst().getString().getSval() : null;
        // user types live in public (pg_dump names them public.t), built-in ones in pg_catalog
        if (schema != null && !schema.equals("pg_catalog") && !schema.equals("public")) {
            throw Messages.typeDoesNotExist(schema + "." + last, p);
        }
        PgType t = "public".equals(schema) ? null : PgType.byName(last);
        if (t == null && ps.statement.domains != null && ps.statement.domains.named(last) != null) {
            t = ps.statement.domains.named(last).base();
            ps.statement.callsUserFunctions = true;
        }
        if (t == null) {
            throw Messages.typeDoesNotExist(schema == null ? last : schema + "." + last, p);
        }
        if (tn.getArrayBoundsCount() > 0) {
            if (t.arrayType() == null) {
                throw Messages.typeDoesNotExist(last + "[]", p);
            }
            return t.arrayType();
        }
        return t;
    }

    int typmodOf(ParseState ps, PgQuery.TypeName tn, PgType type) {
        if (tn.getTypmodsCount() == 0) {
            return -1;
        }
        List<Integer> modifiers = new ArrayList<>();
        for (Node n : tn.getTypmodsList()) {
            if (!n.hasAConst() || n.getAConst().getValCase() != PgQuery.A_Const.ValCase.IVAL) {
                throw Unsupported.of("type modifiers that are not integers");
            }
            modifiers.add(n.getAConst().getIval().getIval());
        }
        return Casts.typmod(type, modifiers, pos(ps, tn.getLocation()));
    }

    private Expr subLink(ParseState ps, PgQuery.SubLink s) {
        int p = pos(ps, s.getLocation());
        Query sub = analyzer.subquery(ps, s.getSubselect());
        int visible = sub.visibleCount();
        return switch (s.getSubLinkType()) {
            case EXISTS_SUBLINK -> new Expr.SubQuery(Expr.SubQueryKind.EXISTS, sub, List.of(), null, PgType.BOOL, p);
            case EXPR_SUBLINK -> {
                if (visible != 1) {
                    throw PgException.error(SqlState.SYNTAX_ERROR, "subquery must return only one column")
                            .withPosition(p);
                }
                PgType t = sub.targetList().getFirst().expr().type();
                yield new Expr.SubQuery(Expr.SubQueryKind.SCALAR, sub, List.of(), null, t, p);
            }
            case ARRAY_SUBLINK -> {
                if (visible != 1) {
                    throw PgException.error(SqlState.SYNTAX_ERROR, "subquery must return only one column")
                            .withPosition(p);
                }
                PgType t = ArrayAnalyzer.subqueryArrayType(sub.targetList().getFirst().expr().type(), p);
                yield new Expr.SubQuery(Expr.SubQueryKind.ARRAY, sub, List.of(), null, t, p);
            }
            case ANY_SUBLINK, ALL_SUBLINK -> {
                if (s.getTestexpr().hasRowExpr()) {
                    yield rowSubLink(ps, s, sub, visible, p);
                }
                if (visible != 1) {
                    throw PgException.error(SqlState.SYNTAX_ERROR, visible > 1 ? "subquery has too many columns"
                            : "subquery has too few columns").withPosition(p);
                }
                String op = s.getOperNameCount() == 0 ? "=" : lastName(s.getOperNameList());
                Expr left = expr(ps, s.getTestexpr());
                Expr.SubQueryColumn column = new Expr.SubQueryColumn(0, sub.targetList().getFirst().expr().type());
                Expr test = operator(ps, op, left, column, p);
                if (test.type() != PgType.BOOL) {
                    throw PgException.error(SqlState.DATATYPE_MISMATCH, "operator " + op
                            + " must return type boolean, not type " + test.type().sqlName()).withPosition(p);
                }
                Expr.SubQueryKind kind = s.getSubLinkType() == PgQuery.SubLinkType.ANY_SUBLINK
                        ? Expr.SubQueryKind.ANY : Expr.SubQueryKind.ALL;
                yield new Expr.SubQuery(kind, sub, List.of(left), test, PgType.BOOL, p);
            }
            default -> throw Unsupported.of("sublink " + s.getSubLinkType());
        };
    }

    /** {@code (a, b) op (SELECT x, y)}: the row compared with the subquery's one row. */
    private Expr rowSubLink(ParseState ps, PgQuery.SubLink s, int p) {
        Query sub = analyzer.subquery(ps, s.getSubselect());
        return rowSubLink(ps, s, sub, sub.visibleCount(), p);
    }

    /** {@code (a, b) IN (SELECT x, y ...)} / {@code op ANY|ALL}: the row compared with the subquery's columns. */
    private Expr rowSubLink(ParseState ps, PgQuery.SubLink s, Query sub, int visible, int p) {
        List<Expr> left = new ArrayList<>();
        for (Node n : s.getTestexpr().getRowExpr().getArgsList()) {
            left.add(expr(ps, n));
        }
        if (visible != left.size()) {
            throw PgException.error(SqlState.SYNTAX_ERROR, visible > left.size() ? "subquery has too many columns"
                    : "subquery has too few columns").withPosition(p);
        }
        String op = s.getOperNameCount() == 0 ? "=" : lastName(s.getOperNameList());
        List<Expr> columns = new ArrayList<>();
        for (int i = 0; i < visible; i++) {
            columns.add(new Expr.SubQueryColumn(i, sub.targetList().get(i).expr().type()));
        }
        Expr test = rows.compare(ps, op, rows.row(ps, left), rows.row(ps, columns), p);
        Expr.SubQueryKind kind = switch (s.getSubLinkType()) {
            case ANY_SUBLINK -> Expr.SubQueryKind.ANY;
            case ROWCOMPARE_SUBLINK -> Expr.SubQueryKind.ROWCOMPARE;
            default -> Expr.SubQueryKind.ALL;
        };
        return new Expr.SubQuery(kind, sub, left, test, PgType.BOOL, p);
    }

    /** pg_typeof's answer: a named composite's or enum's own type, else the built-in type. */
    private static RegType typeOf(Expr e) {
        if (CompositeValues.typeOf(e) != null) {
            return new RegType(CompositeValues.typeOf(e).oid() & 0xFFFFFFFFL,
                    RegClass.quoteIdentifier(CompositeValues.typeOf(e).name()));
        }
        if (EnumValues.typeOf(e) != null) {
            return new RegType(EnumValues.typeOf(e).oid() & 0xFFFFFFFFL,
                    RegClass.quoteIdentifier(EnumValues.typeOf(e).name()));
        }
        return RegType.of(e.type());
    }

    /** A type name regtypein finds without the catalog (a built-in type). */
    private static boolean isBuiltinType(String name) {
        try {
            RegType.builtin(name);
            return true;
        } catch (PgException e) {
            return false;
        }
    }

    // ---------------------------------------------------------------- coercion (parse_coerce.c)

    /** coerce_type(): literals and untyped parameters take the target type, others convert via pg_cast. */
    Expr coerce(ParseState ps, Expr e, PgType target, int typmod, Casts.Context context, int p) {
        if (e.type() == target && typmod < 0) {
            return e;
        }
        Expr typed = e;
        if (target == PgType.REGCLASS && e instanceof Expr.Const c && c.type() == PgType.UNKNOWN) {
            // regclassin needs the catalog: resolved when evaluated, with the literal's position on a miss
            int at = c.location();
            return new Expr.Coerce(new Expr.Const(PgType.TEXT, c.value(), at), target, -1,
                    (v, ctx) -> RegClass.input((String) v, ctx.session().transaction(), at), at);
        }
        if (target == PgType.REGTYPE && e instanceof Expr.Const c && c.type() == PgType.UNKNOWN && c.value() != null
                && !isBuiltinType((String) c.value())) {
            // regtypein of a user type's name needs the catalog: resolved when evaluated, like regclass
            int at = c.location();
            return new Expr.Coerce(new Expr.Const(PgType.TEXT, c.value(), at), target, -1,
                    (v, ctx) -> RegType.input((String) v, ctx.session(), at), at);
        }
        if (e instanceof Expr.Const c && c.type() == PgType.UNKNOWN) {
            Object value = null;
            if (c.value() != null) {
                try {
                    value = TypeIo.input(target, (String) c.value(), ps.statement.zone);
                } catch (PgException ex) {
                    throw ex.position() == 0 ? ex.withPosition(c.location()) : ex;
                }
            }
            typed = new Expr.Const(target, value, c.location());
        } else if (e instanceof Expr.Param prm && prm.type() == PgType.UNKNOWN) {
            ps.statement.parameterTypes.set(prm.number() - 1, target);
            typed = new Expr.Param(prm.number(), target, prm.location());
        }
        if (typed.type() == target && typmod < 0) {
            return typed;
        }
        Casts.Conversion user = typed.type() == target ? null : UserCasts.find(ps, typed.type(), target, context);
        if (user != null) {
            return new Expr.Coerce(typed, target, typmod, user, p);
        }
        Casts.Conversion conversion = Casts.find(typed.type(), target, typmod, context);
        if (conversion == null) {
            throw Messages.cannotCast(typed.type().sqlName(), target.sqlName(), p);
        }
        if (conversion == Casts.IDENTITY && typmod < 0) {
            return typed instanceof Expr.Const c ? new Expr.Const(target, c.value(), c.location())
                    : new Expr.Coerce(typed, target, typmod, conversion, p);
        }
        if (typed instanceof Expr.Const c && typmod < 0 && foldable(c.type(), target)) {
            // eval_const_expressions: an immutable cast of a constant is the constant of the new type
            return new Expr.Const(target, c.value() == null ? null : conversion.convert(c.value(), null),
                    c.location());
        }
        return new Expr.Coerce(typed, target, typmod, conversion, p);
    }

    /** Casts among numeric types and among string types need no session state (no time zone, no output style). */
    private static boolean foldable(PgType from, PgType to) {
        boolean numeric = from.isNumeric() && to.isNumeric() && from != PgType.REGTYPE && to != PgType.REGTYPE
                && from != PgType.OID && to != PgType.OID;
        return numeric || (from.isString() && to.isString() && from != PgType.UNKNOWN);
    }

    /** parse_coerce.c select_common_type: unknowns follow the others, text if all are unknown. */
    static PgType commonType(String construct, List<Expr> exprs) {
        List<PgType> types = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        for (Expr e : exprs) {
            types.add(e.type());
            positions.add(e instanceof Expr.Const c ? c.location() : 0);
        }
        return Casts.commonTypeOf(construct, types, positions);
    }

    // ---------------------------------------------------------------- names

    static String lastName(List<Node> names) {
        return names.getLast().getString().getSval();
    }

    /** FigureColname: the column name PostgreSQL gives an unnamed target-list expression. */
    static String figureName(Node node) {
        Named n = figure(node);
        return n == null ? NO_NAME : n.name();
    }

    /** A figured name and its strength: 2 for a real name, 1 for a type name from a cast (a weaker guess). */
    private record Named(String name, int strength) {
    }

    private static Named strong(String name) {
        return name == null ? null : new Named(name, 2);
    }

    private static Named figure(Node node) {
        return switch (node.getNodeCase()) {
            case COLUMN_REF -> {
                // the last name field: t.* is named t
                String name = null;
                for (Node field : node.getColumnRef().getFieldsList()) {
                    name = field.hasString() ? field.getString().getSval() : name;
                }
                yield strong(name);
            }
            case FUNC_CALL -> strong(lastName(node.getFuncCall().getFuncnameList()));
            case TYPE_CAST -> {
                Named inner = figure(node.getTypeCast().getArg());
                if (inner != null && inner.strength() > 1) {
                    yield inner;
                }
                yield new Named(typeColumnName(node.getTypeCast().getTypeName()), 1);
            }
            case CASE_EXPR -> {
                Named r = node.getCaseExpr().hasDefresult() ? figure(node.getCaseExpr().getDefresult()) : null;
                yield r != null && r.strength() > 1 ? r : new Named("case", 1);
            }
            case COALESCE_EXPR -> strong("coalesce");
            case MIN_MAX_EXPR -> strong(node.getMinMaxExpr().getOp() == PgQuery.MinMaxOp.IS_GREATEST ? "greatest"
                    : "least");
            case A_ARRAY_EXPR -> strong("array");
            case ROW_EXPR -> strong("row");
            case COLLATE_CLAUSE -> figure(node.getCollateClause().getArg());
            case A_INDIRECTION -> {
                List<Node> ind = node.getAIndirection().getIndirectionList();
                Node last = null;
                for (Node n : ind) {
                    last = n.hasString() ? n : last;
                }
                yield last != null ? strong(last.getString().getSval()) : figure(node.getAIndirection().getArg());
            }
            case SUB_LINK -> switch (node.getSubLink().getSubLinkType()) {
                case EXISTS_SUBLINK -> strong("exists");
                case ARRAY_SUBLINK -> strong("array");
                case EXPR_SUBLINK -> {
                    // the subquery's first output column's name, as its analysed target list has it
                    Node sel = node.getSubLink().getSubselect();
                    while (sel.hasSelectStmt() && sel.getSelectStmt().getOp() != PgQuery.SetOperation.SETOP_NONE) {
                        sel = Node.newBuilder().setSelectStmt(sel.getSelectStmt().getLarg()).build();
                    }
                    if (sel.hasSelectStmt() && sel.getSelectStmt().getValuesListsCount() > 0) {
                        yield strong("column1");
                    }
                    if (sel.hasSelectStmt() && sel.getSelectStmt().getTargetListCount() > 0) {
                        PgQuery.ResTarget rt = sel.getSelectStmt().getTargetList(0).getResTarget();
                        yield rt.getName().isEmpty() ? figure(rt.getVal()) : strong(rt.getName());
                    }
                    yield null;
                }
                default -> null;
            };
            case SQLVALUE_FUNCTION -> strong(switch (node.getSqlvalueFunction().getOp()) {
                case SVFOP_CURRENT_DATE -> "current_date";
                case SVFOP_CURRENT_TIME, SVFOP_CURRENT_TIME_N -> "current_time";
                case SVFOP_CURRENT_TIMESTAMP, SVFOP_CURRENT_TIMESTAMP_N -> "current_timestamp";
                case SVFOP_LOCALTIME, SVFOP_LOCALTIME_N -> "localtime";
                case SVFOP_LOCALTIMESTAMP, SVFOP_LOCALTIMESTAMP_N -> "localtimestamp";
                case SVFOP_CURRENT_ROLE -> "current_role";
                case SVFOP_CURRENT_USER -> "current_user";
                case SVFOP_USER -> "user";
                case SVFOP_SESSION_USER -> "session_user";
                case SVFOP_CURRENT_CATALOG -> "current_catalog";
                case SVFOP_CURRENT_SCHEMA -> "current_schema";
                default -> null;
            });
            case A_EXPR -> node.getAExpr().getKind() == PgQuery.A_Expr_Kind.AEXPR_NULLIF ? strong("nullif") : null;
            default -> null;
        };
    }

    /** FigureColname of a cast with no name of its own: the type's last name as written (int4, varchar, bool). */
    private static String typeColumnName(PgQuery.TypeName tn) {
        String last = lastName(tn.getNamesList());
        return last;
    }
}
