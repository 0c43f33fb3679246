/*
 * A portal (PostgreSQL's portalmem.c / pquery.c PortalRun): a statement with bound parameter values and
 * result formats. The first Execute starts it (runs a utility command, or opens the query's RowSource);
 * each Execute sends up to maxRows rows and reports suspension while rows remain, so the portal can be
 * resumed. Values are encoded in each column's format (text output or binary send) as they are sent.
 */
package osgres.sql.internal.session;

import java.nio.charset.StandardCharsets;
import java.util.List;

import osgres.api.PgException;
import osgres.sql.Column;
import osgres.sql.ExecutionResult;
import osgres.sql.Portal;
import osgres.sql.RowSink;
import osgres.sql.Statement;
import osgres.sql.internal.exec.PlanExecutor;
import osgres.sql.internal.exec.PlannedQuery;
import osgres.sql.internal.exec.RowSource;
import osgres.sql.internal.nodes.Query;
import osgres.sql.internal.parser.UtilityCommand;
import osgres.sql.internal.utils.ExecContext;
import osgres.sql.internal.utils.Messages;
import osgres.sql.internal.utils.PgType;
import osgres.sql.internal.utils.TypeIo;

final class PortalImpl implements Portal {
    private final SqlSessionImpl session;
    private final ParsedStatement statement;
    /** What the client sees as the portal's statement (a LiftedStatement shows its own text, not the shape's). */
    private final Statement visibleStatement;
    private final Object[] parameters;
    private final short[] resultFormats;
    private final List<Column> columns;
    private final PgType[] columnTypes;
    private RowSource rows;
    private String utilityTag;
    private ExecContext context;
    private boolean finished;
    private Object[] lookahead;
    private osgres.sql.CopyIn copyIn;
    private osgres.sql.CopyOut copyOut;

    PortalImpl(SqlSessionImpl session, ParsedStatement statement, Object[] parameters, short[] resultFormats) {
        this(session, statement, statement, parameters, resultFormats);
    }

    PortalImpl(SqlSessionImpl session, ParsedStatement statement, Statement visibleStatement, Object[] parameters,
               short[] resultFormats) {
        this(session, statement, visibleStatement, parameters, statement.columns(), statement.columnTypes(),
                resultFormats);
    }

    /** A FETCH: its rows are the cursor's, described when the portal is made (UtilityTupleDescriptor). */
    PortalImpl(SqlSessionImpl session, ParsedStatement statement, List<Column> columns, PgType[] columnTypes,
               short[] resultFormats) {
        this(session, statement, statement, new Object[0], columns, columnTypes, resultFormats);
    }

    private PortalImpl(SqlSessionImpl session, ParsedStatement statement, Statement visibleStatement,
                       Object[] parameters, List<Column> columns, PgType[] columnTypes, short[] resultFormats) {
        this.session = session;
        this.statement = statement;
        this.visibleStatement = visibleStatement;
        this.parameters = parameters;
        this.resultFormats = resultFormats;
        this.columns = columns;
        this.columnTypes = columnTypes;
    }

    @Override
    public Statement statement() {
        return visibleStatement;
    }

    @Override
    public List<Column> columns() {
        return columns;
    }

    @Override
    public short[] resultFormats() {
        return resultFormats.clone();
    }

    @Override
    public ExecutionResult execute(int maxRows, RowSink sink) {
        return session.guarded(() -> run(maxRows, sink));
    }

    private ExecutionResult run(int maxRows, RowSink sink) {
        if (statement.isEmpty()) {
            return ExecutionResult.complete("");
        }
        if (finished) {
            // PostgreSQL answers an Execute of a completed portal with an empty completion
            return ExecutionResult.complete(utilityTag != null ? utilityTag : "SELECT 0");
        }
        if (rows == null && utilityTag == null) {
            session.startStatement(statement);
            context = new ExecContext(parameters, session);
            UtilityCommand utility = statement.utility();
            if (utility != null) {
                SqlSessionImpl.UtilityResult result = session.runUtility(utility, parameters,
                        statement.parameterPgTypes());
                utilityTag = result.tag();
                rows = result.rows() == null ? null : RowSource.of(result.rows());
            } else {
                PlannedQuery q = statement.query();
                if (q.isModify()) {
                    PlanExecutor.ModifyResult result = q.runModify(context);
                    utilityTag = switch (q.command()) {
                        case INSERT -> "INSERT 0 " + result.processed();
                        case UPDATE -> "UPDATE " + result.processed();
                        case DELETE -> "DELETE " + result.processed();
                        case MERGE -> "MERGE " + result.processed();
                    };
                    rows = q.returnsRows() ? RowSource.of(result.returning()) : null;
                } else {
                    rows = q.open(context);
                }
            }
        }
        if (rows == null) {
            finished = true;
            return ExecutionResult.complete(utilityTag);
        }
        int sent = 0;
        osgres.sql.Interrupts interrupts = session.setup().interrupts();
        TypeIo.OutputSettings settings = session.outputSettings();
        while (true) {
            interrupts.check();
            Object[] row = lookahead != null ? lookahead : rows.next();
            lookahead = null;
            if (row == null) {
                break;
            }
            sink.row(encode(row, settings));
            sent++;
            if (maxRows > 0 && sent >= maxRows) {
                lookahead = rows.next();
                if (lookahead != null) {
                    return ExecutionResult.suspendedResult();
                }
                break;
            }
        }
        finished = true;
        return ExecutionResult.complete(utilityTag != null ? utilityTag : "SELECT " + sent);
    }

    @Override
    public String parameterLogText() {
        if (visibleStatement != statement || parameters.length == 0) {
            return ""; // a lifted statement's constants are its own text, not bound parameters
        }
        PgType[] types = statement.parameterPgTypes();
        TypeIo.OutputSettings settings = session.outputSettings();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < parameters.length; i++) {
            text.append(i == 0 ? "" : ", ").append('$').append(i + 1).append(" = ");
            if (parameters[i] == null) {
                text.append("NULL");
            } else {
                text.append('\'').append(TypeIo.output(types[i], parameters[i], settings).replace("'", "''"))
                        .append('\'');
            }
        }
        return text.toString();
    }

    private byte[][] encode(Object[] row, TypeIo.OutputSettings settings) {
        byte[][] out = new byte[row.length][];
        for (int i = 0; i < row.length; i++) {
            Object v = row[i];
            if (v == null) {
                continue;
            }
            PgType type = columnTypes[i];
            out[i] = resultFormats[i] == 1 ? TypeIo.send(type, v, settings)
                    : TypeIo.output(type, v, settings).getBytes(StandardCharsets.UTF_8);
        }
        return out;
    }

    @Override
    public osgres.sql.CopyIn copyIn() {
        if (!(statement.utility() instanceof UtilityCommand.Copy copy) || !copy.from() || copy.filename() != null) {
            return null;
        }
        if (copyIn == null) {
            copyIn = session.guarded(() -> {
                session.startStatement(statement);
                return new CopyCommand.In(session, copy, new ExecContext(parameters, session));
            });
        }
        return copyIn;
    }

    @Override
    public osgres.sql.CopyOut copyOut() {
        if (!(statement.utility() instanceof UtilityCommand.Copy copy) || copy.from() || copy.filename() != null) {
            return null;
        }
        if (copyOut == null) {
            copyOut = session.guarded(() -> {
                session.startStatement(statement);
                return openCopyOut(session, copy, parameters);
            });
        }
        return copyOut;
    }

    /** COPY ... TO: the rows of the table or query, as COPY TO STDOUT and COPY TO a file send them. */
    static CopyCommand.Out openCopyOut(SqlSessionImpl session, UtilityCommand.Copy copy, Object[] parameters) {
        ExecContext ctx = new ExecContext(parameters, session);
        if (copy.query() != null) {
            ParsedStatement inner = session.prepareInternal(copy.query());
            PlannedQuery q = inner.query();
            if (q != null && q.isModify() && q.command() == Query.Command.MERGE) {
                throw PgException.error(osgres.api.SqlState.FEATURE_NOT_SUPPORTED,
                        "MERGE not supported in COPY");
            }
            if (q == null || q.isModify()) {
                throw PgException.error(osgres.api.SqlState.FEATURE_NOT_SUPPORTED,
                        "COPY query must be a SELECT");
            }
            RowSource source = q.open(ctx);
            return new CopyCommand.Out(session, copy, source, inner.columnTypes(),
                    inner.columns().stream().map(osgres.sql.Column::name).toList());
        }
        osgres.storage.TableDef table = session.transaction().table(copy.table())
                .orElseThrow(() -> Messages.relationDoesNotExist(copy.table(), 0));
        if (table.isSequence()) {
            throw Messages.copySequence("cannot copy from sequence", table.name());
        }
        if (table.isView()) {
            throw Messages.copyView(false, table.name());
        }
        int[] columns = CopyCommand.columns(table, copy.columns());
        CopyCommand.checkPrivilege(session, table, columns, osgres.sql.internal.catalog.Privileges.SELECT);
        PgType[] types = new PgType[columns.length];
        List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < columns.length; i++) {
            types[i] = PgType.byOid(table.columns().get(columns[i]).typeOid());
            names.add(table.columns().get(columns[i]).name());
        }
        osgres.storage.RowScan scan = session.transaction().scan(table);
        RowSource source = new RowSource() {
            @Override
            public Object[] next() {
                if (!scan.hasNext()) {
                    return null;
                }
                Object[] values = scan.next().values();
                Object[] out = new Object[columns.length];
                for (int i = 0; i < out.length; i++) {
                    out[i] = values[columns[i]];
                }
                return out;
            }

            @Override
            public void close() {
                scan.close();
            }
        };
        return new CopyCommand.Out(session, copy, source, types, names);
    }

    @Override
    public void close() {
        if (rows != null) {
            rows.close();
        }
        rows = null;
        lookahead = null;
        finished = true;
    }
}
