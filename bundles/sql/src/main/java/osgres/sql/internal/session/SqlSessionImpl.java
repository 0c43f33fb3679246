/*
 * One backend's SQL session, the part of PostgreSQL's postgres.c and xact.c that osgres.sql owns: the
 * transaction block state machine, session GUCs, notices, and the per-session statement caches: exact
 * simple-Query texts, the constant-lifting plan cache (SimplePlanCache), and Parse texts (so that
 * pgbench -M extended, which parses every execution, analyses each text once).
 *
 * Transaction states (xact.c's TBLOCK_*, reduced):
 *   IDLE      no transaction                         -> first statement starts IMPLICIT
 *   IMPLICIT  statements since the last Sync          -> BEGIN: BLOCK; error: aborted, IDLE; sync(): commit, IDLE
 *   BLOCK     inside BEGIN ... COMMIT                 -> COMMIT: commit, IDLE; ROLLBACK: abort, IDLE; error: FAILED
 *   FAILED    an error happened inside the block      -> only COMMIT/ROLLBACK (tag ROLLBACK) or ROLLBACK TO;
 *                                                        everything else is 25P02
 * ReadyForQuery shows I for IDLE/IMPLICIT, T for BLOCK, E for FAILED. Every PgException leaving a
 * statement goes through {@link #guarded}, which moves the state as above.
 *
 * Savepoints (xact.c's subtransactions) are the storage transaction's subtransaction levels: savepoint i of
 * {@code savepoints} is level i + 1. The storage transaction starts lazily, so it opens the levels of savepoints
 * defined before it on creation; in BLOCK its depth equals the number of savepoints. An error in BLOCK with
 * savepoints aborts only the innermost level (TBLOCK_SUBABORT: the outer levels keep their work and locks) and
 * leaves the block FAILED; ROLLBACK TO s aborts the levels from s's inward, opens a new one for s (the savepoint
 * stays) and returns to BLOCK; RELEASE s merges s's level and those inside it into the parent.
 */
package osgres.sql.internal.session;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import osgres.sql.internal.utils.DeferredConstraints;
import osgres.sql.internal.exec.ForeignKeys;
import osgres.api.PgException;
import osgres.api.Settings;
import osgres.api.SqlState;
import osgres.api.Utf8;
import osgres.sql.Portal;
import osgres.sql.SessionSetup;
import osgres.sql.SqlSession;
import osgres.sql.Statement;
import osgres.sql.internal.catalog.CatalogVersion;
import osgres.sql.internal.catalog.TemporaryTables;
import osgres.sql.internal.exec.Cursor;
import osgres.sql.internal.parser.NonStandardStrings;
import osgres.sql.internal.parser.ParseCache;
import osgres.sql.internal.parser.QueryLexer;
import osgres.sql.internal.parser.RawParser;
import osgres.sql.internal.parser.UtilityCommand;
import osgres.sql.internal.utils.ExecContext;
import osgres.sql.internal.utils.IntervalStyle;
import osgres.sql.internal.utils.Messages;
import osgres.sql.internal.utils.PgType;
import osgres.sql.internal.utils.RegClass;
import osgres.sql.internal.utils.RegType;
import osgres.sql.internal.utils.SessionGucs;
import osgres.sql.internal.utils.SessionSequences;
import osgres.sql.internal.utils.SessionServices;
import osgres.sql.internal.utils.TemporaryFiles;
import osgres.sql.internal.utils.TypeIo;
import osgres.storage.BackendProc;
import osgres.storage.IsolationLevel;
import osgres.storage.Storage;
import osgres.storage.TableDef;
import osgres.storage.Transaction;
import osgres.sql.internal.analyze.ViewUpdatability;
import osgres.sql.internal.nodes.Query;
import osgres.sql.internal.utils.RoutineRunner;
import osgres.sql.internal.utils.RowTriggers;
import osgres.sql.internal.utils.SqlFunction;

public final class SqlSessionImpl implements SqlSession, SessionServices {
    private static final int STATEMENT_CACHE_SIZE = 256;
    private static final int[] NO_TYPES = new int[0];

    enum TransactionState { IDLE, IMPLICIT, BLOCK, FAILED }

    /** What a utility command produced: its tag and, for SHOW, its rows. */
    record UtilityResult(String tag, List<Object[]> rows) {
    }

    /**
     * What COMMIT/ROLLBACK AND CHAIN carries into the next transaction (xact.c's SavedTransactionCharacteristics):
     * the isolation level as SHOW transaction_isolation names it, the read-only and the deferrable mode.
     */
    private record TransactionCharacteristics(String isolation, boolean readOnly, boolean deferrable) {
    }

    /** A savepoint: its name, the GUCs and the transaction's read-only mode (prevXactReadOnly) when it started. */
    private record SavepointEntry(String name, SessionGucs.Snapshot gucs, boolean readOnly) {
    }

    private final ParseCache parseCache;
    private final Settings settings;
    private final SessionSetup setup;
    private final SessionGucs gucs;
    private final List<PgException> notices = new ArrayList<>();
    private final List<SavepointEntry> savepoints = new ArrayList<>();
    /** An error's subtransaction abort itself failed, so the whole storage transaction went: no ROLLBACK TO. */
    private boolean subtransactionsLost;
    private final Map<String, List<ParsedStatement>> simpleCache = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<ParsedStatement>> eldest) {
            return size() > STATEMENT_CACHE_SIZE;
        }
    };
    private final FunctionCatalog functionCatalog = new FunctionCatalog(this);
    private final TriggerCatalog triggerCatalog = new TriggerCatalog(this);
    private final RuleCatalog ruleCatalog = new RuleCatalog(this);
    private final TypeCatalog typeCatalog = new TypeCatalog(this);
    private final OpClassCatalog opClassCatalog = new OpClassCatalog(this);
    /** Parse messages by text and types: -M extended parses the same text for every execution. */
    private final Map<String, ParsedStatement> preparedCache = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ParsedStatement> eldest) {
            return size() > STATEMENT_CACHE_SIZE;
        }
    };
    private final SimplePlanCache planCache;
    /** Lift constants out of simple Query statements (off only in tests that compare against the exact path). */
    boolean liftConstants = true;
    private final Storage storage;
    private final int databaseOid;
    private final java.util.function.Supplier<Storage> currentStorage;
    private osgres.sql.internal.utils.ReplicationServices replication =
            osgres.sql.internal.utils.ReplicationServices.NONE;
    /** The storage transaction of the current implicit or explicit transaction, begun on first use. */
    private Transaction tx;
    private long statementSeq;
    private long snapshotCatalogVersion;
    private long txStatementSeq = -1;
    private IsolationLevel blockIsolation;
    /** The isolation level the block asked for as written (SHOW transaction_isolation), or null. */
    private String blockIsolationName;
    /** XactReadOnly: the current transaction's mode (default_transaction_read_only unless BEGIN/SET chose). */
    private boolean blockReadOnly;
    /** XactDeferrable: the current transaction's DEFERRABLE (SHOW transaction_deferrable). */
    private boolean blockDeferrable;
    /** FirstSnapshotSet: a query ran in this transaction, so its isolation level and DEFERRABLE are fixed. */
    private boolean queryRan;
    private boolean catalogChangedInTransaction;
    private TransactionState state = TransactionState.IDLE;
    private Instant transactionStart = Instant.now();
    private Instant statementStart = Instant.now();
    private boolean closed;
    /** log_statement and friends as of {@link #statementLoggingGeneration} of the settings. */
    private osgres.sql.StatementLogging statementLogging;
    private long statementLoggingGeneration;
    /** The statement running now, for the deadlock report in the server log. */
    private volatile String currentQuery = "";
    /** A simple Query is running: {@link #currentQuery} is its whole text (debug_query_string). */
    private boolean simpleQueryActive;
    private final BackendProc proc = new SessionProc();
    private final TemporaryFiles temporaryFiles;
    private final CursorTable cursors = new CursorTable();
    private final PreparedStatements prepared = new PreparedStatements();
    private final DeferredConstraints deferredConstraints = new DeferredConstraints();
    /** The running simple Query has several statements: an implicit transaction block (IsTransactionBlock). */
    private boolean multiStatementQuery;
    private final SessionSequences sequences = new SessionSequences();

    SqlSessionImpl(ParseCache parseCache, Settings settings, SessionSetup setup, Storage storage, int databaseOid,
                   java.util.function.Supplier<Storage> currentStorage) {
        this.parseCache = parseCache;
        this.settings = settings;
        this.setup = setup;
        this.gucs = new SessionGucs(settings, setup);
        this.gucs.setHotStandbySource(this::inHotStandby);
        this.gucs.useRoles(() -> storage().roles(), () -> storage().roleMemberships());
        this.gucs.useDatabaseOwner(() -> osgres.sql.internal.catalog.DatabasePrivileges.currentDatabaseOwner(this));
        this.storage = storage;
        this.databaseOid = databaseOid;
        this.currentStorage = currentStorage;
        this.planCache = new SimplePlanCache(this, parseCache, SimplePlanCache.DEFAULT_CAPACITY);
        this.temporaryFiles = new TemporaryFiles(settings.dataDirectory().toAbsolutePath(), setup.backendPid(),
                () -> gucs.kilobytes("log_temp_files", -1), () -> gucs.kilobytes("temp_file_limit", -1));
        applyStoredSettings(storage, databaseOid, setup.user());
    }

    /**
     * process_settings: pg_db_role_setting's items for this database and login role, least specific first (every
     * role in every database, this database, this role, this role in this database), so the most specific wins.
     */
    private void applyStoredSettings(Storage storage, int database, String user) {
        int role = storage.role(user).map(osgres.storage.Role::oid).orElse(0);
        List<String> items = new ArrayList<>();
        int[][] order = {{0, 0}, {database, 0}, {0, role}, {database, role}};
        for (int[] key : order) {
            for (osgres.storage.RoleSetting s : storage.roleSettings()) {
                if (s.databaseOid() == key[0] && s.roleOid() == key[1] && (key[1] != 0 || role != 0)) {
                    items.addAll(s.config());
                }
            }
        }
        if (!items.isEmpty()) {
            gucs.applyStoredSettings(items);
        }
    }

    /** Calls of user-defined functions under way (max_stack_depth stands behind the recursion check). */
    private int functionDepth;

    /** A user-defined function starts: too deep a recursion is check_stack_depth's error. */
    void enterFunction(SqlFunction f) {
        if (functionDepth >= MAX_FUNCTION_DEPTH) {
            throw Messages.stackDepthExceeded();
        }
        functionDepth++;
    }

    void leaveFunction() {
        functionDepth--;
    }

    private static final int MAX_FUNCTION_DEPTH = 200;

    @Override
    public int viewUpdatableEvents(TableDef view) {
        return ViewUpdatability.updatableEvents(view, viewCatalog(), gucs.zone());
    }

    @Override
    public boolean viewColumnUpdatable(TableDef view, int column) {
        return ViewUpdatability.columnUpdatable(view, column, viewCatalog(), gucs.zone());
    }

    /** Opens a view's relations as the session's transaction sees them (AccessShare, like a query's). */
    private osgres.sql.internal.analyze.ParseState.Catalog viewCatalog() {
        return (name, mode) -> transaction().openTable(name, mode).orElse(null);
    }

    @Override
    public boolean implementsBuiltin(String name, char kind, List<PgType> argTypes) {
        return osgres.sql.internal.func.Functions.implementsBuiltin(name, kind, argTypes);
    }

    @Override
    public RoutineRunner routines() {
        return functionCatalog;
    }

    @Override
    public RowTriggers triggers(osgres.storage.TableDef table, String command) {
        return TriggerFiring.of(this, table, Query.Command.valueOf(command));
    }

    /** The database's rules as this session sees them. */
    RuleCatalog rules() {
        return ruleCatalog;
    }

    /** The database's triggers as this session sees them. */
    TriggerCatalog triggers() {
        return triggerCatalog;
    }

    /** The database's user-defined operator classes as this session sees them. */
    OpClassCatalog opClasses() {
        return opClassCatalog;
    }

    @Override
    public SqlFunction opclassSupport(String opclass, String method, int number) {
        return opClassCatalog.support(opclass, method, number);
    }

    /** The database's user-defined types (domains) as this session sees them. */
    TypeCatalog types() {
        return typeCatalog;
    }

    @Override
    public String regprocName(long oid) {
        return osgres.sql.internal.catalog.ProcCatalog.regprocName(this, oid);
    }

    @Override
    public long regprocOid(String function) {
        return osgres.sql.internal.catalog.ProcCatalog.oidOfRegproc(this, function);
    }

    @Override
    public TypeCatalog userTypes() {
        return typeCatalog;
    }

    @Override
    public osgres.sql.internal.utils.TriggerDefinitions triggerDefinitions() {
        return new TriggerDefinitionPrinter(this);
    }

    @Override
    public String viewDefinition(osgres.storage.TableDef view, boolean pretty) {
        return ViewDeparser.definition(this, view, pretty);
    }

    @Override
    public osgres.sql.internal.utils.StoredExpressions storedExpressions() {
        TypeIo.OutputSettings output = outputSettings();
        return new StoredExpressionDeparser(gucs.zone(), output,
                oid -> osgres.sql.internal.utils.RegType.ofOid(oid, this).output(output.publicVisible()), types());
    }

    /** The database's user-defined functions as this session sees them. */
    FunctionCatalog functions() {
        return functionCatalog;
    }

    SimplePlanCache planCache() {
        return planCache;
    }

    // ---------------------------------------------------------------- storage transaction

    /** in_hot_standby; false once this session's storage generation is gone (it reports nothing then). */
    private boolean inHotStandby() {
        try {
            return storage.recoveryStatus().inRecovery();
        } catch (IllegalStateException e) {
            return false;
        }
    }

    /** The storage this session was opened on; FATAL once a crash reset replaced it. */
    @Override
    public Storage storage() {
        if (currentStorage.get() != storage) {
            tx = null;
            throw Messages.storageReset();
        }
        return storage;
    }

    @Override
    public SessionSequences sequences() {
        return sequences;
    }

    @Override
    public int databaseOid() {
        return databaseOid;
    }

    BackendProc proc() {
        return proc;
    }

    boolean transactionFailed() {
        return state == TransactionState.FAILED;
    }

    /** What a cached analysis compares: this layer's DDL counter plus the storage's (bumped before unlock). */
    long catalogVersion() {
        Storage s = currentStorage.get();
        return CatalogVersion.current() + (s == null ? 0 : s.catalogVersion());
    }

    /** What a cached plan compares to be planned again after ANALYZE. */
    long statisticsVersion() {
        Storage s = currentStorage.get();
        return s == null ? 0 : s.statisticsVersion();
    }

    /** This backend as the lock manager sees it: its pid, interrupts and lock settings. */
    private final class SessionProc implements BackendProc {
        @Override
        public int pid() {
            return setup.backendPid();
        }

        @Override
        public boolean interruptPending() {
            return setup.interrupts().pending();
        }

        @Override
        public void checkInterrupts() {
            setup.interrupts().check();
        }

        @Override
        public long interruptDeadlineNanos() {
            return setup.interrupts().deadlineNanos();
        }

        @Override
        public long lockTimeoutMillis() {
            return gucs.millis("lock_timeout");
        }

        @Override
        public long deadlockTimeoutMillis() {
            long ms = gucs.millis("deadlock_timeout");
            return ms > 0 ? ms : 1000;
        }

        @Override
        public boolean logLockWaits() {
            return gucs.bool("log_lock_waits");
        }

        @Override
        public String currentQuery() {
            return currentQuery;
        }

        @Override
        public String synchronousCommit() {
            try {
                return gucs.show("synchronous_commit");
            } catch (PgException e) {
                return "on";
            }
        }

        @Override
        public void notice(PgException notice) {
            addNotice(notice);
        }

        @Override
        public void requestRecoveryConflict() {
            setup.interrupts().requestRecoveryConflict();
        }
    }

    @Override
    public Transaction transaction() {
        if (tx == null) {
            Storage s = storage();
            IsolationLevel isolation = blockIsolation != null ? blockIsolation : defaultIsolation();
            // outside a block (or before startStatement ran) the transaction is default_transaction_read_only's
            boolean readOnly = inTransactionBlock() ? blockReadOnly : gucs.bool("default_transaction_read_only");
            snapshotCatalogVersion = catalogVersion();
            tx = s.begin(databaseOid, isolation, readOnly, proc);
            txStatementSeq = -1;
            for (int i = 0; i < savepoints.size(); i++) {
                tx.beginSubtransaction();
            }
        } else if (currentStorage.get() != storage) {
            storage();
        }
        if (txStatementSeq != statementSeq) {
            if (tx.isolation() == IsolationLevel.READ_COMMITTED) {
                snapshotCatalogVersion = catalogVersion();
            }
            tx.startStatement();
            txStatementSeq = statementSeq;
        }
        return tx;
    }

    /**
     * The catalog version read just before the snapshot this statement reads the catalog relations (pg_proc,
     * pg_trigger) with was taken, or Long.MAX_VALUE when this statement has no snapshot yet. A cache of what such
     * a snapshot saw records the smaller of this and the version it read, so that DDL committed between the
     * snapshot and the version read is looked at again.
     */
    long snapshotCatalogVersion() {
        return tx == null || txStatementSeq != statementSeq ? Long.MAX_VALUE : snapshotCatalogVersion;
    }

    /**
     * SET SESSION CHARACTERISTICS changes the session's default_transaction_isolation / _read_only; SET
     * TRANSACTION changes the current block, and only before its first query (as xact.c's check_XactIsoLevel).
     */
    private void setTransaction(UtilityCommand.SetTransaction s) {
        if (s.session()) {
            if (s.isolation() != null) {
                gucs.set("default_transaction_isolation", s.isolation(), false);
            }
            if (s.readOnly() != null) {
                gucs.set("default_transaction_read_only", s.readOnly() ? "on" : "off", false);
            }
            if (s.deferrable() != null) {
                gucs.set("default_transaction_deferrable", s.deferrable() ? "on" : "off", false);
            }
            return;
        }
        if (!inTransactionBlock()) {
            addNotice(new PgException(osgres.api.Severity.WARNING, SqlState.NO_ACTIVE_SQL_TRANSACTION,
                    "SET TRANSACTION can only be used in transaction blocks", null, null, 0));
            return;
        }
        if (s.isolation() != null) {
            if (tx != null || queryRan) {
                throw PgException.error(SqlState.ACTIVE_SQL_TRANSACTION,
                        "SET TRANSACTION ISOLATION LEVEL must be called before any query");
            }
            String current = blockIsolationName != null ? blockIsolationName
                    : gucs.show("default_transaction_isolation");
            if (!savepoints.isEmpty() && !current.equals(s.isolation())) {
                throw Messages.isolationInSubtransaction(); // check_XactIsoLevel: only a change is refused
            }
            blockIsolation = isolationLevel(s.isolation());
            blockIsolationName = s.isolation();
        }
        if (s.deferrable() != null) {
            if (!savepoints.isEmpty()) {
                throw Messages.deferrableInSubtransaction();
            }
            if (tx != null || queryRan) {
                throw Messages.deferrableAfterQuery();
            }
            blockDeferrable = s.deferrable();
        }
        if (s.readOnly() != null) {
            if (!s.readOnly() && storage().recoveryStatus().inRecovery()) {
                // check_transaction_read_only's GUC_check_errcode
                throw PgException.error(SqlState.FEATURE_NOT_SUPPORTED,
                        "cannot set transaction read-write mode during recovery");
            }
            if (!s.readOnly() && blockReadOnly) {
                // check_transaction_read_only
                if (!savepoints.isEmpty()) {
                    throw Messages.readWriteInsideReadOnly();
                }
                if (tx != null) {
                    throw Messages.readWriteAfterQuery();
                }
            }
            setBlockReadOnly(s.readOnly());
        }
    }

    /**
     * BEGIN: the implicit transaction becomes a block. The isolation level applies only while no snapshot was
     * taken (a BEGIN after a query of the same implicit transaction keeps that query's level).
     */
    private void startBlock(String isolation, boolean readOnly, boolean deferrable) {
        state = TransactionState.BLOCK;
        if (isolation != null && tx == null) {
            blockIsolation = isolationLevel(isolation);
            blockIsolationName = isolation;
        }
        setBlockReadOnly(readOnly);
        blockDeferrable = deferrable;
    }

    private static IsolationLevel isolationLevel(String name) {
        return name.equals("repeatable read") || name.equals("serializable") ? IsolationLevel.REPEATABLE_READ
                : IsolationLevel.READ_COMMITTED;
    }

    private TransactionCharacteristics characteristics() {
        return new TransactionCharacteristics(show("transaction_isolation"), blockReadOnly, blockDeferrable);
    }

    /** AND CHAIN: after the commit or rollback, a new block starts at once with the ended one's characteristics. */
    private void chain(TransactionCharacteristics c) {
        transactionStart = Instant.now().truncatedTo(ChronoUnit.MICROS);
        queryRan = false;
        startBlock(c.isolation(), c.readOnly(), c.deferrable());
    }

    /** XactReadOnly: the block's mode, also for the storage transaction already running. */
    private void setBlockReadOnly(boolean readOnly) {
        blockReadOnly = readOnly;
        if (tx != null) {
            tx.setReadOnly(readOnly);
        }
    }

    /** ROLE_PG_READ_SERVER_FILES and ROLE_PG_WRITE_SERVER_FILES: COPY from and to server files without superuser. */
    private static final int PG_READ_SERVER_FILES = 4569;
    private static final int PG_WRITE_SERVER_FILES = 4570;

    /**
     * COPY table FROM 'file' (copyfrom.c with a server file): superusers and members of pg_read_server_files; a
     * relative name is in the data directory, read by the backend in pieces through the same parser as COPY FROM
     * STDIN. Returns the tag.
     */
    private String copyFromFile(UtilityCommand.Copy copy) {
        if (!gucs.currentUserHasPrivsOf(PG_READ_SERVER_FILES, 0)) {
            throw PgException.error(SqlState.INSUFFICIENT_PRIVILEGE, "must be superuser or have privileges of the "
                    + "pg_read_server_files role to COPY from a file").withHint("Anyone can COPY to stdout or "
                    + "from stdin. psql's \\copy command also works for anyone.");
        }
        java.nio.file.Path path = settings.dataDirectory().resolve(copy.filename());
        if (java.nio.file.Files.isDirectory(path)) {
            throw PgException.error("42809", "\"" + copy.filename() + "\" is a directory");
        }
        CopyCommand.In in = new CopyCommand.In(this, copy, new ExecContext(null, this));
        byte[] buffer = new byte[64 * 1024];
        try (java.io.InputStream file = java.nio.file.Files.newInputStream(path)) {
            int n;
            while ((n = file.read(buffer)) > 0) {
                in.data(buffer, 0, n);
            }
        } catch (java.io.IOException e) {
            throw Messages.couldNotOpenForReading(copy.filename(), e).withHint("COPY FROM instructs the "
                    + "PostgreSQL server process to read a file. You may want a client-side facility such as "
                    + "psql's \\copy.");
        }
        return in.done().commandTag();
    }

    /**
     * COPY ... TO 'file' (copyto.c with a server file): superusers and members of pg_write_server_files; an
     * absolute path only, the file created (or truncated) by the server with mode 0644 as PostgreSQL's umask leaves
     * it, written row by row as COPY TO STDOUT sends them. Returns the tag.
     */
    private String copyToFile(UtilityCommand.Copy copy, Object[] parameters) {
        if (!gucs.currentUserHasPrivsOf(PG_WRITE_SERVER_FILES, 0)) {
            throw PgException.error(SqlState.INSUFFICIENT_PRIVILEGE, "must be superuser or have privileges of the "
                    + "pg_write_server_files role to COPY to a file").withHint("Anyone can COPY to stdout or "
                    + "from stdin. psql's \\copy command also works for anyone.");
        }
        java.nio.file.Path path = java.nio.file.Path.of(copy.filename());
        if (!path.isAbsolute()) {
            throw PgException.error("42602", "relative path not allowed for COPY to file");
        }
        if (java.nio.file.Files.isDirectory(path)) {
            throw PgException.error("42809", "could not open file \"" + copy.filename() + "\" for writing: "
                    + "Is a directory");
        }
        CopyCommand.Out out = PortalImpl.openCopyOut(this, copy, parameters);
        java.io.OutputStream file;
        try {
            file = new java.io.BufferedOutputStream(java.nio.file.Files.newOutputStream(path), 64 * 1024);
            try {
                java.nio.file.Files.setPosixFilePermissions(path,
                        java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException | java.io.IOException e) {
                // not a POSIX file system, or not ours to change: the file stays as created
            }
        } catch (java.io.IOException e) {
            PgException error = Messages.couldNotOpenForWriting(copy.filename(), e);
            boolean missingOrDenied = e instanceof java.nio.file.NoSuchFileException
                    || e instanceof java.nio.file.AccessDeniedException;
            throw missingOrDenied ? error.withHint("COPY TO instructs the PostgreSQL server process to write a "
                    + "file. You may want a client-side facility such as psql's \\copy.") : error;
        }
        try (file) {
            osgres.sql.ExecutionResult result = out.run(line -> {
                try {
                    file.write(line);
                } catch (java.io.IOException e) {
                    throw Messages.couldNotWriteCopyFile(e);
                }
            });
            file.flush();
            return result.commandTag();
        } catch (java.io.IOException e) {
            throw Messages.couldNotWriteCopyFile(e);
        }
    }

    /**
     * SHOW of one parameter; transaction_isolation and transaction_read_only are the current transaction's (in a
     * block, what BEGIN or SET TRANSACTION chose; else the defaults each statement's transaction gets).
     */
    private String show(String name) {
        boolean block = inTransactionBlock();
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "transaction_isolation" -> block && blockIsolationName != null ? blockIsolationName
                    : gucs.show("default_transaction_isolation");
            case "transaction_read_only" -> storage().recoveryStatus().inRecovery() ? "on"
                    : block ? (blockReadOnly ? "on" : "off") : gucs.show("default_transaction_read_only");
            case "transaction_deferrable" -> block ? (blockDeferrable ? "on" : "off")
                    : gucs.show("default_transaction_deferrable");
            default -> gucs.show(name);
        };
    }

    private IsolationLevel defaultIsolation() {
        String level;
        try {
            level = gucs.show("default_transaction_isolation");
        } catch (PgException e) {
            return IsolationLevel.READ_COMMITTED;
        }
        return level.equals("repeatable read") || level.equals("serializable") ? IsolationLevel.REPEATABLE_READ
                : IsolationLevel.READ_COMMITTED;
    }

    private boolean synchronousCommit() {
        try {
            return !gucs.show("synchronous_commit").equals("off");
        } catch (PgException e) {
            return true;
        }
    }

    /** Called by DDL: plans of every session must re-check their tables. */
    void catalogChanged() {
        catalogChangedInTransaction = true;
        CatalogVersion.bump();
    }

    /** The pg_database rows this transaction changed, before and after, to put back if it aborts. */
    private final List<osgres.storage.DatabaseDef[]> databaseChanges = new ArrayList<>();

    /**
     * GRANT/REVOKE on a database or schema, ALTER DATABASE/SCHEMA ... OWNER TO: the storage commits the row at once
     * (Storage.changeDatabase); if this transaction aborts, the row is put back as it was (unless something else
     * changed it meanwhile), so a rolled-back GRANT leaves no trace, though other sessions may see it meanwhile.
     * Not undone by ROLLBACK TO SAVEPOINT.
     */
    void changeDatabase(int oid, java.util.function.UnaryOperator<osgres.storage.DatabaseDef> change) {
        osgres.storage.DatabaseDef[] beforeAfter = new osgres.storage.DatabaseDef[2];
        storage().changeDatabase(oid, db -> {
            beforeAfter[0] = db;
            beforeAfter[1] = change.apply(db);
            return beforeAfter[1];
        });
        if (beforeAfter[0] != null && !beforeAfter[0].equals(beforeAfter[1])) {
            databaseChanges.add(beforeAfter);
        }
    }

    private void undoDatabaseChanges() {
        for (int i = databaseChanges.size() - 1; i >= 0; i--) {
            osgres.storage.DatabaseDef[] change = databaseChanges.get(i);
            try {
                storage().changeDatabase(change[0].oid(), db -> db.equals(change[1]) ? change[0] : db);
            } catch (RuntimeException e) {
                // the database is gone: nothing to put back
            }
        }
        databaseChanges.clear();
    }

    private void commitStorage() {
        try {
            cursors.beforeCommit(setup.interrupts());
            ForeignKeys.beforeCommit(this);
        } catch (RuntimeException e) {
            abortStorage();
            throw e;
        }
        deferredConstraints.clear();
        databaseChanges.clear();
        temporaryFiles.closeAll();
        Transaction t = tx;
        tx = null;
        blockIsolation = null;
        blockIsolationName = null;
        blockReadOnly = false;
        try {
            if (t != null) {
                t.commit(synchronousCommit());
            }
        } finally {
            endCatalogChanges();
        }
    }

    private void abortStorage() {
        undoDatabaseChanges();
        cursors.atAbort();
        deferredConstraints.clear();
        temporaryFiles.closeAll();
        Transaction t = tx;
        tx = null;
        if (state != TransactionState.FAILED) {
            // a failed block keeps its characteristics until it ends (COMMIT/ROLLBACK AND CHAIN carry them on)
            blockIsolation = null;
            blockIsolationName = null;
            blockReadOnly = false;
        }
        if (t != null) {
            try {
                t.abort();
            } catch (RuntimeException e) {
                // abort is best effort after an error; the storage cleans up at backend exit or crash reset
            }
        }
        endCatalogChanges();
    }

    private void endCatalogChanges() {
        if (catalogChangedInTransaction) {
            catalogChangedInTransaction = false;
            CatalogVersion.bump();
        }
    }

    /** VACUUM: commits the implicit transaction's catalog lookups so that no snapshot of ours is held. */
    void endImplicitTransactionForVacuum() {
        if (state == TransactionState.IMPLICIT) {
            commitStorage();
        }
    }

    // ---------------------------------------------------------------- SqlSession

    @Override
    public void setStartupParameter(String name, String value) {
        gucs.setStartup(name, value);
    }

    @Override
    public Map<String, String> reportedParameters() {
        return gucs.takeAllReported();
    }

    @Override
    public Map<String, String> takeChangedParameters() {
        return gucs.takeChangedReported();
    }

    @Override
    public List<Statement> parseSimple(String sql) {
        currentQuery = sql;
        simpleQueryActive = true;
        multiStatementQuery = false;
        List<Statement> statements = parseSimpleStatements(conformingText(sql));
        multiStatementQuery = statements.size() > 1;
        return statements;
    }

    private List<Statement> parseSimpleStatements(String sql) {
        return guarded(() -> {
            List<ParsedStatement> cached = simpleCache.get(sql);
            if (cached != null) {
                return List.copyOf(cached);
            }
            if (liftConstants) {
                List<Statement> lifted = planCache.parse(sql);
                if (lifted != null) {
                    return lifted;
                }
            }
            List<ParsedStatement> statements = new ArrayList<>();
            for (RawParser.RawStatement raw : parseCache.parse(sql)) {
                statements.add(new ParsedStatement(this, raw, null, false));
            }
            cached = List.copyOf(statements);
            simpleCache.put(sql, cached);
            return List.copyOf(cached);
        });
    }

    /** The statement of {@code sql} starting at {@code start}, parsed from the exact text (not cached). */
    ParsedStatement exactStatement(String sql, int start) {
        for (QueryLexer.Piece piece : QueryLexer.split(sql)) {
            if (piece.start() == start) {
                return new ParsedStatement(this, RawParser.parsePiece(sql, piece), null, false);
            }
        }
        throw new IllegalStateException("no statement at offset " + start);
    }

    /** COPY (query): the query as a statement of this session. */
    ParsedStatement prepareInternal(String sql) {
        List<RawParser.RawStatement> raws = parseCache.parse(sql);
        if (raws.size() != 1) {
            throw PgException.error(SqlState.SYNTAX_ERROR, "COPY query must be a single statement");
        }
        return new ParsedStatement(this, raws.getFirst(), null, false);
    }

    /**
     * The query text to parse: with standard_conforming_strings off, its backslash escapes in plain literals
     * resolved (NonStandardStrings), escape_string_warning's warnings queued.
     */
    private String conformingText(String sql) {
        if (gucs.bool("standard_conforming_strings")) {
            return sql;
        }
        NonStandardStrings.Rewrite rewrite = guarded(() -> NonStandardStrings.rewrite(sql,
                gucs.bool("escape_string_warning")));
        rewrite.warnings().forEach(this::addNotice);
        return rewrite.sql();
    }

    @Override
    public Statement prepare(String text, int[] parameterTypes) {
        simpleQueryActive = false;
        multiStatementQuery = false;
        armStatementTimeout();
        String sql = conformingText(text);
        return guarded(() -> {
            int[] types = parameterTypes == null ? NO_TYPES : parameterTypes;
            String key = types.length == 0 ? sql : sql + '\0' + java.util.Arrays.toString(types);
            ParsedStatement statement = preparedCache.get(key);
            if (statement == null) {
                List<RawParser.RawStatement> raws = parseCache.parse(sql);
                if (raws.size() > 1) {
                    throw PgException.error(SqlState.SYNTAX_ERROR,
                            "cannot insert multiple commands into a prepared statement");
                }
                statement = new ParsedStatement(this, raws.isEmpty() ? null : raws.getFirst(), types, true);
            }
            checkNotFailed(statement);
            statement.columns();
            // analysed: later Parse messages of the same text share it (it re-analyses itself after DDL)
            preparedCache.put(key, statement);
            return statement;
        });
    }

    @Override
    public Portal bind(Statement statement, List<byte[]> parameters, short[] parameterFormats,
                       short[] resultFormats) {
        armStatementTimeout();
        return guarded(() -> {
            int count = parameters == null ? 0 : parameters.size();
            if (statement instanceof LiftedStatement lifted) {
                if (state == TransactionState.FAILED) {
                    throw Messages.inFailedTransaction();
                }
                if (count != 0) {
                    throw Messages.insufficientParameters(0, count);
                }
                ParsedStatement effective = lifted.effective();
                Object[] values = lifted.usesShape()
                        ? lifted.constants(effective.parameterPgTypes(), gucs.zone()) : new Object[0];
                return new PortalImpl(this, effective, lifted, values, resultFormats(effective, resultFormats));
            }
            ParsedStatement parsed = (ParsedStatement) statement;
            checkNotFailed(parsed);
            if (parsed.utility() instanceof UtilityCommand.Execute execute) {
                // EXECUTE's portal runs the prepared statement: its rows, columns and tag (ExecuteQuery)
                if (count != 0) {
                    throw Messages.insufficientParameters(0, count);
                }
                PreparedStatements.Binding binding = prepared.bind(execute, this);
                return new PortalImpl(this, binding.statement(), parsed, binding.values(),
                        resultFormats(binding.statement(), resultFormats));
            }
            Cursor fetched = cursors.fetchTarget(parsed.utility());
            if (fetched != null) {
                // FETCH's rows are the cursor's (UtilityTupleDescriptor); a BINARY cursor sends binary values to a
                // simple Query, as exec_simple_query sets the format
                short[] formats = simpleQueryActive && fetched.binary() ? new short[] {1} : resultFormats;
                return new PortalImpl(this, parsed, fetched.columns(), fetched.types(),
                        resultFormats(fetched.columns().size(), formats));
            }
            PgType[] types = parsed.parameterPgTypes();
            if (count != types.length) {
                throw Messages.insufficientParameters(types.length, count);
            }
            Object[] values = new Object[count];
            for (int i = 0; i < count; i++) {
                byte[] data = parameters.get(i);
                if (data == null) {
                    continue;
                }
                short format = formatFor(parameterFormats, i, count, "parameter");
                values[i] = format == 1 ? TypeIo.receive(types[i], data, i + 1)
                        : types[i] == PgType.REGCLASS ? RegClass.input(Utf8.decode(data), transaction(), 0)
                        : types[i] == PgType.REGTYPE ? RegType.input(Utf8.decode(data), this, 0)
                        : TypeIo.input(types[i], Utf8.decode(data), gucs.zone());
            }
            return new PortalImpl(this, parsed, values, resultFormats(parsed, resultFormats));
        });
    }

    private static short[] resultFormats(ParsedStatement statement, short[] resultFormats) {
        return resultFormats(statement.columns().size(), resultFormats);
    }

    private static short[] resultFormats(int columnCount, short[] resultFormats) {
        short[] formats = new short[columnCount];
        for (int i = 0; i < columnCount; i++) {
            formats[i] = formatFor(resultFormats, i, columnCount, "result");
        }
        return formats;
    }

    private static short formatFor(short[] codes, int index, int count, String what) {
        if (codes == null || codes.length == 0) {
            return 0;
        }
        if (codes.length != 1 && codes.length != count) {
            throw PgException.error(SqlState.PROTOCOL_VIOLATION, what.equals("result")
                    ? "bind message has " + codes.length + " result formats but query has " + count + " columns"
                    : "bind message has " + codes.length + " parameter formats but " + count + " parameters");
        }
        short code = codes.length == 1 ? codes[0] : codes[index];
        if (code != 0 && code != 1) {
            throw Messages.unsupportedFormat(code);
        }
        return code;
    }

    @Override
    public void sync() {
        if (state == TransactionState.IMPLICIT) {
            state = TransactionState.IDLE;
            try {
                commitStorage();
            } catch (RuntimeException e) {
                gucs.abortTransaction();
                throw e;
            }
            gucs.commitTransaction();
        } else if (state == TransactionState.IDLE && tx != null) {
            abortStorage();
        }
    }

    @Override
    public char transactionStatus() {
        return switch (state) {
            case IDLE, IMPLICIT -> 'I';
            case BLOCK -> 'T';
            case FAILED -> 'E';
        };
    }

    @Override
    public List<PgException> takeNotices() {
        if (notices.isEmpty()) {
            return List.of();
        }
        List<PgException> out = List.copyOf(notices);
        notices.clear();
        return out;
    }

    @Override
    public osgres.sql.StatementLogging statementLogging() {
        // asked at every statement: computed again only after a SET, RESET or reload moved the settings
        if (statementLogging == null || statementLoggingGeneration != gucs.generation()) {
            statementLoggingGeneration = gucs.generation();
            statementLogging = readStatementLogging();
        }
        return statementLogging;
    }

    private osgres.sql.StatementLogging readStatementLogging() {
        osgres.sql.LogStatement level = osgres.sql.LogStatement.valueOf(
                gucs.show("log_statement").toUpperCase(java.util.Locale.ROOT));
        String duration = gucs.show("log_min_duration_statement").strip();
        long minDuration = duration.startsWith("-") ? -1 : gucs.millis("log_min_duration_statement");
        String minError = gucs.show("log_min_error_statement").toUpperCase(java.util.Locale.ROOT);
        return new osgres.sql.StatementLogging(level, minDuration, gucs.bool("log_duration"),
                osgres.api.Severity.valueOf(minError));
    }

    @Override
    public void reloadSettings() {
        gucs.reload();
    }

    @Override
    public void abandon() {
        if (!closed) {
            closed = true;
            tx = null;
            cursors.abandonAll();
            simpleCache.clear();
            preparedCache.clear();
            planCache.clear();
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            if (state != TransactionState.IDLE) {
                gucs.abortTransaction();
                state = TransactionState.IDLE;
            }
            abortStorage();
            cursors.closeAll();
            Storage s = currentStorage.get();
            if (s == storage && s != null) {
                try {
                    s.backendExited(proc);
                } catch (RuntimeException e) {
                    // a storage shut down meanwhile has already forgotten every backend
                }
            }
            releaseReplicationSlots();
            simpleCache.clear();
            preparedCache.clear();
            planCache.clear();
        }
    }

    private final java.util.concurrent.atomic.AtomicReference<osgres.sql.internal.utils.OnlineBackup> onlineBackup =
            new java.util.concurrent.atomic.AtomicReference<>();

    @Override
    public java.util.concurrent.atomic.AtomicReference<osgres.sql.internal.utils.OnlineBackup> onlineBackup() {
        return onlineBackup;
    }

    /** The engine's walsender and replication slot services (set once, right after construction). */
    void useReplication(osgres.sql.internal.utils.ReplicationServices services) {
        this.replication = services;
    }

    /**
     * ReplicationSlotCleanup at backend exit and after an error: the temporary slots this session made with
     * pg_create_physical_replication_slot go, the others it holds are released.
     */
    private void releaseReplicationSlots() {
        replication.source().ifPresent(source -> {
            try {
                source.releaseSlotsOf(setup.backendPid());
            } catch (RuntimeException e) {
                // a storage shut down meanwhile has no slots of this session left to release
            }
        });
    }

    @Override
    public osgres.sql.internal.utils.ReplicationServices replication() {
        return replication;
    }

    // ---------------------------------------------------------------- SessionServices

    @Override
    public SessionSetup setup() {
        return setup;
    }

    @Override
    public Settings settings() {
        return settings;
    }

    @Override
    public SessionGucs gucs() {
        return gucs;
    }

    @Override
    public Instant transactionStart() {
        return transactionStart;
    }

    @Override
    public Instant statementStart() {
        return statementStart;
    }

    @Override
    public boolean inTransactionBlock() {
        return state == TransactionState.BLOCK || state == TransactionState.FAILED;
    }

    @Override
    public void addNotice(PgException notice) {
        if (setup.notices() != null) {
            setup.notices().accept(notice);
        } else {
            notices.add(notice);
        }
    }

    @Override
    public DeferredConstraints deferredConstraints() {
        return deferredConstraints;
    }

    /** The session's SQL-level prepared statements (PREPARE, EXECUTE, DEALLOCATE). */
    PreparedStatements preparedStatements() {
        return prepared;
    }

    @Override
    public List<Object[]> preparedStatementRows() {
        return prepared.viewRows();
    }

    @Override
    public List<Object[]> cursorRows() {
        return cursors.viewRows();
    }

    @Override
    public List<osgres.sql.Column> cursorColumns(String name) {
        Cursor cursor = cursors.find(name);
        return cursor == null ? null : cursor.columns();
    }

    @Override
    public boolean cursorBinary(String name) {
        Cursor cursor = cursors.find(name);
        return cursor != null && cursor.binary();
    }

    CursorTable cursors() {
        return cursors;
    }

    @Override
    public TemporaryFiles temporaryFiles() {
        return temporaryFiles;
    }

    @Override
    public TypeIo.OutputSettings outputSettings() {
        return new TypeIo.OutputSettings(gucs.zone(), gucs.extraFloatDigits(),
                IntervalStyle.of(gucs.showIfExists("intervalstyle")), gucs.publicOnSearchPath());
    }

    // ---------------------------------------------------------------- transactions

    /** Runs a protocol step; an error leaves the transaction failed, as PostgreSQL's AbortCurrentTransaction. */
    <T> T guarded(Supplier<T> step) {
        try {
            return step.get();
        } catch (PgException e) {
            fail();
            throw e;
        } catch (RuntimeException e) {
            fail();
            throw e;
        } catch (StackOverflowError e) {
            // check_stack_depth: a statement nested too deep for this thread's stack ends with 54001, not the session
            fail();
            throw Messages.stackDepthExceeded();
        }
    }

    private void fail() {
        // AbortTransaction closes the statement's temporary files even when the block was already failed
        temporaryFiles.closeAll();
        // PostgresMain's error recovery: ReplicationSlotCleanup drops the session's temporary slots
        releaseReplicationSlots();
        switch (state) {
            case IDLE, IMPLICIT -> {
                gucs.abortTransaction();
                state = TransactionState.IDLE;
                abortStorage();
            }
            case BLOCK -> {
                state = TransactionState.FAILED;
                if (savepoints.isEmpty()) {
                    abortStorage();
                } else {
                    abortInnermostSubtransaction();
                }
            }
            case FAILED -> {
            }
        }
    }

    /** AbortSubTransaction after an error inside a savepoint: the outer levels and the top-level transaction stay. */
    private void abortInnermostSubtransaction() {
        if (tx == null || tx.subtransactionDepth() == 0) {
            return;
        }
        try {
            tx.rollbackSubtransactions(tx.subtransactionDepth() - 1);
        } catch (RuntimeException e) {
            subtransactionsLost = true;
            abortStorage();
        }
    }

    private void checkNotFailed(ParsedStatement statement) {
        if (state == TransactionState.FAILED) {
            UtilityCommand utility = statement.utility();
            if (utility == null || !utility.allowedInFailedTransaction()) {
                throw Messages.inFailedTransaction();
            }
        }
    }

    /**
     * start_xact_command's timer: statement_timeout runs from the Parse or Bind of a statement (where analysis
     * may already wait for locks) through its execution; the backend disarms it when it goes idle.
     */
    private void armStatementTimeout() {
        setup.interrupts().startStatementTimeout(gucs.statementTimeoutMillis());
    }

    /** Called when a portal starts: CHECK_FOR_INTERRUPTS, the failed-block check, the implicit transaction. */
    void startStatement(ParsedStatement statement) {
        setup.interrupts().check();
        if (!simpleQueryActive) {
            currentQuery = statement.sql();
        }
        checkNotFailed(statement);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        if (state == TransactionState.IDLE) {
            state = TransactionState.IMPLICIT;
            transactionStart = now;
            // StartTransaction: XactReadOnly and XactDeferrable start from their defaults
            blockReadOnly = gucs.bool("default_transaction_read_only");
            blockDeferrable = gucs.bool("default_transaction_deferrable");
            queryRan = false;
        }
        queryRan |= statement.utility() == null;
        statementStart = now;
        statementSeq++;
    }

    UtilityResult runUtility(UtilityCommand command) {
        return runUtility(command, new Object[0], new PgType[0]);
    }

    /** A utility command with the portal's bound parameters (a DECLARE's query may use them). */
    UtilityResult runUtility(UtilityCommand command, Object[] parameters, PgType[] parameterTypes) {
        String outsideBlock = command.outsideBlockOnly();
        if (outsideBlock != null && inTransactionBlock()) {
            throw Messages.cannotRunInBlock(outsideBlock);
        }
        if (command instanceof UtilityCommand.Copy copy) {
            if (copy.filename() != null) {
                return new UtilityResult(copy.from() ? copyFromFile(copy) : copyToFile(copy, parameters), null);
            }
            throw PgException.error(SqlState.FEATURE_NOT_SUPPORTED, "COPY runs through the copy sub-protocol");
        }
        cursors.checkNotInUse(command);
        if (command instanceof UtilityCommand.Call call) {
            return new UtilityResult(FunctionCommands.call(call, this, parameters, parameterTypes), null);
        }
        String ddlTag = DdlExecutor.run(command, this);
        if (ddlTag != null) {
            return new UtilityResult(ddlTag, null);
        }
        return switch (command) {
            case UtilityCommand.Begin b -> {
                if (inTransactionBlock()) {
                    addNotice(Messages.alreadyInTransaction());
                } else {
                    startBlock(b.isolation(), b.readOnly() != null ? b.readOnly() : blockReadOnly,
                            b.deferrable() != null ? b.deferrable() : blockDeferrable);
                }
                yield new UtilityResult("BEGIN", null);
            }
            case UtilityCommand.Commit c -> {
                if (c.chain() && !inTransactionBlock()) {
                    throw Messages.chainOutsideBlock("COMMIT AND CHAIN");
                }
                TransactionCharacteristics chained = characteristics();
                String tag = "COMMIT";
                switch (state) {
                    case BLOCK, IMPLICIT -> {
                        if (state == TransactionState.IMPLICIT) {
                            // EndTransactionBlock in an implicit block: a warning, and the statements so far commit
                            addNotice(Messages.noTransaction());
                        }
                        state = TransactionState.IDLE;
                        try {
                            commitStorage();
                        } catch (RuntimeException e) {
                            gucs.abortTransaction();
                            savepoints.clear();
                            subtransactionsLost = false;
                            throw e;
                        }
                        gucs.commitTransaction();
                    }
                    case FAILED -> {
                        gucs.abortTransaction();
                        state = TransactionState.IDLE;
                        abortStorage();
                        tag = "ROLLBACK";
                    }
                    default -> addNotice(Messages.noTransaction());
                }
                savepoints.clear();
                subtransactionsLost = false;
                if (c.chain()) {
                    chain(chained);
                }
                yield new UtilityResult(tag, null);
            }
            case UtilityCommand.Rollback r -> {
                if (r.chain() && !inTransactionBlock()) {
                    throw Messages.chainOutsideBlock("ROLLBACK AND CHAIN");
                }
                TransactionCharacteristics chained = characteristics();
                if (inTransactionBlock()) {
                    gucs.abortTransaction();
                    state = TransactionState.IDLE;
                    abortStorage();
                } else {
                    addNotice(Messages.noTransaction());
                    if (state == TransactionState.IMPLICIT) {
                        // UserAbortTransactionBlock: an implicit block's statements so far roll back
                        gucs.abortTransaction();
                        state = TransactionState.IDLE;
                        abortStorage();
                    }
                }
                savepoints.clear();
                subtransactionsLost = false;
                if (r.chain()) {
                    chain(chained);
                }
                yield new UtilityResult("ROLLBACK", null);
            }
            case UtilityCommand.Savepoint s -> {
                requireBlock("SAVEPOINT");
                if (tx != null) {
                    tx.beginSubtransaction();
                }
                savepoints.add(new SavepointEntry(s.name(), gucs.snapshot(), blockReadOnly));
                yield new UtilityResult("SAVEPOINT", null);
            }
            case UtilityCommand.ReleaseSavepoint s -> {
                requireBlock("RELEASE SAVEPOINT");
                int i = findSavepoint(s.name());
                if (tx != null) {
                    tx.releaseSubtransactions(i);
                }
                // CommitSubTransaction restores XactReadOnly: SET TRANSACTION READ ONLY ends with the savepoint
                setBlockReadOnly(savepoints.get(i).readOnly());
                savepoints.subList(i, savepoints.size()).clear();
                cursors.atSubCommit(i);
                yield new UtilityResult("RELEASE", null);
            }
            case UtilityCommand.RollbackToSavepoint s -> {
                requireBlock("ROLLBACK TO SAVEPOINT");
                int i = findSavepoint(s.name());
                rollbackToSavepoint(i);
                cursors.atSubAbort(i);
                yield new UtilityResult("ROLLBACK", null);
            }
            case UtilityCommand.Set s -> {
                if (s.local() && !inTransactionBlock()) {
                    addNotice(Messages.setLocalOutsideBlock("SET LOCAL"));
                }
                if (s.values() == null) {
                    gucs.reset(s.name(), s.local());
                } else {
                    gucs.set(s.name(), String.join(", ", s.values()), s.local());
                }
                yield new UtilityResult("SET", null);
            }
            case UtilityCommand.SetTransaction s -> {
                setTransaction(s);
                yield new UtilityResult("SET", null);
            }
            case UtilityCommand.Reset r -> {
                if (r.name() == null) {
                    gucs.resetAll();
                } else {
                    gucs.reset(r.name(), false);
                }
                yield new UtilityResult("RESET", null);
            }
            case UtilityCommand.Show s -> {
                List<Object[]> rows = new ArrayList<>();
                if (s.name() == null) {
                    rows.addAll(gucs.showAll());
                } else {
                    rows.add(new Object[] {show(s.name())});
                }
                yield new UtilityResult("SHOW", rows);
            }
            case UtilityCommand.Discard d -> {
                if (d.what().equals("ALL")) {
                    if (inTransactionBlock()) {
                        throw PgException.error(SqlState.ACTIVE_SQL_TRANSACTION,
                                "DISCARD ALL cannot run inside a transaction block");
                    }
                    gucs.resetAll();
                    cursors.closeAll();
                    sequences.discard();
                    simpleCache.clear();
                    preparedCache.clear();
                    planCache.clear();
                    discardTemporaryTables();
                    // DiscardAll's LockReleaseAll(USER_LOCKMETHOD, true): the session's advisory locks
                    transaction().advisoryUnlockAll();
                } else if (d.what().equals("TEMP")) {
                    discardTemporaryTables();
                } else if (d.what().equals("SEQUENCES")) {
                    sequences.discard();
                } else if (d.what().equals("PLANS")) {
                    simpleCache.clear();
                    preparedCache.clear();
                    planCache.clear();
                }
                yield new UtilityResult("DISCARD " + d.what(), null);
            }
            case UtilityCommand.Deallocate d -> new UtilityResult(prepared.deallocate(d), null);
            case UtilityCommand.Prepare p -> new UtilityResult(prepared.prepare(p, this), null);
            case UtilityCommand.Execute e -> throw Messages.notSupported("EXECUTE here", 0);
            case UtilityCommand.DeclareCursor d -> {
                // a simple Query of several statements is an implicit transaction block (IsTransactionBlock)
                cursors.declare(d, this, inTransactionBlock() || (simpleQueryActive && multiStatementQuery),
                        parameters, parameterTypes, savepoints.size());
                if (state == TransactionState.IMPLICIT && simpleQueryActive && !multiStatementQuery) {
                    // exec_simple_query commits a lone statement before its CommandComplete: a WITH HOLD cursor's
                    // error while it reads its rows at that commit is the DECLARE's (nothing runs in between)
                    cursors.persistHeld(d.name(), setup.interrupts());
                }
                yield new UtilityResult("DECLARE CURSOR", null);
            }
            case UtilityCommand.Fetch f -> cursors.fetch(f, setup.interrupts());
            case UtilityCommand.CloseCursor c -> new UtilityResult(cursors.close(c.name()), null);
            default -> throw new IllegalStateException("unhandled utility command " + command);
        };
    }

    /** DISCARD TEMP (ResetTempTableNamespace): drops this session's temporary tables in its transaction. */
    private void discardTemporaryTables() {
        Transaction t = transaction();
        if (t.temporarySchema().isEmpty()) {
            return;
        }
        for (osgres.storage.TableDef table : t.tables()) {
            if (t.isTemporary(table)) {
                t.dropTable(TemporaryTables.qualified(t, table));
                catalogChanged();
            }
        }
    }

    /**
     * ROLLBACK TO savepoint {@code i} (RollbackToSavepoint + the TBLOCK_SUBRESTART that follows): the levels from
     * its own inward are aborted, a new level starts under the same name, GUCs go back to the savepoint's, and a
     * failed block is usable again.
     */
    private void rollbackToSavepoint(int i) {
        if (subtransactionsLost) {
            throw Messages.inFailedTransaction();
        }
        if (tx != null) {
            tx.rollbackSubtransactions(i);
            tx.beginSubtransaction();
        }
        savepoints.subList(i + 1, savepoints.size()).clear();
        gucs.restore(savepoints.get(i).gucs());
        setBlockReadOnly(savepoints.get(i).readOnly());
        if (catalogChangedInTransaction) {
            // DDL inside the rolled-back levels is gone: cached plans must look at their tables again
            CatalogVersion.bump();
        }
        state = TransactionState.BLOCK;
    }

    private void requireBlock(String command) {
        if (!inTransactionBlock()) {
            throw Messages.savepointOutsideBlock(command);
        }
    }

    private int findSavepoint(String name) {
        for (int i = savepoints.size() - 1; i >= 0; i--) {
            if (savepoints.get(i).name().equals(name)) {
                return i;
            }
        }
        throw Messages.noSuchSavepoint(name);
    }
}
