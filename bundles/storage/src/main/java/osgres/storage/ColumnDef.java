package osgres.storage;

/**
 * One column of a table (pg_attribute).
 *
 * @param name         column name
 * @param typeOid      a {@link TypeOids} value: for a column of a domain, the domain's base type (what is stored)
 * @param typeModifier atttypmod: varchar(n)/bpchar(n) n + 4, numeric ((precision << 16) | scale) + 4; -1 if none
 * @param notNull      NOT NULL
 * @param defaultSql   the DEFAULT expression as SQL text (evaluated by the SQL layer), null if none; an identity
 *                     column keeps its sequence's {@code nextval('s'::regclass)} here
 * @param identity     attidentity: {@link #IDENTITY_ALWAYS} ('a'), {@link #IDENTITY_BY_DEFAULT} ('d'), or
 *                     {@link #NOT_IDENTITY} (0) for an ordinary column
 * @param domain       the oid of the column's domain (PostgreSQL's atttypid when it names a domain), whose
 *                     constraints the SQL layer enforces; 0 for a column of a base type
 */
public record ColumnDef(String name, int typeOid, int typeModifier, boolean notNull, String defaultSql,
                        char identity, int domain) {
    public static final char NOT_IDENTITY = 0;
    public static final char IDENTITY_ALWAYS = 'a';
    public static final char IDENTITY_BY_DEFAULT = 'd';

    /** A column of a base type. */
    public ColumnDef(String name, int typeOid, int typeModifier, boolean notNull, String defaultSql,
                     char identity) {
        this(name, typeOid, typeModifier, notNull, defaultSql, identity, 0);
    }

    /** An ordinary (not identity) column of a base type. */
    public ColumnDef(String name, int typeOid, int typeModifier, boolean notNull, String defaultSql) {
        this(name, typeOid, typeModifier, notNull, defaultSql, NOT_IDENTITY, 0);
    }

    public boolean isIdentity() {
        return identity != NOT_IDENTITY;
    }

    public ColumnDef withName(String newName) {
        return new ColumnDef(newName, typeOid, typeModifier, notNull, defaultSql, identity, domain);
    }

    public ColumnDef withNotNull(boolean newNotNull) {
        return new ColumnDef(name, typeOid, typeModifier, newNotNull, defaultSql, identity, domain);
    }

    public ColumnDef withDefault(String newDefaultSql) {
        return new ColumnDef(name, typeOid, typeModifier, notNull, newDefaultSql, identity, domain);
    }

    public ColumnDef withIdentity(char newIdentity) {
        return new ColumnDef(name, typeOid, typeModifier, notNull, defaultSql, newIdentity, domain);
    }

    public ColumnDef withDomain(int newDomain) {
        return new ColumnDef(name, typeOid, typeModifier, notNull, defaultSql, identity, newDomain);
    }
}
