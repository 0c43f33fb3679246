/*
 * A portal (PostgreSQL's portalmem.c / pquery.c PortalRun): a statement with bound parameter values and
 * result formats. The first Execute starts it (runs a utility command, or opens the query's RowSource);
 * each Execute sends up to maxRows rows and reports suspension while rows remain, so the portal can be
 * resumed. Values are encoded in each column's format (text output or binary send) as they are sent.
 */
package osgres.sql.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;

import osgres.sql.Column;
import osgres.sql.ExecutionResult;
import osgres.sql.Portal;
import osgres.sql.RowSink;
import osgres.sql.Statement;

final class PortalImpl implements Portal {
    private final SqlSessionImpl session;
    private final ParsedStatement statement;
    private final Object[] parameters;
    private final short[] resultFormats;
    private final List<Column> columns;
    private final PgType[] columnTypes;
    private RowSource rows;
    private String utilityTag;
    private ExecContext context;
    private boolean finished;
    private Object[] lookahead;

    PortalImpl(SqlSessionImpl session, ParsedStatement statement, Object[] parameters, short[] resultFormats) {
        this.session = session;
        this.statement = statement;
        this.parameters = parameters;
        this.resultFormats = resultFormats;
        this.columns = statement.columns();
        this.columnTypes = statement.columnTypes();
    }

    @Override
    public Statement statement() {
        return statement;
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
                SqlSessionImpl.UtilityResult result = session.runUtility(utility);
                utilityTag = result.tag();
                rows = result.rows() == null ? null : RowSource.of(result.rows());
            } else {
                rows = RowSource.result(statement.query(), context);
            }
        }
        if (rows == null) {
            finished = true;
            return ExecutionResult.complete(utilityTag);
        }
        int sent = 0;
        osgres.sql.Interrupts interrupts = session.setup().interrupts();
        while (true) {
            interrupts.check();
            Object[] row = lookahead != null ? lookahead : rows.next();
            lookahead = null;
            if (row == null) {
                break;
            }
            sink.row(encode(row));
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

    private byte[][] encode(Object[] row) {
        byte[][] out = new byte[row.length][];
        TypeIo.OutputSettings settings = session.outputSettings();
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
        return null;
    }

    @Override
    public osgres.sql.CopyOut copyOut() {
        return null;
    }

    @Override
    public void close() {
        rows = null;
        lookahead = null;
        finished = true;
    }
}
