package osgres.walreceiver.internal;

/**
 * The walreceiver's log and error texts, as walreceiver.c and libpqwalreceiver.c write them. An ERROR there has no
 * handler to return to and ends the process, so PostgreSQL logs it as FATAL; these are thrown as FATAL too.
 */
final class Messages {
    private Messages() {
    }

    static final String TERMINATING_ADMIN = "terminating walreceiver process due to administrator command";
    static final String TIMEOUT = "terminating walreceiver due to timeout";
    static final String SYSTEM_ID_DIFFERS = "database system identifier differs between the primary and standby";
    static final String INVALID_RESPONSE = "invalid response from primary server";
    static final String REPLICATION_TERMINATED = "replication terminated by primary server";
    /** The startup process's line in PostgreSQL (xlogrecovery.c); here the walreceiver notices the reload itself. */
    static final String SHUTDOWN_REQUESTED = "WAL receiver process shutdown requested";

    static String couldNotConnect(String libpqText) {
        return "could not connect to the primary server: " + libpqText;
    }

    static String systemIdDetail(String primary, String standby) {
        return "The primary's identifier is " + primary + ", the standby's identifier is " + standby + ".";
    }

    static String couldNotIdentify(String libpqText) {
        return "could not receive database system identifier and timeline ID from the primary server: " + libpqText;
    }

    static String identifyShape(int rows, int fields) {
        return "Could not identify system: got " + rows + " rows and " + fields
                + " fields, expected 1 rows and 3 or more fields.";
    }

    static String timelineBehind(int primaryTli, int startTli) {
        return "highest timeline " + primaryTli + " of the primary is behind recovery timeline " + startTli;
    }

    static String fetchingHistory(int tli) {
        return "fetching timeline history file for timeline " + tli + " from primary server";
    }

    static String couldNotReceiveHistory(String libpqText) {
        return "could not receive timeline history file from the primary server: " + libpqText;
    }

    static String historyShape(int rows, int fields) {
        return "Expected 1 tuple with 2 fields, got " + rows + " tuples with " + fields + " fields.";
    }

    static String unexpectedHistoryName(int tli) {
        return "primary reported unexpected file name for timeline history file of timeline " + tli;
    }

    static String couldNotWriteHistory(String path, String reason) {
        return "could not write to file \"" + path + "\": " + reason;
    }

    static String couldNotCreateSlot(String slot, String libpqText) {
        return "could not create replication slot \"" + slot + "\": " + libpqText;
    }

    static String couldNotStart(String libpqText) {
        return "could not start WAL streaming: " + libpqText;
    }

    static String started(long lsn, int tli) {
        return "started streaming WAL from primary at " + Lsn.format(lsn) + " on timeline " + tli;
    }

    static String endOfWal(int tli, long lsn) {
        return "End of WAL reached on timeline " + tli + " at " + Lsn.format(lsn) + ".";
    }

    static String noMoreWal(int tli) {
        return "primary server contains no more WAL on requested timeline " + tli;
    }

    static String couldNotReceive(String libpqText) {
        return "could not receive data from WAL stream: " + libpqText;
    }

    static String couldNotSend(String libpqText) {
        return "could not send data to WAL stream: " + libpqText;
    }

    static String couldNotSendEnd(String libpqText) {
        return "could not send end-of-streaming message to primary: " + libpqText;
    }

    static String errorReadingResult(String libpqText) {
        return "error reading result of streaming command: " + libpqText;
    }
}
