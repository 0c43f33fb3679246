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

import osgres.api.PgException;
import osgres.api.SqlState;

final class Analyzer {
    private static final String NO_NAME = "?column?";

    private final RawParser.RawStatement raw;
    private final ZoneId zone;
    private final boolean parametersAllowed;
    private final List<PgType> parameterTypes;
    private final Map<String, Integer> claimed = new HashMap<>();

    /** An analysed SELECT without tables: one row of target expressions, filtered by WHERE. */
    record Query(List<Expr> targets, List<String> names, Expr where, long limit, long offset,
                 PgType[] parameterTypes) {
    }

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

    private Query statement() {
        net.sf.jsqlparser.statement.Statement tree = raw.tree();
        if (tree instanceof PlainSelect select) {
            return select(select);
        }
        if (tree instanceof Insert insert) {
            throw missingTable(insert.getTable());
        }
        if (tree instanceof Update update) {
            throw missingTable(update.getTable());
        }
        if (tree instanceof Delete delete) {
            throw missingTable(delete.getTable());
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
        if (schema != null && !schema.equals("public") && !schema.equals("pg_catalog")) {
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
            case Addition b -> binary("+", b);
            case Subtraction b -> binary("-", b);
            case Multiplication b -> binary("*", b);
            case Division b -> binary("/", b);
            case Modulo b -> binary("%", b);
            case Concat b -> binary("||", b);
            case BitwiseXor b -> binary("^", b);
            case ComparisonOperator b -> binary(b.getStringExpression(), b);
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
        if (name.equals("pg_typeof") && args.size() == 1) {
            return new Expr.Const(PgType.REGTYPE, args.getFirst().type(), pos);
        }
        List<PgType> types = args.stream().map(Expr::type).toList();
        Functions.Function fn = Functions.resolve(name, types, pos);
        List<Expr> coerced = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            coerced.add(coerce(args.get(i), fn.argTypes().get(i), -1, Casts.Context.IMPLICIT, pos));
        }
        return new Expr.Call(name, fn.result(), List.copyOf(coerced), fn.strict(), fn.implementation());
    }

    private static String functionName(String written) {
        String name = identifierPath(written);
        return name.startsWith("pg_catalog.") ? name.substring("pg_catalog.".length()) : name;
    }

    private Expr column(Column c) {
        String name = identifier(c.getColumnName());
        int pos = position(c);
        if (c.getTable() == null || c.getTable().getName() == null) {
            Expr special = switch (name) {
                case "current_user", "user", "current_role" -> call("current_user", pos);
                case "session_user" -> call("session_user", pos);
                case "current_catalog" -> call("current_database", pos);
                case "current_schema" -> call("current_schema", pos);
                case "current_timestamp" -> call("now", pos);
                case "localtimestamp" -> localTimestamp();
                case "current_date" -> currentDate();
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
            case Function f -> {
                String n = functionName(f.getName());
                int dot = n.lastIndexOf('.');
                yield dot < 0 ? n : n.substring(dot + 1);
            }
            case CastExpression c -> {
                String inner = figureName(c.getLeftExpression());
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
