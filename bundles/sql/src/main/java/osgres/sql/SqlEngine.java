package osgres.sql;

/**
 * The SQL engine (osgres.sql): one {@link SqlSession} per backend. Mirrors PostgreSQL's parser, analyzer,
 * planner and executor as seen from {@code tcop/postgres.c}.
 */
public interface SqlEngine {

    SqlSession openSession(SessionSetup setup);
}
