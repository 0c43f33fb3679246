package osgres.storage.internal.core;

/** Resource manager ids of WAL records (rmgrlist.h): who writes and who replays each kind of record. */
public final class ResourceManagers {
    /** Checkpoints, next-OID, end of recovery, full-page images (lower half). */
    public static final int XLOG = 0;
    /** Commit and abort records (lower half). */
    public static final int XACT = 1;
    /** Relation file create / drop / truncate (lower half). */
    public static final int SMGR = 2;
    /** CLOG page zeroing (lower half). */
    public static final int CLOG = 3;
    /** Database create / drop (upper half). */
    public static final int DBASE = 4;
    /** Heap insert / update / delete / lock / prune (upper half). */
    public static final int HEAP = 10;
    /** B-tree insert / split / new root / vacuum (upper half). */
    public static final int BTREE = 11;
    /** Catalog changes, if the catalog logs its own records (upper half). */
    public static final int CATALOG = 12;
    /** Sequence page images: CREATE / ALTER SEQUENCE, nextval logging ahead, setval (upper half). */
    public static final int SEQUENCE = 13;

    private ResourceManagers() {
    }
}
