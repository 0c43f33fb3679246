/*
 * Rules (PostgreSQL's pg_rewrite, rewriteDefine.c's DefineRule and RemoveRewriteRule), and this session's cache of
 * them by relation. The rows live in the storage relation pg_catalog.pg_rewrite ({@link CatalogRelation}: WAL-logged,
 * transactional), each keeping its CREATE RULE text, which is parsed again when the session re-reads them (after the
 * catalog version moved). The analyzer fires them (RuleRewriter) through {@link #of}; a statement analysed under one
 * set of rules is analysed again when the set changed ({@link #rulesSnapshot}). Dropping a relation drops its rules.
 * Not done: ON SELECT rules (a view is made by CREATE VIEW), ALTER RULE ... RENAME, the dependencies of a rule's
 * actions on the relations they name (DROP of such a relation leaves the rule to fail when it fires).
 */
package osgres.sql.internal.session;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import osgres.api.PgException;
import osgres.api.SqlState;
import osgres.pgquery.tree.PgQuery;
import osgres.sql.internal.analyze.ParseState;
import osgres.sql.internal.analyze.RuleRewriter;
import osgres.sql.internal.nodes.Query;
import osgres.sql.internal.parser.RawParser;
import osgres.sql.internal.parser.UtilityCommand;
import osgres.sql.internal.plan.InheritanceTree;
import osgres.sql.internal.utils.ExecContext;
import osgres.sql.internal.utils.Messages;
import osgres.storage.ColumnDef;
import osgres.storage.LockMode;
import osgres.storage.RowVersion;
import osgres.storage.TableDef;
import osgres.storage.Tid;
import osgres.storage.Transaction;
import osgres.storage.TypeOids;

public final class RuleCatalog implements RuleRewriter.Lookup {
    public static final CatalogRelation RELATION = new CatalogRelation("pg_catalog.pg_rewrite", List.of(
            new ColumnDef("oid", TypeOids.INT4, -1, true, null),
            new ColumnDef("ev_class", TypeOids.INT4, -1, true, null),
            new ColumnDef("rulename", TypeOids.TEXT, -1, true, null),
            new ColumnDef("definition", TypeOids.TEXT, -1, true, null)));

    /** A stored rule and where its row is. */
    private record Stored(RuleRewriter.Rule rule, Tid tid) {
    }

    private final SqlSessionImpl session;
    private long loadedVersion = -1;
    private Transaction loadedIn;
    private Map<Integer, List<Stored>> byRelation = Map.of();
    /** The (oid, text) of every rule as last read: equal snapshots mean the same rules. */
    private Map<Integer, String> snapshot = Map.of();

    RuleCatalog(SqlSessionImpl session) {
        this.session = session;
    }

    @Override
    public List<RuleRewriter.Rule> of(int relationOid) {
        refresh();
        List<RuleRewriter.Rule> out = new ArrayList<>();
        for (Stored s : byRelation.getOrDefault(relationOid, List.of())) {
            out.add(s.rule());
        }
        return out;
    }

    /** The rules as they are now, to compare with those a statement was analysed under. */
    Map<Integer, String> rulesSnapshot() {
        refresh();
        return snapshot;
    }

    private Stored find(int relationOid, String name) {
        refresh();
        for (Stored s : byRelation.getOrDefault(relationOid, List.of())) {
            if (s.rule().name().equals(name)) {
                return s;
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
        Map<Integer, List<Stored>> relations = new HashMap<>();
        Map<Integer, String> texts = new HashMap<>();
        for (RowVersion row : RELATION.rows(tx)) {
            Object[] v = row.values();
            RuleRewriter.Rule rule = decode((Integer) v[0], (Integer) v[1], (String) v[3]);
            relations.computeIfAbsent(rule.relation(), k -> new ArrayList<>()).add(new Stored(rule, row.tid()));
            texts.put(rule.oid(), rule.text());
        }
        relations.values().forEach(l -> l.sort(java.util.Comparator.comparing(s -> s.rule().name())));
        byRelation = relations;
        snapshot = Map.copyOf(texts);
        loadedVersion = Math.min(version, session.snapshotCatalogVersion());
        loadedIn = tx;
    }

    /** A rule as its CREATE RULE text defines it. */
    static RuleRewriter.Rule decode(int oid, int relation, String definition) {
        PgQuery.RuleStmt r = ((UtilityCommand.CreateRule) RawParser.parse(definition).getFirst().utility())
                .statement();
        Query.Command event = switch (r.getEvent()) {
            case CMD_INSERT -> Query.Command.INSERT;
            case CMD_UPDATE -> Query.Command.UPDATE;
            case CMD_DELETE -> Query.Command.DELETE;
            default -> null;
        };
        return new RuleRewriter.Rule(oid, relation, r.getRulename(), event, r.getInstead(),
                r.hasWhereClause() ? r.getWhereClause() : null, List.copyOf(r.getActionsList()), definition);
    }

    /** CREATE [OR REPLACE] RULE: DefineRule's checks (the actions analysed with OLD and NEW), then the row. */
    public static String create(UtilityCommand.CreateRule command, SqlSessionImpl session) {
        PgQuery.RuleStmt r = command.statement();
        Transaction tx = session.transaction();
        PgQuery.RangeVar rv = r.getRelation();
        String name = rv.getSchemaname().isEmpty() ? rv.getRelname() : rv.getSchemaname() + "." + rv.getRelname();
        TableDef relation = tx.openTable(name, LockMode.ACCESS_EXCLUSIVE)
                .orElseThrow(() -> Messages.relationDoesNotExist(name, 0));
        if (relation.isSequence()) {
            throw PgException.error(SqlState.WRONG_OBJECT_TYPE, "relation \"" + relation.name()
                    + "\" cannot have rules").withDetail("This operation is not supported for sequences.");
        }
        if (r.getEvent() == PgQuery.CmdType.CMD_SELECT) {
            throw Messages.notSupported("ON SELECT rules", 0);
        }
        RuleRewriter.Rule rule = decode(0, relation.oid(), command.text());
        RuleRewriter.check(statement(session, command.text()), rule, relation);
        RuleCatalog catalog = session.rules();
        Stored old = catalog.find(relation.oid(), r.getRulename());
        if (old != null && !r.getReplace()) {
            throw PgException.error(SqlState.DUPLICATE_OBJECT, "rule \"" + r.getRulename() + "\" for relation \""
                    + relation.name() + "\" already exists");
        }
        if (old != null) {
            RELATION.update(session, old.tid(), new Object[] {old.rule().oid(), relation.oid(), r.getRulename(),
                command.text()});
        } else {
            RELATION.insert(session, new Object[] {tx.newOid(), relation.oid(), r.getRulename(), command.text()});
        }
        return "CREATE RULE";
    }

    /** The statement a rule's actions are checked in: the session's catalog, functions and rules. */
    private static ParseState.Statement statement(SqlSessionImpl session, String text) {
        ParseState.Statement st = new ParseState.Statement(text, 0, text.length(), session.gucs().zone(), false,
                new int[0], new ParseState.Catalog() {
                    @Override
                    public TableDef table(String name, LockMode mode) {
                        return session.transaction().openTable(name, mode).orElse(null);
                    }

                    @Override
                    public List<TableDef> members(TableDef table, LockMode mode) {
                        return InheritanceTree.members(session.transaction(), table, mode,
                                new ExecContext(null, session));
                    }
                });
        st.functions = session.functions();
        st.domains = session.types();
        st.rules = session.rules();
        return st;
    }

    /** DROP RULE [IF EXISTS] name ON relation. */
    public static String drop(UtilityCommand.DropRule d, SqlSessionImpl session) {
        Transaction tx = session.transaction();
        TableDef relation = tx.openTable(d.table(), LockMode.ACCESS_EXCLUSIVE).orElse(null);
        if (relation == null) {
            if (d.ifExists()) {
                session.addNotice(PgException.error(SqlState.UNDEFINED_TABLE, "relation \"" + d.table()
                        + "\" does not exist, skipping").withSeverity(osgres.api.Severity.NOTICE));
                return "DROP RULE";
            }
            throw Messages.relationDoesNotExist(d.table(), 0);
        }
        Stored s = session.rules().find(relation.oid(), d.name());
        if (s == null) {
            if (d.ifExists()) {
                session.addNotice(PgException.error(SqlState.UNDEFINED_OBJECT, "rule \"" + d.name()
                        + "\" for relation \"" + relation.name() + "\" does not exist, skipping")
                        .withSeverity(osgres.api.Severity.NOTICE));
                return "DROP RULE";
            }
            throw PgException.error(SqlState.UNDEFINED_OBJECT, "rule \"" + d.name() + "\" for relation \""
                    + relation.name() + "\" does not exist");
        }
        RELATION.delete(session, s.tid());
        return "DROP RULE";
    }

    /** A relation being dropped takes its rules with it. */
    static void dropAll(SqlSessionImpl session, List<TableDef> relations) {
        RuleCatalog catalog = session.rules();
        for (TableDef t : relations) {
            catalog.refresh();
            for (Stored s : catalog.byRelation.getOrDefault(t.oid(), List.of())) {
                RELATION.delete(session, s.tid());
            }
        }
    }
}
