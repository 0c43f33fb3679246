/**
 * The trees that pass between the stages (PostgreSQL's nodes/: primnodes.h, parsenodes.h' Query,
 * plannodes.h): Expr, Query, Plan, the aggregate and window-function entries they name, EXPLAIN's options,
 * and ExprDeparser (ruleutils' expression printing). Data and evaluation only: no analysis, planning or
 * execution policy. Depends on utils and catalog.
 */
package osgres.sql.internal.nodes;
