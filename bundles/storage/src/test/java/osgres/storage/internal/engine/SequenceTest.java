package osgres.storage.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import osgres.api.PgException;
import osgres.storage.AuxiliaryWork.CheckpointRequest;
import osgres.storage.RowScan;
import osgres.storage.SequenceDef;
import osgres.storage.SequenceState;
import osgres.storage.TableDef;
import osgres.storage.Transaction;
import osgres.storage.TypeOids;

/**
 * Sequences in the engine: nextval logs 32 values ahead, so the real recovery after a crash (no shutdown
 * checkpoint) puts the sequence past every value handed out, committed or not; the first nextval after a
 * checkpoint logs again; ALTER's new state is transactional; a sequence owned by a column goes with its table.
 */
class SequenceTest {
    @TempDir
    Path dir;

    private static SequenceDef ascending(long max) {
        return new SequenceDef(TypeOids.INT8, 1, 1, max, 1, 1, false, 0, -1, false);
    }

    private static final SequenceState FRESH = new SequenceState(1, 0, false);

    private static TableDef create(EngineCluster c, String name, SequenceDef def) {
        Transaction tx = c.begin();
        TableDef seq = tx.createSequence(name, def, FRESH);
        tx.commit(true);
        return seq;
    }

    private static long nextval(EngineCluster c, TableDef seq, boolean commit) {
        Transaction tx = c.begin();
        long v = tx.nextval(seq.oid()).first();
        if (commit) {
            tx.commit(true);
        } else {
            tx.abort();
        }
        return v;
    }

    private static SequenceState state(EngineCluster c, String name) {
        Transaction tx = c.begin();
        SequenceState s = tx.sequenceState(tx.table(name).orElseThrow());
        tx.commit(true);
        return s;
    }

    @Test
    void valuesHandedOutBeforeACrashAreNeverHandedOutAgain() {
        TableDef seq;
        try (EngineCluster c = new EngineCluster(dir, true)) {
            seq = create(c, "s", ascending(Long.MAX_VALUE));
            for (int i = 1; i <= 5; i++) {
                assertThat(nextval(c, seq, i % 2 == 0)).isEqualTo(i); // aborted or not, never rolled back
            }
            assertThat(state(c, "s")).isEqualTo(new SequenceState(5, 28, true));
            c.crash();
        }
        try (EngineCluster c = new EngineCluster(dir, false)) {
            // the WAL said 33: the 28 values logged ahead are skipped, none is repeated
            assertThat(state(c, "s")).isEqualTo(new SequenceState(33, 0, true));
            assertThat(nextval(c, seq, true)).isEqualTo(34);
            c.crash();
        }
    }

    @Test
    void theFirstNextvalAfterACheckpointLogsAgain() {
        TableDef seq;
        try (EngineCluster c = new EngineCluster(dir, true)) {
            seq = create(c, "s", ascending(Long.MAX_VALUE));
            assertThat(nextval(c, seq, true)).isEqualTo(1);
            assertThat(nextval(c, seq, true)).isEqualTo(2);
            c.core.checkpoints().checkpoint(CheckpointRequest.timed());
            // the page (2, log_cnt 30) is on disk now and replay starts after the record that covered it
            assertThat(nextval(c, seq, true)).isEqualTo(3);
            assertThat(state(c, "s")).isEqualTo(new SequenceState(3, 32, true));
            c.crash();
        }
        try (EngineCluster c = new EngineCluster(dir, false)) {
            assertThat(nextval(c, seq, true)).isEqualTo(36);
            c.crash();
        }
    }

    @Test
    void setvalAndTheEndOfTheRange() {
        try (EngineCluster c = new EngineCluster(dir, true)) {
            TableDef seq = create(c, "s", ascending(3));
            Transaction tx = c.begin();
            tx.setval(seq.oid(), 3, false);
            assertThat(tx.nextval(seq.oid()).first()).isEqualTo(3);
            assertThatThrownBy(() -> tx.nextval(seq.oid())).isInstanceOfSatisfying(PgException.class, e -> {
                assertThat(e.sqlState()).isEqualTo("2200H");
                assertThat(e.getMessage()).isEqualTo("nextval: reached maximum value of sequence \"s\" (3)");
            });
            assertThatThrownBy(() -> tx.setval(seq.oid(), 4, true)).isInstanceOfSatisfying(PgException.class,
                    e -> assertThat(e.getMessage())
                            .isEqualTo("setval: value 4 is out of bounds for sequence \"s\" (1..3)"));
            tx.abort();
        }
    }

    @Test
    void alterSequenceIsTransactionalAndCacheTakesSeveralValues() {
        try (EngineCluster c = new EngineCluster(dir, true)) {
            TableDef seq = create(c, "s", ascending(Long.MAX_VALUE));
            assertThat(nextval(c, seq, true)).isEqualTo(1);
            Transaction alter = c.begin();
            alter.alterSequence("s", seq.sequence(), new SequenceState(100, 0, false));
            assertThat(alter.nextval(seq.oid()).first()).isEqualTo(100);
            alter.abort();
            assertThat(nextval(c, seq, true)).isEqualTo(2);

            SequenceDef cached = new SequenceDef(TypeOids.INT8, 1, 1, Long.MAX_VALUE, 1, 10, false, 0, -1, false);
            Transaction tx = c.begin();
            tx.alterSequence("s", cached, null);
            tx.commit(true);
            Transaction take = c.begin();
            var fetch = take.nextval(seq.oid());
            take.commit(true);
            assertThat(fetch.first()).isEqualTo(3);
            assertThat(fetch.last()).isEqualTo(12);
            assertThat(nextval(c, seq, true)).isEqualTo(13);
        }
    }

    @Test
    void anOwnedSequenceIsDroppedWithItsTableAndIsNoTable() {
        try (EngineCluster c = new EngineCluster(dir, true)) {
            Transaction tx = c.begin();
            TableDef table = tx.createTable("t", EngineCluster.accountColumns(), 100);
            TableDef seq = tx.createSequence("t_aid_seq", ascending(Long.MAX_VALUE).ownedBy(table.oid(), 0, false),
                    FRESH);
            tx.commit(true);
            Transaction scan = c.begin();
            try (RowScan rows = scan.scan(scan.table("t_aid_seq").orElseThrow())) {
                assertThat(rows.next().values()).containsExactly(1L, 0L, false);
            }
            assertThatThrownBy(() -> scan.insert(seq, new Object[] {1L, 0L, true}))
                    .hasMessage("cannot change sequence \"t_aid_seq\"");
            scan.abort();
            Transaction drop = c.begin();
            drop.dropTable("t");
            drop.commit(true);
            Transaction after = c.begin();
            assertThat(after.tables().stream().map(TableDef::name).toList()).doesNotContain("t", "t_aid_seq");
            assertThatThrownBy(() -> after.nextval(seq.oid())).isInstanceOf(PgException.class);
            after.abort();
            assertThat(List.of(seq.relkind(), table.relkind())).containsExactly('S', 'r');
        }
    }
}
