package osgres.storage.internal.catalog;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One backend's temporary tables in one database: its {@code pg_temp_N} schema (namespace.c's myTempNamespace, N
 * being the backend's pid). The committed entries live here and nowhere else: no pg_class row, no WAL, nothing
 * another backend can find, lock or wait for. A transaction of the owning backend keeps its uncommitted temporary
 * DDL in its own overlay, as for permanent tables, and {@link #publish}es it here when it commits; an abort drops
 * the overlay. The owner's exit ({@code Storage.backendExited}) drops every table left; a crash or restart loses
 * this object with the shared-memory generation, and the startup removes the files left on disk.
 *
 * <p>Used by the owning backend's thread, and once more by whoever reports the backend's exit (after its last
 * transaction ended): synchronized, so that last look sees the final state.
 */
public final class TemporaryNamespace {
    private final int databaseOid;
    private final int backend;
    private final Map<Integer, RelationEntry> entries = new HashMap<>();

    public TemporaryNamespace(int databaseOid, int backend) {
        this.databaseOid = databaseOid;
        this.backend = backend;
    }

    public int databaseOid() {
        return databaseOid;
    }

    /** The owning backend's pid: the {@code N} of {@code pg_temp_N} and of its files' {@code t<N>_} prefix. */
    public int backend() {
        return backend;
    }

    /** {@code pg_temp_N}, as PostgreSQL names the schema. */
    public String schemaName() {
        return "pg_temp_" + backend;
    }

    public synchronized RelationEntry byName(String name) {
        for (RelationEntry e : entries.values()) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        return null;
    }

    public synchronized RelationEntry byOid(int oid) {
        return entries.get(oid);
    }

    public synchronized boolean contains(int oid) {
        return entries.containsKey(oid);
    }

    /** The oid of the temporary table owning index {@code name}, or null. */
    public synchronized Integer indexOwner(String name) {
        for (RelationEntry e : entries.values()) {
            if (e.def().indexes().stream().anyMatch(ix -> ix.name().equals(name))) {
                return e.oid();
            }
        }
        return null;
    }

    /** Every table, in oid order. */
    public synchronized List<RelationEntry> entries() {
        List<RelationEntry> list = new ArrayList<>(entries.values());
        list.sort(Comparator.comparingInt(RelationEntry::oid));
        return list;
    }

    /** A committed transaction's temporary DDL: oid to the new entry, or to null for a dropped table. */
    public synchronized void publish(Map<Integer, RelationEntry> changes) {
        changes.forEach((oid, e) -> {
            if (e == null) {
                entries.remove(oid);
            } else {
                entries.put(oid, e);
            }
        });
    }

    /** The backend exits: hands back every table left, which the caller drops, and forgets them. */
    public synchronized List<RelationEntry> removeAll() {
        List<RelationEntry> all = new ArrayList<>(entries.values());
        entries.clear();
        return all;
    }
}
