package osgres.storage;

import java.time.Instant;

/**
 * A standby's walreceiver as {@code pg_stat_wal_receiver} shows it (pg_stat_get_wal_receiver). LSNs are 0 and
 * times null where PostgreSQL shows NULL.
 *
 * @param pid               the walreceiver's pid
 * @param status            stopped, starting, streaming, waiting, restarting or stopping
 * @param receiveStartLsn   where streaming started
 * @param receiveStartTli   the timeline it started on
 * @param writtenLsn        how far received WAL was written
 * @param flushedLsn        how far it was flushed
 * @param receivedTli       the timeline of the last flushed WAL
 * @param lastMsgSendTime   the send time of the last message from the primary
 * @param lastMsgReceiptTime when the last message from the primary arrived
 * @param latestEndLsn      the last WAL end the primary reported
 * @param latestEndTime     the time of that report
 * @param slotName          primary_slot_name, or null
 * @param senderHost        the host connected to
 * @param senderPort        its port
 * @param conninfo          primary_conninfo with the password obscured
 */
public record WalReceiverStatus(int pid, String status, long receiveStartLsn, int receiveStartTli, long writtenLsn,
                                long flushedLsn, int receivedTli, Instant lastMsgSendTime, Instant lastMsgReceiptTime,
                                long latestEndLsn, Instant latestEndTime, String slotName, String senderHost,
                                int senderPort, String conninfo) {
}
