package osgres.storage;

/**
 * PostgreSQL's eight table lock modes (lockdefs.h), weakest first, with lock.c's conflict table. A mode never
 * conflicts with locks its own transaction holds. {@link #lockName()} is how messages and pg_locks name it.
 */
public enum LockMode {
    ACCESS_SHARE("AccessShareLock", "ACCESS SHARE"),
    ROW_SHARE("RowShareLock", "ROW SHARE"),
    ROW_EXCLUSIVE("RowExclusiveLock", "ROW EXCLUSIVE"),
    SHARE_UPDATE_EXCLUSIVE("ShareUpdateExclusiveLock", "SHARE UPDATE EXCLUSIVE"),
    SHARE("ShareLock", "SHARE"),
    SHARE_ROW_EXCLUSIVE("ShareRowExclusiveLock", "SHARE ROW EXCLUSIVE"),
    EXCLUSIVE("ExclusiveLock", "EXCLUSIVE"),
    ACCESS_EXCLUSIVE("AccessExclusiveLock", "ACCESS EXCLUSIVE");

    /** CONFLICTS[requested] = bit set of the held modes it conflicts with (bit i = ordinal i). */
    private static final int[] CONFLICTS = {
        bits(7),                      // AccessShare
        bits(6, 7),                   // RowShare
        bits(4, 5, 6, 7),             // RowExclusive
        bits(3, 4, 5, 6, 7),          // ShareUpdateExclusive
        bits(2, 3, 5, 6, 7),          // Share
        bits(2, 3, 4, 5, 6, 7),       // ShareRowExclusive
        bits(1, 2, 3, 4, 5, 6, 7),    // Exclusive
        bits(0, 1, 2, 3, 4, 5, 6, 7), // AccessExclusive
    };

    private final String lockName;
    private final String sqlName;

    LockMode(String lockName, String sqlName) {
        this.lockName = lockName;
        this.sqlName = sqlName;
    }

    private static int bits(int... ordinals) {
        int mask = 0;
        for (int o : ordinals) {
            mask |= 1 << o;
        }
        return mask;
    }

    /** {@code AccessShareLock}, {@code ShareLock}...: the name in DETAIL lines and pg_locks.mode. */
    public String lockName() {
        return lockName;
    }

    /** {@code ACCESS SHARE}...: the name in {@code LOCK TABLE ... IN mode MODE}. */
    public String sqlName() {
        return sqlName;
    }

    public int bit() {
        return 1 << ordinal();
    }

    /** The held modes (bit set) this mode, requested, conflicts with. */
    public int conflictMask() {
        return CONFLICTS[ordinal()];
    }

    public boolean conflictsWith(LockMode held) {
        return (CONFLICTS[ordinal()] & held.bit()) != 0;
    }
}
