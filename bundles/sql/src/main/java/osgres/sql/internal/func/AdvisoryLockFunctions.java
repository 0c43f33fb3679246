/*
 * The advisory lock functions of lockfuncs.c: pg_advisory_lock, pg_try_advisory_lock, pg_advisory_xact_lock,
 * pg_try_advisory_xact_lock, each also _shared, on a bigint key or two integer keys; pg_advisory_unlock(_shared)
 * and pg_advisory_unlock_all. The locks are the storage's heavyweight locks (Transaction.advisoryLock): a
 * session-level one lasts until unlocked or the session ends, a transaction-level one until the transaction (or the
 * savepoint it was taken under) ends; a wait ends on cancel, lock_timeout or a deadlock, as any lock wait. Unlocking
 * a lock the session does not hold at session level answers false with PostgreSQL's WARNING.
 */
package osgres.sql.internal.func;

import java.util.List;

import osgres.sql.internal.utils.ExecContext;
import osgres.sql.internal.utils.Messages;
import osgres.sql.internal.utils.PgType;

final class AdvisoryLockFunctions {

    private AdvisoryLockFunctions() {
    }

    /** Every call changes lock state: never folded, moved or evaluated fewer times than written. */
    static boolean isAdvisoryLockFunction(String name) {
        return name.startsWith("pg_advisory_") || name.startsWith("pg_try_advisory_");
    }

    static void define(Functions.Registrar registrar) {
        for (boolean shared : new boolean[] {false, true}) {
            String suffix = shared ? "_shared" : "";
            for (boolean session : new boolean[] {true, false}) {
                String lock = session ? "advisory_lock" : "advisory_xact_lock";
                defineBoth(registrar, "pg_" + lock + suffix, PgType.VOID, (ctx, key, twoKeys) -> {
                    ctx.session().transaction().advisoryLock(key, twoKeys, shared, session, true);
                    return "";
                });
                defineBoth(registrar, "pg_try_" + lock + suffix, PgType.BOOL,
                        (ctx, key, twoKeys) -> ctx.session().transaction().advisoryLock(key, twoKeys, shared,
                                session, false));
            }
            defineBoth(registrar, "pg_advisory_unlock" + suffix, PgType.BOOL, (ctx, key, twoKeys) -> {
                if (ctx.session().transaction().advisoryUnlock(key, twoKeys, shared)) {
                    return true;
                }
                ctx.session().addNotice(Messages.advisoryLockNotOwned(shared));
                return false;
            });
        }
        registrar.define("pg_advisory_unlock_all", List.of(), PgType.VOID, true, false, false, (ctx, a) -> {
            ctx.session().transaction().advisoryUnlockAll();
            return "";
        });
    }

    private interface KeyedLock {
        Object apply(ExecContext ctx, long key, boolean twoKeys);
    }

    /** The bigint-key and the (int, int)-key variant: key1 in the high 32 bits, as pg_locks shows classid. */
    private static void defineBoth(Functions.Registrar registrar, String name, PgType result, KeyedLock lock) {
        registrar.define(name, List.of(PgType.INT8), result, true, false, false,
                (ctx, a) -> lock.apply(ctx, (Long) a[0], false));
        registrar.define(name, List.of(PgType.INT4, PgType.INT4), result, true, false, false,
                (ctx, a) -> lock.apply(ctx, ((long) (Integer) a[0] << 32) | ((Integer) a[1] & 0xFFFFFFFFL), true));
    }
}
