/**
 * The system views the SQL layer answers itself (pg_stat_*, pg_settings, pg_cursors ...), the catalog
 * version that invalidates cached plans, and temporary-table naming. Depends only on utils.
 */
package osgres.sql.internal.catalog;
