/**
 * One backend's SQL session (PostgreSQL's tcop/postgres.c and commands/): the simple and extended
 * query protocol's statements and portals, the plan cache, cursors, DDL, COPY, sequences and views
 * commands, the catalogs the SQL layer keeps in storage relations (functions, triggers, rules, domains), and the DS component that gives each backend a session. It drives parser, analyze, plan and
 * exec in turn; no other package depends on it.
 */
package osgres.sql.internal.session;
