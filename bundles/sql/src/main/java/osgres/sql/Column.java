package osgres.sql;

/**
 * One column of a RowDescription.
 *
 * @param name         column label ({@code ?column?} when unnamed)
 * @param typeOid      type OID (23 int4, 25 text...)
 * @param typeSize     pg_type.typlen (-1 for varlena)
 * @param typeModifier atttypmod (-1 if none)
 * @param tableOid     source table OID, 0 if not a table column
 * @param columnNumber attnum in that table, 0 if not a table column
 */
public record Column(String name, int typeOid, short typeSize, int typeModifier, int tableOid, short columnNumber) {
}
