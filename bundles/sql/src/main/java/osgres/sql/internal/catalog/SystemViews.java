/*
 * The statistics views of pg_catalog (PostgreSQL 15's system_views.sql over pgstatfuncs.c), kept apart from the
 * rest of the SQL layer so that a rewrite of the parser, planner or executor keeps them: each view is a name, its
 * columns with PostgreSQL's names, order and types, and a function that produces its rows from the providers the
 * processes fill (the postmaster's child table through PostmasterControl, the storage engine's cumulative
 * statistics through Storage). The analyzer resolves a FROM name against these before user tables (pg_catalog
 * comes first in the search path); the executor scans the produced rows like a table, so WHERE, ORDER BY and
 * column lists work as over tables. Also pg_stat_reset() and pg_stat_reset_shared().
 *
 * Not here: pg_stat_progress_vacuum, pg_locks; privilege filtering of pg_stat_activity (every
 * session sees every row); wait events other than an idle process's; backend_xid/backend_xmin (NULL).
 */
package osgres.sql.internal.catalog;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Function;

import osgres.api.ChildInfo;
import osgres.api.ChildKind;
import osgres.api.SslStatus;
import osgres.sql.internal.utils.Messages;
import osgres.sql.internal.utils.PgType;
import osgres.sql.internal.utils.SessionServices;
import osgres.storage.ArchiverStatistics;
import osgres.storage.BgWriterStatistics;
import osgres.storage.DatabaseStatistics;
import osgres.storage.Storage;
import osgres.storage.TableStatistics;
import osgres.storage.VacuumProgress;
import osgres.storage.WalStatistics;

public final class SystemViews {

    public record ViewColumn(String name, PgType type) {
    }

    /** A view: its columns and the rows it shows to one session, produced at each scan. */
    public record View(String name, List<ViewColumn> columns, Function<SessionServices, List<Object[]>> rows) {
        public List<String> names() {
            return columns.stream().map(ViewColumn::name).toList();
        }

        public List<PgType> types() {
            return columns.stream().map(ViewColumn::type).toList();
        }

        /**
         * The rows one session sees, int2vector and oidvector columns made arrays from the text the catalogs build
         * them as ({@code 1 2}).
         */
        public List<Object[]> scan(SessionServices session) {
            List<Object[]> rows = this.rows.apply(session);
            List<Integer> vectors = new java.util.ArrayList<>();
            for (int i = 0; i < columns.size(); i++) {
                if (columns.get(i).type().isVector()) {
                    vectors.add(i);
                }
            }
            if (vectors.isEmpty()) {
                return rows;
            }
            List<Object[]> out = new java.util.ArrayList<>(rows.size());
            for (Object[] row : rows) {
                Object[] copy = row;
                for (int i : vectors) {
                    if (row[i] instanceof String text) {
                        copy = copy == row ? row.clone() : copy;
                        copy[i] = osgres.sql.internal.utils.TypeIo.input(columns.get(i).type(), text, null);
                    }
                }
                out.add(copy);
            }
            return out;
        }
    }

    private static final PgType OID = PgType.OID;
    private static final PgType NAME = PgType.NAME;
    private static final PgType INT4 = PgType.INT4;
    private static final PgType INT8 = PgType.INT8;
    private static final PgType TEXT = PgType.TEXT;
    private static final PgType TSTZ = PgType.TIMESTAMPTZ;
    private static final PgType FLOAT8 = PgType.FLOAT8;

    /** ROLE_PG_READ_ALL_STATS: its members see every session's activity. */
    private static final int PG_READ_ALL_STATS = 3375;
    private static final String INSUFFICIENT_PRIVILEGE = "<insufficient privilege>";

    private static final View PG_STAT_ACTIVITY = new View("pg_stat_activity", columns(
            "datid", OID, "datname", NAME, "pid", INT4, "leader_pid", INT4, "usesysid", OID, "usename", NAME,
            "application_name", TEXT, "client_addr", PgType.INET, "client_hostname", TEXT, "client_port", INT4,
            "backend_start", TSTZ, "xact_start", TSTZ, "query_start", TSTZ, "state_change", TSTZ,
            "wait_event_type", TEXT, "wait_event", TEXT, "state", TEXT, "backend_xid", PgType.XID,
            "backend_xmin", PgType.XID, "query_id", INT8, "query", TEXT, "backend_type", TEXT),
            SystemViews::activity);

    private static final View PG_STAT_SSL = new View("pg_stat_ssl", columns(
            "pid", INT4, "ssl", PgType.BOOL, "version", TEXT, "cipher", TEXT, "bits", INT4, "client_dn", TEXT,
            "client_serial", PgType.NUMERIC, "issuer_dn", TEXT),
            SystemViews::ssl);

    private static final List<ViewColumn> TABLE_COLUMNS = columns(
            "relid", OID, "schemaname", NAME, "relname", NAME, "seq_scan", INT8, "seq_tup_read", INT8,
            "idx_scan", INT8, "idx_tup_fetch", INT8, "n_tup_ins", INT8, "n_tup_upd", INT8, "n_tup_del", INT8,
            "n_tup_hot_upd", INT8, "n_live_tup", INT8, "n_dead_tup", INT8, "n_mod_since_analyze", INT8,
            "n_ins_since_vacuum", INT8, "last_vacuum", TSTZ, "last_autovacuum", TSTZ, "last_analyze", TSTZ,
            "last_autoanalyze", TSTZ, "vacuum_count", INT8, "autovacuum_count", INT8, "analyze_count", INT8,
            "autoanalyze_count", INT8);

    private static final View PG_STAT_ALL_TABLES = new View("pg_stat_all_tables", TABLE_COLUMNS,
            s -> tables(s, false));

    private static final View PG_STAT_USER_TABLES = new View("pg_stat_user_tables", TABLE_COLUMNS,
            s -> tables(s, true));

    private static final View PG_STAT_DATABASE = new View("pg_stat_database", columns(
            "datid", OID, "datname", NAME, "numbackends", INT4, "xact_commit", INT8, "xact_rollback", INT8,
            "blks_read", INT8, "blks_hit", INT8, "tup_returned", INT8, "tup_fetched", INT8, "tup_inserted", INT8,
            "tup_updated", INT8, "tup_deleted", INT8, "conflicts", INT8, "temp_files", INT8, "temp_bytes", INT8,
            "deadlocks", INT8, "checksum_failures", INT8, "checksum_last_failure", TSTZ, "blk_read_time", FLOAT8,
            "blk_write_time", FLOAT8, "session_time", FLOAT8, "active_time", FLOAT8,
            "idle_in_transaction_time", FLOAT8, "sessions", INT8, "sessions_abandoned", INT8, "sessions_fatal", INT8,
            "sessions_killed", INT8, "stats_reset", TSTZ),
            SystemViews::databases);

    private static final View PG_STAT_BGWRITER = new View("pg_stat_bgwriter", columns(
            "checkpoints_timed", INT8, "checkpoints_req", INT8, "checkpoint_write_time", FLOAT8,
            "checkpoint_sync_time", FLOAT8, "buffers_checkpoint", INT8, "buffers_clean", INT8,
            "maxwritten_clean", INT8, "buffers_backend", INT8, "buffers_backend_fsync", INT8, "buffers_alloc", INT8,
            "stats_reset", TSTZ),
            SystemViews::bgwriter);

    private static final View PG_STAT_PROGRESS_VACUUM = new View("pg_stat_progress_vacuum", columns(
            "pid", INT4, "datid", OID, "datname", NAME, "relid", OID, "phase", TEXT, "heap_blks_total", INT8,
            "heap_blks_scanned", INT8, "heap_blks_vacuumed", INT8, "index_vacuum_count", INT8, "max_dead_tuples",
            INT8, "num_dead_tuples", INT8),
            SystemViews::vacuumProgress);

    private static final View PG_STAT_WAL = new View("pg_stat_wal", columns(
            "wal_records", INT8, "wal_fpi", INT8, "wal_bytes", PgType.NUMERIC, "wal_buffers_full", INT8,
            "wal_write", INT8, "wal_sync", INT8, "wal_write_time", FLOAT8, "wal_sync_time", FLOAT8,
            "stats_reset", TSTZ),
            SystemViews::wal);

    /** pg_stat_archiver (pg_stat_get_archiver): the archiver's counts, one row. */
    private static final View PG_STAT_ARCHIVER = new View("pg_stat_archiver", columns(
            "archived_count", INT8, "last_archived_wal", TEXT, "last_archived_time", TSTZ, "failed_count", INT8,
            "last_failed_wal", TEXT, "last_failed_time", TSTZ, "stats_reset", TSTZ),
            SystemViews::archiver);

    /** pg_replication_slots (pg_get_replication_slots of slotfuncs.c): the storage's physical slots. */
    private static final View PG_REPLICATION_SLOTS = new View("pg_replication_slots", columns(
            "slot_name", NAME, "plugin", NAME, "slot_type", TEXT, "datoid", OID, "database", NAME,
            "temporary", PgType.BOOL, "active", PgType.BOOL, "active_pid", INT4, "xmin", PgType.XID,
            "catalog_xmin", PgType.XID, "restart_lsn", PgType.PG_LSN, "confirmed_flush_lsn", PgType.PG_LSN,
            "wal_status", TEXT, "safe_wal_size", INT8, "two_phase", PgType.BOOL),
            SystemViews::replicationSlots);

    /** pg_stat_replication: pg_stat_activity's walsender rows joined with pg_stat_get_wal_senders(). */
    private static final View PG_STAT_REPLICATION = new View("pg_stat_replication", columns(
            "pid", INT4, "usesysid", OID, "usename", NAME, "application_name", TEXT, "client_addr", PgType.INET,
            "client_hostname", TEXT, "client_port", INT4, "backend_start", TSTZ, "backend_xmin", PgType.XID,
            "state", TEXT, "sent_lsn", PgType.PG_LSN, "write_lsn", PgType.PG_LSN, "flush_lsn", PgType.PG_LSN,
            "replay_lsn", PgType.PG_LSN, "write_lag", PgType.INTERVAL, "flush_lag", PgType.INTERVAL,
            "replay_lag", PgType.INTERVAL, "sync_priority", INT4, "sync_state", TEXT, "reply_time", TSTZ),
            SystemViews::replication);

    /** pg_stat_wal_receiver: a standby's walreceiver (one row while it runs, none on a primary). */
    private static final View PG_STAT_WAL_RECEIVER = new View("pg_stat_wal_receiver", columns(
            "pid", INT4, "status", TEXT, "receive_start_lsn", PgType.PG_LSN, "receive_start_tli", INT4,
            "written_lsn", PgType.PG_LSN, "flushed_lsn", PgType.PG_LSN, "received_tli", INT4,
            "last_msg_send_time", TSTZ, "last_msg_receipt_time", TSTZ, "latest_end_lsn", PgType.PG_LSN,
            "latest_end_time", TSTZ, "slot_name", TEXT, "sender_host", TEXT, "sender_port", INT4, "conninfo", TEXT),
            SystemViews::walReceiver);

    /** pg_cursors (pg_cursor() of portalmem.c): this session's cursors. */
    private static final View PG_CURSORS = new View("pg_cursors", columns(
            "name", TEXT, "statement", TEXT, "is_holdable", PgType.BOOL, "is_binary", PgType.BOOL,
            "is_scrollable", PgType.BOOL, "creation_time", TSTZ),
            session -> session.cursorRows());

    /** pg_prepared_statements (pg_prepared_statement() of prepare.c): this session's PREPAREd statements. */
    private static final View PG_PREPARED_STATEMENTS = new View("pg_prepared_statements", columns(
            "name", TEXT, "statement", TEXT, "prepare_time", TSTZ, "parameter_types", PgType.REGTYPE_ARRAY,
            "from_sql", PgType.BOOL, "generic_plans", INT8, "custom_plans", INT8),
            session -> session.preparedStatementRows());

    /**
     * Every view and catalog by name: these and the catalog classes' (pg_class, pg_attribute...). Built on first
     * lookup, not in this class's initializer: the catalog classes' own initializers call {@link #columns}, and a
     * function reaching one of them first (obj_description, pg_get_constraintdef) must not find its ALL still null.
     */
    private static final class Registry {
        static final Map<String, View> VIEWS = byName();
    }

    private static Map<String, View> byName() {
        Map<String, View> views = new HashMap<>();
        for (View v : List.of(PG_STAT_ACTIVITY, PG_STAT_SSL, PG_STAT_ALL_TABLES, PG_STAT_USER_TABLES, PG_STAT_DATABASE,
                PG_STAT_BGWRITER, PG_STAT_PROGRESS_VACUUM, PG_STAT_WAL, PG_CURSORS, PG_PREPARED_STATEMENTS,
                PG_REPLICATION_SLOTS, PG_STAT_REPLICATION, PG_STAT_WAL_RECEIVER, PG_STAT_ARCHIVER)) {
            views.put(v.name(), v);
        }
        for (View v : SystemCatalogs.ALL) {
            views.put(v.name(), v);
        }
        for (View v : SystemTypes.ALL) {
            views.put(v.name(), v);
        }
        for (View v : ConstraintCatalogs.ALL) {
            views.put(v.name(), v);
        }
        for (View v : DescriptionCatalog.ALL) {
            views.put(v.name(), v);
        }
        for (View v : SequenceCatalogs.ALL) {
            views.put(v.name(), v);
        }
        for (View v : BuiltinCatalogs.ALL) {
            views.put(v.name(), v);
        }
        // after the built-in data: pg_default_acl's rows are ALTER DEFAULT PRIVILEGES', not its empty builtin file
        for (View v : DefaultAcls.ALL) {
            views.put(v.name(), v);
        }
        GlobalCatalogs.ALL.forEach(v -> views.put(v.name(), v));
        PartitionCatalog.ALL.forEach(v -> views.put(v.name(), v));
        return Map.copyOf(views);
    }

    private SystemViews() {
    }

    /** The view a FROM name means ({@code schema} null or {@code pg_catalog}), or null. */
    public static View find(String schema, String name) {
        if (schema != null && !schema.equals("pg_catalog")) {
            return null;
        }
        return Registry.VIEWS.get(name);
    }

    static List<ViewColumn> columns(Object... nameTypePairs) {
        List<ViewColumn> list = new ArrayList<>();
        for (int i = 0; i < nameTypePairs.length; i += 2) {
            list.add(new ViewColumn((String) nameTypePairs[i], (PgType) nameTypePairs[i + 1]));
        }
        return List.copyOf(list);
    }

    // ---- pg_stat_activity (pg_stat_get_activity) -----------------------------------------------------------

    private static List<Object[]> activity(SessionServices session) {
        Storage storage = session.storage();
        List<Object[]> rows = new ArrayList<>();
        java.util.function.Predicate<Long> visible = activityVisible(session);
        for (ChildInfo c : session.setup().postmaster().children()) {
            // an autovacuum worker reports its database, state and "autovacuum: VACUUM public.t" like a backend, a
            // walsender its state and replication command (START_REPLICATION ... active while it streams)
            boolean walsender = c.kind() == ChildKind.WALSENDER;
            boolean backend = c.kind() == ChildKind.BACKEND || c.kind() == ChildKind.AUTOVACUUM_WORKER || walsender;
            String state = backend ? backendState(c.state()) : null;
            Long datid = null;
            if (backend && !c.database().isEmpty()) {
                OptionalInt oid = storage.databaseOid(c.database());
                datid = oid.isPresent() ? (long) oid.getAsInt() : null;
            }
            String[] wait = waitEvent(c.kind(), state, c.query());
            Long usesysid = c.user() == null || c.user().isEmpty() ? null
                    : storage.role(c.user()).map(r -> r.oid() & 0xFFFFFFFFL).orElse(null);
            if (!visible.test(usesysid)) {
                // HAS_PGSTAT_PERMISSIONS: another role's session (or a process of none) shows who, not what
                rows.add(new Object[] {
                    datid, emptyToNull(c.database()), c.pid(), null, usesysid, emptyToNull(c.user()),
                    c.applicationName() == null ? "" : c.applicationName(), null, null, null, null, null, null, null,
                    null, null, null, null, null, null, INSUFFICIENT_PRIVILEGE, null});
                continue;
            }
            rows.add(new Object[] {
                datid, emptyToNull(c.database()), c.pid(), null, usesysid, emptyToNull(c.user()),
                c.applicationName() == null ? "" : c.applicationName(), c.clientAddress(), null, c.clientPort(),
                c.started(), backend && !walsender ? c.xactStart() : null, backend ? c.queryStart() : null,
                backend ? c.stateChange() : null, wait[0], wait[1], state, null, null, null,
                c.query() == null ? "" : c.query(), c.kind().backendType()});
        }
        return rows;
    }

    // ---- pg_stat_replication, pg_replication_slots -------------------------------------------------------------

    /**
     * pg_stat_replication: the walsenders of pg_stat_activity (with its visibility rules) joined on pid with
     * pg_stat_get_wal_senders(), whose columns only pg_read_all_stats's members see (others get the pid alone).
     * LSNs of 0 and lags of -1 are NULL, as PostgreSQL shows them.
     */
    private static List<Object[]> replication(SessionServices session) {
        List<osgres.api.WalSenderStatus> senders = session.replication().senders();
        if (senders.isEmpty()) {
            return List.of();
        }
        Map<Integer, Object[]> activity = new HashMap<>();
        for (Object[] a : activity(session)) {
            activity.put((Integer) a[2], a);
        }
        boolean allStats = session.gucs().roleGraph().hasPrivsOfRole(session.gucs().currentUserOid(),
                PG_READ_ALL_STATS, 0);
        List<Object[]> rows = new ArrayList<>();
        for (osgres.api.WalSenderStatus w : senders) {
            Object[] a = activity.get(w.pid());
            if (a == null) {
                continue;
            }
            Object[] row = {a[2], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[18], null, null, null, null, null,
                null, null, null, null, null, null};
            if (allStats) {
                row[9] = w.state();
                row[10] = lsnOrNull(w.sentLsn());
                row[11] = lsnOrNull(w.writeLsn());
                row[12] = lsnOrNull(w.flushLsn());
                row[13] = lsnOrNull(w.replayLsn());
                row[14] = lag(w.writeLagMicros());
                row[15] = lag(w.flushLagMicros());
                row[16] = lag(w.replayLagMicros());
                row[17] = w.syncPriority();
                row[18] = w.syncState();
                row[19] = w.replyTime();
                if (row[8] == null && w.xmin() != 0) {
                    // ProcessStandbyHSFeedbackMessage sets the walsender's xmin, which pg_stat_activity shows
                    row[8] = w.xmin() & 0xFFFFFFFFL;
                }
            }
            rows.add(row);
        }
        return rows;
    }

    /** pg_stat_get_wal_receiver: the columns past status are shown to pg_read_all_stats members only. */
    private static List<Object[]> walReceiver(SessionServices session) {
        osgres.storage.WalReceiverStatus w = session.storage().recoveryStatus().receiver();
        if (w == null) {
            return List.of();
        }
        boolean allStats = session.gucs().roleGraph().hasPrivsOfRole(session.gucs().currentUserOid(),
                PG_READ_ALL_STATS, 0);
        Object[] row = new Object[15];
        row[0] = w.pid();
        if (allStats) {
            row[1] = w.status();
            row[2] = lsnOrNull(w.receiveStartLsn());
            row[3] = w.receiveStartTli();
            row[4] = lsnOrNull(w.writtenLsn());
            row[5] = lsnOrNull(w.flushedLsn());
            row[6] = w.receivedTli();
            row[7] = w.lastMsgSendTime();
            row[8] = w.lastMsgReceiptTime();
            row[9] = lsnOrNull(w.latestEndLsn());
            row[10] = w.latestEndTime();
            row[11] = w.slotName();
            row[12] = w.senderHost();
            row[13] = w.senderPort() == 0 ? null : w.senderPort();
            row[14] = w.conninfo();
        }
        return List.<Object[]>of(row);
    }

    private static Long lsnOrNull(long lsn) {
        return lsn == 0 ? null : lsn;
    }

    private static osgres.storage.Interval lag(long micros) {
        return micros < 0 ? null : new osgres.storage.Interval(0, 0, micros);
    }

    /**
     * pg_replication_slots over the storage's physical slots: no plugin or database, active while a process holds
     * the slot, wal_status {@code reserved} once the slot holds WAL (osgres keeps a slot's WAL without limit:
     * max_slot_wal_keep_size -1, so safe_wal_size is NULL).
     */
    private static List<Object[]> replicationSlots(SessionServices session) {
        List<Object[]> rows = new ArrayList<>();
        session.replication().source().ifPresent(source -> {
            for (osgres.storage.ReplicationSlot s : source.slots()) {
                rows.add(new Object[] {s.name(), null, "physical", null, null, s.temporary(), s.activePid() != 0,
                    s.activePid() != 0 ? s.activePid() : null, s.xmin() != 0 ? s.xmin() : null, null,
                    lsnOrNull(s.restartLsn()), null, s.restartLsn() != 0 ? "reserved" : null, null, false});
            }
        });
        rows.sort(java.util.Comparator.comparing(r -> (String) r[0]));
        return rows;
    }

    // ---- pg_stat_ssl: one row per client backend (client_port set), TLS details when it uses TLS ---------------

    /**
     * HAS_PGSTAT_PERMISSIONS for the current user: whether a session of role {@code usesysid} (null: none) shows its
     * activity, which it does to a role with its privileges or those of pg_read_all_stats.
     */
    private static java.util.function.Predicate<Long> activityVisible(SessionServices session) {
        osgres.sql.internal.utils.RoleGraph roles = session.gucs().roleGraph();
        int me = session.gucs().currentUserOid();
        if (roles.hasPrivsOfRole(me, PG_READ_ALL_STATS, 0)) {
            return usesysid -> true;
        }
        return usesysid -> usesysid != null && roles.hasPrivsOfRole(me, (int) (long) usesysid, 0);
    }

    private static List<Object[]> ssl(SessionServices session) {
        List<Object[]> rows = new ArrayList<>();
        java.util.function.Predicate<Long> visible = activityVisible(session);
        Storage storage = session.storage();
        for (ChildInfo c : session.setup().postmaster().children()) {
            // pg_stat_ssl is pg_stat_activity's rows WHERE client_port IS NOT NULL: hidden sessions have none
            Long usesysid = c.user() == null || c.user().isEmpty() ? null
                    : storage.role(c.user()).map(r -> r.oid() & 0xFFFFFFFFL).orElse(null);
            if (c.clientPort() == null || !visible.test(usesysid)) {
                continue;
            }
            SslStatus s = c.ssl();
            rows.add(s == null ? new Object[] {c.pid(), false, null, null, null, null, null, null}
                    : new Object[] {c.pid(), true, s.version(), s.cipher(), s.bits(), s.clientDn(),
                        s.clientSerial() == null ? null : new BigDecimal(s.clientSerial()), s.issuerDn()});
        }
        return rows;
    }

    /** The states pgstat reports; a backend still authenticating has none yet. */
    private static String backendState(String reported) {
        return switch (reported) {
            case "active", "idle", "idle in transaction", "idle in transaction (aborted)",
                 "fastpath function call", "disabled" -> reported;
            default -> null;
        };
    }

    /**
     * The wait event of an idle process (type {@code Activity} or {@code Client}), as its main loop waits; a
     * streaming walsender waits for WAL or its standby in WalSndLoop (WalSenderMain).
     */
    private static String[] waitEvent(ChildKind kind, String state, String query) {
        String event = switch (kind) {
            case BGWRITER -> "BgWriterMain";
            case CHECKPOINTER -> "CheckpointerMain";
            case WALWRITER -> "WalWriterMain";
            case WALRECEIVER -> "WalReceiverMain";
            case AUTOVACUUM_LAUNCHER -> "AutoVacuumMain";
            default -> null;
        };
        if (event != null) {
            return new String[] {"Activity", event};
        }
        if (kind == ChildKind.WALSENDER && "active".equals(state) && query != null
                && query.startsWith("START_REPLICATION")) {
            return new String[] {"Activity", "WalSenderMain"};
        }
        if ((kind == ChildKind.BACKEND || kind == ChildKind.WALSENDER) && state != null && state.startsWith("idle")) {
            return new String[] {"Client", "ClientRead"};
        }
        return new String[] {null, null};
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    // ---- pg_stat_all_tables / pg_stat_user_tables -----------------------------------------------------------

    private static List<Object[]> tables(SessionServices session, boolean userOnly) {
        List<Object[]> rows = new ArrayList<>();
        for (TableStatistics t : session.storage().tableStatistics(session.databaseOid())) {
            String schema = t.schemaname();
            String relname = t.relname();
            if (relname.startsWith("pg_catalog.")) {
                // the catalogs the SQL layer keeps as relations (pg_proc, pg_trigger) are pg_catalog's
                schema = "pg_catalog";
                relname = relname.substring("pg_catalog.".length());
            }
            if (userOnly && (schema.equals("pg_catalog") || schema.equals("information_schema")
                    || schema.toLowerCase(Locale.ROOT).startsWith("pg_toast"))) {
                continue;
            }
            rows.add(new Object[] {
                (long) t.relid(), schema, relname, t.seqScan(), t.seqTupRead(), t.idxScan(), t.idxTupFetch(),
                t.nTupIns(), t.nTupUpd(), t.nTupDel(), t.nTupHotUpd(), t.nLiveTup(), t.nDeadTup(),
                t.nModSinceAnalyze(), t.nInsSinceVacuum(), t.lastVacuum(), t.lastAutovacuum(), t.lastAnalyze(),
                t.lastAutoanalyze(), t.vacuumCount(), t.autovacuumCount(), t.analyzeCount(),
                t.autoanalyzeCount()});
        }
        return rows;
    }

    // ---- pg_stat_database ---------------------------------------------------------------------------------

    private static List<Object[]> databases(SessionServices session) {
        Storage storage = session.storage();
        List<ChildInfo> children = session.setup().postmaster().children();
        List<Object[]> rows = new ArrayList<>();
        // the row for shared objects (datid 0), as PostgreSQL 15 shows it
        rows.add(databaseRow(0L, null, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, null));
        for (DatabaseStatistics d : storage.databaseStatistics()) {
            int backends = (int) children.stream()
                    .filter(c -> c.kind() == ChildKind.BACKEND && d.datname().equals(c.database())).count();
            long returned = 0;
            long fetched = 0;
            for (TableStatistics t : storage.tableStatistics(d.datid())) {
                returned += t.seqTupRead();
                fetched += t.idxTupFetch();
            }
            rows.add(databaseRow((long) d.datid(), d.datname(), backends, d.xactCommit(), d.xactRollback(),
                    d.blksRead(), d.blksHit(), returned, fetched, d.tupInserted(), d.tupUpdated(), d.tupDeleted(),
                    d.deadlocks(), d.statsReset()));
        }
        return rows;
    }

    private static Object[] databaseRow(Long datid, String datname, int backends, long commit, long rollback,
                                        long read, long hit, long returned, long fetched, long inserted,
                                        long updated, long deleted, long deadlocks, Instant reset) {
        return new Object[] {
            datid, datname, backends, commit, rollback, read, hit, returned, fetched, inserted, updated, deleted, 0L,
            0L, 0L, deadlocks, null, null, 0.0, 0.0, 0.0, 0.0, 0.0, 0L, 0L, 0L, 0L, reset};
    }

    // ---- pg_stat_bgwriter ---------------------------------------------------------------------------------

    private static List<Object[]> bgwriter(SessionServices session) {
        BgWriterStatistics b = session.storage().bgWriterStatistics();
        return List.<Object[]>of(new Object[] {
            b.checkpointsTimed(), b.checkpointsReq(), b.checkpointWriteTime(), b.checkpointSyncTime(),
            b.buffersCheckpoint(), b.buffersClean(), b.maxwrittenClean(), b.buffersBackend(),
            b.buffersBackendFsync(), b.buffersAlloc(), b.statsReset()});
    }

    /** pg_stat_progress_vacuum: every running VACUUM, of a command or an autovacuum worker. */
    private static List<Object[]> vacuumProgress(SessionServices session) {
        Storage storage = session.storage();
        Map<Integer, String> names = new HashMap<>();
        for (String name : storage.databaseNames()) {
            storage.databaseOid(name).ifPresent(oid -> names.put(oid, name));
        }
        List<Object[]> rows = new ArrayList<>();
        for (VacuumProgress p : storage.vacuumProgress()) {
            rows.add(new Object[] {p.pid(), (long) p.datid(), names.get(p.datid()), (long) p.relid(), p.phase(),
                p.heapBlksTotal(), p.heapBlksScanned(), p.heapBlksVacuumed(), p.indexVacuumCount(),
                p.maxDeadTuples(), p.numDeadTuples()});
        }
        return rows;
    }

    // ---- pg_stat_wal --------------------------------------------------------------------------------------

    private static List<Object[]> wal(SessionServices session) {
        WalStatistics w = session.storage().walStatistics();
        return List.<Object[]>of(new Object[] {
            w.walRecords(), w.walFpi(), new BigDecimal(w.walBytes()), w.walBuffersFull(), w.walWrite(), w.walSync(),
            w.walWriteTime(), w.walSyncTime(), w.statsReset()});
    }

    // ---- pg_stat_archiver ---------------------------------------------------------------------------------

    private static List<Object[]> archiver(SessionServices session) {
        ArchiverStatistics a = session.storage().archiverStatistics();
        return List.<Object[]>of(new Object[] {a.archivedCount(), a.lastArchivedWal(), a.lastArchivedTime(),
            a.failedCount(), a.lastFailedWal(), a.lastFailedTime(), a.statsReset()});
    }

    // ---- functions ----------------------------------------------------------------------------------------

    /** pg_stat_reset(): the current database's counters. */
    public static Object reset(SessionServices session) {
        session.storage().resetStatistics(session.databaseOid());
        return "";
    }

    /** pg_stat_reset_shared(target). */
    public static Object resetShared(SessionServices session, String target) {
        switch (target) {
            case "bgwriter" -> session.storage().resetBgWriterStatistics();
            case "wal" -> session.storage().resetWalStatistics();
            case "archiver" -> session.storage().resetArchiverStatistics();
            case "recovery_prefetch" -> {
                // counted nowhere yet: nothing to reset
            }
            default -> throw Messages.unrecognizedResetTarget(target);
        }
        return "";
    }
}
