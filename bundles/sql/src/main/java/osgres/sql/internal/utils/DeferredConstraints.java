/*
 * The session's deferred constraint state (PostgreSQL's trigger.c after-trigger queue for deferred RI triggers, and
 * SET CONSTRAINTS' settings): which foreign keys are deferred in the current transaction and the RI events waiting
 * for COMMIT. A deferrable constraint starts as its INITIALLY DEFERRED / IMMEDIATE says; SET CONSTRAINTS ALL resets
 * every earlier setting, SET CONSTRAINTS name sets that constraint. The state only: the executor's ForeignKeys
 * raises and runs the events, the session runs the waiting ones before COMMIT and clears the state when the
 * transaction ends.
 * Not done: a savepoint rolled back keeps its waiting events (they find their rows gone and pass).
 */
package osgres.sql.internal.utils;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import osgres.storage.ForeignKey;
import osgres.storage.TableDef;

public final class DeferredConstraints {

    /** A foreign key of table {@code child} that references some table. */
    public record Incoming(TableDef child, ForeignKey fk) {
    }

    /** One RI trigger event. */
    public sealed interface Event {
        /** The foreign key the event checks. */
        ForeignKey fk();

        /** A referencing row {@code row} was inserted or its key changed. */
        record ChildChanged(TableDef child, ForeignKey fk, Object[] row) implements Event {
        }

        /** A referenced row {@code oldRow} of {@code parent} was deleted ({@code newRow} null) or updated. */
        record ParentChanged(TableDef parent, Incoming incoming, Object[] oldRow, Object[] newRow) implements Event {
            @Override
            public ForeignKey fk() {
                return incoming.fk();
            }
        }
    }

    private final List<Event> waiting = new ArrayList<>();
    /** SET CONSTRAINTS ALL's setting (null: none in this transaction). */
    private Boolean allDeferred;
    private final Map<String, Boolean> byName = new HashMap<>();
    /** Set while COMMIT runs the waiting events: nothing waits any longer. */
    private boolean committing;

    /** True if {@code fk}'s checks wait for COMMIT now. */
    public boolean isDeferred(ForeignKey fk) {
        if (!fk.deferrable() || committing) {
            return false;
        }
        Boolean named = byName.get(fk.name());
        if (named != null) {
            return named;
        }
        return allDeferred != null ? allDeferred : fk.initiallyDeferred();
    }

    public void add(Event event) {
        waiting.add(event);
    }

    /** SET CONSTRAINTS ALL. */
    public void setAll(boolean deferred) {
        allDeferred = deferred;
        byName.clear();
    }

    /** SET CONSTRAINTS name (the caller checked that it names a deferrable constraint). */
    public void set(String name, boolean deferred) {
        byName.put(name, deferred);
    }

    /** The waiting events whose constraints are no longer deferred (all of them while committing), removed. */
    public List<Event> takeDue() {
        List<Event> due = new ArrayList<>();
        List<Event> still = new ArrayList<>();
        for (Event e : waiting) {
            (isDeferred(e.fk()) ? still : due).add(e);
        }
        waiting.clear();
        waiting.addAll(still);
        return due;
    }

    /** COMMIT is running the waiting events: none is deferred any longer. */
    public void setCommitting(boolean committing) {
        this.committing = committing;
    }

    /** The transaction ended. */
    public void clear() {
        waiting.clear();
        allDeferred = null;
        byName.clear();
        committing = false;
    }
}
