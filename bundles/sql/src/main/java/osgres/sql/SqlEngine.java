package osgres.sql;

/**
 * The SQL engine (osgres.sql): one {@link SqlSession} per backend. Mirrors PostgreSQL's parser, analyzer,
 * planner and executor as seen from {@code tcop/postgres.c}.
 */
public interface SqlEngine {

    /**
     * InitializeSessionUserId (miscinit.c), at connection start before the database is looked up: FATAL 28000
     * {@code role "%s" does not exist} or {@code role "%s" is not permitted to log in}, FATAL 57P03 when storage
     * is not available right now.
     *
     * @return whether the role is a superuser (rolsuper)
     */
    boolean authorizeLogin(String user);

    /**
     * Opens a session on {@code setup.database()}: FATAL 3D000 {@code database "%s" does not exist} if there is
     * no such database, FATAL 57P03 {@code the database system is not accepting connections} (with its DETAIL)
     * when storage is not available right now.
     */
    SqlSession openSession(SessionSetup setup);
}
