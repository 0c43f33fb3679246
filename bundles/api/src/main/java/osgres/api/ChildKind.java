package osgres.api;

/**
 * The kinds of children the postmaster starts. {@link #processName()} is the name used in
 * PostgreSQL's child-exit log lines ("server process (PID 12) exited with exit code 1"),
 * {@link #backendType()} the one shown by {@code pg_stat_activity.backend_type} and {@code %b}.
 */
public enum ChildKind {
    BACKEND("server process", "client backend"),
    STARTUP("startup process", "startup"),
    BGWRITER("background writer process", "background writer"),
    CHECKPOINTER("checkpointer process", "checkpointer"),
    WALWRITER("WAL writer process", "walwriter"),
    WALRECEIVER("WAL receiver process", "walreceiver"),
    ARCHIVER("archiver process", "archiver"),
    AUTOVACUUM_LAUNCHER("autovacuum launcher process", "autovacuum launcher"),
    AUTOVACUUM_WORKER("autovacuum worker process", "autovacuum worker"),
    /** A backend that became a walsender (its exit is logged as a server process's, as PostgreSQL's). */
    WALSENDER("server process", "walsender");

    private final String processName;
    private final String backendType;

    ChildKind(String processName, String backendType) {
        this.processName = processName;
        this.backendType = backendType;
    }

    public String processName() {
        return processName;
    }

    public String backendType() {
        return backendType;
    }

    /** Lower-case name used by the shell ({@code osgres:restart checkpointer}). */
    public String shellName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
