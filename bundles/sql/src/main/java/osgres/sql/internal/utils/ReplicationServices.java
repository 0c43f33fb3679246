/*
 * The replication services a session reads (PostgreSQL's walsender.c shared state and slot.c's array, which its
 * SQL functions reach through shared memory): the walsenders running now (osgres.api.WalSender, from the
 * osgres.walsender bundle) and the storage's replication slots (osgres.storage.ReplicationSource). Both are
 * optional: without the walsender bundle pg_stat_replication is empty; without a storage there are no slots.
 */
package osgres.sql.internal.utils;

import java.util.List;
import java.util.Optional;

import osgres.api.WalSender;
import osgres.api.WalSenderStatus;
import osgres.storage.ReplicationSource;

public interface ReplicationServices {

    /** No walsender bundle and no slots: what a session without the services sees. */
    ReplicationServices NONE = new ReplicationServices() {
        @Override
        public List<WalSender> walSenders() {
            return List.of();
        }

        @Override
        public Optional<ReplicationSource> source() {
            return Optional.empty();
        }
    };

    /** The walsender services registered now: none, one, or two while a newer bundle version takes over. */
    List<WalSender> walSenders();

    Optional<ReplicationSource> source();

    /** pg_stat_get_wal_senders: every walsender running now (of every version), none without the bundle. */
    default List<WalSenderStatus> senders() {
        return walSenders().stream().flatMap(w -> w.senders().stream()).toList();
    }
}
