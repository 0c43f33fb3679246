package osgres.walsender.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import osgres.api.PgException;

/** The replication grammar as PostgreSQL 15's clients send it (repl_gram.y, repl_scanner.l). */
class ReplicationCommandParserTest {

    @Test
    void recognizesTheEightCommandKeywordsOnly() {
        assertThat(ReplicationCommandParser.isReplicationCommand("  IDENTIFY_SYSTEM")).isTrue();
        assertThat(ReplicationCommandParser.isReplicationCommand("SHOW wal_segment_size")).isTrue();
        assertThat(ReplicationCommandParser.isReplicationCommand("BASE_BACKUP (LABEL 'x')")).isTrue();
        assertThat(ReplicationCommandParser.isReplicationCommand("identify_system")).isFalse();
        assertThat(ReplicationCommandParser.isReplicationCommand("select 1")).isFalse();
        assertThat(ReplicationCommandParser.isReplicationCommand("")).isFalse();
    }

    @Test
    void parsesWhatPgBasebackupAndPgReceivewalSend() {
        assertThat(ReplicationCommandParser.parse("BASE_BACKUP ( LABEL 'pg_basebackup base backup',  PROGRESS,  "
                + "CHECKPOINT 'fast',  WAIT 0,  MANIFEST 'yes',  TARGET 'client')"))
                .isEqualTo(new ReplicationCommand.BaseBackup(List.of(
                        new ReplicationCommand.Option("label", "pg_basebackup base backup"),
                        new ReplicationCommand.Option("progress", null),
                        new ReplicationCommand.Option("checkpoint", "fast"),
                        new ReplicationCommand.Option("wait", "0"),
                        new ReplicationCommand.Option("manifest", "yes"),
                        new ReplicationCommand.Option("target", "client"))));
        assertThat(ReplicationCommandParser.parse(
                "CREATE_REPLICATION_SLOT \"pg_basebackup_1234\" TEMPORARY PHYSICAL ( RESERVE_WAL)"))
                .isEqualTo(new ReplicationCommand.CreateReplicationSlot("pg_basebackup_1234", true, null,
                        List.of(new ReplicationCommand.Option("reserve_wal", null))));
        assertThat(ReplicationCommandParser.parse("CREATE_REPLICATION_SLOT s PHYSICAL RESERVE_WAL"))
                .isEqualTo(new ReplicationCommand.CreateReplicationSlot("s", false, null,
                        List.of(new ReplicationCommand.Option("reserve_wal", "true"))));
        assertThat(ReplicationCommandParser.parse("START_REPLICATION SLOT \"recv\" 0/1000000 TIMELINE 1"))
                .isEqualTo(new ReplicationCommand.StartReplication("recv", false, 0x1000000L, 1, List.of()));
        assertThat(ReplicationCommandParser.parse("START_REPLICATION PHYSICAL 1A/FF000000;"))
                .isEqualTo(new ReplicationCommand.StartReplication(null, false, 0x1AFF000000L, 0, List.of()));
        assertThat(ReplicationCommandParser.parse("READ_REPLICATION_SLOT Mixed"))
                .isEqualTo(new ReplicationCommand.ReadReplicationSlot("mixed"));
        assertThat(ReplicationCommandParser.parse("SHOW data_directory_mode"))
                .isEqualTo(new ReplicationCommand.Show("data_directory_mode"));
        assertThat(ReplicationCommandParser.parse("DROP_REPLICATION_SLOT s WAIT"))
                .isEqualTo(new ReplicationCommand.DropReplicationSlot("s", true));
        assertThat(ReplicationCommandParser.parse("BASE_BACKUP LABEL 'it''s' FAST WAL NOWAIT"))
                .isEqualTo(new ReplicationCommand.BaseBackup(List.of(
                        new ReplicationCommand.Option("label", "it's"),
                        new ReplicationCommand.Option("checkpoint", "fast"),
                        new ReplicationCommand.Option("wal", "true"),
                        new ReplicationCommand.Option("wait", "false"))));
    }

    @Test
    void syntaxErrorsAre42601() {
        for (String bad : List.of("IDENTIFY_SYSTEM now", "SHOW", "TIMELINE_HISTORY x", "START_REPLICATION",
                "START_REPLICATION 0/", "BASE_BACKUP (LABEL 'x'", "CREATE_REPLICATION_SLOT s", "BASE_BACKUP 'x",
                "SHOW \"\"", "IDENTIFY_SYSTEM #")) {
            assertThatThrownBy(() -> ReplicationCommandParser.parse(bad)).as(bad).isInstanceOf(PgException.class)
                    .extracting(e -> ((PgException) e).sqlState()).isEqualTo("42601");
        }
        assertThatThrownBy(() -> ReplicationCommandParser.parse("TIMELINE_HISTORY 0"))
                .hasMessage("invalid timeline 0");
        assertThatThrownBy(() -> ReplicationCommandParser.parse("BASE_BACKUP 'x"))
                .hasMessage("unterminated quoted string");
    }
}
