package osgres.pgquery;

import java.io.IOException;

import com.google.protobuf.CodedInputStream;

import osgres.api.PgException;
import osgres.api.Severity;
import osgres.api.SqlState;
import osgres.pgquery.internal.LibPgQuery;
import osgres.pgquery.tree.PgQuery;

/**
 * PostgreSQL's raw_parser (parser.c with gram.y and scan.l), the real one: PostgreSQL 15.4's grammar from Debian's
 * libpg_query, called through the FFM API, its tree decoded from protobuf into {@link PgQuery.ParseResult}. A
 * statement PostgreSQL rejects gets PostgreSQL's own message and 1-based cursor position ({@code syntax error at or
 * near "selec"}, 42601; {@code stack depth limit exceeded}, 54001), so psql prints the same {@code LINE 1:} and
 * caret. Thread-safe; about 10 µs for a pgbench statement (TOOLCHAIN.md).
 */
public final class PgParser {
    /** Parse trees are deep (several protobuf levels per level of SQL nesting): well past protobuf's default 100. */
    private static final int RECURSION_LIMIT = 20_000;

    private PgParser() {
    }

    /**
     * Statements this long or longer are parsed on a parser thread with a deep stack: libpg_query's tree output
     * and the protobuf decoding recurse once per level of nesting, and a deeply nested statement would overflow
     * a session thread's stack (natively, which no Java handler catches). Shorter ones cannot nest that deep.
     */
    private static final int INLINE_LIMIT = 512;
    private static final long PARSER_STACK = 512L << 20;
    private static final java.util.concurrent.ExecutorService DEEP_PARSERS =
            java.util.concurrent.Executors.newFixedThreadPool(2, new java.util.concurrent.ThreadFactory() {
                private final java.util.concurrent.atomic.AtomicInteger count =
                        new java.util.concurrent.atomic.AtomicInteger();

                @Override
                public Thread newThread(Runnable r) {
                    Thread t = new Thread(null, r, "osgres-parser-" + count.incrementAndGet(), PARSER_STACK);
                    t.setDaemon(true);
                    return t;
                }
            });

    /** Parses every statement of {@code sql}; throws PostgreSQL's error for a statement it rejects. */
    public static PgQuery.ParseResult parse(String sql) {
        if (sql.length() < INLINE_LIMIT) {
            return parseHere(sql);
        }
        java.util.concurrent.Future<PgQuery.ParseResult> result = DEEP_PARSERS.submit(() -> parseHere(sql));
        try {
            return result.get();
        } catch (InterruptedException e) {
            result.cancel(false);
            Thread.currentThread().interrupt();
            throw new PgException(Severity.ERROR, SqlState.QUERY_CANCELED, "canceling statement due to user request",
                    null, null, 0);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw stackDepthExceeded();
        }
    }

    private static PgQuery.ParseResult parseHere(String sql) {
        LibPgQuery library = LibPgQuery.instance();
        if (library.loadFailure() != null) {
            throw new PgException(Severity.FATAL, SqlState.UNDEFINED_FILE, library.loadFailure(), null,
                    "Install the package " + LibPgQuery.PACKAGE + " (apt-get install " + LibPgQuery.PACKAGE
                            + "), which holds PostgreSQL's parser.", 0);
        }
        LibPgQuery.Result result = library.parse(sql);
        if (result.failed()) {
            throw error(result.errorMessage(), result.cursorPosition());
        }
        try {
            CodedInputStream in = CodedInputStream.newInstance(result.tree());
            in.setRecursionLimit(RECURSION_LIMIT);
            return PgQuery.ParseResult.parseFrom(in);
        } catch (StackOverflowError e) {
            throw stackDepthExceeded();
        } catch (IOException e) {
            // a byte array only fails to decode past the recursion limit
            throw stackDepthExceeded();
        }
    }

    /**
     * PL/pgSQL's parser over a CREATE FUNCTION ... LANGUAGE plpgsql statement: libpg_query's JSON of the function
     * (datums and statement tree), or PostgreSQL's error (42601 with the cursor position in the statement).
     */
    public static String parsePlpgsql(String createFunction) {
        LibPgQuery library = LibPgQuery.instance();
        if (library.loadFailure() != null) {
            throw new PgException(Severity.FATAL, SqlState.UNDEFINED_FILE, library.loadFailure(), null, null, 0);
        }
        LibPgQuery.Result result = library.parsePlpgsql(createFunction);
        if (result.failed()) {
            throw error(result.errorMessage(), result.cursorPosition());
        }
        return new String(result.tree(), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The raw parser's errors are syntax errors (42601) except the few with a code of their own. */
    static PgException error(String message, int cursorPosition) {
        if (message.startsWith("stack depth limit exceeded")) {
            return stackDepthExceeded();
        }
        String sqlState = message.startsWith("invalid Unicode escape") ? "22025" : SqlState.SYNTAX_ERROR;
        return PgException.error(sqlState, message).withPosition(cursorPosition);
    }

    private static PgException stackDepthExceeded() {
        return PgException.error(SqlState.STATEMENT_TOO_COMPLEX, "stack depth limit exceeded").withHint(
                "Increase the configuration parameter \"max_stack_depth\" (currently 2048kB), after ensuring the "
                        + "platform's stack depth limit is adequate.");
    }
}
