package osgres.sql;

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
 */
public record SessionSetup(int backendPid, String user, String database, boolean superuser, Interrupts interrupts,
                           PostmasterControl postmaster) {
}
