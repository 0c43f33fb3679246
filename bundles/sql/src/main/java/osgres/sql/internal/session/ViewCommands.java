/*
 * CREATE [OR REPLACE] [TEMP] VIEW and DROP VIEW (PostgreSQL's commands/view.c DefineView and checkViewTupleDesc,
 * tablecmds.c RemoveRelations), and the part of catalog/dependency.c that views need: the views reading a relation
 * being dropped make DROP fail with 2BP01 (DETAIL one "view v depends on table t" line per dependent, depth first),
 * or with CASCADE are dropped first (NOTICE "drop cascades to view v"). The view's query is analysed once here, on
 * the new query pipeline only: that fixes its output columns (names, types, typmods; an unknown-typed literal
 * becomes text, as in PostgreSQL 10 and later) and the relations it reads, stored with the query text as the view's
 * ViewDef; a view over a temporary relation becomes temporary (NOTICE). OR REPLACE keeps the old columns, in
 * order and of the same types; new ones may only be appended (42P16 otherwise). ALTER VIEW ... RENAME TO renames a
 * view no other view reads. Not done: the other ALTER VIEW forms, view options (WITH (security_barrier) ...),
 * column collations.
 */
package osgres.sql.internal.session;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import osgres.api.PgException;
import osgres.api.SqlState;
import osgres.pgquery.tree.PgQuery;
import osgres.sql.internal.analyze.ParseAnalyzer;
import osgres.sql.internal.analyze.ParseState;
import osgres.sql.internal.analyze.ViewUpdatability;
import osgres.sql.internal.catalog.TemporaryTables;
import osgres.sql.internal.exec.PlanExecutor;
import osgres.sql.internal.nodes.Expr;
import osgres.sql.internal.nodes.Query;
import osgres.sql.internal.parser.UtilityCommand;
import osgres.sql.internal.plan.Planner;
import osgres.sql.internal.utils.Messages;
import osgres.sql.internal.utils.PgType;
import osgres.sql.internal.utils.Unsupported;
import osgres.storage.ColumnDef;
import osgres.storage.LockMode;
import osgres.storage.TableDef;
import osgres.storage.Transaction;
import osgres.storage.ViewDef;

final class ViewCommands {

    private ViewCommands() {
    }

    // ---- CREATE [OR REPLACE] VIEW ----

    static String create(UtilityCommand.CreateView c, SqlSessionImpl session) {
        Transaction tx = session.transaction();
        checkQuery(c.select());
        ParseState.Catalog catalog = (name, mode) -> session.transaction().openTable(name, mode).orElse(null);
        ParseState.Statement statement = new ParseState.Statement(c.sql(), c.base(), c.end(), session.gucs().zone(),
                false, new int[0], catalog);
        statement.functions = session.functions();
        statement.domains = session.types();
        Query query;
        try {
            query = ParseAnalyzer.analyzeViewQuery(c.select(), statement);
            Planner.plan(query, table -> session.transaction().estimatedRows(table), PlanExecutor.SUBPLANS);
        } catch (Unsupported e) {
            throw Messages.notSupported("CREATE VIEW with this query", 0);
        }
        List<ColumnDef> columns = columns(query, c.columnNames());
        boolean temporary = c.temporary();
        if (!temporary) {
            for (TableDef t : statement.tables) {
                if (tx.isTemporary(t)) {
                    // isQueryUsingTempRelation: the view could not outlive the session's relations it reads
                    session.addNotice(Messages.viewWillBeTemporary(TemporaryTables.relname(c.name())));
                    temporary = true;
                    break;
                }
            }
        }
        String target = TemporaryTables.creationName(c.name(), temporary, null, 0);
        String relname = TemporaryTables.relname(c.name());
        List<ViewDef.Reference> references = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        for (TableDef t : statement.directTables) {
            if (seen.add(t.oid())) {
                references.add(new ViewDef.Reference(t.oid(), t.columns().size()));
            }
        }
        ViewDef view = new ViewDef(c.query(), references, c.checkOption());
        if (c.checkOption() != null) {
            ViewUpdatability.Verdict verdict = ViewUpdatability.of(query, true);
            if (verdict instanceof ViewUpdatability.NotUpdatable no) {
                throw PgException.error(SqlState.FEATURE_NOT_SUPPORTED,
                        "WITH CHECK OPTION is supported only on automatically updatable views").withHint(no.reason());
            }
        }
        TableDef existing = tx.table(target).orElse(null);
        if (existing == null && tx.index(target).isPresent()) {
            throw Messages.relationExists(relname);
        }
        if (existing != null) {
            if (!c.replace()) {
                throw Messages.relationExists(relname);
            }
            if (!existing.isView()) {
                throw Messages.notAView(existing.name(), null);
            }
            existing = tx.openTable(target, LockMode.ACCESS_EXCLUSIVE).orElse(null);
        }
        if (existing != null && existing.isView()) {
            checkKeepsColumns(existing.columns(), columns);
            tx.replaceView(target, columns, view);
        } else {
            tx.createView(target, columns, view, temporary);
        }
        session.catalogChanged();
        return "CREATE VIEW";
    }

    /** DefineView's checks on the raw query: no SELECT INTO, no data-modifying WITH. */
    private static void checkQuery(PgQuery.SelectStmt select) {
        if (select.hasIntoClause()) {
            throw PgException.error(SqlState.FEATURE_NOT_SUPPORTED, "views must not contain SELECT INTO");
        }
        if (select.hasWithClause()) {
            for (PgQuery.Node cte : select.getWithClause().getCtesList()) {
                if (!cte.getCommonTableExpr().getCtequery().hasSelectStmt()) {
                    throw PgException.error(SqlState.FEATURE_NOT_SUPPORTED,
                            "views must not contain data-modifying statements in WITH");
                }
            }
        }
    }

    /** The view's columns: the query's output, renamed by the column list; unknown-typed columns are text. */
    private static List<ColumnDef> columns(Query query, List<String> names) {
        List<Query.TargetEntry> targets = new ArrayList<>();
        for (Query.TargetEntry t : query.targetList()) {
            if (!t.junk()) {
                targets.add(t);
            }
        }
        if (names.size() > targets.size()) {
            throw PgException.error(SqlState.SYNTAX_ERROR, "CREATE VIEW specifies more column names than columns");
        }
        List<ColumnDef> columns = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < targets.size(); i++) {
            String name = i < names.size() ? names.get(i) : targets.get(i).name();
            if (!seen.add(name)) {
                throw PgException.error("42701", "column \"" + name + "\" specified more than once");
            }
            Expr e = targets.get(i).expr();
            boolean unknown = e.type() == null || e.type() == PgType.UNKNOWN;
            columns.add(new ColumnDef(name, unknown ? PgType.TEXT.oid() : e.type().oid(), unknown ? -1 : e.typmod(),
                    false, null));
        }
        return columns;
    }

    /** checkViewTupleDesc: OR REPLACE may only append columns. */
    static void checkKeepsColumns(List<ColumnDef> old, List<ColumnDef> now) {
        if (now.size() < old.size()) {
            throw PgException.error(SqlState.INVALID_TABLE_DEFINITION, "cannot drop columns from view");
        }
        for (int i = 0; i < old.size(); i++) {
            ColumnDef o = old.get(i);
            ColumnDef n = now.get(i);
            if (!o.name().equals(n.name())) {
                throw PgException.error(SqlState.INVALID_TABLE_DEFINITION, "cannot change name of view column \""
                        + o.name() + "\" to \"" + n.name() + "\"")
                        .withHint("Use ALTER VIEW ... RENAME COLUMN ... to change name of view column instead.");
            }
            if (o.typeOid() != n.typeOid() || o.typeModifier() != n.typeModifier()) {
                throw PgException.error(SqlState.INVALID_TABLE_DEFINITION, "cannot change data type of view column \""
                        + o.name() + "\" from " + formatType(o) + " to " + formatType(n));
            }
        }
    }

    /** format_type_be with the column's typmod: {@code character varying(3)}, {@code numeric(5,2)}. */
    static String formatType(ColumnDef c) {
        PgType type = PgType.byOid(c.typeOid());
        String name = type == null ? Integer.toString(c.typeOid()) : type.sqlName();
        int typmod = c.typeModifier();
        if (typmod < 0 || type == null) {
            return name;
        }
        if (type == PgType.NUMERIC) {
            int t = typmod - 4;
            return name + "(" + ((t >> 16) & 0xFFFF) + "," + (t & 0xFFFF) + ")";
        }
        if (type == PgType.VARCHAR) {
            return name + "(" + (typmod - 4) + ")";
        }
        return name;
    }

    // ---- DROP VIEW ----

    static String drop(UtilityCommand.DropView d, SqlSessionImpl session) {
        Transaction tx = session.transaction();
        List<TableDef> targets = new ArrayList<>();
        List<String> qualified = new ArrayList<>();
        for (String name : d.names()) {
            TableDef found = tx.table(name).orElse(null);
            String relname = TemporaryTables.relname(name);
            if (found == null) {
                if (!d.ifExists()) {
                    throw Messages.viewDoesNotExist(relname);
                }
                session.addNotice(Messages.viewSkipping(relname));
                continue;
            }
            if (!found.isView()) {
                throw Messages.notAView(found.name(), found.isSequence() ? "Use DROP SEQUENCE to remove a sequence."
                        : "Use DROP TABLE to remove a table.");
            }
            OwnerCommands.checkOwner(session, found);
            String q = TemporaryTables.qualified(tx, found);
            TableDef locked = tx.openTable(q, LockMode.ACCESS_EXCLUSIVE)
                    .orElseThrow(() -> Messages.viewDoesNotExist(relname));
            targets.add(locked);
            qualified.add(q);
        }
        dropDependents(session, tx, targets, d.cascade());
        RuleCatalog.dropDependents(session, targets, d.cascade());
        RuleCatalog.dropAll(session, targets);
        for (String q : qualified) {
            tx.dropView(q);
        }
        session.catalogChanged();
        return "DROP VIEW";
    }

    // ---- ALTER VIEW ... RENAME TO ----

    /**
     * RenameRelation for a view. The views that read it name it in their stored text, which PostgreSQL does not
     * keep (it stores oids): renaming a view other views read is refused rather than leaving them broken.
     */
    static String rename(UtilityCommand.RenameView r, SqlSessionImpl session) {
        Transaction tx = session.transaction();
        String relname = TemporaryTables.relname(r.name());
        TableDef view = tx.table(r.name()).orElse(null);
        if (view == null) {
            if (!r.ifExists()) {
                throw Messages.relationDoesNotExist(relname, 0);
            }
            session.addNotice(Messages.relationMissingSkipping(relname));
            return "ALTER VIEW";
        }
        if (!view.isView()) {
            throw Messages.notAView(view.name(), null);
        }
        String qualified = TemporaryTables.qualified(tx, view);
        view = tx.openTable(qualified, LockMode.ACCESS_EXCLUSIVE)
                .orElseThrow(() -> Messages.relationDoesNotExist(relname, 0));
        String target = TemporaryTables.schemaPrefix(tx, view) + r.newName();
        if (tx.table(target).isPresent() || tx.index(target).isPresent()) {
            throw Messages.relationExists(r.newName());
        }
        for (TableDef t : tx.tables()) {
            if (t.isView() && t.view().dependsOn(view.oid())) {
                throw Messages.notSupported("renaming a view that other views depend on", 0);
            }
        }
        tx.renameRelation(qualified, r.newName());
        session.catalogChanged();
        return "ALTER VIEW";
    }

    // ---- dependencies (dependency.c, for views) ----

    /**
     * findDependentObjects + reportDependentObjects for relations {@code targets} (locked AccessExclusive by the
     * caller, so no view reading them can commit meanwhile): the views that read them, directly or through other
     * views. As in PostgreSQL, each object's dependents are visited newest first, depth first, and the list is
     * reported back to front, so each view is named with the relation it was first reached from. Without
     * {@code cascade} any such view is 2BP01; with it, a NOTICE lists them and they are dropped, the deepest first.
     */
    static void dropDependents(SqlSessionImpl session, Transaction tx, List<TableDef> targets, boolean cascade) {
        if (targets.isEmpty()) {
            return;
        }
        List<TableDef> views = new ArrayList<>();
        for (TableDef t : tx.tables()) {
            if (t.isView()) {
                views.add(t);
            }
        }
        if (views.isEmpty()) {
            return;
        }
        views.sort((x, y) -> Integer.compareUnsigned(y.oid(), x.oid()));
        Set<Integer> visited = new HashSet<>();
        targets.forEach(t -> visited.add(t.oid()));
        List<TableDef> deletionOrder = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (TableDef t : targets) {
            collect(t, views, visited, deletionOrder, lines);
        }
        if (deletionOrder.isEmpty()) {
            return;
        }
        List<String> reported = lines.reversed();
        if (!cascade) {
            if (targets.size() > 1) {
                throw PgException.error(SqlState.DEPENDENT_OBJECTS_STILL_EXIST,
                        "cannot drop desired object(s) because other objects depend on them")
                        .withDetail(String.join("\n", reported))
                        .withHint("Use DROP ... CASCADE to drop the dependent objects too.");
            }
            throw Messages.dependentObjects(describe(targets.getFirst()), reported);
        }
        session.addNotice(Messages.dropCascades(deletionOrder.reversed().stream().map(ViewCommands::describe)
                .toList()));
        for (TableDef v : deletionOrder) {
            String q = TemporaryTables.qualified(tx, v);
            if (tx.openTable(q, LockMode.ACCESS_EXCLUSIVE).isPresent()) {
                tx.dropView(q);
            }
        }
    }

    /** Visits the views reading {@code relation} (newest first), adding each after its own dependents. */
    private static void collect(TableDef relation, List<TableDef> views, Set<Integer> visited,
                                List<TableDef> deletionOrder, List<String> lines) {
        for (TableDef v : views) {
            if (v.view().dependsOn(relation.oid()) && visited.add(v.oid())) {
                collect(v, views, visited, deletionOrder, lines);
                deletionOrder.add(v);
                lines.add(describe(v) + " depends on " + describe(relation));
            }
        }
    }

    /** getObjectDescription of a relation: {@code table t}, {@code view v}, {@code sequence s}. */
    static String describe(TableDef relation) {
        String kind = relation.isView() ? "view" : relation.isSequence() ? "sequence" : "table";
        return kind + " " + relation.name();
    }
}
