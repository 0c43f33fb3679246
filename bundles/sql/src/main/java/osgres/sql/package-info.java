/**
 * The SQL service the backend calls: sessions, statements, portals, rows encoded in the client's format.
 * Implementation lives in {@code osgres.sql.internal.*}: parser, analyze, plan, exec and session over nodes, func,
 * catalog and utils, with no cycles between them.
 */
@Export
@Version("0.2.0")
package osgres.sql;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
