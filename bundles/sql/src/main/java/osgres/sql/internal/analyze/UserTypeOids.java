/*
 * The pg_type oid a result column of a named composite or enum type has in RowDescription (the type's own, as
 * PostgreSQL sends atttypid): found in the node that made the value, since its PgType says only record or anyenum.
 */
package osgres.sql.internal.analyze;

import osgres.sql.internal.nodes.Expr;

public final class UserTypeOids {

    private UserTypeOids() {
    }

    /** The composite's or enum's oid of a node that makes such a value, 0 for any other expression. */
    public static int of(Expr e) {
        if (CompositeValues.typeOf(e) != null) {
            return CompositeValues.typeOf(e).oid();
        }
        return EnumValues.typeOf(e) != null ? EnumValues.typeOf(e).oid() : 0;
    }
}
