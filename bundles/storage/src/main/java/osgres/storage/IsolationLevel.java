package osgres.storage;

/** Transaction isolation levels; READ UNCOMMITTED behaves as READ COMMITTED and SERIALIZABLE as REPEATABLE READ. */
public enum IsolationLevel {
    READ_COMMITTED, REPEATABLE_READ;
}
