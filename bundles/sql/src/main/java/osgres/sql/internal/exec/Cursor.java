/*
 * One SQL cursor: PostgreSQL's Portal as DECLARE creates it (portalmem.c) and FETCH/MOVE drive it (pquery.c's
 * DoPortalRunFetch and PortalRunSelect). The portal state is PostgreSQL's: atStart, atEnd and portalPos (the
 * number of the current row, 1-based; 0 before the first), and every direction is reduced, as there, to a
 * forward or backward run of the "executor" with a count, with the same rules for NO SCROLL cursors (any
 * direction may be used as long as the result moves forward) and for the count 0 (re-fetch the current row).
 *
 * The executor side is a CursorRows: the query's RowSource read forward, with the rows kept when the
 * cursor may scan backward (osgres's executor cannot run backward, so a scrollable cursor materialises what it
 * has read, as PostgreSQL's planner puts a Material node under a SCROLL cursor's plan) and, for a WITH HOLD
 * cursor, everything still unread once its transaction commits (PersistHoldablePortal). The query reads with
 * the snapshot its DECLARE took, so rows changed afterwards in the same transaction stay as they were.
 *
 * The kept rows are a TupleStore: in memory within work_mem, in a temporary file beyond it.
 *
 * Not done: WHERE CURRENT OF; a FOR UPDATE cursor locks its rows, but nothing can update "the current row".
 */
package osgres.sql.internal.exec;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import osgres.sql.Column;
import osgres.sql.Interrupts;
import osgres.sql.internal.nodes.CursorDirection;
import osgres.sql.internal.utils.Messages;
import osgres.sql.internal.utils.PgType;
import osgres.sql.internal.utils.SessionServices;
import osgres.storage.ReadSnapshot;
import osgres.storage.Transaction;

public final class Cursor {
    /** parsenodes.h's CURSOR_OPT_* bits, as DeclareCursorStmt carries them. */
    static final int BINARY = 0x0001;
    public static final int SCROLL = 0x0002;
    public static final int NO_SCROLL = 0x0004;
    public static final int INSENSITIVE = 0x0008;
    public static final int ASENSITIVE = 0x0010;
    public static final int HOLD = 0x0020;

    private final String name;
    private final String statement;
    /** The options given, with exactly one of SCROLL and NO_SCROLL set (PerformCursorOpen decides when neither). */
    private final int options;
    private final Instant creationTime;
    private final List<Column> columns;
    private final PgType[] types;
    private final SessionServices session;
    /** The DECLARE's snapshot while the query still reads tables in the declaring transaction, else null. */
    private ReadSnapshot snapshot;
    /** The tables the query reads until the cursor is persisted or closed (the relcache references it holds). */
    private List<String> tables;
    private final CursorRows rows;
    /** Declared by the transaction running now: its rollback drops the cursor even WITH HOLD. */
    private boolean createdInTransaction = true;
    /** An error interrupted a FETCH (PORTAL_FAILED): only CLOSE is left. */
    private boolean failed;
    /** How many savepoints were open when it was declared (its subtransaction's depth, createSubid). */
    private int savepointLevel;

    private boolean atStart = true;
    private boolean atEnd;
    private long portalPos;

    public Cursor(String name, String statement, int options, Instant creationTime, List<Column> columns, PgType[] types,
           SessionServices session, ReadSnapshot snapshot, List<String> tables, Supplier<RowSource> query) {
        this.name = name;
        this.statement = statement;
        this.options = options;
        this.creationTime = creationTime;
        this.columns = columns;
        this.types = types;
        this.session = session;
        this.snapshot = snapshot;
        this.tables = tables;
        long workMem = Math.max(WorkMem.MINIMUM_BYTES, session.gucs().kilobytes("work_mem", 4096) * 1024);
        this.rows = new CursorRows(query, (options & SCROLL) != 0,
                () -> new TupleStore(session.temporaryFiles(), workMem));
    }

    String name() {
        return name;
    }

    public List<Column> columns() {
        return columns;
    }

    public PgType[] types() {
        return types;
    }

    public boolean holdable() {
        return (options & HOLD) != 0;
    }

    public boolean binary() {
        return (options & BINARY) != 0;
    }

    boolean scrollable() {
        return (options & SCROLL) != 0;
    }

    /** Whether the cursor's query (not yet persisted) reads {@code table}. */
    public boolean reads(String table) {
        return tables.contains(table);
    }

    public boolean failed() {
        return failed;
    }

    public void markFailed() {
        failed = true;
    }

    public int savepointLevel() {
        return savepointLevel;
    }

    public void setSavepointLevel(int level) {
        savepointLevel = level;
    }

    public boolean createdInTransaction() {
        return createdInTransaction;
    }

    /** pg_cursors' row: name, statement, is_holdable, is_binary, is_scrollable, creation_time. */
    public Object[] viewRow() {
        return new Object[] {name, statement, holdable(), binary(), scrollable(), creationTime};
    }

    /**
     * FETCH ({@code dest} receives the rows) or MOVE ({@code dest} null, DestNone): the number of rows processed,
     * as the command tag reports it.
     */
    public long fetch(CursorDirection direction, long count, Consumer<Object[]> dest, Interrupts interrupts) {
        return reading(() -> runFetch(direction, count, dest, interrupts));
    }

    /** PersistHoldablePortal at commit: the rest of the result read now, in the declaring transaction. */
    public void persist(Interrupts interrupts) {
        reading(() -> {
            rows.readAll(interrupts);
            return 0;
        });
        rows.keepPastTransaction();
        snapshot = null;
        tables = List.of();
        createdInTransaction = false;
        savepointLevel = 0;
    }

    /** Releases the query's scans and deletes the kept rows' file. */
    public void close() {
        rows.close();
    }

    /** quickdie: forgets the query without closing its scans (the storage is gone), deletes the kept rows' file. */
    public void abandon() {
        rows.abandon();
    }

    /** Runs {@code step} with the DECLARE's snapshot in force for every scan the query opens or continues. */
    private long reading(LongSupplier step) {
        if (snapshot == null || !rows.live()) {
            return step.getAsLong();
        }
        Transaction tx = session.transaction();
        ReadSnapshot before = tx.readWith(snapshot);
        try {
            return step.getAsLong();
        } finally {
            tx.readWith(before);
        }
    }

    // ---- DoPortalRunFetch ----------------------------------------------------------------------------------

    private long runFetch(CursorDirection direction, long count, Consumer<Object[]> dest, Interrupts interrupts) {
        boolean forward;
        switch (direction) {
            case FORWARD, BACKWARD -> {
                forward = direction == CursorDirection.FORWARD;
                if (count < 0) {
                    forward = !forward;
                    count = -count;
                }
            }
            case ABSOLUTE -> {
                return absolute(count, dest, interrupts);
            }
            case RELATIVE -> {
                if (count > 0) {
                    if (count > 1) {
                        runSelect(true, count - 1, null, interrupts);
                    }
                    return runSelect(true, 1, dest, interrupts);
                }
                if (count < 0) {
                    if (count < -1) {
                        runSelect(false, -count - 1, null, interrupts);
                    }
                    return runSelect(false, 1, dest, interrupts);
                }
                forward = true; // RELATIVE 0 is FORWARD 0
            }
            default -> throw new IllegalStateException("bogus direction " + direction);
        }
        if (count == 0) {
            // re-fetch the current row, if the cursor sits on one
            boolean onRow = !atStart && !atEnd;
            if (dest == null) {
                return onRow ? 1 : 0; // MOVE 0 says whether FETCH 0 would return a row
            }
            if (onRow) {
                runSelect(false, 1, null, interrupts);
                count = 1;
                forward = true;
            }
        }
        if (!forward && count == CursorDirection.ALL && dest == null) {
            // MOVE BACKWARD ALL is a rewind
            long result = portalPos;
            if (result > 0 && !atEnd) {
                result--;
            }
            rewind();
            return result;
        }
        return runSelect(forward, count, dest, interrupts);
    }

    /**
     * ABSOLUTE n: for n > 0 the n-th row (from where the cursor is when that is closer than the start), for n < 0
     * the n-th row from the end, for 0 a rewind to before the first row.
     */
    private long absolute(long count, Consumer<Object[]> dest, Interrupts interrupts) {
        if (count > 0) {
            if (count - 1 <= portalPos / 2) {
                rewind();
                if (count > 1) {
                    runSelect(true, count - 1, null, interrupts);
                }
            } else {
                long pos = atEnd ? portalPos + 1 : portalPos;
                if (count <= pos) {
                    runSelect(false, pos - count + 1, null, interrupts);
                } else if (count > pos + 1) {
                    runSelect(true, count - pos - 1, null, interrupts);
                }
            }
            return runSelect(true, 1, dest, interrupts);
        }
        if (count < 0) {
            runSelect(true, CursorDirection.ALL, null, interrupts);
            if (count < -1) {
                runSelect(false, -count - 1, null, interrupts);
            }
            return runSelect(false, 1, dest, interrupts);
        }
        rewind();
        return runSelect(true, 0, dest, interrupts);
    }

    /** DoPortalRewind: back to before the first row; allowed on a NO SCROLL cursor only when it has not moved. */
    private void rewind() {
        if (atStart && !atEnd) {
            return;
        }
        if (!scrollable()) {
            throw Messages.cursorCanOnlyScanForward();
        }
        rows.rewind();
        atStart = true;
        atEnd = false;
        portalPos = 0;
    }

    /**
     * PortalRunSelect: up to {@code count} rows ({@link CursorDirection#ALL}: all) in one direction, from where the
     * executor stands, moving the portal's position by what was processed.
     */
    private long runSelect(boolean forward, long count, Consumer<Object[]> dest, Interrupts interrupts) {
        if (forward) {
            if (atEnd || count <= 0) {
                return 0;
            }
            long n = scan(true, count, dest, interrupts);
            if (n > 0) {
                atStart = false;
            }
            if (count == CursorDirection.ALL || n < count) {
                atEnd = true;
            }
            portalPos += n;
            return n;
        }
        if (!scrollable()) {
            throw Messages.cursorCanOnlyScanForward();
        }
        if (atStart || count <= 0) {
            return 0;
        }
        long n = scan(false, count, dest, interrupts);
        if (n > 0 && atEnd) {
            atEnd = false;
            portalPos++; // the end counts as one position past the last row
        }
        if (count == CursorDirection.ALL || n < count) {
            atStart = true;
            portalPos = 0;
        } else {
            portalPos -= n;
        }
        return n;
    }

    /** ExecutorRun in one direction: up to {@code count} rows from the executor side, each to {@code dest}. */
    private long scan(boolean forward, long count, Consumer<Object[]> dest, Interrupts interrupts) {
        long n = 0;
        while (n < count) {
            interrupts.check();
            Object[] row = forward ? rows.next() : rows.prior();
            if (row == null) {
                break;
            }
            n++;
            if (dest != null) {
                dest.accept(row);
            }
        }
        return n;
    }

    /**
     * The executor side: the query's rows read forward from its RowSource (opened by the first read, as
     * PostgreSQL's executor runs a Sort or an aggregate at the first fetch, not at DECLARE), kept (for a
     * scrollable cursor, and for any cursor once persisted) so the scan can move both ways. Row numbers are
     * 1-based; {@code current} is the row the scan stands on (0: before the first), {@code pastEnd} that a
     * forward read found no more rows. Rows up to {@code base} were read and not kept (a NO SCROLL cursor never
     * goes back to them).
     */
    private static final class CursorRows {
        /** Opens the query; null once it has been opened. */
        private Supplier<RowSource> query;
        /** The open query; null before it opens and after its last row. */
        private RowSource source;
        private final boolean keepRead;
        private final Supplier<TupleStore> newStore;
        /** The rows kept, made when the first one is. */
        private TupleStore kept;
        private long base;
        private long current;
        private boolean pastEnd;

        CursorRows(Supplier<RowSource> query, boolean keepRead, Supplier<TupleStore> newStore) {
            this.query = query;
            this.keepRead = keepRead;
            this.newStore = newStore;
        }

        private long keptCount() {
            return kept == null ? 0 : kept.size();
        }

        private void keep(Object[] row) {
            if (kept == null) {
                kept = newStore.get();
            }
            kept.add(row);
        }

        void keepPastTransaction() {
            if (kept != null) {
                kept.keepPastTransaction();
            }
        }

        /** The query still runs or has yet to start (rows remain to be read from it). */
        boolean live() {
            return query != null || source != null;
        }

        Object[] next() {
            if (pastEnd) {
                return null;
            }
            long wanted = current + 1;
            Object[] row;
            if (wanted <= base + keptCount()) {
                row = kept.get(wanted - base - 1);
            } else {
                row = read();
                if (row == null) {
                    pastEnd = true;
                    return null;
                }
                if (keepRead) {
                    keep(row);
                } else {
                    base++;
                }
            }
            current = wanted;
            return row;
        }

        Object[] prior() {
            if (pastEnd) {
                pastEnd = false;
                return current > 0 ? row(current) : null;
            }
            if (current <= 1) {
                current = 0;
                return null;
            }
            current--;
            return row(current);
        }

        private Object[] row(long number) {
            return kept.get(number - base - 1);
        }

        void rewind() {
            current = 0;
            pastEnd = false;
        }

        /** Reads and keeps every row not read yet, then closes the query. */
        void readAll(Interrupts interrupts) {
            while (live()) {
                interrupts.check();
                Object[] row = read();
                if (row != null) {
                    keep(row);
                }
            }
        }

        private Object[] read() {
            if (query != null) {
                Supplier<RowSource> open = query;
                query = null;
                source = open.get();
            }
            if (source == null) {
                return null;
            }
            Object[] row = source.next();
            if (row == null) {
                closeQuery();
            }
            return row;
        }

        private void closeQuery() {
            query = null;
            if (source != null) {
                RowSource s = source;
                source = null;
                s.close();
            }
        }

        public void abandon() {
            query = null;
            source = null;
            close();
        }

        public void close() {
            closeQuery();
            if (kept != null) {
                kept.close();
                kept = null;
            }
        }
    }
}
