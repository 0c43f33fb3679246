/*
 * Planned INSERT, UPDATE and DELETE (PostgreSQL's ModifyTable). Values are already coerced to the
 * column types (assignment casts, typmods); defaults are analysed expressions. UPDATE and DELETE scan
 * one table through a one-item SelectPlan (so they use the same index selection) and re-check
 * {@code where} on the newest row version when a concurrent update moved it (EvalPlanQual).
 */
package osgres.sql.internal;

import java.util.List;

import osgres.storage.TableDef;

sealed interface ModifyPlan {

    TableDef table();

    /** RETURNING expressions over the new (or deleted) row; empty without RETURNING. */
    List<Expr> returning();

    /**
     * @param rows       VALUES rows, each a full row in column order (defaults filled in); null with a query
     * @param query      INSERT ... SELECT: its targets are already coerced to the target columns
     * @param columnMap  for a query: table column -> query output column, -1 for a default
     * @param defaults   per table column, its default (null = NULL)
     */
    record Insert(TableDef table, List<Expr[]> rows, SelectPlan query, int[] columnMap, Expr[] defaults,
                  boolean onConflictDoNothing, List<Expr> returning) implements ModifyPlan {
    }

    /** {@code assignments[i]} is the new value of column i, or null to keep it. */
    record Update(TableDef table, SelectPlan scan, Expr[] assignments, List<Expr> returning)
            implements ModifyPlan {
    }

    record Delete(TableDef table, SelectPlan scan, List<Expr> returning) implements ModifyPlan {
    }
}
