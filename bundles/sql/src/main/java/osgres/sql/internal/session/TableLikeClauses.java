/*
 * CREATE TABLE ... (LIKE source [INCLUDING | EXCLUDING option ...]) (PostgreSQL's parse_utilcmd.c
 * transformTableLikeClause and expandTableLikeClause): the source's columns take the clause's place among the new
 * table's columns, with their types and NOT NULL always; INCLUDING DEFAULTS copies their defaults, INCLUDING
 * CONSTRAINTS the CHECK constraints (by their names), INCLUDING INDEXES the primary key, unique and plain indexes
 * (partial ones too), named for the new table as PostgreSQL's ChooseRelationName names them. COMMENTS, COMPRESSION,
 * STATISTICS and STORAGE have nothing to copy in osgres (no comments, one storage and compression, no extended
 * statistics); GENERATED has no generated columns to copy. An identity column becomes a plain NOT NULL column;
 * INCLUDING IDENTITY of one is refused (0A000) rather than sharing or inventing its sequence. Foreign keys are never
 * copied, as in PostgreSQL.
 */
package osgres.sql.internal.session;

import java.util.ArrayList;
import java.util.List;

import osgres.api.PgException;
import osgres.api.SqlState;
import osgres.sql.internal.catalog.TemporaryTables;
import osgres.sql.internal.parser.UtilityCommand;
import osgres.sql.internal.utils.Messages;
import osgres.storage.CheckConstraint;
import osgres.storage.ColumnDef;
import osgres.storage.IndexDef;
import osgres.storage.LockMode;
import osgres.storage.TableDef;
import osgres.storage.Transaction;

final class TableLikeClauses {

    private TableLikeClauses() {
    }

    /** Each LIKE clause's source relation, locked ACCESS SHARE; 42P01 / 42809 at the clause's position. */
    static List<TableDef> sources(UtilityCommand.CreateTable c, SqlSessionImpl session) {
        Transaction tx = session.transaction();
        List<TableDef> sources = new ArrayList<>();
        for (UtilityCommand.TableLike like : c.likes()) {
            TableDef source = tx.openTable(like.relation(), LockMode.ACCESS_SHARE)
                    .orElseThrow(() -> Messages.relationDoesNotExist(TemporaryTables.relname(like.relation()),
                            like.position()));
            if (source.isSequence()) {
                throw PgException.error(SqlState.WRONG_OBJECT_TYPE, "relation \"" + source.name()
                        + "\" is invalid in LIKE clause").withDetail("This operation is not supported for sequences.")
                        .withPosition(like.position());
            }
            if (like.including(UtilityCommand.TableLike.IDENTITY)
                    && source.columns().stream().anyMatch(ColumnDef::isIdentity)) {
                throw Messages.notSupported("LIKE ... INCLUDING IDENTITY", like.position());
            }
            sources.add(source);
        }
        return sources;
    }

    /** transformTableLikeClause: the source's columns as the new table's (type, NOT NULL, DEFAULT if asked). */
    static List<ColumnDef> columns(UtilityCommand.TableLike like, TableDef source) {
        List<ColumnDef> columns = new ArrayList<>();
        boolean defaults = like.including(UtilityCommand.TableLike.DEFAULTS);
        for (ColumnDef c : source.columns()) {
            String defaultSql = defaults && !c.isIdentity() ? c.defaultSql() : null;
            columns.add(new ColumnDef(c.name(), c.typeOid(), c.typeModifier(), c.notNull(), defaultSql,
                    ColumnDef.NOT_IDENTITY, c.domain()));
        }
        return columns;
    }

    /** expandTableLikeClause, once the new table exists: its CHECK constraints and indexes when included. */
    static void finish(UtilityCommand.CreateTable c, List<TableDef> sources, TableDef created,
                       SqlSessionImpl session) {
        Transaction tx = session.transaction();
        String qualified = TemporaryTables.qualified(tx, created);
        for (int i = 0; i < sources.size(); i++) {
            UtilityCommand.TableLike like = c.likes().get(i);
            TableDef source = sources.get(i);
            if (like.including(UtilityCommand.TableLike.CONSTRAINTS) && !source.checks().isEmpty()) {
                TableDef table = tx.table(qualified).orElseThrow();
                List<CheckConstraint> checks = new ArrayList<>(table.checks());
                for (CheckConstraint check : source.checks()) {
                    if (checks.stream().noneMatch(existing -> existing.name().equals(check.name()))) {
                        checks.add(check);
                    }
                }
                tx.alterTable(qualified, table.withChecks(checks));
            }
            if (like.including(UtilityCommand.TableLike.INDEXES)) {
                for (IndexDef ix : source.indexes()) {
                    copyIndex(tx, qualified, source, ix);
                }
            }
        }
    }

    /** generateClonedIndexStmt: the same key columns (by name), uniqueness and predicate, a name of the new table. */
    private static void copyIndex(Transaction tx, String qualified, TableDef source, IndexDef ix) {
        TableDef table = tx.table(qualified).orElseThrow();
        List<String> columns = new ArrayList<>();
        for (int c : ix.columns()) {
            columns.add(source.columns().get(c).name());
        }
        if (ix.primary()) {
            if (table.indexes().stream().anyMatch(IndexDef::primary)) {
                throw PgException.error(SqlState.INVALID_TABLE_DEFINITION, "multiple primary keys for table \""
                        + table.name() + "\" are not allowed");
            }
            tx.createIndex(qualified, table.name() + "_pkey", columns, true, true);
            return;
        }
        boolean constraint = ix.unique() && ix.name().endsWith("_key");
        String name = DdlExecutor.indexName(tx, table, columns, constraint ? "key" : "idx");
        if (ix.partial()) {
            tx.createIndex(qualified, name, columns, ix.unique(), ix.predicate(), predicateColumns(source, table,
                    ix.predicateColumns()));
        } else {
            tx.createIndex(qualified, name, columns, ix.unique(), false);
        }
    }

    /** A predicate's columns, from the source's positions to the new table's (matched by name). */
    private static List<Integer> predicateColumns(TableDef source, TableDef table, List<Integer> positions) {
        return positions.stream().map(p -> table.columnIndex(source.columns().get(p).name())).toList();
    }
}
