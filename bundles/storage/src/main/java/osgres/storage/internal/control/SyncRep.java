package osgres.storage.internal.control;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import osgres.api.PgException;
import osgres.api.ServerLog;
import osgres.api.Severity;
import osgres.api.SqlState;
import osgres.storage.BackendProc;

/**
 * Synchronous replication (syncrep.c): a commit whose session has {@code synchronous_commit} on, remote_write or
 * remote_apply waits, after its commit record is durable here and before other sessions see it committed, until
 * the synchronous standbys named by {@code synchronous_standby_names} ({@code FIRST n (...)}, {@code ANY n (...)},
 * or a plain list meaning FIRST 1) report that position flushed, written or applied. The walsenders report each
 * standby's positions ({@link #report}); every report wakes the waiters, which re-check. A cancel ends the wait with
 * PostgreSQL's WARNING (the transaction stays committed locally); a terminate likewise, and the session ends at its
 * next interrupt check.
 */
public final class SyncRep {
    private static final long NAP_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    static final String DETAIL = "The transaction has already committed locally, but might not have been replicated "
            + "to the standby.";

    /** What a commit waits for. */
    public enum Mode { WRITE, FLUSH, APPLY }

    /** One standby as its walsender reports it. */
    private record Standby(int pid, String applicationName, long write, long flush, long apply) {
        long position(Mode mode) {
            return switch (mode) {
                case WRITE -> write;
                case FLUSH -> flush;
                case APPLY -> apply;
            };
        }
    }

    /** synchronous_standby_names parsed (syncrep_gram.y): FIRST or ANY, how many, the names in priority order. */
    record Config(boolean quorum, int count, List<String> names) {
        static final Config NONE = new Config(false, 0, List.of());

        static Config parse(String text) {
            String s = text == null ? "" : text.trim();
            if (s.isEmpty()) {
                return NONE;
            }
            boolean quorum = false;
            int count = 1;
            String upper = s.toUpperCase(Locale.ROOT);
            String list = s;
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(FIRST|ANY)?\\s*(\\d+)\\s*\\((.*)\\)$",
                    java.util.regex.Pattern.CASE_INSENSITIVE | java.util.regex.Pattern.DOTALL).matcher(s);
            if (m.matches()) {
                quorum = m.group(1) != null && m.group(1).equalsIgnoreCase("ANY");
                count = Integer.parseInt(m.group(2));
                list = m.group(3);
            } else if (upper.startsWith("FIRST") || upper.startsWith("ANY")) {
                return NONE;
            }
            List<String> names = new ArrayList<>();
            for (String part : list.split(",")) {
                String name = part.trim();
                if (name.startsWith("\"") && name.endsWith("\"") && name.length() >= 2) {
                    name = name.substring(1, name.length() - 1);
                } else {
                    name = name.toLowerCase(Locale.ROOT);
                }
                if (!name.isEmpty()) {
                    names.add(name);
                }
            }
            return names.isEmpty() || count <= 0 ? NONE : new Config(quorum, count, List.copyOf(names));
        }

        /** The standby's priority: 1 + its name's place in the list ({@code *} matches all), 0 if not listed. */
        int priority(String applicationName) {
            for (int i = 0; i < names.size(); i++) {
                String n = names.get(i);
                if (n.equals("*") || n.equalsIgnoreCase(applicationName)) {
                    return quorum ? 1 : i + 1;
                }
            }
            return 0;
        }
    }

    private final Supplier<String> standbyNames;
    private final Map<Integer, Standby> standbys = new ConcurrentHashMap<>();
    private final CopyOnWriteArraySet<Thread> waiters = new CopyOnWriteArraySet<>();
    /** synchronous_standby_names as last parsed, with its text (re-parsed when a reload changed it). */
    private volatile Map.Entry<String, Config> parsed = Map.entry("", Config.NONE);

    SyncRep(Supplier<String> standbyNames) {
        this.standbyNames = standbyNames;
    }

    /** The walsender {@code pid}'s standby reported these positions (0 = not known). */
    public void report(int pid, String applicationName, long write, long flush, long apply) {
        standbys.put(pid, new Standby(pid, applicationName, write, flush, apply));
        waiters.forEach(LockSupport::unpark);
    }

    /** That walsender ended. */
    public void gone(int pid) {
        standbys.remove(pid);
        waiters.forEach(LockSupport::unpark);
    }

    /** Whether synchronous_standby_names names any standby (SyncStandbysDefined). */
    public boolean defined() {
        return !config().names().isEmpty();
    }

    /** SyncRepWaitForLSN for a commit that ended at {@code lsn}; returns at once without synchronous standbys. */
    public void await(long lsn, Mode mode, BackendProc proc) {
        if (config().names().isEmpty()) {
            return;
        }
        Thread me = Thread.currentThread();
        waiters.add(me);
        try {
            while (true) {
                Config c = config();
                if (c.names().isEmpty() || synced(c, mode) >= lsn) {
                    return;
                }
                if (proc.interruptPending()) {
                    try {
                        proc.checkInterrupts();
                    } catch (PgException e) {
                        if (SqlState.QUERY_CANCELED.equals(e.sqlState())) {
                            proc.notice(new PgException(Severity.WARNING, SqlState.WARNING, "canceling wait for "
                                    + "synchronous replication due to user request", DETAIL, null, 0));
                        } else {
                            // the connection is ending: the client is told nothing more (whereToSendOutput = DestNone)
                            ServerLog.log(new PgException(Severity.WARNING, SqlState.ADMIN_SHUTDOWN,
                                    "canceling the wait for synchronous replication and terminating connection due "
                                    + "to administrator command", DETAIL, null, 0));
                        }
                        return;
                    }
                }
                LockSupport.parkNanos(this, NAP_NANOS);
            }
        } finally {
            waiters.remove(me);
        }
    }

    /** SyncRepGetSyncRecPtr: how far every required synchronous standby has got ({@code -1}: not enough of them). */
    private long synced(Config c, Mode mode) {
        List<Standby> candidates = new ArrayList<>();
        for (Standby s : standbys.values()) {
            if (s.flush() != 0 && c.priority(s.applicationName()) > 0) {
                candidates.add(s);
            }
        }
        if (candidates.size() < c.count()) {
            return -1;
        }
        if (c.quorum()) {
            // ANY n: the n-th highest position among them
            List<Long> positions = new ArrayList<>(candidates.stream().map(s -> s.position(mode)).toList());
            positions.sort(Comparator.reverseOrder());
            return positions.get(c.count() - 1);
        }
        // FIRST n: the n of highest priority (lowest number; the earlier walsender among equals), their minimum
        candidates.sort(Comparator.comparingInt((Standby s) -> c.priority(s.applicationName()))
                .thenComparingInt(Standby::pid));
        return candidates.subList(0, c.count()).stream().mapToLong(s -> s.position(mode)).min().orElse(-1);
    }

    /** The standby's place for pg_stat_replication: its priority and sync, potential, quorum or async. */
    public String[] state(int pid) {
        Standby me = standbys.get(pid);
        Config c = config();
        int priority = me == null || me.flush() == 0 ? 0 : c.priority(me.applicationName());
        if (priority == 0) {
            return new String[] {"0", "async"};
        }
        if (c.quorum()) {
            return new String[] {Integer.toString(priority), "quorum"};
        }
        List<Standby> ranked = new ArrayList<>(standbys.values().stream()
                .filter(s -> s.flush() != 0 && c.priority(s.applicationName()) > 0).toList());
        ranked.sort(Comparator.comparingInt((Standby s) -> c.priority(s.applicationName()))
                .thenComparingInt(Standby::pid));
        int place = ranked.indexOf(me);
        return new String[] {Integer.toString(priority), place >= 0 && place < c.count() ? "sync" : "potential"};
    }

    private Config config() {
        String text = standbyNames.get();
        Map.Entry<String, Config> last = parsed;
        if (!text.equals(last.getKey())) {
            last = Map.entry(text, Config.parse(text));
            parsed = last;
        }
        return last.getValue();
    }
}
