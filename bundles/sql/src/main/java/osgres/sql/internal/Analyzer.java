/*
 * Parse analysis, PostgreSQL's analyze.c/parse_expr.c/parse_target.c for what osgres supports: turns
 * JSqlParser's tree into osgres's typed Expr tree and a Query. It types literals as PostgreSQL does
 * (int4, int8 or numeric integers; numeric decimals; unknown strings resolved by context, text at the
 * top), infers the types of unspecified parameters from their context (a cast, the other operand, a
 * function argument; text in the target list; 42P18 otherwise), resolves operators and functions,
 * checks FROM (no tables exist yet: 42P01), and names result columns as FigureColname does. Error
 * positions come from JSqlParser's node tokens when it keeps them, else from the lexer's tokens, which
 * an in-order walk meets in the same order as the source.
 */
package osgres.sql.internal;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import net.sf.jsqlparser.expression.BinaryExpression;
import net.sf.jsqlparser.expression.BooleanValue;
import net.sf.jsqlparser.expression.CaseExpression;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NotExpression;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.TimeKeyExpression;
import net.sf.jsqlparser.expression.WhenClause;
import net.sf.jsqlparser.expression.operators.arithmetic.Addition;
import net.sf.jsqlparser.expression.operators.arithmetic.BitwiseXor;
import net.sf.jsqlparser.expression.operators.arithmetic.Concat;
import net.sf.jsqlparser.expression.operators.arithmetic.Division;
import net.sf.jsqlparser.expression.operators.arithmetic.Modulo;
import net.sf.jsqlparser.expression.operators.arithmetic.Multiplication;
import net.sf.jsqlparser.expression.operators.arithmetic.Subtraction;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.relational.Between;
import net.sf.jsqlparser.expression.operators.relational.ComparisonOperator;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.IsBooleanExpression;
import net.sf.jsqlparser.expression.operators.relational.IsNullExpression;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.parser.ASTNodeAccess;
import net.sf.jsqlparser.parser.SimpleNode;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.Limit;
import net.sf.jsqlparser.statement.select.Offset;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.update.Update;

import osgres.storage.ColumnDef;
import osgres.storage.IndexDef;
import osgres.storage.LockMode;
import osgres.storage.LockWaitPolicy;
import osgres.storage.RowLockStrength;
import osgres.storage.TableDef;

import osgres.api.PgException;
import osgres.api.SqlState;

final class Analyzer {
    private static final String NO_NAME = "?column?";

    private final RawParser.RawStatement raw;
    private final ZoneId zone;
    private final boolean parametersAllowed;
    private final List<PgType> parameterTypes;
    private final Map<String, Integer> claimed = new HashMap<>();

    /**
     * An analysed statement. A SELECT without tables is one row of {@code targets} filtered by {@code where};
     * with tables, {@code plan} is set; INSERT/UPDATE/DELETE set {@code modify} (targets are RETURNING).
     * {@code tables} are the catalog entries the plan was made from (a plan is stale when one changed), each
     * locked in the mode at the same position of {@code lockModes} (every execution takes them again first).
     */
    record Query(List<Expr> targets, List<String> names, Expr where, long limit, long offset,
                 PgType[] parameterTypes, SelectPlan plan, ModifyPlan modify, List<TableDef> tables,
                 List<LockMode> lockModes, Plan.Statement planned) {
        Query(List<Expr> targets, List<String> names, Expr where, long limit, long offset, PgType[] parameterTypes) {
            this(targets, names, where, limit, offset, parameterTypes, null, null, List.of(), List.of(), null);
        }

        Query(List<Expr> targets, List<String> names, Expr where, long limit, long offset, PgType[] parameterTypes,
              SelectPlan plan, ModifyPlan modify, List<TableDef> tables, List<LockMode> lockModes) {
            this(targets, names, where, limit, offset, parameterTypes, plan, modify, tables, lockModes, null);
        }

        /** Is this an INSERT, UPDATE or DELETE (not EXPLAIN of one)? */
        boolean isModify() {
            return modify != null || planned != null && planned.explain() == null
                    && planned.plan() instanceof Plan.ModifyTable;
        }

        /** Starts a query's execution: its rows (a planned statement, the older SelectPlan, or one row). */
        RowSource open(ExecContext ctx) {
            if (planned != null) {
                return PlanExecutor.run(planned, ctx);
            }
            return plan != null ? Executor.select(plan, ctx) : RowSource.result(this, ctx);
        }
    }

    /**
     * Opens tables in the session's transaction, locked in {@code mode} as parse analysis locks them
     * (AccessShare to read, RowShare under FOR UPDATE/SHARE, RowExclusive for the target of a write); null when
     * there is none of that name.
     */
    @FunctionalInterface
    interface Catalog {
        TableDef table(String name, LockMode mode);
    }

    /** A FROM item as expressions see it: names and types of its columns and where they sit in the row. */
    private record RangeItem(String alias, List<String> names, List<PgType> types, List<Integer> typmods,
                             int offset) {
    }

    private record Scope(List<RangeItem> items, Scope parent) {
        int width() {
            return items.isEmpty() ? 0 : items.getLast().offset() + items.getLast().names().size();
        }
    }

    private Catalog catalog = (name, mode) -> null;
    private Scope scope;
    private List<SelectPlan.Aggregate> aggregates;
    private final List<TableDef> usedTables = new ArrayList<>();
    private final List<LockMode> usedModes = new ArrayList<>();
    /** The mode FROM items are opened in: RowShare in a SELECT with a locking clause. */
    private LockMode fromMode = LockMode.ACCESS_SHARE;

    private Analyzer(RawParser.RawStatement raw, int[] givenTypes, boolean parametersAllowed, ZoneId zone) {
        this.raw = raw;
        this.zone = zone;
        this.parametersAllowed = parametersAllowed;
        this.parameterTypes = new ArrayList<>();
        for (int oid : givenTypes) {
            PgType t = oid == 0 ? null : PgType.byOid(oid);
            parameterTypes.add(t == null ? PgType.UNKNOWN : t);
        }
    }

    /**
     * Analyses a JSqlParser statement.
     *
     * @param givenTypes        parameter type OIDs from Parse (0 = infer)
     * @param parametersAllowed false for simple Query (where $n is an error)
     */
    static Query analyze(RawParser.RawStatement raw, int[] givenTypes, boolean parametersAllowed, ZoneId zone) {
        return new Analyzer(raw, givenTypes, parametersAllowed, zone).statement();
    }

    static Query analyze(RawParser.RawStatement raw, int[] givenTypes, boolean parametersAllowed, ZoneId zone,
                         Catalog catalog) {
        Analyzer analyzer = new Analyzer(raw, givenTypes, parametersAllowed, zone);
        analyzer.catalog = catalog;
        return analyzer.statement();
    }

    /** Analyses a column DEFAULT (parsed as {@code SELECT <expr>}) coerced to the column's type. */
    static Expr columnDefault(RawParser.RawStatement raw, PgType type, int typmod, ZoneId zone) {
        Analyzer analyzer = new Analyzer(raw, new int[0], false, zone);
        PlainSelect select = (PlainSelect) raw.tree();
        Expr e = analyzer.expression(select.getSelectItems().getFirst().getExpression());
        return analyzer.coerce(e, type, typmod, Casts.Context.ASSIGNMENT, 0);
    }

    private Query statement() {
        net.sf.jsqlparser.statement.Statement tree = raw.tree();
        if (tree instanceof PlainSelect select) {
            if (select.getFromItem() == null && select.getGroupBy() == null && select.getOrderByElements() == null
                    && select.getHaving() == null && !hasAggregate(select)) {
                return select(select);
            }
            SelectPlan plan = planSelect(select);
            return new Query(plan.targets().subList(0, plan.visibleCount()), plan.names(), null, -1, 0,
                    finalParameterTypes(), plan, null, List.copyOf(usedTables), List.copyOf(usedModes));
        }
        if (tree instanceof net.sf.jsqlparser.statement.select.ParenthesedSelect p && p.getPlainSelect() != null) {
            SelectPlan plan = planSelect(p.getPlainSelect());
            return new Query(plan.targets().subList(0, plan.visibleCount()), plan.names(), null, -1, 0,
                    finalParameterTypes(), plan, null, List.copyOf(usedTables), List.copyOf(usedModes));
        }
        if (tree instanceof Insert insert) {
            return modifyQuery(insert(insert));
        }
        if (tree instanceof Update update) {
            return modifyQuery(update(update));
        }
        if (tree instanceof Delete delete) {
            return modifyQuery(delete(delete));
        }
        String kind = tree.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1 $2").toUpperCase(Locale.ROOT);
        throw Messages.notSupported(kind, raw.piece().start() + 1);
    }

    private Query select(PlainSelect select) {
        FromItem from = select.getFromItem();
        if (from != null) {
            checkFromItem(from);
            if (select.getJoins() != null) {
                for (Join join : select.getJoins()) {
                    checkFromItem(join.getFromItem());
                }
            }
        }
        if (select.getGroupBy() != null || select.getHaving() != null) {
            throw Messages.notSupported("GROUP BY without tables", raw.piece().start() + 1);
        }
        List<Expr> targets = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (SelectItem<?> item : select.getSelectItems()) {
            Expression e = item.getExpression();
            if (e instanceof AllColumns) {
                throw PgException.error(SqlState.SYNTAX_ERROR, "SELECT * with no tables specified is not valid")
                        .withPosition(position(e));
            }
            Expr expr = expression(e);
            if (expr.type() == PgType.UNKNOWN) {
                expr = coerce(expr, PgType.TEXT, -1, Casts.Context.IMPLICIT, 0);
            }
            targets.add(expr);
            names.add(item.getAlias() != null ? identifier(item.getAlias().getName()) : columnName(e));
        }
        Expr where = null;
        if (select.getWhere() != null) {
            where = condition(select.getWhere(), "WHERE");
        }
        long limit = -1;
        long offset = 0;
        Limit l = select.getLimit();
        if (l != null && l.getRowCount() != null && !(l.getRowCount() instanceof NullValue)) {
            limit = constantCount(l.getRowCount(), "LIMIT");
        }
        Offset o = select.getOffset();
        if (o != null) {
            offset = constantCount(o.getOffset(), "OFFSET");
        }
        PgType[] types = parameterTypes.toArray(new PgType[0]);
        for (int i = 0; i < types.length; i++) {
            if (types[i] == PgType.UNKNOWN) {
                throw Messages.indeterminateParameter(i + 1);
            }
        }
        return new Query(List.copyOf(targets), List.copyOf(names), where, limit, offset, types);
    }

    private long constantCount(Expression e, String clause) {
        if (!(e instanceof LongValue v)) {
            throw Messages.notSupported(clause + " with a non-constant expression", position(e));
        }
        claim(QueryLexer.Kind.NUMBER, e);
        long n = v.getValue();
        if (n < 0) {
            throw PgException.error("2201W", clause + " must not be negative");
        }
        return n;
    }

    private void checkFromItem(FromItem item) {
        if (item instanceof Table table) {
            throw missingTable(table);
        }
        throw Messages.notSupported("this FROM clause", raw.piece().start() + 1);
    }

    private PgException missingTable(Table table) {
        String name = identifier(table.getName());
        String schema = table.getSchemaName() == null ? null : identifier(table.getSchemaName());
        int pos = position(table);
        if (pos == 0) {
            pos = findWord(name);
        }
        if (schema != null && !schema.equals("public") && !schema.equals("pg_catalog")
                && !TemporaryTables.isTemporarySchema(schema)) {
            return PgException.error("3F000",
                    "schema \"" + schema + "\" does not exist").withPosition(pos);
        }
        return Messages.relationDoesNotExist(schema == null ? name : schema + "." + name, pos);
    }

    // ---------------------------------------------------------------- expressions

    private Expr condition(Expression e, String construct) {
        Expr expr = expression(e);
        if (expr.type() == PgType.UNKNOWN) {
            return coerce(expr, PgType.BOOL, -1, Casts.Context.IMPLICIT, position(e));
        }
        if (expr.type() != PgType.BOOL) {
            throw Messages.argumentMustBe(construct, "boolean", expr.type().sqlName(), position(e));
        }
        return expr;
    }

    private Expr expression(Expression e) {
        return switch (e) {
            case LongValue v -> integerLiteral(v.getStringValue(), claim(QueryLexer.Kind.NUMBER, e));
            case DoubleValue v -> numericLiteral(v.toString(), claim(QueryLexer.Kind.NUMBER, e));
            case StringValue v -> stringLiteral(v, claim(QueryLexer.Kind.STRING, e));
            case NullValue v -> new Expr.Const(PgType.UNKNOWN, null, position(e));
            case BooleanValue v -> new Expr.Const(PgType.BOOL, v.getValue(), position(e));
            case JdbcParameter p -> parameter(p);
            case SignedExpression s -> signed(s);
            case CastExpression c -> cast(c);
            case Function f -> function(f);
            case Column c -> column(c);
            case TimeKeyExpression t -> timeKey(t);
            case net.sf.jsqlparser.expression.IntervalExpression i -> intervalLiteral(i);
            case net.sf.jsqlparser.expression.ExtractExpression x -> extract(x);
            case net.sf.jsqlparser.expression.TimezoneExpression z -> atTimeZone(z);
            case ParenthesedExpressionList<?> list -> {
                if (list.size() != 1) {
                    throw Messages.notSupported("row constructors", position(e));
                }
                yield expression(list.getFirst());
            }
            case AndExpression a -> new Expr.BoolOp(true, List.of(condition(a.getLeftExpression(), "AND"),
                    condition(a.getRightExpression(), "AND")));
            case OrExpression o -> new Expr.BoolOp(false, List.of(condition(o.getLeftExpression(), "OR"),
                    condition(o.getRightExpression(), "OR")));
            case NotExpression n -> new Expr.Not(condition(n.getExpression(), "NOT"));
            case IsNullExpression n -> new Expr.NullTest(expression(n.getLeftExpression()), n.isNot());
            case IsBooleanExpression b -> new Expr.BooleanTest(condition(b.getLeftExpression(), "IS TRUE"),
                    b.isTrue(), b.isNot());
            case CaseExpression c -> caseExpression(c);
            case Between b -> between(b);
            case InExpression in -> in(in);
            case net.sf.jsqlparser.expression.operators.relational.ExistsExpression x -> exists(x);
            case net.sf.jsqlparser.statement.select.ParenthesedSelect p -> scalarSubquery(p);
            case Addition b -> binary("+", b);
            case Subtraction b -> binary("-", b);
            case Multiplication b -> binary("*", b);
            case Division b -> binary("/", b);
            case Modulo b -> binary("%", b);
            case Concat b -> binary("||", b);
            case BitwiseXor b -> binary("^", b);
            case ComparisonOperator b -> binary(b.getStringExpression(), b);
            case net.sf.jsqlparser.expression.operators.relational.LikeExpression l -> like(l);
            case net.sf.jsqlparser.expression.TrimFunction t -> trim(t);
            case net.sf.jsqlparser.expression.operators.relational.RegExpMatchOperator r -> binary(
                    r.getStringExpression(), r);
            default -> throw Messages.notSupported("expression \"" + e + "\"", position(e));
        };
    }

    private Expr integerLiteral(String digits, int position) {
        try {
            long v = Long.parseLong(digits);
            if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
                return new Expr.Const(PgType.INT4, (int) v, position);
            }
            return new Expr.Const(PgType.INT8, v, position);
        } catch (NumberFormatException e) {
            return numericLiteral(digits, position);
        }
    }

    private Expr numericLiteral(String text, int position) {
        return new Expr.Const(PgType.NUMERIC, TypeIo.parseNumeric(text), position);
    }

    private Expr stringLiteral(StringValue v, int position) {
        String prefix = v.getPrefix();
        if (prefix != null && !prefix.isEmpty()) {
            if (!prefix.equalsIgnoreCase("E")) {
                throw Messages.notSupported("bit string and national character literals", position);
            }
            // E'...' reaches here only if JSqlParser took it as such; the lexer knows the escapes
            List<QueryLexer.Token> t = QueryLexer.tokenize("E'" + v.getValue() + "'");
            return new Expr.Const(PgType.UNKNOWN, t.getFirst().text(), position);
        }
        return new Expr.Const(PgType.UNKNOWN, v.getValue().replace("''", "'"), position);
    }

    private Expr parameter(JdbcParameter p) {
        int pos = claim(QueryLexer.Kind.PARAM, p);
        Integer index = p.getIndex();
        if (index == null || !p.toString().startsWith("$")) {
            throw Messages.syntaxErrorAt("?", pos);
        }
        if (!parametersAllowed || index < 1 || index > 65535) {
            throw Messages.noParameter(index, pos);
        }
        while (parameterTypes.size() < index) {
            parameterTypes.add(PgType.UNKNOWN);
        }
        return new Expr.Param(index, parameterTypes.get(index - 1), pos);
    }

    private Expr signed(SignedExpression s) {
        int pos = claimOperator(String.valueOf(s.getSign()), s);
        Expression inner = s.getExpression();
        if (s.getSign() == '-' && inner instanceof LongValue v) {
            return integerLiteral("-" + v.getStringValue(), claim(QueryLexer.Kind.NUMBER, inner) - 1);
        }
        if (s.getSign() == '-' && inner instanceof DoubleValue v) {
            return numericLiteral("-" + v.toString(), claim(QueryLexer.Kind.NUMBER, inner) - 1);
        }
        Expr arg = expression(inner);
        if (s.getSign() == '~') {
            throw Messages.operatorDoesNotExist("~ " + arg.type().sqlName(), pos);
        }
        String op = String.valueOf(s.getSign());
        Operators.Resolved r = Operators.resolvePrefix(op, arg.type(), pos);
        return new Expr.Call(op, r.result(), List.of(arg), true, r.implementation());
    }

    private Expr binary(String op, BinaryExpression b) {
        Expr left = expression(b.getLeftExpression());
        int pos = claimOperator(op, null);
        Expr right = expression(b.getRightExpression());
        return operator(op, left, right, pos);
    }

    private Expr operator(String op, Expr left, Expr right, int pos) {
        Operators.Resolved r = Operators.resolveBinary(op, left.type(), right.type(), pos);
        Expr l = coerce(left, r.left(), -1, Casts.Context.IMPLICIT, pos);
        Expr rr = coerce(right, r.right(), -1, Casts.Context.IMPLICIT, pos);
        return new Expr.Call(op, r.result(), List.of(l, rr), true, r.implementation());
    }

    /**
     * LIKE / ILIKE / SIMILAR TO as gram.y rewrites them: {@code x ~~ p}, {@code x ~~ like_escape(p, e)},
     * {@code x ~ similar_to_escape(p [, e])} (PatternMatching), the operator at the keyword's position.
     */
    private Expr like(net.sf.jsqlparser.expression.operators.relational.LikeExpression l) {
        String keyword = switch (l.getLikeKeyWord()) {
            case LIKE -> "like";
            case ILIKE -> "ilike";
            case SIMILAR_TO -> "similar";
            default -> throw Messages.notSupported("expression \"" + l + "\"", position(l));
        };
        if (l.isUseBinary()) {
            throw Messages.notSupported("expression \"" + l + "\"", position(l));
        }
        Expr left = expression(l.getLeftExpression());
        int claimed = claimToken(QueryLexer.Kind.IDENT, keyword);
        int pos = claimed != 0 ? claimed : position(l);
        if (l.isNot()) {
            // gram.y puts a NOT LIKE's location at NOT
            pos = precedingNot(pos);
        }
        Expr pattern = expression(l.getRightExpression());
        Expr escape = l.getEscape() == null ? null : expression(l.getEscape());
        boolean similar = keyword.equals("similar");
        if (similar) {
            List<Expr> args = escape == null ? List.of(pattern) : List.of(pattern, escape);
            pattern = catalogFunctionCall("similar_to_escape", args, pos);
        } else if (escape != null) {
            pattern = catalogFunctionCall("like_escape", List.of(pattern, escape), pos);
        }
        String op = similar ? "~" : keyword.equals("ilike") ? "~~*" : "~~";
        return operator(l.isNot() ? "!" + op : op, left, pattern, pos);
    }

    /**
     * TRIM([BOTH | LEADING | TRAILING] [characters] FROM string) as gram.y turns it into btrim / ltrim / rtrim
     * (string first, then the characters).
     */
    private Expr trim(net.sf.jsqlparser.expression.TrimFunction t) {
        int pos = position(t);
        String name = trimFunctionName(t);
        List<Expr> args = new ArrayList<>();
        if (t.getFromExpression() == null) {
            args.add(expression(t.getExpression()));
        } else if (t.getExpression() == null) {
            args.add(expression(t.getFromExpression()));
        } else {
            Expr characters = expression(t.getExpression());
            args.add(expression(t.getFromExpression()));
            args.add(characters);
        }
        return catalogFunctionCall(name, args, pos);
    }

    private static String trimFunctionName(net.sf.jsqlparser.expression.TrimFunction t) {
        if (t.getTrimSpecification() == null) {
            return "btrim";
        }
        return switch (t.getTrimSpecification()) {
            case LEADING -> "ltrim";
            case TRAILING -> "rtrim";
            default -> "btrim";
        };
    }

    /** The position of a NOT right before the token at {@code pos}, else {@code pos}. */
    private int precedingNot(int pos) {
        List<QueryLexer.Token> tokens = raw.piece().tokens();
        for (int i = 1; i < tokens.size(); i++) {
            if (tokens.get(i).start() + 1 == pos && tokens.get(i - 1).isWord("not")) {
                return tokens.get(i - 1).start() + 1;
            }
        }
        return pos;
    }

    /** A call the grammar adds, named pg_catalog.name in its errors as PostgreSQL names it. */
    private Expr catalogFunctionCall(String name, List<Expr> args, int pos) {
        try {
            return functionCall(name, args, pos);
        } catch (PgException e) {
            if (!SqlState.UNDEFINED_FUNCTION.equals(e.sqlState())) {
                throw e;
            }
            throw Messages.functionDoesNotExist(Functions.signature("pg_catalog." + name,
                    args.stream().map(Expr::type).toList()), pos);
        }
    }

    private Expr functionCall(String name, List<Expr> args, int pos) {
        Functions.Function fn = Functions.resolve(name, args.stream().map(Expr::type).toList(), pos);
        List<Expr> coerced = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            coerced.add(coerce(args.get(i), fn.argTypes().get(i), -1, Casts.Context.IMPLICIT, pos));
        }
        return new Expr.Call(name, fn.result(), List.copyOf(coerced), fn.strict(), fn.implementation());
    }

    private Expr between(Between b) {
        Expr value = expression(b.getLeftExpression());
        Expr low = expression(b.getBetweenExpressionStart());
        Expr high = expression(b.getBetweenExpressionEnd());
        int pos = position(b);
        Expr test = new Expr.BoolOp(true, List.of(operator(">=", value, low, pos), operator("<=", value, high, pos)));
        return b.isNot() ? new Expr.Not(test) : test;
    }

    private Expr in(InExpression in) {
        Expr value = expression(in.getLeftExpression());
        if (in.getRightExpression() instanceof net.sf.jsqlparser.statement.select.ParenthesedSelect sub) {
            Expr test = inSubquery(value, sub, position(in));
            return in.isNot() ? new Expr.Not(test) : test;
        }
        if (!(in.getRightExpression() instanceof ExpressionList<?> list)) {
            throw Messages.notSupported("IN with a subquery", position(in));
        }
        List<Expr> tests = new ArrayList<>();
        for (Expression item : list) {
            tests.add(operator("=", value, expression(item), position(in)));
        }
        Expr test = tests.size() == 1 ? tests.getFirst() : new Expr.BoolOp(false, tests);
        return in.isNot() ? new Expr.Not(test) : test;
    }

    private Expr cast(CastExpression c) {
        Expr arg = expression(c.getLeftExpression());
        int pos = position(c);
        if (c.getColDataType().getArrayData() != null && !c.getColDataType().getArrayData().isEmpty()) {
            throw Messages.notSupported("array types", pos);
        }
        String written = c.getColDataType().getDataType();
        List<String> args = c.getColDataType().getArgumentsStringList();
        int paren = written.indexOf('(');
        if (paren > 0 && written.endsWith(")")) {
            args = List.of(written.substring(paren + 1, written.length() - 1).split(","));
            written = written.substring(0, paren);
        }
        PgType target = typeByName(written, pos);
        List<Integer> modifiers = new ArrayList<>();
        if (args != null) {
            for (String a : args) {
                try {
                    modifiers.add(Integer.parseInt(a.strip()));
                    claim(QueryLexer.Kind.NUMBER, null);
                } catch (NumberFormatException e) {
                    throw Messages.syntaxErrorAt(a, pos);
                }
            }
        }
        int typmod = Casts.typmod(target, modifiers, pos);
        return coerce(arg, target, typmod, Casts.Context.EXPLICIT, pos);
    }

    static PgType typeByName(String written, int position) {
        String name = written.strip();
        if (name.startsWith("\"") && name.endsWith("\"") && name.length() > 1) {
            name = name.substring(1, name.length() - 1);
        } else {
            name = name.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
        }
        if (name.startsWith("pg_catalog.")) {
            name = name.substring("pg_catalog.".length());
        }
        PgType t = PgType.byName(name);
        if (t == null) {
            throw Messages.typeDoesNotExist(name, position);
        }
        return t;
    }

    private Expr function(Function f) {
        int pos = position(f);
        String name = functionName(f.getName());
        if (AGGREGATES.contains(name)) {
            return aggregate(f, name, pos);
        }
        if (f.isAllColumns() || f.isDistinct()) {
            throw Messages.notSupported("aggregate functions", pos);
        }
        List<Expr> args = new ArrayList<>();
        if (f.getParameters() != null) {
            for (Expression a : f.getParameters()) {
                args.add(expression(a));
            }
        }
        if (name.equals("coalesce")) {
            PgType type = commonType("COALESCE", args);
            List<Expr> coerced = new ArrayList<>();
            for (Expr a : args) {
                coerced.add(coerce(a, type, -1, Casts.Context.IMPLICIT, pos));
            }
            return new Expr.Coalesce(type, List.copyOf(coerced));
        }
        if (name.equals("nullif") && args.size() == 2) {
            // NullIfExpr: CASE WHEN a = b THEN NULL ELSE a END, typed as the = operator's left input
            Expr.Call equal = (Expr.Call) operator("=", args.get(0), args.get(1), pos);
            Expr left = equal.args().getFirst();
            return new Expr.Case(left.type(), List.of(new Expr.When(equal, new Expr.Const(left.type(), null, pos))),
                    left);
        }
        if (name.equals("pg_typeof") && args.size() == 1) {
            return new Expr.Const(PgType.REGTYPE, args.getFirst().type(), pos);
        }
        return callFunction(name, args, pos);
    }

    /** A call of a pg_proc function on analysed arguments, coerced to the chosen candidate's argument types. */
    private Expr callFunction(String name, List<Expr> args, int pos) {
        List<PgType> types = args.stream().map(Expr::type).toList();
        Functions.Function fn = Functions.resolve(name, types, pos);
        if (fn.returnsSet()) {
            // a set-returning function needs the new planner's FunctionScan / ProjectSet
            throw Messages.notSupported("set-returning function " + name + "()", pos);
        }
        List<Expr> coerced = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            coerced.add(coerce(args.get(i), fn.argTypes().get(i), -1, Casts.Context.IMPLICIT, pos));
        }
        return new Expr.Call(name, fn.result(), List.copyOf(coerced), fn.strict(), fn.implementation());
    }

    /** {@code interval '1 day'} and {@code interval '1' day} (a bare number takes the field's unit). */
    private Expr intervalLiteral(net.sf.jsqlparser.expression.IntervalExpression i) {
        int pos = position(i);
        String parameter = i.getParameter();
        if (parameter == null || !parameter.startsWith("'") || !parameter.endsWith("'") || parameter.length() < 2) {
            throw Messages.notSupported("expression \"" + i + "\"", pos);
        }
        int literalPos = claim(QueryLexer.Kind.STRING, i);
        String text = parameter.substring(1, parameter.length() - 1).replace("''", "'");
        IntervalInput.Unit unit = i.getIntervalType() == null ? null
                : IntervalInput.unit(i.getIntervalType().toLowerCase(Locale.ROOT));
        try {
            return new Expr.Const(PgType.INTERVAL, IntervalInput.restrict(IntervalInput.parse(text, unit), unit),
                    literalPos);
        } catch (PgException ex) {
            throw ex.position() == 0 ? ex.withPosition(literalPos) : ex;
        }
    }

    /** EXTRACT(field FROM source): gram.y turns it into extract('field', source). */
    private Expr extract(net.sf.jsqlparser.expression.ExtractExpression x) {
        int pos = position(x);
        Expr field = new Expr.Const(PgType.TEXT, x.getName().toLowerCase(Locale.ROOT), pos);
        return callFunction("extract", List.of(field, expression(x.getExpression())), pos);
    }

    /** {@code value AT TIME ZONE zone}: gram.y's timezone(zone, value). */
    private Expr atTimeZone(net.sf.jsqlparser.expression.TimezoneExpression z) {
        Expr value = expression(z.getLeftExpression());
        int pos = position(z);
        for (Expression zone : z.getTimezoneExpressions()) {
            value = callFunction("timezone", List.of(expression(zone), value), pos);
        }
        return value;
    }

    private static String functionName(String written) {
        String name = identifierPath(written);
        return name.startsWith("pg_catalog.") ? name.substring("pg_catalog.".length()) : name;
    }

    private Expr column(Column c) {
        String name = identifier(c.getColumnName());
        int pos = position(c);
        Expr ref = resolveColumn(c, name, pos);
        if (ref != null) {
            return ref;
        }
        if (c.getTable() == null || c.getTable().getName() == null) {
            Expr special = switch (name) {
                case "current_user", "user", "current_role" -> call("current_user", pos);
                case "session_user" -> call("session_user", pos);
                case "current_catalog" -> call("current_database", pos);
                case "current_schema" -> call("current_schema", pos);
                case "current_timestamp" -> call("now", pos);
                case "localtimestamp" -> localTimestamp();
                case "current_date" -> currentDate();
                case "current_time", "localtime" -> call(name, pos);
                case "true", "false" -> c.getColumnName().startsWith("\"") ? null
                        : new Expr.Const(PgType.BOOL, name.equals("true"), pos);
                default -> null;
            };
            if (special != null && !c.getColumnName().startsWith("\"")) {
                return special;
            }
            throw Messages.columnDoesNotExist(name, pos);
        }
        String table = identifier(c.getTable().getName());
        throw PgException.error(SqlState.UNDEFINED_TABLE, "missing FROM-clause entry for table \"" + table + "\"")
                .withPosition(pos);
    }

    private Expr timeKey(TimeKeyExpression t) {
        int pos = position(t);
        String key = t.getStringValue().toLowerCase(Locale.ROOT);
        return switch (key) {
            case "current_timestamp", "current_timestamp()" -> call("now", pos);
            case "localtimestamp" -> localTimestamp();
            case "current_date" -> currentDate();
            case "current_time", "current_time()", "localtime", "localtime()" -> call(key.replace("()", ""), pos);
            default -> throw Messages.notSupported(key, pos);
        };
    }

    private Expr call(String function, int pos) {
        Functions.Function fn = Functions.resolve(function, List.of(), pos);
        return new Expr.Call(function, fn.result(), List.of(), fn.strict(), fn.implementation());
    }

    private static Expr localTimestamp() {
        return new Expr.Call("localtimestamp", PgType.TIMESTAMP, List.of(), true,
                (ctx, a) -> LocalDateTime.ofInstant(ctx.session().transactionStart(), ctx.output().zone()));
    }

    private static Expr currentDate() {
        return new Expr.Call("current_date", PgType.DATE, List.of(), true, (ctx, a) ->
                LocalDateTime.ofInstant(ctx.session().transactionStart(), ctx.output().zone()).toLocalDate());
    }

    private Expr caseExpression(CaseExpression c) {
        Expr subject = c.getSwitchExpression() == null ? null : expression(c.getSwitchExpression());
        List<Expr> conditions = new ArrayList<>();
        List<Expr> results = new ArrayList<>();
        for (WhenClause w : c.getWhenClauses()) {
            if (subject == null) {
                conditions.add(condition(w.getWhenExpression(), "CASE/WHEN"));
            } else {
                conditions.add(operator("=", subject, expression(w.getWhenExpression()), position(w)));
            }
            results.add(expression(w.getThenExpression()));
        }
        Expr otherwise = c.getElseExpression() == null ? null : expression(c.getElseExpression());
        List<Expr> all = new ArrayList<>(results);
        if (otherwise != null) {
            all.add(otherwise);
        }
        PgType type = commonType("CASE", all);
        List<Expr.When> whens = new ArrayList<>();
        for (int i = 0; i < conditions.size(); i++) {
            whens.add(new Expr.When(conditions.get(i), coerce(results.get(i), type, -1, Casts.Context.IMPLICIT, 0)));
        }
        Expr elseExpr = otherwise == null ? null : coerce(otherwise, type, -1, Casts.Context.IMPLICIT, 0);
        return new Expr.Case(type, List.copyOf(whens), elseExpr);
    }

    /** parse_coerce.c select_common_type: unknowns follow the others, text if all are unknown. */
    private static PgType commonType(String construct, List<Expr> exprs) {
        PgType common = PgType.UNKNOWN;
        for (Expr e : exprs) {
            PgType t = e.type();
            if (t == PgType.UNKNOWN || t == common) {
                continue;
            }
            if (common == PgType.UNKNOWN) {
                common = t;
            } else if (common.isNumeric() && t.isNumeric()) {
                common = t.numericRank() > common.numericRank() ? t : common;
            } else if (common.isString() && t.isString()) {
                common = PgType.TEXT;
            } else if (common.category() == 'D' && t.category() == 'D') {
                common = common == PgType.TIMESTAMPTZ || t == PgType.TIMESTAMPTZ ? PgType.TIMESTAMPTZ
                        : PgType.TIMESTAMP;
            } else {
                int pos = e instanceof Expr.Const c ? c.location() : 0;
                throw Messages.typesCannotBeMatched(construct, common.sqlName(), t.sqlName(), pos);
            }
        }
        return common == PgType.UNKNOWN ? PgType.TEXT : common;
    }

    /** coerce_type(): literals and untyped parameters take the target type, others convert via pg_cast. */
    private Expr coerce(Expr e, PgType target, int typmod, Casts.Context context, int pos) {
        if (e.type() == target && typmod < 0) {
            return e;
        }
        Expr typed = e;
        if (target == PgType.REGCLASS && e instanceof Expr.Const c && c.type() == PgType.UNKNOWN) {
            // regclassin needs the catalog: resolved when evaluated, with the literal's position on a miss
            int at = c.location();
            Expr text = new Expr.Const(PgType.TEXT, c.value(), at);
            return new Expr.Coerce(text, target, -1, (v, ctx) -> RegClass.input((String) v,
                    ctx.session().transaction(), at), at);
        }
        if (e instanceof Expr.Const c && c.type() == PgType.UNKNOWN) {
            Object value = null;
            if (c.value() != null) {
                try {
                    value = TypeIo.input(target, (String) c.value(), zone);
                } catch (PgException ex) {
                    throw ex.position() == 0 ? ex.withPosition(c.location()) : ex;
                }
            }
            typed = new Expr.Const(target, value, c.location());
        } else if (e instanceof Expr.Param p && p.type() == PgType.UNKNOWN) {
            parameterTypes.set(p.number() - 1, target);
            typed = new Expr.Param(p.number(), target, p.location());
        }
        if (typed.type() == target && typmod < 0) {
            return typed;
        }
        Casts.Conversion conversion = Casts.find(typed.type(), target, typmod, context);
        if (conversion == null) {
            throw Messages.cannotCast(typed.type().sqlName(), target.sqlName(), pos);
        }
        if (conversion == Casts.IDENTITY && typmod < 0) {
            return typed instanceof Expr.Const c ? new Expr.Const(target, c.value(), c.location())
                    : new Expr.Coerce(typed, target, typmod, conversion, pos);
        }
        return new Expr.Coerce(typed, target, typmod, conversion, pos);
    }

    // ---------------------------------------------------------------- tables (parse_clause.c, planner)

    private static final java.util.Set<String> AGGREGATES = java.util.Set.of("count", "sum", "avg", "min", "max");

    private static boolean hasAggregate(PlainSelect select) {
        for (SelectItem<?> item : select.getSelectItems()) {
            if (item.getExpression() instanceof Function f && AGGREGATES.contains(functionName(f.getName()))) {
                return true;
            }
        }
        return false;
    }

    private PgType[] finalParameterTypes() {
        PgType[] types = parameterTypes.toArray(new PgType[0]);
        for (int i = 0; i < types.length; i++) {
            if (types[i] == PgType.UNKNOWN) {
                throw Messages.indeterminateParameter(i + 1);
            }
        }
        return types;
    }

    private Query modifyQuery(ModifyPlan plan) {
        List<Expr> returning = plan.returning();
        return new Query(returning, returningNames, null, -1, 0, finalParameterTypes(), null, plan,
                List.copyOf(usedTables), List.copyOf(usedModes));
    }

    private List<String> returningNames = List.of();

    private TableDef table(Table t, LockMode mode) {
        String name = identifier(t.getName());
        String schema = t.getSchemaName() == null ? null : identifier(t.getSchemaName());
        // the storage resolves the name: unqualified is pg_temp_N then public, a schema names one of them
        TableDef def = schema == null ? catalog.table(name, mode)
                : schema.equals("public") || TemporaryTables.isTemporarySchema(schema)
                        ? catalog.table(schema + "." + name, mode) : null;
        if (def == null) {
            throw missingTable(t);
        }
        usedTables.add(def);
        usedModes.add(mode);
        return def;
    }

    private static RangeItem tableItem(TableDef def, String alias, int offset) {
        List<String> names = new ArrayList<>();
        List<PgType> types = new ArrayList<>();
        List<Integer> typmods = new ArrayList<>();
        for (ColumnDef c : def.columns()) {
            names.add(c.name());
            types.add(PgType.byOid(c.typeOid()));
            typmods.add(c.typeModifier());
        }
        return new RangeItem(alias, names, types, typmods, offset);
    }

    /** transformColumnRef: searches this query's FROM items, then the enclosing queries'. */
    private Expr resolveColumn(Column c, String name, int pos) {
        String qualifier = c.getTable() == null || c.getTable().getName() == null ? null
                : identifier(c.getTable().getName());
        int levels = 0;
        for (Scope s = scope; s != null; s = s.parent(), levels++) {
            Expr found = null;
            boolean qualifierSeen = false;
            for (RangeItem item : s.items()) {
                if (qualifier != null && !qualifier.equals(item.alias())) {
                    continue;
                }
                qualifierSeen = true;
                int i = item.names().indexOf(name);
                if (i < 0) {
                    continue;
                }
                if (found != null) {
                    throw PgException.error(Messages.AMBIGUOUS_COLUMN, "column reference \"" + name
                            + "\" is ambiguous").withPosition(pos);
                }
                found = new Expr.ColumnRef(levels, item.offset() + i, item.types().get(i), item.typmods().get(i),
                        name);
            }
            if (found != null) {
                return found;
            }
            if (qualifier != null && qualifierSeen) {
                throw PgException.error(SqlState.UNDEFINED_COLUMN, "column " + qualifier + "." + name
                        + " does not exist").withPosition(pos);
            }
        }
        return null;
    }

    private Expr aggregate(Function f, String name, int pos) {
        if (aggregates == null) {
            throw PgException.error("42803", "aggregate functions are not allowed in this context")
                    .withPosition(pos);
        }
        List<SelectPlan.Aggregate> outer = aggregates;
        aggregates = null;
        try {
            boolean star = f.isAllColumns() || (f.getParameters() != null && f.getParameters().size() == 1
                    && f.getParameters().get(0) instanceof AllColumns);
            if (star) {
                if (!name.equals("count")) {
                    throw Messages.functionDoesNotExist(name + "(*)", pos);
                }
                outer.add(new SelectPlan.Aggregate(SelectPlan.AggKind.COUNT_STAR, null, null, PgType.INT8, false));
                return new Expr.AggRef(outer.size() - 1, PgType.INT8);
            }
            if (f.getParameters() == null || f.getParameters().size() != 1) {
                throw Messages.functionDoesNotExist(name + "()", pos);
            }
            Expr arg = expression((Expression) f.getParameters().get(0));
            if (arg.type() == PgType.UNKNOWN) {
                arg = coerce(arg, PgType.TEXT, -1, Casts.Context.IMPLICIT, pos);
            }
            PgType t = arg.type();
            SelectPlan.AggKind kind = SelectPlan.AggKind.valueOf(name.toUpperCase(Locale.ROOT));
            PgType result = switch (kind) {
                case COUNT -> PgType.INT8;
                case MIN, MAX -> t;
                case SUM -> switch (t) {
                    case INT2, INT4 -> PgType.INT8;
                    case INT8, NUMERIC -> PgType.NUMERIC;
                    case FLOAT4 -> PgType.FLOAT4;
                    case FLOAT8 -> PgType.FLOAT8;
                    default -> throw Messages.functionDoesNotExist("sum(" + t.sqlName() + ")", pos);
                };
                case AVG -> switch (t) {
                    case INT2, INT4, INT8, NUMERIC -> PgType.NUMERIC;
                    case FLOAT4, FLOAT8 -> PgType.FLOAT8;
                    default -> throw Messages.functionDoesNotExist("avg(" + t.sqlName() + ")", pos);
                };
                default -> throw new IllegalStateException();
            };
            outer.add(new SelectPlan.Aggregate(kind, arg, t, result, f.isDistinct()));
            return new Expr.AggRef(outer.size() - 1, result);
        } finally {
            aggregates = outer;
        }
    }

    private Expr exists(net.sf.jsqlparser.expression.operators.relational.ExistsExpression x) {
        Expression right = x.getRightExpression();
        if (!(right instanceof net.sf.jsqlparser.statement.select.ParenthesedSelect sub)
                || sub.getPlainSelect() == null) {
            throw Messages.notSupported("this EXISTS", position(x));
        }
        Expr test = new Expr.SubLink(Expr.SubLinkKind.EXISTS, PgType.BOOL, subPlan(sub.getPlainSelect()), null,
                null);
        return x.isNot() ? new Expr.Not(test) : test;
    }

    private Expr scalarSubquery(net.sf.jsqlparser.statement.select.ParenthesedSelect sub) {
        if (sub.getPlainSelect() == null) {
            throw Messages.notSupported("this subquery", position(sub));
        }
        SelectPlan plan = subPlan(sub.getPlainSelect());
        if (plan.visibleCount() != 1) {
            throw PgException.error(SqlState.SYNTAX_ERROR, "subquery must return only one column")
                    .withPosition(position(sub));
        }
        Expr target = plan.targets().getFirst();
        return new Expr.SubLink(Expr.SubLinkKind.SCALAR, target.type(), plan, null, null);
    }

    private Expr inSubquery(Expr value, net.sf.jsqlparser.statement.select.ParenthesedSelect sub, int pos) {
        if (sub.getPlainSelect() == null) {
            throw Messages.notSupported("this subquery", pos);
        }
        SelectPlan plan = subPlan(sub.getPlainSelect());
        if (plan.visibleCount() != 1) {
            throw PgException.error(SqlState.SYNTAX_ERROR, "subquery has too many columns").withPosition(pos);
        }
        Expr target = plan.targets().getFirst();
        Operators.Resolved r = Operators.resolveBinary("=", value.type(), target.type(), pos);
        Expr left = coerce(value, r.left(), -1, Casts.Context.IMPLICIT, pos);
        Expr right = coerce(target, r.right(), -1, Casts.Context.IMPLICIT, pos);
        List<Expr> targets = new ArrayList<>(plan.targets());
        targets.set(0, right);
        plan = withTargets(plan, targets);
        return new Expr.SubLink(Expr.SubLinkKind.IN, PgType.BOOL, plan, left, r.implementation());
    }

    private static SelectPlan withTargets(SelectPlan p, List<Expr> targets) {
        return new SelectPlan(p.from(), p.width(), p.where(), p.groupBy(), p.aggregates(), p.grouped(), p.having(),
                List.copyOf(targets), p.names(), p.visibleCount(), p.orderBy(), p.distinct(), p.limit(),
                p.offset(), p.rowMarks());
    }

    private SelectPlan subPlan(PlainSelect select) {
        List<SelectPlan.Aggregate> outerAggregates = aggregates;
        try {
            return planSelect(select);
        } finally {
            aggregates = outerAggregates;
        }
    }

    /** Analyses and plans a SELECT with (or without) FROM items, in a new scope under the current one. */
    private SelectPlan planSelect(PlainSelect select) {
        Scope outer = scope;
        scope = new Scope(new ArrayList<>(), outer);
        try {
            return planSelectInScope(select);
        } finally {
            scope = outer;
        }
    }

    private record PendingNode(SelectPlan.Source source, TableDef table, SelectPlan.JoinKind kind, Expr condition,
                               int offset, int width) {
    }

    private SelectPlan planSelectInScope(PlainSelect select) {
        SelectPlan.RowMarks rowMarks = rowMarks(select);
        LockMode outerFromMode = fromMode;
        fromMode = rowMarks == null ? LockMode.ACCESS_SHARE : LockMode.ROW_SHARE;
        try {
            return planSelectInScope(select, rowMarks);
        } finally {
            fromMode = outerFromMode;
        }
    }

    /** The locking clause (FOR UPDATE / NO KEY UPDATE / SHARE / KEY SHARE [NOWAIT | SKIP LOCKED]), or null. */
    private SelectPlan.RowMarks rowMarks(PlainSelect select) {
        if (select.getForMode() == null) {
            return null;
        }
        RowLockStrength strength = switch (select.getForMode()) {
            case UPDATE -> RowLockStrength.UPDATE;
            case NO_KEY_UPDATE -> RowLockStrength.NO_KEY_UPDATE;
            case SHARE -> RowLockStrength.SHARE;
            case KEY_SHARE -> RowLockStrength.KEY_SHARE;
        };
        LockWaitPolicy policy = select.isSkipLocked() ? LockWaitPolicy.SKIP
                : select.isNoWait() ? LockWaitPolicy.ERROR : LockWaitPolicy.BLOCK;
        if (select.getGroupBy() != null) {
            throw Messages.lockingClauseNotAllowed(strength.clause(), "GROUP BY clause");
        }
        if (select.getDistinct() != null) {
            throw Messages.lockingClauseNotAllowed(strength.clause(), "DISTINCT clause");
        }
        if (select.getHaving() != null) {
            throw Messages.lockingClauseNotAllowed(strength.clause(), "HAVING clause");
        }
        return new SelectPlan.RowMarks(strength, policy);
    }

    private SelectPlan planSelectInScope(PlainSelect select, SelectPlan.RowMarks rowMarks) {
        List<PendingNode> nodes = new ArrayList<>();
        if (select.getFromItem() == null) {
            nodes.add(new PendingNode(new SelectPlan.OneRow(), null, SelectPlan.JoinKind.INNER, null, 0, 0));
        } else {
            addFromItem(select.getFromItem(), SelectPlan.JoinKind.INNER, nodes);
            if (select.getJoins() != null) {
                for (Join join : select.getJoins()) {
                    if (join.isRight() || join.isFull() || join.isNatural()) {
                        throw Messages.notSupported("RIGHT, FULL and NATURAL joins", position(join));
                    }
                    SelectPlan.JoinKind kind = join.isLeft() ? SelectPlan.JoinKind.LEFT : SelectPlan.JoinKind.INNER;
                    addFromItem(join.getFromItem(), kind, nodes);
                    Expr condition = null;
                    if (join.getOnExpressions() != null) {
                        for (Expression on : join.getOnExpressions()) {
                            Expr c = condition(on, "JOIN/ON");
                            condition = condition == null ? c : new Expr.BoolOp(true, List.of(condition, c));
                        }
                    }
                    if (join.getUsingColumns() != null && !join.getUsingColumns().isEmpty()) {
                        throw Messages.notSupported("JOIN ... USING", position(join));
                    }
                    PendingNode last = nodes.removeLast();
                    nodes.add(new PendingNode(last.source(), last.table(), kind, condition, last.offset(),
                            last.width()));
                }
            }
        }
        Expr where = select.getWhere() == null ? null : condition(select.getWhere(), "WHERE");
        List<SelectPlan.Aggregate> aggs = new ArrayList<>();
        aggregates = aggs;
        List<Expr> targets = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (SelectItem<?> item : select.getSelectItems()) {
            Expression e = item.getExpression();
            if (e instanceof net.sf.jsqlparser.statement.select.AllTableColumns all) {
                String alias = identifier(all.getTable().getName());
                boolean found = false;
                for (RangeItem r : scope.items()) {
                    if (r.alias().equals(alias)) {
                        expandStar(r, targets, names);
                        found = true;
                    }
                }
                if (!found) {
                    throw PgException.error(SqlState.UNDEFINED_TABLE, "missing FROM-clause entry for table \""
                            + alias + "\"").withPosition(position(e));
                }
                continue;
            }
            if (e instanceof AllColumns) {
                if (scope.items().isEmpty()) {
                    throw PgException.error(SqlState.SYNTAX_ERROR, "SELECT * with no tables specified is not valid")
                            .withPosition(position(e));
                }
                for (RangeItem r : scope.items()) {
                    expandStar(r, targets, names);
                }
                continue;
            }
            Expr expr = expression(e);
            if (expr.type() == PgType.UNKNOWN) {
                expr = coerce(expr, PgType.TEXT, -1, Casts.Context.IMPLICIT, 0);
            }
            targets.add(expr);
            names.add(item.getAlias() != null ? identifier(item.getAlias().getName()) : columnName(e));
        }
        List<Expr> groupBy = new ArrayList<>();
        if (select.getGroupBy() != null) {
            aggregates = null;
            for (Object o : select.getGroupBy().getGroupByExpressionList()) {
                groupBy.add(outputReference((Expression) o, targets, names, "GROUP BY"));
            }
            aggregates = aggs;
        }
        Expr having = select.getHaving() == null ? null : condition(select.getHaving(), "HAVING");
        int visible = targets.size();
        List<SelectPlan.SortKey> orderBy = new ArrayList<>();
        if (select.getOrderByElements() != null) {
            for (net.sf.jsqlparser.statement.select.OrderByElement o : select.getOrderByElements()) {
                Expr key = outputReference(o.getExpression(), targets, names, "ORDER BY");
                int column = targets.indexOf(key);
                if (column < 0) {
                    targets.add(key);
                    column = targets.size() - 1;
                }
                boolean desc = !o.isAsc();
                boolean nullsFirst = o.getNullOrdering() == null ? desc
                        : o.getNullOrdering() == net.sf.jsqlparser.statement.select.OrderByElement.NullOrdering
                        .NULLS_FIRST;
                if (key.type() == PgType.BYTEA || key.type().category() == 'U') {
                    throw Messages.notSupported("ORDER BY this type", position(o.getExpression()));
                }
                orderBy.add(new SelectPlan.SortKey(column, key.type(), desc, nullsFirst));
            }
        }
        aggregates = null;
        boolean grouped = !groupBy.isEmpty() || !aggs.isEmpty() || having != null;
        if (select.getDistinct() != null && select.getDistinct().getOnSelectItems() != null) {
            throw Messages.notSupported("DISTINCT ON", raw.piece().start() + 1);
        }
        Expr limit = null;
        Expr offset = null;
        Limit l = select.getLimit();
        if (l != null && l.getRowCount() != null && !(l.getRowCount() instanceof NullValue)) {
            limit = coerce(expression(l.getRowCount()), PgType.INT8, -1, Casts.Context.ASSIGNMENT, 0);
        }
        if (select.getOffset() != null) {
            offset = coerce(expression(select.getOffset().getOffset()), PgType.INT8, -1, Casts.Context.ASSIGNMENT, 0);
        }
        List<SelectPlan.FromNode> from = buildNodes(nodes, where, false);
        boolean pushed = nodes.size() > 1 && nodes.stream().noneMatch(n -> n.kind() == SelectPlan.JoinKind.LEFT);
        if (rowMarks != null && !aggs.isEmpty()) {
            throw Messages.lockingClauseNotAllowed(rowMarks.strength().clause(), "aggregate functions");
        }
        return new SelectPlan(from, scope.width(), pushed ? null : where, List.copyOf(groupBy), List.copyOf(aggs),
                grouped, having, List.copyOf(targets), List.copyOf(names), visible, List.copyOf(orderBy),
                select.getDistinct() != null, limit, offset, rowMarks);
    }

    private static void expandStar(RangeItem r, List<Expr> targets, List<String> names) {
        for (int i = 0; i < r.names().size(); i++) {
            targets.add(new Expr.ColumnRef(0, r.offset() + i, r.types().get(i), r.typmods().get(i),
                    r.names().get(i)));
            names.add(r.names().get(i));
        }
    }

    /** ORDER BY / GROUP BY item: a position, an output column name, or an expression over the input. */
    private Expr outputReference(Expression e, List<Expr> targets, List<String> names, String clause) {
        if (e instanceof LongValue v) {
            claim(QueryLexer.Kind.NUMBER, e);
            long n = v.getValue();
            if (n < 1 || n > names.size()) {
                throw PgException.error("42P10", clause + " position " + n + " is not in select list")
                        .withPosition(position(e));
            }
            return targets.get((int) n - 1);
        }
        if (e instanceof Column c && (c.getTable() == null || c.getTable().getName() == null)) {
            String name = identifier(c.getColumnName());
            Expr input = resolveColumn(c, name, position(c));
            if (clause.equals("ORDER BY") || input == null) {
                int i = names.indexOf(name);
                if (i >= 0 && (input == null || names.lastIndexOf(name) == i)) {
                    return targets.get(i);
                }
            }
        }
        return expression(e);
    }

    private void addFromItem(FromItem item, SelectPlan.JoinKind kind, List<PendingNode> nodes) {
        int offset = scope.width();
        String alias = item.getAlias() == null ? null : identifier(item.getAlias().getName());
        if (item instanceof Table t) {
            SystemViews.View view = SystemViews.find(
                    t.getSchemaName() == null ? null : identifier(t.getSchemaName()), identifier(t.getName()));
            if (view != null) {
                List<Integer> typmods = view.columns().stream().map(c -> -1).toList();
                RangeItem r = new RangeItem(alias == null ? view.name() : alias, view.names(), view.types(), typmods,
                        offset);
                checkAliasUnique(r.alias(), t);
                scope.items().add(r);
                nodes.add(new PendingNode(new SelectPlan.ViewSource(view), null, kind, null, offset,
                        r.names().size()));
                return;
            }
            TableDef def = table(t, fromMode);
            RangeItem r = tableItem(def, alias == null ? def.name() : alias, offset);
            checkAliasUnique(r.alias(), t);
            scope.items().add(r);
            nodes.add(new PendingNode(null, def, kind, null, offset, r.names().size()));
            return;
        }
        if (item instanceof net.sf.jsqlparser.statement.select.TableFunction tf) {
            Function f = tf.getFunction();
            String name = functionName(f.getName());
            if (!name.equals("generate_series") || f.getParameters() == null
                    || f.getParameters().size() < 2 || f.getParameters().size() > 3) {
                throw Messages.notSupported("function " + name + " in FROM", position(tf));
            }
            List<Expr> args = new ArrayList<>();
            for (Object a : f.getParameters()) {
                args.add(expression((Expression) a));
            }
            PgType type = PgType.INT4;
            for (Expr a : args) {
                PgType t = a.type() == PgType.UNKNOWN ? PgType.INT4 : a.type();
                if (!t.isNumeric() || t == PgType.FLOAT4 || t == PgType.FLOAT8) {
                    throw Messages.functionDoesNotExist(Functions.signature(name,
                            args.stream().map(Expr::type).toList()), position(tf));
                }
                type = t.numericRank() > type.numericRank() ? t : type;
            }
            List<Expr> coerced = new ArrayList<>();
            for (Expr a : args) {
                coerced.add(coerce(a, type, -1, Casts.Context.IMPLICIT, position(tf)));
            }
            String column = alias == null ? name : alias;
            if (item.getAlias() != null && item.getAlias().getAliasColumns() != null
                    && !item.getAlias().getAliasColumns().isEmpty()) {
                column = identifier(item.getAlias().getAliasColumns().getFirst().name);
            }
            RangeItem r = new RangeItem(alias == null ? name : alias, List.of(column), List.of(type), List.of(-1),
                    offset);
            scope.items().add(r);
            nodes.add(new PendingNode(new SelectPlan.SeriesSource(coerced.get(0), coerced.get(1),
                    coerced.size() > 2 ? coerced.get(2) : null, type), null, kind, null, offset, 1));
            return;
        }
        throw Messages.notSupported("this FROM clause", raw.piece().start() + 1);
    }

    private void checkAliasUnique(String alias, Table t) {
        for (RangeItem r : scope.items()) {
            if (r.alias().equals(alias)) {
                throw PgException.error("42712", "table name \"" + alias + "\" specified more than once")
                        .withPosition(position(t));
            }
        }
    }

    /**
     * The planner's part: WHERE conjuncts are pushed to the join level where all their columns are known (when
     * no LEFT join makes that unsafe), and each table picks an index whose leading column has an equality or
     * range conjunct whose other side only uses earlier levels (index nested loop for joins).
     */
    private List<SelectPlan.FromNode> buildNodes(List<PendingNode> nodes, Expr where, boolean keepWhere) {
        List<Expr> whereConjuncts = new ArrayList<>();
        flattenAnd(where, whereConjuncts);
        boolean push = nodes.size() > 1 && nodes.stream().noneMatch(n -> n.kind() == SelectPlan.JoinKind.LEFT);
        List<List<Expr>> levelConditions = new ArrayList<>();
        for (PendingNode n : nodes) {
            List<Expr> own = new ArrayList<>();
            flattenAnd(n.condition(), own);
            levelConditions.add(own);
        }
        if (push) {
            for (Expr c : whereConjuncts) {
                levelConditions.get(levelOf(c, nodes)).add(c);
            }
        }
        List<SelectPlan.FromNode> out = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            PendingNode n = nodes.get(i);
            List<Expr> candidates = new ArrayList<>(levelConditions.get(i));
            if (!push && n.kind() != SelectPlan.JoinKind.LEFT) {
                candidates.addAll(whereConjuncts);
            }
            SelectPlan.Source source = n.source();
            if (n.table() != null) {
                source = new SelectPlan.TableSource(n.table(), accessPath(n, candidates));
            }
            List<Expr> conds = levelConditions.get(i);
            Expr condition = conds.isEmpty() ? null : conds.size() == 1 ? conds.getFirst()
                    : new Expr.BoolOp(true, List.copyOf(conds));
            out.add(new SelectPlan.FromNode(source, n.kind(), condition, n.offset(), n.width()));
        }
        return List.copyOf(out);
    }

    private static void flattenAnd(Expr e, List<Expr> out) {
        if (e == null) {
            return;
        }
        if (e instanceof Expr.BoolOp b && b.isAnd()) {
            for (Expr a : b.args()) {
                flattenAnd(a, out);
            }
        } else {
            out.add(e);
        }
    }

    /** The deepest join level an expression's own columns come from (subqueries count as the last level). */
    private static int levelOf(Expr e, List<PendingNode> nodes) {
        int[] max = {0};
        boolean[] opaque = {false};
        walk(e, x -> {
            if (x instanceof Expr.ColumnRef c && c.levelsUp() == 0) {
                for (int i = nodes.size() - 1; i >= 0; i--) {
                    if (c.index() >= nodes.get(i).offset()) {
                        max[0] = Math.max(max[0], i);
                        break;
                    }
                }
            } else if (x instanceof Expr.SubLink) {
                opaque[0] = true;
            }
        });
        return opaque[0] ? nodes.size() - 1 : max[0];
    }

    private static void walk(Expr e, java.util.function.Consumer<Expr> visitor) {
        if (e == null) {
            return;
        }
        visitor.accept(e);
        switch (e) {
            case Expr.Call c -> c.args().forEach(a -> walk(a, visitor));
            case Expr.BoolOp b -> b.args().forEach(a -> walk(a, visitor));
            case Expr.Not n -> walk(n.arg(), visitor);
            case Expr.NullTest n -> walk(n.arg(), visitor);
            case Expr.BooleanTest b -> walk(b.arg(), visitor);
            case Expr.Case c -> {
                c.whens().forEach(w -> {
                    walk(w.condition(), visitor);
                    walk(w.result(), visitor);
                });
                walk(c.otherwise(), visitor);
            }
            case Expr.Coalesce c -> c.args().forEach(a -> walk(a, visitor));
            case Expr.Coerce c -> walk(c.arg(), visitor);
            case Expr.SubLink s -> walk(s.left(), visitor);
            default -> {
            }
        }
    }

    /** True when the expression can be computed before this level's row is read (an index bound). */
    private static boolean usableBound(Expr e, PendingNode node) {
        boolean[] ok = {true};
        walk(e, x -> {
            if (x instanceof Expr.ColumnRef c && c.levelsUp() == 0 && c.index() >= node.offset()) {
                ok[0] = false;
            } else if (x instanceof Expr.SubLink || x instanceof Expr.AggRef
                    || (x instanceof Expr.Call call && call.name().equals("random"))) {
                ok[0] = false;
            }
        });
        return ok[0];
    }

    private record Bound(String op, Expr value) {
    }

    private SelectPlan.AccessPath accessPath(PendingNode node, List<Expr> conjuncts) {
        Map<Integer, List<Bound>> byColumn = new HashMap<>();
        for (Expr c : conjuncts) {
            if (!(c instanceof Expr.Call call) || call.args().size() != 2 || !Operators.isComparison(call.name())
                    || call.name().equals("<>") || call.name().equals("!=")) {
                continue;
            }
            Expr l = call.args().get(0);
            Expr r = call.args().get(1);
            String op = call.name();
            if (!(l instanceof Expr.ColumnRef) && r instanceof Expr.ColumnRef) {
                Expr t = l;
                l = r;
                r = t;
                op = switch (op) {
                    case "<" -> ">";
                    case "<=" -> ">=";
                    case ">" -> "<";
                    case ">=" -> "<=";
                    default -> op;
                };
            }
            if (l instanceof Expr.ColumnRef col && col.levelsUp() == 0 && col.index() >= node.offset()
                    && col.index() < node.offset() + node.width() && r.type() == col.type()
                    && usableBound(r, node)) {
                byColumn.computeIfAbsent(col.index() - node.offset(), k -> new ArrayList<>()).add(new Bound(op, r));
            }
        }
        if (byColumn.isEmpty()) {
            return new SelectPlan.SeqScan();
        }
        SelectPlan.IndexScan best = null;
        int bestScore = 0;
        for (IndexDef index : node.table().indexes()) {
            List<Expr> equal = new ArrayList<>();
            for (int column : index.columns()) {
                Bound eq = find(byColumn.get(column), "=");
                if (eq == null) {
                    break;
                }
                equal.add(eq.value());
            }
            int score;
            SelectPlan.IndexScan scan;
            if (!equal.isEmpty()) {
                Expr[] key = equal.toArray(new Expr[0]);
                scan = new SelectPlan.IndexScan(index, key, true, key, true);
                score = 10 * equal.size() + (equal.size() == index.columns().size() && index.unique() ? 100 : 0);
            } else {
                List<Bound> bounds = byColumn.get(index.columns().getFirst());
                if (bounds == null) {
                    continue;
                }
                Bound lower = find(bounds, ">=");
                boolean lowerInclusive = lower != null;
                if (lower == null) {
                    lower = find(bounds, ">");
                }
                Bound upper = find(bounds, "<=");
                boolean upperInclusive = upper != null;
                if (upper == null) {
                    upper = find(bounds, "<");
                }
                if (lower == null && upper == null) {
                    continue;
                }
                scan = new SelectPlan.IndexScan(index, lower == null ? null : new Expr[] {lower.value()},
                        lowerInclusive, upper == null ? null : new Expr[] {upper.value()}, upperInclusive);
                score = lower != null && upper != null ? 5 : 3;
            }
            if (score > bestScore) {
                best = scan;
                bestScore = score;
            }
        }
        return best == null ? new SelectPlan.SeqScan() : best;
    }

    private static Bound find(List<Bound> bounds, String op) {
        if (bounds != null) {
            for (Bound b : bounds) {
                if (b.op().equals(op)) {
                    return b;
                }
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- INSERT / UPDATE / DELETE

    /** The scope of a single-table statement: the table's columns at offset 0. */
    private RangeItem targetScope(TableDef def, Table t) {
        String alias = t.getAlias() == null ? def.name() : identifier(t.getAlias().getName());
        RangeItem r = tableItem(def, alias, 0);
        scope = new Scope(new ArrayList<>(List.of(r)), null);
        return r;
    }

    private int targetColumn(TableDef def, Column c) {
        String name = identifier(c.getColumnName());
        int i = def.columnIndex(name);
        if (i < 0) {
            throw PgException.error(SqlState.UNDEFINED_COLUMN, "column \"" + name + "\" of relation \"" + def.name()
                    + "\" does not exist").withPosition(position(c));
        }
        return i;
    }

    private Expr assign(Expr value, TableDef def, int column, int pos) {
        ColumnDef c = def.columns().get(column);
        PgType type = PgType.byOid(c.typeOid());
        try {
            return coerce(value, type, c.typeModifier(), Casts.Context.ASSIGNMENT, pos);
        } catch (PgException e) {
            if (e.sqlState().equals(Messages.CANNOT_COERCE)) {
                throw PgException.error(SqlState.DATATYPE_MISMATCH, "column \"" + c.name() + "\" is of type "
                        + type.sqlName() + " but expression is of type " + value.type().sqlName())
                        .withHint("You will need to rewrite or cast the expression.").withPosition(pos);
            }
            throw e;
        }
    }

    private Expr[] defaults(TableDef def) {
        Expr[] out = new Expr[def.columns().size()];
        for (int i = 0; i < out.length; i++) {
            ColumnDef c = def.columns().get(i);
            if (c.defaultSql() != null) {
                RawParser.RawStatement parsed = RawParser.parse("SELECT " + c.defaultSql()).getFirst();
                out[i] = columnDefault(parsed, PgType.byOid(c.typeOid()), c.typeModifier(), zone);
            }
        }
        return out;
    }

    private List<Expr> returning(net.sf.jsqlparser.statement.ReturningClause clause) {
        if (clause == null) {
            return List.of();
        }
        List<Expr> out = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (SelectItem<?> item : clause) {
            Expression e = item.getExpression();
            if (e instanceof AllColumns) {
                for (RangeItem r : scope.items()) {
                    expandStar(r, out, names);
                }
                continue;
            }
            Expr expr = expression(e);
            if (expr.type() == PgType.UNKNOWN) {
                expr = coerce(expr, PgType.TEXT, -1, Casts.Context.IMPLICIT, 0);
            }
            out.add(expr);
            names.add(item.getAlias() != null ? identifier(item.getAlias().getName()) : columnName(e));
        }
        returningNames = List.copyOf(names);
        return List.copyOf(out);
    }

    /**
     * rewriteTargetListIU: a GENERATED ALWAYS identity column takes only DEFAULT unless the INSERT says OVERRIDING
     * SYSTEM VALUE ({@code overriding}; JSqlParser does not parse OVERRIDING USER VALUE).
     */
    private static void checkNotGeneratedAlways(TableDef def, int column, boolean overriding) {
        ColumnDef c = def.columns().get(column);
        if (c.identity() == ColumnDef.IDENTITY_ALWAYS && !overriding) {
            throw Messages.generatedAlways(c.name());
        }
    }

    private static boolean isDefaultKeyword(Expression e) {
        return e instanceof Column c && c.getTable() == null && c.getColumnName().equalsIgnoreCase("default");
    }

    private ModifyPlan insert(Insert insert) {
        TableDef def = table(insert.getTable(), LockMode.ROW_EXCLUSIVE);
        int[] targetColumns;
        if (insert.getColumns() == null || insert.getColumns().isEmpty()) {
            targetColumns = new int[def.columns().size()];
            for (int i = 0; i < targetColumns.length; i++) {
                targetColumns[i] = i;
            }
        } else {
            targetColumns = new int[insert.getColumns().size()];
            for (int i = 0; i < targetColumns.length; i++) {
                targetColumns[i] = targetColumn(def, insert.getColumns().get(i));
                for (int j = 0; j < i; j++) {
                    if (targetColumns[j] == targetColumns[i]) {
                        throw PgException.error("42701", "column \"" + def.columns().get(targetColumns[i]).name()
                                + "\" specified more than once").withPosition(position(insert.getColumns().get(i)));
                    }
                }
            }
        }
        Expr[] defaults = defaults(def);
        boolean doNothing = false;
        if (insert.getConflictAction() != null) {
            if (insert.getConflictAction().getConflictActionType()
                    != net.sf.jsqlparser.statement.insert.ConflictActionType.DO_NOTHING) {
                throw Messages.notSupported("ON CONFLICT DO UPDATE", raw.piece().start() + 1);
            }
            doNothing = true;
        }
        net.sf.jsqlparser.statement.select.Select source = insert.getSelect();
        List<Expr[]> rows = null;
        SelectPlan query = null;
        int[] columnMap = null;
        if (source instanceof net.sf.jsqlparser.statement.select.Values values
                || (source instanceof net.sf.jsqlparser.statement.select.ParenthesedSelect ps
                && ps.getValues() != null)) {
            net.sf.jsqlparser.statement.select.Values v = source instanceof
                    net.sf.jsqlparser.statement.select.Values vv ? vv
                    : ((net.sf.jsqlparser.statement.select.ParenthesedSelect) source).getValues();
            rows = new ArrayList<>();
            List<?> list = v.getExpressions();
            // JSqlParser gives one row as a parenthesised list of its values (each may be parenthesised itself,
            // as pgJDBC's simple protocol writes every parameter) and several rows as a plain list of those
            boolean single = list instanceof ParenthesedExpressionList<?>;
            List<List<Expression>> valueRows = new ArrayList<>();
            if (single) {
                List<Expression> one = new ArrayList<>();
                for (Object o : list) {
                    one.add((Expression) o);
                }
                valueRows.add(one);
            } else {
                for (Object o : list) {
                    List<Expression> one = new ArrayList<>();
                    for (Object x : (ParenthesedExpressionList<?>) o) {
                        one.add((Expression) x);
                    }
                    valueRows.add(one);
                }
            }
            for (List<Expression> valueRow : valueRows) {
                if (valueRow.size() > targetColumns.length) {
                    throw PgException.error(SqlState.SYNTAX_ERROR, "INSERT has more expressions than target columns")
                            .withPosition(position(valueRow.get(targetColumns.length)));
                }
                if (valueRow.size() < targetColumns.length && insert.getColumns() != null
                        && !insert.getColumns().isEmpty()) {
                    throw PgException.error(SqlState.SYNTAX_ERROR, "INSERT has more target columns than expressions")
                            .withPosition(position(valueRow.isEmpty() ? null : valueRow.getLast()));
                }
                Expr[] row = defaults.clone();
                for (int i = 0; i < valueRow.size(); i++) {
                    Expression e = valueRow.get(i);
                    if (isDefaultKeyword(e)) {
                        continue;
                    }
                    checkNotGeneratedAlways(def, targetColumns[i], insert.isOverriding());
                    row[targetColumns[i]] = assign(expression(e), def, targetColumns[i], position(e));
                }
                rows.add(row);
            }
        } else {
            PlainSelect ps = source instanceof PlainSelect p ? p
                    : source instanceof net.sf.jsqlparser.statement.select.ParenthesedSelect p2 ? p2.getPlainSelect()
                    : null;
            if (ps == null) {
                throw Messages.notSupported("this INSERT source", raw.piece().start() + 1);
            }
            query = planSelect(ps);
            if (query.visibleCount() > targetColumns.length) {
                throw PgException.error(SqlState.SYNTAX_ERROR, "INSERT has more expressions than target columns");
            }
            if (query.visibleCount() < targetColumns.length) {
                throw PgException.error(SqlState.SYNTAX_ERROR, "INSERT has more target columns than expressions");
            }
            for (int column : targetColumns) {
                checkNotGeneratedAlways(def, column, insert.isOverriding());
            }
            List<Expr> targets = new ArrayList<>(query.targets());
            columnMap = new int[def.columns().size()];
            java.util.Arrays.fill(columnMap, -1);
            for (int i = 0; i < targetColumns.length; i++) {
                targets.set(i, assign(targets.get(i), def, targetColumns[i], 0));
                columnMap[targetColumns[i]] = i;
            }
            query = withTargets(query, targets);
        }
        targetScope(def, insert.getTable());
        List<Expr> ret = returning(insert.getReturningClause());
        return new ModifyPlan.Insert(def, rows == null ? null : List.copyOf(rows), query, columnMap, defaults,
                doNothing, ret);
    }

    private SelectPlan singleTableScan(TableDef def, Expression whereClause) {
        Expr where = whereClause == null ? null : condition(whereClause, "WHERE");
        PendingNode node = new PendingNode(null, def, SelectPlan.JoinKind.INNER, null, 0, def.columns().size());
        List<SelectPlan.FromNode> from = buildNodes(List.of(node), where, true);
        return new SelectPlan(from, def.columns().size(), where, List.of(), List.of(), false, null, List.of(),
                List.of(), 0, List.of(), false, null, null, null);
    }

    private ModifyPlan update(Update update) {
        if (update.getFromItem() != null || (update.getJoins() != null && !update.getJoins().isEmpty())) {
            throw Messages.notSupported("UPDATE ... FROM", raw.piece().start() + 1);
        }
        TableDef def = table(update.getTable(), LockMode.ROW_EXCLUSIVE);
        targetScope(def, update.getTable());
        Expr[] assignments = new Expr[def.columns().size()];
        Expr[] defaults = null;
        for (net.sf.jsqlparser.statement.update.UpdateSet set : update.getUpdateSets()) {
            if (set.getColumns().size() != set.getValues().size()) {
                throw Messages.notSupported("multiple-column UPDATE with a subquery", raw.piece().start() + 1);
            }
            for (int i = 0; i < set.getColumns().size(); i++) {
                Column c = set.getColumns().get(i);
                int column = targetColumn(def, c);
                if (assignments[column] != null) {
                    throw PgException.error("42601", "multiple assignments to same column \""
                            + def.columns().get(column).name() + "\"");
                }
                Expression e = (Expression) set.getValues().get(i);
                if (isDefaultKeyword(e)) {
                    if (defaults == null) {
                        defaults = defaults(def);
                    }
                    assignments[column] = defaults[column] != null ? defaults[column]
                            : new Expr.Const(PgType.byOid(def.columns().get(column).typeOid()), null, 0);
                    continue;
                }
                if (def.columns().get(column).identity() == ColumnDef.IDENTITY_ALWAYS) {
                    throw Messages.updateGeneratedAlways(def.columns().get(column).name());
                }
                assignments[column] = assign(expression(e), def, column, position(e));
            }
        }
        SelectPlan scan = singleTableScan(def, update.getWhere());
        List<Expr> ret = returning(update.getReturningClause());
        return new ModifyPlan.Update(def, scan, assignments, ret);
    }

    private ModifyPlan delete(Delete delete) {
        if (delete.getUsingList() != null && !delete.getUsingList().isEmpty()) {
            throw Messages.notSupported("DELETE ... USING", raw.piece().start() + 1);
        }
        TableDef def = table(delete.getTable(), LockMode.ROW_EXCLUSIVE);
        targetScope(def, delete.getTable());
        SelectPlan scan = singleTableScan(def, delete.getWhere());
        List<Expr> ret = returning(delete.getReturningClause());
        return new ModifyPlan.Delete(def, scan, ret);
    }

    // ---------------------------------------------------------------- column names (FigureColname)

    private static String columnName(Expression e) {
        String name = figureName(e);
        return name == null ? NO_NAME : name;
    }

    private static String figureName(Expression e) {
        return switch (e) {
            case Column c -> c.getTable() == null || c.getTable().getName() == null
                    ? switch (identifier(c.getColumnName())) {
                        case "true", "false" -> null;
                        case "user", "current_role" -> "current_user";
                        default -> identifier(c.getColumnName());
                    }
                    : identifier(c.getColumnName());
            case net.sf.jsqlparser.expression.TrimFunction t -> trimFunctionName(t);
            case Function f -> {
                String n = functionName(f.getName());
                int dot = n.lastIndexOf('.');
                yield dot < 0 ? n : n.substring(dot + 1);
            }
            case CastExpression c -> {
                // FigureColnameInternal: a typed literal, cast or CASE inside names weaker than this cast's type
                Expression arg = c.getLeftExpression();
                while (arg instanceof ParenthesedExpressionList<?> list && list.size() == 1) {
                    arg = list.getFirst();
                }
                boolean weak = arg instanceof CastExpression || arg instanceof CaseExpression
                        || arg instanceof net.sf.jsqlparser.expression.IntervalExpression;
                String inner = weak ? null : figureName(arg);
                if (inner != null) {
                    yield inner;
                }
                try {
                    yield typeByName(c.getColDataType().getDataType().replaceAll("\\s*\\(.*$", ""), 0).typname();
                } catch (PgException ex) {
                    yield null;
                }
            }
            case CaseExpression c -> "case";
            case net.sf.jsqlparser.expression.IntervalExpression i -> "interval";
            case net.sf.jsqlparser.expression.ExtractExpression x -> "extract";
            case net.sf.jsqlparser.expression.TimezoneExpression z -> "timezone";
            case TimeKeyExpression t -> t.getStringValue().toLowerCase(Locale.ROOT).replace("()", "");
            case ParenthesedExpressionList<?> list -> list.size() == 1 ? figureName(list.getFirst()) : "row";
            default -> null;
        };
    }

    // ---------------------------------------------------------------- identifiers and positions

    /** An identifier as written: "Quoted" keeps its case, others are lower-cased. */
    static String identifier(String written) {
        if (written.length() > 1 && written.startsWith("\"") && written.endsWith("\"")) {
            return written.substring(1, written.length() - 1).replace("\"\"", "\"");
        }
        return written.toLowerCase(Locale.ROOT);
    }

    private static String identifierPath(String written) {
        StringBuilder out = new StringBuilder();
        for (String part : written.split("\\.(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)")) {
            if (!out.isEmpty()) {
                out.append('.');
            }
            out.append(identifier(part));
        }
        return out.toString();
    }

    /** 1-based query position of a JSqlParser node, 0 if it kept none. */
    private int position(Object node) {
        if (node instanceof ASTNodeAccess access) {
            SimpleNode n = access.getASTNode();
            if (n != null && n.jjtGetFirstToken() != null) {
                net.sf.jsqlparser.parser.Token t = n.jjtGetFirstToken();
                return raw.offsets().position(raw.parsedText(), t.beginLine, t.beginColumn);
            }
        }
        return 0;
    }

    /** Takes the next lexer token of a kind (literals and parameters appear in source order). */
    private int claim(QueryLexer.Kind kind, Object node) {
        int found = claimToken(kind, null);
        if (found != 0) {
            return found;
        }
        return node == null ? 0 : position(node);
    }

    private int claimOperator(String op, Object node) {
        int found = claimToken(QueryLexer.Kind.OPERATOR, op);
        return found != 0 ? found : node == null ? 0 : position(node);
    }

    private int claimToken(QueryLexer.Kind kind, String text) {
        String key = kind + (text == null ? "" : " " + text);
        int from = claimed.getOrDefault(key, 0);
        List<QueryLexer.Token> tokens = raw.piece().tokens();
        for (int i = from; i < tokens.size(); i++) {
            QueryLexer.Token t = tokens.get(i);
            if (t.kind() == kind && (text == null || t.text().equals(text)
                    || (text.equals("<>") && t.text().equals("!=")))) {
                claimed.put(key, i + 1);
                return t.start() + 1;
            }
        }
        return 0;
    }

    private int findWord(String word) {
        boolean afterFrom = false;
        for (QueryLexer.Token t : raw.piece().tokens()) {
            if (t.isWord("from") || t.isWord("into") || t.isWord("update") || t.isWord("join")) {
                afterFrom = true;
            } else if (afterFrom && (t.kind() == QueryLexer.Kind.IDENT || t.kind() == QueryLexer.Kind.QUOTED_IDENT)
                    && t.text().equals(word)) {
                return t.start() + 1;
            }
        }
        return 0;
    }
}
