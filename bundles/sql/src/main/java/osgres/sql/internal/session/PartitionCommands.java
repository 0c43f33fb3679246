/*
 * The DDL of inheritance and declarative partitioning (PostgreSQL's tablecmds.c: MergeAttributes for INHERITS and
 * PARTITION OF, DefineRelation's partition key and bound checks, ATExecAttachPartition / ATExecDetachPartition,
 * ATExecAddInherit / ATExecDropInherit, and the inheritance part of RemoveRelations). It decides the columns a new
 * child gets, checks keys and bounds (PartitionBounds), records parents, key and bound in the child's catalog entry
 * and gives a new partition its parent's indexes (partial ones too) and CHECK constraints; checks operator classes
 * (OpClassCatalog) and temporary / permanent mixing. Column and constraint changes of a parent reach its children
 * through AlterTableCommands. Not done: DETACH ... CONCURRENTLY, user-defined functions in key expressions.
 */
package osgres.sql.internal.session;

import osgres.sql.internal.analyze.PartitionBounds;
import osgres.sql.internal.catalog.TemporaryTables;
import osgres.sql.internal.exec.PartitionRouter;
import osgres.sql.internal.parser.PartitionBoundSpec;
import osgres.sql.internal.parser.UtilityCommand;
import osgres.sql.internal.plan.InheritanceTree;
import osgres.sql.internal.utils.ExecContext;
import osgres.sql.internal.utils.Messages;

import java.util.ArrayList;
import java.util.List;

import osgres.api.PgException;
import osgres.api.Severity;
import osgres.api.SqlState;
import osgres.storage.CheckConstraint;
import osgres.storage.ColumnDef;
import osgres.storage.IndexDef;
import osgres.storage.Inheritance;
import osgres.storage.LockMode;
import osgres.storage.RowScan;
import osgres.storage.TableDef;
import osgres.storage.Transaction;

final class PartitionCommands {

    private PartitionCommands() {
    }

    /** The parents of CREATE TABLE ... INHERITS / PARTITION OF, opened and checked (empty when none). */
    static List<TableDef> parents(UtilityCommand.CreateTable c, SqlSessionImpl session) {
        UtilityCommand.TableInheritance inh = c.inheritance();
        if (inh == null) {
            return List.of();
        }
        Transaction tx = session.transaction();
        List<TableDef> parents = new ArrayList<>();
        for (String name : inh.parents()) {
            TableDef parent = tx.openTable(name, inh.bound() != null ? LockMode.ACCESS_EXCLUSIVE
                    : LockMode.SHARE_UPDATE_EXCLUSIVE).orElseThrow(() -> Messages.relationDoesNotExist(name, 0));
            if (parent.isView() || parent.isSequence()) {
                throw PgException.error(SqlState.WRONG_OBJECT_TYPE, "inherited relation \"" + parent.name()
                        + "\" is not a table or foreign table");
            }
            if (inh.bound() == null && parent.isPartitioned()) {
                throw PgException.error(SqlState.WRONG_OBJECT_TYPE, "cannot inherit from partitioned table \""
                        + parent.name() + "\"");
            }
            if (inh.bound() == null && parent.inheritance().isPartition()) {
                throw PgException.error(SqlState.WRONG_OBJECT_TYPE, "cannot inherit from partition \""
                        + parent.name() + "\"");
            }
            boolean partition = inh.bound() != null;
            if (partition && !tx.isTemporary(parent) && c.temporary()) {
                throw PgException.error(SqlState.WRONG_OBJECT_TYPE, "cannot create a temporary relation as "
                        + "partition of permanent relation \"" + parent.name() + "\"");
            }
            if (!c.temporary() && tx.isTemporary(parent)) {
                throw PgException.error(SqlState.WRONG_OBJECT_TYPE, (partition
                        ? "cannot create a permanent relation as partition of temporary relation \""
                        : "cannot inherit from temporary relation \"") + parent.name() + "\"");
            }
            if (inh.bound() != null && !parent.isPartitioned()) {
                throw PgException.error(SqlState.INVALID_OBJECT_DEFINITION, "\"" + parent.name()
                        + "\" is not partitioned");
            }
            if (parents.stream().anyMatch(p -> p.oid() == parent.oid())) {
                throw PgException.error("42P07", "relation \"" + parent.name() + "\" would be inherited from more "
                        + "than once");
            }
            parents.add(parent);
        }
        return parents;
    }

    /**
     * MergeAttributes: the parents' columns first (a column of several parents once, with a NOTICE), NOT NULL if
     * any parent's is; PARTITION OF's column options applied. The new table's own columns come after, merged
     * by {@link #merge} when they repeat an inherited name.
     */
    static List<ColumnDef> inheritedColumns(UtilityCommand.CreateTable c, List<TableDef> parents,
                                            SqlSessionImpl session) {
        List<ColumnDef> columns = new ArrayList<>();
        for (TableDef parent : parents) {
            for (ColumnDef pc : parent.columns()) {
                int at = indexOf(columns, pc.name());
                ColumnDef inherited = new ColumnDef(pc.name(), pc.typeOid(), pc.typeModifier(), pc.notNull(),
                        pc.defaultSql(), ColumnDef.NOT_IDENTITY, pc.domain());
                if (at < 0) {
                    columns.add(inherited);
                    continue;
                }
                ColumnDef existing = columns.get(at);
                session.addNotice(notice("merging multiple inherited definitions of column \"" + pc.name() + "\""));
                checkSameType(pc.name(), existing, pc);
                columns.set(at, existing.withNotNull(existing.notNull() || pc.notNull()));
            }
        }
        if (c.inheritance() != null) {
            for (UtilityCommand.ColumnSpec option : c.inheritance().columnOptions()) {
                int at = indexOf(columns, option.name());
                if (at < 0) {
                    throw PgException.error(SqlState.UNDEFINED_COLUMN, "column \"" + option.name()
                            + "\" does not exist");
                }
                ColumnDef pc = columns.get(at);
                columns.set(at, pc.withNotNull(pc.notNull() || option.notNull())
                        .withDefault(option.defaultSql() != null ? option.defaultSql() : pc.defaultSql()));
            }
        }
        return columns;
    }

    /** Whether a partitioned table's key reads the column (names it as an identifier, plain or in an expression). */
    static boolean keyReads(TableDef table, String column) {
        String key = table.isPartitioned() ? table.inheritance().partitionKey() : null;
        if (key == null) {
            return false;
        }
        for (osgres.sql.internal.parser.QueryLexer.Token t
                : osgres.sql.internal.parser.QueryLexer.split(key).getFirst().tokens()) {
            if ((t.kind() == osgres.sql.internal.parser.QueryLexer.Kind.IDENT
                    || t.kind() == osgres.sql.internal.parser.QueryLexer.Kind.QUOTED_IDENT)
                    && t.text().equals(column)) {
                return true;
            }
        }
        return false;
    }

    /** A column of the new table that repeats an inherited one: one column, with a NOTICE. */
    static ColumnDef merge(ColumnDef inherited, ColumnDef own, boolean samePosition, SqlSessionImpl session) {
        if (samePosition) {
            session.addNotice(notice("merging column \"" + own.name() + "\" with inherited definition"));
        } else {
            session.addNotice(notice("moving and merging column \"" + own.name() + "\" with inherited definition")
                    .withDetail("User-specified column moved to the position of the inherited column."));
        }
        checkSameType(own.name(), inherited, own);
        return new ColumnDef(own.name(), inherited.typeOid(), inherited.typeModifier(),
                inherited.notNull() || own.notNull(), own.defaultSql() != null ? own.defaultSql()
                : inherited.defaultSql(), own.identity(), inherited.domain());
    }

    private static void checkSameType(String name, ColumnDef a, ColumnDef b) {
        if (a.typeOid() != b.typeOid() || a.typeModifier() != b.typeModifier()) {
            throw PgException.error(SqlState.DATATYPE_MISMATCH, "column \"" + name + "\" has a type conflict")
                    .withDetail(typeName(a) + " versus " + typeName(b));
        }
    }

    private static String typeName(ColumnDef c) {
        return ViewCommands.formatType(c);
    }

    static int indexOf(List<ColumnDef> columns, String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private static PgException notice(String message) {
        return PgException.error("00000", message).withSeverity(Severity.NOTICE);
    }

    /**
     * After heap_create_with_catalog: the partition key, the parents and the bound go into the new table's entry;
     * a new partition gets its parent's indexes.
     */
    static void finishCreate(UtilityCommand.CreateTable c, TableDef table, List<TableDef> parents,
                             SqlSessionImpl session) {
        UtilityCommand.TableInheritance inh = c.inheritance();
        if (inh == null) {
            return;
        }
        Transaction tx = session.transaction();
        String qualified = TemporaryTables.qualified(tx, table);
        String keyText = inh.key() == null ? null : keyText(inh.key(), table);
        String boundText = null;
        if (inh.bound() != null) {
            boundText = checkBound(tx, parents.getFirst(), table, inh.bound(), session);
        }
        List<Integer> parentOids = parents.stream().map(TableDef::oid).toList();
        TableDef updated = tx.setInheritance(qualified, new Inheritance(parentOids, keyText, boundText));
        List<CheckConstraint> inherited = new ArrayList<>();
        for (TableDef parent : parents) {
            for (CheckConstraint check : parent.checks()) {
                if (!check.noInherit() && inherited.stream().noneMatch(x -> x.name().equals(check.name()))) {
                    inherited.add(check); // MergeAttributes: the parents' CHECKs, each name once
                }
            }
        }
        if (!inherited.isEmpty()) {
            updated = tx.alterTable(qualified, updated.withChecks(inherited));
        }
        for (TableDef parent : parents) {
            markHasSubclass(tx, parent);
        }
        if (updated.isPartitioned()) {
            // analyses the key's expressions (their errors come now) and finds its operator classes
            checkOperatorClasses(PartitionBounds.key(updated), session);
            checkUniqueIndexes(updated);
        }
        if (inh.bound() != null) {
            cloneIndexes(tx, parents.getFirst(), updated);
        }
    }

    /** PostgreSQL's built-in btree and hash operator classes osgres's types have. */
    private static final java.util.Set<String> BUILTIN_OPCLASSES = java.util.Set.of("int2_ops", "int4_ops",
            "int8_ops", "oid_ops", "bool_ops", "text_ops", "varchar_ops", "bpchar_ops", "name_ops", "date_ops",
            "numeric_ops", "float4_ops", "float8_ops", "timestamp_ops", "timestamptz_ops", "time_ops", "interval_ops",
            "uuid_ops", "bytea_ops", "char_ops", "text_pattern_ops", "varchar_pattern_ops", "bpchar_pattern_ops");

    /**
     * ResolveOpClass for each key column: a class of the access method the strategy uses (hash for HASH, btree
     * otherwise) that accepts the column's type; 42704 when there is none of that name.
     */
    private static void checkOperatorClasses(PartitionBounds.Key key, SqlSessionImpl session) {
        String method = key.strategy() == PartitionBounds.Strategy.HASH ? "hash" : "btree";
        for (int i = 0; i < key.opclasses().length; i++) {
            String name = key.opclasses()[i];
            if (name == null || BUILTIN_OPCLASSES.contains(name)) {
                continue;
            }
            OpClassCatalog.Entry e = session.opClasses().find(name, method);
            if (e == null) {
                throw PgException.error(SqlState.UNDEFINED_OBJECT, "operator class \"" + name
                        + "\" does not exist for access method \"" + method + "\"");
            }
            if (e.definition().type() != key.types()[i]) {
                throw PgException.error(SqlState.DATATYPE_MISMATCH, "operator class \"" + name
                        + "\" does not accept data type " + key.types()[i].sqlName());
            }
        }
    }

    /** SetRelationHasSubclass: from now on queries on {@code parent} look for its children. */
    private static void markHasSubclass(Transaction tx, TableDef parent) {
        if (!parent.inheritance().hasSubclass()) {
            tx.setInheritance(TemporaryTables.qualified(tx, parent), parent.inheritance().withSubclass());
        }
    }

    /** ComputePartitionAttrs: the key's columns must exist; LIST takes one column. */
    private static String keyText(UtilityCommand.PartitionKeySpec key, TableDef table) {
        PartitionBounds.Strategy strategy = switch (key.strategy()) {
            case "list" -> PartitionBounds.Strategy.LIST;
            case "range" -> PartitionBounds.Strategy.RANGE;
            case "hash" -> PartitionBounds.Strategy.HASH;
            default -> throw PgException.error(SqlState.INVALID_PARAMETER_VALUE, "unrecognized partitioning strategy \""
                    + key.strategy() + "\"");
        };
        if (strategy == PartitionBounds.Strategy.LIST && key.columns().size() > 1) {
            throw PgException.error(SqlState.INVALID_TABLE_DEFINITION,
                    "cannot use \"list\" partition strategy with more than one column");
        }
        for (int i = 0; i < key.columns().size(); i++) {
            String name = key.columns().get(i);
            if (!name.startsWith(PartitionBoundSpec.EXPRESSION_MARK) && table.columnIndex(name) < 0
                    && osgres.sql.internal.nodes.Query.SystemColumn.of(name) != null) {
                throw PgException.error(SqlState.INVALID_OBJECT_DEFINITION, "cannot use system column \"" + name
                        + "\" in partition key").withPosition(key.positions().get(i));
            }
            if (!key.columns().get(i).startsWith(PartitionBoundSpec.EXPRESSION_MARK)
                    && table.columnIndex(key.columns().get(i)) < 0) {
                throw PgException.error(SqlState.UNDEFINED_COLUMN, "column \"" + key.columns().get(i)
                        + "\" named in partition key does not exist").withPosition(key.positions().get(i));
            }
        }
        return PartitionBounds.keyText(strategy, key.columns());
    }

    /**
     * check_new_partition_bound and check_default_partition_contents: the bound's text for the catalog, after
     * checking it overlaps no sibling and that a default partition holds no row the new partition would take.
     */
    private static String checkBound(Transaction tx, TableDef parent, TableDef partition,
                                     PartitionBoundSpec.Spec spec, SqlSessionImpl session) {
        ExecContext ctx = new ExecContext(null, session);
        PartitionBounds.Key key = PartitionBounds.key(parent);
        PartitionBounds.Bound bound = PartitionBounds.evaluate(key, spec, partition.name(), ctx);
        List<TableDef> siblings = new ArrayList<>();
        List<PartitionBounds.Bound> bounds = new ArrayList<>();
        TableDef defaultPartition = null;
        for (TableDef sibling : InheritanceTree.children(tx, parent)) {
            if (sibling.oid() == partition.oid()) {
                continue;
            }
            PartitionBounds.Bound b = PartitionBounds.bound(sibling, key, ctx);
            if (b instanceof PartitionBounds.DefaultBound) {
                defaultPartition = sibling;
            }
            siblings.add(sibling);
            bounds.add(b);
        }
        if (bound instanceof PartitionBounds.DefaultBound && defaultPartition != null) {
            throw PgException.error(SqlState.INVALID_OBJECT_DEFINITION, "partition \"" + partition.name()
                    + "\" conflicts with existing default partition \"" + defaultPartition.name() + "\"")
                    .withPosition(spec.position());
        }
        PartitionBounds.Overlap overlap = PartitionBounds.overlapping(key, bound, siblings, bounds);
        if (overlap != null) {
            throw PgException.error(SqlState.INVALID_OBJECT_DEFINITION, "partition \"" + partition.name()
                    + "\" would overlap partition \"" + overlap.with().name() + "\"")
                    .withPosition(overlapPosition(spec, overlap));
        }
        if (defaultPartition != null && !(bound instanceof PartitionBounds.DefaultBound)) {
            for (TableDef leaf : InheritanceTree.descendants(tx, defaultPartition)) {
                if (!leaf.isPartitioned() && anyRow(tx, leaf, defaultPartition, row -> PartitionBounds.accepts(key,
                        bound, PartitionBounds.keyValues(key, InheritanceTree.convert(leaf, parent, row), ctx)))) {
                    throw PgException.error(SqlState.CHECK_VIOLATION, "updated partition constraint for default "
                            + "partition \"" + defaultPartition.name() + "\" would be violated by some row");
                }
            }
        }
        return PartitionBounds.text(key, bound, ctx);
    }

    /** The datum of the written bound an overlap error points at. */
    private static int overlapPosition(PartitionBoundSpec.Spec spec, PartitionBounds.Overlap overlap) {
        if (!spec.list().isEmpty()) {
            // the values were deduplicated and NULL set apart: find the written datum of that value
            int index = overlap.index();
            int seen = -1;
            for (PartitionBoundSpec.Datum d : spec.list()) {
                boolean isNull = d.sql().strip().equalsIgnoreCase("null");
                if (index < 0 ? isNull : !isNull && ++seen == index) {
                    return d.position();
                }
            }
            return spec.position();
        }
        if (spec.strategy() == 'h') {
            return spec.position();
        }
        List<PartitionBoundSpec.Datum> datums = overlap.upper() ? spec.upper() : spec.lower();
        return overlap.index() < datums.size() ? datums.get(overlap.index()).position() : spec.position();
    }

    private static boolean anyRow(Transaction tx, TableDef leaf, TableDef top,
                                  java.util.function.Predicate<Object[]> test) {
        tx.openTable(TemporaryTables.qualified(tx, leaf), LockMode.ACCESS_EXCLUSIVE);
        try (RowScan scan = tx.scan(leaf)) {
            while (scan.hasNext()) {
                if (test.test(scan.next().values())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** DefineIndex on a partitioned table reaches each partition: a new partition gets the parent's indexes. */
    static void cloneIndexes(Transaction tx, TableDef parent, TableDef partition) {
        String qualified = TemporaryTables.qualified(tx, partition);
        for (IndexDef ix : parent.indexes()) {
            List<String> columns = new ArrayList<>();
            for (int c : ix.columns()) {
                columns.add(parent.columns().get(c).name());
            }
            TableDef current = tx.table(qualified).orElse(partition);
            boolean present = current.indexes().stream().anyMatch(existing -> existing.unique() == ix.unique()
                    && existing.columns().equals(columnPositions(current, columns))
                    && java.util.Objects.equals(existing.predicate(), ix.predicate()));
            if (present) {
                continue;
            }
            // the name a constraint's or a plain index's clone gets (a UNIQUE constraint's index is named ..._key)
            String name = ix.primary() ? partition.name() + "_pkey"
                    : DdlExecutor.indexName(tx, current, columns, ix.unique() && ix.name().endsWith("_key") ? "key"
                    : "idx");
            if (ix.partial()) {
                // the predicate reads columns by name: the partition's positions of them
                List<Integer> predicateColumns = ix.predicateColumns().stream()
                        .map(p -> current.columnIndex(parent.columns().get(p).name())).toList();
                tx.createIndex(qualified, name, columns, ix.unique(), ix.predicate(), predicateColumns);
                continue;
            }
            tx.createIndex(qualified, name, columns, ix.unique(), ix.primary());
        }
    }

    private static List<Integer> columnPositions(TableDef table, List<String> names) {
        return names.stream().map(table::columnIndex).toList();
    }

    /**
     * DefineIndex's rule for a partitioned table: a unique index (or PRIMARY KEY / UNIQUE constraint) is unique
     * only within each partition, so it must contain every partition key column (0A000 otherwise).
     */
    private static void checkUniqueIndexes(TableDef table) {
        PartitionBounds.Key key = PartitionBounds.key(table);
        for (IndexDef ix : table.indexes()) {
            if (!ix.unique()) {
                continue;
            }
            String kind = ix.primary() ? "PRIMARY KEY" : "UNIQUE";
            for (int i = 0; i < key.columns().length; i++) {
                if (key.columns()[i] < 0) {
                    throw PgException.error(SqlState.FEATURE_NOT_SUPPORTED,
                            "unsupported " + kind + " constraint with partition key definition")
                            .withDetail(kind + " constraints cannot be used when partition keys include "
                                    + "expressions.");
                }
                if (!ix.columns().contains(key.columns()[i])) {
                    throw PgException.error(SqlState.FEATURE_NOT_SUPPORTED,
                            "unique constraint on partitioned table must include all partitioning columns")
                            .withDetail(kind + " constraint on table \"" + table.name() + "\" lacks column \""
                                    + key.names().get(i) + "\" which is part of the partition key.");
                }
            }
        }
    }

    /** DefineIndex: an index on a partitioned table is made on each of its partitions (recursively) too. */
    static void indexPartitions(Transaction tx, TableDef table) {
        if (!table.isPartitioned()) {
            return;
        }
        TableDef current = tx.table(TemporaryTables.qualified(tx, table)).orElse(table);
        checkUniqueIndexes(current);
        for (TableDef child : InheritanceTree.children(tx, current)) {
            cloneIndexes(tx, current, child);
            indexPartitions(tx, child);
        }
    }

    /**
     * ALTER INDEX index ATTACH PARTITION partitionIndex (ATExecAttachPartitionIdx): both must be indexes (42P01),
     * the second's table a partition of the first's (42809); osgres records no link between them.
     */
    static String attachIndex(UtilityCommand.AttachIndexPartition a, SqlSessionImpl session) {
        Transaction tx = session.transaction();
        osgres.storage.IndexDef parent = tx.index(a.index())
                .orElseThrow(() -> Messages.relationDoesNotExist(TemporaryTables.relname(a.index()), 0));
        osgres.storage.IndexDef child = tx.index(a.partitionIndex())
                .orElseThrow(() -> Messages.relationDoesNotExist(TemporaryTables.relname(a.partitionIndex()), 0));
        TableDef parentTable = InheritanceTree.byOid(tx, parent.tableOid());
        TableDef childTable = InheritanceTree.byOid(tx, child.tableOid());
        if (parentTable == null || childTable == null
                || !childTable.inheritance().parents().contains(parentTable.oid())) {
            throw PgException.error(SqlState.INVALID_OBJECT_DEFINITION, "cannot attach index \"" + child.name()
                    + "\" as a partition of index \"" + parent.name() + "\"").withDetail("Index \""
                    + child.name() + "\" is not an index on any partition of table \""
                    + (parentTable == null ? "" : parentTable.name()) + "\".");
        }
        return "ALTER INDEX";
    }

    /** ALTER TABLE parent ATTACH PARTITION table FOR VALUES ... (ATExecAttachPartition). */
    static String attach(UtilityCommand.AttachPartition a, SqlSessionImpl session) {
        Transaction tx = session.transaction();
        TableDef parent = tx.openTable(a.table(), LockMode.SHARE_UPDATE_EXCLUSIVE)
                .orElseThrow(() -> Messages.relationDoesNotExist(a.table(), 0));
        if (!parent.isPartitioned()) {
            throw PgException.error(SqlState.WRONG_OBJECT_TYPE, "table \"" + parent.name() + "\" is not partitioned");
        }
        TableDef table = tx.openTable(a.partition(), LockMode.ACCESS_EXCLUSIVE)
                .orElseThrow(() -> Messages.relationDoesNotExist(a.partition(), 0));
        if (table.inheritance().isPartition()) {
            throw PgException.error(SqlState.OBJECT_IN_USE, "\"" + table.name() + "\" is already a partition");
        }
        if (!table.inheritance().parents().isEmpty()) {
            throw PgException.error(SqlState.WRONG_OBJECT_TYPE, "cannot attach inheritance child as partition");
        }
        if (!table.isPartitioned() && !InheritanceTree.children(tx, table).isEmpty()) {
            throw PgException.error(SqlState.WRONG_OBJECT_TYPE, "cannot attach inheritance parent as partition");
        }
        if (table.oid() == parent.oid() || InheritanceTree.descendants(tx, table).stream()
                .anyMatch(t -> t.oid() == parent.oid())) {
            throw PgException.error("42P07", "circular inheritance not allowed").withDetail("\"" + parent.name()
                    + "\" is already a child of \"" + table.name() + "\".");
        }
        if (!tx.isTemporary(parent) && tx.isTemporary(table)) {
            throw PgException.error(SqlState.WRONG_OBJECT_TYPE, "cannot attach a temporary relation as partition "
                    + "of permanent relation \"" + parent.name() + "\"");
        }
        if (tx.isTemporary(parent) && !tx.isTemporary(table)) {
            throw PgException.error(SqlState.WRONG_OBJECT_TYPE, "cannot attach a permanent relation as partition "
                    + "of temporary relation \"" + parent.name() + "\"");
        }
        for (ColumnDef c : table.columns()) {
            int at = parent.columnIndex(c.name());
            if (at < 0) {
                throw PgException.error(SqlState.DATATYPE_MISMATCH, "table \"" + table.name() + "\" contains column \""
                        + c.name() + "\" not found in parent \"" + parent.name() + "\"")
                        .withDetail("The new partition may contain only the columns present in parent.");
            }
            checkSameType(c.name(), parent.columns().get(at), c);
        }
        for (ColumnDef pc : parent.columns()) {
            if (table.columnIndex(pc.name()) < 0) {
                throw PgException.error(SqlState.DATATYPE_MISMATCH, "child table is missing column \"" + pc.name()
                        + "\"");
            }
        }
        missingConstraint(parent, table);
        String boundText = checkBound(tx, parent, table, a.bound(), session);
        List<Integer> parents = List.of(parent.oid());
        TableDef attached = tx.setInheritance(TemporaryTables.qualified(tx, table),
                new Inheritance(parents, table.inheritance().partitionKey(), boundText,
                        table.inheritance().hasSubclass()));
        markHasSubclass(tx, parent);
        // QueuePartitionConstraintValidation: every existing row must be inside the bound
        PartitionRouter router = new PartitionRouter(new ExecContext(null, session));
        for (TableDef leaf : InheritanceTree.descendants(tx, attached)) {
            if (!leaf.isPartitioned() && anyRow(tx, leaf, attached,
                    row -> !router.satisfiesConstraint(attached, InheritanceTree.convert(leaf, attached, row)))) {
                throw PgException.error(SqlState.CHECK_VIOLATION, "partition constraint of relation \""
                        + leaf.name() + "\" is violated by some row");
            }
        }
        cloneIndexes(tx, parent, attached);
        indexPartitions(tx, attached);
        session.catalogChanged();
        return "ALTER TABLE";
    }

    /** MergeConstraintsIntoExisting: a new child must already have each CHECK its parent passes on. */
    private static void missingConstraint(TableDef parent, TableDef child) {
        for (CheckConstraint check : parent.checks()) {
            if (!check.noInherit() && child.checks().stream().noneMatch(c -> c.name().equals(check.name()))) {
                throw PgException.error(SqlState.DATATYPE_MISMATCH, "child table is missing constraint \""
                        + check.name() + "\"");
            }
        }
    }

    /** ALTER TABLE parent DETACH PARTITION table (ATExecDetachPartition). */
    static String detach(UtilityCommand.DetachPartition d, SqlSessionImpl session) {
        Transaction tx = session.transaction();
        // without CONCURRENTLY, DETACH locks the parent ACCESS EXCLUSIVE: no statement routes through it meanwhile
        TableDef parent = tx.openTable(d.table(), LockMode.ACCESS_EXCLUSIVE)
                .orElseThrow(() -> Messages.relationDoesNotExist(d.table(), 0));
        if (!parent.isPartitioned()) {
            throw PgException.error(SqlState.WRONG_OBJECT_TYPE, "table \"" + parent.name() + "\" is not partitioned");
        }
        TableDef table = tx.openTable(d.partition(), LockMode.ACCESS_EXCLUSIVE)
                .orElseThrow(() -> Messages.relationDoesNotExist(d.partition(), 0));
        if (!table.inheritance().isPartition() || table.inheritance().parents().getFirst() != parent.oid()) {
            throw PgException.error(SqlState.UNDEFINED_TABLE, "relation \"" + table.name()
                    + "\" is not a partition of relation \"" + parent.name() + "\"");
        }
        tx.setInheritance(TemporaryTables.qualified(tx, table),
                new Inheritance(List.of(), table.inheritance().partitionKey(), null, table.inheritance().hasSubclass()));
        session.catalogChanged();
        return "ALTER TABLE";
    }

    /** ALTER TABLE child [NO] INHERIT parent (ATExecAddInherit / ATExecDropInherit). */
    static String alterInherit(UtilityCommand.AlterInherit a, SqlSessionImpl session) {
        Transaction tx = session.transaction();
        TableDef child = tx.openTable(a.table(), LockMode.ACCESS_EXCLUSIVE)
                .orElseThrow(() -> Messages.relationDoesNotExist(a.table(), 0));
        TableDef parent = tx.openTable(a.parent(), LockMode.SHARE_UPDATE_EXCLUSIVE)
                .orElseThrow(() -> Messages.relationDoesNotExist(a.parent(), 0));
        List<Integer> parents = new ArrayList<>(child.inheritance().parents());
        if (!a.add()) {
            if (!parents.remove((Integer) parent.oid()) || child.inheritance().isPartition()) {
                throw PgException.error(SqlState.UNDEFINED_TABLE, "relation \"" + parent.name()
                        + "\" is not a parent of relation \"" + child.name() + "\"");
            }
        } else {
            if (child.inheritance().isPartition() || child.isPartitioned()) {
                throw PgException.error(SqlState.WRONG_OBJECT_TYPE, child.isPartitioned()
                        ? "cannot change inheritance of partitioned table" : "cannot change inheritance of a partition");
            }
            if (parent.isPartitioned()) {
                throw PgException.error(SqlState.WRONG_OBJECT_TYPE, "cannot inherit from partitioned table \""
                        + parent.name() + "\"");
            }
            if (parents.contains(parent.oid())) {
                throw PgException.error("42P07", "relation \"" + parent.name() + "\" would be inherited from more "
                        + "than once");
            }
            if (InheritanceTree.descendants(tx, child).stream().anyMatch(t -> t.oid() == parent.oid())) {
                throw PgException.error("42P07", "circular inheritance not allowed").withDetail("\""
                        + parent.name() + "\" is already a child of \"" + child.name() + "\".");
            }
            for (ColumnDef pc : parent.columns()) {
                int at = child.columnIndex(pc.name());
                if (at < 0) {
                    throw PgException.error(SqlState.DATATYPE_MISMATCH, "child table is missing column \""
                            + pc.name() + "\"");
                }
                ColumnDef cc = child.columns().get(at);
                if (cc.typeOid() != pc.typeOid() || cc.typeModifier() != pc.typeModifier()) {
                    throw PgException.error(SqlState.DATATYPE_MISMATCH, "child table \"" + child.name()
                            + "\" has different type for column \"" + pc.name() + "\"");
                }
                if (pc.notNull() && !cc.notNull()) {
                    throw PgException.error(SqlState.DATATYPE_MISMATCH, "column \"" + pc.name()
                            + "\" in child table must be marked NOT NULL");
                }
            }
            missingConstraint(parent, child);
            parents.add(parent.oid());
            markHasSubclass(tx, parent);
        }
        tx.setInheritance(TemporaryTables.qualified(tx, child), new Inheritance(parents,
                child.inheritance().partitionKey(), child.inheritance().partitionBound(),
                child.inheritance().hasSubclass()));
        session.catalogChanged();
        return "ALTER TABLE";
    }

    /**
     * RemoveRelations' dependencies: a partitioned table takes its partitions with it (auto dependencies); a plain
     * inheritance parent's children are dependents, refused without CASCADE and dropped (with a NOTICE) with it.
     * Returns the extra tables to drop, children before their parents' drop order does not matter here.
     */
    static List<TableDef> dropDependents(Transaction tx, List<TableDef> targets, boolean cascade,
                                         SqlSessionImpl session) {
        List<TableDef> extra = new ArrayList<>();
        List<String> cascaded = new ArrayList<>();
        List<String> blocking = new ArrayList<>();
        for (TableDef target : targets) {
            for (TableDef t : InheritanceTree.descendants(tx, target)) {
                if (t.oid() == target.oid() || targets.stream().anyMatch(x -> x.oid() == t.oid())
                        || extra.stream().anyMatch(x -> x.oid() == t.oid())) {
                    continue;
                }
                boolean automatic = t.inheritance().isPartition();
                if (!automatic) {
                    cascaded.add("table " + t.name());
                    blocking.add("table " + t.name() + " depends on table " + parentName(tx, t, target));
                }
                extra.add(t);
            }
            if (!cascade && !blocking.isEmpty()) {
                throw Messages.dependentObjects("table " + target.name(), blocking);
            }
        }
        if (!cascaded.isEmpty()) {
            session.addNotice(Messages.dropCascades(cascaded));
        }
        return extra;
    }

    private static String parentName(Transaction tx, TableDef child, TableDef fallback) {
        for (int oid : child.inheritance().parents()) {
            TableDef p = InheritanceTree.byOid(tx, oid);
            if (p != null) {
                return p.name();
            }
        }
        return fallback.name();
    }
}
