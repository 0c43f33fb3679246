package osgres.storage;

/**
 * One column of a table (pg_attribute).
 *
 * @param name         column name
 * @param typeOid      a {@link TypeOids} value
 * @param typeModifier atttypmod: varchar(n)/bpchar(n) n + 4, numeric ((precision << 16) | scale) + 4; -1 if none
 * @param notNull      NOT NULL
 * @param defaultSql   the DEFAULT expression as SQL text (evaluated by the SQL layer), null if none
 */
public record ColumnDef(String name, int typeOid, int typeModifier, boolean notNull, String defaultSql) {
}
