/**
 * Parse analysis (PostgreSQL's parser/analyze.c, parse_expr.c, parse_func.c, parse_clause.c and the
 * rewriter's view expansion): raw trees become Query trees with resolved names, types, functions and
 * operators; INSERT/UPDATE/DELETE targets, updatable views and EXPLAIN's options. Depends on parser, nodes,
 * func, catalog, utils; never on the planner or the executor.
 */
package osgres.sql.internal.analyze;
