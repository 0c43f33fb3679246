/*
 * Runs LANGUAGE sql functions and procedures (PostgreSQL's executor/functions.c): the body's statements are
 * analysed once per session with the function's input types as $1..$n (and their names, which columns hide),
 * checked as check_sql_fn_retval checks them (the final statement must return the declared type, coercible by an
 * assignment cast; 42P13 otherwise), and run through the ordinary planner and executor. A volatile function's
 * statements each see the writes of those before (CommandCounterIncrement); a stable or immutable one reads with
 * its caller's snapshot. The result is the final statement's first row (null without rows) or, for SETOF, all its
 * rows. An error inside gets PostgreSQL's CONTEXT line naming the function and statement.
 * Not done: inlining into the calling query, lazy evaluation of a set (all rows are computed before the first
 * is returned), polymorphic argument types.
 */
package osgres.sql.internal.session;

import java.util.ArrayList;
import java.util.List;

import osgres.api.PgException;
import osgres.api.SqlState;
import osgres.pgquery.tree.PgQuery;
import osgres.sql.internal.analyze.ParseState;
import osgres.sql.internal.exec.PlanExecutor;
import osgres.sql.internal.exec.PlannedQuery;
import osgres.sql.internal.exec.RowSource;
import osgres.sql.internal.nodes.Expr;
import osgres.sql.internal.parser.RawParser;
import osgres.sql.internal.parser.UtilityCommand;
import osgres.sql.internal.utils.Casts;
import osgres.sql.internal.utils.ExecContext;
import osgres.sql.internal.utils.Messages;
import osgres.sql.internal.utils.PgType;
import osgres.sql.internal.utils.SqlFunction;

public final class SqlFunctionRunner {

    /** A function's body as analysed in one session, with the conversions of its result columns. */
    public record Body(SqlFunction function, List<ParsedStatement> statements, List<Casts.Conversion> conversions) {
    }

    private SqlFunctionRunner() {
    }

    /** The body's statements as raw trees: the string body parsed, or the BEGIN ATOMIC / RETURN tree. */
    public static List<RawParser.RawStatement> rawStatements(SqlFunction f) {
        List<RawParser.RawStatement> raws = new ArrayList<>();
        if (f.sqlBody() == null) {
            raws.addAll(RawParser.parse(f.source()));
            return raws;
        }
        PgQuery.Node body = f.sqlBody();
        if (body.hasReturnStmt()) {
            raws.add(RawParser.ofNode(f.definition(), returnAsSelect(body.getReturnStmt())));
        } else if (body.hasList()) {
            for (PgQuery.Node inner : body.getList().getItemsList()) {
                List<PgQuery.Node> statements = inner.hasList() ? inner.getList().getItemsList() : List.of(inner);
                for (PgQuery.Node s : statements) {
                    raws.add(RawParser.ofNode(f.definition(),
                            s.hasReturnStmt() ? returnAsSelect(s.getReturnStmt()) : s));
                }
            }
        }
        return raws;
    }

    /** RETURN expr is SELECT expr (transformReturnStmt). */
    private static PgQuery.Node returnAsSelect(PgQuery.ReturnStmt r) {
        PgQuery.ResTarget target = PgQuery.ResTarget.newBuilder().setVal(r.getReturnval()).build();
        return PgQuery.Node.newBuilder().setSelectStmt(PgQuery.SelectStmt.newBuilder()
                .addTargetList(PgQuery.Node.newBuilder().setResTarget(target))
                .setOp(PgQuery.SetOperation.SETOP_NONE)
                .setLimitOption(PgQuery.LimitOption.LIMIT_OPTION_DEFAULT)).build();
    }

    /** Analyses the body for {@code session} and checks its result against the declared one. */
    public static Body compile(SqlSessionImpl session, SqlFunction f) {
        List<SqlFunction.Parameter> inputs = f.inputs();
        int[] types = new int[inputs.size()];
        List<String> names = new ArrayList<>();
        for (int i = 0; i < types.length; i++) {
            types[i] = inputs.get(i).type().oid();
            names.add(inputs.get(i).name() == null ? "" : inputs.get(i).name());
        }
        ParseState.ParameterNames scope = new ParseState.ParameterNames(f.name(), names);
        List<ParsedStatement> statements = new ArrayList<>();
        for (RawParser.RawStatement raw : rawStatements(f)) {
            String transactionCommand = switch (raw.utility()) {
                case UtilityCommand.Begin b -> "BEGIN";
                case UtilityCommand.Commit c -> "COMMIT";
                case UtilityCommand.Rollback r -> "ROLLBACK";
                case UtilityCommand.Savepoint sp -> "SAVEPOINT";
                case null, default -> null;
            };
            if (transactionCommand != null) {
                throw PgException.error(SqlState.FEATURE_NOT_SUPPORTED, transactionCommand
                        + " is not allowed in an SQL function");
            }
            statements.add(new ParsedStatement(session, raw, types, scope));
        }
        List<Casts.Conversion> conversions = new ArrayList<>();
        if (f.returnType() != PgType.VOID && !f.procedure()) {
            conversions = resultConversions(f, statements);
        } else if (f.procedure() && !f.outTypes().isEmpty()) {
            conversions = resultConversions(f, statements);
        } else {
            statements.forEach(ParsedStatement::columns); // analysed now: errors at CREATE, as check_function_bodies
        }
        return new Body(f, List.copyOf(statements), conversions);
    }

    private static List<Casts.Conversion> resultConversions(SqlFunction f, List<ParsedStatement> statements) {
        String declared = f.returnType().sqlName();
        for (ParsedStatement s : statements) {
            s.columns();
        }
        ParsedStatement last = statements.isEmpty() ? null : statements.getLast();
        // analysed, not checked: the privileges are checked when the statement runs (with the function's CONTEXT)
        PlannedQuery q = last == null || last.utility() != null ? null : last.analysedQuery();
        if (q == null || q.isModify() && q.targets().isEmpty()) {
            throw mismatch(declared)
                    .withDetail("Function's final statement must be SELECT or INSERT/UPDATE/DELETE RETURNING.");
        }
        List<Expr> targets = q.targets();
        List<PgType> wanted = f.outTypes();
        if (wanted.isEmpty()) {
            // RETURNS record without OUT parameters: the columns are whatever the final statement returns
            return targets.stream().map(t -> Casts.IDENTITY).toList();
        }
        if (f.composite() && targets.size() == 1 && targets.getFirst().type() == PgType.RECORD) {
            // a single composite column is the row itself (check_sql_fn_retval): its fields become the columns
            List<Casts.Conversion> split = new ArrayList<>();
            split.add(SPLIT_RECORD);
            for (int i = 1; i < wanted.size(); i++) {
                split.add(Casts.IDENTITY);
            }
            return List.copyOf(split);
        }
        if (wanted.size() == 1 && targets.size() != 1) {
            throw mismatch(declared).withDetail("Final statement must return exactly one column.");
        }
        if (targets.size() > wanted.size()) {
            throw mismatch(declared).withDetail("Final statement returns too many columns.");
        }
        if (targets.size() < wanted.size()) {
            throw mismatch(declared).withDetail("Final statement returns too few columns.");
        }
        List<Casts.Conversion> conversions = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            PgType from = targets.get(i).type();
            PgType to = wanted.get(i);
            Casts.Conversion c = from == to ? Casts.IDENTITY : from == PgType.UNKNOWN
                    ? Casts.find(PgType.TEXT, to, -1, Casts.Context.EXPLICIT)
                    : Casts.find(from, to, -1, Casts.Context.ASSIGNMENT);
            if (c == null) {
                if (wanted.size() == 1) {
                    throw mismatch(declared).withDetail("Actual return type is " + from.sqlName() + ".");
                }
                throw mismatch(declared).withDetail("Final statement returns " + from.sqlName() + " instead of "
                        + to.sqlName() + " at column " + (i + 1) + ".");
            }
            conversions.add(c);
        }
        return List.copyOf(conversions);
    }

    /** Marks a body whose one result column is a record to be spread over the declared columns. */
    private static final Casts.Conversion SPLIT_RECORD = (v, ctx) -> v;

    /** A record's fields as the declared columns, each converted by assignment; 42804 when one cannot be. */
    private static Object[] split(SqlFunction f, Object value, ExecContext ctx) {
        List<PgType> wanted = f.outTypes();
        Object[] out = new Object[wanted.size()];
        if (value == null) {
            return out;
        }
        osgres.sql.internal.utils.RowValue r = (osgres.sql.internal.utils.RowValue) value;
        if (r.values().length != wanted.size()) {
            throw mismatch(f.returnType().sqlName()).withDetail(r.values().length < wanted.size()
                    ? "Final statement returns too few columns." : "Final statement returns too many columns.");
        }
        for (int i = 0; i < out.length; i++) {
            PgType from = r.types().get(i);
            Casts.Conversion c = Casts.find(from, wanted.get(i), -1, Casts.Context.ASSIGNMENT);
            if (c == null) {
                throw mismatch(f.returnType().sqlName()).withDetail("Final statement returns " + from.sqlName()
                        + " instead of " + wanted.get(i).sqlName() + " at column " + (i + 1) + ".");
            }
            out[i] = r.values()[i] == null ? null : c.convert(r.values()[i], ctx);
        }
        return out;
    }

    private static PgException mismatch(String declared) {
        return PgException.error(SqlState.INVALID_FUNCTION_DEFINITION,
                "return type mismatch in function declared to return " + declared);
    }

    /**
     * Runs the function: the final statement's rows ({@code all}: every row, else at most the first), each converted
     * to the declared result columns.
     */
    public static List<Object[]> run(ExecContext ctx, SqlFunction f, Object[] args, boolean all) {
        return asOwnerIfDefiner((SqlSessionImpl) ctx.session(), f, () -> runAsCaller(ctx, f, args, all));
    }

    /**
     * fmgr_security_definer: a SECURITY DEFINER function runs with its owner as the current user (privilege checks,
     * current_user), restored when it returns or fails; any other function runs as its caller.
     */
    static <T> T asOwnerIfDefiner(SqlSessionImpl session, SqlFunction f, java.util.function.Supplier<T> call) {
        if (!f.securityDefiner()) {
            return call.get();
        }
        String owner = osgres.sql.internal.catalog.Privileges.roleByOid(session, f.owner())
                .map(osgres.storage.Role::name).orElse(session.gucs().currentUser());
        String previous = session.gucs().enterSecurityDefiner(owner);
        try {
            return call.get();
        } finally {
            session.gucs().leaveSecurityDefiner(previous);
        }
    }

    private static List<Object[]> runAsCaller(ExecContext ctx, SqlFunction f, Object[] args, boolean all) {
        if (f.language().equals("plpgsql")) {
            return PlpgsqlFunctions.run(ctx, f, args, all);
        }
        SqlSessionImpl session = (SqlSessionImpl) ctx.session();
        Body body = session.functions().body(f);
        if (body == null) {
            throw Messages.stackDepthExceeded();
        }
        List<Object[]> result = List.of();
        int number = 0;
        session.enterFunction(f);
        try {
            for (ParsedStatement s : body.statements()) {
                number++;
                session.setup().interrupts().check();
                if (f.volatility() == 'v') {
                    ctx.transaction().commandCounterIncrement();
                }
                boolean last = number == body.statements().size();
                result = runStatement(session, s, args, last && !all);
            }
        } catch (PgException e) {
            throw e.withPosition(0).withContext("SQL function \"" + f.name() + "\" statement " + number);
        } finally {
            session.leaveFunction();
        }
        if (body.conversions().isEmpty()) {
            return result;
        }
        List<Object[]> converted = new ArrayList<>(result.size());
        for (Object[] row : result) {
            if (body.conversions().getFirst() == SPLIT_RECORD) {
                converted.add(split(f, row[0], ctx));
                continue;
            }
            Object[] out = new Object[body.conversions().size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = row[i] == null ? null : body.conversions().get(i).convert(row[i], ctx);
            }
            converted.add(out);
        }
        return converted;
    }

    private static List<Object[]> runStatement(SqlSessionImpl session, ParsedStatement s, Object[] args,
                                               boolean firstOnly) {
        if (s.utility() != null) {
            SqlSessionImpl.UtilityResult r = session.runUtility(s.utility());
            return r.rows() == null ? List.of() : r.rows();
        }
        PlannedQuery q = s.query();
        ExecContext inner = new ExecContext(args, session);
        if (q.isModify()) {
            return q.runModify(inner).returning();
        }
        RowSource rows = q.open(inner);
        List<Object[]> out = new ArrayList<>();
        try {
            Object[] row;
            while ((row = rows.next()) != null) {
                out.add(row.clone());
                if (firstOnly) {
                    break;
                }
            }
        } finally {
            rows.close();
        }
        return out;
    }
}
