package osgres.api;

/** What the postmaster tells an auxiliary process when it starts it. */
public interface AuxiliaryContext {
    /** The pid allocated to this run. */
    int pid();

    /** True when this start follows a crash (the startup process then performs crash recovery). */
    boolean afterCrash();

    /** Notifies the postmaster, as SendPostmasterSignal (e.g. {@code RECOVERY_STARTED}). */
    void notifyPostmaster(String reason);
}
