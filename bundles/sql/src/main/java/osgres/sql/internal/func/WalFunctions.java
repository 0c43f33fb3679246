/*
 * The WAL's SQL functions (PostgreSQL's access/transam/xlogfuncs.c and pg_lsn.c's pg_wal_lsn_diff): LSN arithmetic
 * on pg_lsn values (LsnValues). Not here: the operators on pg_lsn (Operators), the replication slot functions.
 */
package osgres.sql.internal.func;

import java.util.List;

import osgres.sql.internal.utils.LsnValues;
import osgres.sql.internal.utils.PgType;

final class WalFunctions {

    private WalFunctions() {
    }

    static void define(Functions.Registrar registrar) {
        BuiltinFunctions.Definer strict = (name, args, result, impl) -> registrar.define(name, args, result, true,
                false, false, impl);
        strict.define("pg_wal_lsn_diff", List.of(PgType.PG_LSN, PgType.PG_LSN), PgType.NUMERIC,
                (ctx, a) -> LsnValues.difference((Long) a[0], (Long) a[1]));
        strict.define("pg_lsn", List.of(PgType.NUMERIC), PgType.PG_LSN, (ctx, a) -> LsnValues.fromNumeric(a[0]));
    }
}
