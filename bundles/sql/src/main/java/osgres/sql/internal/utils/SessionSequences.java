/*
 * The session's side of sequences (PostgreSQL's commands/sequence.c above the relation: the backend-local
 * SeqTable and last_used_seq): nextval's cached values (CACHE n), what currval and lastval return, and the
 * functions nextval(regclass), currval(regclass), setval(regclass, bigint [, boolean]), lastval() and
 * pg_get_serial_sequence(text, text). The values themselves come from the storage engine, which logs and
 * serialises them; this class only remembers, per sequence oid, the last value this session got and the end
 * of its cached range. It survives transactions (nextval is never rolled back) and is cleared by DISCARD
 * SEQUENCES / DISCARD ALL; values cached before the sequence was altered (by any session) are dropped.
 */
package osgres.sql.internal.utils;

import java.util.HashMap;
import java.util.Map;

import osgres.api.PgException;
import osgres.api.SqlState;
import osgres.storage.LockMode;
import osgres.storage.SequenceFetch;
import osgres.storage.TableDef;
import osgres.storage.Transaction;

public final class SessionSequences {

    /**
     * One SeqTable entry: {@code last} was returned last, values after it up to {@code cached} are this session's,
     * taken from the sequence as {@code definition} describes it. Every DDL on a sequence (ALTER, RESTART) makes a
     * new TableDef, so a definition that is no longer the same object means the cached values are void, as
     * PostgreSQL sees from a new relfilenode.
     */
    private static final class Entry {
        long last;
        long cached;
        long increment;
        boolean lastValid;
        TableDef definition;
    }

    private final Map<Integer, Entry> entries = new HashMap<>();
    private Integer lastUsed;

    public long nextval(Transaction tx, int oid) {
        Entry e = entries.get(oid);
        if (e != null && e.last != e.cached) {
            // a value of our cache: still lock the sequence and look at it, as init_sequence does
            TableDef now = tx.openSequence(oid, LockMode.ROW_EXCLUSIVE);
            if (tx.readOnly()) {
                throw Messages.readOnlyTransaction("nextval()");
            }
            if (now == e.definition) {
                e.last += e.increment;
                lastUsed = oid;
                return e.last;
            }
            e.cached = e.last; // altered since: the values we took before are not ours to hand out any more
        }
        SequenceFetch fetch = tx.nextval(oid);
        if (e == null) {
            e = new Entry();
            entries.put(oid, e);
        }
        e.last = fetch.first();
        e.cached = fetch.last();
        e.increment = fetch.increment();
        e.lastValid = true;
        // only a cache needs it; the RowExclusive lock nextval took keeps the definition from changing meanwhile
        e.definition = fetch.first() != fetch.last() ? tx.openSequence(oid, LockMode.ROW_EXCLUSIVE) : null;
        lastUsed = oid;
        return fetch.first();
    }

    public long currval(Transaction tx, int oid) {
        TableDef seq = tx.openSequence(oid, LockMode.ACCESS_SHARE);
        Entry e = entries.get(oid);
        if (e == null || !e.lastValid) {
            throw PgException.error(SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE,
                    "currval of sequence \"" + seq.name() + "\" is not yet defined in this session");
        }
        return e.last;
    }

    public long lastval(Transaction tx) {
        if (lastUsed == null) {
            throw lastvalUndefined();
        }
        try {
            tx.openSequence(lastUsed, LockMode.ACCESS_SHARE);
        } catch (PgException dropped) {
            // someone dropped the sequence since our last nextval
            if (!SqlState.INTERNAL_ERROR.equals(dropped.sqlState())) {
                throw dropped;
            }
            throw lastvalUndefined();
        }
        return entries.get(lastUsed).last;
    }

    private static PgException lastvalUndefined() {
        return PgException.error(SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE, "lastval is not yet defined in this session");
    }

    public long setval(Transaction tx, int oid, long value, boolean isCalled) {
        tx.setval(oid, value, isCalled);
        Entry e = entries.computeIfAbsent(oid, k -> new Entry());
        if (isCalled) {
            e.last = value;
            e.lastValid = true;
        }
        e.cached = e.last; // forget any values cached ahead
        return value;
    }

    /** ALTER SEQUENCE in this session: cached values are no longer valid (currval stays). */
    public void altered(int oid) {
        Entry e = entries.get(oid);
        if (e != null) {
            e.cached = e.last;
        }
    }

    /** DISCARD SEQUENCES / DISCARD ALL (ResetSequenceCaches). */
    public void discard() {
        entries.clear();
        lastUsed = null;
    }

}
