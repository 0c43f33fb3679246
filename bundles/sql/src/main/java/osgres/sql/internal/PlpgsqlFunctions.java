/*
 * LANGUAGE plpgsql functions: placeholder until the interpreter lands.
 */
package osgres.sql.internal;

import java.util.List;

final class PlpgsqlFunctions {

    private PlpgsqlFunctions() {
    }

    static void validate(SqlSessionImpl session, SqlFunction f) {
    }

    static List<Object[]> run(ExecContext ctx, SqlFunction f, Object[] args, boolean all) {
        throw Messages.notSupported("LANGUAGE plpgsql", 0);
    }
}
