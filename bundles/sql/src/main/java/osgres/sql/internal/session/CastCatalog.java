/*
 * The user-defined casts of a database (pg_cast's user rows) and this session's cache of them, kept as
 * FunctionCatalog keeps functions: an ordinary heap relation of the storage, {@code pg_catalog.pg_cast}, made by
 * the database's first CREATE CAST, WAL-logged and transactional, each row holding the CREATE statement's text,
 * read again whenever the catalog version moved. CREATE CAST and DROP CAST (functioncmds.c CreateCast,
 * DropCastById) are here too, with CreateCast's checks of the function.
 * Not done: dependencies on the cast's function; casts over arrays of the types (array_coerce).
 */
package osgres.sql.internal.session;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import osgres.api.PgException;
import osgres.api.Severity;
import osgres.api.SqlState;
import osgres.pgquery.tree.PgQuery;
import osgres.storage.ColumnDef;
import osgres.storage.RowVersion;
import osgres.storage.Tid;
import osgres.storage.TypeOids;
import osgres.sql.internal.analyze.UserCasts;
import osgres.sql.internal.parser.RawParser;
import osgres.sql.internal.parser.UtilityCommand;
import osgres.sql.internal.utils.CastDefinition;
import osgres.sql.internal.utils.Casts;
import osgres.sql.internal.utils.PgType;

public final class CastCatalog {
    public static final CatalogRelation RELATION = new CatalogRelation("pg_catalog.pg_cast", List.of(
            new ColumnDef("oid", TypeOids.INT4, -1, true, null),
            new ColumnDef("definition", TypeOids.TEXT, -1, true, null)));
    private static final int OID = 0;
    private static final int DEFINITION = 1;

    private static final Map<String, PgQuery.CreateCastStmt> PARSED = new java.util.concurrent.ConcurrentHashMap<>();

    record Entry(CastDefinition cast, Tid tid) {
    }

    private final CatalogCache<Map<List<PgType>, Entry>> bySourceAndTarget;

    CastCatalog(SqlSessionImpl session) {
        this.bySourceAndTarget = new CatalogCache<>(session, RELATION, rows -> read(rows, session));
    }

    /** The cast from {@code source} to {@code target}, or null. */
    CastDefinition find(PgType source, PgType target) {
        Entry e = entry(source, target);
        return e == null ? null : e.cast();
    }

    /** Every cast's row. */
    List<Entry> all() {
        return List.copyOf(bySourceAndTarget.get().values());
    }

    /** Removes the cast's row (DROP CAST, or DROP FUNCTION ... CASCADE of its function). */
    void delete(SqlSessionImpl session, Entry e) {
        RELATION.delete(session, e.tid());
    }

    private Entry entry(PgType source, PgType target) {
        return bySourceAndTarget.get().get(List.of(source, target));
    }

    private static Map<List<PgType>, Entry> read(List<RowVersion> rows, SqlSessionImpl session) {
        Map<List<PgType>, Entry> casts = new HashMap<>();
        for (RowVersion row : rows) {
            String text = (String) row.values()[DEFINITION];
            CastDefinition c = CastDefinition.of((Integer) row.values()[OID],
                    PARSED.computeIfAbsent(text, CastCatalog::parse), text, session.types().rowTypes());
            casts.put(List.of(c.source(), c.target()), new Entry(c, row.tid()));
        }
        return casts;
    }

    private static PgQuery.CreateCastStmt parse(String definition) {
        return ((UtilityCommand.CreateCast) RawParser.parse(definition).getFirst().utility()).statement();
    }

    static String create(UtilityCommand.CreateCast c, SqlSessionImpl session) {
        CastCatalog catalog = session.functions().castCatalog();
        CastDefinition cast = CastDefinition.of(0, c.statement(), c.text(), session.types().rowTypes());
        if (cast.sourceIsDomain()) {
            session.addNotice(new PgException(Severity.WARNING, SqlState.INVALID_OBJECT_DEFINITION,
                    "cast will be ignored because the source data type is a domain", null, null, 0));
        } else if (cast.targetIsDomain()) {
            session.addNotice(new PgException(Severity.WARNING, SqlState.INVALID_OBJECT_DEFINITION,
                    "cast will be ignored because the target data type is a domain", null, null, 0));
        }
        UserCasts.check(cast, session.functions());
        if (catalog.entry(cast.source(), cast.target()) != null || builtinExists(cast.source(), cast.target())) {
            throw PgException.error(SqlState.DUPLICATE_OBJECT, "cast from type " + cast.source().sqlName()
                    + " to type " + cast.target().sqlName() + " already exists");
        }
        cast = CastDefinition.of(session.transaction().newOid(), c.statement(), c.text(), session.types().rowTypes());
        RELATION.insert(session, new Object[] {cast.oid(), cast.definition()});
        return "CREATE CAST";
    }

    /**
     * A pg_cast row of the built-ins: a cast osgres knows between two types that are not both of the string category
     * (those are I/O conversions, which pg_cast does not list, except among the string types themselves).
     */
    private static boolean builtinExists(PgType source, PgType target) {
        boolean io = (source.isString() || target.isString()) && !(source.isString() && target.isString());
        return !io && Casts.find(source, target, -1, Casts.Context.EXPLICIT) != null;
    }

    static String drop(UtilityCommand.DropCast d, SqlSessionImpl session) {
        CastCatalog catalog = session.functions().castCatalog();
        Entry e = catalog.entry(d.source(), d.target());
        if (e == null) {
            if (d.ifExists()) {
                session.addNotice(new PgException(Severity.NOTICE, SqlState.UNDEFINED_OBJECT, "cast from type "
                        + d.writtenSource() + " to type " + d.writtenTarget() + " does not exist, skipping", null, null,
                        0));
                return "DROP CAST";
            }
            throw PgException.error(SqlState.UNDEFINED_OBJECT, "cast from type " + d.source().sqlName() + " to type "
                    + d.target().sqlName() + " does not exist");
        }
        RELATION.delete(session, e.tid());
        return "DROP CAST";
    }
}
