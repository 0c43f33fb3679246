/*
 * The osgres.sql DS component: registers the SqlEngine service that the backend bundle uses to open one
 * SqlSession per client. It mirrors PostgreSQL's parser/analyzer/executor as tcop/postgres.c sees them.
 * It holds the engine-wide parse cache; everything else is per session. No tables yet: a storage
 * reference arrives with the storage engine.
 */
package osgres.sql.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import osgres.api.Settings;
import osgres.sql.SessionSetup;
import osgres.sql.SqlEngine;
import osgres.sql.SqlSession;

@Component(service = SqlEngine.class, name = "osgres.sql")
public final class SqlEngineComponent implements SqlEngine {
    private static final int PARSE_CACHE_SIZE = 4096;

    private final Settings settings;
    private final ParseCache parseCache = new ParseCache(PARSE_CACHE_SIZE);

    /**
     * Settings is static and mandatory: sessions read server-level values and validate SET through it;
     * if it goes away this component is deactivated and the backend factory that needs it with it.
     */
    @Activate
    public SqlEngineComponent(@Reference(name = "settings") Settings settings) {
        this.settings = settings;
    }

    @Override
    public SqlSession openSession(SessionSetup setup) {
        return new SqlSessionImpl(parseCache, settings, setup);
    }
}
