package osgres.walsender.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import osgres.api.PgException;
import osgres.api.ReplicationConnection;
import osgres.api.ReplicationConnection.ResultColumn;
import osgres.api.Severity;
import osgres.api.SqlState;
import osgres.api.WalSenderSession;
import osgres.api.WalSenderStatus;
import osgres.storage.ReplicationSlot;
import osgres.storage.ReplicationSource;

/**
 * One walsender (walsender.c's exec_replication_command and the commands it runs): IDENTIFY_SYSTEM, SHOW,
 * TIMELINE_HISTORY, CREATE/DROP/READ_REPLICATION_SLOT (physical slots) and START_REPLICATION (physical, through
 * {@link PhysicalStreaming}), each answered with PostgreSQL's result shapes (printsimple: text, int4, int8 columns)
 * and its command name as the CommandComplete tag.
 *
 * BASE_BACKUP runs in {@link BaseBackup}.
 *
 * <p>Not done yet: logical replication (no database connection: 55000 as PostgreSQL says for a
 * physical walsender).
 */
final class WalSenderSessionImpl implements WalSenderSession {
    static final int TEXT = 25;
    static final int INT4 = 23;
    static final int INT8 = 20;

    private final WalSenderComponent owner;
    private final ReplicationConnection connection;
    private final ReplicationSource source;
    private final Path dataDirectory;
    /** What pg_stat_replication shows of this walsender; replaced as a whole by the streaming loop. */
    private volatile WalSenderStatus status;

    WalSenderSessionImpl(WalSenderComponent owner, ReplicationConnection connection, ReplicationSource source,
                         Path dataDirectory) {
        this.owner = owner;
        this.connection = connection;
        this.source = source;
        this.dataDirectory = dataDirectory;
        this.status = new WalSenderStatus(connection.pid(), "startup", 0, 0, 0, 0, -1, -1, -1, 0, "async", null, 0);
    }

    WalSenderStatus status() {
        return status;
    }

    void setStatus(WalSenderStatus status) {
        this.status = status;
    }

    void checkOpen() {
        owner.checkOpen();
    }

    ReplicationConnection connection() {
        return connection;
    }

    @Override
    public boolean isReplicationCommand(String query) {
        return ReplicationCommandParser.isReplicationCommand(query);
    }

    @Override
    public void execute(String command) {
        owner.checkOpen();
        ReplicationCommand parsed = ReplicationCommandParser.parse(command);
        switch (parsed) {
            case ReplicationCommand.IdentifySystem c -> identifySystem();
            case ReplicationCommand.Show c -> show(c.name());
            case ReplicationCommand.TimelineHistory c -> timelineHistory(c.timeline());
            case ReplicationCommand.ReadReplicationSlot c -> readReplicationSlot(c.slot());
            case ReplicationCommand.CreateReplicationSlot c -> createReplicationSlot(c);
            case ReplicationCommand.DropReplicationSlot c -> {
                source.dropSlot(c.slot(), connection.pid());
                connection.commandComplete("DROP_REPLICATION_SLOT");
            }
            case ReplicationCommand.StartReplication c -> startReplication(c);
            case ReplicationCommand.BaseBackup c -> baseBackup(c);
        }
    }

    @Override
    public void close() {
        try {
            source.releaseSlotsOf(connection.pid());
        } finally {
            owner.sessionEnded(this);
        }
    }

    /** IDENTIFY_SYSTEM: systemid, timeline, xlogpos (the flush position), dbname (NULL: physical). */
    private void identifySystem() {
        connection.rowDescription(List.of(text("systemid"), int4("timeline"), text("xlogpos"), text("dbname")));
        connection.dataRow(Long.toUnsignedString(source.systemIdentifier()), Integer.toString(source.timeline()),
                Lsn.format(source.flushLsn()), null);
        connection.commandComplete("IDENTIFY_SYSTEM");
    }

    /** SHOW name: one text column named after the parameter (GetPGVariable). */
    private void show(String name) {
        Optional<String> value = connection.setting(name);
        if (value.isEmpty()) {
            throw PgException.error(SqlState.UNDEFINED_OBJECT, "unrecognized configuration parameter \"" + name + "\"");
        }
        connection.rowDescription(List.of(text(name)));
        connection.dataRow(value.get());
        connection.commandComplete("SHOW");
    }

    /** TIMELINE_HISTORY n: the file {@code pg_wal/%08X.history}, 58P01 when there is none (timeline 1 has none). */
    private void timelineHistory(long timeline) {
        String fileName = String.format(Locale.ROOT, "%08X.history", timeline);
        Path path = dataDirectory.resolve("pg_wal").resolve(fileName);
        String content;
        try {
            content = Files.readString(path);
        } catch (NoSuchFileException e) {
            throw PgException.error(SqlState.UNDEFINED_FILE, "could not open file \"pg_wal/" + fileName
                    + "\": No such file or directory");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        connection.rowDescription(List.of(new ResultColumn("filename", TEXT, (short) -1, 0),
                new ResultColumn("content", TEXT, (short) -1, 0)));
        connection.dataRow(fileName, content);
        connection.commandComplete("TIMELINE_HISTORY");
    }

    /** READ_REPLICATION_SLOT: type, restart LSN and its timeline; a row of NULLs when there is no such slot. */
    private void readReplicationSlot(String name) {
        connection.rowDescription(List.of(text("slot_type"), text("restart_lsn"), int8("restart_tli")));
        Optional<ReplicationSlot> slot = source.slot(name);
        if (slot.isEmpty()) {
            connection.dataRow(null, null, null);
        } else {
            long restart = slot.get().restartLsn();
            connection.dataRow("physical", restart == 0 ? null : Lsn.format(restart),
                    restart == 0 ? null : Integer.toString(source.timeline()));
        }
        connection.commandComplete("READ_REPLICATION_SLOT");
    }

    private void createReplicationSlot(ReplicationCommand.CreateReplicationSlot command) {
        if (command.plugin() != null) {
            throw logicalNeedsDatabase();
        }
        boolean reserveWal = false;
        boolean reserveGiven = false;
        for (ReplicationCommand.Option option : command.options()) {
            switch (option.name()) {
                case "reserve_wal" -> {
                    if (reserveGiven) {
                        throw PgException.error(SqlState.SYNTAX_ERROR, "conflicting or redundant options");
                    }
                    reserveGiven = true;
                    reserveWal = option.asBoolean();
                }
                case "snapshot", "two_phase" -> throw PgException.error(SqlState.SYNTAX_ERROR,
                        "conflicting or redundant options");
                default -> throw PgException.error(SqlState.INTERNAL_ERROR, "unrecognized option: " + option.name());
            }
        }
        ReplicationSlot slot = source.createSlot(command.slot(), command.temporary(), reserveWal, connection.pid());
        if (!slot.temporary()) {
            source.releaseSlot(slot.name(), connection.pid());
        }
        connection.rowDescription(List.of(text("slot_name"), text("consistent_point"), text("snapshot_name"),
                text("output_plugin")));
        connection.dataRow(slot.name(), "0/0", null, null);
        connection.commandComplete("CREATE_REPLICATION_SLOT");
    }

    private void startReplication(ReplicationCommand.StartReplication command) {
        if (command.logical()) {
            throw logicalNeedsDatabase();
        }
        ReplicationSlot slot = null;
        if (command.slot() != null) {
            slot = source.acquireSlot(command.slot(), connection.pid());
        }
        try {
            if (command.timeline() != 0 && command.timeline() != source.timeline()) {
                throw PgException.error(SqlState.INTERNAL_ERROR, "requested timeline " + command.timeline()
                        + " is not in this server's history");
            }
            new PhysicalStreaming(this, source, slot == null ? null : slot.name(), owner.settings())
                    .run(command.startLsn());
        } finally {
            if (slot != null) {
                source.releaseSlot(slot.name(), connection.pid());
            }
        }
    }

    /** BASE_BACKUP: state "backup" in pg_stat_replication while it runs. */
    private void baseBackup(ReplicationCommand.BaseBackup command) {
        BaseBackup.Options options = BaseBackup.parse(command.options());
        WalSenderStatus before = status;
        status = new WalSenderStatus(connection.pid(), "backup", 0, 0, 0, 0, -1, -1, -1, 0, "async", null, 0);
        connection.reportActivity("active", "sending backup \"" + options.label() + "\"");
        try {
            new BaseBackup(connection, source, dataDirectory, options).run();
        } catch (IOException e) {
            throw connection.endSession();
        } catch (PgException e) {
            // inside the COPY stream the client cannot take an ERROR and go on: the session ends
            throw e.severity() == Severity.ERROR ? e.withSeverity(Severity.FATAL) : e;
        } finally {
            status = before;
        }
        connection.commandComplete("BASE_BACKUP");
    }

    private static PgException logicalNeedsDatabase() {
        return new PgException(Severity.ERROR, SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE,
                "logical decoding requires a database connection", null, null, 0);
    }

    static ResultColumn text(String name) {
        return new ResultColumn(name, TEXT, (short) -1, -1);
    }

    static ResultColumn int4(String name) {
        return new ResultColumn(name, INT4, (short) 4, -1);
    }

    static ResultColumn int8(String name) {
        return new ResultColumn(name, INT8, (short) 8, -1);
    }
}
