/*
 * The osgres.sql DS component: registers the SqlEngine service that the backend bundle uses to open one
 * SqlSession per client. It mirrors PostgreSQL's parser/analyzer/executor as tcop/postgres.c sees them.
 * It holds the engine-wide parse cache and the current Storage (the storage engine of this shared-memory
 * generation); everything else is per session, including the temporary files its sorts and hash aggregates spill
 * to beyond work_mem (TemporaryFiles, under base/pgsql_tmp; the postmaster removes leftovers at start). Sessions opened on a Storage that a crash reset replaced
 * fail their next statement with FATAL 57P02.
 */
package osgres.sql.internal.session;

import java.util.OptionalInt;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import osgres.api.Settings;
import osgres.sql.SessionSetup;
import osgres.sql.SqlEngine;
import osgres.sql.SqlSession;
import osgres.sql.internal.catalog.CatalogVersion;
import osgres.sql.internal.catalog.DatabasePrivileges;
import osgres.sql.internal.parser.ParseCache;
import osgres.sql.internal.utils.Messages;
import osgres.sql.internal.utils.ReplicationServices;
import osgres.storage.Storage;

@Component(service = SqlEngine.class, name = "osgres.sql")
public final class SqlEngineComponent implements SqlEngine {
    private static final int PARSE_CACHE_SIZE = 4096;

    private final Settings settings;
    private final ParseCache parseCache = new ParseCache(PARSE_CACHE_SIZE);
    private volatile Storage storage;
    private final java.util.List<osgres.api.WalSender> walSenders = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile osgres.storage.ReplicationSource replicationSource;
    /** What sessions read of the two references above, at each use (they come and go while sessions live). */
    private final ReplicationServices replication = new ReplicationServices() {
        @Override
        public java.util.List<osgres.api.WalSender> walSenders() {
            return java.util.List.copyOf(walSenders);
        }

        @Override
        public java.util.Optional<osgres.storage.ReplicationSource> source() {
            return java.util.Optional.ofNullable(replicationSource);
        }
    };

    /**
     * Settings is static and mandatory: sessions read server-level values and validate SET through it;
     * if it goes away this component is deactivated and the backend factory that needs it with it.
     */
    @Activate
    public SqlEngineComponent(@Reference(name = "settings") Settings settings) {
        this.settings = settings;
    }

    /**
     * Storage is optional and dynamic: it lives and dies with the shared-memory generation, and the engine
     * (with the backends' refusal path, 57P03) must survive a crash reset that replaces it.
     */
    @Reference(name = "storage", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindStorage(Storage newStorage) {
        // the storage asks the SQL layer which rows belong in a partial index (it cannot read the predicate)
        newStorage.setIndexPredicateCompiler(osgres.sql.internal.analyze.IndexPredicates::compile);
        storage = newStorage;
        CatalogVersion.bump();
    }

    void unbindStorage(Storage oldStorage) {
        if (storage == oldStorage) {
            storage = null;
            CatalogVersion.bump();
        }
    }

    /**
     * The walsender services are optional, multiple and dynamic: the osgres.walsender bundle may be absent, and
     * during a hot swap an old and a new version both run walsenders (pg_stat_replication shows them all); SQL works
     * without any (pg_stat_replication is then empty).
     */
    @Reference(name = "walSender", cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindWalSender(osgres.api.WalSender sender) {
        walSenders.add(sender);
    }

    void unbindWalSender(osgres.api.WalSender sender) {
        walSenders.remove(sender);
    }

    /**
     * The storage's replication slots: optional and dynamic like Storage itself (the same component registers
     * both, per shared-memory generation).
     */
    @Reference(name = "replicationSource", cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC)
    void bindReplicationSource(osgres.storage.ReplicationSource source) {
        replicationSource = source;
    }

    void unbindReplicationSource(osgres.storage.ReplicationSource source) {
        if (replicationSource == source) {
            replicationSource = null;
        }
    }

    @Override
    public boolean authorizeLogin(String user) {
        Storage current = storage;
        if (current == null) {
            throw Messages.notAcceptingConnections();
        }
        osgres.storage.Role role = current.role(user).orElseThrow(() -> Messages.roleMissingAtLogin(user));
        if (!role.canLogin()) {
            throw Messages.roleCannotLogin(user);
        }
        return role.superuser();
    }

    @Override
    public boolean isMemberOfRole(String user, String role) {
        Storage current = storage;
        if (current == null) {
            return false;
        }
        osgres.sql.internal.utils.RoleGraph graph = new osgres.sql.internal.utils.RoleGraph(current.roles(),
                current.roleMemberships());
        return graph.role(user).flatMap(u -> graph.role(role).map(r -> graph.isMemberOfRoleNoSuper(u.oid(), r.oid(),
                0))).orElse(false);
    }

    @Override
    public boolean mayReplicate(String user) {
        Storage current = storage;
        return current != null && current.role(user).map(osgres.storage.Role::replication).orElse(false);
    }

    @Override
    public int connectionLimit(String user) {
        Storage current = storage;
        return current == null ? -1 : current.role(user).map(osgres.storage.Role::connectionLimit).orElse(-1);
    }

    @Override
    public StoredPassword storedPassword(String user) {
        Storage current = storage;
        if (current == null) {
            throw Messages.notAcceptingConnections();
        }
        byte[] mockSalt = java.util.Arrays.copyOf(osgres.api.PasswordSecrets.sha256(
                (user + "\0" + java.util.HexFormat.of().formatHex(current.mockAuthenticationNonce()))
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8)), osgres.api.PasswordSecrets.SCRAM_SALT_LENGTH);
        java.util.Optional<osgres.storage.Role> role = current.role(user);
        if (role.isEmpty()) {
            return new StoredPassword(null, "Role \"" + user + "\" does not exist.", mockSalt);
        }
        String secret = role.get().password();
        if (secret == null) {
            return new StoredPassword(null, "User \"" + user + "\" has no password assigned.", mockSalt);
        }
        Long validUntil = role.get().validUntil();
        if (validUntil != null && validUntil != Long.MAX_VALUE && validUntil
                < osgres.sql.internal.utils.DateTimeValues.timestamptzMicros(java.time.Instant.now())) {
            return new StoredPassword(null, "User \"" + user + "\" has an expired password.", mockSalt);
        }
        return new StoredPassword(secret, null, mockSalt);
    }

    @Override
    public SqlSession openSession(SessionSetup setup) {
        Storage current = storage;
        if (current == null) {
            throw Messages.notAcceptingConnections();
        }
        OptionalInt oid = current.databaseOid(setup.database());
        if (oid.isEmpty()) {
            throw Messages.databaseDoesNotExist(setup.database());
        }
        // CheckMyDatabase: CONNECT on the database, as pg_database has it now (a later REVOKE leaves this be)
        osgres.sql.internal.utils.RoleGraph graph = new osgres.sql.internal.utils.RoleGraph(current.roles(),
                current.roleMemberships());
        java.util.Optional<osgres.storage.DatabaseDef> db = current.databaseDef(oid.getAsInt());
        java.util.Optional<osgres.storage.Role> user = graph.role(setup.user());
        if (db.isPresent() && user.isPresent() && !DatabasePrivileges.mayConnect(graph, db.get(), user.get().oid())) {
            throw Messages.noConnectPrivilege(setup.database());
        }
        SqlSessionImpl session = new SqlSessionImpl(parseCache, settings, setup, current, oid.getAsInt(),
                () -> storage);
        session.useReplication(replication);
        return session;
    }
}
