/*
 * Runs the DDL and maintenance commands (PostgreSQL's tablecmds.c, indexcmds.c, dbcommands.c, vacuum.c,
 * analyze.c, checkpointer's RequestCheckpoint) against the storage transaction: it names constraint
 * indexes as PostgreSQL does ({@code <table>_pkey}, {@code <table>_<col>_key}, {@code <table>_<col>_idx}),
 * validates DEFAULT expressions at CREATE time, and raises the skipping NOTICEs of IF [NOT] EXISTS. CREATE TEMP
 * TABLE goes to the storage's temporary tables ({@link TemporaryTables} picks the name to create under); DDL on a
 * table it resolved names it with its schema, so a temporary table of the same name never catches it. Views are
 * ViewCommands' (DROP TABLE asks it for the views that read the table).
 * CHECK constraints and the other ALTER TABLE actions are AlterTableCommands'. Not done: foreign keys.
 */
package osgres.sql.internal.session;

import java.util.ArrayList;
import java.util.List;

import osgres.sql.internal.exec.ForeignKeys;
import osgres.api.PgException;
import osgres.api.SqlState;
import osgres.sql.internal.analyze.ModifyAnalyzer;
import osgres.sql.internal.catalog.TemporaryTables;
import osgres.sql.internal.exec.PlannedQuery;
import osgres.sql.internal.exec.RowSource;
import osgres.sql.internal.nodes.Expr;
import osgres.sql.internal.parser.UtilityCommand;
import osgres.sql.internal.utils.ExecContext;
import osgres.sql.internal.utils.Messages;
import osgres.sql.internal.utils.PgType;
import osgres.storage.ColumnDef;
import osgres.storage.LockMode;
import osgres.sql.internal.catalog.DatabasePrivileges;
import osgres.sql.internal.catalog.DefaultAcls;
import osgres.sql.internal.catalog.Privileges;
import osgres.storage.Storage;
import osgres.storage.TableDef;
import osgres.storage.Transaction;
import osgres.sql.internal.plan.InheritanceTree;

final class DdlExecutor {

    private DdlExecutor() {
    }

    /** Runs a DDL command; returns its tag, or null if {@code command} is not DDL. */
    static String run(UtilityCommand command, SqlSessionImpl session) {
        if (command instanceof UtilityCommand.CreateTable || command instanceof UtilityCommand.CreateTableAs
                || command instanceof UtilityCommand.CreateSequence || command instanceof UtilityCommand.CreateView) {
            // the new relation (and a serial column's sequence) belongs to the current user, with the privileges
            // its default privileges give (get_user_default_acl, read once: not while the storage writes pg_class)
            int user = Privileges.currentUserOid(session);
            osgres.storage.Transaction tx = session.transaction();
            java.util.Map<String, java.util.List<osgres.storage.AclItem>> initial = new java.util.HashMap<>();
            for (char objtype : new char[] {DefaultAcls.RELATION_TYPE, DefaultAcls.SEQUENCE_TYPE}) {
                for (boolean temporary : new boolean[] {false, true}) {
                    initial.put(objtype + "" + temporary, DefaultAcls.forNewObject(tx, objtype, user,
                            DefaultAcls.namespaceOf(temporary)));
                }
            }
            tx.setCreatingRole(user, initial.values().stream().allMatch(java.util.Objects::isNull) ? null
                    : (relation, temporary) -> initial.get((relation.isSequence() ? DefaultAcls.SEQUENCE_TYPE
                    : DefaultAcls.RELATION_TYPE) + "" + temporary));
        }
        checkCreationNamespace(command, session);
        return switch (command) {
            case UtilityCommand.CreateTable c -> createTable(c, session);
            case UtilityCommand.CreateTableAs c -> createTableAs(c, session);
            case UtilityCommand.CreateSequence c -> SequenceCommands.create(c, session);
            case UtilityCommand.AlterSequence a -> SequenceCommands.alter(a, session);
            case UtilityCommand.DropSequence d -> SequenceCommands.drop(d, session);
            case UtilityCommand.CreateView c -> ViewCommands.create(c, session);
            case UtilityCommand.DropView d -> ViewCommands.drop(d, session);
            case UtilityCommand.RenameView r -> ViewCommands.rename(r, session);
            case UtilityCommand.CreateFunction c -> FunctionCommands.create(c, session);
            case UtilityCommand.DropFunction d -> FunctionCommands.drop(d, session);
            case UtilityCommand.AlterFunction a -> FunctionCommands.alter(a, session);
            case UtilityCommand.AlterOwner a -> OwnerCommands.alter(a, session);
            case UtilityCommand.Grant g -> GrantCommands.run(g, session);
            case UtilityCommand.AlterDefaultPrivileges a -> DefaultPrivilegeCommands.alter(a, session);
            case UtilityCommand.CreateAggregate c -> AggregateCommands.create(c, session);
            case UtilityCommand.DropAggregate d -> AggregateCommands.drop(d, session);
            case UtilityCommand.CreateOperator c -> OperatorCatalog.create(c, session);
            case UtilityCommand.DropOperator d -> OperatorCatalog.drop(d, session);
            case UtilityCommand.CreateCast c -> CastCatalog.create(c, session);
            case UtilityCommand.DropCast d -> CastCatalog.drop(d, session);
            case UtilityCommand.Do d -> FunctionCommands.doBlock(d, session);
            case UtilityCommand.CreateTrigger c -> TriggerCatalog.create(c, session);
            case UtilityCommand.Comment c -> CommentCommand.run(c, session);
            case UtilityCommand.CreateDomain c -> TypeCatalog.create(c, session);
            case UtilityCommand.CreateComposite c -> TypeCatalog.createComposite(c, session);
            case UtilityCommand.CreateEnum c -> TypeCatalog.createEnum(c, session);
            case UtilityCommand.AlterEnum a -> TypeCatalog.alterEnum(a, session);
            case UtilityCommand.CreateOpClass c -> OpClassCatalog.create(c, session);
            case UtilityCommand.DropOpClass d -> OpClassCatalog.drop(d, session);
            case UtilityCommand.DropType d -> TypeCatalog.drop(d, session);
            case UtilityCommand.AlterDomain a -> TypeCatalog.alter(a, session);
            case UtilityCommand.DropTrigger d -> TriggerCatalog.drop(d, session);
            case UtilityCommand.CreateRule c -> RuleCatalog.create(c, session);
            case UtilityCommand.DropRule d -> RuleCatalog.drop(d, session);
            case UtilityCommand.EnableTrigger e -> TriggerCatalog.enable(e, session);
            case UtilityCommand.AttachPartition a -> PartitionCommands.attach(a, session);
            case UtilityCommand.AttachIndexPartition a -> PartitionCommands.attachIndex(a, session);
            case UtilityCommand.DetachPartition d -> PartitionCommands.detach(d, session);
            case UtilityCommand.AlterInherit a -> PartitionCommands.alterInherit(a, session);
            case UtilityCommand.AlterTable a -> AlterTableCommands.run(a, session);
            case UtilityCommand.RenameIndex r -> {
                Transaction tx = session.transaction();
                if (tx.index(r.name()).isEmpty()) {
                    if (r.ifExists()) {
                        session.addNotice(Messages.relationMissingSkipping(TemporaryTables.relname(r.name())));
                        yield "ALTER INDEX";
                    }
                    throw Messages.relationDoesNotExist(TemporaryTables.relname(r.name()), 0);
                }
                tx.renameIndex(r.name(), r.newName());
                session.catalogChanged();
                yield "ALTER INDEX";
            }
            case UtilityCommand.SetConstraints s -> {
                if (!session.inTransactionBlock()) {
                    session.addNotice(Messages.setLocalOutsideBlock("SET CONSTRAINTS"));
                }
                ForeignKeys.setConstraints(s.names(), s.deferred(), session);
                yield "SET CONSTRAINTS";
            }
            case UtilityCommand.DropTable d -> {
                // RemoveRelations: every name is looked up and locked, then the views depending on any of them are
                // reported (or dropped with CASCADE) at once, then the tables go
                Transaction tx = session.transaction();
                List<TableDef> tables = new ArrayList<>();
                List<String> names = new ArrayList<>();
                for (String name : d.names()) {
                    var found = tx.table(name);
                    if (found.isEmpty()) {
                        if (!d.ifExists()) {
                            throw Messages.tableDoesNotExist(TemporaryTables.relname(name));
                        }
                        session.addNotice(Messages.tableSkipping(TemporaryTables.relname(name)));
                        continue;
                    }
                    if (found.get().isSequence()) {
                        throw Messages.notATable(found.get().name(), "Use DROP SEQUENCE to remove a sequence.");
                    }
                    if (found.get().isView()) {
                        throw Messages.notATable(found.get().name(), "Use DROP VIEW to remove a view.");
                    }
                    OwnerCommands.checkOwner(session, found.get());
                    // the table's lock first: a view being made on it commits (and is seen) or waits for us
                    TableDef table = tx.openTable(name, LockMode.ACCESS_EXCLUSIVE)
                            .orElseThrow(() -> Messages.tableDoesNotExist(TemporaryTables.relname(name)));
                    if (tables.stream().noneMatch(t -> t.oid() == table.oid())) {
                        tables.add(table);
                        names.add(name);
                    }
                }
                List<TableDef> children = PartitionCommands.dropDependents(tx, tables, d.cascade(), session);
                List<TableDef> all = new ArrayList<>(tables);
                all.addAll(children);
                ForeignKeyDependencies.dropReferencing(session, tx, all, d.cascade());
                ViewCommands.dropDependents(session, tx, all, d.cascade());
                RuleCatalog.dropDependents(session, all, d.cascade());
                for (TableDef child : children.reversed()) {
                    String q = TemporaryTables.qualified(tx, child);
                    if (tx.openTable(q, LockMode.ACCESS_EXCLUSIVE).isPresent()) {
                        tx.dropTable(q);
                    }
                }
                RuleCatalog.dropAll(session, all);
                for (String name : names) {
                    tx.dropTable(name);
                }
                session.catalogChanged();
                yield "DROP TABLE";
            }
            case UtilityCommand.Truncate given -> {
                Transaction tx = session.transaction();
                UtilityCommand.Truncate t = new UtilityCommand.Truncate(ForeignKeyDependencies.truncated(session, tx,
                        given.names(), given.cascade()), given.restartIdentity(), given.cascade());
                for (String name : t.names()) {
                    TableDef table = tx.openTable(name, LockMode.ACCESS_EXCLUSIVE)
                            .orElseThrow(() -> Messages.relationDoesNotExist(name, 0));
                    if (table.isSequence() || table.isView()) {
                        throw Messages.notATable(table.name(), null);
                    }
                    if (!session.gucs().currentUserIsSuperuser() && Privileges.relationMask(session, table,
                            Privileges.currentUserOid(session), Privileges.TRUNCATE) == 0) {
                        throw Messages.permissionDenied("table", table.name());
                    }
                }
                for (String name : t.names()) {
                    TableDef table = tx.table(name).orElseThrow();
                    for (TableDef member : InheritanceTree.descendants(tx, table)) {
                        if (member.oid() != table.oid()) {
                            String q = TemporaryTables.qualified(tx, member);
                            tx.openTable(q, LockMode.ACCESS_EXCLUSIVE);
                            tx.truncate(q);
                        }
                    }
                    tx.truncate(name);
                }
                if (t.restartIdentity()) {
                    SequenceCommands.restartOwned(session, t.names());
                }
                session.catalogChanged();
                yield "TRUNCATE TABLE";
            }
            case UtilityCommand.AddConstraint a -> addConstraint(a, session, true);
            case UtilityCommand.SetColumnDefault d -> {
                Transaction tx = session.transaction();
                TableDef table = tx.openTable(d.table(), LockMode.ACCESS_EXCLUSIVE)
                        .orElseThrow(() -> Messages.relationDoesNotExist(d.table(), 0));
                int column = table.columnIndex(d.column());
                if (column < 0) {
                    throw PgException.error("42703", "column \"" + d.column() + "\" of relation \"" + table.name()
                            + "\" does not exist");
                }
                ColumnDef c = table.columns().get(column);
                if (c.isIdentity()) {
                    throw Messages.identityColumn(c.name(), table.name(), d.defaultSql() == null);
                }
                if (d.defaultSql() != null) {
                    // cookDefault: the expression must take the column's type (positions would be in our own
                    // SELECT's text, and PostgreSQL gives none here)
                    try {
                        ModifyAnalyzer.columnDefault(d.defaultSql(), PgType.byOid(c.typeOid()), c.typeModifier(),
                                session.gucs().zone(), session.types());
                    } catch (PgException e) {
                        throw e.withPosition(0);
                    }
                }
                tx.setColumnDefault(TemporaryTables.qualified(tx, table), column, d.defaultSql());
                session.catalogChanged();
                yield "ALTER TABLE";
            }
            case UtilityCommand.SetStorageParameters p -> {
                Transaction tx = session.transaction();
                TableDef table = tx.openTable(p.table(), LockMode.SHARE_UPDATE_EXCLUSIVE)
                        .orElseThrow(() -> Messages.relationDoesNotExist(p.table(), 0));
                checkNotSequence(table, p.set().isEmpty() && p.fillfactor() == null ? "RESET" : "SET");
                tx.setStorageParameters(TemporaryTables.qualified(tx, table), p.fillfactor(), p.set(), p.reset());
                session.catalogChanged();
                yield "ALTER TABLE";
            }
            case UtilityCommand.AddColumn a -> {
                Transaction tx = session.transaction();
                TableDef table = tx.openTable(a.table(), LockMode.ACCESS_EXCLUSIVE)
                        .orElseThrow(() -> Messages.relationDoesNotExist(a.table(), 0));
                checkNotSequence(table, "ADD COLUMN");
                if (osgres.sql.internal.nodes.Query.SystemColumn.of(a.column().name()) != null) {
                    throw Messages.conflictsWithSystemColumn(a.column().name());
                }
                if (table.columnIndex(a.column().name()) >= 0) {
                    if (a.ifNotExists()) {
                        session.addNotice(PgException.error("00000", "column \"" + a.column().name()
                                + "\" of relation \"" + table.name() + "\" already exists, skipping")
                                .withSeverity(osgres.api.Severity.NOTICE));
                        yield "ALTER TABLE";
                    }
                    throw PgException.error("42701", "column \"" + a.column().name() + "\" of relation \""
                            + table.name() + "\" already exists");
                }
                if (a.column().ownsSequence()) {
                    throw Messages.notSupported("ALTER TABLE ADD COLUMN with SERIAL or IDENTITY", 0);
                }
                ColumnDef column = columnDef(a.column(), session);
                osgres.sql.internal.utils.Domain domain = column.domain() == 0 ? null
                        : session.types().byOid(column.domain());
                String defaultSql = column.defaultSql() != null || domain == null ? column.defaultSql()
                        : domain.defaultSql();
                Object value = null;
                ExecContext ctx = new ExecContext(new Object[0], session);
                if (defaultSql != null) {
                    Expr e = ModifyAnalyzer.columnDefault(defaultSql, PgType.byOid(column.typeOid()),
                            column.typeModifier(), session.gucs().zone());
                    value = e.eval(ctx);
                }
                boolean hasRows = tx.estimatedRows(table) > 0 && tx.scan(table).hasNext();
                if (domain != null && hasRows) {
                    // a domain with constraints rewrites the table, checking the default in every row
                    domain.enforce(value, ctx);
                }
                if (value == null && column.notNull() && hasRows) {
                    throw PgException.error("23502", "column \"" + column.name() + "\" of relation \""
                            + table.name() + "\" contains null values");
                }
                tx.addColumn(TemporaryTables.qualified(tx, table), column, value);
                session.catalogChanged();
                yield "ALTER TABLE";
            }
            case UtilityCommand.CreateIndex c -> {
                Transaction tx = session.transaction();
                TableDef table = tx.openTable(c.table(), LockMode.SHARE)
                        .orElseThrow(() -> Messages.relationDoesNotExist(c.table(), 0));
                if (table.isSequence() || table.isView()) {
                    throw Messages.cannotIndex(table);
                }
                OwnerCommands.checkOwner(session, table); // DefineIndex: only the table's owner indexes it
                checkColumns(table, c.columns());
                String name = c.name() != null ? c.name() : indexName(tx, table, c.columns(), "idx");
                String inSchema = TemporaryTables.schemaPrefix(tx, table) + name;
                if (c.ifNotExists() && (tx.index(inSchema).isPresent() || tx.table(inSchema).isPresent())) {
                    session.addNotice(Messages.relationSkipping(name));
                    yield "CREATE INDEX";
                }
                if (c.predicate() != null) {
                    osgres.sql.internal.analyze.IndexPredicates.Analysed predicate = osgres.sql.internal.analyze
                            .IndexPredicates.analyze(table, c.predicate(), session.gucs().zone(), c.predicateOffset());
                    tx.createIndex(TemporaryTables.qualified(tx, table), name, c.columns(), c.unique(), c.predicate(),
                            predicate.columns());
                    PartitionCommands.indexPartitions(tx, table);
                    session.catalogChanged();
                    yield "CREATE INDEX";
                }
                tx.createIndex(TemporaryTables.qualified(tx, table), name, c.columns(), c.unique(), false);
                PartitionCommands.indexPartitions(tx, table);
                session.catalogChanged();
                yield "CREATE INDEX";
            }
            case UtilityCommand.Reindex r -> reindex(r, session);
            case UtilityCommand.DropIndex d -> {
                Transaction tx = session.transaction();
                for (String name : d.names()) {
                    if (tx.index(name).isEmpty()) {
                        TableDef view = tx.table(name).filter(TableDef::isView).orElse(null);
                        if (view != null) {
                            throw Messages.notAnIndex(view.name(), "Use DROP VIEW to remove a view.");
                        }
                        if (!d.ifExists()) {
                            throw PgException.error("42704", "index \"" + TemporaryTables.relname(name)
                                    + "\" does not exist");
                        }
                        session.addNotice(Messages.indexSkipping(TemporaryTables.relname(name)));
                        continue;
                    }
                    tx.dropIndex(name);
                }
                session.catalogChanged();
                yield "DROP INDEX";
            }
            case UtilityCommand.CreateRole c -> RoleCommands.create(c, session);
            case UtilityCommand.AlterRole a -> RoleCommands.alter(a, session);
            case UtilityCommand.RenameRole r -> RoleCommands.rename(r, session);
            case UtilityCommand.GrantRole g -> RoleCommands.grant(g, session);
            case UtilityCommand.AlterRoleSet a -> RoleCommands.alterSetting(a, session);
            case UtilityCommand.ReassignOwned r -> OwnerCommands.reassignOwned(r, session);
            case UtilityCommand.DropOwned d -> OwnerCommands.dropOwned(d, session);
            case UtilityCommand.DropRole d -> RoleCommands.drop(d, session);
            case UtilityCommand.CreateDatabase c -> {
                // createdb: have_createdb_privilege, and the new database belongs to the current user
                int me = Privileges.currentUserOid(session);
                if (!session.gucs().currentUserIsSuperuser()
                        && !Privileges.roleByOid(session, me).map(osgres.storage.Role::createDb).orElse(false)) {
                    throw PgException.error(SqlState.INSUFFICIENT_PRIVILEGE, "permission denied to create database");
                }
                session.storage().createDatabase(c.name(), me);
                yield "CREATE DATABASE";
            }
            case UtilityCommand.DropDatabase d -> {
                Storage storage = session.storage();
                if (storage.databaseOid(d.name()).isEmpty()) {
                    if (!d.ifExists()) {
                        throw PgException.error("3D000", "database \"" + d.name() + "\" does not exist");
                    }
                    session.addNotice(Messages.databaseSkipping(d.name()));
                    yield "DROP DATABASE";
                }
                int owner = storage.databaseDef(storage.databaseOid(d.name()).getAsInt())
                        .map(osgres.storage.DatabaseDef::owner).orElse(osgres.storage.Role.BOOTSTRAP_SUPERUSER_OID);
                if (!Privileges.currentUserHasPrivsOf(session, owner)) {
                    throw PgException.error(SqlState.INSUFFICIENT_PRIVILEGE, "must be owner of database " + d.name());
                }
                if (d.name().equals(session.setup().database())) {
                    throw PgException.error("55006", "cannot drop the currently open database");
                }
                storage.dropDatabase(d.name());
                yield "DROP DATABASE";
            }
            case UtilityCommand.Vacuum v -> {
                Storage storage = session.storage();
                List<String> tables = new ArrayList<>(v.tables());
                if (!tables.isEmpty()) {
                    Transaction tx = session.transaction();
                    for (String t : v.tables()) {
                        TableDef table = tx.table(t).orElseThrow(() -> Messages.relationDoesNotExist(t, 0));
                        if (table.isSequence() || table.isView()) {
                            session.addNotice(Messages.skippingNonTable("vacuum", t));
                            tables.remove(t);
                        }
                    }
                    if (tables.isEmpty()) {
                        yield "VACUUM";
                    }
                }
                // VACUUM runs outside any transaction: the implicit one holds no snapshot that would pin tuples
                session.endImplicitTransactionForVacuum();
                if (tables.isEmpty()) {
                    storage.vacuum(session.databaseOid(), null, session.proc());
                } else {
                    for (String t : tables) {
                        storage.vacuum(session.databaseOid(), t, session.proc());
                    }
                }
                yield "VACUUM";
            }
            case UtilityCommand.Analyze a -> {
                Transaction tx = session.transaction();
                List<TableDef> tables = new ArrayList<>();
                if (a.tables().isEmpty()) {
                    tx.tables().stream().filter(t -> !t.isSequence() && !t.isView()).forEach(tables::add);
                } else {
                    for (String t : a.tables()) {
                        TableDef table = tx.openTable(t, LockMode.SHARE_UPDATE_EXCLUSIVE)
                                .orElseThrow(() -> Messages.relationDoesNotExist(t, 0));
                        if (table.isSequence() || table.isView()) {
                            session.addNotice(Messages.skippingNonTable("analyze", t));
                        } else {
                            tables.add(table);
                        }
                    }
                }
                for (TableDef t : tables) {
                    tx.analyze(t);
                }
                yield "ANALYZE";
            }
            case UtilityCommand.LockTable l -> {
                if (!session.inTransactionBlock()) {
                    throw Messages.lockTableOutsideBlock();
                }
                Transaction tx = session.transaction();
                // lockcmds.c: one table at a time, in the order given
                for (String name : l.names()) {
                    TableDef table = tx.table(name).orElseThrow(() -> Messages.relationDoesNotExist(name, 0));
                    // LockTableAclCheck: SELECT for ACCESS SHARE, a writing privilege for ROW EXCLUSIVE, else
                    // UPDATE, DELETE or TRUNCATE
                    int needed = l.mode() == LockMode.ACCESS_SHARE ? Privileges.SELECT
                            : l.mode() == LockMode.ROW_EXCLUSIVE
                            ? Privileges.INSERT | Privileges.UPDATE | Privileges.DELETE | Privileges.TRUNCATE
                            : Privileges.UPDATE | Privileges.DELETE | Privileges.TRUNCATE;
                    if (!session.gucs().currentUserIsSuperuser() && Privileges.relationMask(session, table,
                            Privileges.currentUserOid(session), needed) == 0) {
                        throw Messages.permissionDenied(table.isView() ? "view" : "table", table.name());
                    }
                    tx.lockTable(table, l.mode(), l.nowait());
                }
                yield "LOCK TABLE";
            }
            case UtilityCommand.Checkpoint c -> {
                if (!session.gucs().currentUserIsSuperuser()) {
                    throw PgException.error("42501", "must be superuser to do CHECKPOINT");
                }
                session.storage().checkpointerMissing().ifPresent(session::addNotice);
                session.storage().requestCheckpoint();
                yield "CHECKPOINT";
            }
            default -> null;
        };
    }

    /**
     * ALTER TABLE ... ADD PRIMARY KEY / UNIQUE: the index, and (unless ALTER TABLE ONLY, {@code recurse} false, which
     * pg_dump uses before it builds each partition's own) the same index on every partition.
     */
    static String addConstraint(UtilityCommand.AddConstraint a, SqlSessionImpl session, boolean recurse) {
        Transaction tx = session.transaction();
        TableDef table = tx.openTable(a.table(), LockMode.ACCESS_EXCLUSIVE)
                .orElseThrow(() -> Messages.relationDoesNotExist(a.table(), 0));
        checkNotSequence(table, "ADD CONSTRAINT");
        checkColumns(table, a.columns());
        if (a.primary() && table.indexes().stream().anyMatch(i -> i.primary())) {
            throw PgException.error("42P16", "multiple primary keys for table \"" + table.name()
                    + "\" are not allowed");
        }
        String name = a.constraintName() != null ? a.constraintName()
                : a.primary() ? table.name() + "_pkey" : indexName(tx, table, a.columns(), "key");
        tx.createIndex(TemporaryTables.qualified(tx, table), name, a.columns(), true, a.primary());
        if (recurse) {
            PartitionCommands.indexPartitions(tx, table);
        }
        session.catalogChanged();
        return "ALTER TABLE";
    }

    /** ATSimplePermissions: the ALTER TABLE actions osgres has work on tables only. */
    private static void checkNotSequence(TableDef table, String action) {
        if (table.isSequence() || table.isView()) {
            throw Messages.alterActionOnSequence(action, table);
        }
    }

    private static void checkColumns(TableDef table, List<String> columns) {
        for (String c : columns) {
            if (table.columnIndex(c) < 0) {
                throw PgException.error("42703", "column \"" + c + "\" named in key does not exist");
            }
        }
    }

    /**
     * ChooseIndexName: table_col1_col2_suffix, with a number appended while the name is taken in the table's schema
     * (pg_temp_N for a temporary table, public otherwise).
     */
    static String indexName(Transaction tx, TableDef table, List<String> columns, String suffix) {
        String schema = TemporaryTables.schemaPrefix(tx, table);
        String base = table.name() + "_" + String.join("_", columns);
        String name = base + "_" + suffix;
        for (int n = 1; tx.index(schema + name).isPresent() || tx.table(schema + name).isPresent(); n++) {
            name = base + "_" + suffix + n;
        }
        return name;
    }

    static ColumnDef columnDef(UtilityCommand.ColumnSpec spec, SqlSessionImpl session) {
        osgres.sql.internal.utils.Domain domain = null;
        if (spec.domain() != null && spec.domain().endsWith("[]")) {
            // an array of a composite type: the elements' record texts in a text[], the type's oid recorded
            String element = spec.domain().substring(0, spec.domain().length() - 2);
            osgres.sql.internal.utils.CompositeType composite = session.types().compositeByName(element);
            if (composite == null) {
                if (session.types().named(element) != null || session.types().enumNamed(element) != null) {
                    throw Messages.notSupported("arrays of domains and enums", spec.typePosition());
                }
                throw Messages.typeDoesNotExist(spec.domain(), spec.typePosition());
            }
            if (spec.defaultSql() != null) {
                throw Messages.notSupported("DEFAULT on a column of a composite type", spec.typePosition());
            }
            return new ColumnDef(spec.name(), PgType.TEXT_ARRAY.oid(), -1, spec.notNull() || spec.primaryKey(), null,
                    spec.identity(), composite.oid());
        }
        if (spec.domain() != null) {
            // a type name no built-in type has: a domain's, stored as its base type
            domain = session.types().named(spec.domain());
            osgres.sql.internal.utils.CompositeType composite = domain == null
                    ? session.types().compositeByName(spec.domain()) : null;
            osgres.sql.internal.utils.EnumType enumType = domain == null && composite == null
                    ? session.types().enumNamed(spec.domain()) : null;
            if (enumType != null) {
                // a column of an enum stores the label and records the type's oid; its DEFAULT is read when used
                return new ColumnDef(spec.name(), PgType.TEXT.oid(), -1, spec.notNull() || spec.primaryKey(),
                        spec.defaultSql(), spec.identity(), enumType.oid());
            }
            if (composite != null) {
                // a column of a composite type stores the value's record_out text and records the type's oid
                spec = spec.withType(PgType.TEXT, -1);
                if (spec.defaultSql() != null) {
                    throw Messages.notSupported("DEFAULT on a column of a composite type", spec.typePosition());
                }
                return new ColumnDef(spec.name(), PgType.TEXT.oid(), -1, spec.notNull() || spec.primaryKey(), null,
                        spec.identity(), composite.oid());
            }
            if (domain == null) {
                throw Messages.typeDoesNotExist(spec.domain(), spec.typePosition());
            }
            spec = spec.withType(domain.base(), domain.typmod());
        }
        if (spec.defaultSql() != null) {
            // validate now, as PostgreSQL does at CREATE TABLE (cookDefault)
            ModifyAnalyzer.columnDefault(spec.defaultSql(), spec.type(), spec.typmod(), session.gucs().zone());
        }
        return new ColumnDef(spec.name(), spec.type().oid(), spec.typmod(), spec.notNull() || spec.primaryKey(),
                spec.defaultSql(), spec.identity(), domain == null ? 0 : domain.oid());
    }

    /**
     * CREATE TABLE ... AS (createas.c): the query's result columns (renamed by the column list, unknown-typed ones
     * as text) become the table, its rows go in unless WITH NO DATA; the tag is {@code SELECT n}, or
     * {@code CREATE TABLE AS} without data or when IF NOT EXISTS found the table.
     */
    /**
     * RangeVarGetAndCheckCreationNamespace and the checks of DefineType, CreateFunction, DefineAggregate and
     * DefineOperator, before anything else of the command: CREATE on the schema a new relation, type, function,
     * aggregate or operator goes in (42501 {@code permission denied for schema %s}); a temporary
     * relation needs TEMP on the database (InitTempTableNamespace's message while the backend has no temporary
     * schema yet, else the temporary schema's, as pg_namespace_aclmask gives it only CREATE with TEMP).
     */
    private static void checkCreationNamespace(UtilityCommand command, SqlSessionImpl session) {
        String name;
        boolean temporary;
        switch (command) {
            case UtilityCommand.CreateTable c -> {
                name = c.name();
                temporary = c.temporary();
            }
            case UtilityCommand.CreateTableAs c -> {
                name = c.name();
                temporary = c.temporary();
            }
            case UtilityCommand.CreateView c -> {
                name = c.name();
                temporary = c.temporary();
            }
            case UtilityCommand.CreateSequence c -> {
                name = c.name();
                temporary = false;
            }
            case UtilityCommand.CreateDomain c -> {
                name = c.name();
                temporary = false;
            }
            case UtilityCommand.CreateEnum c -> {
                name = c.name();
                temporary = false;
            }
            case UtilityCommand.CreateComposite c -> {
                name = c.name();
                temporary = false;
            }
            case UtilityCommand.CreateFunction c -> {
                name = qualifiedName(c.statement().getFuncnameList());
                temporary = false;
            }
            case UtilityCommand.CreateAggregate c -> {
                name = qualifiedName(c.statement().getDefnamesList());
                temporary = false;
            }
            case UtilityCommand.CreateOperator c -> {
                name = qualifiedName(c.statement().getDefnamesList());
                temporary = false;
            }
            default -> {
                return;
            }
        }
        int dot = name.indexOf('.');
        String schema = dot < 0 ? "public" : name.substring(0, dot);
        try {
            if (temporary || TemporaryTables.isTemporarySchema(schema)) {
                java.util.Optional<String> mine = session.transaction().temporarySchema();
                if (mine.isEmpty()) {
                    DatabasePrivileges.checkCreateTemporary(session, session.setup().database());
                } else {
                    DatabasePrivileges.checkCreateIn(session, mine.get());
                }
            } else if (DatabasePrivileges.schemaExists(schema)) {
                DatabasePrivileges.checkCreateIn(session, schema);
            }
        } catch (PgException e) {
            // transformCreateStmt reports it at the table's name; DefineRelation's other callers have no position
            throw command instanceof UtilityCommand.CreateTable c ? e.withPosition(c.namePosition()) : e;
        }
    }

    /** A qualified name's parts (String nodes) joined with dots, as the other commands' names are written. */
    private static String qualifiedName(List<osgres.pgquery.tree.PgQuery.Node> parts) {
        List<String> names = new ArrayList<>();
        for (osgres.pgquery.tree.PgQuery.Node n : parts) {
            names.add(n.getString().getSval());
        }
        return String.join(".", names);
    }

    private static String createTableAs(UtilityCommand.CreateTableAs c, SqlSessionImpl session) {
        Transaction tx = session.transaction();
        String target = TemporaryTables.creationName(c.name(), c.temporary(), c.onCommit(), 0);
        String relname = TemporaryTables.relname(c.name());
        if (tx.table(target).isPresent()) {
            if (c.ifNotExists()) {
                session.addNotice(PgException.error("42P07", "relation \"" + relname
                        + "\" already exists, skipping").withSeverity(osgres.api.Severity.NOTICE));
                return "CREATE TABLE AS";
            }
            throw PgException.error("42P07", "relation \"" + relname + "\" already exists");
        }
        Object[] parameters = null;
        ParsedStatement inner;
        if (c.execute() != null) {
            PreparedStatements.Binding binding = session.preparedStatements().bind(c.execute(), session);
            inner = binding.statement();
            parameters = binding.values();
            if (inner.query() == null || inner.query().isModify()) {
                throw Messages.preparedStatementNotSelect();
            }
        } else {
            inner = session.prepareInternal(c.query());
        }
        PlannedQuery q = inner.query();
        if (q == null || q.isModify()) {
            throw Messages.notSupported("CREATE TABLE AS with this query", 0);
        }
        List<osgres.sql.Column> result = inner.columns();
        if (c.columnNames().size() > result.size()) {
            throw PgException.error("42601", "too many column names were specified");
        }
        List<ColumnDef> columns = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < result.size(); i++) {
            String name = i < c.columnNames().size() ? c.columnNames().get(i) : result.get(i).name();
            if (!seen.add(name)) {
                throw PgException.error("42701", "column \"" + name + "\" specified more than once");
            }
            if (osgres.sql.internal.nodes.Query.SystemColumn.of(name) != null) {
                throw Messages.conflictsWithSystemColumn(name);
            }
            PgType type = PgType.byOid(result.get(i).typeOid());
            boolean unknown = type == null || type == PgType.UNKNOWN;
            if (type == null) {
                // a composite's or an enum's own oid: a column of that type (its values' text stored)
                columns.add(new ColumnDef(name, PgType.TEXT.oid(), -1, false, null, ColumnDef.NOT_IDENTITY,
                        result.get(i).typeOid()));
                continue;
            }
            if (type == PgType.RECORD || type == PgType.ANYENUM || type.isArray()
                    && !osgres.storage.TypeOids.isArray(type.oid())) {
                // storage keeps arrays of its own column types only, and no anonymous records
                throw Messages.notSupported("column \"" + name + "\" of type " + type.sqlName(), 0);
            }
            columns.add(new ColumnDef(name, unknown ? PgType.TEXT.oid() : type.oid(),
                    unknown ? -1 : result.get(i).typeModifier(), false, null));
        }
        TableDef table = create(tx, target, c.temporary(), c.onCommit(), columns, c.fillfactor(), c.options());
        session.catalogChanged();
        if (!c.withData()) {
            return "CREATE TABLE AS";
        }
        ExecContext ctx = new ExecContext(parameters, session);
        RowSource rows = q.open(ctx);
        long count = 0;
        try {
            for (Object[] row = rows.next(); row != null; row = rows.next()) {
                Object[] stored = java.util.Arrays.copyOf(row, columns.size());
                for (int i = 0; i < stored.length; i++) {
                    // a composite's or an enum's value is stored as its text (record_out, the label)
                    if (stored[i] instanceof osgres.sql.internal.utils.RowValue r) {
                        stored[i] = r.output(ctx.output());
                    } else if (stored[i] instanceof osgres.sql.internal.utils.EnumValue e) {
                        stored[i] = e.label();
                    }
                }
                tx.insert(table, stored);
                count++;
            }
        } finally {
            rows.close();
        }
        return "SELECT " + count;
    }

    /**
     * REINDEX (indexcmds.c): INDEX rebuilds one index, TABLE each index of the table (a NOTICE when it has none),
     * SCHEMA public and DATABASE (the current one only) each user table's; SYSTEM has no user index to rebuild.
     */
    private static String reindex(UtilityCommand.Reindex r, SqlSessionImpl session) {
        Transaction tx = session.transaction();
        switch (r.kind()) {
            case "INDEX" -> {
                if (tx.index(r.name()).isEmpty()) {
                    if (tx.table(r.name()).isPresent()) {
                        throw PgException.error(SqlState.WRONG_OBJECT_TYPE, "\"" + TemporaryTables.relname(r.name())
                                + "\" is not an index");
                    }
                    throw Messages.relationDoesNotExist(r.name(), 0);
                }
                tx.reindex(r.name());
            }
            case "TABLE" -> {
                TableDef table = tx.openTable(r.name(), LockMode.SHARE)
                        .orElseThrow(() -> Messages.relationDoesNotExist(r.name(), 0));
                if (table.indexes().isEmpty()) {
                    session.addNotice(Messages.noIndexesToReindex(table.name()));
                }
                reindexTable(tx, table);
            }
            case "SCHEMA" -> {
                if (!r.name().equals("public")) {
                    throw Messages.schemaDoesNotExist(r.name());
                }
                tx.tables().forEach(t -> reindexTable(tx, t));
            }
            case "DATABASE" -> {
                if (r.name() != null && !r.name().isEmpty() && !r.name().equals(session.setup().database())) {
                    throw PgException.error(SqlState.FEATURE_NOT_SUPPORTED,
                            "can only reindex the currently open database");
                }
                tx.tables().forEach(t -> reindexTable(tx, t));
            }
            default -> {
                if (r.concurrently()) {
                    throw PgException.error(SqlState.FEATURE_NOT_SUPPORTED,
                            "cannot reindex system catalogs concurrently");
                }
            }
        }
        session.catalogChanged();
        return "REINDEX";
    }

    private static void reindexTable(Transaction tx, TableDef table) {
        if (table.isView() || table.isSequence()) {
            return;
        }
        String prefix = TemporaryTables.schemaPrefix(tx, table);
        for (osgres.storage.IndexDef ix : table.indexes()) {
            tx.reindex(prefix + ix.name());
        }
    }

    /** heap_create_with_catalog of a temporary or a permanent table. */
    private static TableDef create(Transaction tx, String target, boolean temporary,
                                   osgres.storage.OnCommitAction onCommit, List<ColumnDef> columns, int fillfactor,
                                   java.util.Map<String, String> options) {
        if (temporary) {
            return tx.createTemporaryTable(target, columns, fillfactor, options,
                    onCommit == null ? osgres.storage.OnCommitAction.PRESERVE_ROWS : onCommit);
        }
        return tx.createTable(target, columns, fillfactor, options);
    }

    /** The columns of the LIKE clauses written before the {@code at}-th column (after the last: at = count). */
    private static void addLikeColumns(UtilityCommand.CreateTable c, List<TableDef> sources, int at,
                                       List<ColumnDef> columns) {
        for (int i = 0; i < sources.size(); i++) {
            if (c.likes().get(i).columnsBefore() != at) {
                continue;
            }
            for (ColumnDef like : TableLikeClauses.columns(c.likes().get(i), sources.get(i))) {
                if (PartitionCommands.indexOf(columns, like.name()) >= 0) {
                    throw PgException.error("42701", "column \"" + like.name() + "\" specified more than once");
                }
                columns.add(like);
            }
        }
    }

    private static String createTable(UtilityCommand.CreateTable c, SqlSessionImpl session) {
        Transaction tx = session.transaction();
        String target = TemporaryTables.creationName(c.name(), c.temporary(), c.onCommit(), c.namePosition());
        String relname = TemporaryTables.relname(c.name());
        if (tx.table(target).isPresent() || tx.index(target).isPresent()) {
            if (c.ifNotExists()) {
                session.addNotice(Messages.relationSkipping(relname));
                return "CREATE TABLE";
            }
            throw PgException.error("42P07", "relation \"" + relname + "\" already exists");
        }
        List<TableDef> parents = PartitionCommands.parents(c, session);
        List<ColumnDef> columns = new ArrayList<>(PartitionCommands.inheritedColumns(c, parents, session));
        int inheritedCount = columns.size();
        List<String> sequenceNames = new ArrayList<>();
        List<TableDef> likeSources = TableLikeClauses.sources(c, session);
        for (int at = 0; at < c.columns().size(); at++) {
            addLikeColumns(c, likeSources, at, columns);
            UtilityCommand.ColumnSpec spec = c.columns().get(at);
            int inherited = PartitionCommands.indexOf(columns, spec.name());
            if (inherited >= 0 && inherited < inheritedCount && !spec.ownsSequence()) {
                columns.set(inherited, PartitionCommands.merge(columns.get(inherited), columnDef(spec, session),
                        inherited == sequenceNames.size(), session));
                sequenceNames.add(null);
                continue;
            }
            for (ColumnDef existing : columns) {
                if (existing.name().equals(spec.name())) {
                    throw PgException.error("42701", "column \"" + spec.name() + "\" specified more than once");
                }
            }
            if (osgres.sql.internal.nodes.Query.SystemColumn.of(spec.name()) != null) {
                throw Messages.conflictsWithSystemColumn(spec.name());
            }
            boolean inPrimaryKey = c.primaryKey() != null && c.primaryKey().contains(spec.name());
            String sequenceName = null;
            if (spec.ownsSequence()) {
                if (target.startsWith("pg_temp.")) {
                    throw Messages.notSupported("SERIAL and identity columns in temporary tables", 0);
                }
                // generateSerialExtraStmts: the column's sequence and its nextval DEFAULT
                sequenceName = SequenceCommands.chooseName(tx, relname, spec.name(), sequenceNames);
                spec = spec.withDefault(true, SequenceCommands.nextvalDefault(sequenceName));
            }
            sequenceNames.add(sequenceName);
            ColumnDef def = columnDef(spec, session);
            if (inPrimaryKey && !def.notNull()) {
                def = def.withNotNull(true);
            }
            columns.add(def);
        }
        addLikeColumns(c, likeSources, c.columns().size(), columns);
        TableDef table = create(tx, target, c.temporary(), c.onCommit(), columns, c.fillfactor(), c.options());
        String qualified = TemporaryTables.qualified(tx, table);
        for (int i = 0; i < c.columns().size(); i++) {
            if (sequenceNames.get(i) != null) {
                SequenceCommands.createForColumn(tx, table, table.columnIndex(c.columns().get(i).name()),
                        sequenceNames.get(i), c.columns().get(i));
            }
        }
        if (c.primaryKey() != null) {
            checkColumns(table, c.primaryKey());
            tx.createIndex(qualified, table.name() + "_pkey", c.primaryKey(), true, true);
        }
        for (UtilityCommand.ColumnSpec spec : c.columns()) {
            if (spec.unique() && !spec.primaryKey()) {
                tx.createIndex(qualified, indexName(tx, table, List.of(spec.name()), "key"),
                        List.of(spec.name()), true, false);
            }
        }
        for (List<String> unique : c.uniques()) {
            checkColumns(table, unique);
            tx.createIndex(qualified, indexName(tx, table, unique, "key"), unique, true, false);
        }
        PartitionCommands.finishCreate(c, table, parents, session);
        TableLikeClauses.finish(c, likeSources, table, session);
        List<UtilityCommand.CheckSpec> checks = new ArrayList<>();
        List<UtilityCommand.ForeignKeySpec> keys = new ArrayList<>();
        for (UtilityCommand constraint : c.constraints()) {
            switch (constraint) {
                case UtilityCommand.AddCheck a -> checks.add(a.check());
                case UtilityCommand.AddForeignKey f -> keys.add(f.key());
                default -> throw new IllegalStateException("constraint " + constraint);
            }
        }
        if (!checks.isEmpty()) {
            AlterTableCommands.addChecks(session, tx.table(qualified).orElseThrow(), checks, true);
        }
        if (!keys.isEmpty()) {
            ForeignKeys.add(session, tx.table(qualified).orElseThrow(), keys);
        }
        session.catalogChanged();
        return "CREATE TABLE";
    }
}
