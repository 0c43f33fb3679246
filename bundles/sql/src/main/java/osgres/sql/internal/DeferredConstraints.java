/*
 * The session's deferred constraint checks (PostgreSQL's trigger.c after-trigger queue for deferred RI triggers,
 * and SET CONSTRAINTS): which foreign keys are deferred in the current transaction and the checks waiting for
 * COMMIT. A deferrable constraint starts as its INITIALLY DEFERRED / IMMEDIATE says; SET CONSTRAINTS ALL resets
 * every earlier setting, SET CONSTRAINTS name sets that constraint. Switching to IMMEDIATE runs the waiting checks
 * of the constraints it names at once, as PostgreSQL does. At COMMIT each foreign key with waiting checks of its
 * referencing side is validated over the referencing table's rows as they are then (a row inserted and deleted
 * again before COMMIT is no violation, a row inserted and changed is checked as changed); waiting checks of the
 * referenced side run as at the end of a statement. The state ends with the transaction.
 * Not done: a savepoint rolled back keeps its waiting checks (they find the rows gone and pass).
 */
package osgres.sql.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import osgres.api.PgException;
import osgres.api.SqlState;
import osgres.storage.ForeignKey;
import osgres.storage.TableDef;
import osgres.storage.Transaction;

final class DeferredConstraints {
    private final List<ForeignKeys.Event> waiting = new ArrayList<>();
    /** SET CONSTRAINTS ALL's setting (null: none in this transaction). */
    private Boolean allDeferred;
    private final Map<String, Boolean> byName = new HashMap<>();
    /** Set while COMMIT runs the waiting checks: nothing waits any longer. */
    private boolean committing;

    /** True if {@code fk}'s checks wait for COMMIT now. */
    boolean isDeferred(ForeignKey fk) {
        if (!fk.deferrable() || committing) {
            return false;
        }
        Boolean named = byName.get(fk.name());
        if (named != null) {
            return named;
        }
        return allDeferred != null ? allDeferred : fk.initiallyDeferred();
    }

    void add(ForeignKeys.Event event) {
        waiting.add(event);
    }

    /** SET CONSTRAINTS: 42704 for an unknown name, 42809 for a constraint that is not deferrable. */
    void set(List<String> names, boolean deferred, SessionServices session) {
        Transaction tx = session.transaction();
        if (names.isEmpty()) {
            allDeferred = deferred;
            byName.clear();
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
                byName.put(name, deferred);
            }
        }
        if (!deferred) {
            runWaiting(session, false);
        }
    }

    /** Runs the waiting checks of the constraints no longer deferred (all of them at COMMIT). */
    void runWaiting(SessionServices session, boolean all) {
        if (waiting.isEmpty()) {
            return;
        }
        List<ForeignKeys.Event> now = new ArrayList<>();
        List<ForeignKeys.Event> still = new ArrayList<>();
        for (ForeignKeys.Event e : waiting) {
            ForeignKey fk = switch (e) {
                case ForeignKeys.Event.ChildChanged c -> c.fk();
                case ForeignKeys.Event.ParentChanged p -> p.incoming().fk();
            };
            (all || !isDeferred(fk) ? now : still).add(e);
        }
        waiting.clear();
        waiting.addAll(still);
        if (now.isEmpty()) {
            return;
        }
        ExecContext ctx = new ExecContext(new Object[0], session);
        Transaction tx = session.transaction();
        tx.startStatement();
        // the referencing side: each key validated once over the rows as they are now
        Map<String, ForeignKeys.Event.ChildChanged> keys = new LinkedHashMap<>();
        List<ForeignKeys.Event> parents = new ArrayList<>();
        for (ForeignKeys.Event e : now) {
            if (e instanceof ForeignKeys.Event.ChildChanged c) {
                keys.putIfAbsent(c.child().oid() + "/" + c.fk().name(), c);
            } else {
                parents.add(e);
            }
        }
        for (ForeignKeys.Event.ChildChanged c : keys.values()) {
            TableDef child = tx.table(TemporaryTables.qualified(tx, c.child())).orElse(null);
            if (child == null) {
                continue;
            }
            for (ForeignKey fk : child.foreignKeys()) {
                if (fk.name().equals(c.fk().name())) {
                    ForeignKeys.validate(tx, child, fk, ctx);
                }
            }
        }
        if (!parents.isEmpty()) {
            ForeignKeys.fire(parents, ctx);
        }
    }

    /** COMMIT: every waiting check runs; a violation fails the COMMIT. */
    void beforeCommit(SessionServices session) {
        committing = true;
        try {
            runWaiting(session, true);
        } finally {
            committing = false;
        }
    }

    /** The transaction ended. */
    void clear() {
        waiting.clear();
        allDeferred = null;
        byName.clear();
    }
}
