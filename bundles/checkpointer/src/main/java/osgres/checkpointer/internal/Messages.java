package osgres.checkpointer.internal;

import osgres.api.Severity;

/** Every message text of the checkpointer process (checkpointer.c), as PostgreSQL 15 writes it. */
final class Messages {

    private Messages() {
    }

    /** CheckpointerMain: two WAL-triggered checkpoints closer than checkpoint_warning (errmsg_plural). */
    static String checkpointsTooFrequent(long seconds) {
        return "checkpoints are occurring too frequently (" + seconds + (seconds == 1 ? " second" : " seconds")
                + " apart)";
    }

    static final String CHECKPOINTS_TOO_FREQUENT_HINT =
            "Consider increasing the configuration parameter \"max_wal_size\".";

    static final Severity CHECKPOINTS_TOO_FREQUENT_LEVEL = Severity.LOG;
}
