package osgres.storage;

/**
 * Where a server stands in recovery, for pg_is_in_recovery, pg_last_wal_receive_lsn, pg_last_wal_replay_lsn and
 * pg_stat_wal_receiver (xlogfuncs.c, walreceiver.c).
 *
 * @param inRecovery  true on a standby (hot standby sessions), false once promoted or on a primary
 * @param receivedLsn how far the walreceiver's WAL is flushed (0: none, NULL in SQL)
 * @param replayedLsn the end of the last replayed record (0: none)
 * @param receiver    the walreceiver's state, or null when none runs
 */
public record RecoveryStatus(boolean inRecovery, long receivedLsn, long replayedLsn, WalReceiverStatus receiver) {

    public static final RecoveryStatus PRIMARY = new RecoveryStatus(false, 0, 0, null);
}
