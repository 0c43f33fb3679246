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
        public Optional<WalSender> walSender() {
            return Optional.empty();
        }

        @Override
        public Optional<ReplicationSource> source() {
            return Optional.empty();
        }
    };

    Optional<WalSender> walSender();

    Optional<ReplicationSource> source();

    /** pg_stat_get_wal_senders: every walsender running now, none without the walsender bundle. */
    default List<WalSenderStatus> senders() {
        return walSender().map(WalSender::senders).orElse(List.of());
    }
}
