package osgres.api;

import java.time.Instant;

/**
 * One walsender as pg_stat_get_wal_senders reports it. LSNs are 0 where PostgreSQL shows NULL.
 *
 * @param pid          the walsender's pid
 * @param state        startup, catchup, streaming, backup or stopping
 * @param sentLsn      how far WAL was sent
 * @param writeLsn     the standby's last reported write position
 * @param flushLsn     the standby's last reported flush position
 * @param replayLsn    the standby's last reported replay position
 * @param writeLagMicros  write_lag in microseconds, -1 when unknown (NULL)
 * @param flushLagMicros  flush_lag likewise
 * @param replayLagMicros replay_lag likewise
 * @param syncPriority sync_priority
 * @param syncState    async, potential, sync or quorum
 * @param replyTime    when the last standby reply was sent, null before the first
 * @param xmin         hot_standby_feedback's xmin without a slot (backend_xmin), 0 when none
 */
public record WalSenderStatus(int pid, String state, long sentLsn, long writeLsn, long flushLsn, long replayLsn,
                              long writeLagMicros, long flushLagMicros, long replayLagMicros, int syncPriority,
                              String syncState, Instant replyTime, long xmin) {
}
