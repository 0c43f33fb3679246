/*
 * The session's SQL-level prepared statements (PostgreSQL's commands/prepare.c). PREPARE analyses a statement with
 * its declared parameter types at once (its errors are the PREPARE's) and keeps it under a name until DEALLOCATE or
 * the session's end; like PostgreSQL's, a prepared statement outlives a rolled-back transaction. EXECUTE
 * (EvaluateParams) checks the number of arguments, coerces each to its parameter's type as an assignment would (an
 * untyped literal is read by the type's input function, as an unknown constant is coerced) and runs the kept
 * statement with those values: the portal is the kept statement's, so its rows, columns and command tag are
 * the statement's own. The kept statement re-analyses itself after DDL, as a Parse message's does.
 *
 * Not done: the protocol's named statements (Parse messages) are the backend's, so unlike PostgreSQL they are
 * not in pg_prepared_statements and DEALLOCATE does not see them; generic_plans/custom_plans count nothing.
 */
package osgres.sql.internal.session;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import osgres.pgquery.tree.PgQuery;
import osgres.sql.internal.exec.PlannedQuery;
import osgres.sql.internal.exec.RowSource;
import osgres.sql.internal.nodes.Expr;
import osgres.sql.internal.parser.RawParser;
import osgres.sql.internal.parser.UtilityCommand;
import osgres.sql.internal.utils.Casts;
import osgres.sql.internal.utils.ExecContext;
import osgres.sql.internal.utils.Messages;
import osgres.sql.internal.utils.PgType;
import osgres.sql.internal.utils.RegType;
import osgres.sql.internal.utils.TypeIo;

final class PreparedStatements {
    /** A PREPARE's statement, with the PREPARE's text and time as pg_prepared_statements shows them. */
    private record Prepared(String name, String text, ParsedStatement statement, Instant prepareTime,
                            List<Integer> resultTypes) {
    }

    /** What an EXECUTE runs: the kept statement and its parameter values. */
    record Binding(ParsedStatement statement, Object[] values) {
    }

    private final Map<String, Prepared> statements = new LinkedHashMap<>();

    /** PREPARE: 42P05 for a name in use; the statement is analysed now. */
    String prepare(UtilityCommand.Prepare p, SqlSessionImpl session) {
        if (statements.containsKey(p.name())) {
            throw Messages.preparedStatementExists(p.name());
        }
        int[] oids = new int[p.types().size()];
        for (int i = 0; i < oids.length; i++) {
            oids[i] = p.types().get(i) == null ? 0 : p.types().get(i).oid();
        }
        ParsedStatement statement = new ParsedStatement(session, RawParser.parsePiece(p.sql(), p.statement()), oids,
                true);
        statements.put(p.name(), new Prepared(p.name(), p.sql(), statement, session.statementStart(),
                resultTypes(statement)));
        return "PREPARE";
    }

    /** DEALLOCATE name (26000 when there is none) or ALL. */
    String deallocate(UtilityCommand.Deallocate d) {
        if (d.all()) {
            statements.clear();
            return "DEALLOCATE ALL";
        }
        if (statements.remove(d.name()) == null) {
            throw Messages.preparedStatementMissing(d.name());
        }
        return "DEALLOCATE";
    }

    /** The statement EXECUTE {@code name} runs, without its arguments (to describe its columns), or null. */
    ParsedStatement find(String name) {
        Prepared p = statements.get(name);
        return p == null ? null : p.statement();
    }

    /** EXECUTE: the kept statement and its arguments' values (EvaluateParams). */
    Binding bind(UtilityCommand.Execute e, SqlSessionImpl session) {
        Prepared p = statements.get(e.name());
        if (p == null) {
            throw Messages.preparedStatementMissing(e.name());
        }
        if (!resultTypes(p.statement()).equals(p.resultTypes())) {
            // RevalidateCachedQuery: a plan whose row shape changed after DDL is refused, not silently reshaped
            throw Messages.cachedPlanChangedResultType();
        }
        PgType[] types = p.statement().parameterPgTypes();
        List<PgQuery.Node> arguments = e.arguments();
        if (arguments.size() != types.length) {
            throw Messages.wrongParameterCount(e.name(), types.length, arguments.size());
        }
        Object[] values = new Object[types.length];
        List<Integer> computed = new ArrayList<>();
        PgQuery.SelectStmt.Builder select = PgQuery.SelectStmt.newBuilder()
                .setOp(PgQuery.SetOperation.SETOP_NONE).setLimitOption(PgQuery.LimitOption.LIMIT_OPTION_DEFAULT);
        for (int i = 0; i < arguments.size(); i++) {
            PgQuery.Node argument = arguments.get(i);
            if (argument.hasAConst() && argument.getAConst().getIsnull()) {
                continue;
            }
            if (argument.hasAConst() && argument.getAConst().hasSval()) {
                // an unknown-typed literal is coerced by the parameter type's input function
                try {
                    values[i] = TypeIo.input(types[i], argument.getAConst().getSval().getSval(),
                            session.gucs().zone());
                } catch (osgres.api.PgException error) {
                    throw error.withPosition(e.start() + charOffset(e.text(), location(argument)) + 1);
                }
                continue;
            }
            select.addTargetList(PgQuery.Node.newBuilder().setResTarget(
                    PgQuery.ResTarget.newBuilder().setVal(argument)));
            computed.add(i);
        }
        if (computed.isEmpty()) {
            return new Binding(p.statement(), values);
        }
        PgQuery.Node node = PgQuery.Node.newBuilder().setSelectStmt(select).build();
        ParsedStatement argumentQuery = new ParsedStatement(session, RawParser.ofNode(e.text(), node), new int[0], false);
        PlannedQuery q = argumentQuery.query();
        ExecContext context = new ExecContext(null, session);
        Casts.Conversion[] conversions = new Casts.Conversion[computed.size()];
        for (int k = 0; k < computed.size(); k++) {
            int i = computed.get(k);
            Expr target = q.targets().get(k);
            conversions[k] = Casts.find(target.type(), types[i], -1, Casts.Context.ASSIGNMENT);
            if (conversions[k] == null) {
                throw Messages.parameterCannotBeCoerced(i + 1, target.type(), types[i])
                        .withPosition(e.start() + charOffset(e.text(), location(arguments.get(i))) + 1);
            }
        }
        RowSource rows = q.open(context);
        try {
            Object[] row = rows.next();
            for (int k = 0; k < computed.size(); k++) {
                values[computed.get(k)] = row[k] == null ? null : conversions[k].convert(row[k], context);
            }
        } finally {
            rows.close();
        }
        return new Binding(p.statement(), values);
    }

    /** The statement's result column types (analysing it: errors there are the caller's statement's). */
    private static List<Integer> resultTypes(ParsedStatement statement) {
        return statement.columns().stream().map(osgres.sql.Column::typeOid).toList();
    }

    /** pg_prepared_statements' rows: name, statement, prepare_time, parameter_types, from_sql, plan counts. */
    List<Object[]> viewRows() {
        List<Object[]> rows = new ArrayList<>();
        for (Prepared p : statements.values()) {
            PgType[] types = p.statement().parameterPgTypes();
            rows.add(new Object[] {p.name(), p.text(), p.prepareTime(),
                    osgres.storage.ArrayValue.of(PgType.REGTYPE.oid(),
                            java.util.Arrays.stream(types).map(RegType::of).toArray()), true, 0L, 0L});
        }
        return rows;
    }

    /** exprLocation of an argument in its statement's UTF-8 bytes (0 when the tree has none). */
    private static int location(PgQuery.Node n) {
        if (n.hasTypeCast()) {
            return Math.max(0, n.getTypeCast().getLocation());
        }
        if (n.hasAExpr()) {
            return Math.max(0, n.getAExpr().getLocation());
        }
        if (n.hasFuncCall()) {
            return Math.max(0, n.getFuncCall().getLocation());
        }
        if (n.hasColumnRef()) {
            return Math.max(0, n.getColumnRef().getLocation());
        }
        if (n.hasAConst()) {
            return Math.max(0, n.getAConst().getLocation());
        }
        if (n.hasAArrayExpr()) {
            return Math.max(0, n.getAArrayExpr().getLocation());
        }
        return 0;
    }

    /** The UTF-16 offset in {@code text} of a UTF-8 byte offset. */
    private static int charOffset(String text, int byteOffset) {
        int bytes = 0;
        int i = 0;
        while (i < text.length() && bytes < byteOffset) {
            int cp = text.codePointAt(i);
            bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            i += Character.charCount(cp);
        }
        return i;
    }
}
