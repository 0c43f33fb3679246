/*
 * A session's view of the configuration parameters, as guc.c keeps it per backend: server-level values
 * (osgres.api.Settings, re-read on reload), under startup-packet values (source "client", which a reload
 * does not override), under SET values, under SET LOCAL values. Changes are transactional: a SET made in
 * a transaction that aborts is undone, SET LOCAL ends with its transaction either way. Context rules
 * (internal, postmaster, sighup, backend, superuser) and PostgreSQL's messages are applied here; values
 * are validated and canonicalised by Settings.normalize. Placeholder parameters ("myapp.x") are accepted.
 * Parameters the session computes (is_superuser, session_authorization, transaction_*) and the GUC_REPORT
 * set are provided here even if the Settings service does not define them.
 *
 * role and session_authorization are who the session is (variable.c's check_role and
 * check_session_authorization): SET ROLE takes a role that exists (22023 otherwise) and that the session user may
 * become (a superuser any, others the roles they are members of, directly or not; 42501 otherwise); SET
 * SESSION AUTHORIZATION takes any role for a session whose login role is a superuser, and sets the role back to
 * none. Both are transactional like any SET, and RESET ALL leaves them alone (GUC_NO_RESET_ALL). current_user is
 * the role when one is set, else the session user; is_superuser is the current user's.
 */
package osgres.sql.internal.utils;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import osgres.api.GucDefinition;
import osgres.api.PgException;
import osgres.api.Settings;
import osgres.api.SqlState;
import osgres.sql.SessionSetup;

public final class SessionGucs {
    /** GUC_REPORT parameters, in the order PostgreSQL 15 sends ParameterStatus. */
    static final List<String> REPORTED = List.of("application_name", "client_encoding", "DateStyle",
            "default_transaction_read_only", "in_hot_standby", "integer_datetimes", "IntervalStyle", "is_superuser",
            "server_encoding", "server_version", "session_authorization", "standard_conforming_strings",
            "TimeZone");

    /** GUC_EXPLAIN parameters (the planner's), which EXPLAIN (SETTINGS) lists when they are not at their default. */
    private static final java.util.Set<String> EXPLAINED = java.util.Set.of("constraint_exclusion",
            "cpu_index_tuple_cost", "cpu_operator_cost", "cpu_tuple_cost", "cursor_tuple_fraction",
            "effective_cache_size", "effective_io_concurrency", "enable_async_append", "enable_bitmapscan",
            "enable_gathermerge", "enable_hashagg", "enable_hashjoin", "enable_incremental_sort",
            "enable_indexonlyscan", "enable_indexscan", "enable_material", "enable_memoize", "enable_mergejoin",
            "enable_nestloop", "enable_parallel_append", "enable_parallel_hash", "enable_partition_pruning",
            "enable_partitionwise_aggregate", "enable_partitionwise_join", "enable_seqscan", "enable_sort",
            "enable_tidscan", "force_parallel_mode", "from_collapse_limit", "geqo", "geqo_effort",
            "geqo_generations", "geqo_pool_size", "geqo_seed", "geqo_selection_bias", "geqo_threshold", "jit",
            "jit_above_cost", "jit_inline_above_cost", "jit_optimize_above_cost", "join_collapse_limit",
            "max_parallel_workers", "max_parallel_workers_per_gather", "min_parallel_index_scan_size",
            "min_parallel_table_scan_size", "parallel_leader_participation", "parallel_setup_cost",
            "parallel_tuple_cost", "plan_cache_mode", "random_page_cost", "search_path", "seq_page_cost",
            "temp_tablespaces", "work_mem");

    private final Settings settings;
    private final SessionSetup setup;
    private Map<String, String> serverValues;
    private final Map<String, String> startupValues = new HashMap<>();
    /** ALTER ROLE / DATABASE ... SET values (pg_db_role_setting), under the startup packet's. */
    private final Map<String, String> storedValues = new HashMap<>();
    private final Map<String, String> sessionValues = new HashMap<>();
    private final Map<String, String> localValues = new HashMap<>();
    /** Values as they were when the current transaction first touched each parameter. */
    private final Map<String, Saved> transactionSaved = new HashMap<>();
    private Map<String, String> lastReported = Map.of();
    /** The generation {@link #lastReported} was taken at: nothing reported can have changed since. */
    private long reportedGeneration = -1;
    /** statement_timeout in ms as of {@link #statementTimeoutGeneration} (read on every Bind). */
    private long statementTimeoutMillis;
    private long statementTimeoutGeneration = -1;
    private long generation;
    /** {@link #showIfExists}'s answers by the name asked for, valid while the generation is {@link #shownGeneration}. */
    private final Map<String, String> shown = new HashMap<>();
    private long shownGeneration = -1;
    private boolean publicVisible = true;
    private long publicVisibleGeneration = -1;
    private String zoneText;
    private ZoneId zone = ZoneOffset.UTC;
    /** The cluster's roles and memberships as the session sees them (pg_authid, pg_auth_members). */
    private java.util.function.Supplier<List<osgres.storage.Role>> roles = List::of;
    private java.util.function.Supplier<List<osgres.storage.RoleMembership>> memberships = List::of;
    private RoleGraph roleGraph = new RoleGraph(List.of(), List.of());

    private record Saved(String sessionValue, String localValue) {
    }

    /** A copy of the SET layers, for ROLLBACK TO SAVEPOINT. */
    public record Snapshot(Map<String, String> sessionValues, Map<String, String> localValues) {
    }

    public SessionGucs(Settings settings, SessionSetup setup) {
        this.settings = settings;
        this.setup = setup;
        this.serverValues = lowerCaseKeys(settings.values());
    }

    /** Where SET ROLE, SET SESSION AUTHORIZATION and privilege checks look roles and memberships up. */
    public void useRoles(java.util.function.Supplier<List<osgres.storage.Role>> roles,
                         java.util.function.Supplier<List<osgres.storage.RoleMembership>> memberships) {
        this.roles = roles;
        this.memberships = memberships;
    }

    /** The current database's owner (datdba), a member of pg_database_owner for SET ROLE; 0 until given. */
    private java.util.function.IntSupplier databaseOwner = () -> 0;

    /** Where SET ROLE finds the current database's owner. */
    public void useDatabaseOwner(java.util.function.IntSupplier owner) {
        this.databaseOwner = owner;
    }

    /** The roles and memberships as committed now (rebuilt only when a role or membership changed). */
    public RoleGraph roleGraph() {
        List<osgres.storage.Role> r = roles.get();
        List<osgres.storage.RoleMembership> m = memberships.get();
        RoleGraph g = roleGraph;
        if (!g.builtFrom(r, m)) {
            g = new RoleGraph(r, m);
            roleGraph = g;
        }
        return g;
    }

    private Optional<osgres.storage.Role> role(String name) {
        return roleGraph().role(name);
    }

    /** GetUserId(): the current user's oid (0 when the role was dropped meanwhile). */
    public int currentUserOid() {
        return role(currentUser()).map(osgres.storage.Role::oid).orElse(0);
    }

    /** GetSessionUserId(). */
    public int sessionUserOid() {
        return role(sessionUser()).map(osgres.storage.Role::oid).orElse(0);
    }

    /** has_privs_of_role(GetUserId(), role), with the current database's owner given. */
    public boolean currentUserHasPrivsOf(int role, int databaseOwner) {
        return roleGraph().hasPrivsOfRole(currentUserOid(), role, databaseOwner);
    }

    /** session_user: the role SET SESSION AUTHORIZATION chose, else the login role. */
    public String sessionUser() {
        String v = localValues.getOrDefault("session_authorization", sessionValues.get("session_authorization"));
        return v != null ? v : setup.user();
    }

    /**
     * The owner of the SECURITY DEFINER function running now, whose user id the session has meanwhile
     * (fmgr_security_definer's SetUserIdAndSecContext); null outside one.
     */
    private String securityDefinerUser;

    /** Enters a SECURITY DEFINER function owned by {@code owner}; returns what {@link #leaveSecurityDefiner} restores. */
    public String enterSecurityDefiner(String owner) {
        String previous = securityDefinerUser;
        securityDefinerUser = owner;
        return previous;
    }

    public void leaveSecurityDefiner(String previous) {
        securityDefinerUser = previous;
    }

    /**
     * current_user: a SECURITY DEFINER function's owner while it runs, else the role SET ROLE chose, else the session
     * user.
     */
    public String currentUser() {
        if (securityDefinerUser != null) {
            return securityDefinerUser;
        }
        String v = localValues.getOrDefault("role", sessionValues.get("role"));
        return v != null && !v.equals("none") ? v : sessionUser();
    }

    /** Whether the current user is a superuser (superuser() of miscinit.c; is_superuser). */
    public boolean currentUserIsSuperuser() {
        String user = currentUser();
        if (user.equals(setup.user())) {
            return setup.superuser();
        }
        return role(user).map(osgres.storage.Role::superuser).orElse(false);
    }

    /** check_role / check_session_authorization: the value SET may give, or the error. */
    private String checkIdentity(String key, String value) {
        if (key.equals("role") && value.equals("none")) {
            return value;
        }
        osgres.storage.Role r = role(value).orElseThrow(() -> PgException.error(SqlState.INVALID_PARAMETER_VALUE,
                "role \"" + value + "\" does not exist"));
        if (key.equals("role")) {
            boolean sessionIsSuperuser = sessionUser().equals(setup.user()) ? setup.superuser()
                    : role(sessionUser()).map(osgres.storage.Role::superuser).orElse(false);
            if (!sessionIsSuperuser && !roleGraph().isMemberOfRole(sessionUserOid(), r.oid(),
                    databaseOwner.getAsInt())) {
                throw PgException.error(SqlState.INSUFFICIENT_PRIVILEGE,
                        "permission denied to set role \"" + value + "\"");
            }
        } else if (!setup.superuser() && !r.name().equals(setup.user())) {
            throw PgException.error(SqlState.INSUFFICIENT_PRIVILEGE, "permission denied to set session authorization");
        }
        return r.name();
    }

    private static Map<String, String> lowerCaseKeys(Map<String, String> values) {
        Map<String, String> out = new HashMap<>();
        values.forEach((k, v) -> out.put(k.toLowerCase(Locale.ROOT), v));
        return out;
    }

    /** Changes on each SET/RESET/rollback/reload: cached analyses that depend on settings check it. */
    public long generation() {
        return generation;
    }

    // ---------------------------------------------------------------- reading

    private Optional<GucDefinition> definition(String key) {
        return settings.definition(key);
    }

    /** Whether search_path names the schema public (kept while the generation does not move). */
    public boolean publicOnSearchPath() {
        if (publicVisibleGeneration != generation) {
            publicVisible = SearchPath.includesPublic(showIfExists("search_path"));
            publicVisibleGeneration = generation;
        }
        return publicVisible;
    }

    /** SHOW / current_setting: the value, or 42704 for an unknown parameter. */
    public String show(String name) {
        String value = showIfExists(name);
        if (value == null) {
            throw Messages.unrecognizedParameter(name);
        }
        return value;
    }

    /** The value, or null for an unknown parameter. */
    public String showIfExists(String name) {
        if (name.equalsIgnoreCase("in_hot_standby")) {
            return inHotStandby.getAsBoolean() ? "on" : "off"; // the server's state now, not a setting
        }
        // asked several times per statement (TimeZone, default_transaction_isolation, synchronous_commit...): the
        // answer is kept until the generation moves, which every change of any value does
        if (shownGeneration != generation) {
            shown.clear();
            shownGeneration = generation;
        }
        String v = shown.get(name);
        if (v != null) {
            return v;
        }
        String key = name.toLowerCase(Locale.ROOT);
        v = localValues.get(key);
        if (v == null) {
            v = sessionValues.get(key);
        }
        if (v == null) {
            v = resetValue(key);
        }
        if (v != null && !key.equals("is_superuser") && !key.equals("session_authorization") && !key.equals("role")) {
            shown.put(name, v);
        }
        return v;
    }

    /** The value RESET goes back to: the startup packet's, else ALTER ROLE/DATABASE SET's, else the server's. */
    private String resetValue(String key) {
        String v = startupValues.get(key);
        if (v == null) {
            v = storedValues.get(key);
        }
        if (v != null) {
            return v;
        }
        switch (key) {
            case "is_superuser" -> {
                return currentUserIsSuperuser() ? "on" : "off";
            }
            case "session_authorization" -> {
                return setup.user();
            }
            case "role" -> {
                return "none";
            }
            default -> {
            }
        }
        v = serverValues.get(key);
        if (v != null) {
            return v;
        }
        return settings.value(key).orElse(null);
    }

    /** The value RESET would give (pg_settings.reset_val), or null for an unknown parameter. */
    public String resetValueOf(String name) {
        return resetValue(name.toLowerCase(Locale.ROOT));
    }

    /**
     * Where the current value comes from, as pg_settings.source names guc.c's GucSource: "session" for SET (and
     * SET LOCAL), "client" for the startup packet, "configuration file" for a server value other than the boot
     * value (a postgresql.conf line and a command-line option are not told apart) unless the boot value asks the
     * server to compute it, else "default".
     */
    public String source(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        if (localValues.containsKey(key) || sessionValues.containsKey(key)) {
            return "session";
        }
        if (startupValues.containsKey(key)) {
            return "client";
        }
        String server = serverValues.get(key);
        String boot = definition(key).map(GucDefinition::bootValue).orElse(null);
        // a boot value of -1 asks the server to compute the value (wal_buffers): still the default
        boolean computed = "-1".equals(boot);
        return server != null && boot != null && !server.equals(boot) && !computed ? "configuration file"
                : "default";
    }

    /** in_hot_standby: whether the server is a hot standby (the session tells from its storage). */
    public void setHotStandbySource(java.util.function.BooleanSupplier source) {
        this.inHotStandby = source;
    }

    private java.util.function.BooleanSupplier inHotStandby = () -> false;

    /** SHOW's column label: the parameter's name as guc.c spells it ({@code DateStyle}, {@code work_mem}). */
    public String displayName(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        return definition(key).map(GucDefinition::name).orElse(key);
    }

    Map<String, String> reportedValues() {
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : REPORTED) {
            String v = showIfExists(name);
            values.put(name, v == null ? "" : v);
        }
        return values;
    }

    /** Every reported parameter, remembering them as sent. */
    public Map<String, String> takeAllReported() {
        Map<String, String> values = reportedValues();
        lastReported = values;
        reportedGeneration = generation;
        return values;
    }

    public Map<String, String> takeChangedReported() {
        if (reportedGeneration == generation) {
            // every SET, RESET, rollback of one and reload moves the generation: the common case is free
            return Map.of();
        }
        reportedGeneration = generation;
        Map<String, String> now = reportedValues();
        Map<String, String> changed = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : now.entrySet()) {
            if (!e.getValue().equals(lastReported.get(e.getKey()))) {
                changed.put(e.getKey(), e.getValue());
            }
        }
        lastReported = now;
        return changed;
    }

    /** SHOW ALL rows: name, setting, description, sorted by name as PostgreSQL does. */
    public List<String[]> showAll() {
        Map<String, GucDefinition> all = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (GucDefinition d : settings.definitions()) {
            all.put(d.name(), d);
        }
        List<String[]> rows = new ArrayList<>();
        for (GucDefinition d : all.values()) {
            String v = showIfExists(d.name());
            rows.add(new String[] {displayName(d.name()), v == null ? "" : v, d.description()});
        }
        rows.sort(Comparator.comparing(r -> r[0], String.CASE_INSENSITIVE_ORDER));
        return rows;
    }

    /**
     * get_explain_guc_options: the planner's parameters whose value is not their built-in default, as name and
     * SHOW value, sorted by name.
     */
    public List<String[]> explainSettings() {
        List<String[]> out = new ArrayList<>();
        for (GucDefinition d : settings.definitions()) {
            String key = d.name().toLowerCase(Locale.ROOT);
            String v = EXPLAINED.contains(key) ? showIfExists(key) : null;
            if (v != null && !v.equals(d.bootValue())) {
                out.add(new String[] {d.name(), v});
            }
        }
        out.sort(Comparator.comparing(r -> r[0], String.CASE_INSENSITIVE_ORDER));
        return out;
    }

    /** Session TimeZone as a java.time zone (UTC if Java does not know the name). */
    public ZoneId zone() {
        String text = showIfExists("timezone");
        if (text != null && !text.equals(zoneText)) {
            zoneText = text;
            zone = toZoneId(text);
        }
        return zone;
    }

    static ZoneId toZoneId(String text) {
        try {
            return ZoneId.of(text.equalsIgnoreCase("localtime") ? "UTC" : text);
        } catch (RuntimeException e) {
            return ZoneOffset.UTC;
        }
    }

    /** statement_timeout in milliseconds, parsed again only after a change of settings. */
    public long statementTimeoutMillis() {
        if (statementTimeoutGeneration != generation) {
            statementTimeoutMillis = millis("statement_timeout");
            statementTimeoutGeneration = generation;
        }
        return statementTimeoutMillis;
    }

    /** A time parameter (statement_timeout, lock_timeout, deadlock_timeout) in milliseconds; 0 if unset. */
    public long millis(String name) {
        String text = showIfExists(name);
        if (text == null) {
            return 0;
        }
        text = text.strip();
        int end = 0;
        while (end < text.length() && (Character.isDigit(text.charAt(end)) || text.charAt(end) == '.')) {
            end++;
        }
        double value;
        try {
            value = Double.parseDouble(text.substring(0, end));
        } catch (NumberFormatException e) {
            return 0;
        }
        double factor = switch (text.substring(end).strip()) {
            case "us" -> 0.001;
            case "s" -> 1000;
            case "min" -> 60_000;
            case "h" -> 3_600_000;
            case "d" -> 86_400_000;
            default -> 1;
        };
        return (long) Math.ceil(value * factor);
    }

    /**
     * A memory parameter whose base unit is kB (work_mem, log_temp_files, temp_file_limit) in kB: the value as SHOW
     * prints it ({@code 4MB}, {@code 64kB}, {@code -1}), with GUC units B, kB, MB, GB, TB (1024-based) and no unit
     * meaning kB. {@code fallback} for an unknown parameter or a value that does not read.
     */
    public long kilobytes(String name, long fallback) {
        String text = showIfExists(name);
        if (text == null) {
            return fallback;
        }
        text = text.strip();
        int end = text.startsWith("-") ? 1 : 0;
        while (end < text.length() && Character.isDigit(text.charAt(end))) {
            end++;
        }
        long value;
        try {
            value = Long.parseLong(text.substring(0, end));
        } catch (NumberFormatException e) {
            return fallback;
        }
        return switch (text.substring(end).strip()) {
            case "", "kB" -> value;
            case "B" -> value / 1024;
            case "MB" -> value * 1024;
            case "GB" -> value * 1024 * 1024;
            case "TB" -> value * 1024 * 1024 * 1024;
            default -> fallback;
        };
    }

    public boolean bool(String name) {
        String text = showIfExists(name);
        return text != null && text.strip().equalsIgnoreCase("on");
    }

    public int extraFloatDigits() {
        String text = showIfExists("extra_float_digits");
        try {
            return text == null ? 1 : Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    // ---------------------------------------------------------------- changing

    /** SET / set_config: checks the context and the value, then records it in the transaction. */
    public void set(String name, String value, boolean local) {
        String key = name.toLowerCase(Locale.ROOT);
        Optional<GucDefinition> def = checkSettable(name, key);
        String normalized = key.equals("role") || key.equals("session_authorization") ? checkIdentity(key, value)
                : normalize(key, def, value);
        if (key.equals("session_authorization")) {
            // SetSessionAuthorization: the new session user acts as itself
            set("role", "none", local);
        }
        remember(key);
        if (local) {
            localValues.put(key, normalized);
        } else {
            sessionValues.put(key, normalized);
            localValues.remove(key);
        }
        generation++;
    }

    /** SET name TO DEFAULT / RESET name. */
    public void reset(String name, boolean local) {
        String key = name.toLowerCase(Locale.ROOT);
        checkSettable(name, key);
        if (key.equals("session_authorization")) {
            reset("role", local);
        }
        remember(key);
        if (local) {
            String v = resetValue(key);
            if (v == null) {
                localValues.remove(key);
            } else {
                localValues.put(key, v);
            }
        } else {
            sessionValues.remove(key);
            localValues.remove(key);
        }
        generation++;
    }

    /** RESET ALL (also DISCARD ALL): every session-level change goes. */
    public void resetAll() {
        List<String> keys = new ArrayList<>(sessionValues.keySet());
        keys.addAll(localValues.keySet());
        keys.removeAll(NO_RESET_ALL);
        for (String key : keys) {
            remember(key);
            sessionValues.remove(key);
            localValues.remove(key);
        }
        generation++;
    }

    /** Parameters RESET ALL and DISCARD ALL leave alone (GUC_NO_RESET_ALL). */
    private static final List<String> NO_RESET_ALL = List.of("role", "session_authorization");

    /** A startup-packet option (PGC_S_CLIENT): becomes the session's reset value. */
    public void setStartup(String name, String value) {
        String key = name.toLowerCase(Locale.ROOT);
        Optional<GucDefinition> def = checkSettableAtStart(name, key, setup.superuser());
        startupValues.put(key, normalize(key, def, value));
        generation++;
    }

    /**
     * The checks a setting made before the session runs (startup packet, ALTER ROLE ... SET) passes: a known
     * parameter or a placeholder, one a session may set, a superuser-only one only for a superuser.
     */
    private Optional<GucDefinition> checkSettableAtStart(String name, String key, boolean superuser) {
        Optional<GucDefinition> def = definition(key);
        if (def.isEmpty()) {
            if (!key.contains(".")) {
                throw Messages.unrecognizedParameter(name);
            }
            return def;
        }
        String display = def.get().name();
        switch (def.get().context()) {
            case INTERNAL -> throw Messages.cannotChange(display);
            case POSTMASTER -> throw Messages.cannotChangeWithoutRestart(display);
            case SIGHUP -> throw Messages.cannotChangeNow(display);
            case SUPERUSER_BACKEND, SUSET -> {
                if (!superuser) {
                    throw Messages.permissionToSet(display);
                }
            }
            default -> {
            }
        }
        return def;
    }

    /**
     * validate_option_array_item for ALTER ROLE / DATABASE ... SET: the {@code name=value} item to store, the name
     * as the GUC table spells it. Unknown names (but placeholders) are 42704; parameters a session cannot set are
     * refused as SET refuses them; superuser-only ones need a superuser; the value must be valid.
     */
    public String storedSettingItem(String name, String value) {
        String key = name.toLowerCase(Locale.ROOT);
        Optional<GucDefinition> def = checkSettableAtStart(name, key, currentUserIsSuperuser());
        if (def.isEmpty()) {
            return key + "=" + value;
        }
        normalize(key, def, value);
        return def.get().name() + "=" + value;
    }

    /** 42704 for a parameter that neither exists nor is a placeholder ({@code name} with a dot). */
    public void checkKnownParameter(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        if (definition(key).isEmpty() && !key.contains(".")) {
            throw Messages.unrecognizedParameter(name);
        }
    }

    /**
     * process_settings at connection start: {@code items} ({@code name=value}, least specific first) become the
     * values RESET goes back to, under the startup packet's. A stored item that no longer applies (an unknown
     * parameter, a bad value) is skipped, as PostgreSQL only warns about it.
     */
    public void applyStoredSettings(List<String> items) {
        for (String item : items) {
            int eq = item.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String key = item.substring(0, eq).toLowerCase(Locale.ROOT);
            Optional<GucDefinition> def = definition(key);
            if (def.isEmpty() && !key.contains(".")) {
                continue;
            }
            if (def.isPresent()) {
                switch (def.get().context()) {
                    case INTERNAL, POSTMASTER, SIGHUP -> {
                        continue;
                    }
                    default -> {
                    }
                }
            }
            try {
                storedValues.put(key, normalize(key, def, item.substring(eq + 1)));
            } catch (PgException e) {
                // ignored, as ProcessGUCArray's WARNING leaves the setting alone
            }
        }
        generation++;
    }

    private Optional<GucDefinition> checkSettable(String name, String key) {
        if (key.equals("role")) {
            // not in the GUC table (GUC_NO_SHOW_ALL): the session's own
            return Optional.empty();
        }
        Optional<GucDefinition> def = definition(key);
        if (def.isEmpty()) {
            if (!key.contains(".")) {
                throw Messages.unrecognizedParameter(name);
            }
            return def;
        }
        String display = def.get().name();
        switch (def.get().context()) {
            case INTERNAL -> throw Messages.cannotChange(display);
            case POSTMASTER -> throw Messages.cannotChangeWithoutRestart(display);
            case SIGHUP -> throw Messages.cannotChangeNow(display);
            case SUPERUSER_BACKEND, BACKEND -> throw Messages.cannotSetAfterStart(display);
            case SUSET -> {
                if (!currentUserIsSuperuser()) {
                    throw Messages.permissionToSet(display);
                }
            }
            default -> {
            }
        }
        return def;
    }

    private String normalize(String key, Optional<GucDefinition> def, String value) {
        if (def.isEmpty()) {
            return value;
        }
        if (settings.definition(key).isPresent()) {
            return settings.normalize(key, value);
        }
        // parameters only this bundle defines
        GucDefinition d = def.get();
        try {
            return switch (d.type()) {
                case BOOL -> TypeIo.parseBool(value) ? "on" : "off";
                case INTEGER -> Long.toString(Long.parseLong(value.strip()));
                default -> value;
            };
        } catch (PgException | NumberFormatException e) {
            throw Messages.invalidParameterValue(d.name(), value);
        }
    }

    private void remember(String key) {
        transactionSaved.computeIfAbsent(key, k -> new Saved(sessionValues.get(k), localValues.get(k)));
    }

    // ---------------------------------------------------------------- transactions

    public void commitTransaction() {
        if (!localValues.isEmpty()) {
            generation++;
        }
        localValues.clear();
        transactionSaved.clear();
    }

    public void abortTransaction() {
        for (Map.Entry<String, Saved> e : transactionSaved.entrySet()) {
            restore(sessionValues, e.getKey(), e.getValue().sessionValue());
            restore(localValues, e.getKey(), e.getValue().localValue());
        }
        if (!transactionSaved.isEmpty()) {
            generation++;
        }
        localValues.clear();
        transactionSaved.clear();
    }

    public Snapshot snapshot() {
        return new Snapshot(new HashMap<>(sessionValues), new HashMap<>(localValues));
    }

    public void restore(Snapshot snapshot) {
        sessionValues.clear();
        sessionValues.putAll(snapshot.sessionValues());
        localValues.clear();
        localValues.putAll(snapshot.localValues());
        generation++;
    }

    private static void restore(Map<String, String> map, String key, String value) {
        if (value == null) {
            map.remove(key);
        } else {
            map.put(key, value);
        }
    }

    /** SIGHUP: new server-level values; SET and startup values stay on top. */
    public void reload() {
        serverValues = lowerCaseKeys(settings.values());
        generation++;
    }
}
