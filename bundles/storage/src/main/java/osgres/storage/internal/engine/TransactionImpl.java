package osgres.storage.internal.engine;

import java.lang.foreign.MemorySegment;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.UnaryOperator;

import osgres.api.PgException;
import osgres.api.SqlState;
import osgres.storage.BackendProc;
import osgres.storage.ColumnDef;
import osgres.storage.IndexDef;
import osgres.storage.Inheritance;
import osgres.storage.IsolationLevel;
import osgres.storage.LockMode;
import osgres.storage.ObjectAcl;
import osgres.storage.LockWaitPolicy;
import osgres.storage.MaintenanceOrigin;
import osgres.storage.OnCommitAction;
import osgres.storage.ReadSnapshot;
import osgres.storage.RowLockStrength;
import osgres.storage.RowScan;
import osgres.storage.RowVersion;
import osgres.storage.SequenceDef;
import osgres.storage.SequenceFetch;
import osgres.storage.SequenceState;
import osgres.storage.TableDef;
import osgres.storage.Tid;
import osgres.storage.Transaction;
import osgres.storage.ViewDef;
import osgres.storage.WriteResult;
import osgres.storage.internal.btree.BTree;
import osgres.storage.internal.btree.KeyComparator;
import osgres.storage.internal.catalog.CatalogRows;
import osgres.storage.internal.catalog.DatabaseCatalog;
import osgres.storage.internal.catalog.RelationEntry;
import osgres.storage.internal.catalog.TemporaryNamespace;
import osgres.storage.internal.core.Page;
import osgres.storage.internal.core.RelFile;
import osgres.storage.internal.core.Snapshot;
import osgres.storage.internal.core.TransactionCore;
import osgres.storage.internal.heap.HeapAccess;
import osgres.storage.internal.heap.HeapOutcome;
import osgres.storage.internal.heap.HeapPage;
import osgres.storage.internal.heap.RowFormat;
import osgres.storage.internal.heap.StorageMessages;
import osgres.storage.internal.heap.TupleCodec;
import osgres.storage.internal.heap.TupleLocks;
import osgres.storage.internal.lmgr.LockManager;
import osgres.storage.internal.lmgr.LockOwner;
import osgres.storage.internal.lmgr.LockTag;
import osgres.storage.internal.stats.TransactionCounts;
import osgres.storage.internal.toast.ToastRelation;
import osgres.storage.internal.toast.Toaster;

/**
 * One transaction (xact.c's TransactionState with the executor's table and index calls): lazy xid assignment,
 * snapshots per isolation level (READ COMMITTED: one per statement; REPEATABLE READ: the first one, with the
 * command id advanced), the command counter, and a catalog overlay holding this transaction's uncommitted DDL.
 * Every running snapshot's xmin is registered so VACUUM and pruning keep what it can see. Used by one thread.
 *
 * <p>Locks, as PostgreSQL takes them, held to the end of the transaction: every table access takes its relation
 * lock (AccessShare to read, RowExclusive to write, RowShare for row locks; the SQL layer takes them earlier,
 * when it resolves names, and these repeat as cheap local hits), DDL takes Share (CREATE INDEX) or
 * AccessExclusive (DROP, TRUNCATE, ALTER TABLE, DROP INDEX) before it looks at the catalog entry again, then a
 * lock on the pg_class row it rewrites and on any name it creates (so two DDL transactions on different tables never
 * wait for each other), an xid gets its ExclusiveLock when assigned, and row waits
 * wait on the other transaction's xid lock. All of it goes through the {@link LockManager}, so every wait is
 * interruptible and part of deadlock detection.
 *
 * <p>Rows cross this class as plain Java values: they are toasted on the way into the heap
 * ({@code Toaster.encode}, a size test for ordinary rows) and every row handed back (scans, EvalPlanQual's newest
 * version) comes detoasted. Index keys are built from the plain values and never toasted.
 *
 * <p>Temporary tables: names resolve as {@link RelationName} says (the backend's {@code pg_temp_N} first). A
 * temporary table's DDL goes through the same overlay but writes no pg_class row and takes no name lock (no other
 * backend can see the name), and its commit publishes to the backend's {@link TemporaryNamespace}. Before the commit
 * record, the ON COMMIT actions run (PreCommit_on_commit_actions): ON COMMIT DROP tables this transaction created are
 * dropped, and ON COMMIT DELETE ROWS tables it wrote to are truncated.
 *
 * <p>Savepoints (xact.c's subtransactions): {@link #beginSubtransaction} pushes a {@link Subtransaction}; writes
 * inside it are stamped with its subxid, assigned on the first write after the top-level xid (so a subxid is always
 * larger than its top's). Reads pass the top-level xid, and {@code Visibility} counts the subxids not rolled back
 * as the transaction's own. Releasing hands a level's xids, locks and end actions to its parent; rolling back
 * aborts its xids (and those of the levels inside it) in CLOG and WAL, releases the locks taken since it started
 * (waiters wake) and restores the relation-lock cache and the catalog overlay, so DDL inside it is undone too.
 */
final class TransactionImpl implements Transaction {
    private final StorageEngine engine;
    /** The owner of relations this transaction creates (setCreatingRole). */
    private int creatingRole = osgres.storage.Role.BOOTSTRAP_SUPERUSER_OID;
    /** The ACL new relations start with (ALTER DEFAULT PRIVILEGES), null for the default one. */
    private osgres.storage.Transaction.InitialAcl initialAcl;
    private final HeapAccess heap;
    private final TransactionCore transactions;
    private final DatabaseCatalog catalog;
    private final IsolationLevel isolation;
    private boolean readOnly;
    private final long backendId;
    private final LockManager lockManager;
    private final BackendProc proc;
    private LockOwner lockOwner;
    /**
     * The relation locks this transaction took, for the repeat requests of every scan and write (the SQL layer
     * already locked at analysis): a few int compares instead of a lock-table lookup. Locks are only released at
     * the end of the transaction, so an entry never goes stale.
     */
    private int[] lockedOids = new int[4];
    private int[] lockedModes = new int[4];
    private int lockedCount;

    private long xid;
    /** Open savepoint levels, innermost last; null while there are none. */
    private ArrayList<Subtransaction> subtransactions;
    /** Subxids of levels released into the top level: they commit with it. */
    private long[] releasedSubxids = NO_XIDS;
    private static final long[] NO_XIDS = new long[0];
    private int commandId;
    private boolean started;
    private Snapshot snapshot;
    /** A kept snapshot that scans read with instead of the statement's (a cursor fetching), or null. */
    private Snapshot readSnapshot;
    /** The oldest xmin of the snapshots kept by {@link #keepSnapshot}: vacuum must not pass it. */
    private long keptXmin = Long.MAX_VALUE;
    private boolean registered;
    private boolean ended;
    private Map<Integer, RelationEntry> overlay;
    /** This transaction's table counts, created by its first write; shared at commit or abort. */
    private TransactionCounts counts;
    /** This backend's temporary tables in this database; null until it creates its first one. */
    private TemporaryNamespace temp;
    /** ON COMMIT DELETE ROWS tables this transaction put rows in: truncated before it commits. */
    private Set<Integer> rowsToDeleteAtCommit;
    /** pg_namespace's OID: the class of the name locks that stand for pg_class's unique name index. */
    private static final int PG_NAMESPACE = 2615;

    TransactionImpl(StorageEngine engine, DatabaseCatalog catalog, IsolationLevel isolation, boolean readOnly,
                    BackendProc proc) {
        this.engine = engine;
        this.lockManager = engine.locks();
        this.proc = proc;
        this.heap = engine.heap();
        this.transactions = engine.transactions();
        this.catalog = catalog;
        this.isolation = isolation;
        this.readOnly = readOnly;
        this.backendId = engine.nextBackendId();
        this.temp = engine.temporaryNamespace(proc, catalog.databaseOid(), false);
    }

    @Override
    public int databaseOid() {
        return catalog.databaseOid();
    }

    @Override
    public IsolationLevel isolation() {
        return isolation;
    }

    @Override
    public boolean readOnly() {
        return readOnly;
    }

    @Override
    public void setReadOnly(boolean readOnly) {
        this.readOnly = readOnly;
    }

    @Override
    public long xid() {
        return xid;
    }

    // ---- statements and snapshots -----------------------------------------------------------------------

    @Override
    public void startStatement() {
        checkActive();
        if (started) {
            commandId++;
        }
        started = true;
        if (isolation == IsolationLevel.READ_COMMITTED || snapshot == null) {
            takeSnapshot();
        } else {
            snapshot = snapshot.withCommandId(commandId);
        }
    }

    @Override
    public void commandCounterIncrement() {
        checkActive();
        if (!started || snapshot == null) {
            startStatement();
            return;
        }
        commandId++;
        snapshot = snapshot.withCommandId(commandId);
    }

    @Override
    public int newOid() {
        checkActive();
        return transactions.nextOid();
    }

    private void takeSnapshot() {
        if (!registered) {
            // Holds vacuum back before the snapshot exists, so nothing it will consider running can be removed
            // between taking it and registering its xmin.
            transactions.registerSnapshot(backendId, transactions.oldestXmin(), proc);
            registered = true;
        }
        snapshot = transactions.takeSnapshot(xid, commandId);
        transactions.registerSnapshot(backendId, Math.min(snapshot.xmin(), keptXmin), proc);
    }

    @Override
    public ReadSnapshot keepSnapshot() {
        Snapshot kept = snapshot();
        keptXmin = Math.min(keptXmin, kept.xmin());
        return kept;
    }

    @Override
    public ReadSnapshot readWith(ReadSnapshot kept) {
        Snapshot before = readSnapshot;
        readSnapshot = (Snapshot) kept;
        return before;
    }

    /** The snapshot a scan opened now reads with. */
    private Snapshot scanSnapshot() {
        return readSnapshot != null ? readSnapshot : snapshot();
    }

    private Snapshot snapshot() {
        if (snapshot == null) {
            startStatement();
        }
        return snapshot;
    }

    private void checkActive() {
        engine.checkOpen();
        if (ended) {
            throw new IllegalStateException("transaction already ended");
        }
    }

    /** The xid this transaction writes with now (AssignTransactionId): its top xid, or the open savepoint's subxid. */
    private long writeXid(String command) {
        return writeXid(command, false);
    }

    /**
     * The xid a write needs, assigned on the first one. A read-only transaction refuses writes (25006), except to
     * temporary tables (ExecCheckXactReadOnly lets those through: nobody else can see them).
     */
    private long writeXid(String command, boolean temporaryTable) {
        checkActive();
        if (readOnly && (!temporaryTable || engine.hotStandby())) {
            // during recovery not even temporary tables: no xid may be assigned on a standby
            throw StorageMessages.readOnlyTransaction(command);
        }
        assignXid();
        if (subtransactions == null) {
            return xid;
        }
        Subtransaction level = subtransactions.getLast();
        if (level.subxid() == 0) {
            long subxid = transactions.assignSubXid(xid);
            level.assigned(subxid);
            // logged in this level: a ROLLBACK TO releases it and wakes whoever waits on the subtransaction's rows
            lockManager.acquire(owner(), LockTag.transaction(subxid), LockMode.EXCLUSIVE, false);
        }
        return level.subxid();
    }

    @Override
    public long assignXid() {
        checkActive();
        snapshot();
        if (xid == 0) {
            xid = transactions.assignXid();
            // before anything carries the xid: whoever finds it in a tuple can wait on this lock (the top's, which a
            // ROLLBACK TO of a savepoint open now must not release)
            lockManager.acquireForTopTransaction(owner(), LockTag.transaction(xid), LockMode.EXCLUSIVE);
        }
        return xid;
    }

    /** The xid the current write is stamped with, once {@link #writeXid} has assigned it. */
    private long currentXid() {
        return subtransactions == null ? xid : subtransactions.getLast().subxid();
    }

    // ---- savepoints -----------------------------------------------------------------------------------------

    @Override
    public int beginSubtransaction() {
        checkActive();
        if (subtransactions == null) {
            subtransactions = new ArrayList<>(4);
        }
        subtransactions.add(new Subtransaction(lockManager.subtransactionMark(owner()), lockedOids, lockedModes,
                lockedCount, overlay, counts));
        return subtransactions.size();
    }

    @Override
    public int subtransactionDepth() {
        return subtransactions == null ? 0 : subtransactions.size();
    }

    @Override
    public void releaseSubtransactions(int depth) {
        checkActive();
        while (subtransactionDepth() > depth) {
            Subtransaction child = subtransactions.removeLast();
            if (subtransactions.isEmpty()) {
                releasedSubxids = concat(releasedSubxids, child.xids());
            } else {
                subtransactions.getLast().adopt(child.xids());
            }
        }
        if (subtransactions != null && subtransactions.isEmpty()) {
            subtransactions = null;
            lockManager.endSubtransactionLog(owner());
        }
    }

    @Override
    public void rollbackSubtransactions(int depth) {
        if (ended || subtransactionDepth() <= depth) {
            return;
        }
        engine.checkOpen();
        Subtransaction outermost = subtransactions.get(depth);
        long[] aborted = NO_XIDS;
        for (int i = depth; i < subtransactions.size(); i++) {
            aborted = concat(aborted, subtransactions.get(i).xids());
        }
        subtransactions.subList(depth, subtransactions.size()).clear();
        try {
            // CLOG says aborted before the locks go: a woken waiter must find the rows' writer aborted
            transactions.abortSubtransactions(xid, aborted);
        } finally {
            lockManager.releaseSince(owner(), outermost.lockMark);
            lockedOids = Arrays.copyOf(outermost.lockedOids, Math.max(4, outermost.lockedCount));
            lockedModes = Arrays.copyOf(outermost.lockedModes, Math.max(4, outermost.lockedCount));
            lockedCount = outermost.lockedCount;
            overlay = outermost.overlayAtStart();
            if (counts != null) {
                counts.rollBackTo(outermost.countsAtStart);
            }
            if (subtransactions.isEmpty()) {
                subtransactions = null;
                lockManager.endSubtransactionLog(owner());
            }
        }
    }

    /** Every subxid that is part of the transaction now (released ones and those of levels still open). */
    private long[] liveSubxids() {
        long[] all = releasedSubxids;
        if (subtransactions != null) {
            for (Subtransaction level : subtransactions) {
                all = concat(all, level.xids());
            }
        }
        return all;
    }

    private static long[] concat(long[] a, long[] b) {
        if (b.length == 0) {
            return a;
        }
        if (a.length == 0) {
            return b;
        }
        long[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    // ---- locks --------------------------------------------------------------------------------------------

    private LockOwner owner() {
        if (lockOwner == null) {
            lockOwner = lockManager.ownerFor(proc);
            lockOwner.setDatabase(catalog.databaseOid());
        }
        return lockOwner;
    }

    private LockTag relationTag(int oid) {
        return LockTag.relation(catalog.databaseOid(), oid);
    }

    private void lockRelation(int oid, LockMode mode) {
        if (holdsRelationLock(oid, mode)) {
            return;
        }
        lockManager.acquire(owner(), relationTag(oid), mode, false);
        rememberRelationLock(oid, mode);
    }

    private boolean holdsRelationLock(int oid, LockMode mode) {
        for (int i = 0; i < lockedCount; i++) {
            if (lockedOids[i] == oid) {
                return (lockedModes[i] & mode.bit()) != 0;
            }
        }
        return false;
    }

    private void rememberRelationLock(int oid, LockMode mode) {
        for (int i = 0; i < lockedCount; i++) {
            if (lockedOids[i] == oid) {
                lockedModes[i] |= mode.bit();
                return;
            }
        }
        if (lockedCount == lockedOids.length) {
            lockedOids = Arrays.copyOf(lockedOids, lockedCount * 2);
            lockedModes = Arrays.copyOf(lockedModes, lockedCount * 2);
        }
        lockedOids[lockedCount] = oid;
        lockedModes[lockedCount++] = mode.bit();
    }

    @Override
    public Optional<TableDef> openTable(String name, LockMode mode) {
        checkActive();
        RelationEntry e = byName(name);
        while (e != null) {
            lockRelation(e.oid(), mode);
            // RangeVarGetRelidExtended: the name may have been dropped or re-pointed while we waited
            RelationEntry now = byName(name);
            if (now == null || now.oid() == e.oid()) {
                e = now;
                break;
            }
            e = now;
        }
        return e == null ? Optional.empty() : Optional.of(e.def());
    }

    @Override
    public void lockTable(TableDef table, LockMode mode, boolean nowait) {
        checkActive();
        if (holdsRelationLock(table.oid(), mode)) {
            return;
        }
        if (!lockManager.acquire(owner(), relationTag(table.oid()), mode, nowait)) {
            throw StorageMessages.relationLockNotAvailable(table.name());
        }
        rememberRelationLock(table.oid(), mode);
    }

    @Override
    public boolean advisoryLock(long key, boolean twoKeys, boolean shared, boolean sessionLevel, boolean wait) {
        checkActive();
        LockTag tag = advisoryTag(key, twoKeys);
        LockMode mode = shared ? LockMode.SHARE : LockMode.EXCLUSIVE;
        return sessionLevel ? lockManager.acquireSession(owner(), tag, mode, !wait)
                : lockManager.acquire(owner(), tag, mode, !wait);
    }

    @Override
    public boolean advisoryUnlock(long key, boolean twoKeys, boolean shared) {
        checkActive();
        return lockManager.releaseSession(owner(), advisoryTag(key, twoKeys),
                shared ? LockMode.SHARE : LockMode.EXCLUSIVE);
    }

    @Override
    public void advisoryUnlockAll() {
        checkActive();
        lockManager.releaseAllSession(owner(), tag -> tag.kind() == LockTag.Kind.ADVISORY);
    }

    private LockTag advisoryTag(long key, boolean twoKeys) {
        return LockTag.advisory(catalog.databaseOid(), (int) (key >>> 32), (int) key, twoKeys ? 2 : 1);
    }

    /** The heap's view of the lock manager for one relation. */
    private TupleLocks tupleLocks(int relationOid) {
        return new TupleLocks() {
            @Override
            public void waitForTransaction(long other) {
                lockManager.waitForTransaction(owner(), other);
            }

            @Override
            public boolean transactionEnded(long other) {
                return lockManager.transactionEnded(owner(), other);
            }

            @Override
            public void noteRowLocks() {
                lockManager.noteRowLocks(owner(), catalog.databaseOid(), relationOid);
            }

            @Override
            public boolean mayHaveRowLocks() {
                return lockManager.mayHaveRowLocks(catalog.databaseOid(), relationOid);
            }

            @Override
            public boolean lockTuple(Tid tid, RowLockStrength strength, LockWaitPolicy policy) {
                LockTag tag = LockTag.tuple(catalog.databaseOid(), relationOid, tid.block(), tid.offset());
                return lockManager.acquire(owner(), tag, tupleMode(strength), policy != LockWaitPolicy.BLOCK);
            }

            @Override
            public void unlockTuple(Tid tid, RowLockStrength strength) {
                lockManager.release(owner(), LockTag.tuple(catalog.databaseOid(), relationOid, tid.block(),
                        tid.offset()), tupleMode(strength));
            }
        };
    }

    /** heapam.c tupleLockExtraInfo: the heavyweight mode standing for each row-lock strength. */
    private static LockMode tupleMode(RowLockStrength strength) {
        return switch (strength) {
            case KEY_SHARE -> LockMode.ACCESS_SHARE;
            case SHARE -> LockMode.ROW_SHARE;
            case NO_KEY_UPDATE -> LockMode.EXCLUSIVE;
            case UPDATE -> LockMode.ACCESS_EXCLUSIVE;
        };
    }

    @Override
    public WriteResult lockRow(TableDef table, Tid tid, RowLockStrength strength, LockWaitPolicy policy) {
        RelationEntry e = entry(table, LockMode.ROW_SHARE);
        snapshot();
        HeapOutcome outcome = heap.lockRow(e.file(), tid, xid, strength, policy,
                isolation == IsolationLevel.REPEATABLE_READ, e.format(), tupleLocks(e.oid()));
        if (outcome == null) {
            if (policy == LockWaitPolicy.ERROR) {
                throw StorageMessages.rowLockNotAvailable(e.name());
            }
            return new WriteResult.Skipped();
        }
        return writeResult(e, outcome, "locked");
    }

    /** The executor's view of a heap outcome; the newest version's values come detoasted. */
    private WriteResult writeResult(RelationEntry e, HeapOutcome outcome, String action) {
        return switch (outcome) {
            case HeapOutcome.Done done -> new WriteResult.Done(done.tid());
            case HeapOutcome.Moved moved -> new WriteResult.Moved(new RowVersion(moved.latest(),
                    Toaster.detoast(moved.values(), engine.toast(e))));
            case HeapOutcome.Gone gone when gone.movedPartitions() ->
                    throw StorageMessages.movedToAnotherPartition(action);
            case HeapOutcome.Gone gone -> new WriteResult.Gone();
        };
    }

    // ---- catalog lookups --------------------------------------------------------------------------------

    private RelationEntry byOid(int oid) {
        if (overlay != null && overlay.containsKey(oid)) {
            return overlay.get(oid);
        }
        RelationEntry e = catalog.byOid(oid);
        return e == null && temp != null ? temp.byOid(oid) : e;
    }

    private RelationName parse(String name) {
        return RelationName.parse(name, proc.pid());
    }

    /** Looks a relation name up in the temporary ({@code true}) or the permanent relations. */
    private interface SchemaLookup<T> {
        T find(String relname, boolean temporary);
    }

    /**
     * What {@code name} stands for (RangeVarGetRelid: the search path is pg_temp_N, then public), or null. Another
     * backend's temporary table can be named but never read or written (bufmgr.c's check): 0A000.
     */
    private <T> T resolve(String name, SchemaLookup<T> lookup) {
        RelationName n = parse(name);
        return switch (n.schema()) {
            case SEARCH_PATH -> {
                T found = lookup.find(n.relname(), true);
                yield found != null ? found : lookup.find(n.relname(), false);
            }
            case PERMANENT -> lookup.find(n.relname(), false);
            case TEMPORARY -> lookup.find(n.relname(), true);
            case OTHER_SESSION -> {
                if (engine.otherBackendHasTemporaryTable(RelationName.backendOf(name), catalog.databaseOid(),
                        n.relname())) {
                    throw StorageMessages.otherSessionsTemporaryTable();
                }
                yield null;
            }
        };
    }

    private RelationEntry byName(String name) {
        return resolve(name, this::inSchema);
    }

    /** The table called {@code relname} among the temporary or the permanent ones, as this transaction sees them. */
    private RelationEntry inSchema(String relname, boolean temporary) {
        if (overlay != null) {
            for (RelationEntry e : overlay.values()) {
                if (e != null && e.isTemporary() == temporary && e.name().equals(relname)) {
                    return e;
                }
            }
        }
        RelationEntry e = temporary ? (temp == null ? null : temp.byName(relname)) : catalog.byName(relname);
        if (e != null && overlay != null && overlay.containsKey(e.oid())) {
            return null;
        }
        return e;
    }

    private record IndexRef(RelationEntry table, int position) {
    }

    private IndexRef findIndex(String name) {
        return resolve(name, this::indexInSchema);
    }

    private IndexRef indexInSchema(String name, boolean temporary) {
        if (overlay != null) {
            for (RelationEntry e : overlay.values()) {
                if (e != null && e.isTemporary() == temporary) {
                    int pos = indexPosition(e, name);
                    if (pos >= 0) {
                        return new IndexRef(e, pos);
                    }
                }
            }
        }
        Integer owner = temporary ? (temp == null ? null : temp.indexOwner(name)) : catalog.indexOwner(name);
        if (owner != null) {
            RelationEntry e = byOid(owner);
            if (e != null) {
                int pos = indexPosition(e, name);
                if (pos >= 0) {
                    return new IndexRef(e, pos);
                }
            }
        }
        return null;
    }

    private static int indexPosition(RelationEntry e, String name) {
        List<IndexDef> indexes = e.def().indexes();
        for (int i = 0; i < indexes.size(); i++) {
            if (indexes.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private RelationEntry entry(TableDef table, LockMode mode) {
        checkActive();
        lockRelation(table.oid(), mode);
        RelationEntry e = byOid(table.oid());
        if (e == null) {
            throw StorageMessages.relationMissing(table.name());
        }
        return e;
    }

    @Override
    public OptionalLong relationSize(String name) {
        checkActive();
        RelationEntry table = byName(name);
        IndexRef index = table == null ? findIndex(name) : null;
        RelationEntry owner = table != null ? table : index != null ? index.table() : null;
        if (owner == null) {
            return OptionalLong.empty();
        }
        lockRelation(owner.oid(), LockMode.ACCESS_SHARE);
        RelationEntry now = byOid(owner.oid());
        if (now == null) {
            return OptionalLong.empty(); // dropped while we waited for the lock
        }
        RelFile file = table != null ? now.file() : now.indexFile(index.position());
        return OptionalLong.of((long) engine.buffers().blockCount(file) * Page.SIZE);
    }

    /** The heap file a table's rows are in, as this transaction sees the catalog (tests, diagnostics). */
    RelFile entryFile(TableDef table) {
        return catalogEntry(table).file();
    }

    /** A table's catalog entry as this transaction sees it (tests, diagnostics). */
    RelationEntry catalogEntry(TableDef table) {
        return entry(table, LockMode.ACCESS_SHARE);
    }

    @Override
    public Optional<TableDef> table(String name) {
        checkActive();
        RelationEntry e = byName(name);
        return e == null ? Optional.empty() : Optional.of(e.def());
    }

    @Override
    public boolean isTemporary(TableDef table) {
        checkActive();
        RelationEntry e = byOid(table.oid());
        return e != null && e.isTemporary();
    }

    @Override
    public Optional<String> temporarySchema() {
        return temp == null ? Optional.empty() : Optional.of(temp.schemaName());
    }

    @Override
    public Optional<IndexDef> index(String name) {
        checkActive();
        IndexRef ref = findIndex(name);
        return ref == null ? Optional.empty() : Optional.of(ref.table().def().indexes().get(ref.position()));
    }

    @Override
    public List<TableDef> tables() {
        checkActive();
        Map<Integer, RelationEntry> all = new HashMap<>();
        for (RelationEntry e : catalog.entries()) {
            all.put(e.oid(), e);
        }
        if (temp != null) {
            for (RelationEntry e : temp.entries()) {
                all.put(e.oid(), e);
            }
        }
        if (overlay != null) {
            overlay.forEach((oid, e) -> {
                if (e == null) {
                    all.remove(oid);
                } else {
                    all.put(oid, e);
                }
            });
        }
        List<TableDef> list = new ArrayList<>();
        all.values().stream().sorted((a, b) -> Integer.compare(a.oid(), b.oid())).forEach(e -> list.add(e.def()));
        return list;
    }

    // ---- DDL --------------------------------------------------------------------------------------------

    private long beginDdl(String command) {
        long x = writeXid(command);
        if (overlay == null) {
            overlay = new HashMap<>();
        }
        return x;
    }

    /**
     * The pg_class row of relation {@code oid} is rewritten by one transaction at a time (two CREATE INDEX on a
     * table share its Share lock but both change its entry): taken after the relation's own lock.
     */
    private void lockCatalogRow(int oid) {
        lockManager.acquire(owner(), LockTag.object(catalog.databaseOid(), CatalogRows.PG_CLASS_RELFILENODE, oid),
                LockMode.EXCLUSIVE, false);
    }

    /**
     * A new relation name is claimed to the end of the transaction (what pg_class's unique index on the name does
     * in PostgreSQL): a second creator of the name waits, then finds it taken (42P07) or free (after an abort).
     */
    private void lockRelationName(String name) {
        lockManager.acquire(owner(), LockTag.object(catalog.databaseOid(), PG_NAMESPACE, name.hashCode()),
                LockMode.EXCLUSIVE, false);
    }

    /** Locks the table a DDL command names (when it exists) before the command reads its catalog entry. */
    private void lockForDdl(String name, LockMode mode) {
        openTable(name, mode);
    }

    /** pg_class's unique (relname, relnamespace) index: {@code relname} is free among the permanent or temporary. */
    private void checkNameFree(String relname, boolean temporary) {
        if (inSchema(relname, temporary) != null || indexInSchema(relname, temporary) != null) {
            throw StorageMessages.relationExists(relname);
        }
    }

    /** This backend's pg_temp_N, made on first use (InitTempTableNamespace). */
    private TemporaryNamespace temporaryNamespace() {
        if (temp == null) {
            temp = engine.temporaryNamespace(proc, catalog.databaseOid(), true);
        }
        return temp;
    }

    /** Drops {@code file} when this transaction ends the given way (files are created or dropped by DDL). */
    private void dropAtCommit(RelFile file, boolean index) {
        transactions.atEndOfTransaction(currentXid(), () -> dropFile(file, index), () -> { });
    }

    private void dropAtAbort(RelFile file, boolean index) {
        transactions.atEndOfTransaction(currentXid(), () -> { }, () -> dropFile(file, index));
    }

    private void dropFile(RelFile file, boolean index) {
        engine.buffers().dropRelation(file);
        if (index) {
            engine.forgetIndex(file);
        } else {
            heap.forget(file);
        }
    }

    /**
     * create_toast_table: new files for a TOAST relation and its chunk index, removed again if this transaction
     * aborts; returns the entry pointing at them.
     */
    private RelationEntry withNewToast(RelationEntry e) {
        int heapNode = transactions.nextOid();
        int indexNode = transactions.nextOid();
        RelationEntry withToast = e.withToast(heapNode, indexNode);
        RelFile heapFile = withToast.toastFile();
        RelFile indexFile = withToast.toastIndexFile();
        engine.toastRelations().create(heapFile, indexFile, currentXid());
        transactions.atEndOfTransaction(currentXid(), () -> { },
                () -> engine.toastRelations().drop(heapFile, indexFile));
        return withToast;
    }

    /** Drops a table's TOAST relation (if it has one) when this transaction commits. */
    private void dropToastAtCommit(RelationEntry e) {
        if (e.hasToast()) {
            RelFile heapFile = e.toastFile();
            RelFile indexFile = e.toastIndexFile();
            transactions.atEndOfTransaction(currentXid(), () -> engine.toastRelations().drop(heapFile, indexFile),
                    () -> { });
        }
    }

    private static void checkColumnCount(int columns) {
        if (columns > HeapPage.MAX_COLUMNS) {
            throw StorageMessages.tooManyColumns(HeapPage.MAX_COLUMNS);
        }
    }

    /**
     * Writes the new version of a table's catalog row and puts the entry in the overlay. A long row (a table of
     * many columns) is toasted into pg_class's TOAST relation like any other.
     */
    private RelationEntry storeEntry(RelationEntry old, RelationEntry updated) {
        if (old == null && (creatingRole != updated.def().acl().owner() || initialAcl != null)
                && byOid(updated.oid()) == null) {
            // a new relation belongs to the role that creates it (heap_create_with_catalog's relowner), with the
            // ACL that role's default privileges give it (relacl)
            osgres.storage.ObjectAcl acl = updated.def().acl().withOwner(creatingRole);
            if (initialAcl != null && acl.acl() == null) {
                acl = acl.withAcl(initialAcl.of(updated.def().withAcl(acl), updated.isTemporary()));
            }
            updated = updated.with(updated.def().withAcl(acl),
                    updated.relfilenode(), updated.indexRelfilenodes(), updated.missing(), updated.catalogTid(),
                    updated.reltuples());
        }
        if (updated.isTemporary()) {
            overlay.put(updated.oid(), updated); // no catalog row: the entry lives in the backend's memory only
            return updated;
        }
        byte[] row = Toaster.encode(CatalogRows.CLASS_FORMAT, CatalogRows.classRowValues(updated), catalog.toast(),
                currentXid(), commandId);
        Tid tid;
        if (old == null) {
            tid = heap.insert(catalog.file(), 100, currentXid(), commandId, CatalogRows.CLASS_FORMAT.columnCount(),
                    row);
        } else {
            HeapOutcome outcome = heap.update(catalog.file(), 100, old.catalogTid(), currentXid(), commandId, false,
                    CatalogRows.CLASS_FORMAT, CatalogRows.CLASS_FORMAT.columnCount(), row, null, true,
                    tupleLocks(CatalogRows.PG_CLASS_RELFILENODE));
            if (!(outcome instanceof HeapOutcome.Done done)) {
                throw PgException.error(SqlState.SERIALIZATION_FAILURE, "tuple concurrently updated");
            }
            tid = done.tid();
        }
        RelationEntry stored = updated.withCatalogTid(tid);
        overlay.put(stored.oid(), stored);
        return stored;
    }

    @Override
    public TableDef createTable(String name, List<ColumnDef> columns, int fillfactor, Map<String, String> options) {
        return createRelation(name, columns, fillfactor, options, false, OnCommitAction.PRESERVE_ROWS);
    }

    @Override
    public TableDef createTemporaryTable(String name, List<ColumnDef> columns, int fillfactor,
                                         Map<String, String> options, OnCommitAction onCommit) {
        return createRelation(name, columns, fillfactor, options, true, onCommit);
    }

    /**
     * heap_create_with_catalog in the namespace {@code name} picks (RangeVarGetCreationNamespace with
     * RangeVarAdjustRelationPersistence): {@code pg_temp.t} makes a temporary table whatever was asked; a temporary
     * one cannot go to another schema (42P16).
     */
    private TableDef createRelation(String name, List<ColumnDef> columns, int fillfactor, Map<String, String> options,
                                    boolean temporary, OnCommitAction onCommit) {
        RelationName n = parse(name);
        temporary = creationIsTemporary(n, temporary);
        String relname = n.relname();
        writeXid("CREATE TABLE");
        if (!temporary) {
            lockRelationName(relname);
        }
        beginDdl("CREATE TABLE");
        checkColumnCount(columns.size());
        checkNameFree(relname, temporary);
        int backend = temporary ? temporaryNamespace().backend() : RelFile.PERMANENT;
        int oid = transactions.nextOid();
        RelFile file = new RelFile(catalog.databaseOid(), oid, backend);
        engine.buffers().createRelation(file);
        dropAtAbort(file, false);
        TableDef def = new TableDef(oid, relname, List.copyOf(columns), List.of(), fillfactor <= 0 ? 100 : fillfactor,
                options);
        RelationEntry e = new RelationEntry(catalog.databaseOid(), def, oid, new int[0], 0, 0,
                new Object[columns.size()], null, -1, backend, temporary ? onCommit : OnCommitAction.PRESERVE_ROWS);
        if (Toaster.needsToastTable(columns)) {
            e = withNewToast(e);
        }
        return storeEntry(null, e).def();
    }

    /** RangeVarAdjustRelationPersistence: a {@code pg_temp} name makes a temporary relation whatever was asked. */
    private static boolean creationIsTemporary(RelationName n, boolean temporary) {
        return switch (n.schema()) {
            case OTHER_SESSION -> throw StorageMessages.otherSessionsTemporarySchema();
            case PERMANENT -> {
                if (temporary) {
                    throw StorageMessages.temporaryInPermanentSchema();
                }
                yield false;
            }
            case TEMPORARY -> true;
            case SEARCH_PATH -> temporary;
        };
    }

    @Override
    public void dropTable(String name) {
        writeXid("DROP TABLE");
        lockForDdl(name, LockMode.ACCESS_EXCLUSIVE);
        beginDdl("DROP TABLE");
        RelationEntry e = byName(name);
        if (e == null) {
            throw StorageMessages.tableMissing(name);
        }
        lockCatalogRow(e.oid());
        dropEntry(e);
        // the sequences its columns own (SERIAL, identity, OWNED BY) go with it (pg_depend's AUTO/INTERNAL)
        for (TableDef owned : tables()) {
            if (owned.isSequence() && owned.sequence().ownerTable() == e.oid()) {
                lockRelation(owned.oid(), LockMode.ACCESS_EXCLUSIVE);
                RelationEntry seq = byOid(owned.oid());
                if (seq != null) {
                    lockCatalogRow(seq.oid());
                    dropEntry(seq);
                }
            }
        }
    }

    /** heap_drop_with_catalog of a table whose lock and catalog-row lock this transaction holds. */
    private void dropEntry(RelationEntry e) {
        if (!e.isTemporary()) {
            HeapOutcome outcome = heap.delete(catalog.file(), e.catalogTid(), currentXid(), commandId, false,
                    CatalogRows.CLASS_FORMAT, true, tupleLocks(CatalogRows.PG_CLASS_RELFILENODE));
            if (!(outcome instanceof HeapOutcome.Done)) {
                throw PgException.error(SqlState.SERIALIZATION_FAILURE, "tuple concurrently deleted");
            }
        }
        overlay.put(e.oid(), null);
        if (e.def().isView()) {
            return; // a view has no files
        }
        dropAtCommit(e.file(), false);
        for (int i = 0; i < e.indexRelfilenodes().length; i++) {
            dropAtCommit(e.indexFile(i), true);
        }
        dropToastAtCommit(e);
    }

    @Override
    public IndexDef createIndex(String tableName, String indexName, List<String> columnNames, boolean unique,
                                boolean primary) {
        return createIndex(tableName, indexName, columnNames, unique, primary, null, List.of());
    }

    @Override
    public IndexDef createIndex(String tableName, String indexName, List<String> columnNames, boolean unique,
                                String predicate, List<Integer> predicateColumns) {
        return createIndex(tableName, indexName, columnNames, unique, false, predicate, predicateColumns);
    }

    private IndexDef createIndex(String tableName, String indexName, List<String> columnNames, boolean unique,
                                 boolean primary, String predicate, List<Integer> predicateColumns) {
        writeXid("CREATE INDEX");
        lockForDdl(tableName, LockMode.SHARE);
        beginDdl("CREATE INDEX");
        RelationEntry e = byName(tableName);
        if (e == null) {
            throw StorageMessages.relationMissing(tableName);
        }
        if (!e.isTemporary()) {
            lockRelationName(indexName);
        }
        lockCatalogRow(e.oid());
        e = byName(tableName);
        checkNameFree(indexName, e.isTemporary());
        TableDef def = e.def();
        if (primary && def.indexes().stream().anyMatch(IndexDef::primary)) {
            throw StorageMessages.multiplePrimaryKeys(tableName);
        }
        int[] columns = new int[columnNames.size()];
        List<Integer> columnList = new ArrayList<>();
        for (int i = 0; i < columns.length; i++) {
            columns[i] = def.columnIndex(columnNames.get(i));
            if (columns[i] < 0) {
                throw PgException.error(SqlState.UNDEFINED_COLUMN,
                        "column \"" + columnNames.get(i) + "\" does not exist");
            }
            columnList.add(columns[i]);
        }
        int oid = transactions.nextOid();
        RelFile file = new RelFile(catalog.databaseOid(), oid, e.tempBackend());
        RowFormat keyFormat = e.format().project(columns);
        IndexDef ix = new IndexDef(oid, indexName, def.oid(), List.copyOf(columnList), unique || primary, primary,
                predicate, List.copyOf(predicateColumns));
        List<BTree.Entry> entries = collectIndexEntries(e, columns, keyFormat, ix);
        BTree.build(engine.buffers(), engine.wal(), file, entries, currentXid());
        dropAtAbort(file, true);

        List<ColumnDef> newColumns = new ArrayList<>(def.columns());
        if (primary) {
            for (int c : columns) {
                ColumnDef col = newColumns.get(c);
                newColumns.set(c, col.withNotNull(true));
            }
        }
        List<IndexDef> indexes = new ArrayList<>(def.indexes());
        int[] files = e.indexRelfilenodes();
        int[] newFiles;
        if (primary) {
            indexes.addFirst(ix);
            newFiles = new int[files.length + 1];
            newFiles[0] = oid;
            System.arraycopy(files, 0, newFiles, 1, files.length);
        } else {
            indexes.add(ix);
            newFiles = Arrays.copyOf(files, files.length + 1);
            newFiles[files.length] = oid;
        }
        TableDef newDef = def.withColumns(newColumns).withIndexes(indexes);
        storeEntry(e, e.with(newDef, e.relfilenode(), newFiles, e.missing(), e.catalogTid(), e.reltuples()));
        return ix;
    }

    /** The index build's input: one entry per HOT chain not dead to everyone, sorted, checked for uniqueness. */
    private List<BTree.Entry> collectIndexEntries(RelationEntry e, int[] columns, RowFormat keyFormat, IndexDef index) {
        String indexName = index.name();
        boolean unique = index.unique();
        boolean primary = index.primary();
        // a partial index's build reads the predicate's columns too, and keeps the rows it holds for
        int[] read = columns;
        if (index.partial()) {
            java.util.TreeSet<Integer> all = new java.util.TreeSet<>();
            for (int c : columns) {
                all.add(c);
            }
            all.addAll(index.predicateColumns());
            read = all.stream().mapToInt(Integer::intValue).toArray();
        }
        int[] decoded = read;
        record Candidate(byte[] key, Tid tid, boolean live) {
        }
        List<Candidate> candidates = new ArrayList<>();
        record Root(Tid tid, boolean live, Object[] key, Object[] values) {
        }
        ToastRelation toast = engine.toast(e);
        int blocks = engine.buffers().blockCount(e.file());
        for (int b = 0; b < blocks; b++) {
            List<Root> roots = new ArrayList<>();
            heap.scanPageForIndexBuild(e.file(), b, xid, (root, page, tuple, live) -> {
                Object[] values = TupleCodec.decodeColumns(page, HeapPage.data(tuple), HeapPage.natts(page, tuple),
                        e.format(), decoded);
                Object[] key = new Object[columns.length];
                for (int i = 0; i < columns.length; i++) {
                    key[i] = values[columns[i]];
                    if (primary && live && key[i] == null) {
                        throw PgException.error(SqlState.NOT_NULL_VIOLATION, "column \""
                                + e.def().columns().get(columns[i]).name() + "\" of relation \"" + e.name()
                                + "\" contains null values");
                    }
                }
                roots.add(new Root(root, live, key, index.partial() ? values : null));
            });
            // keys are built from plain values, detoasted once the page is unlocked
            for (Root r : roots) {
                if (r.values() != null && !engine.inIndex(e.def(), index, Toaster.detoast(r.values(), toast))) {
                    continue;
                }
                candidates.add(new Candidate(TupleCodec.encode(keyFormat, Toaster.detoast(r.key(), toast)), r.tid(),
                        r.live()));
            }
        }
        int[] types = keyFormat.types();
        int natts = types.length;
        candidates.sort((a, b) -> {
            int c = KeyComparator.compare(MemorySegment.ofArray(a.key()), 0, natts, MemorySegment.ofArray(b.key()), 0,
                    natts, types, natts);
            return c != 0 ? c : a.tid().compareTo(b.tid());
        });
        if (unique || primary) {
            Candidate previousLive = null;
            for (Candidate c : candidates) {
                if (!c.live()) {
                    continue;
                }
                MemorySegment key = MemorySegment.ofArray(c.key());
                if (previousLive != null && !hasNull(key, natts) && KeyComparator.compare(
                        MemorySegment.ofArray(previousLive.key()), 0, natts, key, 0, natts, types, natts) == 0) {
                    throw StorageMessages.cannotCreateUniqueIndex(indexName, columnNames(e, columns),
                            BTree.keyText(keyFormat, key));
                }
                previousLive = c;
            }
        }
        List<BTree.Entry> entries = new ArrayList<>(candidates.size());
        for (Candidate c : candidates) {
            entries.add(new BTree.Entry(c.key(), c.tid()));
        }
        return entries;
    }

    private static boolean hasNull(MemorySegment key, int natts) {
        for (int i = 0; i < natts; i++) {
            if (TupleCodec.isNull(key, 0, i)) {
                return true;
            }
        }
        return false;
    }

    private static String columnNames(RelationEntry e, int[] columns) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < columns.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(e.def().columns().get(columns[i]).name());
        }
        return sb.toString();
    }

    /**
     * REINDEX INDEX: the index built again from the table's rows into a new relfilenode (its oid and definition
     * stay), the old file dropped at commit. The table is locked AccessExclusive (PostgreSQL needs only Share on it
     * and AccessExclusive on the index): a reader of the old file must not see it go.
     */
    @Override
    public void reindex(String name) {
        writeXid("REINDEX");
        IndexRef owning = findIndex(name);
        if (owning != null) {
            lockRelation(owning.table().oid(), LockMode.ACCESS_EXCLUSIVE);
            lockCatalogRow(owning.table().oid());
        }
        beginDdl("REINDEX");
        IndexRef ref = findIndex(name);
        if (ref == null) {
            throw StorageMessages.indexMissing(name);
        }
        RelationEntry e = ref.table();
        int i = ref.position();
        IndexDef ix = e.def().indexes().get(i);
        int[] columns = e.indexColumns(i);
        int filenode = transactions.nextOid();
        RelFile file = new RelFile(catalog.databaseOid(), filenode, e.tempBackend());
        List<BTree.Entry> entries = collectIndexEntries(e, columns, e.format().project(columns), ix);
        BTree.build(engine.buffers(), engine.wal(), file, entries, currentXid());
        dropAtAbort(file, true);
        dropAtCommit(e.indexFile(i), true);
        int[] files = e.indexRelfilenodes().clone();
        files[i] = filenode;
        storeEntry(e, e.with(e.def(), e.relfilenode(), files, e.missing(), e.catalogTid(), e.reltuples()));
    }

    @Override
    public void dropIndex(String name) {
        writeXid("DROP INDEX");
        IndexRef owning = findIndex(name);
        if (owning != null) {
            lockRelation(owning.table().oid(), LockMode.ACCESS_EXCLUSIVE);
            lockCatalogRow(owning.table().oid());
        }
        beginDdl("DROP INDEX");
        IndexRef ref = findIndex(name);
        if (ref == null) {
            throw StorageMessages.indexMissing(name);
        }
        RelationEntry e = ref.table();
        TableDef def = e.def();
        List<IndexDef> indexes = new ArrayList<>(def.indexes());
        indexes.remove(ref.position());
        int[] files = e.indexRelfilenodes();
        int[] newFiles = new int[files.length - 1];
        for (int i = 0, k = 0; i < files.length; i++) {
            if (i != ref.position()) {
                newFiles[k++] = files[i];
            }
        }
        dropAtCommit(e.indexFile(ref.position()), true);
        TableDef newDef = def.withIndexes(indexes);
        storeEntry(e, e.with(newDef, e.relfilenode(), newFiles, e.missing(), e.catalogTid(), e.reltuples()));
    }

    /**
     * The start of a DDL command that rewrites one table's pg_class row: an xid, the table's lock in {@code mode},
     * the DDL bookkeeping, the entry (42P01 if there is none) and the lock on its catalog row.
     */
    private RelationEntry alterRelation(String tableName, String command, LockMode mode) {
        writeXid(command);
        lockForDdl(tableName, mode);
        beginDdl(command);
        RelationEntry e = byName(tableName);
        if (e == null) {
            throw StorageMessages.relationMissing(tableName);
        }
        lockCatalogRow(e.oid());
        return e;
    }

    @Override
    public void truncate(String tableName) {
        truncateEntry(alterRelation(tableName, "TRUNCATE TABLE", LockMode.ACCESS_EXCLUSIVE));
    }

    /** ExecuteTruncate's new relfilenodes (empty heap, indexes and TOAST), the old files dropped at commit. */
    private void truncateEntry(RelationEntry e) {
        int node = transactions.nextOid();
        RelFile file = new RelFile(catalog.databaseOid(), node, e.tempBackend());
        engine.buffers().createRelation(file);
        dropAtAbort(file, false);
        dropAtCommit(e.file(), false);
        int[] newFiles = new int[e.indexRelfilenodes().length];
        for (int i = 0; i < newFiles.length; i++) {
            newFiles[i] = transactions.nextOid();
            RelFile ixFile = new RelFile(catalog.databaseOid(), newFiles[i], e.tempBackend());
            BTree.create(engine.buffers(), engine.wal(), ixFile, currentXid());
            dropAtAbort(ixFile, true);
            dropAtCommit(e.indexFile(i), true);
        }
        RelationEntry truncated = e.with(e.def(), node, newFiles, e.missing(), e.catalogTid(), 0);
        if (e.hasToast()) {
            dropToastAtCommit(e);
            truncated = withNewToast(truncated);
        }
        storeEntry(e, truncated);
        catalog.setRowCount(e.oid(), 0, 0);
    }

    @Override
    public TableDef addColumn(String tableName, ColumnDef column, Object defaultValue) {
        RelationEntry e = alterRelation(tableName, "ALTER TABLE", LockMode.ACCESS_EXCLUSIVE);
        TableDef def = e.def();
        if (def.columnIndex(column.name()) >= 0) {
            throw StorageMessages.columnExists(column.name(), tableName);
        }
        List<ColumnDef> columns = new ArrayList<>(def.columns());
        columns.add(column);
        checkColumnCount(columns.size());
        Object[] missing = Arrays.copyOf(e.missing(), columns.size());
        missing[columns.size() - 1] = defaultValue;
        TableDef newDef = def.withColumns(columns);
        RelationEntry altered = e.with(newDef, e.relfilenode(), e.indexRelfilenodes(), missing, e.catalogTid(),
                e.reltuples());
        if (!e.hasToast() && Toaster.needsToastTable(columns)) {
            altered = withNewToast(altered);
        }
        return storeEntry(e, altered).def();
    }

    /** The same indexes, but for a partial index's predicate text (RENAME COLUMN rewrites it). */
    private static boolean sameIndexes(List<IndexDef> a, List<IndexDef> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            IndexDef x = a.get(i);
            IndexDef y = b.get(i);
            if (x.partial() != y.partial() || !x.equals(new IndexDef(y.oid(), y.name(), y.tableOid(), y.columns(),
                    y.unique(), y.primary(), x.predicate(), y.predicateColumns()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public TableDef alterTable(String tableName, TableDef newDef) {
        RelationEntry e = alterRelation(tableName, "ALTER TABLE", LockMode.ACCESS_EXCLUSIVE);
        TableDef def = e.def();
        if (newDef.oid() != def.oid() || newDef.columns().size() != def.columns().size()
                || !sameIndexes(newDef.indexes(), def.indexes())) {
            throw new IllegalArgumentException("ALTER TABLE of \"" + def.name() + "\" must keep its oid, columns"
                    + " and indexes");
        }
        for (int i = 0; i < def.columns().size(); i++) {
            if (newDef.columns().get(i).typeOid() != def.columns().get(i).typeOid()) {
                throw new IllegalArgumentException("ALTER TABLE without a rewrite cannot change a column's type");
            }
        }
        TableDef kept = newDef.withName(def.name());
        return storeEntry(e, e.with(kept, e.relfilenode(), e.indexRelfilenodes(), e.missing(), e.catalogTid(),
                e.reltuples())).def();
    }

    @Override
    public void setCreatingRole(int role) {
        creatingRole = role;
        initialAcl = null;
    }

    @Override
    public void setCreatingRole(int role, osgres.storage.Transaction.InitialAcl initial) {
        creatingRole = role;
        initialAcl = initial;
    }

    @Override
    public TableDef changeAcl(String tableName, UnaryOperator<ObjectAcl> change) {
        // GRANT, REVOKE and OWNER TO take no lock a reader would wait for (ExecGrant_Relation locks only pg_class's
        // row): AccessShare keeps DROP away, the catalog row's lock orders two changes of the same relation
        alterRelation(tableName, "GRANT", LockMode.ACCESS_SHARE);
        RelationEntry e = byName(tableName); // again: a change committed while this one waited for the row
        TableDef changed = e.def().withAcl(change.apply(e.def().acl()));
        return storeEntry(e, e.with(changed, e.relfilenode(), e.indexRelfilenodes(), e.missing(), e.catalogTid(),
                e.reltuples())).def();
    }

    @Override
    public IndexDef renameIndex(String name, String newName) {
        writeXid("ALTER INDEX");
        IndexRef owning = findIndex(name);
        if (owning == null) {
            throw StorageMessages.relationMissing(name);
        }
        lockRelation(owning.table().oid(), LockMode.ACCESS_EXCLUSIVE);
        lockCatalogRow(owning.table().oid());
        beginDdl("ALTER INDEX");
        IndexRef ref = findIndex(name);
        if (ref == null) {
            throw StorageMessages.relationMissing(name);
        }
        RelationEntry e = ref.table();
        if (!e.isTemporary()) {
            lockRelationName(newName);
        }
        checkNameFree(newName, e.isTemporary());
        IndexDef old = e.def().indexes().get(ref.position());
        IndexDef renamed = old.withName(newName);
        List<IndexDef> indexes = new ArrayList<>(e.def().indexes());
        indexes.set(ref.position(), renamed);
        storeEntry(e, e.with(e.def().withIndexes(indexes), e.relfilenode(), e.indexRelfilenodes(), e.missing(),
                e.catalogTid(), e.reltuples()));
        return renamed;
    }

    @Override
    public TableDef rewriteTable(String tableName, TableDef newDef, UnaryOperator<Object[]> convert) {
        RelationEntry e = alterRelation(tableName, "ALTER TABLE", LockMode.ACCESS_EXCLUSIVE);
        checkColumnCount(newDef.columns().size());
        // ATRewriteTable: every row this transaction sees, converted, before the table's files change
        List<Object[]> rows = new ArrayList<>();
        try (RowScan rowScan = scan(e.def())) {
            while (rowScan.hasNext()) {
                rows.add(convert.apply(rowScan.next().values()));
            }
        }
        int node = transactions.nextOid();
        RelFile file = new RelFile(catalog.databaseOid(), node, e.tempBackend());
        engine.buffers().createRelation(file);
        dropAtAbort(file, false);
        dropAtCommit(e.file(), false);
        for (int i = 0; i < e.indexRelfilenodes().length; i++) {
            dropAtCommit(e.indexFile(i), true);
        }
        int[] newFiles = new int[newDef.indexes().size()];
        for (int i = 0; i < newFiles.length; i++) {
            newFiles[i] = transactions.nextOid();
            RelFile ixFile = new RelFile(catalog.databaseOid(), newFiles[i], e.tempBackend());
            BTree.create(engine.buffers(), engine.wal(), ixFile, currentXid());
            dropAtAbort(ixFile, true);
        }
        dropToastAtCommit(e);
        TableDef kept = newDef.withName(e.def().name());
        RelationEntry rewritten = e.with(kept, node, newFiles, new Object[kept.columns().size()], e.catalogTid(),
                e.reltuples()).withToast(0, 0);
        if (Toaster.needsToastTable(kept.columns())) {
            rewritten = withNewToast(rewritten);
        }
        TableDef stored = storeEntry(e, rewritten).def();
        for (Object[] row : rows) {
            insert(stored, row);
        }
        return stored;
    }

    @Override
    public TableDef setStorageParameters(String tableName, Integer fillfactor, Map<String, String> set,
                                         Set<String> reset) {
        RelationEntry e = alterRelation(tableName, "ALTER TABLE", LockMode.SHARE_UPDATE_EXCLUSIVE);
        TableDef def = e.def();
        Map<String, String> options = new LinkedHashMap<>(def.options());
        options.keySet().removeAll(reset);
        options.putAll(set);
        int newFillfactor = fillfactor != null ? fillfactor : reset.contains("fillfactor") ? 100 : def.fillfactor();
        TableDef newDef = new TableDef(def.oid(), def.name(), def.columns(), def.indexes(), newFillfactor, options,
                def.sequence(), def.view(), def.inheritance(), def.checks(), def.foreignKeys(), def.acl());
        return storeEntry(e, e.with(newDef, e.relfilenode(), e.indexRelfilenodes(), e.missing(), e.catalogTid(),
                e.reltuples())).def();
    }

    @Override
    public TableDef setInheritance(String tableName, Inheritance inheritance) {
        RelationEntry e = alterRelation(tableName, "ALTER TABLE", LockMode.ACCESS_EXCLUSIVE);
        return storeEntry(e, e.with(e.def().withInheritance(inheritance), e.relfilenode(), e.indexRelfilenodes(),
                e.missing(), e.catalogTid(), e.reltuples())).def();
    }

    @Override
    public TableDef setColumnDefault(String tableName, int column, String defaultSql) {
        RelationEntry e = alterRelation(tableName, "ALTER TABLE", LockMode.ACCESS_EXCLUSIVE);
        TableDef def = e.def();
        List<ColumnDef> columns = new ArrayList<>(def.columns());
        ColumnDef c = columns.get(column);
        columns.set(column, c.withDefault(defaultSql));
        TableDef newDef = def.withColumns(columns);
        return storeEntry(e, e.with(newDef, e.relfilenode(), e.indexRelfilenodes(), e.missing(), e.catalogTid(),
                e.reltuples())).def();
    }

    // ---- sequences (sequence.c) ---------------------------------------------------------------------------

    @Override
    public TableDef createSequence(String name, SequenceDef sequence, SequenceState initial) {
        RelationName n = parse(name);
        if (n.schema() != RelationName.Schema.SEARCH_PATH && n.schema() != RelationName.Schema.PERMANENT) {
            throw StorageMessages.temporarySequence();
        }
        String relname = n.relname();
        writeXid("CREATE SEQUENCE");
        lockRelationName(relname);
        beginDdl("CREATE SEQUENCE");
        checkNameFree(relname, false);
        int oid = transactions.nextOid();
        RelFile file = new RelFile(catalog.databaseOid(), oid);
        engine.sequences().create(file, initial, xid);
        dropAtAbort(file, false);
        TableDef def = new TableDef(oid, relname, SequenceDef.COLUMNS, List.of(), 100, Map.of(), sequence);
        RelationEntry e = new RelationEntry(catalog.databaseOid(), def, oid, new int[0], 0, 0,
                new Object[SequenceDef.COLUMNS.size()], null, -1);
        return storeEntry(null, e).def();
    }

    @Override
    public TableDef alterSequence(String name, SequenceDef sequence, SequenceState newState) {
        RelationEntry e = alterRelation(name, "ALTER SEQUENCE", LockMode.SHARE_ROW_EXCLUSIVE);
        if (!e.def().isSequence()) {
            throw StorageMessages.notASequence(name);
        }
        int node = e.relfilenode();
        if (newState != null) {
            // RelationSetNewRelfilenode + fill_seq_with_data: the new state is in a new file, so an abort keeps
            // the old one untouched (ALTER SEQUENCE is transactional; nextval is not)
            node = transactions.nextOid();
            RelFile file = new RelFile(catalog.databaseOid(), node);
            engine.sequences().create(file, newState, xid);
            dropAtAbort(file, false);
            dropAtCommit(e.file(), false);
        }
        TableDef def = e.def();
        TableDef newDef = new TableDef(def.oid(), def.name(), def.columns(), def.indexes(), def.fillfactor(),
                def.options(), sequence).withAcl(def.acl());
        return storeEntry(e, e.with(newDef, node, e.indexRelfilenodes(), e.missing(), e.catalogTid(),
                e.reltuples())).def();
    }

    @Override
    public void dropSequence(String name) {
        writeXid("DROP SEQUENCE");
        lockForDdl(name, LockMode.ACCESS_EXCLUSIVE);
        beginDdl("DROP SEQUENCE");
        RelationEntry e = byName(name);
        if (e == null) {
            throw StorageMessages.relationMissing(name);
        }
        lockCatalogRow(e.oid());
        dropEntry(e);
    }

    @Override
    public SequenceState sequenceState(TableDef sequence) {
        RelationEntry e = entry(sequence, LockMode.ACCESS_SHARE);
        if (!e.def().isSequence()) {
            throw StorageMessages.notASequence(e.name());
        }
        return engine.sequences().read(e.file());
    }

    @Override
    public TableDef openSequence(int oid, LockMode mode) {
        return sequenceEntry(oid, mode).def();
    }

    /** init_sequence: the sequence's lock, then its entry; XX000 for an oid that names nothing any more. */
    private RelationEntry sequenceEntry(int oid, LockMode mode) {
        checkActive();
        lockRelation(oid, mode);
        RelationEntry e = byOid(oid);
        if (e == null) {
            throw StorageMessages.relationOidMissing(oid);
        }
        if (!e.def().isSequence()) {
            throw StorageMessages.notASequence(e.name());
        }
        return e;
    }

    @Override
    public SequenceFetch nextval(int oid) {
        RelationEntry e = sequenceEntry(oid, LockMode.ROW_EXCLUSIVE);
        if (readOnly) {
            throw StorageMessages.readOnlyTransaction("nextval()");
        }
        return engine.sequences().nextval(e.file(), e.def().sequence(), e.name());
    }

    @Override
    public void setval(int oid, long value, boolean isCalled) {
        RelationEntry e = sequenceEntry(oid, LockMode.ROW_EXCLUSIVE);
        if (readOnly) {
            throw StorageMessages.readOnlyTransaction("setval()");
        }
        engine.sequences().setval(e.file(), e.def().sequence(), e.name(), value, isCalled);
    }

    // ---- views (view.c) -----------------------------------------------------------------------------------

    @Override
    public TableDef createView(String name, List<ColumnDef> columns, ViewDef view, boolean temporary) {
        RelationName n = parse(name);
        temporary = creationIsTemporary(n, temporary);
        String relname = n.relname();
        writeXid("CREATE VIEW");
        if (!temporary) {
            lockRelationName(relname);
        }
        beginDdl("CREATE VIEW");
        checkColumnCount(columns.size());
        checkNameFree(relname, temporary);
        int backend = temporary ? temporaryNamespace().backend() : RelFile.PERMANENT;
        int oid = transactions.nextOid();
        RelationEntry e = new RelationEntry(catalog.databaseOid(), viewDef(oid, relname, columns, view), 0,
                new int[0], 0, 0, new Object[columns.size()], null, -1, backend, OnCommitAction.PRESERVE_ROWS);
        return storeEntry(null, e).def();
    }

    private static TableDef viewDef(int oid, String relname, List<ColumnDef> columns, ViewDef view) {
        return new TableDef(oid, relname, List.copyOf(columns), List.of(), 100, Map.of(), null, view);
    }

    @Override
    public TableDef replaceView(String name, List<ColumnDef> columns, ViewDef view) {
        RelationEntry e = alterRelation(name, "CREATE VIEW", LockMode.ACCESS_EXCLUSIVE);
        if (!e.def().isView()) {
            throw StorageMessages.notAView(e.name());
        }
        checkColumnCount(columns.size());
        TableDef newDef = viewDef(e.oid(), e.name(), columns, view).withAcl(e.def().acl());
        return storeEntry(e, e.with(newDef, 0, new int[0], new Object[columns.size()], e.catalogTid(), -1)).def();
    }

    @Override
    public TableDef renameRelation(String name, String newName) {
        RelationEntry e = alterRelation(name, "ALTER TABLE", LockMode.ACCESS_EXCLUSIVE);
        if (!e.isTemporary()) {
            lockRelationName(newName);
        }
        checkNameFree(newName, e.isTemporary());
        TableDef def = e.def();
        TableDef renamed = def.withName(newName);
        return storeEntry(e, e.with(renamed, e.relfilenode(), e.indexRelfilenodes(), e.missing(), e.catalogTid(),
                e.reltuples())).def();
    }

    @Override
    public void dropView(String name) {
        RelationEntry e = alterRelation(name, "DROP VIEW", LockMode.ACCESS_EXCLUSIVE);
        if (!e.def().isView()) {
            throw StorageMessages.notAView(e.name());
        }
        dropEntry(e);
    }

    // ---- data -------------------------------------------------------------------------------------------

    /** CheckValidResultRel: rows of a sequence change only through nextval/setval. */
    private static void checkNotSequence(TableDef table) {
        if (table.isSequence()) {
            throw StorageMessages.cannotChangeSequence(table.name());
        }
        if (table.isView()) {
            throw StorageMessages.cannotChangeView(table.name()); // the SQL layer must rewrite DML on a view first
        }
    }

    @Override
    public Tid insert(TableDef table, Object[] values) {
        checkNotSequence(table);
        RelationEntry e = entry(table, LockMode.ROW_EXCLUSIVE);
        long x = writeXidFor(e, "INSERT");
        Tid tid = heap.insert(e.file(), e.def().fillfactor(), x, commandId, e.format().columnCount(),
                Toaster.encode(e.format(), values, engine.toast(e), x, commandId));
        counts().inserted(e.oid());
        insertIndexEntries(e, values, tid);
        return tid;
    }

    @Override
    public Optional<Tid> insertIfNoConflict(TableDef table, Object[] values) {
        InsertOutcome outcome = insertOrConflict(table, values);
        return Optional.ofNullable(outcome.inserted());
    }

    @Override
    public InsertOutcome insertOrConflict(TableDef table, Object[] values) {
        checkNotSequence(table);
        RelationEntry e = entry(table, LockMode.ROW_EXCLUSIVE);
        long x = writeXidFor(e, "INSERT");
        Tid tid = heap.insert(e.file(), e.def().fillfactor(), x, commandId, e.format().columnCount(),
                Toaster.encode(e.format(), values, engine.toast(e), x, commandId));
        Tid[] conflict = new Tid[1];
        try {
            insertIndexEntries(e, values, tid, conflict);
        } catch (PgException ex) {
            if (!SqlState.UNIQUE_VIOLATION.equals(ex.sqlState())) {
                throw ex;
            }
            heap.superDelete(e.file(), tid, x);
            return new InsertOutcome(null, conflict[0]);
        }
        counts().inserted(e.oid());
        return new InsertOutcome(tid, null);
    }

    @Override
    public Object[] fetch(TableDef table, Tid tid) {
        RelationEntry e = entry(table, LockMode.ROW_SHARE);
        Object[] values = heap.fetchAt(e.file(), tid, e.format());
        return values == null ? null : Toaster.detoast(values, engine.toast(e));
    }

    /**
     * The xid for a row change of {@code e}; an ON COMMIT DELETE ROWS table written to is noted for the truncation
     * before commit.
     */
    private long writeXidFor(RelationEntry e, String command) {
        long x = writeXid(command, e.isTemporary());
        if (e.onCommit() == OnCommitAction.DELETE_ROWS) {
            if (rowsToDeleteAtCommit == null) {
                rowsToDeleteAtCommit = new java.util.HashSet<>();
            }
            rowsToDeleteAtCommit.add(e.oid());
        }
        return x;
    }

    private void insertIndexEntries(RelationEntry e, Object[] values, Tid tid) {
        insertIndexEntries(e, values, tid, null);
    }

    /** Inserts the row's index entries; a unique conflict's live row goes to {@code conflict[0]} when given. */
    private void insertIndexEntries(RelationEntry e, Object[] values, Tid tid, Tid[] conflict) {
        List<IndexDef> indexes = e.def().indexes();
        for (int i = 0; i < indexes.size(); i++) {
            if (indexes.get(i).partial() && !engine.inIndex(e.def(), indexes.get(i), values)) {
                continue;
            }
            BTree tree = engine.btree(e, i);
            int[] columns = e.indexColumns(i);
            Object[] key = new Object[columns.length];
            for (int k = 0; k < columns.length; k++) {
                key[k] = values[columns[k]];
            }
            tree.insert(TupleCodec.encode(tree.keyFormat(), key), tid,
                    indexes.get(i).unique() ? new UniqueChecker(e.file(), tid, conflict) : null);
        }
    }

    /** The unique check's look at the heap: a dirty snapshot on each equal key's HOT chain. */
    private final class UniqueChecker implements BTree.UniqueCheck {
        private final RelFile file;
        private final Tid self;
        private final Tid[] conflict;

        UniqueChecker(RelFile file, Tid self, Tid[] conflict) {
            this.file = file;
            this.self = self;
            this.conflict = conflict;
        }

        @Override
        public long check(Tid heapTid) {
            if (heapTid.equals(self)) {
                return 0;
            }
            HeapAccess.DirtyResult r = heap.checkUnique(file, heapTid, xid);
            if (r.live() && conflict != null) {
                conflict[0] = r.liveTid();
            }
            return r.live() ? -1 : r.waitXid();
        }

        @Override
        public void waitFor(long otherXid) {
            lockManager.waitForTransaction(owner(), otherXid);
        }
    }

    @Override
    public WriteResult update(TableDef table, Tid tid, Object[] newValues) {
        checkNotSequence(table);
        RelationEntry e = entry(table, LockMode.ROW_EXCLUSIVE);
        long x = writeXidFor(e, "UPDATE");
        int[] indexed = e.indexedColumns();
        HeapAccess.HotCheck hot = (page, tuple) -> {
            if (indexed.length == 0) {
                return true;
            }
            Object[] old = TupleCodec.decodeColumns(page, HeapPage.data(tuple), HeapPage.natts(page, tuple),
                    e.format(), indexed);
            for (int c : indexed) {
                if (!sameValue(old[c], newValues[c])) {
                    return false;
                }
            }
            return true;
        };
        HeapOutcome outcome = heap.update(e.file(), e.def().fillfactor(), tid, x, commandId,
                isolation == IsolationLevel.REPEATABLE_READ, e.format(), e.format().columnCount(),
                Toaster.encode(e.format(), newValues, engine.toast(e), x, commandId), hot, false,
                tupleLocks(e.oid()));
        if (outcome instanceof HeapOutcome.Done done) {
            counts().updated(e.oid(), done.hot());
            if (!done.hot()) {
                insertIndexEntries(e, newValues, done.tid());
            }
        }
        return writeResult(e, outcome, "updated");
    }

    private static boolean sameValue(Object a, Object b) {
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return Arrays.equals(x, y);
        }
        if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
            return x.equals(y);
        }
        return Objects.equals(a, b);
    }

    @Override
    public WriteResult delete(TableDef table, Tid tid) {
        return delete(table, tid, false);
    }

    @Override
    public WriteResult deleteMovingPartition(TableDef table, Tid tid) {
        return delete(table, tid, true);
    }

    private WriteResult delete(TableDef table, Tid tid, boolean movedPartitions) {
        checkNotSequence(table);
        RelationEntry e = entry(table, LockMode.ROW_EXCLUSIVE);
        long x = writeXidFor(e, "DELETE");
        HeapOutcome outcome = heap.delete(e.file(), tid, x, commandId, isolation == IsolationLevel.REPEATABLE_READ,
                e.format(), false, tupleLocks(e.oid()), movedPartitions);
        if (outcome instanceof HeapOutcome.Done) {
            counts().deleted(e.oid());
        }
        return writeResult(e, outcome, "deleted");
    }

    private TransactionCounts counts() {
        if (counts == null) {
            counts = new TransactionCounts();
        }
        return counts;
    }

    @Override
    public RowScan scan(TableDef table) {
        return scan(table, null);
    }

    @Override
    public RowScan scan(TableDef table, boolean[] columns) {
        if (table.isView()) {
            throw StorageMessages.cannotChangeView(table.name()); // no rows of its own: never an empty result
        }
        RelationEntry e = entry(table, LockMode.ACCESS_SHARE);
        return new CountingRowScan(new SeqRowScan(heap, e, engine.toast(e), scanSnapshot(), xid, columns),
                engine.statistics().seqScanStarted(catalog.databaseOid(), e.oid()));
    }

    @Override
    public RowScan indexScan(IndexDef index, Object[] lower, boolean lowerInclusive, Object[] upper,
                             boolean upperInclusive) {
        checkActive();
        lockRelation(index.tableOid(), LockMode.ACCESS_SHARE);
        RelationEntry e = byOid(index.tableOid());
        int position = e == null ? -1 : e.indexPosition(index.oid());
        if (position < 0) {
            throw StorageMessages.indexMissing(index.name());
        }
        BTree tree = engine.btree(e, position);
        RowFormat keyFormat = tree.keyFormat();
        BTree.Cursor cursor = tree.scan(prefix(keyFormat, lower), lower == null ? 0 : lower.length, lowerInclusive,
                prefix(keyFormat, upper), upper == null ? 0 : upper.length, upperInclusive);
        return new CountingRowScan(new IndexRowScan(heap, e, engine.toast(e), cursor, scanSnapshot(), xid),
                engine.statistics().indexScanStarted(catalog.databaseOid(), e.oid()));
    }

    private static byte[] prefix(RowFormat keyFormat, Object[] values) {
        if (values == null) {
            return null;
        }
        return TupleCodec.encode(new RowFormat(Arrays.copyOf(keyFormat.types(), values.length),
                new Object[values.length]), values);
    }

    /** As PostgreSQL's estimate_rel_size: the last count's density times the current number of pages. */
    @Override
    public long estimatedRows(TableDef table) {
        RelationEntry e = entry(table, LockMode.ACCESS_SHARE);
        long[] counted = catalog.rowCount(e);
        int blocks = engine.buffers().blockCount(e.file());
        if (counted != null) {
            long rows = counted[0];
            long pages = counted[1];
            if (pages <= 0 || rows == 0) {
                return pages == 0 && blocks > 0 ? defaultEstimate(e, blocks) : rows;
            }
            return Math.round((double) rows / pages * blocks);
        }
        return defaultEstimate(e, blocks);
    }

    @Override
    public List<osgres.storage.ColumnStatistics> columnStatistics(TableDef table) {
        return catalog.columnStatistics(entry(table, LockMode.ACCESS_SHARE).oid());
    }

    private static long defaultEstimate(RelationEntry e, int blocks) {
        int width = HeapPage.TUPLE_HEADER + HeapPage.LP_SIZE + 8 * Math.max(1, e.format().columnCount());
        return (long) blocks * (8192 - HeapPage.HEADER) / width;
    }

    @Override
    public void analyze(TableDef table) {
        analyze(table, MaintenanceOrigin.COMMAND);
    }

    @Override
    public void analyze(TableDef table, MaintenanceOrigin origin) {
        RelationEntry e = entry(table, LockMode.SHARE_UPDATE_EXCLUSIVE);
        long rows = 0;
        AnalyzeSample sample = new AnalyzeSample();
        // not through scan(): ANALYZE's own read is no seq_scan of the table's statistics
        try (RowScan scan = new SeqRowScan(heap, e, engine.toast(e), snapshot(), xid, null)) {
            while (scan.hasNext()) {
                sample.add(scan.next().values());
                rows++;
            }
        }
        long pages = engine.buffers().blockCount(e.file());
        catalog.setRowCount(e.oid(), rows, pages);
        catalog.setColumnStatistics(e, sample.compute(e.def().columns().size()), rows, pages);
        engine.statistics().analyzed(catalog.databaseOid(), e.oid(), rows, origin);
    }

    // ---- end --------------------------------------------------------------------------------------------

    @Override
    public void commit(boolean synchronousCommit) {
        if (ended) {
            return;
        }
        engine.checkOpen();
        if (xid != 0) {
            try {
                preCommitTemporaryTables();
            } catch (RuntimeException e) {
                abort();
                throw e;
            }
        }
        try {
            if (xid != 0) {
                transactions.commit(xid, liveSubxids(), synchronousCommit,
                        lsn -> engine.waitForSyncStandbys(lsn, proc));
            }
            if (overlay != null && !overlay.isEmpty()) {
                publish();
            }
            engine.statistics().transactionEnded(catalog.databaseOid(), counts, true);
            if (overlay != null) {
                // pgstat_drop_relation at commit: a dropped table's counters go with it
                overlay.forEach((oid, entry) -> {
                    if (entry == null) {
                        engine.statistics().tableDropped(catalog.databaseOid(), oid);
                    }
                });
            }
        } finally {
            release();
        }
    }

    /**
     * PreCommit_on_commit_actions: drops the ON COMMIT DROP tables this transaction created, truncates the ON COMMIT
     * DELETE ROWS tables it wrote to. Part of the transaction: the drop and the new empty files happen at its commit.
     */
    private void preCommitTemporaryTables() {
        if (overlay != null) {
            for (RelationEntry e : new ArrayList<>(overlay.values())) {
                if (e != null && e.isTemporary() && e.onCommit() == OnCommitAction.DROP) {
                    dropEntry(e);
                }
            }
        }
        if (rowsToDeleteAtCommit != null) {
            for (int oid : rowsToDeleteAtCommit) {
                RelationEntry e = byOid(oid);
                if (e != null) {
                    beginDdl("TRUNCATE TABLE");
                    truncateEntry(e);
                }
            }
        }
    }

    /** Makes the committed DDL visible: temporary tables to this backend alone, the rest to every transaction. */
    private void publish() {
        Map<Integer, RelationEntry> permanent = new HashMap<>();
        Map<Integer, RelationEntry> temporary = new HashMap<>();
        overlay.forEach((oid, e) -> {
            // a dropped table not in the shared catalog was temporary or made by this very transaction: either way
            // nothing another session knows of
            boolean isTemp = e != null ? e.isTemporary() : catalog.byOid(oid) == null;
            (isTemp ? temporary : permanent).put(oid, e);
        });
        if (!temporary.isEmpty()) {
            if (temp != null) {
                temp.publish(temporary);
            }
            temporary.forEach((oid, e) -> {
                if (e == null) {
                    catalog.forgetRowCount(oid);
                }
            });
        }
        if (!permanent.isEmpty()) {
            // only this backend can have plans on its temporary tables, and its SQL layer invalidates them itself:
            // the shared catalog version moves for permanent DDL alone (an ON COMMIT DELETE ROWS truncation at
            // every commit must not make every other session revalidate its plans)
            catalog.publish(permanent);
        }
    }

    @Override
    public void abort() {
        if (ended) {
            return;
        }
        try {
            if (xid != 0) {
                transactions.abort(xid, liveSubxids());
            }
            engine.statistics().transactionEnded(catalog.databaseOid(), counts, false);
        } finally {
            release();
        }
    }

    private void release() {
        ended = true;
        try {
            if (registered) {
                transactions.unregisterSnapshot(backendId);
                registered = false;
            }
        } finally {
            if (lockOwner != null) {
                // after the commit left the proc array and published the catalog: a waiter sees it all
                lockManager.releaseAll(lockOwner);
            }
            engine.transactionEnded(catalog.databaseOid());
        }
    }
}
