/*
 * The user-defined operators of a database (pg_operator's user rows) and this session's cache of them, kept as
 * FunctionCatalog keeps functions: an ordinary heap relation of the storage, {@code pg_catalog.pg_operator}, made
 * by the database's first CREATE OPERATOR, WAL-logged and transactional, each row holding the CREATE statement's
 * text; the cache is read again whenever the catalog version moved. CREATE OPERATOR and DROP OPERATOR (operatorcmds.c
 * DefineOperator, RemoveOperatorById) are here too.
 * Not done: ALTER OPERATOR, the commutator's and negator's shell operators (they are kept by name only), dependencies
 * on the operator's function (dropping it leaves the operator failing when used).
 */
package osgres.sql.internal.session;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import osgres.api.PgException;
import osgres.api.SqlState;
import osgres.pgquery.tree.PgQuery;
import osgres.storage.ColumnDef;
import osgres.storage.RowVersion;
import osgres.storage.Tid;
import osgres.storage.TypeOids;
import osgres.sql.internal.analyze.UserOperators;
import osgres.sql.internal.parser.RawParser;
import osgres.sql.internal.parser.UtilityCommand;
import osgres.sql.internal.utils.OperatorDefinition;

public final class OperatorCatalog {
    public static final CatalogRelation RELATION = new CatalogRelation("pg_catalog.pg_operator", List.of(
            new ColumnDef("oid", TypeOids.INT4, -1, true, null),
            new ColumnDef("oprname", TypeOids.TEXT, -1, true, null),
            new ColumnDef("definition", TypeOids.TEXT, -1, true, null)));
    private static final int OID = 0;
    private static final int DEFINITION = 2;

    /** Parsed definitions by their text, shared by all sessions. */
    private static final Map<String, PgQuery.DefineStmt> PARSED = new java.util.concurrent.ConcurrentHashMap<>();

    /** One row as read, and where it is (for DROP). */
    record Entry(OperatorDefinition operator, Tid tid) {
    }

    private final CatalogCache<Map<String, List<Entry>>> byName;

    OperatorCatalog(SqlSessionImpl session) {
        this.byName = new CatalogCache<>(session, RELATION, rows -> read(rows, session));
    }

    /** The operators of this name, oldest first. */
    List<OperatorDefinition> named(String name) {
        return entries(name).stream().map(Entry::operator).toList();
    }

    /** Every operator's row. */
    List<Entry> all() {
        return byName.get().values().stream().flatMap(List::stream).toList();
    }

    /** Removes the operator's row (DROP OPERATOR, or DROP FUNCTION ... CASCADE of its function). */
    void delete(SqlSessionImpl session, Entry e) {
        RELATION.delete(session, e.tid());
    }

    private List<Entry> entries(String name) {
        return byName.get().getOrDefault(name, List.of());
    }

    private Entry find(String name, OperatorDefinition like) {
        for (Entry e : entries(name)) {
            if (e.operator().left() == like.left() && e.operator().right() == like.right()
                    && Objects.equals(e.operator().leftDomain(), like.leftDomain())
                    && Objects.equals(e.operator().rightDomain(), like.rightDomain())) {
                return e;
            }
        }
        return null;
    }

    private static Map<String, List<Entry>> read(List<RowVersion> rows, SqlSessionImpl session) {
        Map<String, List<Entry>> names = new HashMap<>();
        for (RowVersion row : rows) {
            String text = (String) row.values()[DEFINITION];
            Entry e = new Entry(OperatorDefinition.of((Integer) row.values()[OID],
                    PARSED.computeIfAbsent(text, OperatorCatalog::parse), text, session.types().rowTypes()),
                    row.tid());
            names.computeIfAbsent(e.operator().name(), k -> new ArrayList<>()).add(e);
        }
        names.values().forEach(l -> l.sort(java.util.Comparator.comparingInt(e -> e.operator().oid())));
        return names;
    }

    private static PgQuery.DefineStmt parse(String definition) {
        return ((UtilityCommand.CreateOperator) RawParser.parse(definition).getFirst().utility()).statement();
    }

    /** CREATE OPERATOR: the function must take exactly the operand types; 42723 for an operator already there. */
    static String create(UtilityCommand.CreateOperator c, SqlSessionImpl session) {
        OperatorCatalog catalog = session.functions().operatorCatalog();
        OperatorDefinition o = OperatorDefinition.of(0, c.statement(), c.text(), session.types().rowTypes());
        for (String name : o.unrecognized()) {
            session.addNotice(PgException.error(SqlState.SYNTAX_ERROR, "operator attribute \"" + name
                    + "\" not recognized").withSeverity(osgres.api.Severity.WARNING));
        }
        UserOperators.check(o, session.functions());
        if (catalog.find(o.name(), o) != null) {
            throw PgException.error(SqlState.DUPLICATE_FUNCTION, "operator " + o.name() + " already exists");
        }
        o = OperatorDefinition.of(session.transaction().newOid(), c.statement(), c.text(),
                session.types().rowTypes());
        RELATION.insert(session, new Object[] {o.oid(), o.name(), o.definition()});
        return "CREATE OPERATOR";
    }

    /** DROP OPERATOR [IF EXISTS] name (left, right), ...: by the operand types as the catalog keeps them. */
    static String drop(UtilityCommand.DropOperator d, SqlSessionImpl session) {
        OperatorCatalog catalog = session.functions().operatorCatalog();
        for (UtilityCommand.OperatorRef ref : d.operators()) {
            if (ref.right() == null) {
                throw PgException.error(SqlState.INVALID_FUNCTION_DEFINITION, "postfix operators are not supported");
            }
            Entry found = null;
            for (Entry e : catalog.entries(ref.name())) {
                if (e.operator().left() == ref.left() && e.operator().right() == ref.right()) {
                    found = e;
                    break;
                }
            }
            String signature = (ref.left() == null ? "" : ref.left().sqlName() + " ") + ref.name() + " "
                    + ref.right().sqlName();
            if (found == null) {
                if (d.ifExists()) {
                    session.addNotice(PgException.error(SqlState.UNDEFINED_FUNCTION, "operator "
                            + ref.name() + " does not exist, skipping")
                            .withSeverity(osgres.api.Severity.NOTICE));
                    continue;
                }
                throw PgException.error(SqlState.UNDEFINED_FUNCTION, "operator does not exist: " + signature);
            }
            RELATION.delete(session, found.tid());
        }
        return "DROP OPERATOR";
    }
}
