package osgres.sql;

import java.util.function.Consumer;

import osgres.api.PgException;
import osgres.api.PostmasterControl;

/**
 * Who the session is and how it is interrupted.
 *
 * @param backendPid  pid of the backend child ({@code pg_backend_pid()})
 * @param user        authenticated user
 * @param database    database connected to
 * @param superuser   whether the user is a superuser
 * @param interrupts  CHECK_FOR_INTERRUPTS for this backend
 * @param postmaster  for pg_cancel_backend, pg_terminate_backend, pg_reload_conf
 * @param notices     where a notice or warning goes the moment it is raised (the backend sends it to the client
 *                    and flushes, as elog.c's send_message_to_frontend does), or null to keep them for
 *                    {@link SqlSession#takeNotices()}
 */
public record SessionSetup(int backendPid, String user, String database, boolean superuser, Interrupts interrupts,
                           PostmasterControl postmaster, Consumer<PgException> notices) {
}
