/*
 * What an expression sees while it runs: the bound parameter values and the session's services
 * (settings, identity, interrupts, timestamps, notices). One per portal execution; a later table
 * executor adds the current row here.
 */
package osgres.sql.internal;

final class ExecContext {
    private final Object[] params;
    private final SessionServices session;

    ExecContext(Object[] params, SessionServices session) {
        this.params = params;
        this.session = session;
    }

    Object param(int number) {
        return params[number - 1];
    }

    SessionServices session() {
        return session;
    }

    TypeIo.OutputSettings output() {
        return session.outputSettings();
    }
}
