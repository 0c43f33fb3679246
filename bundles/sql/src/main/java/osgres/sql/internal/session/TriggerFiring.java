/*
 * Fires a table's triggers for one INSERT, UPDATE or DELETE (PostgreSQL's trigger.c ExecBR*Triggers,
 * ExecAR*Triggers and the after-trigger queue): BEFORE STATEMENT triggers when the statement starts; BEFORE ROW
 * triggers on each row, in name order, each seeing the row the one before returned (NULL skips the row, a changed
 * NEW is what is written); AFTER ROW triggers queued with the rows and fired, in order, when the statement's rows
 * are all written, then AFTER STATEMENT triggers. Trigger functions are PL/pgSQL (NEW, OLD, TG_*). Everything
 * runs in the statement's transaction, so a failing statement takes its triggers' writes with it.
 * Not done: UPDATE OF fires when a listed column's value changed (PostgreSQL: when the column is a SET target),
 * triggers of ON CONFLICT, of writes through views, and of the rows of foreign-key actions.
 */
package osgres.sql.internal.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import osgres.api.PgException;
import osgres.api.SqlState;
import osgres.storage.TableDef;
import osgres.sql.internal.nodes.Query;
import osgres.sql.internal.utils.Messages;
import osgres.sql.internal.utils.PgType;
import osgres.sql.internal.utils.RowTriggers;
import osgres.sql.internal.utils.SqlFunction;

public final class TriggerFiring implements RowTriggers {
    /** An AFTER ROW trigger's queued event: its rows as they were written. */
    private record Event(Object[] oldRow, Object[] newRow) {
    }

    private final SqlSessionImpl session;
    private final TableDef table;
    private final Query.Command command;
    private final int event;
    private final List<TriggerCatalog.Trigger> triggers;
    private final List<Event> queued = new ArrayList<>();

    private TriggerFiring(SqlSessionImpl session, TableDef table, Query.Command command,
                          List<TriggerCatalog.Trigger> triggers) {
        this.session = session;
        this.table = table;
        this.command = command;
        this.event = switch (command) {
            case INSERT -> TriggerCatalog.INSERT;
            case UPDATE -> TriggerCatalog.UPDATE;
            case DELETE -> TriggerCatalog.DELETE;
            case MERGE -> throw new IllegalArgumentException("MERGE fires the triggers of its actions");
        };
        this.triggers = triggers;
    }

    /** The firing of the table's enabled triggers for this command, or null when it has none. */
    public static TriggerFiring of(SqlSessionImpl session, TableDef table, Query.Command command) {
        if (!session.triggers().any()) {
            return null;
        }
        int bit = switch (command) {
            case INSERT -> TriggerCatalog.INSERT;
            case UPDATE -> TriggerCatalog.UPDATE;
            case DELETE -> TriggerCatalog.DELETE;
            case MERGE -> throw new IllegalArgumentException("MERGE fires the triggers of its actions");
        };
        List<TriggerCatalog.Trigger> firing = session.triggers().of(table.oid()).stream()
                .filter(t -> t.enabled() && t.firesOn(bit)).toList();
        return firing.isEmpty() ? null : new TriggerFiring(session, table, command, firing);
    }

    @Override
    public void beforeStatement() {
        for (TriggerCatalog.Trigger t : triggers) {
            if (t.before() && !t.row()) {
                fire(t, null, null);
            }
        }
    }

    /** BEFORE ROW: the row to write (for DELETE: the row to delete), or null to skip it. */
    @Override
    public Object[] beforeRow(Object[] oldRow, Object[] newRow) {
        Object[] current = command == Query.Command.DELETE ? oldRow : newRow;
        for (TriggerCatalog.Trigger t : triggers) {
            if (!t.before() || !t.row() || !columnsChanged(t, oldRow, newRow)) {
                continue;
            }
            PlpgsqlExecution.Row result = fire(t, oldRow, command == Query.Command.DELETE ? null : current);
            if (result == null || result.values() == null) {
                return null;
            }
            if (command != Query.Command.DELETE) {
                current = fitted(t, result);
            }
        }
        return current;
    }

    /** AFTER ROW: queued until the statement's rows are all written. */
    @Override
    public void afterRow(Object[] oldRow, Object[] newRow) {
        if (triggers.stream().anyMatch(t -> !t.before() && t.row())) {
            queued.add(new Event(oldRow == null ? null : oldRow.clone(), newRow == null ? null : newRow.clone()));
        }
    }

    @Override
    public void afterRowNow() {
        if (!queued.isEmpty()) {
            fireAfterRow(queued.removeFirst());
        }
    }

    private void fireAfterRow(Event e) {
        for (TriggerCatalog.Trigger t : triggers) {
            if (!t.before() && t.row() && columnsChanged(t, e.oldRow(), e.newRow())) {
                fire(t, e.oldRow(), e.newRow());
            }
        }
    }

    /** The queued AFTER ROW events, then AFTER STATEMENT triggers. */
    @Override
    public void afterStatement() {
        for (Event e : queued) {
            fireAfterRow(e);
        }
        queued.clear();
        for (TriggerCatalog.Trigger t : triggers) {
            if (!t.before() && !t.row()) {
                fire(t, null, null);
            }
        }
    }

    /** UPDATE OF columns: only when one of them changed. */
    private boolean columnsChanged(TriggerCatalog.Trigger t, Object[] oldRow, Object[] newRow) {
        if (t.columns().isEmpty() || command != Query.Command.UPDATE) {
            return true;
        }
        for (String column : t.columns()) {
            for (int i = 0; i < table.columns().size(); i++) {
                if (table.columns().get(i).name().equals(column) && !Objects.equals(oldRow[i], newRow[i])) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A row a BEFORE trigger returned, as the table's columns (22000-ish mismatch as PostgreSQL's). */
    private Object[] fitted(TriggerCatalog.Trigger t, PlpgsqlExecution.Row row) {
        if (row.values().length != table.columns().size()) {
            throw PgException.error(SqlState.DATATYPE_MISMATCH, "returned row structure does not match the "
                    + "structure of the triggering table")
                    .withDetail("Number of returned columns (" + row.values().length + ") does not match expected "
                            + "column count (" + table.columns().size() + ").")
                    .withContext("PL/pgSQL function " + t.function() + "() during function exit");
        }
        return row.values().clone();
    }

    private PlpgsqlExecution.Row fire(TriggerCatalog.Trigger t, Object[] oldRow, Object[] newRow) {
        SqlFunction f = session.functions().find(t.function(), List.of()) == null ? null
                : session.functions().find(t.function(), List.of()).function();
        if (f == null || f.returnType() != PgType.TRIGGER) {
            throw Messages.routineDoesNotExist(false, t.function() + "()");
        }
        if (!f.language().equals("plpgsql")) {
            throw Messages.notSupported("trigger functions in LANGUAGE " + f.language(), 0);
        }
        List<String> names = table.columns().stream().map(osgres.storage.ColumnDef::name).toList();
        List<PgType> types = table.columns().stream().map(c -> PgType.byOid(c.typeOid())).toList();
        String op = switch (command) {
            case INSERT -> "INSERT";
            case UPDATE -> "UPDATE";
            case DELETE -> "DELETE";
            case MERGE -> throw new IllegalArgumentException("MERGE fires the triggers of its actions");
        };
        PlpgsqlExecution.TriggerData data = new PlpgsqlExecution.TriggerData(t.name(), t.before() ? "BEFORE"
                : "AFTER", t.row() ? "ROW" : "STATEMENT", op, table.name(), t.args(),
                newRow == null ? null : new PlpgsqlExecution.Row(names, types, newRow.clone()),
                oldRow == null ? null : new PlpgsqlExecution.Row(names, types, oldRow.clone()));
        session.enterFunction(f);
        try {
            PlpgsqlExecution run = new PlpgsqlExecution(session, f, PlpgsqlFunctions.tree(f.definition()),
                    f.name() + "()");
            SqlFunctionRunner.asOwnerIfDefiner(session, f, () -> run.call(new Object[0], data));
            return run.triggerResult();
        } finally {
            session.leaveFunction();
        }
    }
}
