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
     * What password authentication checks for {@code user} (crypt.c get_role_password): the stored secret (a
     * SCRAM-SHA-256 or MD5 secret, see osgres.api.PasswordSecrets), or null with the reason for the server log
     * ({@code Role "%s" does not exist.}, {@code User "%s" has no password assigned.}, {@code User "%s" has an
     * expired password.}). {@code mockSalt} is the salt a SCRAM exchange shows when there is no secret: derived
     * from the user name and a secret of the cluster, so it stays the same for a name without telling whether the
     * role exists (scram_mock_salt).
     */
    record StoredPassword(String secret, String failureDetail, byte[] mockSalt) {
    }

    /**
     * hba.c is_member for pg_hba.conf's {@code +role} and {@code samerole}: whether role {@code user} is a member
     * of role {@code role}, directly or through others (is_member_of_role_nosuper); false when either is no role.
     */
    default boolean isMemberOfRole(String user, String role) {
        return user.equals(role);
    }

    /** rolreplication of {@code user}: whether it may start a walsender (false for no such role). */
    default boolean mayReplicate(String user) {
        return false;
    }

    /** rolconnlimit of {@code user}: at most that many of its sessions at once, -1 for no limit. */
    default int connectionLimit(String user) {
        return -1;
    }

    /** get_role_password; FATAL 57P03 when storage is not available right now. */
    StoredPassword storedPassword(String user);

    /**
     * Opens a session on {@code setup.database()}: FATAL 3D000 {@code database "%s" does not exist} if there is
     * no such database, FATAL 57P03 {@code the database system is not accepting connections} (with its DETAIL)
     * when storage is not available right now.
     */
    SqlSession openSession(SessionSetup setup);
}
