/*
 * Triggers (PostgreSQL's pg_trigger and trigger.c's CreateTrigger checks), and this session's cache of them by
 * table. The rows live in the storage relation pg_catalog.pg_trigger ({@link CatalogRelation}: WAL-logged,
 * transactional), each keeping its CREATE TRIGGER text and whether it is enabled; the session re-reads them when
 * the catalog version moved. Triggers of a table fire in name order (as PostgreSQL sorts them).
 * Not done: WHEN conditions, transition tables (REFERENCING), INSTEAD OF and TRUNCATE triggers, constraint
 * triggers; dropping a table leaves its trigger rows behind (never matching another table: oids are unique).
 */
package osgres.sql.internal.session;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import osgres.api.PgException;
import osgres.api.SqlState;
import osgres.pgquery.tree.PgQuery;
import osgres.storage.ColumnDef;
import osgres.storage.RowVersion;
import osgres.storage.TableDef;
import osgres.storage.Tid;
import osgres.storage.Transaction;
import osgres.storage.TypeOids;
import osgres.sql.internal.catalog.Privileges;
import osgres.sql.internal.parser.RawParser;
import osgres.sql.internal.parser.UtilityCommand;
import osgres.sql.internal.utils.Messages;
import osgres.sql.internal.utils.PgType;
import osgres.sql.internal.utils.SqlFunction;

public final class TriggerCatalog {
    public static final CatalogRelation RELATION = new CatalogRelation("pg_catalog.pg_trigger", List.of(
            new ColumnDef("oid", TypeOids.INT4, -1, true, null),
            new ColumnDef("tgrelid", TypeOids.INT4, -1, true, null),
            new ColumnDef("tgname", TypeOids.TEXT, -1, true, null),
            new ColumnDef("tgenabled", TypeOids.BOOL, -1, true, null),
            new ColumnDef("definition", TypeOids.TEXT, -1, true, null)));

    /** pg_trigger.tgtype's bits, as CreateTrigStmt carries them. */
    static final int ROW = 1;
    static final int BEFORE = 2;
    static final int INSERT = 4;
    static final int DELETE = 8;
    static final int UPDATE = 16;
    static final int TRUNCATE = 32;
    static final int INSTEAD = 64;

    /** One trigger: its table, name, function and arguments, when and on what it fires. */
    public record Trigger(int oid, int table, String name, String function, List<String> args, boolean row,
                   boolean before, int events, List<String> columns, boolean enabled, String definition, Tid tid) {
        public boolean firesOn(int event) {
            return (events & event) != 0;
        }
    }

    private final SqlSessionImpl session;
    private long loadedVersion = -1;
    private Transaction loadedIn;
    private Map<Integer, List<Trigger>> byTable = Map.of();

    TriggerCatalog(SqlSessionImpl session) {
        this.session = session;
    }

    /** The table's triggers in firing (name) order, enabled or not. */
    public List<Trigger> of(int tableOid) {
        refresh();
        return byTable.getOrDefault(tableOid, List.of());
    }

    /** Every table's triggers, by table, each table's in name order. */
    Map<Integer, List<Trigger>> all() {
        refresh();
        return byTable;
    }

    /** True when some table has a trigger (the DML path looks no further otherwise). */
    public boolean any() {
        refresh();
        return !byTable.isEmpty();
    }

    public Trigger find(int tableOid, String name) {
        for (Trigger t : of(tableOid)) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }

    private void refresh() {
        long version = session.catalogVersion();
        Transaction tx = session.transaction();
        if (version == loadedVersion && tx == loadedIn) {
            return;
        }
        Map<Integer, List<Trigger>> tables = new HashMap<>();
        for (RowVersion row : RELATION.rows(tx)) {
            Object[] v = row.values();
            Trigger t = decode((Integer) v[0], (Integer) v[1], (Boolean) v[3], (String) v[4], row.tid());
            tables.computeIfAbsent(t.table(), k -> new ArrayList<>()).add(t);
        }
        tables.values().forEach(l -> l.sort(java.util.Comparator.comparing(Trigger::name)));
        byTable = tables;
        loadedVersion = Math.min(version, session.snapshotCatalogVersion());
        loadedIn = tx;
    }

    /** A trigger as its CREATE TRIGGER text defines it (the checks ran when it was made). */
    public static Trigger decode(int oid, int table, boolean enabled, String definition, Tid tid) {
        PgQuery.CreateTrigStmt c = ((UtilityCommand.CreateTrigger) RawParser.parse(definition).getFirst().utility())
                .statement();
        List<String> args = new ArrayList<>();
        for (PgQuery.Node n : c.getArgsList()) {
            args.add(n.getString().getSval());
        }
        List<String> columns = new ArrayList<>();
        for (PgQuery.Node n : c.getColumnsList()) {
            columns.add(n.getString().getSval());
        }
        return new Trigger(oid, table, c.getTrigname(), c.getFuncnameList().getLast().getString().getSval(),
                List.copyOf(args), c.getRow(), (c.getTiming() & BEFORE) != 0, c.getEvents(), List.copyOf(columns),
                enabled, definition, tid);
    }

    /** CREATE [OR REPLACE] TRIGGER: CreateTrigger's checks, then the row. */
    public static String create(UtilityCommand.CreateTrigger command, SqlSessionImpl session) {
        PgQuery.CreateTrigStmt c = command.statement();
        Transaction tx = session.transaction();
        String tableName = c.getRelation().getRelname();
        TableDef table = tx.openTable(tableName, osgres.storage.LockMode.SHARE_ROW_EXCLUSIVE)
                .orElseThrow(() -> Messages.relationDoesNotExist(tableName, 0));
        if ((c.getTiming() & INSTEAD) != 0) {
            throw Messages.notSupported("INSTEAD OF triggers", 0);
        }
        if ((c.getEvents() & TRUNCATE) != 0) {
            throw Messages.notSupported("TRUNCATE triggers", 0);
        }
        if (c.hasWhenClause()) {
            throw Messages.notSupported("trigger WHEN conditions", 0);
        }
        if (c.getTransitionRelsCount() > 0) {
            throw Messages.notSupported("transition tables", 0);
        }
        if (c.getIsconstraint()) {
            throw Messages.notSupported("constraint triggers", 0);
        }
        if (table.isView()) {
            throw PgException.error(SqlState.WRONG_OBJECT_TYPE, "\"" + tableName + "\" is a view")
                    .withDetail("Views cannot have row-level BEFORE or AFTER triggers.");
        }
        // CreateTrigger's permission check: TRIGGER on the table
        if (!session.gucs().currentUserIsSuperuser() && Privileges.relationMask(session, table,
                Privileges.currentUserOid(session), Privileges.TRIGGER) == 0) {
            throw Messages.permissionDenied("table", table.name());
        }
        String function = c.getFuncnameList().getLast().getString().getSval();
        SqlFunction f = session.functions().find(function, List.of()) == null ? null
                : session.functions().find(function, List.of()).function();
        if (f == null) {
            throw Messages.routineDoesNotExist(false, function + "()");
        }
        if (!session.gucs().currentUserIsSuperuser() && Privileges.functionMask(session, f,
                Privileges.currentUserOid(session), Privileges.EXECUTE) == 0) {
            throw Messages.permissionDenied("function", function); // NameListToString of the name as written
        }
        if (f.returnType() != PgType.TRIGGER) {
            throw PgException.error("42P17", "function " + function + " must return type trigger");
        }
        TriggerCatalog catalog = session.triggers();
        Trigger old = catalog.find(table.oid(), c.getTrigname());
        if (old != null && !c.getReplace()) {
            throw PgException.error("42710", "trigger \"" + c.getTrigname() + "\" for relation \"" + tableName
                    + "\" already exists");
        }
        if (old != null) {
            RELATION.update(session, old.tid(), new Object[] {old.oid(), table.oid(), c.getTrigname(), true,
                command.text()});
        } else {
            RELATION.insert(session, new Object[] {tx.newOid(), table.oid(), c.getTrigname(), true,
                command.text()});
        }
        return "CREATE TRIGGER";
    }

    /** DROP TRIGGER [IF EXISTS] name ON table. */
    public static String drop(UtilityCommand.DropTrigger d, SqlSessionImpl session) {
        Transaction tx = session.transaction();
        TableDef table = tx.table(d.table()).orElse(null);
        if (table == null) {
            if (d.ifExists()) {
                session.addNotice(PgException.error(SqlState.UNDEFINED_TABLE, "relation \"" + d.table()
                        + "\" does not exist, skipping").withSeverity(osgres.api.Severity.NOTICE));
                return "DROP TRIGGER";
            }
            throw Messages.relationDoesNotExist(d.table(), 0);
        }
        Trigger t = session.triggers().find(table.oid(), d.name());
        if (t == null) {
            if (d.ifExists()) {
                session.addNotice(PgException.error(SqlState.UNDEFINED_OBJECT, "trigger \"" + d.name()
                        + "\" for relation \"" + d.table() + "\" does not exist, skipping")
                        .withSeverity(osgres.api.Severity.NOTICE));
                return "DROP TRIGGER";
            }
            throw PgException.error(SqlState.UNDEFINED_OBJECT, "trigger \"" + d.name() + "\" for table \""
                    + d.table() + "\" does not exist");
        }
        RELATION.delete(session, t.tid());
        return "DROP TRIGGER";
    }

    /** ALTER TABLE t ENABLE | DISABLE TRIGGER name | ALL | USER. */
    public static String enable(UtilityCommand.EnableTrigger e, SqlSessionImpl session) {
        TableDef table = session.transaction().table(e.table())
                .orElseThrow(() -> Messages.relationDoesNotExist(e.table(), 0));
        TriggerCatalog catalog = session.triggers();
        List<Trigger> targets = new ArrayList<>();
        if (e.name() == null) {
            targets.addAll(catalog.of(table.oid()));
        } else {
            Trigger t = catalog.find(table.oid(), e.name());
            if (t == null) {
                throw PgException.error(SqlState.UNDEFINED_OBJECT, "trigger \"" + e.name() + "\" for table \""
                        + e.table() + "\" does not exist");
            }
            targets.add(t);
        }
        for (Trigger t : targets) {
            RELATION.update(session, t.tid(), new Object[] {t.oid(), t.table(), t.name(), e.enable(),
                t.definition()});
        }
        return "ALTER TABLE";
    }
}
