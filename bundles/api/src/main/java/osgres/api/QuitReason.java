package osgres.api;

/** Why the postmaster sent SIGQUIT (pmsignal.h QuitSignalReason): picks the message a dying backend sends. */
public enum QuitReason {
    /** No reason recorded: "terminating connection because of unexpected SIGQUIT signal". */
    NOT_SENT,
    /** Another child crashed: 57P02 "terminating connection because of crash of another server process". */
    FOR_CRASH,
    /** Immediate shutdown: 57P01 "terminating connection due to immediate shutdown command". */
    FOR_STOP
}
