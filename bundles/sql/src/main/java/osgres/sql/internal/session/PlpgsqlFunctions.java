/*
 * LANGUAGE plpgsql functions and DO blocks (PostgreSQL's pl_handler.c and pl_comp.c): the body is parsed by
 * PL/pgSQL's own grammar (libpg_query's pg_query_parse_plpgsql, its JSON tree), at CREATE as plpgsql_validator
 * does, with PostgreSQL's syntax errors and positions; a call runs the tree in {@link PlpgsqlExecution}. Trees are
 * kept per definition text, shared by all sessions (a tree is never changed once made).
 * Not done: cursors (OPEN/FETCH/CLOSE), CALL and COMMIT/ROLLBACK inside PL/pgSQL, re-initialising a nested block's
 * variables each time the block is entered (all variables start once, when the function starts).
 */
package osgres.sql.internal.session;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import osgres.api.PgException;
import osgres.pgquery.PgParser;
import osgres.sql.internal.utils.ExecContext;
import osgres.sql.internal.utils.PgType;
import osgres.sql.internal.utils.SqlFunction;

public final class PlpgsqlFunctions {
    /** The name an anonymous DO block runs under (in CONTEXT lines), as PostgreSQL's. */
    public static final String INLINE_NAME = "inline_code_block";

    /** Parsed trees by the CREATE FUNCTION text they came from. */
    private static final Map<String, Map<String, Object>> TREES = new ConcurrentHashMap<>();

    private PlpgsqlFunctions() {
    }

    /** The PLpgSQL_function node of a CREATE FUNCTION ... LANGUAGE plpgsql text; syntax errors as PostgreSQL's. */
    public static Map<String, Object> tree(String definition) {
        Map<String, Object> tree = TREES.get(definition);
        if (tree == null) {
            List<?> functions = (List<?>) PlpgsqlJson.parse(PgParser.parsePlpgsql(definition));
            tree = PlpgsqlJson.node(functions.getFirst()).getValue();
            TREES.put(definition, tree);
        }
        return tree;
    }

    /** plpgsql_validator: the body must parse; {@code start} is the statement's offset in the client's query. */
    public static void validate(SqlFunction f, int start) {
        try {
            tree(f.definition());
        } catch (PgException e) {
            int at = syntaxErrorPosition(e.getMessage(), f.definition(), f.source());
            if (at > 0) {
                throw e.withPosition(start + at);
            }
            throw e.withContext("compilation of PL/pgSQL function \"" + f.name() + "\"");
        }
    }

    /**
     * Where in the CREATE statement PL/pgSQL's parser stopped (libpg_query does not report it): the token a
     * syntax error names, or the end of the body for "at end of input"; 0 when not known.
     */
    private static int syntaxErrorPosition(String message, String definition, String body) {
        int bodyStart = body == null ? -1 : definition.indexOf(body);
        if (bodyStart < 0) {
            return 0;
        }
        if (message.endsWith("at end of input")) {
            return bodyStart + body.length() + 1;
        }
        String prefix = "at or near \"";
        int at = message.indexOf(prefix);
        if (at < 0 || !message.endsWith("\"")) {
            return 0;
        }
        String token = message.substring(at + prefix.length(), message.length() - 1);
        int found = body.indexOf(token);
        return found < 0 ? 0 : bodyStart + found + 1;
    }

    public static List<Object[]> run(ExecContext ctx, SqlFunction f, Object[] args, boolean all) {
        SqlSessionImpl session = (SqlSessionImpl) ctx.session();
        Map<String, Object> tree = tree(f.definition());
        String name = f.name() + "(" + String.join(",", f.inputTypes().stream().map(PgType::sqlName).toList())
                + ")";
        session.enterFunction(f);
        try {
            return new PlpgsqlExecution(session, f, tree, name.replace(",", ", ")).call(args, null);
        } finally {
            session.leaveFunction();
        }
    }

    /** DO [LANGUAGE plpgsql] 'code': the block runs as a function of no arguments returning void. */
    public static void runInline(SqlSessionImpl session, String code, int start) {
        String tag = "$osgres_do$";
        while (code.contains(tag)) {
            tag = "$osgres_do" + tag.length() + "$";
        }
        String definition = "CREATE FUNCTION " + INLINE_NAME + "() RETURNS void LANGUAGE plpgsql AS " + tag + code
                + tag;
        Map<String, Object> tree;
        try {
            tree = tree(definition);
        } catch (PgException e) {
            throw e.position() > 0 ? e.withPosition(0) : e;
        }
        SqlFunction f = new SqlFunction(0, INLINE_NAME, false, List.of(), PgType.VOID, false, List.of(), List.of(),
                "plpgsql", code, null, 'v', false, definition, null,
                osgres.storage.Role.BOOTSTRAP_SUPERUSER_OID, null, false);
        new PlpgsqlExecution(session, f, tree, INLINE_NAME).call(new Object[0], null);
    }
}
