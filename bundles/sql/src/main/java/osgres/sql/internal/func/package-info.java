/**
 * The built-in functions and operators (PostgreSQL's utils/adt function bodies and pg_proc/pg_operator
 * entries): string, math, date/time, array, regex, bytea, sequence functions, aggregates and their
 * resolution by argument types (Functions). Depends on nodes, catalog, utils.
 */
package osgres.sql.internal.func;
