/**
 * From text to raw statements (PostgreSQL's parser/parser.c and tcop's statement classification):
 * RawParser splits a query string with PostgreSQL's own grammar (libpg_query), utility statements become
 * UtilityCommand records (UtilityTranslator), plus the lexer-level QueryNormalizer behind the plan cache.
 * Depends on nodes, catalog and utils; it reads no table definitions.
 */
package osgres.sql.internal.parser;
