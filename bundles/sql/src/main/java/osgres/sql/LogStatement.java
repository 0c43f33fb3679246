package osgres.sql;

/**
 * {@code log_statement}'s levels (PostgreSQL's LogStmtLevel, tcopprot.h), in its order: a statement of class
 * {@code c} is logged when {@code c.compareTo(setting) <= 0}. A statement's own class ({@link Statement#logLevel})
 * is never {@link #NONE}: utility.c's GetCommandLogLevel gives DDL for CREATE/ALTER/DROP, MOD for
 * INSERT/UPDATE/DELETE/TRUNCATE/COPY FROM, ALL for everything else.
 */
public enum LogStatement {
    NONE, DDL, MOD, ALL;

    /** check_log_statement for one statement class under this setting. */
    public boolean logs(LogStatement statementClass) {
        return this != NONE && statementClass.compareTo(this) <= 0;
    }
}
