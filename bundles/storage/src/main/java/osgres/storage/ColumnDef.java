package osgres.storage;

/**
 * One column of a table (pg_attribute).
 *
 * @param name         column name
 * @param typeOid      a {@link TypeOids} value
 * @param typeModifier atttypmod: varchar(n)/bpchar(n) n + 4, numeric ((precision << 16) | scale) + 4; -1 if none
 * @param notNull      NOT NULL
 * @param defaultSql   the DEFAULT expression as SQL text (evaluated by the SQL layer), null if none; an identity
 *                     column keeps its sequence's {@code nextval('s'::regclass)} here
 * @param identity     attidentity: {@link #IDENTITY_ALWAYS} ('a'), {@link #IDENTITY_BY_DEFAULT} ('d'), or
 *                     {@link #NOT_IDENTITY} (0) for an ordinary column
 */
public record ColumnDef(String name, int typeOid, int typeModifier, boolean notNull, String defaultSql,
                        char identity) {
    public static final char NOT_IDENTITY = 0;
    public static final char IDENTITY_ALWAYS = 'a';
    public static final char IDENTITY_BY_DEFAULT = 'd';

    /** An ordinary (not identity) column. */
    public ColumnDef(String name, int typeOid, int typeModifier, boolean notNull, String defaultSql) {
        this(name, typeOid, typeModifier, notNull, defaultSql, NOT_IDENTITY);
    }

    public boolean isIdentity() {
        return identity != NOT_IDENTITY;
    }
}
