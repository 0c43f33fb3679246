/*
 * The session's domains, as parse analysis and DDL see them (the type catalog's syscache): null when no domain
 * has the name or oid.
 */
package osgres.sql.internal.utils;

public interface DomainLookup {
    Domain named(String name);

    Domain byOid(int oid);
}
