/**
 * PostgreSQL 15's raw parse tree (parsenodes.h) as protobuf classes, generated at build time from libpg_query's
 * {@code pg_query.proto}: {@code PgQuery.ParseResult} holds {@code RawStmt}s whose {@code Node}s are
 * {@code SelectStmt}, {@code A_Expr}, {@code ColumnRef}, {@code RangeVar}... exactly as gram.y builds them.
 * The version is libpg_query's: PostgreSQL 15.4's grammar.
 */
@Export
@Version("15.4.0")
package osgres.pgquery.tree;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
