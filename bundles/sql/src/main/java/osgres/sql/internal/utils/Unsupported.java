/*
 * Thrown by parse analysis and planning for a construct PostgreSQL's grammar accepts that the query pipeline
 * (ParseAnalyzer -> Planner -> plan executor) cannot run yet. Where a statement is analysed (ParsedStatement) it
 * becomes 0A000 "<what> is not supported"; it never reaches a client as itself.
 */
package osgres.sql.internal.utils;

public final class Unsupported extends RuntimeException {

    private Unsupported(String what) {
        super(what, null, false, false);
    }

    public static Unsupported of(String what) {
        return new Unsupported(what);
    }
}
