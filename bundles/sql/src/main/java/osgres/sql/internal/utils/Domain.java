/*
 * A domain (CREATE DOMAIN; PostgreSQL's pg_type row of typtype 'd' with its pg_constraint rows): a built-in base
 * type and modifier, NOT NULL, a DEFAULT, and CHECK constraints over VALUE. A value of a domain is a value of its
 * base type: expressions carry the base PgType (so operators and functions resolve as for the base type, and
 * RowDescription shows the base type's oid, as PostgreSQL's getBaseType does); only casts to the domain and
 * stores into a column of the domain check it (coerce_to_domain / ExecEvalConstraintCheck).
 * The checks run through {@link Enforcer}, which the session's type catalog builds with the checks analysed over
 * a one-column row named {@code value}; this layer cannot analyse expressions itself.
 * Not done: domains over domains, enums or composites.
 */
package osgres.sql.internal.utils;

import java.util.List;

public record Domain(int oid, String name, PgType base, int typmod, boolean notNull, String defaultSql,
                     List<Check> checks, Enforcer enforcer) {

    /** One CHECK constraint: its name and its expression text over VALUE. */
    public record Check(String name, String expression) {
    }

    /** Raises the domain's error for a value that breaks it (23502 for null, 23514 for a CHECK). */
    @FunctionalInterface
    public interface Enforcer {
        void check(Object value, ExecContext ctx);
    }

    /** The value, after checking that the domain allows it. */
    public Object enforce(Object value, ExecContext ctx) {
        if (value == null && notNull) {
            throw Messages.domainNotNull(name);
        }
        enforcer.check(value, ctx);
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Domain d && d.oid == oid;
    }

    @Override
    public int hashCode() {
        return oid;
    }
}
