/**
 * The executor (PostgreSQL's executor/ and commands/explain.c): runs Plan trees as iterators
 * (PlanExecutor with JoinNodes, GroupingNodes, ModifyNodes), sorts and spills within work_mem, and prints
 * plans for EXPLAIN. Depends on nodes, func, catalog and utils only: a plan carries all it needs.
 */
package osgres.sql.internal.exec;
