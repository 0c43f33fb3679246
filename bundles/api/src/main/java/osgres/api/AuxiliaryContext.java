package osgres.api;

/** What the postmaster tells an auxiliary process when it starts it. */
public interface AuxiliaryContext {
    /** The pid allocated to this run. */
    int pid();

    /** True when this start follows a crash (the startup process then performs crash recovery). */
    boolean afterCrash();

    /** Notifies the postmaster, as SendPostmasterSignal (e.g. {@code RECOVERY_STARTED}). */
    void notifyPostmaster(String reason);

    /**
     * pgstat_report_activity for a child that works in a database (an autovacuum worker): its
     * {@code pg_stat_activity} row shows {@code database} and, while {@code query} is not empty, state
     * {@code active} and that query ({@code autovacuum: VACUUM public.t}); an empty query means idle.
     */
    default void reportActivity(String database, String query) {
    }
}
