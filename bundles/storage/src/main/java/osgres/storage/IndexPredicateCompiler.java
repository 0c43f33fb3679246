package osgres.storage;

import java.util.function.Predicate;

/**
 * Turns a partial index's predicate (SQL text, {@link IndexDef#predicate()}) into a test of a row's values, in the
 * table's column order. The SQL engine registers one with {@link Storage#setIndexPredicateCompiler}: the storage
 * decides which rows enter a partial index (index build, insert, non-HOT update) but cannot read SQL. Only
 * backends writing rows ask for a test: WAL replay redoes index pages physically and VACUUM removes entries by
 * heap tid, so neither needs one. The test must be pure (PostgreSQL requires IMMUTABLE functions there).
 */
@FunctionalInterface
public interface IndexPredicateCompiler {
    Predicate<Object[]> compile(TableDef table, IndexDef index);
}
