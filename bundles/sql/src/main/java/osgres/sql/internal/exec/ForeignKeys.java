/*
 * FOREIGN KEY constraints (PostgreSQL's tablecmds.c ATAddForeignKeyConstraint and ri_triggers.c). Creating one checks
 * what PostgreSQL checks (a unique index on exactly the referenced columns, as many columns on both sides, types
 * that compare) and, unless NOT VALID, that every existing referencing row finds its key. Enforcement follows the RI
 * triggers, which are AFTER ROW triggers: a statement collects its events and runs them when its rows are all
 * written, after a command-counter increment so that they see the statement's own rows (a self-referencing INSERT
 * of parent and child in one statement works):
 * <ul>
 *   <li>a new or changed referencing row (RI_FKey_check): its key must be in the referenced table, whose row is
 *       locked FOR KEY SHARE so that a concurrent DELETE of it waits, or fails once this transaction commits;
 *       a key with a null passes (MATCH SIMPLE) or must be all null (MATCH FULL);</li>
 *   <li>a deleted or key-changed referenced row: NO ACTION and RESTRICT fail with 23503 if a referencing row
 *       remains (NO ACTION not if the key is back in the referenced table); CASCADE deletes the referencing rows or
 *       moves them to the new key; SET NULL / SET DEFAULT set their key columns (PostgreSQL 15's column list for
 *       ON DELETE), then checks them as a changed referencing row. Changes made by an action raise events of their
 *       own, run in the next round.</li>
 * </ul>
 * A DEFERRABLE INITIALLY DEFERRED constraint's checks (or, after SET CONSTRAINTS ... DEFERRED, a deferrable one's)
 * wait in the session's {@link DeferredConstraints} until COMMIT (or SET CONSTRAINTS ... IMMEDIATE). Referencing rows are found by scanning the
 * referencing table (through an index whose leading columns are the key when there is one).
 * Not done: MATCH PARTIAL (PostgreSQL has not either), foreign keys on partitioned tables.
 */
package osgres.sql.internal.exec;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import osgres.api.PgException;
import osgres.api.SqlState;
import osgres.sql.internal.analyze.ModifyAnalyzer;
import osgres.sql.internal.catalog.CatalogVersion;
import osgres.sql.internal.catalog.Privileges;
import osgres.sql.internal.catalog.TemporaryTables;
import osgres.sql.internal.utils.BtreeCompare;
import osgres.sql.internal.parser.UtilityCommand;
import osgres.sql.internal.utils.Casts;
import osgres.sql.internal.utils.DeferredConstraints;
import osgres.sql.internal.utils.DeferredConstraints.Event;
import osgres.sql.internal.utils.DeferredConstraints.Incoming;
import osgres.sql.internal.utils.ExecContext;
import osgres.sql.internal.utils.Messages;
import osgres.sql.internal.utils.PgType;
import osgres.sql.internal.utils.SessionServices;
import osgres.sql.internal.utils.TypeIo;
import osgres.storage.ColumnDef;
import osgres.storage.ForeignKey;
import osgres.storage.IndexDef;
import osgres.storage.LockMode;
import osgres.storage.LockWaitPolicy;
import osgres.storage.RowLockStrength;
import osgres.storage.RowScan;
import osgres.storage.RowVersion;
import osgres.storage.TableDef;
import osgres.storage.Tid;
import osgres.storage.Transaction;
import osgres.storage.WriteResult;

public final class ForeignKeys {

    /** The databases known to have foreign keys (never forgotten: a hint that parent-side events may exist). */
    private static final Set<Integer> DATABASES_WITH_KEYS = ConcurrentHashMap.newKeySet();
    /** Per database, the catalog version at which it was last found to have none. */
    private static final Map<Integer, Long> CHECKED_AT = new ConcurrentHashMap<>();

    private ForeignKeys() {
    }

    // ---- the statement's events ----------------------------------------------------------------------------

    /** The RI events of one statement (or of one table's changes), run by {@link #fire}. */
    public static final class Events {
        private final List<Event> events = new ArrayList<>();
        private final List<Incoming> incoming;
        private final TableDef table;

        /** The events of changes to {@code table}; its incoming keys are looked up once. */
        public Events(TableDef table, SessionServices session, boolean parentSide) {
            this.table = table;
            this.incoming = parentSide ? incoming(session.transaction(), table, session.databaseOid()) : List.of();
        }

        public boolean active() {
            return !table.foreignKeys().isEmpty() || !incoming.isEmpty();
        }

        /** An inserted row. */
        public void inserted(Object[] row, Tid tid) {
            for (ForeignKey fk : table.foreignKeys()) {
                events.add(new Event.ChildChanged(table, fk, row));
            }
        }

        /** An updated row: the child side if its key changed, the parent side if a referenced key changed. */
        public void updated(Object[] oldRow, Object[] newRow, Tid tid) {
            for (ForeignKey fk : table.foreignKeys()) {
                if (!sameKey(table, fk.columns(), oldRow, newRow)) {
                    events.add(new Event.ChildChanged(table, fk, newRow));
                }
            }
            for (Incoming in : incoming) {
                if (!sameKey(table, in.fk().referencedColumns(), oldRow, newRow)) {
                    events.add(new Event.ParentChanged(table, in, oldRow, newRow));
                }
            }
        }

        /** A deleted row. */
        public void deleted(Object[] oldRow) {
            for (Incoming in : incoming) {
                events.add(new Event.ParentChanged(table, in, oldRow, null));
            }
        }

        /** Runs the events (and those their actions raise), or defers them; the statement's end. */
        public void fire(ExecContext ctx) {
            if (!events.isEmpty()) {
                ForeignKeys.fire(new ArrayList<>(events), ctx);
                events.clear();
            }
        }
    }

    /** The keys of other tables (and of {@code parent} itself) that reference {@code parent}. */
    static List<Incoming> incoming(Transaction tx, TableDef parent, int databaseOid) {
        if (!mayHaveForeignKeys(tx, databaseOid)) {
            return List.of();
        }
        List<Incoming> out = new ArrayList<>();
        for (TableDef t : tx.tables()) {
            for (ForeignKey fk : t.foreignKeys()) {
                if (fk.referencedTable() == parent.oid()) {
                    out.add(new Incoming(t, fk));
                }
            }
        }
        return out;
    }

    /** Notes that database {@code databaseOid} has a foreign key (one was just made). */
    public static void noteForeignKey(int databaseOid) {
        DATABASES_WITH_KEYS.add(databaseOid);
    }

    private static boolean mayHaveForeignKeys(Transaction tx, int databaseOid) {
        if (DATABASES_WITH_KEYS.contains(databaseOid)) {
            return true;
        }
        long version = CatalogVersion.current();
        Long checked = CHECKED_AT.get(databaseOid);
        if (checked != null && checked == version) {
            return false;
        }
        boolean found = tx.tables().stream().anyMatch(t -> !t.foreignKeys().isEmpty());
        if (found) {
            DATABASES_WITH_KEYS.add(databaseOid);
        } else {
            CHECKED_AT.put(databaseOid, version);
        }
        return found;
    }

    /** Runs {@code pending} events, round after round, each after a command-counter increment. */
    static void fire(List<Event> pending, ExecContext ctx) {
        Transaction tx = ctx.transaction();
        DeferredConstraints deferred = ctx.session().deferredConstraints();
        Deque<Event> queue = new ArrayDeque<>(pending);
        LoopInterrupts interrupts = new LoopInterrupts(ctx);
        while (!queue.isEmpty()) {
            tx.startStatement(); // the AFTER trigger's CommandCounterIncrement: the statement's rows are visible
            List<Event> round = new ArrayList<>(queue);
            queue.clear();
            for (Event e : round) {
                interrupts.tick();
                switch (e) {
                    case Event.ChildChanged c -> {
                        if (deferred.isDeferred(c.fk())) {
                            deferred.add(e);
                        } else {
                            checkChild(c.child(), c.fk(), c.row(), ctx);
                        }
                    }
                    case Event.ParentChanged p -> {
                        char action = p.newRow() == null ? p.incoming().fk().onDelete()
                                : p.incoming().fk().onUpdate();
                        if (action == ForeignKey.NO_ACTION && deferred.isDeferred(p.incoming().fk())) {
                            deferred.add(e);
                        } else {
                            parentChanged(p, ctx, queue);
                        }
                    }
                }
            }
        }
    }

    // ---- deferred checks (SET CONSTRAINTS, COMMIT) -------------------------------------------------------------

    /**
     * SET CONSTRAINTS: 42704 for an unknown name, 42809 for a constraint that is not deferrable; switching to
     * IMMEDIATE runs the waiting checks of the constraints it names at once, as PostgreSQL does.
     */
    public static void setConstraints(List<String> names, boolean deferred, SessionServices session) {
        DeferredConstraints state = session.deferredConstraints();
        Transaction tx = session.transaction();
        if (names.isEmpty()) {
            state.setAll(deferred);
        } else {
            for (String name : names) {
                ForeignKey found = null;
                for (TableDef t : tx.tables()) {
                    for (ForeignKey fk : t.foreignKeys()) {
                        if (fk.name().equals(name)) {
                            found = fk;
                        }
                    }
                }
                if (found == null) {
                    throw PgException.error(SqlState.UNDEFINED_OBJECT, "constraint \"" + name + "\" does not exist");
                }
                if (!found.deferrable()) {
                    throw PgException.error(SqlState.WRONG_OBJECT_TYPE, "constraint \"" + name
                            + "\" is not deferrable");
                }
                state.set(name, deferred);
            }
        }
        if (!deferred) {
            runDue(session);
        }
    }

    /** COMMIT: every waiting check runs; a violation fails the COMMIT. */
    public static void beforeCommit(SessionServices session) {
        DeferredConstraints state = session.deferredConstraints();
        state.setCommitting(true);
        try {
            runDue(session);
        } finally {
            state.setCommitting(false);
        }
    }

    /**
     * The waiting checks no longer deferred. Each referencing-side key is validated once over the referencing
     * table's rows as they are now (a row inserted and deleted again is no violation, a row inserted and changed
     * is checked as changed); waiting referenced-side checks run as at the end of a statement.
     */
    private static void runDue(SessionServices session) {
        List<Event> due = session.deferredConstraints().takeDue();
        if (due.isEmpty()) {
            return;
        }
        ExecContext ctx = new ExecContext(new Object[0], session);
        Transaction tx = session.transaction();
        tx.startStatement();
        java.util.Map<String, Event.ChildChanged> keys = new java.util.LinkedHashMap<>();
        List<Event> parents = new ArrayList<>();
        for (Event e : due) {
            if (e instanceof Event.ChildChanged c) {
                keys.putIfAbsent(c.child().oid() + "/" + c.fk().name(), c);
            } else {
                parents.add(e);
            }
        }
        for (Event.ChildChanged c : keys.values()) {
            TableDef child = tx.table(TemporaryTables.qualified(tx, c.child())).orElse(null);
            if (child == null) {
                continue;
            }
            for (ForeignKey fk : child.foreignKeys()) {
                if (fk.name().equals(c.fk().name())) {
                    validate(tx, child, fk, ctx);
                }
            }
        }
        if (!parents.isEmpty()) {
            fire(parents, ctx);
        }
    }

    // ---- the referencing side (RI_FKey_check) ----------------------------------------------------------------

    /** RI_FKey_check: {@code row}'s key is in the referenced table (its row locked FOR KEY SHARE), or has a null. */
    static void checkChild(TableDef child, ForeignKey fk, Object[] row, ExecContext ctx) {
        int nulls = 0;
        for (int c : fk.columns()) {
            if (row[c] == null) {
                nulls++;
            }
        }
        if (nulls == fk.columns().size() || nulls > 0 && fk.matchType() == ForeignKey.MATCH_SIMPLE) {
            return;
        }
        if (nulls > 0) {
            throw Messages.foreignKeyMatchFull(child.name(), fk.name());
        }
        Transaction tx = ctx.transaction();
        TableDef parent = referenced(tx, fk);
        Object[] key = parentKey(child, fk, parent, row, ctx);
        if (!lockReferenced(tx, parent, fk, key)) {
            throw Messages.foreignKeyNotPresent(child.name(), fk.name(), keyText(child, fk.columns(), row, ctx),
                    parent.name());
        }
    }

    /** The referenced row with {@code key} (the referenced columns' values), locked FOR KEY SHARE; false if none. */
    private static boolean lockReferenced(Transaction tx, TableDef parent, ForeignKey fk, Object[] key) {
        IndexDef index = uniqueIndex(parent, fk.referencedColumns());
        Object[] probe = new Object[key.length];
        for (int i = 0; i < key.length; i++) {
            probe[i] = key[fk.referencedColumns().indexOf(index.columns().get(i))];
        }
        while (true) {
            Tid found = null;
            try (RowScan scan = tx.indexScan(index, probe, true, probe, true)) {
                if (scan.hasNext()) {
                    found = scan.next().tid();
                }
            }
            if (found == null) {
                return false;
            }
            WriteResult locked = tx.lockRow(parent, found, RowLockStrength.KEY_SHARE, LockWaitPolicy.BLOCK);
            switch (locked) {
                case WriteResult.Done d -> {
                    return true;
                }
                case WriteResult.Moved m -> {
                    // updated meanwhile: the new version holds the key if a non-key column changed
                    Object[] latest = m.latest().values();
                    boolean same = true;
                    for (int i = 0; i < key.length; i++) {
                        int col = fk.referencedColumns().get(i);
                        PgType type = PgType.byOid(parent.columns().get(col).typeOid());
                        same &= latest[col] != null && BtreeCompare.compare(type, latest[col], key[i]) == 0;
                    }
                    if (!same) {
                        return false;
                    }
                    tx.startStatement(); // a new snapshot (READ COMMITTED) to find that version
                }
                default -> {
                    return false;
                }
            }
        }
    }

    // ---- the referenced side (RI_FKey_noaction_del, _restrict_, _cascade_, _setnull_, _setdefault_) ---------

    private static void parentChanged(Event.ParentChanged p, ExecContext ctx, Deque<Event> raised) {
        Transaction tx = ctx.transaction();
        ForeignKey fk = p.incoming().fk();
        TableDef parent = p.parent();
        Object[] oldKey = new Object[fk.referencedColumns().size()];
        for (int i = 0; i < oldKey.length; i++) {
            oldKey[i] = p.oldRow()[fk.referencedColumns().get(i)];
            if (oldKey[i] == null) {
                return; // a key with a null is referenced by no row
            }
        }
        TableDef child = tx.table(TemporaryTables.qualified(tx, p.incoming().child())).orElse(null);
        if (child == null) {
            return;
        }
        char action = p.newRow() == null ? fk.onDelete() : fk.onUpdate();
        if (action == ForeignKey.NO_ACTION && keyPresent(tx, parent, fk, oldKey)) {
            return; // ri_Check_Pk_Still_Present: another row holds the key now
        }
        List<RowVersion> referencing = referencingRows(tx, child, fk, parent, oldKey, ctx);
        if (referencing.isEmpty()) {
            return;
        }
        switch (action) {
            case ForeignKey.NO_ACTION, ForeignKey.RESTRICT -> throw Messages.foreignKeyStillReferenced(parent.name(),
                    fk.name(), child.name(), keyText(parent, fk.referencedColumns(), p.oldRow(), ctx));
            case ForeignKey.CASCADE -> {
                Events events = new Events(child, ctx.session(), true);
                for (RowVersion r : referencing) {
                    if (p.newRow() == null) {
                        if (write(tx.delete(child, r.tid()))) {
                            events.deleted(r.values());
                        }
                    } else {
                        Object[] next = r.values().clone();
                        for (int i = 0; i < fk.columns().size(); i++) {
                            next[fk.columns().get(i)] = childValue(child, fk.columns().get(i), parent,
                                    fk.referencedColumns().get(i), p.newRow()[fk.referencedColumns().get(i)], ctx);
                        }
                        update(tx, child, r, next, events, ctx);
                    }
                }
                raised.addAll(events.events);
            }
            case ForeignKey.SET_NULL, ForeignKey.SET_DEFAULT -> {
                List<Integer> set = p.newRow() == null && !fk.deleteSetColumns().isEmpty() ? fk.deleteSetColumns()
                        : fk.columns();
                Events events = new Events(child, ctx.session(), true);
                for (RowVersion r : referencing) {
                    Object[] next = r.values().clone();
                    for (int c : set) {
                        next[c] = action == ForeignKey.SET_NULL ? null : columnDefault(child, c, ctx);
                    }
                    update(tx, child, r, next, events, ctx);
                }
                raised.addAll(events.events);
                if (action == ForeignKey.SET_DEFAULT) {
                    // the default may be the very key that went: then a row still references it
                    tx.startStatement();
                    if (!keyPresent(tx, parent, fk, oldKey)
                            && !referencingRows(tx, child, fk, parent, oldKey, ctx).isEmpty()) {
                        throw Messages.foreignKeyStillReferenced(parent.name(), fk.name(), child.name(),
                                keyText(parent, fk.referencedColumns(), p.oldRow(), ctx));
                    }
                }
            }
            default -> throw new IllegalStateException("foreign key action " + action);
        }
    }

    /** A referencing row changed by an action: NOT NULL and CHECKs hold, its own keys' events are raised. */
    private static void update(Transaction tx, TableDef child, RowVersion r, Object[] next, Events events,
                               ExecContext ctx) {
        ModifyNodes.checkNotNull(child, next, ctx);
        CheckConstraints.check(child, CheckConstraints.compile(child, ctx.output().zone()), next, ctx);
        WriteResult result = tx.update(child, r.tid(), next);
        if (write(result)) {
            events.updated(r.values(), next, ((WriteResult.Done) result).newTid());
        }
    }

    /** True if the write was done; a row changed or gone meanwhile is a serialization failure here. */
    private static boolean write(WriteResult result) {
        if (result instanceof WriteResult.Done) {
            return true;
        }
        if (result instanceof WriteResult.Gone) {
            return false;
        }
        throw PgException.error(SqlState.SERIALIZATION_FAILURE,
                "could not serialize access due to concurrent update");
    }

    private static Object columnDefault(TableDef table, int column, ExecContext ctx) {
        ColumnDef c = table.columns().get(column);
        if (c.defaultSql() == null) {
            return null;
        }
        return ModifyAnalyzer.columnDefault(c.defaultSql(), PgType.byOid(c.typeOid()), c.typeModifier(),
                ctx.output().zone()).eval(ctx);
    }

    /** True if a visible row of {@code parent} has {@code key} in the referenced columns. */
    private static boolean keyPresent(Transaction tx, TableDef parent, ForeignKey fk, Object[] key) {
        IndexDef index = uniqueIndex(parent, fk.referencedColumns());
        Object[] probe = new Object[key.length];
        for (int i = 0; i < key.length; i++) {
            probe[i] = key[fk.referencedColumns().indexOf(index.columns().get(i))];
        }
        try (RowScan scan = tx.indexScan(index, probe, true, probe, true)) {
            return scan.hasNext();
        }
    }

    /** The visible rows of {@code child} whose key equals {@code parentKey} (the referenced columns' values). */
    private static List<RowVersion> referencingRows(Transaction tx, TableDef child, ForeignKey fk, TableDef parent,
                                                    Object[] parentKey, ExecContext ctx) {
        List<RowVersion> out = new ArrayList<>();
        try (RowScan scan = referencingScan(tx, child, fk, parent, parentKey, ctx)) {
            while (scan.hasNext()) {
                RowVersion r = scan.next();
                if (referencesKey(child, fk, parent, r.values(), parentKey, ctx)) {
                    out.add(r);
                }
            }
        }
        return out;
    }

    /**
     * The rows of {@code child} that may reference {@code parentKey}: through an index of the child whose leading
     * columns are the key's (in any order) when the key's values convert to the child's types exactly, else all.
     */
    private static RowScan referencingScan(Transaction tx, TableDef child, ForeignKey fk, TableDef parent,
                                           Object[] parentKey, ExecContext ctx) {
        int n = fk.columns().size();
        for (IndexDef ix : child.indexes()) {
            if (ix.columns().size() < n || !new HashSet<>(ix.columns().subList(0, n))
                    .equals(new HashSet<>(fk.columns()))) {
                continue;
            }
            Object[] probe = new Object[n];
            boolean exact = true;
            for (int k = 0; k < n && exact; k++) {
                int i = fk.columns().indexOf(ix.columns().get(k));
                int childColumn = fk.columns().get(i);
                int parentColumn = fk.referencedColumns().get(i);
                exact = PgType.byOid(child.columns().get(childColumn).typeOid())
                        == PgType.byOid(parent.columns().get(parentColumn).typeOid());
                probe[k] = parentKey[i];
            }
            if (exact) {
                return tx.indexScan(ix, probe, true, probe, true);
            }
        }
        return tx.scan(child);
    }

    private static boolean referencesKey(TableDef child, ForeignKey fk, TableDef parent, Object[] row,
                                         Object[] parentKey, ExecContext ctx) {
        for (int i = 0; i < parentKey.length; i++) {
            Object v = row[fk.columns().get(i)];
            if (v == null) {
                return false;
            }
            int pc = fk.referencedColumns().get(i);
            PgType type = PgType.byOid(parent.columns().get(pc).typeOid());
            Object converted = convert(PgType.byOid(child.columns().get(fk.columns().get(i)).typeOid()), type, v,
                    ctx);
            if (BtreeCompare.compare(type, converted, parentKey[i]) != 0) {
                return false;
            }
        }
        return true;
    }

    // ---- creation (ATAddForeignKeyConstraint) --------------------------------------------------------------

    /**
     * The constraints of {@code specs} added to {@code child} (made in this transaction or opened AccessExclusive),
     * each checked against the referenced table (locked ShareRowExclusive) and, unless NOT VALID, against the rows.
     */
    public static TableDef add(SessionServices session, TableDef child, List<UtilityCommand.ForeignKeySpec> specs) {
        Transaction tx = session.transaction();
        List<ForeignKey> keys = new ArrayList<>(child.foreignKeys());
        Set<String> taken = new HashSet<>();
        child.checks().forEach(c -> taken.add(c.name()));
        child.indexes().forEach(i -> taken.add(i.name()));
        child.foreignKeys().forEach(f -> taken.add(f.name()));
        ExecContext ctx = new ExecContext(new Object[0], session);
        for (UtilityCommand.ForeignKeySpec spec : specs) {
            boolean self = TemporaryTables.relname(spec.referencedTable()).equals(child.name())
                    && tx.table(spec.referencedTable()).map(t -> t.oid() == child.oid()).orElse(false);
            TableDef parent = self ? child : tx.openTable(spec.referencedTable(), LockMode.SHARE_ROW_EXCLUSIVE)
                    .orElseThrow(() -> Messages.relationDoesNotExist(TemporaryTables.relname(spec.referencedTable()),
                            0));
            if (parent.isView() || parent.isSequence()) {
                throw PgException.error(SqlState.WRONG_OBJECT_TYPE, "referenced relation \"" + parent.name()
                        + "\" is not a table");
            }
            List<Integer> columns = new ArrayList<>();
            for (String name : spec.columns()) {
                int i = child.columnIndex(name);
                if (i < 0) {
                    throw PgException.error(SqlState.UNDEFINED_COLUMN, "column \"" + name
                            + "\" referenced in foreign key constraint does not exist");
                }
                columns.add(i);
            }
            List<Integer> referenced = new ArrayList<>();
            if (spec.referencedColumns().isEmpty()) {
                IndexDef pk = parent.indexes().stream().filter(IndexDef::primary).findFirst()
                        .orElseThrow(() -> PgException.error(SqlState.INVALID_FOREIGN_KEY,
                                "there is no primary key for referenced table \"" + parent.name() + "\""));
                referenced.addAll(pk.columns());
            } else {
                for (String name : spec.referencedColumns()) {
                    int i = parent.columnIndex(name);
                    if (i < 0) {
                        throw PgException.error(SqlState.UNDEFINED_COLUMN, "column \"" + name
                                + "\" referenced in foreign key constraint does not exist");
                    }
                    referenced.add(i);
                }
            }
            if (columns.size() != referenced.size()) {
                throw PgException.error(SqlState.INVALID_FOREIGN_KEY,
                        "number of referencing and referenced columns for foreign key disagree");
            }
            if (uniqueIndex(parent, referenced) == null) {
                throw PgException.error(SqlState.INVALID_FOREIGN_KEY,
                        "there is no unique constraint matching given keys for referenced table \""
                                + parent.name() + "\"");
            }
            checkReferences(session, parent, referenced);
            String name = spec.name() != null ? spec.name() : defaultName(child, spec.columns(), taken);
            if (spec.name() != null && taken.contains(name)) {
                throw Messages.constraintExists(name, child.name());
            }
            taken.add(name);
            for (int i = 0; i < columns.size(); i++) {
                ColumnDef c = child.columns().get(columns.get(i));
                ColumnDef p = parent.columns().get(referenced.get(i));
                PgType ct = PgType.byOid(c.typeOid());
                PgType pt = PgType.byOid(p.typeOid());
                if (ct != pt && Casts.find(ct, pt, -1, Casts.Context.IMPLICIT) == null) {
                    throw PgException.error(SqlState.DATATYPE_MISMATCH, "foreign key constraint \"" + name
                            + "\" cannot be implemented").withDetail("Key columns \"" + c.name() + "\" and \""
                            + p.name() + "\" are of incompatible types: " + ct.sqlName() + " and " + pt.sqlName()
                            + ".");
                }
            }
            List<Integer> setColumns = new ArrayList<>();
            for (String name2 : spec.deleteSetColumns()) {
                int i = child.columnIndex(name2);
                if (i < 0) {
                    throw PgException.error(SqlState.UNDEFINED_COLUMN, "column \"" + name2
                            + "\" referenced in foreign key constraint does not exist");
                }
                if (!columns.contains(i)) {
                    throw PgException.error(SqlState.INVALID_FOREIGN_KEY, "column \"" + name2
                            + "\" referenced in ON DELETE SET action must be part of foreign key");
                }
                setColumns.add(i);
            }
            ForeignKey fk = new ForeignKey(name, columns, parent.oid(), referenced, spec.matchType(),
                    spec.onUpdate(), spec.onDelete(), setColumns, spec.deferrable(), spec.initiallyDeferred(),
                    !spec.notValid());
            if (!spec.notValid()) {
                validate(tx, child, fk, ctx);
            }
            keys.add(fk);
        }
        noteForeignKey(session.databaseOid());
        return tx.alterTable(TemporaryTables.qualified(tx, child), child.withForeignKeys(keys));
    }

    /**
     * checkFkeyPermissions: the current user needs REFERENCES on the referenced table, or on each referenced column
     * (42501 "permission denied for table t"); the referencing table is its own already (ALTER TABLE's ownership
     * check, or it is being created).
     */
    private static void checkReferences(SessionServices session, TableDef parent, List<Integer> referenced) {
        if (session.gucs().currentUserIsSuperuser()) {
            return;
        }
        int user = Privileges.currentUserOid(session);
        if (Privileges.relationMask(session, parent, user, Privileges.REFERENCES) != 0) {
            return;
        }
        for (int column : referenced) {
            if (Privileges.columnMask(session, parent, column + 1, user, Privileges.REFERENCES) == 0) {
                throw Messages.permissionDenied("table", parent.name());
            }
        }
    }

    /** validateForeignKeyConstraint: every row of {@code child} with a whole key finds it in the referenced table. */
    public static void validate(Transaction tx, TableDef child, ForeignKey fk, ExecContext ctx) {
        TableDef parent = fk.referencedTable() == child.oid() ? child : referenced(tx, fk);
        LoopInterrupts interrupts = new LoopInterrupts(ctx);
        try (RowScan scan = tx.scan(child)) {
            while (scan.hasNext()) {
                interrupts.tick();
                Object[] row = scan.next().values();
                int nulls = 0;
                for (int c : fk.columns()) {
                    if (row[c] == null) {
                        nulls++;
                    }
                }
                if (nulls == fk.columns().size() || nulls > 0 && fk.matchType() == ForeignKey.MATCH_SIMPLE) {
                    continue;
                }
                if (nulls > 0) {
                    throw Messages.foreignKeyMatchFull(child.name(), fk.name());
                }
                Object[] key = parentKey(child, fk, parent, row, ctx);
                if (!keyPresent(tx, parent, fk, key)) {
                    throw Messages.foreignKeyNotPresent(child.name(), fk.name(),
                            keyText(child, fk.columns(), row, ctx), parent.name());
                }
            }
        }
    }

    /** ChooseForeignKeyConstraintNameAddition: {@code <table>_<col>_<col>_fkey}, numbered until free. */
    private static String defaultName(TableDef child, List<String> columns, Set<String> taken) {
        String base = child.name() + "_" + String.join("_", columns) + "_fkey";
        String name = base;
        for (int n = 1; taken.contains(name); n++) {
            name = base + n;
        }
        return name;
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    private static TableDef referenced(Transaction tx, ForeignKey fk) {
        for (TableDef t : tx.tables()) {
            if (t.oid() == fk.referencedTable()) {
                return t;
            }
        }
        throw new IllegalStateException("foreign key " + fk.name() + " references a missing table");
    }

    /** The unique index whose columns are exactly {@code columns} (in any order), or null. */
    public static IndexDef uniqueIndex(TableDef table, List<Integer> columns) {
        for (IndexDef ix : table.indexes()) {
            if (ix.unique() && ix.columns().size() == columns.size()
                    && new HashSet<>(ix.columns()).equals(new HashSet<>(columns))) {
                return ix;
            }
        }
        return null;
    }

    /** {@code row}'s key values converted to the referenced columns' types. */
    private static Object[] parentKey(TableDef child, ForeignKey fk, TableDef parent, Object[] row,
                                      ExecContext ctx) {
        Object[] key = new Object[fk.columns().size()];
        for (int i = 0; i < key.length; i++) {
            PgType from = PgType.byOid(child.columns().get(fk.columns().get(i)).typeOid());
            PgType to = PgType.byOid(parent.columns().get(fk.referencedColumns().get(i)).typeOid());
            key[i] = convert(from, to, row[fk.columns().get(i)], ctx);
        }
        return key;
    }

    /** A referenced value as the referencing column's type (ON UPDATE CASCADE). */
    private static Object childValue(TableDef child, int childColumn, TableDef parent, int parentColumn, Object v,
                                     ExecContext ctx) {
        PgType from = PgType.byOid(parent.columns().get(parentColumn).typeOid());
        ColumnDef c = child.columns().get(childColumn);
        PgType to = PgType.byOid(c.typeOid());
        if (v == null || from == to && c.typeModifier() < 0) {
            return v;
        }
        Casts.Conversion conversion = Casts.find(from, to, c.typeModifier(), Casts.Context.ASSIGNMENT);
        return conversion == null ? v : conversion.convert(v, ctx);
    }

    private static Object convert(PgType from, PgType to, Object v, ExecContext ctx) {
        if (v == null || from == to) {
            return v;
        }
        Casts.Conversion conversion = Casts.find(from, to, -1, Casts.Context.IMPLICIT);
        return conversion == null ? v : conversion.convert(v, ctx);
    }

    private static boolean sameKey(TableDef table, List<Integer> columns, Object[] a, Object[] b) {
        for (int c : columns) {
            if (a[c] == null || b[c] == null) {
                if (a[c] != b[c]) {
                    return false;
                }
                continue;
            }
            if (BtreeCompare.compare(PgType.byOid(table.columns().get(c).typeOid()), a[c], b[c]) != 0) {
                return false;
            }
        }
        return true;
    }

    /** {@code (a, b)=(1, 2)}, as ri_ReportViolation shows a key. */
    static String keyText(TableDef table, List<Integer> columns, Object[] row, ExecContext ctx) {
        StringBuilder names = new StringBuilder("(");
        StringBuilder values = new StringBuilder("(");
        for (int i = 0; i < columns.size(); i++) {
            int c = columns.get(i);
            if (i > 0) {
                names.append(", ");
                values.append(", ");
            }
            names.append(table.columns().get(c).name());
            PgType type = PgType.byOid(table.columns().get(c).typeOid());
            values.append(row[c] == null ? "null" : TypeIo.output(type, row[c], ctx.output()));
        }
        return names.append(")=").append(values).append(')').toString();
    }
}
