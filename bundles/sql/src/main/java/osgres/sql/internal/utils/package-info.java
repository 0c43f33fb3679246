/**
 * The SQL layer's base (PostgreSQL's utils/adt, utils/misc and parser/parse_coerce's type rules): types
 * (PgType; a Domain stands on a PgType as its base), their text forms (TypeIo), casts, btree comparison, numeric/date-time/interval/array/row values,
 * GUCs (SessionGucs), the services a session offers expressions (SessionServices, ExecContext), temporary files
 * and the message catalog (Messages). Depends on no other package of the SQL layer.
 */
package osgres.sql.internal.utils;
