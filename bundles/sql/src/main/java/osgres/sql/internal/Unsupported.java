/*
 * Thrown by parse analysis and planning for a construct the query pipeline (ParseAnalyzer -> Planner -> plan
 * executor) cannot run yet, while an older path still can: the statement is then analysed again by the older
 * Analyzer, which gives it the answer (or the 0A000) it always gave. Never reaches a client: it is not a
 * PgException, and the only catch is where the statement is analysed.
 */
package osgres.sql.internal;

final class Unsupported extends RuntimeException {

    private Unsupported(String what) {
        super(what, null, false, false);
    }

    static Unsupported of(String what) {
        return new Unsupported(what);
    }
}
