/*
 * The SQL cursors of one session (PostgreSQL's portal hash table of portalmem.c, for the portals DECLARE
 * creates, with portalcmds.c's PerformCursorOpen, PerformPortalFetch and PerformPortalClose): DECLARE, FETCH,
 * MOVE, CLOSE, and what a transaction's end does to them (PreCommit_Portals, AtAbort_Portals):
 *
 *   cursor kind                     COMMIT                               ROLLBACK / error
 *   WITHOUT HOLD                    closed                               closed
 *   WITH HOLD, declared in it       rest of the result read and kept     closed
 *   WITH HOLD, from an earlier one  unchanged (already kept)             unchanged
 *
 * The query of DECLARE goes the way an ordinary SELECT goes (parsed again from its slice of the query string,
 * analysed, planned, opened by the executor), so errors in it point into the DECLARE as PostgreSQL's do.
 * Protocol-level portals (Bind/Execute) are the backend's and do not share this namespace. Used by the session's
 * thread only.
 *
 * Scroll rule (PerformCursorOpen): without SCROLL or NO SCROLL a cursor may scan backward when its plan can
 * (ExecSupportsBackwardScan); see {@link #supportsBackwardScan}.
 */
package osgres.sql.internal.session;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import osgres.api.PgException;
import osgres.sql.Interrupts;
import osgres.sql.internal.exec.Cursor;
import osgres.sql.internal.exec.PlannedQuery;
import osgres.sql.internal.exec.RowSource;
import osgres.sql.internal.nodes.Expr;
import osgres.sql.internal.nodes.Plan;
import osgres.sql.internal.parser.RawParser;
import osgres.sql.internal.parser.UtilityCommand;
import osgres.sql.internal.utils.ExecContext;
import osgres.sql.internal.utils.Messages;
import osgres.sql.internal.utils.PgType;
import osgres.storage.ReadSnapshot;

final class CursorTable {
    /** The system views that are a scan of one set-returning function in PostgreSQL (FunctionScan). */
    private static final java.util.Set<String> FUNCTION_SCAN_VIEWS = java.util.Set.of("pg_cursors", "pg_stat_wal");

    private final Map<String, Cursor> cursors = new LinkedHashMap<>();

    /** The cursor called {@code name}, or null. */
    Cursor find(String name) {
        return cursors.get(name);
    }

    boolean isEmpty() {
        return cursors.isEmpty();
    }

    /**
     * DECLARE: checks the options, analyses and opens the query (nothing is read yet), refuses a cursor WITHOUT
     * HOLD outside a transaction block and a name in use.
     */
    void declare(UtilityCommand.DeclareCursor declare, SqlSessionImpl session, boolean inTransactionBlock,
                 Object[] parameters, PgType[] parameterTypes, int savepointLevel) {
        int options = declare.options();
        if ((options & Cursor.SCROLL) != 0 && (options & Cursor.NO_SCROLL) != 0) {
            throw Messages.cursorOptionsConflict("SCROLL", "NO SCROLL");
        }
        if ((options & Cursor.ASENSITIVE) != 0 && (options & Cursor.INSENSITIVE) != 0) {
            throw Messages.cursorOptionsConflict("ASENSITIVE", "INSENSITIVE");
        }
        if (declare.intoPosition() > 0) {
            throw Messages.selectIntoNotAllowed(declare.intoPosition());
        }
        int[] oids = new int[parameterTypes.length];
        for (int i = 0; i < oids.length; i++) {
            oids[i] = parameterTypes[i].oid();
        }
        ParsedStatement statement = query(declare, session, oids, oids.length > 0);
        PlannedQuery query = statement.query();
        if (query == null || query.isModify()) {
            throw PgException.error(osgres.api.SqlState.SYNTAX_ERROR, "DECLARE CURSOR needs a SELECT");
        }
        osgres.storage.RowLockStrength strength = lockStrength(query);
        if (strength != null) {
            String clause = strength.clause();
            if ((options & Cursor.HOLD) != 0) {
                throw Messages.cursorMustBeReadOnly("WITH HOLD", clause);
            }
            if ((options & Cursor.SCROLL) != 0) {
                throw Messages.cursorMustBeReadOnly("SCROLL", clause);
            }
            if ((options & Cursor.INSENSITIVE) != 0) {
                throw Messages.cursorMustBeReadOnly("INSENSITIVE", clause);
            }
        }
        if ((options & Cursor.HOLD) == 0 && !inTransactionBlock) {
            throw Messages.onlyInTransactionBlock("DECLARE CURSOR");
        }
        if (cursors.containsKey(declare.name())) {
            throw Messages.cursorAlreadyExists(declare.name());
        }
        if ((options & (Cursor.SCROLL | Cursor.NO_SCROLL)) == 0) {
            options |= supportsBackwardScan(query) ? Cursor.SCROLL : Cursor.NO_SCROLL;
        }
        ReadSnapshot snapshot = query.tables().isEmpty() ? null : session.transaction().keepSnapshot();
        ExecContext context = new ExecContext(parameters, session);
        List<String> tables = query.tables().stream().map(osgres.storage.TableDef::name).distinct().toList();
        cursors.put(declare.name(), new Cursor(declare.name(), declare.sql(), options, session.statementStart(),
                statement.columns(), statement.columnTypes(), session, snapshot, tables, () -> open(query, context)));
        cursors.get(declare.name()).setSavepointLevel(savepointLevel);
    }

    /**
     * The query of a DECLARE as a statement of the session: with the types of the parameters bound to the DECLARE
     * (extended protocol; PostgreSQL analyses the query with them), or none allowed (a simple Query).
     */
    static ParsedStatement query(UtilityCommand.DeclareCursor declare, SqlSessionImpl session, int[] parameterTypes,
                                 boolean parametersAllowed) {
        return new ParsedStatement(session, RawParser.parsePiece(declare.sql(), declare.query()), parameterTypes,
                parametersAllowed);
    }

    /** The executor's start on the query, as a portal starts an ordinary SELECT. */
    private static RowSource open(PlannedQuery query, ExecContext context) {
        return query.open(context);
    }

    /**
     * ExecSupportsBackwardScan over osgres's plan shape, as PostgreSQL 15 plans the same query: a scan of one table
     * or function (SeqScan, IndexScan, FunctionScan) or a Sort on top can go backward, under LIMIT too; a
     * table-free SELECT (Result), a join (NestLoop, HashJoin), IN or EXISTS in WHERE (pulled up into a semi- or
     * anti-join), an aggregate or DISTINCT without ORDER BY (Agg), most system views (joins over functions) and a
     * locking clause (LockRows, which PerformCursorOpen refuses to scroll) cannot. ORDER BY over GROUP BY or
     * DISTINCT is taken to be a Sort over a HashAggregate (PostgreSQL's usual plan for few groups).
     */
    static boolean supportsBackwardScan(PlannedQuery query) {
        return supportsBackwardScan(query.planned().plan());
    }

    /** The query's locking clause (FOR UPDATE/SHARE), or null. */
    private static osgres.storage.RowLockStrength lockStrength(PlannedQuery query) {
        Plan p = query.planned().plan();
        while (p != null) {
            switch (p) {
                case Plan.LockRows l -> {
                    return l.strength();
                }
                case Plan.Limit l -> p = l.input();
                case Plan.Project pr -> p = pr.input();
                default -> p = null;
            }
        }
        return null;
    }

    /** ExecSupportsBackwardScan over the Planner's plan tree, with PostgreSQL 15's plan shapes in mind (above). */
    private static boolean supportsBackwardScan(Plan p) {
        return switch (p) {
            case Plan.Limit l -> supportsBackwardScan(l.input());
            case Plan.Project pr -> supportsBackwardScan(pr.input());
            case Plan.Unique u -> supportsBackwardScan(u.input());
            case Plan.SubqueryScan s -> s.filter() == null ? supportsBackwardScan(s.subplan())
                    : !hasSubPlan(s.filter()) && supportsBackwardScan(s.subplan());
            case Plan.Filter f -> !hasSubPlan(f.filter()) && supportsBackwardScan(f.input());
            case Plan.Sort s -> true;
            case Plan.SeqScan s -> !hasSubPlan(s.filter());
            case Plan.IndexScan s -> !hasSubPlan(s.filter());
            case Plan.FunctionScan s -> true;
            case Plan.ValuesScan s -> true;
            case Plan.CteScan s -> true;
            case Plan.ViewScan v -> FUNCTION_SCAN_VIEWS.contains(v.view().name());
            default -> false;
        };
    }

    /**
     * An EXISTS, NOT EXISTS or IN subplan among a qual's AND-ed conditions: PostgreSQL pulls it up into a semi- or
     * anti-join, which cannot go back (NOT IN and subplans under OR stay filters).
     */
    private static boolean hasSubPlan(Expr qual) {
        return switch (qual) {
            case null -> false;
            case Expr.SubPlan sp -> sp.kind() == Expr.SubQueryKind.EXISTS || sp.kind() == Expr.SubQueryKind.ANY;
            case Expr.Not n -> n.arg() instanceof Expr.SubPlan sp && sp.kind() == Expr.SubQueryKind.EXISTS;
            case Expr.BoolOp b when b.isAnd() -> b.args().stream().anyMatch(CursorTable::hasSubPlan);
            default -> false;
        };
    }

    /**
     * CheckTableNotInUse for the DDL that PostgreSQL refuses on a table an open cursor of the session reads (DROP
     * TABLE, TRUNCATE, ALTER TABLE, CREATE INDEX; VACUUM FULL and CLUSTER have no counterpart here): 55006.
     */
    void checkNotInUse(UtilityCommand command) {
        if (cursors.isEmpty()) {
            return;
        }
        switch (command) {
            case UtilityCommand.DropTable d -> checkNotInUse("DROP TABLE", d.names());
            case UtilityCommand.Truncate t -> checkNotInUse("TRUNCATE", t.names());
            case UtilityCommand.AddColumn a -> checkNotInUse("ALTER TABLE", List.of(a.table()));
            case UtilityCommand.AlterTable a -> checkNotInUse("ALTER TABLE", List.of(a.table()));
            case UtilityCommand.AddConstraint a -> checkNotInUse("ALTER TABLE", List.of(a.table()));
            case UtilityCommand.SetStorageParameters s -> checkNotInUse("ALTER TABLE", List.of(s.table()));
            case UtilityCommand.CreateIndex i -> checkNotInUse("CREATE INDEX", List.of(i.table()));
            default -> {
            }
        }
    }

    private void checkNotInUse(String command, List<String> tables) {
        for (String table : tables) {
            for (Cursor c : cursors.values()) {
                if (c.reads(table)) {
                    throw Messages.tableInUseByCursor(command, table.substring(table.lastIndexOf('.') + 1));
                }
            }
        }
    }

    /** FETCH or MOVE: the rows fetched (empty for MOVE) and the tag {@code FETCH n} / {@code MOVE n}. */
    SqlSessionImpl.UtilityResult fetch(UtilityCommand.Fetch fetch, Interrupts interrupts) {
        Cursor cursor = cursors.get(fetch.name());
        if (cursor == null) {
            throw Messages.cursorDoesNotExist(fetch.name());
        }
        if (cursor.failed()) {
            throw Messages.portalCannotBeRun(fetch.name());
        }
        List<Object[]> rows = fetch.move() ? null : new ArrayList<>();
        long n;
        try {
            n = cursor.fetch(fetch.direction(), fetch.count(), rows == null ? null : rows::add, interrupts);
        } catch (RuntimeException e) {
            // AtAbort_Portals marks the portal that was running failed; one of this transaction's is dropped anyway
            cursor.markFailed();
            throw e;
        }
        return new SqlSessionImpl.UtilityResult((fetch.move() ? "MOVE " : "FETCH ") + n, rows);
    }

    /** CLOSE name, or CLOSE ALL ({@code name} null). */
    String close(String name) {
        if (name == null) {
            closeAll();
            return "CLOSE CURSOR ALL";
        }
        Cursor cursor = cursors.remove(name);
        if (cursor == null) {
            throw Messages.cursorDoesNotExist(name);
        }
        cursor.close();
        return "CLOSE CURSOR";
    }

    /** quickdie: every cursor goes without touching the storage its scans read. */
    void abandonAll() {
        for (Cursor c : cursors.values()) {
            c.abandon();
        }
        cursors.clear();
    }

    void closeAll() {
        for (Cursor c : cursors.values()) {
            c.close();
        }
        cursors.clear();
    }

    /**
     * PreCommit_Portals: before the transaction commits, the WITH HOLD cursors it declared read the rest of their
     * result (an error here fails the commit); the others close.
     */
    void beforeCommit(Interrupts interrupts) {
        if (cursors.isEmpty()) {
            return;
        }
        for (Cursor c : cursors.values()) {
            if (c.holdable() && c.createdInTransaction()) {
                c.persist(interrupts);
            }
        }
        closeWhere(c -> !c.holdable());
    }

    /** A WITH HOLD cursor's rows read now, as the commit would read them (a lone statement's commit is next). */
    void persistHeld(String name, Interrupts interrupts) {
        Cursor cursor = cursors.get(name);
        if (cursor != null && cursor.holdable() && cursor.createdInTransaction()) {
            cursor.persist(interrupts);
        }
    }

    /**
     * AtSubCommit_Portals: RELEASE of the savepoint at {@code level} (0-based in the block's stack) hands the cursors
     * declared after it to the level below.
     */
    void atSubCommit(int level) {
        for (Cursor c : cursors.values()) {
            if (c.savepointLevel() > level) {
                c.setSavepointLevel(level);
            }
        }
    }

    /** AtSubAbort_Portals: ROLLBACK TO the savepoint at {@code level} closes the cursors declared after it. */
    void atSubAbort(int level) {
        if (!cursors.isEmpty()) {
            closeWhere(c -> c.savepointLevel() > level);
        }
    }

    /** AtAbort_Portals: only WITH HOLD cursors of earlier transactions survive. */
    void atAbort() {
        if (!cursors.isEmpty()) {
            closeWhere(c -> !c.holdable() || c.createdInTransaction());
        }
    }

    private void closeWhere(java.util.function.Predicate<Cursor> condition) {
        var it = cursors.values().iterator();
        while (it.hasNext()) {
            Cursor c = it.next();
            if (condition.test(c)) {
                it.remove();
                c.close();
            }
        }
    }

    /** pg_cursors' rows. */
    List<Object[]> viewRows() {
        List<Object[]> rows = new ArrayList<>();
        for (Cursor c : cursors.values()) {
            rows.add(c.viewRow());
        }
        return rows;
    }

    /** Column descriptions of a FETCH's result (UtilityTupleDescriptor): null for MOVE or an unknown cursor. */
    Cursor fetchTarget(UtilityCommand command) {
        if (command instanceof UtilityCommand.Fetch f && !f.move()) {
            return cursors.get(f.name());
        }
        return null;
    }
}
