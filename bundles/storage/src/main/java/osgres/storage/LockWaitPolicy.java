package osgres.storage;

/** What to do when a row lock is taken by someone else (lockoptions.h LockWaitPolicy). */
public enum LockWaitPolicy {
    /** Wait (the default). */
    BLOCK,
    /** {@code SKIP LOCKED}: leave the row out. */
    SKIP,
    /** {@code NOWAIT}: 55P03 {@code could not obtain lock on row in relation "%s"}. */
    ERROR
}
