/*
 * The expressions the catalog keeps as text (a column's DEFAULT, a CHECK constraint, a partial index's predicate)
 * as PostgreSQL's ruleutils.c prints their stored trees: pg_get_expr(adbin), pg_get_constraintdef and
 * pg_get_indexdef show these texts. Deparsing needs the analyser, which sits above the catalog, so the session
 * provides it through this interface (SessionServices.storedExpressions).
 */
package osgres.sql.internal.utils;

import osgres.storage.TableDef;

public interface StoredExpressions {

    /** Column {@code column} (0-based)'s DEFAULT as pg_get_expr(adbin, adrelid) prints it, not pretty. */
    String columnDefault(TableDef table, int column);

    /** A condition over {@code table}'s row (CHECK, index predicate) as ruleutils prints it, not pretty. */
    String condition(TableDef table, String expression);
}
