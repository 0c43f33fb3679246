/**
 * The SQL service the backend calls: sessions, statements, portals, rows encoded in the client's format.
 * Implementation (parser, analyzer, executor, plan cache) lives in {@code osgres.sql.internal}.
 */
@Export
@Version("0.2.0")
package osgres.sql;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
