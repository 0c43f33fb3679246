/*
 * ALTER TABLE with its actions (PostgreSQL's tablecmds.c AlterTable / ATExecCmd): the table is opened
 * AccessExclusive once (waiting, interruptibly, for every transaction that used it), then each action runs in order
 * with a command-counter increment between them, so an action sees what the previous one did. Actions that change
 * only the definition (RENAME COLUMN / CONSTRAINT, SET / DROP NOT NULL, ADD / DROP / VALIDATE CHECK, SET STATISTICS)
 * write a new catalog row; DROP COLUMN and ALTER COLUMN TYPE rewrite the table (ATRewriteTable: new heap and
 * indexes, filled with the converted rows). Indexes and CHECK constraints that read a dropped column go with it, as
 * their automatic dependencies do in PostgreSQL; owned sequences follow their column. ADD COLUMN, ADD PRIMARY KEY /
 * UNIQUE, SET / DROP DEFAULT and SET (storage parameters) are {@link DdlExecutor}'s.
 * Views store their query's text, so a view counts as reading a column when its text names it or has a {@code *}
 * (PostgreSQL records the exact columns in pg_depend): DROP COLUMN of such a column is 2BP01 (CASCADE drops the
 * views), ALTER COLUMN TYPE is 0A000 as in PostgreSQL, and renaming a table or a column a view reads is refused
 * (0A000) rather than leaving the view's text stale.
 * Column actions (ADD / DROP / RENAME COLUMN, ALTER TYPE, SET / DROP NOT NULL, SET / DROP DEFAULT) reach the
 * table's inheritance children and partitions unless ONLY is written ({@link #runOnTree}).
 * Not done: CHECK constraints do not recurse, ADD / DROP IDENTITY.
 */
package osgres.sql.internal.session;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import osgres.sql.internal.analyze.ModifyAnalyzer;
import osgres.sql.internal.catalog.ConstraintCatalogs;
import osgres.sql.internal.catalog.TemporaryTables;
import osgres.sql.internal.exec.CheckConstraints;
import osgres.sql.internal.exec.ForeignKeys;
import osgres.sql.internal.exec.LoopInterrupts;
import osgres.sql.internal.nodes.Expr;
import osgres.sql.internal.nodes.ExprTrees;
import osgres.sql.internal.parser.QueryLexer;
import osgres.sql.internal.parser.UtilityCommand;
import osgres.sql.internal.plan.InheritanceTree;
import osgres.sql.internal.utils.ExecContext;
import osgres.sql.internal.utils.Messages;
import osgres.api.PgException;
import osgres.api.SqlState;
import osgres.storage.CheckConstraint;
import osgres.storage.ColumnDef;
import osgres.storage.ForeignKey;
import osgres.storage.IndexDef;
import osgres.storage.LockMode;
import osgres.storage.RowScan;
import osgres.storage.SequenceDef;
import osgres.storage.TableDef;
import osgres.storage.Transaction;

final class AlterTableCommands {

    private AlterTableCommands() {
    }

    /** Runs ALTER TABLE's actions in order; its tag. */
    static String run(UtilityCommand.AlterTable a, SqlSessionImpl session) {
        Transaction tx = session.transaction();
        if (tx.table(a.table()).isEmpty()) {
            if (a.ifExists()) {
                session.addNotice(Messages.relationDoesNotExistSkipping(TemporaryTables.relname(a.table())));
                return "ALTER TABLE";
            }
            throw Messages.relationDoesNotExist(TemporaryTables.relname(a.table()), 0);
        }
        // RangeVarCallbackForAlterRelation: only the owner alters a relation (before its lock is taken)
        OwnerCommands.checkOwner(session, tx.table(a.table()).get());
        tx.openTable(a.table(), LockMode.ACCESS_EXCLUSIVE);
        for (int i = 0; i < a.actions().size(); i++) {
            if (i > 0) {
                tx.startStatement(); // CommandCounterIncrement: the next action sees this one's rows and catalog
            }
            runOnTree(a.actions().get(i), session, a.only(), false);
        }
        session.catalogChanged();
        return "ALTER TABLE";
    }

    /**
     * The column actions that reach an inheritance tree (ATSimpleRecursion and the recursion of ATExecAddColumn,
     * ATExecDropColumn, renameatt, ATPrepAlterColumnType): the table's own, then each child's, one level at a
     * time. A child's columns are matched to its parent's by name (InheritanceTree), so what must stay true is
     * that every child has each of its parents' columns, with the same name and type: an inherited column is not
     * added, dropped, renamed or retyped in a child alone, nor in the parent ONLY. osgres keeps no attinhcount or
     * attislocal: a child's column counts as inherited while some parent has a column of that name.
     */
    private static void runOnTree(UtilityCommand action, SqlSessionImpl session, boolean only, boolean recursing) {
        Transaction tx = session.transaction();
        String tableName = columnActionTable(action);
        TableDef table = tableName == null ? null : tx.table(tableName).orElse(null);
        if (table == null || table.isView() || table.isSequence()) {
            runAction(action, session, only);
            return;
        }
        List<TableDef> children = InheritanceTree.children(tx, table);
        String column = columnOf(action);
        boolean inherited = column != null && table.columnIndex(column) >= 0 && parentsHaving(tx, table, column);
        switch (action) {
            case UtilityCommand.AddColumn a -> {
                if (!recursing && table.inheritance().isPartition()) {
                    throw Messages.cannotAddColumnToPartition();
                }
                int existing = table.columnIndex(a.column().name());
                if (recursing && existing >= 0) {
                    ColumnDef c = table.columns().get(existing);
                    if (c.typeOid() != a.column().type().oid() || c.typeModifier() != a.column().typmod()) {
                        throw Messages.childHasDifferentType(table.name(), c.name());
                    }
                    session.addNotice(Messages.mergingChildColumn(c.name(), table.name()));
                    return;
                }
                if (only && !children.isEmpty() && existing < 0) {
                    throw Messages.mustRecurse("column must be added to child tables too");
                }
            }
            case UtilityCommand.DropColumn d -> {
                if (!recursing && inherited) {
                    throw Messages.inheritedColumn("drop", d.column());
                }
                if (only && table.isPartitioned() && !children.isEmpty() && table.columnIndex(d.column()) >= 0) {
                    throw Messages.mustRecurse("cannot drop column from only the partitioned table when partitions "
                            + "exist").withHint("Do not specify the ONLY keyword.");
                }
            }
            case UtilityCommand.RenameColumn r -> {
                if (!recursing && inherited) {
                    throw Messages.inheritedColumn("rename", r.column());
                }
                if (only && !children.isEmpty() && table.columnIndex(r.column()) >= 0) {
                    throw Messages.mustRecurse("inherited column \"" + r.column()
                            + "\" must be renamed in child tables too");
                }
            }
            case UtilityCommand.AlterColumnType t -> {
                if (!recursing && inherited) {
                    throw Messages.inheritedColumn("alter", t.column().name());
                }
                if (only && !children.isEmpty() && table.columnIndex(t.column().name()) >= 0) {
                    throw Messages.mustRecurse("type of inherited column \"" + t.column().name()
                            + "\" must be changed in child tables too");
                }
            }
            case UtilityCommand.SetNotNull n -> {
                if (!recursing && !n.notNull() && notNullInParent(tx, table, n.column())) {
                    throw Messages.notNullInParent(n.column());
                }
            }
            case UtilityCommand.AddCheck c -> {
                CheckConstraint same = c.check().name() == null ? null : table.checks().stream()
                        .filter(x -> x.name().equals(c.check().name())).findFirst().orElse(null);
                if (recursing && same != null) {
                    // MergeWithExistingConstraint: the child's own constraint of that name is the inherited one
                    if (!same.expression().strip().equals(c.check().expression().strip())) {
                        throw Messages.constraintExists(same.name(), table.name());
                    }
                    session.addNotice(Messages.mergingConstraint(same.name()));
                    return;
                }
                if (only && table.isPartitioned() && !children.isEmpty() && !c.check().noInherit()) {
                    throw Messages.mustRecurse("constraint must be added to child tables too");
                }
            }
            case UtilityCommand.RenameConstraint r -> {
                if (!recursing && inheritedCheck(tx, table, r.name())) {
                    throw Messages.mustRecurse("cannot rename inherited constraint \"" + r.name() + "\"");
                }
                if (only && !children.isEmpty() && table.checks().stream()
                        .anyMatch(x -> x.name().equals(r.name()) && !x.noInherit())) {
                    throw Messages.mustRecurse("inherited constraint \"" + r.name()
                            + "\" must be renamed in child tables too");
                }
            }
            case UtilityCommand.DropConstraint d -> {
                if (!recursing && inheritedCheck(tx, table, d.name())) {
                    throw Messages.mustRecurse("cannot drop inherited constraint \"" + d.name()
                            + "\" of relation \"" + table.name() + "\"");
                }
            }
            default -> {
            }
        }
        String constraintName = action instanceof UtilityCommand.DropConstraint d ? d.name()
                : action instanceof UtilityCommand.RenameConstraint r ? r.name() : null;
        CheckConstraint droppedCheck = constraintName == null ? null : table.checks().stream()
                .filter(x -> x.name().equals(constraintName)).findFirst().orElse(null);
        int checksBefore = table.checks().size();
        runAction(action, session, only);
        if (only || children.isEmpty()) {
            return;
        }
        tx.startStatement(); // the children's look at their parents sees this table's change
        UtilityCommand.CheckSpec childCheck = null;
        if (action instanceof UtilityCommand.AddCheck c) {
            TableDef after = tx.table(tableName).orElseThrow();
            if (c.check().noInherit() || after.checks().size() == checksBefore) {
                return;
            }
            // the children get it under the name the parent's got (ChooseConstraintName's, when none was written)
            CheckConstraint added = after.checks().getLast();
            childCheck = new UtilityCommand.CheckSpec(added.name(), c.check().expression(), false,
                    c.check().notValid(), c.check().offset());
        }
        if (constraintName != null && (droppedCheck == null || droppedCheck.noInherit())) {
            return; // an index-backed or foreign key constraint, or one the children never got
        }
        for (TableDef child : children) {
            TableDef current = tx.table(TemporaryTables.qualified(tx, child)).orElse(null);
            if (current == null) {
                continue;
            }
            String childName = TemporaryTables.qualified(tx, current);
            UtilityCommand childAction;
            if (childCheck != null) {
                childAction = new UtilityCommand.AddCheck(childName, childCheck);
            } else if (action instanceof UtilityCommand.DropConstraint d) {
                if (current.checks().stream().noneMatch(x -> x.name().equals(d.name()))
                        || inheritedCheck(tx, current, d.name())) {
                    continue; // gone already, or another parent still gives it
                }
                childAction = new UtilityCommand.DropConstraint(childName, d.name(), d.ifExists(), d.cascade());
            } else if (action instanceof UtilityCommand.RenameConstraint r) {
                if (current.checks().stream().noneMatch(x -> x.name().equals(r.name()))) {
                    continue; // renamed already through another parent
                }
                childAction = new UtilityCommand.RenameConstraint(childName, r.name(), r.newName(), r.ifExists());
            } else {
                if (!(action instanceof UtilityCommand.AddColumn) && current.columnIndex(column) < 0) {
                    continue; // a child reached twice through two parents already has the change
                }
                if (action instanceof UtilityCommand.DropColumn && parentsHaving(tx, current, column)) {
                    continue; // another parent still gives the child this column
                }
                childAction = onTable(action, childName);
            }
            tx.startStatement();
            runOnTree(childAction, session, false, true);
        }
    }

    /** Whether a parent of {@code table} has a CHECK constraint named {@code name} that its children inherit. */
    private static boolean inheritedCheck(Transaction tx, TableDef table, String name) {
        return ConstraintCatalogs.inheritedChecks(table, name, oid -> InheritanceTree.byOid(tx, oid)) > 0;
    }

    /** The table a column action that recurses names; null for the other actions. */
    private static String columnActionTable(UtilityCommand action) {
        return switch (action) {
            case UtilityCommand.AddColumn a -> a.table();
            case UtilityCommand.DropColumn d -> d.table();
            case UtilityCommand.RenameColumn r -> r.table();
            case UtilityCommand.AlterColumnType t -> t.table();
            case UtilityCommand.SetNotNull n -> n.table();
            case UtilityCommand.SetColumnDefault d -> d.table();
            case UtilityCommand.AddCheck c -> c.table();
            case UtilityCommand.DropConstraint d -> d.table();
            case UtilityCommand.RenameConstraint r -> r.table();
            default -> null;
        };
    }

    /** The existing column a column action changes (null for ADD COLUMN). */
    private static String columnOf(UtilityCommand action) {
        return switch (action) {
            case UtilityCommand.DropColumn d -> d.column();
            case UtilityCommand.RenameColumn r -> r.column();
            case UtilityCommand.AlterColumnType t -> t.column().name();
            case UtilityCommand.SetNotNull n -> n.column();
            case UtilityCommand.SetColumnDefault d -> d.column();
            default -> null;
        };
    }

    /** The same column action on another member of the tree. */
    private static UtilityCommand onTable(UtilityCommand action, String table) {
        return switch (action) {
            case UtilityCommand.AddColumn a -> new UtilityCommand.AddColumn(table, a.column(), a.ifNotExists());
            case UtilityCommand.DropColumn d -> new UtilityCommand.DropColumn(table, d.column(), d.ifExists(),
                    d.cascade());
            case UtilityCommand.RenameColumn r -> new UtilityCommand.RenameColumn(table, r.column(), r.newName(),
                    r.ifExists());
            case UtilityCommand.AlterColumnType t -> new UtilityCommand.AlterColumnType(table, t.column(), t.using());
            case UtilityCommand.SetNotNull n -> new UtilityCommand.SetNotNull(table, n.column(), n.notNull());
            case UtilityCommand.SetColumnDefault d -> new UtilityCommand.SetColumnDefault(table, d.column(),
                    d.defaultSql());
            default -> throw new IllegalArgumentException(action.toString());
        };
    }

    /** Whether some parent of {@code table} has a column named {@code column}. */
    private static boolean parentsHaving(Transaction tx, TableDef table, String column) {
        for (int oid : table.inheritance().parents()) {
            TableDef parent = InheritanceTree.byOid(tx, oid);
            if (parent != null && parent.columnIndex(column) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static boolean notNullInParent(Transaction tx, TableDef table, String column) {
        for (int oid : table.inheritance().parents()) {
            TableDef parent = InheritanceTree.byOid(tx, oid);
            int at = parent == null ? -1 : parent.columnIndex(column);
            if (at >= 0 && parent.columns().get(at).notNull()) {
                return true;
            }
        }
        return false;
    }

    private static void runAction(UtilityCommand action, SqlSessionImpl session, boolean only) {
        switch (action) {
            case UtilityCommand.AlterTable nested -> {
                for (int i = 0; i < nested.actions().size(); i++) {
                    if (i > 0) {
                        session.transaction().startStatement();
                    }
                    runOnTree(nested.actions().get(i), session, only, false);
                }
            }
            case UtilityCommand.AddCheck c -> addChecks(session, open(session, c.table()), List.of(c.check()), false);
            case UtilityCommand.AddForeignKey f -> ForeignKeys.add(session, open(session, f.table()),
                    List.of(f.key()));
            case UtilityCommand.AlterOwner o -> OwnerCommands.alter(o, session);
            case UtilityCommand.DropColumn d -> dropColumn(session, d);
            case UtilityCommand.AlterColumnType t -> alterColumnType(session, t);
            case UtilityCommand.SetNotNull n -> setNotNull(session, n);
            case UtilityCommand.DropConstraint d -> dropConstraint(session, d);
            case UtilityCommand.ValidateConstraint v -> validateConstraint(session, v);
            case UtilityCommand.RenameColumn r -> renameColumn(session, r);
            case UtilityCommand.RenameConstraint r -> renameConstraint(session, r);
            case UtilityCommand.RenameTable r -> renameTable(session, r);
            case UtilityCommand.AddIdentity a -> SequenceCommands.addIdentity(session, open(session, a.table()), a);
            case UtilityCommand.AddConstraint a -> DdlExecutor.addConstraint(a, session, !only);
            case UtilityCommand.AlterColumnNoOp n -> {
                TableDef table = open(session, n.table());
                if (n.column() != null) {
                    column(table, n.column());
                }
            }
            case UtilityCommand.ClusterOn c -> {
                TableDef table = open(session, c.table());
                if (table.indexes().stream().noneMatch(ix -> ix.name().equals(c.index()))) {
                    throw PgException.error(SqlState.UNDEFINED_OBJECT, "index \"" + c.index() + "\" for table \""
                            + table.name() + "\" does not exist");
                }
            }
            default -> DdlExecutor.run(action, session);
        }
    }

    /** The table, AccessExclusive; 42P01 if it is gone, 42809 for a view or a sequence. */
    private static TableDef open(SqlSessionImpl session, String name) {
        TableDef table = session.transaction().openTable(name, LockMode.ACCESS_EXCLUSIVE)
                .orElseThrow(() -> Messages.relationDoesNotExist(TemporaryTables.relname(name), 0));
        if (table.isView() || table.isSequence()) {
            throw Messages.notATable(table.name(), null);
        }
        return table;
    }

    private static String qualified(SqlSessionImpl session, TableDef table) {
        return TemporaryTables.qualified(session.transaction(), table);
    }

    private static int column(TableDef table, String name) {
        int i = table.columnIndex(name);
        if (i < 0) {
            throw Messages.columnOfRelationMissing(name, table.name());
        }
        return i;
    }

    /** Every constraint name of the table: its CHECKs and its indexes (a PRIMARY KEY / UNIQUE is its index). */
    private static Set<String> constraintNames(TableDef table) {
        Set<String> names = new HashSet<>();
        table.checks().forEach(c -> names.add(c.name()));
        table.indexes().forEach(i -> names.add(i.name()));
        table.foreignKeys().forEach(f -> names.add(f.name()));
        return names;
    }

    /**
     * AddRelationNewConstraints for CHECKs (CREATE TABLE's and ALTER TABLE ADD's): each analysed, named, checked
     * against the existing rows unless NOT VALID, then stored with the table.
     */
    static TableDef addChecks(SqlSessionImpl session, TableDef table, List<UtilityCommand.CheckSpec> specs,
                              boolean creating) {
        Transaction tx = session.transaction();
        Set<String> taken = constraintNames(table);
        List<CheckConstraint> checks = new ArrayList<>(table.checks());
        Set<String> own = new HashSet<>();
        for (UtilityCommand.CheckSpec spec : specs) {
            if (spec.noInherit() && table.isPartitioned()) {
                throw PgException.error(SqlState.INVALID_TABLE_DEFINITION, "cannot add NO INHERIT constraint to "
                        + "partitioned table \"" + table.name() + "\"");
            }
            Expr analysed = CheckConstraints.analyze(table, spec.expression(), session.gucs().zone(),
                    spec.offset());
            String name = spec.name();
            // a second own CHECK of one name is a duplicate, even of an inherited name
            CheckConstraint inherited = !creating || name == null || !own.add(name) ? null : table.checks()
                    .stream().filter(x -> x.name().equals(spec.name())).findFirst().orElse(null);
            if (inherited != null) {
                // MergeWithExistingConstraint: a new table's own CHECK of an inherited one's name merges with it
                // when it is the same condition
                if (!tokens(inherited.expression()).equals(tokens(spec.expression()))) {
                    throw Messages.constraintExists(name, table.name());
                }
                session.addNotice(Messages.mergingConstraint(name));
                continue;
            }
            if (name == null) {
                name = CheckConstraints.defaultName(table, analysed, taken);
            } else if (taken.contains(name)) {
                throw creating ? Messages.checkConstraintExists(name) : Messages.constraintExists(name, table.name());
            }
            taken.add(name);
            CheckConstraint check = new CheckConstraint(name, spec.expression(), !spec.notValid(),
                    spec.noInherit());
            if (!spec.notValid()) {
                CheckConstraints.validate(tx, table, check, session);
            }
            checks.add(check);
        }
        return tx.alterTable(qualified(session, table), table.withChecks(checks));
    }

    /** An expression's tokens (case-folded identifiers, no spacing): two spellings of one condition compare equal. */
    private static List<String> tokens(String expression) {
        List<String> out = new ArrayList<>();
        for (QueryLexer.Token t : QueryLexer.split(expression).getFirst().tokens()) {
            out.add(t.kind() == QueryLexer.Kind.IDENT ? t.text().toLowerCase(java.util.Locale.ROOT) : t.text());
        }
        return out;
    }

    /** ATExecDropColumn: the column, the indexes and CHECKs reading it and the sequence it owns go. */
    private static void dropColumn(SqlSessionImpl session, UtilityCommand.DropColumn d) {
        Transaction tx = session.transaction();
        TableDef table = open(session, d.table());
        int dropped = table.columnIndex(d.column());
        if (dropped < 0) {
            if (d.ifExists()) {
                session.addNotice(Messages.columnMissingSkipping(d.column(), table.name()));
                return;
            }
            throw Messages.columnOfRelationMissing(d.column(), table.name());
        }
        if (PartitionCommands.keyReads(table, d.column())) {
            throw PgException.error(SqlState.INVALID_TABLE_DEFINITION, "cannot drop column \"" + d.column()
                    + "\" because it is part of the partition key of relation \"" + table.name() + "\"");
        }
        List<TableDef> views = viewsReading(tx, table, d.column());
        if (!views.isEmpty()) {
            if (!d.cascade()) {
                List<String> lines = new ArrayList<>();
                for (TableDef v : views) {
                    lines.add("view " + v.name() + " depends on column " + d.column() + " of table " + table.name());
                }
                throw Messages.dependentObjects("column " + d.column() + " of table " + table.name(), lines);
            }
            session.addNotice(Messages.dropCascades(views.stream().map(ViewCommands::describe).toList()));
            for (TableDef v : views) {
                String q = TemporaryTables.qualified(tx, v);
                if (tx.openTable(q, LockMode.ACCESS_EXCLUSIVE).isPresent()) {
                    ViewCommands.dropDependents(session, tx, List.of(v), true);
                    tx.dropView(q);
                }
            }
            table = open(session, d.table());
        }
        ForeignKeyDependencies.dropColumnReferences(session, tx, table, dropped, d.cascade());
        table = open(session, d.table());
        int oid = table.oid();
        List<ColumnDef> columns = new ArrayList<>(table.columns());
        columns.remove(dropped);
        List<IndexDef> indexes = new ArrayList<>();
        for (IndexDef ix : table.indexes()) {
            if (ix.columns().contains(dropped) || ix.predicateColumns().contains(dropped)) {
                continue; // the index depends on the column (a partial index's predicate too): it goes with it
            }
            List<Integer> shifted = ix.columns().stream().map(c -> c > dropped ? c - 1 : c).toList();
            indexes.add(new IndexDef(ix.oid(), ix.name(), ix.tableOid(), shifted, ix.unique(), ix.primary(),
                    ix.predicate(), ix.predicateColumns().stream().map(c -> c > dropped ? c - 1 : c).toList()));
        }
        List<CheckConstraint> checks = new ArrayList<>();
        for (CheckConstraint c : table.checks()) {
            Expr analysed = CheckConstraints.analyze(table, c.expression(), session.gucs().zone(), -1);
            boolean[] reads = new boolean[1];
            ExprTrees.walk(analysed, x -> reads[0] |= x instanceof Expr.Var v && v.attno() == dropped);
            if (!reads[0]) {
                checks.add(c);
            }
        }
        // sequences owned by the table's columns: the dropped column's goes, the later columns' follow their column
        List<TableDef> owned = new ArrayList<>();
        for (TableDef t : tx.tables()) {
            if (t.isSequence() && t.sequence().ownerTable() == table.oid()) {
                owned.add(t);
            }
        }
        // its own keys: those on the column go, the others' positions follow (a self-reference's both sides)
        List<ForeignKey> keys = new ArrayList<>();
        for (ForeignKey fk : table.foreignKeys()) {
            boolean self = fk.referencedTable() == oid;
            if (fk.columns().contains(dropped) || self && fk.referencedColumns().contains(dropped)) {
                continue;
            }
            keys.add(new ForeignKey(fk.name(), shift(fk.columns(), dropped), fk.referencedTable(),
                    self ? shift(fk.referencedColumns(), dropped) : fk.referencedColumns(), fk.matchType(),
                    fk.onUpdate(), fk.onDelete(), shift(fk.deleteSetColumns(), dropped), fk.deferrable(),
                    fk.initiallyDeferred(), fk.validated()));
        }
        TableDef newDef = new TableDef(table.oid(), table.name(), columns, indexes, table.fillfactor(),
                table.options(), null, null, table.inheritance(), checks, keys).withAcl(table.acl());
        tx.rewriteTable(qualified(session, table), newDef, row -> {
            Object[] out = new Object[row.length - 1];
            System.arraycopy(row, 0, out, 0, dropped);
            System.arraycopy(row, dropped + 1, out, dropped, row.length - dropped - 1);
            return out;
        });
        // other tables' keys that reference later columns of this one follow them
        for (TableDef t : tx.tables()) {
            if (t.oid() == oid || t.foreignKeys().stream().noneMatch(fk -> fk.referencedTable() == oid)) {
                continue;
            }
            String q = TemporaryTables.qualified(tx, t);
            TableDef child = tx.openTable(q, LockMode.ACCESS_EXCLUSIVE).orElseThrow();
            List<ForeignKey> shifted = new ArrayList<>();
            for (ForeignKey fk : child.foreignKeys()) {
                shifted.add(fk.referencedTable() != oid ? fk : new ForeignKey(fk.name(), fk.columns(),
                        fk.referencedTable(), shift(fk.referencedColumns(), dropped), fk.matchType(), fk.onUpdate(),
                        fk.onDelete(), fk.deleteSetColumns(), fk.deferrable(), fk.initiallyDeferred(),
                        fk.validated()));
            }
            tx.alterTable(q, child.withForeignKeys(shifted));
        }
        for (TableDef seq : owned) {
            SequenceDef s = seq.sequence();
            String name = TemporaryTables.qualified(tx, seq);
            if (s.ownerColumn() == dropped) {
                tx.dropSequence(name);
            } else if (s.ownerColumn() > dropped) {
                tx.alterSequence(name, new SequenceDef(s.typeOid(), s.start(), s.increment(), s.max(), s.min(),
                        s.cache(), s.cycle(), s.ownerTable(), s.ownerColumn() - 1, s.identity()), null);
            }
        }
    }

    private static List<Integer> shift(List<Integer> positions, int dropped) {
        return positions.stream().map(c -> c > dropped ? c - 1 : c).toList();
    }

    /**
     * ATExecAlterColumnType: every row's value converted by the USING expression (the column itself when there is
     * none), coerced to the new type as an assignment; the table rewritten; its DEFAULT and CHECKs checked again.
     */
    private static void alterColumnType(SqlSessionImpl session, UtilityCommand.AlterColumnType t) {
        Transaction tx = session.transaction();
        TableDef table = open(session, t.table());
        UtilityCommand.ColumnSpec spec = t.column();
        if (spec.domain() != null) {
            throw session.types().named(spec.domain()) == null
                    ? Messages.typeDoesNotExist(spec.domain(), spec.typePosition())
                    : Messages.notSupported("ALTER COLUMN TYPE to a domain", spec.typePosition());
        }
        int target = column(table, spec.name());
        ColumnDef old = table.columns().get(target);
        if (PartitionCommands.keyReads(table, old.name())) {
            throw PgException.error(SqlState.INVALID_TABLE_DEFINITION, "cannot alter column \"" + old.name()
                    + "\" because it is part of the partition key of relation \"" + table.name() + "\"");
        }
        List<TableDef> views = viewsReading(tx, table, old.name());
        if (!views.isEmpty()) {
            throw PgException.error(SqlState.FEATURE_NOT_SUPPORTED,
                    "cannot alter type of a column used by a view or rule")
                    .withDetail("rule _RETURN on view " + views.getFirst().name() + " depends on column \""
                            + old.name() + "\"");
        }
        String using = t.using() != null ? t.using() : "\"" + old.name().replace("\"", "\"\"") + "\"";
        Expr convert;
        try {
            convert = CheckConstraints.converter(table, using, spec.type(), spec.typmod(), session.gucs().zone());
        } catch (PgException e) {
            if (e.sqlState().equals(Messages.CANNOT_COERCE) || e.sqlState().equals(SqlState.DATATYPE_MISMATCH)) {
                throw t.using() == null ? Messages.columnCannotBeCast(old.name(), spec.type().sqlName())
                        : Messages.usingCannotBeCast(old.name(), spec.type().sqlName());
            }
            throw e;
        }
        if (old.defaultSql() != null) {
            try {
                ModifyAnalyzer.columnDefault(old.defaultSql(), spec.type(), spec.typmod(), session.gucs().zone());
            } catch (PgException e) {
                throw Messages.defaultCannotBeCast(old.name(), spec.type().sqlName());
            }
        }
        List<ColumnDef> columns = new ArrayList<>(table.columns());
        columns.set(target, new ColumnDef(old.name(), spec.type().oid(), spec.typmod(), old.notNull(),
                old.defaultSql(), old.identity()));
        TableDef newDef = new TableDef(table.oid(), table.name(), columns, table.indexes(), table.fillfactor(),
                table.options(), null, null, table.inheritance(), table.checks(), table.foreignKeys())
                .withAcl(table.acl());
        List<CheckConstraints.Compiled> checks = CheckConstraints.compile(newDef, session.gucs().zone());
        ExecContext ctx = new ExecContext(new Object[0], session);
        LoopInterrupts interrupts = new LoopInterrupts(ctx);
        tx.rewriteTable(qualified(session, table), newDef, row -> {
            interrupts.tick();
            ctx.row = row;
            Object[] out = row.clone();
            out[target] = convert.eval(ctx);
            if (out[target] == null && old.notNull()) {
                throw Messages.columnContainsNulls(old.name(), table.name());
            }
            // ATRewriteTable checks every constraint on the new rows
            ctx.row = out;
            for (CheckConstraints.Compiled c : checks) {
                if (Boolean.FALSE.equals(c.check().eval(ctx))) {
                    throw Messages.checkViolatedBySomeRow(c.name(), table.name());
                }
            }
            return out;
        });
    }

    /** ATExecSetNotNull / ATExecDropNotNull. */
    private static void setNotNull(SqlSessionImpl session, UtilityCommand.SetNotNull n) {
        Transaction tx = session.transaction();
        TableDef table = open(session, n.table());
        int i = column(table, n.column());
        ColumnDef c = table.columns().get(i);
        if (c.notNull() == n.notNull()) {
            return;
        }
        if (!n.notNull()) {
            if (table.indexes().stream().anyMatch(ix -> ix.primary() && ix.columns().contains(i))) {
                throw Messages.cannotDropPrimaryKeyNotNull(c.name());
            }
            if (c.isIdentity()) {
                throw PgException.error(SqlState.INVALID_TABLE_DEFINITION, "column \"" + c.name()
                        + "\" of relation \"" + table.name() + "\" is an identity column");
            }
        } else {
            ExecContext ctx = new ExecContext(new Object[0], session);
            LoopInterrupts interrupts = new LoopInterrupts(ctx);
            try (RowScan scan = tx.scan(table)) {
                while (scan.hasNext()) {
                    interrupts.tick();
                    if (scan.next().values()[i] == null) {
                        throw Messages.columnContainsNulls(c.name(), table.name());
                    }
                }
            }
        }
        List<ColumnDef> columns = new ArrayList<>(table.columns());
        columns.set(i, c.withNotNull(n.notNull()));
        tx.alterTable(qualified(session, table), table.withColumns(columns));
    }

    /** ATExecDropConstraint: a CHECK, or the index of a PRIMARY KEY / UNIQUE constraint. */
    private static void dropConstraint(SqlSessionImpl session, UtilityCommand.DropConstraint d) {
        Transaction tx = session.transaction();
        TableDef table = open(session, d.table());
        List<CheckConstraint> checks = new ArrayList<>(table.checks());
        if (checks.removeIf(c -> c.name().equals(d.name()))) {
            tx.alterTable(qualified(session, table), table.withChecks(checks));
            return;
        }
        List<ForeignKey> keys = new ArrayList<>(table.foreignKeys());
        if (keys.removeIf(f -> f.name().equals(d.name()))) {
            tx.alterTable(qualified(session, table), table.withForeignKeys(keys));
            return;
        }
        for (IndexDef ix : table.indexes()) {
            if (ix.name().equals(d.name()) && ix.unique()) {
                ForeignKeyDependencies.dropIndexReferences(session, tx, table, ix, d.cascade(),
                        "constraint " + ix.name() + " on table " + table.name());
                tx.dropIndex(TemporaryTables.schemaPrefix(tx, table) + ix.name());
                return;
            }
        }
        if (d.ifExists()) {
            session.addNotice(Messages.constraintMissingSkipping(d.name(), table.name()));
            return;
        }
        throw Messages.constraintMissing(d.name(), table.name());
    }

    /** ATExecValidateConstraint: a NOT VALID CHECK is checked against every row, then marked valid. */
    private static void validateConstraint(SqlSessionImpl session, UtilityCommand.ValidateConstraint v) {
        Transaction tx = session.transaction();
        TableDef table = open(session, v.table());
        List<CheckConstraint> checks = new ArrayList<>(table.checks());
        for (int i = 0; i < checks.size(); i++) {
            CheckConstraint c = checks.get(i);
            if (c.name().equals(v.name())) {
                if (!c.validated()) {
                    CheckConstraints.validate(tx, table, c, session);
                    checks.set(i, new CheckConstraint(c.name(), c.expression(), true, c.noInherit()));
                    tx.alterTable(qualified(session, table), table.withChecks(checks));
                }
                return;
            }
        }
        List<ForeignKey> keys = new ArrayList<>(table.foreignKeys());
        for (int i = 0; i < keys.size(); i++) {
            ForeignKey f = keys.get(i);
            if (f.name().equals(v.name())) {
                if (!f.validated()) {
                    ForeignKeys.validate(tx, table, f, new ExecContext(new Object[0], session));
                    keys.set(i, new ForeignKey(f.name(), f.columns(), f.referencedTable(), f.referencedColumns(),
                            f.matchType(), f.onUpdate(), f.onDelete(), f.deleteSetColumns(), f.deferrable(),
                            f.initiallyDeferred(), true));
                    tx.alterTable(qualified(session, table), table.withForeignKeys(keys));
                }
                return;
            }
        }
        if (table.indexes().stream().anyMatch(ix -> ix.unique() && ix.name().equals(v.name()))) {
            return; // always valid
        }
        throw Messages.constraintMissing(v.name(), table.name());
    }

    /** renameatt: the column's new name, in the CHECKs that read it too. */
    private static void renameColumn(SqlSessionImpl session, UtilityCommand.RenameColumn r) {
        Transaction tx = session.transaction();
        if (tx.table(r.table()).isEmpty() && r.ifExists()) {
            session.addNotice(Messages.relationDoesNotExistSkipping(TemporaryTables.relname(r.table())));
            return;
        }
        TableDef table = open(session, r.table());
        int i = table.columnIndex(r.column());
        if (i < 0) {
            throw PgException.error(SqlState.UNDEFINED_COLUMN, "column \"" + r.column() + "\" does not exist");
        }
        if (table.columnIndex(r.newName()) >= 0) {
            throw Messages.columnOfRelationExists(r.newName(), table.name());
        }
        if (!viewsReading(tx, table, r.column()).isEmpty()) {
            throw Messages.notSupported("renaming a column that views read", 0);
        }
        List<ColumnDef> columns = new ArrayList<>(table.columns());
        ColumnDef c = columns.get(i);
        columns.set(i, c.withName(r.newName()));
        List<CheckConstraint> checks = new ArrayList<>();
        for (CheckConstraint check : table.checks()) {
            checks.add(new CheckConstraint(check.name(), CheckConstraints.renameColumn(check.expression(),
                    r.column(), r.newName()), check.validated(), check.noInherit()));
        }
        // a partial index's predicate is kept as text: it reads the column by its new name
        List<IndexDef> indexes = new ArrayList<>();
        for (IndexDef ix : table.indexes()) {
            indexes.add(!ix.partial() ? ix : new IndexDef(ix.oid(), ix.name(), ix.tableOid(), ix.columns(),
                    ix.unique(), ix.primary(), CheckConstraints.renameColumn(ix.predicate(), r.column(), r.newName()),
                    ix.predicateColumns()));
        }
        tx.alterTable(qualified(session, table), table.withColumns(columns).withChecks(checks)
                .withIndexes(indexes));
        session.catalogChanged();
    }

    /** RenameConstraint: a CHECK's name (an index-backed constraint is renamed with ALTER INDEX). */
    private static void renameConstraint(SqlSessionImpl session, UtilityCommand.RenameConstraint r) {
        Transaction tx = session.transaction();
        if (tx.table(r.table()).isEmpty() && r.ifExists()) {
            session.addNotice(Messages.relationDoesNotExistSkipping(TemporaryTables.relname(r.table())));
            return;
        }
        TableDef table = open(session, r.table());
        List<CheckConstraint> checks = new ArrayList<>(table.checks());
        for (int i = 0; i < checks.size(); i++) {
            CheckConstraint c = checks.get(i);
            if (c.name().equals(r.name())) {
                if (constraintNames(table).contains(r.newName())) {
                    throw Messages.constraintExists(r.newName(), table.name());
                }
                checks.set(i, new CheckConstraint(r.newName(), c.expression(), c.validated(), c.noInherit()));
                tx.alterTable(qualified(session, table), table.withChecks(checks));
                session.catalogChanged();
                return;
            }
        }
        List<ForeignKey> keys = new ArrayList<>(table.foreignKeys());
        for (int i = 0; i < keys.size(); i++) {
            ForeignKey f = keys.get(i);
            if (f.name().equals(r.name())) {
                if (constraintNames(table).contains(r.newName())) {
                    throw Messages.constraintExists(r.newName(), table.name());
                }
                keys.set(i, new ForeignKey(r.newName(), f.columns(), f.referencedTable(), f.referencedColumns(),
                        f.matchType(), f.onUpdate(), f.onDelete(), f.deleteSetColumns(), f.deferrable(),
                        f.initiallyDeferred(), f.validated()));
                tx.alterTable(qualified(session, table), table.withForeignKeys(keys));
                session.catalogChanged();
                return;
            }
        }
        for (IndexDef ix : table.indexes()) {
            if (ix.unique() && ix.name().equals(r.name())) {
                // the index's new name is checked first: "relation ... already exists", as in PostgreSQL
                tx.renameIndex(TemporaryTables.schemaPrefix(tx, table) + ix.name(), r.newName());
                session.catalogChanged();
                return;
            }
        }
        throw PgException.error(SqlState.UNDEFINED_OBJECT, "constraint \"" + r.name() + "\" for table \""
                + table.name() + "\" does not exist");
    }

    /**
     * The views whose query reads {@code column} of {@code table}: they read the table and their text names the
     * column or has a {@code *}.
     */
    private static List<TableDef> viewsReading(Transaction tx, TableDef table, String column) {
        List<TableDef> views = new ArrayList<>();
        for (TableDef t : tx.tables()) {
            if (!t.isView() || !t.view().dependsOn(table.oid())) {
                continue;
            }
            for (QueryLexer.Piece piece : QueryLexer.split(t.view().query())) {
                if (piece.tokens().stream().anyMatch(k -> k.text().equals("*") || (k.kind() == QueryLexer.Kind.IDENT
                        || k.kind() == QueryLexer.Kind.QUOTED_IDENT) && k.text().equals(column))) {
                    views.add(t);
                    break;
                }
            }
        }
        return views;
    }

    /** ALTER TABLE ... RENAME TO (RenameRelation). */
    private static void renameTable(SqlSessionImpl session, UtilityCommand.RenameTable r) {
        Transaction tx = session.transaction();
        TableDef table = tx.openTable(r.table(), LockMode.ACCESS_EXCLUSIVE).orElse(null);
        if (table == null) {
            if (r.ifExists()) {
                session.addNotice(Messages.relationDoesNotExistSkipping(TemporaryTables.relname(r.table())));
                return;
            }
            throw Messages.relationDoesNotExist(TemporaryTables.relname(r.table()), 0);
        }
        for (TableDef t : tx.tables()) {
            if (t.isView() && t.view().dependsOn(table.oid())) {
                throw Messages.notSupported("renaming a relation that views read", 0);
            }
        }
        String inSchema = TemporaryTables.schemaPrefix(tx, table) + r.newName();
        if (tx.table(inSchema).isPresent() || tx.index(inSchema).isPresent()) {
            throw PgException.error("42P07", "relation \"" + r.newName() + "\" already exists");
        }
        tx.renameRelation(qualified(session, table), r.newName());
        session.catalogChanged();
    }
}
