/*
 * Rules (PostgreSQL's pg_rewrite, rewriteDefine.c's DefineRule and RemoveRewriteRule), and this session's cache of
 * them by relation. The rows live in the storage relation pg_catalog.pg_rewrite ({@link CatalogRelation}: WAL-logged,
 * transactional), each keeping its CREATE RULE text, which is parsed again when the session re-reads them (after the
 * catalog version moved). The analyzer fires them (RuleRewriter) through {@link #of}; a statement analysed under one
 * set of rules is analysed again when the set changed ({@link #rulesSnapshot}). Dropping a relation drops its rules.
 * An ON SELECT rule turns an empty table into a view (a view's own rule is made by CREATE VIEW and kept there).
 * The relations a rule's text names are its dependencies: dropping one fails (2BP01) or, with CASCADE, drops the rule.
 * Not done: CREATE OR REPLACE RULE ... ON SELECT of a view, ALTER RULE ... RENAME, dependencies on columns and
 * functions.
 */
package osgres.sql.internal.session;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import osgres.api.PgException;
import osgres.api.SqlState;
import osgres.pgquery.tree.PgQuery;
import osgres.sql.internal.analyze.ParseAnalyzer;
import osgres.sql.internal.analyze.ParseState;
import osgres.sql.internal.analyze.RuleRewriter;
import osgres.sql.internal.catalog.TemporaryTables;
import osgres.sql.internal.nodes.ExprDeparser;
import osgres.sql.internal.nodes.Query;
import osgres.sql.internal.parser.QueryLexer;
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
            new ColumnDef("definition", TypeOids.TEXT, -1, true, null),
            new ColumnDef("depends", TypeOids.TEXT, -1, true, null)));

    /** A stored rule, the other relations its text names (their oids), and where its row is. */
    private record Stored(RuleRewriter.Rule rule, List<Integer> depends, Tid tid) {
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
            List<Integer> depends = new ArrayList<>();
            for (String oid : ((String) v[4]).split(",")) {
                if (!oid.isEmpty()) {
                    depends.add(Integer.parseInt(oid));
                }
            }
            relations.computeIfAbsent(rule.relation(), k -> new ArrayList<>())
                    .add(new Stored(rule, List.copyOf(depends), row.tid()));
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
            return onSelect(command, session, relation);
        }
        RuleRewriter.Rule rule = decode(0, relation.oid(), command.text());
        StringBuilder depends = new StringBuilder();
        for (TableDef t : RuleRewriter.check(statement(session, command.text()), rule, relation)) {
            depends.append(depends.isEmpty() ? "" : ",").append(t.oid());
        }
        RuleCatalog catalog = session.rules();
        Stored old = catalog.find(relation.oid(), r.getRulename());
        if (old != null && !r.getReplace()) {
            throw PgException.error(SqlState.DUPLICATE_OBJECT, "rule \"" + r.getRulename() + "\" for relation \""
                    + relation.name() + "\" already exists");
        }
        if (old != null) {
            RELATION.update(session, old.tid(), new Object[] {old.rule().oid(), relation.oid(), r.getRulename(),
                command.text(), depends.toString()});
        } else {
            RELATION.insert(session, new Object[] {tx.newOid(), relation.oid(), r.getRulename(), command.text(),
                depends.toString()});
        }
        return "CREATE RULE";
    }

    /**
     * An ON SELECT rule (DefineQueryRewrite): its one action must be INSTEAD SELECT giving the relation's columns. A
     * view has its rule already (CREATE VIEW made it); an empty plain table becomes a view of that query, as pg_dump
     * of PostgreSQL 15 and older relies on to break cycles of views.
     */
    private static String onSelect(UtilityCommand.CreateRule command, SqlSessionImpl session, TableDef relation) {
        PgQuery.RuleStmt r = command.statement();
        // NOTHING is one action too (transformRuleStmt makes it a CMD_NOTHING query)
        if (r.getActionsCount() > 1) {
            throw PgException.error(SqlState.FEATURE_NOT_SUPPORTED,
                    "multiple actions for rules on SELECT are not implemented");
        }
        if (!r.getInstead() || r.getActionsCount() == 0 || !r.getActions(0).hasSelectStmt()) {
            throw PgException.error(SqlState.FEATURE_NOT_SUPPORTED, "rules on SELECT must have action INSTEAD SELECT");
        }
        if (r.hasWhereClause()) {
            throw PgException.error(SqlState.FEATURE_NOT_SUPPORTED,
                    "event qualifications are not implemented for rules on SELECT");
        }
        String select = actionText(command.text());
        PgQuery.Node node = RawParser.parse(select).getFirst().pgNode();
        Query query = ParseAnalyzer.analyzeSelect(node, statement(session, select)).query();
        checkSelectList(query, relation);
        if (relation.isView()) {
            if (!r.getReplace()) {
                throw PgException.error("55000", "\"" + relation.name() + "\" is already a view");
            }
            throw Messages.notSupported("CREATE OR REPLACE RULE ... ON SELECT", 0);
        }
        if (!r.getRulename().equals("_RETURN") && !r.getRulename().equals("_RET" + relation.name())) {
            throw PgException.error(SqlState.INVALID_OBJECT_DEFINITION, "view rule for \"" + relation.name()
                    + "\" must be named \"_RETURN\"");
        }
        String name = relation.name();
        if (relation.isPartitioned()) {
            throw PgException.error(SqlState.WRONG_OBJECT_TYPE, "cannot convert partitioned table \"" + name
                    + "\" to a view");
        }
        if (relation.inheritance().partitionBound() != null) {
            throw PgException.error(SqlState.WRONG_OBJECT_TYPE, "cannot convert partition \"" + name + "\" to a view");
        }
        Transaction tx = session.transaction();
        try (osgres.storage.RowScan scan = tx.scan(relation)) {
            if (scan.hasNext()) {
                throw cannotConvert(name, "it is not empty");
            }
        }
        if (!session.triggers().of(relation.oid()).isEmpty()) {
            throw cannotConvert(name, "it has triggers");
        }
        if (!relation.indexes().isEmpty()) {
            throw cannotConvert(name, "it has indexes");
        }
        if (relation.inheritance().hasSubclass()) {
            throw cannotConvert(name, "it has child tables");
        }
        if (!relation.inheritance().parents().isEmpty()) {
            throw cannotConvert(name, "it has parent tables");
        }
        String qualified = TemporaryTables.qualified(tx, relation);
        boolean temporary = qualified.startsWith("pg_temp");
        dropAll(session, List.of(relation));
        tx.dropTable(qualified);
        session.catalogChanged();
        String create = "CREATE " + (temporary ? "TEMPORARY " : "") + "VIEW " + quoted(name) + " AS " + select;
        ViewCommands.create((UtilityCommand.CreateView) RawParser.parse(create).getFirst().utility(), session);
        return "CREATE RULE";
    }

    private static PgException cannotConvert(String table, String why) {
        return PgException.error("55000", "could not convert table \"" + table + "\" to a view because " + why);
    }

    private static String quoted(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** The text of a rule's action: what follows DO [INSTEAD | ALSO], without enclosing parentheses. */
    private static String actionText(String ruleText) {
        List<QueryLexer.Token> tokens = QueryLexer.tokenize(ruleText);
        int i = 0;
        while (i < tokens.size() && !(tokens.get(i).kind() == QueryLexer.Kind.IDENT
                && tokens.get(i).text().equals("do"))) {
            i++;
        }
        i++;
        if (i < tokens.size() && tokens.get(i).kind() == QueryLexer.Kind.IDENT
                && (tokens.get(i).text().equals("instead") || tokens.get(i).text().equals("also"))) {
            i++;
        }
        int start = tokens.get(i).start();
        int end = tokens.getLast().end();
        if (tokens.get(i).text().equals("(") && tokens.getLast().text().equals(")")) {
            start = tokens.get(i + 1).start();
            end = tokens.get(tokens.size() - 2).end();
        }
        return ruleText.substring(start, end);
    }

    /** checkRuleResultList for a SELECT rule: the relation's columns, by name and type, in order. */
    private static void checkSelectList(Query query, TableDef relation) {
        List<ColumnDef> columns = relation.columns();
        int i = 0;
        for (Query.TargetEntry t : query.targetList()) {
            if (t.junk()) {
                continue;
            }
            if (i >= columns.size()) {
                throw PgException.error(SqlState.INVALID_OBJECT_DEFINITION,
                        "SELECT rule's target list has too many entries");
            }
            ColumnDef c = columns.get(i++);
            if (!t.name().equals(c.name())) {
                throw PgException.error(SqlState.INVALID_OBJECT_DEFINITION, "SELECT rule's target entry " + i
                        + " has different column name from column \"" + c.name() + "\"")
                        .withDetail("SELECT target entry is named \"" + t.name() + "\".");
            }
            if (t.expr().type().oid() != c.typeOid()) {
                throw PgException.error(SqlState.INVALID_OBJECT_DEFINITION, "SELECT rule's target entry " + i
                        + " has different type from column \"" + c.name() + "\"").withDetail("SELECT target entry "
                        + "has type " + ExprDeparser.typeName(t.expr().type(), t.expr().typmod())
                        + ", but column has type " + ViewCommands.formatType(c) + ".");
            }
        }
        if (i != columns.size()) {
            throw PgException.error(SqlState.INVALID_OBJECT_DEFINITION, "SELECT rule's target list has too few entries");
        }
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

    /**
     * The rules of other relations that name a relation being dropped (findDependentObjects): without CASCADE the
     * DROP fails listing them (2BP01), with CASCADE they go too.
     */
    static void dropDependents(SqlSessionImpl session, List<TableDef> dropped, boolean cascade) {
        RuleCatalog catalog = session.rules();
        catalog.refresh();
        java.util.Set<Integer> oids = new java.util.HashSet<>();
        dropped.forEach(t -> oids.add(t.oid()));
        List<Stored> all = new ArrayList<>();
        catalog.byRelation.values().forEach(all::addAll);
        all.sort(java.util.Comparator.comparing(s -> s.rule().name()));
        List<Stored> dependents = new ArrayList<>();
        List<Stored> gone = new ArrayList<>();
        List<String> found = new ArrayList<>();
        for (TableDef named : dropped) {
            for (Stored s : all) {
                if (oids.contains(s.rule().relation()) || dependents.contains(s) || gone.contains(s)
                        || !s.depends().contains(named.oid())) {
                    continue;
                }
                TableDef on = relationByOid(session, s.rule().relation());
                if (on == null) {
                    gone.add(s); // its view went first, dropped by this CASCADE: the rule goes with it
                    continue;
                }
                dependents.add(s);
                found.add("rule " + s.rule().name() + " on " + ViewCommands.describe(on) + " depends on "
                        + ViewCommands.describe(named));
            }
        }
        for (Stored s : gone) {
            RELATION.delete(session, s.tid());
        }
        if (dependents.isEmpty()) {
            return;
        }
        List<String> lines = found.reversed(); // reportDependentObjects lists them in deletion order
        if (!cascade) {
            if (dropped.size() > 1) {
                throw PgException.error(SqlState.DEPENDENT_OBJECTS_STILL_EXIST,
                        "cannot drop desired object(s) because other objects depend on them")
                        .withDetail(String.join("\n", lines))
                        .withHint("Use DROP ... CASCADE to drop the dependent objects too.");
            }
            throw Messages.dependentObjects(ViewCommands.describe(dropped.getFirst()), lines);
        }
        List<String> objects = new ArrayList<>();
        for (String line : lines) {
            objects.add(line.substring(0, line.indexOf(" depends on ")));
        }
        session.addNotice(Messages.dropCascades(objects));
        for (Stored s : dependents) {
            RELATION.delete(session, s.tid());
        }
    }

    private static TableDef relationByOid(SqlSessionImpl session, int oid) {
        for (TableDef t : session.transaction().tables()) {
            if (t.oid() == oid) {
                return t;
            }
        }
        return null;
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
