/**
 * PostgreSQL's own raw parser for osgres's SQL layer: {@link osgres.pgquery.PgParser} parses a query string with
 * PostgreSQL 15's grammar (Debian's libpg_query, called through the FFM API) into the tree of
 * {@code osgres.pgquery.tree}, and reports a syntax error with PostgreSQL's own message and cursor position.
 */
@Export
@Version("0.1.0")
package osgres.pgquery;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
