/**
 * The planner (PostgreSQL's optimizer/): Query trees become Plan trees, choosing join order, join
 * methods and index use with a small cost model over ANALYZE statistics (Selectivity), and pulling up
 * sublinks into semi/anti joins. Depends on analyze (for correlation facts), nodes, func, utils.
 */
package osgres.sql.internal.plan;
