/*
 * The simple-protocol plan cache of one session (PostgreSQL has none: it re-plans every simple Query; this
 * follows pg_stat_statements' normalisation and plancache.c's CachedPlanSource instead). A query string is
 * split and normalised by QueryNormalizer; each SELECT/INSERT/UPDATE/DELETE maps by its shape (normalised
 * text and literal kinds) to one ParsedStatement with parameters, parsed once (the raw parse is shared through
 * the engine's ParseCache) and analysed once per catalog version, and the query runs as a LiftedStatement
 * carrying its constants. Statements that are not candidates, and shapes that fail to parse or analyse, use
 * the exact text as before; a failed shape is remembered until the catalog changes. Bounded LRU per session.
 */
package osgres.sql.internal.session;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import osgres.api.PgException;
import osgres.sql.Statement;
import osgres.sql.internal.catalog.CatalogVersion;
import osgres.sql.internal.parser.ParseCache;
import osgres.sql.internal.parser.QueryNormalizer;
import osgres.sql.internal.parser.RawParser;
import osgres.sql.internal.utils.PgType;

final class SimplePlanCache {
    static final int DEFAULT_CAPACITY = 1024;

    /** One shape: its statement, or null while it is known not to work (since catalog version {@code failedAt}). */
    static final class Shape {
        private final int literals;
        private ParsedStatement statement;
        private long failedAt;

        private Shape(ParsedStatement statement, int literals) {
            this.statement = statement;
            this.literals = literals;
        }

        /** The analysed shape statement, or null when it does not work. */
        ParsedStatement analysed() {
            if (statement == null) {
                return null;
            }
            try {
                statement.query();
                // a literal read as an enum or composite needs its named type, which a parameter type does not
                // carry: such a statement runs from its exact text
                if (statement.parameterPgTypes().length == literals && java.util.Arrays.stream(
                        statement.parameterPgTypes()).noneMatch(t -> t == PgType.ANYENUM || t == PgType.RECORD)) {
                    return statement;
                }
            } catch (PgException e) {
                if (!isAnalysisError(e)) {
                    // a lock wait's deadlock, timeout or interrupt belongs to the statement, not to its shape
                    throw e;
                }
                // positions and messages of the normalised text are not the client's: the exact text reports it
            }
            markFailed();
            return null;
        }

        /** Errors about the text itself (syntax, names, types, values, unsupported): the exact text may differ. */
        private static boolean isAnalysisError(PgException e) {
            String state = e.sqlState();
            return e.severity() == osgres.api.Severity.ERROR && state != null
                    && (state.startsWith("42") || state.startsWith("22") || state.startsWith("0A"));
        }

        private void markFailed() {
            statement = null;
            failedAt = CatalogVersion.current();
        }
    }

    private final SqlSessionImpl session;
    private final ParseCache parseCache;
    private final int capacity;
    private final Map<String, Shape> shapes;
    private long hits;
    private long misses;

    SimplePlanCache(SqlSessionImpl session, ParseCache parseCache, int capacity) {
        this.session = session;
        this.parseCache = parseCache;
        this.capacity = capacity;
        this.shapes = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Shape> eldest) {
                return size() > SimplePlanCache.this.capacity;
            }
        };
    }

    /**
     * The statements of a simple Query, or null when no statement has a working shape (the caller then parses
     * and caches the exact text, so a repeated text whose shape fails is still parsed once). Syntax errors
     * surface here, before any statement runs, as PostgreSQL parses the whole string first.
     */
    List<Statement> parse(String sql) {
        List<QueryNormalizer.Piece> pieces = QueryNormalizer.normalize(sql);
        Statement[] statements = new Statement[pieces.size()];
        boolean anyLifted = false;
        for (int i = 0; i < statements.length; i++) {
            QueryNormalizer.Piece piece = pieces.get(i);
            if (piece.key() != null) {
                statements[i] = lifted(sql, piece);
                anyLifted |= statements[i] != null;
            }
        }
        if (!anyLifted) {
            return null;
        }
        for (int i = 0; i < statements.length; i++) {
            if (statements[i] == null) {
                statements[i] = session.exactStatement(sql, pieces.get(i).start());
            }
        }
        return List.of(statements);
    }

    /** The lifted statement for a candidate, or null when its shape is known not to work. */
    private LiftedStatement lifted(String sql, QueryNormalizer.Piece piece) {
        Shape shape = shapes.get(piece.key());
        if (shape == null || (shape.statement == null && shape.failedAt != CatalogVersion.current())) {
            misses++;
            shape = new Shape(parseShape(piece), piece.values().length);
            if (shape.statement == null) {
                shape.failedAt = CatalogVersion.current();
            }
            shapes.put(piece.key(), shape);
        } else {
            hits++;
        }
        return shape.statement == null ? null : new LiftedStatement(session, shape, sql, piece);
    }

    private ParsedStatement parseShape(QueryNormalizer.Piece piece) {
        List<RawParser.RawStatement> raws;
        try {
            raws = parseCache.parse(piece.shapeText());
        } catch (PgException e) {
            return null;
        }
        if (raws.size() != 1 || raws.getFirst().utility() != null) {
            return null;
        }
        return new ParsedStatement(session, raws.getFirst(), piece.givenTypes(), true);
    }

    void clear() {
        shapes.clear();
    }

    int size() {
        return shapes.size();
    }

    long hits() {
        return hits;
    }

    long misses() {
        return misses;
    }
}
