package osgres.backend.internal;

import java.io.EOFException;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

import osgres.api.BackendEnvironment;
import osgres.api.ClientConnection;
import osgres.api.PgException;
import osgres.api.ReplicationConnection;
import osgres.api.Settings;
import osgres.api.SqlState;
import osgres.sql.Column;

/**
 * The backend's side of a walsender (PostgresMain with am_walsender): the connection's identity and its protocol
 * messages, handed to osgres.walsender. Output goes through the session's {@link ProtocolOutput} (its lock orders
 * it against a signal's FATAL); input is read only while the walsender streams (CopyBoth), from the walsender's
 * reader thread, when the session thread itself does not read.
 */
final class WalSenderConnection implements ReplicationConnection {
    /** The largest CopyData a standby sends (status updates and feedback are a few dozen bytes). */
    private static final int MAX_MESSAGE = 1 << 20;

    private final ClientConnection connection;
    private final BackendEnvironment env;
    private final Settings settings;
    private final ProtocolOutput out;
    private final ProtocolInput in;
    private final SessionInterrupts interrupts;
    private final String user;
    private final String applicationName;

    WalSenderConnection(ClientConnection connection, BackendEnvironment env, Settings settings, ProtocolOutput out,
                        ProtocolInput in, SessionInterrupts interrupts, String user, String applicationName) {
        this.connection = connection;
        this.env = env;
        this.settings = settings;
        this.out = out;
        this.in = in;
        this.interrupts = interrupts;
        this.user = user;
        this.applicationName = applicationName;
    }

    @Override
    public int pid() {
        return env.pid();
    }

    @Override
    public String user() {
        return user;
    }

    @Override
    public String applicationName() {
        return applicationName;
    }

    @Override
    public String clientAddress() {
        return connection.local() ? null : connection.address().getHostAddress();
    }

    @Override
    public int clientPort() {
        return connection.local() ? -1 : connection.remotePort();
    }

    @Override
    public Optional<String> setting(String name) {
        return settings.value(name);
    }

    @Override
    public void rowDescription(List<ResultColumn> columns) {
        out.rowDescription(columns.stream().map(c -> new Column(c.name(), c.typeOid(), c.typeSize(),
                c.typeModifier(), 0, (short) 0)).toList(), null);
    }

    @Override
    public void dataRow(String... values) {
        byte[][] row = new byte[values.length][];
        for (int i = 0; i < values.length; i++) {
            row[i] = values[i] == null ? null : values[i].getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        out.dataRow(row);
    }

    @Override
    public void commandComplete(String tag) {
        out.commandComplete(tag);
    }

    @Override
    public void copyResponse(char type) {
        out.copyResponse(type, false, 0);
    }

    @Override
    public void copyData(byte[] data) {
        out.copyData(data);
    }

    @Override
    public void copyDone() {
        out.empty('c');
    }

    @Override
    public void notice(PgException notice) {
        out.report(notice);
    }

    @Override
    public void flush() throws IOException {
        out.flush();
        IOException failure = out.failure();
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public Message readMessage() throws IOException {
        int type = in.readByteOrEof();
        if (type < 0) {
            return null;
        }
        int length;
        byte[] body;
        try {
            length = in.readInt();
            if (length < 4 || length - 4 > MAX_MESSAGE) {
                throw PgException.fatal(SqlState.PROTOCOL_VIOLATION, Messages.INVALID_MESSAGE_LENGTH);
            }
            body = in.readBytes(length - 4);
        } catch (EOFException e) {
            return null;
        }
        return new Message((char) type, body);
    }

    @Override
    public RuntimeException endSession() {
        throw SessionExit.normal();
    }

    @Override
    public void checkForInterrupts() {
        interrupts.check();
    }

    @Override
    public void reportActivity(String state, String query) {
        env.reportActivity(state, query);
    }
}
