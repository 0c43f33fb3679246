/*
 * The triggers as pg_trigger shows them and pg_get_triggerdef prints them. The rows live in a relation the
 * session's trigger catalog reads and decodes (each keeps its CREATE TRIGGER text), above the catalog package, so
 * the session provides them through this interface (SessionServices.triggerDefinitions).
 */
package osgres.sql.internal.utils;

import java.util.List;

public interface TriggerDefinitions {

    /** pg_trigger's rows as the session's transaction sees them, in PostgreSQL 15's column order. */
    List<Object[]> rows();

    /** pg_get_triggerdef(oid, pretty); null for an oid no trigger has. */
    String definition(long oid, boolean pretty);
}
