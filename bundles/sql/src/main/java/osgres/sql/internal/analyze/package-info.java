/**
 * Parse analysis (PostgreSQL's parser/analyze.c, parse_expr.c, parse_func.c, parse_clause.c and the
 * rewriter: view expansion and rewriteHandler.c's rules): raw trees become Query trees with resolved names, types,
 * functions and operators; INSERT/UPDATE/DELETE targets, updatable views, the queries rules make of a statement,
 * EXPLAIN's options, and partition keys and bounds (partbounds.c's checks). Depends on parser, nodes, func,
 * catalog, utils; never on the planner or the executor.
 */
package osgres.sql.internal.analyze;
