package osgres.storage.internal.lmgr;

/**
 * What a heavyweight lock is on (lock.h LOCKTAG): a relation, a transaction id (row-lock waits wait on the
 * holder's xid), a tuple (queue position of row-lock waiters, and the row locks themselves), a catalog object or
 * an advisory lock's key.
 * {@link #describe()} is lmgr.c's DescribeLockTag text, used in deadlock reports and log_lock_waits lines.
 */
public record LockTag(Kind kind, int database, long id, int block, int offset) {

    public enum Kind { RELATION, TRANSACTION, TUPLE, OBJECT, ADVISORY }

    public static LockTag relation(int database, int relation) {
        return new LockTag(Kind.RELATION, database, relation, 0, 0);
    }

    public static LockTag transaction(long xid) {
        return new LockTag(Kind.TRANSACTION, 0, xid, 0, 0);
    }

    public static LockTag tuple(int database, int relation, int block, int offset) {
        return new LockTag(Kind.TUPLE, database, relation, block, offset);
    }

    /** LOCKTAG_OBJECT: {@code classId} is the catalog (pg_class is 1259), {@code objectId} the row. */
    public static LockTag object(int database, int classId, int objectId) {
        return new LockTag(Kind.OBJECT, database, ((long) classId << 32) | (objectId & 0xFFFFFFFFL), 0, 0);
    }

    /**
     * LOCKTAG_ADVISORY: a bigint key is {@code (high 32 bits, low 32 bits, 1)}, a pair of integer keys
     * {@code (key1, key2, 2)}, as pg_locks shows them in classid, objid and objsubid.
     */
    public static LockTag advisory(int database, int classId, int objectId, int field4) {
        return new LockTag(Kind.ADVISORY, database, ((long) classId << 32) | (objectId & 0xFFFFFFFFL), field4, 0);
    }

    public String describe() {
        return switch (kind) {
            case RELATION -> "relation " + id + " of database " + database;
            case TRANSACTION -> "transaction " + id;
            case TUPLE -> "tuple (" + block + "," + offset + ") of relation " + id + " of database " + database;
            case OBJECT -> "object " + (id & 0xFFFFFFFFL) + " of class " + (id >>> 32) + " of database " + database;
            case ADVISORY -> "advisory lock [" + database + "," + (id >>> 32) + "," + (id & 0xFFFFFFFFL) + "," + block
                    + "]";
        };
    }
}
