package osgres.api;

/**
 * An error or notice with PostgreSQL's fields (ErrorResponse / NoticeResponse, elog's ereport).
 * Thrown by any role; the backend turns it into an {@code E} message, the server log into a log line.
 * An ERROR ends the statement; a FATAL ends the session; the message text follows PostgreSQL's style:
 * lower case, no trailing period; detail and hint are full sentences.
 */
public class PgException extends RuntimeException {
    private final Severity severity;
    private final String sqlState;
    private final String detail;
    private final String hint;
    private final int position;
    private final String logDetail;
    /** errcontext: where the error happened (a function's statement...), innermost first, one line each. */
    private final String context;
    /** internalerrquery / internalerrposition: the query a function ran, and the 1-based position in it. */
    private final String internalQuery;
    private final int internalPosition;

    public PgException(Severity severity, String sqlState, String message, String detail, String hint, int position) {
        this(severity, sqlState, message, detail, hint, position, null, null, null, 0);
    }

    private PgException(Severity severity, String sqlState, String message, String detail, String hint, int position,
                        String logDetail, String context, String internalQuery, int internalPosition) {
        super(message);
        this.context = context;
        this.internalQuery = internalQuery;
        this.internalPosition = internalPosition;
        this.severity = severity;
        this.sqlState = sqlState;
        this.detail = detail;
        this.hint = hint;
        this.position = position;
        this.logDetail = logDetail;
    }

    public static PgException error(String sqlState, String message) {
        return new PgException(Severity.ERROR, sqlState, message, null, null, 0);
    }

    public static PgException fatal(String sqlState, String message) {
        return new PgException(Severity.FATAL, sqlState, message, null, null, 0);
    }

    public PgException withDetail(String newDetail) {
        return new PgException(severity, sqlState, getMessage(), newDetail, hint, position, logDetail, context,
                internalQuery, internalPosition);
    }

    /** errdetail_log: a DETAIL for the server log only (the client gets {@link #detail()}). */
    public PgException withLogDetail(String newLogDetail) {
        return new PgException(severity, sqlState, getMessage(), detail, hint, position, newLogDetail, context,
                internalQuery, internalPosition);
    }

    public PgException withHint(String newHint) {
        return new PgException(severity, sqlState, getMessage(), detail, newHint, position, logDetail, context,
                internalQuery, internalPosition);
    }

    /** 1-based character position in the query text, 0 when not known. */
    public PgException withPosition(int newPosition) {
        return new PgException(severity, sqlState, getMessage(), detail, hint, newPosition, logDetail, context,
                internalQuery, internalPosition);
    }

    public PgException withSeverity(Severity newSeverity) {
        return new PgException(newSeverity, sqlState, getMessage(), detail, hint, position, logDetail, context,
                internalQuery, internalPosition);
    }

    /** Adds an outer CONTEXT line (errcontext callbacks run innermost first). */
    public PgException withContext(String line) {
        String joined = context == null ? line : context + "\n" + line;
        PgException e = new PgException(severity, sqlState, getMessage(), detail, hint, position, logDetail, joined,
                internalQuery, internalPosition);
        e.setStackTrace(getStackTrace());
        return e;
    }

    /**
     * The error happened in {@code query}, run by a function (SPI's internal query): the position becomes the
     * internal position, so that psql shows the LINE and caret under a {@code QUERY:} line.
     */
    public PgException withInternalQuery(String query) {
        PgException e = new PgException(severity, sqlState, getMessage(), detail, hint, 0, logDetail, context, query,
                position);
        e.setStackTrace(getStackTrace());
        return e;
    }

    /** The internal query, or null. */
    public String internalQuery() {
        return internalQuery;
    }

    /** 1-based position in {@link #internalQuery()}, 0 when not known. */
    public int internalPosition() {
        return internalPosition;
    }

    /** The CONTEXT lines, or null. */
    public String context() {
        return context;
    }

    public Severity severity() {
        return severity;
    }

    public String sqlState() {
        return sqlState;
    }

    public String detail() {
        return detail;
    }

    public String hint() {
        return hint;
    }

    public int position() {
        return position;
    }

    /** The DETAIL the server log shows: the log-only one when set, else the client's. */
    public String logDetail() {
        return logDetail != null ? logDetail : detail;
    }
}
