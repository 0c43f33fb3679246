package osgres.postmaster.internal;

import osgres.api.ChildKind;

/** The postmaster's messages, as postmaster.c words them, in one place. */
final class Messages {
    static final String TOO_MANY_CLIENTS = "sorry, too many clients already";

    static String tooManyWalSenders(int max) {
        return "number of requested standby connections exceeds max_wal_senders (currently " + max + ")";
    }
    static final String RESERVED_SLOTS =
            "remaining connection slots are reserved for non-replication superuser connections";
    static final String SHUTTING_DOWN = "the database system is shutting down";
    static final String STARTING_UP = "the database system is starting up";
    static final String NOT_YET_ACCEPTING = "the database system is not yet accepting connections";
    static final String NOT_ACCEPTING = "the database system is not accepting connections";
    static final String IN_RECOVERY = "the database system is in recovery mode";
    static final String CONSISTENT_NOT_REACHED = "Consistent recovery state has not been yet reached.";
    static final String HOT_STANDBY_DISABLED = "Hot standby mode is disabled.";

    static final String READY = "database system is ready to accept connections";
    static final String SHUT_DOWN = "database system is shut down";
    static final String RECEIVED_SIGHUP = "received SIGHUP, reloading configuration files";
    static final String SMART_REQUEST = "received smart shutdown request";
    static final String FAST_REQUEST = "received fast shutdown request";
    static final String IMMEDIATE_REQUEST = "received immediate shutdown request";
    static final String ABORTING_TRANSACTIONS = "aborting any active transactions";
    static final String TERMINATING_OTHERS = "terminating any other active server processes";
    static final String REINITIALIZING = "all server processes terminated; reinitializing";
    static final String ABNORMAL_SHUTDOWN = "abnormal database system shutdown";
    static final String STARTUP_FAILURE = "shutting down due to startup process failure";
    static final String ABORT_STARTUP = "aborting startup due to startup process failure";
    static final String NO_RESTART_AFTER_CRASH = "shutting down because restart_after_crash is off";
    static final String SIGKILL_RECALCITRANT = "issuing SIGKILL to recalcitrant children";
    static final String LOCK_FILE_INVALID =
            "performing immediate shutdown because data directory lock file is invalid";

    private Messages() {
    }

    static String childExit(String processName, int pid, String how) {
        return processName + " (PID " + pid + ") " + how;
    }

    static String wrongCancelKey(int pid) {
        return "wrong key in cancel request for process " + pid;
    }

    static String cancelNoMatch(int pid) {
        return "PID " + pid + " in cancel request did not match any process";
    }

    static String starting(String version) {
        return "starting " + version;
    }

    // ---- live change of auxiliary processes (osgres:restart, hot deploy) -----------------------------------

    static String restartingOnRequest(String processName, int pid) {
        return "restarting " + processName + " (PID " + pid + ") on operator request";
    }

    static String replacingWithNewer(String processName, int pid, String running, String preferred) {
        return "replacing " + processName + " (PID " + pid + ") of bundle " + running + " with bundle " + preferred;
    }

    static String startedFromBundle(String processName, int pid, String bundle) {
        return processName + " (PID " + pid + ") started from bundle " + bundle;
    }

    static String providerGoing(String processName, int pid, String bundle) {
        return "stopping " + processName + " (PID " + pid + "): bundle " + bundle + " is going away";
    }

    static String kindWithoutProvider(String processName) {
        return "no bundle provides the " + processName + " any more";
    }

    /** What the server does without a kind, said when its last provider goes away (README: essential kinds). */
    static String withoutProviderDetail(ChildKind kind) {
        return switch (kind) {
            case CHECKPOINTER -> "No checkpoints are taken until a checkpointer runs again; CHECKPOINT fails.";
            case WALWRITER -> "Backends flush their own asynchronous commits.";
            case BGWRITER -> "Backends write their own dirty buffers.";
            default -> null;
        };
    }

    static String withoutProviderHint(String bundle) {
        return "Put a jar of bundle " + bundle + " into deploy/.";
    }

    static String bundleInstalled(String name, Object version) {
        return "auxiliary process bundle \"" + name + "\" version " + version + " installed";
    }

    static String bundleUpdated(String name, Object from, Object to) {
        return "auxiliary process bundle \"" + name + "\" updated from version " + from + " to " + to;
    }

    static String bundleStarted(String name, Object version) {
        return "auxiliary process bundle \"" + name + "\" version " + version + " started";
    }

    static String bundleStopped(String name, Object version) {
        return "auxiliary process bundle \"" + name + "\" version " + version + " stopped";
    }

    static String bundleUninstalled(String name, Object version) {
        return "auxiliary process bundle \"" + name + "\" version " + version + " uninstalled";
    }

    // ---- deploy/ (DeployFolder) ---------------------------------------------------------------------------------

    static final String DEPLOY_UNREADABLE_DETAIL = "It is not a bundle jar, or it could not be read.";
    static final String DEPLOY_DUPLICATE_DETAIL =
            "One bundle is installed, from the most recently modified of them; it stays while any of them remains.";
    static final String DEPLOY_FAILED_DETAIL = "The framework did not accept the jar, or could not resolve or start it.";
    static final String DEPLOY_FAILED_HINT = "Check the bundle with lb and diag in osgres shell.";

    static String deployUnreadable(String file) {
        return "ignoring \"" + file + "\" in deploy/";
    }

    static String deployDuplicate(long jars, String bundle) {
        return "deploy/ holds " + jars + " jars of bundle " + bundle;
    }

    static String deployAdopted(String bundle, String file) {
        return "bundle " + bundle + " is now deployed from \"" + file + "\"";
    }

    static String deployFailed(String bundle) {
        return "could not deploy bundle " + bundle;
    }
}
