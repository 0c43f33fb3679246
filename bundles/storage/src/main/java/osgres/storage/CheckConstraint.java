package osgres.storage;

/**
 * A CHECK constraint of a table (pg_constraint with contype 'c'): its name and its expression as SQL text over the
 * table's columns, which the SQL layer analyses and evaluates on every new row.
 *
 * @param name       constraint name ({@code t_a_check} unless named)
 * @param expression the boolean expression as SQL text, without the surrounding CHECK ( )
 * @param validated  convalidated: false after ADD CONSTRAINT ... NOT VALID until VALIDATE CONSTRAINT
 * @param noInherit  connoinherit (CHECK ... NO INHERIT)
 */
public record CheckConstraint(String name, String expression, boolean validated, boolean noInherit) {
}
