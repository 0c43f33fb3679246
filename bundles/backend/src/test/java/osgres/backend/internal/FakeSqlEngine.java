package osgres.backend.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import osgres.api.PgException;
import osgres.api.Severity;
import osgres.api.SqlState;
import osgres.sql.Column;
import osgres.sql.CopyIn;
import osgres.sql.CopyOut;
import osgres.sql.ExecutionResult;
import osgres.sql.Portal;
import osgres.sql.RowSink;
import osgres.sql.SessionSetup;
import osgres.sql.SqlEngine;
import osgres.sql.SqlSession;
import osgres.sql.Statement;

/**
 * A tiny SQL engine for the protocol tests. It knows: {@code select 1}, {@code select $1::int + 1},
 * {@code select generate_series(1, N)}, {@code select pg_sleep(N)} (sleeps through Interrupts),
 * {@code select error} (ERROR 42703 at position 8), {@code select crash} (a RuntimeException),
 * {@code begin}/{@code commit}/{@code rollback}, {@code set application_name = 'x'}, and COPY over one
 * table of integers: {@code copy numbers from stdin} (text lines, one integer each; the rows become visible
 * only at CopyDone) and {@code copy numbers to stdout}; anything else is a syntax error. Transaction status
 * follows PostgreSQL's rules for blocks. Databases: postgres and template1 (others: FATAL 3D000).
 */
final class FakeSqlEngine implements SqlEngine {
    static final int INT4 = 23;
    static final int VOID = 2278;
    private static final Pattern SERIES = Pattern.compile("select generate_series\\(1, *(\\d+)\\)");
    private static final Pattern SLEEP = Pattern.compile("select pg_sleep\\((\\d+)\\)");

    final List<FakeSession> sessions = new CopyOnWriteArrayList<>();
    /** The table COPY writes and reads, shared by every session. */
    final List<Integer> numbers = new CopyOnWriteArrayList<>();
    /** Sizes of the CopyData payloads handed to copy-ins, to see that big messages arrive whole. */
    final List<Integer> copyPayloads = new CopyOnWriteArrayList<>();
    /** Copy-ins failed through CopyIn.fail, with their messages. */
    final List<String> copyFailures = new CopyOnWriteArrayList<>();

    @Override
    public boolean authorizeLogin(String user) {
        if (user.startsWith("nosuchrole")) {
            throw PgException.fatal(SqlState.INVALID_AUTHORIZATION_SPECIFICATION,
                    "role \"" + user + "\" does not exist");
        }
        return true;
    }

    /** Passwords by user for the authentication tests: a stored secret (SCRAM or MD5) or none. */
    final java.util.Map<String, String> passwords = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public StoredPassword storedPassword(String user) {
        byte[] mockSalt = java.util.Arrays.copyOf(osgres.api.PasswordSecrets.sha256(user.getBytes()), 16);
        String secret = passwords.get(user);
        return secret == null ? new StoredPassword(null, "User \"" + user + "\" has no password assigned.", mockSalt)
                : new StoredPassword(secret, null, mockSalt);
    }

    @Override
    public SqlSession openSession(SessionSetup setup) {
        if (!setup.database().equals("postgres") && !setup.database().equals("template1")) {
            throw PgException.fatal(SqlState.INVALID_CATALOG_NAME,
                    "database \"" + setup.database() + "\" does not exist");
        }
        FakeSession session = new FakeSession(this, setup);
        sessions.add(session);
        return session;
    }

    static final class FakeSession implements SqlSession {
        final FakeSqlEngine engine;
        final SessionSetup setup;
        final Map<String, String> startupParameters = new LinkedHashMap<>();
        volatile boolean closed;
        volatile int reloads;
        private boolean inBlock;
        private boolean failed;
        private String applicationName = "";
        private final Map<String, String> changed = new LinkedHashMap<>();
        private final List<PgException> notices = new ArrayList<>();

        FakeSession(FakeSqlEngine engine, SessionSetup setup) {
            this.engine = engine;
            this.setup = setup;
        }

        @Override
        public void setStartupParameter(String name, String value) {
            if (name.startsWith("bogus")) {
                throw PgException.error(SqlState.UNDEFINED_OBJECT,
                        "unrecognized configuration parameter \"" + name + "\"");
            }
            startupParameters.put(name, value);
            if (name.equals("application_name")) {
                applicationName = value;
            }
        }

        @Override
        public Map<String, String> reportedParameters() {
            Map<String, String> p = new LinkedHashMap<>();
            p.put("application_name", applicationName);
            p.put("client_encoding", "UTF8");
            p.put("DateStyle", "ISO, MDY");
            p.put("default_transaction_read_only", "off");
            p.put("in_hot_standby", "off");
            p.put("integer_datetimes", "on");
            p.put("IntervalStyle", "postgres");
            p.put("is_superuser", "on");
            p.put("server_encoding", "UTF8");
            p.put("server_version", "15.0");
            p.put("session_authorization", setup.user());
            p.put("standard_conforming_strings", "on");
            p.put("TimeZone", "Etc/UTC");
            return p;
        }

        @Override
        public Map<String, String> takeChangedParameters() {
            Map<String, String> out = new LinkedHashMap<>(changed);
            changed.clear();
            return out;
        }

        @Override
        public List<Statement> parseSimple(String sql) {
            List<Statement> out = new ArrayList<>();
            for (String part : sql.split(";")) {
                if (!part.isBlank()) {
                    out.add(prepare(part.trim(), new int[0]));
                }
            }
            return out;
        }

        @Override
        public Statement prepare(String sql, int[] parameterTypes) {
            String s = sql.trim().toLowerCase(Locale.ROOT).replaceAll(";$", "");
            if (s.isEmpty()) {
                return new FakeStatement(sql, new int[0], List.of());
            }
            if (s.equals("select 1") || s.equals("select error") || s.equals("select crash")) {
                return new FakeStatement(sql, new int[0], List.of(int4("?column?")));
            }
            if (s.equals("select $1::int + 1")) {
                return new FakeStatement(sql, new int[] {INT4}, List.of(int4("?column?")));
            }
            if (SERIES.matcher(s).matches()) {
                return new FakeStatement(sql, new int[0], List.of(int4("generate_series")));
            }
            if (SLEEP.matcher(s).matches()) {
                return new FakeStatement(sql, new int[0],
                        List.of(new Column("pg_sleep", VOID, (short) 4, -1, 0, (short) 0)));
            }
            if (s.equals("copy numbers from stdin") || s.equals("copy numbers to stdout")) {
                return new FakeStatement(sql, new int[0], List.of());
            }
            if (s.equals("begin") || s.equals("commit") || s.equals("rollback") || s.startsWith("set ")) {
                return new FakeStatement(sql, new int[0], List.of());
            }
            throw new PgException(Severity.ERROR, SqlState.SYNTAX_ERROR,
                    "syntax error at or near \"" + sql.split(" ")[0] + "\"", null, null, 1);
        }

        @Override
        public Portal bind(Statement statement, List<byte[]> parameters, short[] parameterFormats,
                           short[] resultFormats) {
            String s = statement.sql().trim().toLowerCase(Locale.ROOT);
            if (failed && !(s.equals("commit") || s.equals("rollback"))) {
                throw PgException.error(SqlState.IN_FAILED_SQL_TRANSACTION,
                        "current transaction is aborted, commands ignored until end of transaction block");
            }
            int[] values = new int[parameters.size()];
            for (int i = 0; i < values.length; i++) {
                byte[] value = parameters.get(i);
                short format = parameterFormats.length == 0 ? 0
                        : parameterFormats.length == 1 ? parameterFormats[0] : parameterFormats[i];
                if (format == 1) {
                    values[i] = ByteBuffer.wrap(value).getInt();
                } else {
                    String text = new String(value, StandardCharsets.UTF_8);
                    try {
                        values[i] = Integer.parseInt(text);
                    } catch (NumberFormatException e) {
                        fail();
                        throw PgException.error(SqlState.INVALID_TEXT_REPRESENTATION,
                                "invalid input syntax for type integer: \"" + text + "\"");
                    }
                }
            }
            short[] formats = new short[statement.columns().size()];
            for (int i = 0; i < formats.length; i++) {
                formats[i] = resultFormats.length == 0 ? 0 : resultFormats.length == 1 ? resultFormats[0]
                        : resultFormats[i];
            }
            return new FakePortal(this, (FakeStatement) statement, values, formats);
        }

        @Override
        public void sync() {
            // the implicit transaction ends; blocks stay open
        }

        @Override
        public char transactionStatus() {
            return failed ? 'E' : inBlock ? 'T' : 'I';
        }

        @Override
        public List<PgException> takeNotices() {
            List<PgException> out = new ArrayList<>(notices);
            notices.clear();
            return out;
        }

        @Override
        public osgres.sql.StatementLogging statementLogging() {
            return osgres.sql.StatementLogging.DEFAULT;
        }

        @Override
        public void reloadSettings() {
            reloads++;
        }

        @Override
        public void close() {
            closed = true;
        }

        void fail() {
            if (inBlock) {
                failed = true;
            }
        }

        /** As SqlSessionImpl.addNotice: to the session's sink at once when it has one. */
        private void notice(PgException notice) {
            if (setup.notices() != null) {
                setup.notices().accept(notice);
            } else {
                notices.add(notice);
            }
        }

        ExecutionResult run(FakePortal portal, int maxRows, RowSink sink) {
            String s = portal.statement.sql().trim().toLowerCase(Locale.ROOT).replaceAll(";$", "");
            switch (s) {
                case "begin" -> {
                    if (inBlock) {
                        notice(new PgException(Severity.WARNING, SqlState.ACTIVE_SQL_TRANSACTION,
                                "there is already a transaction in progress", null, null, 0));
                    }
                    inBlock = true;
                    return ExecutionResult.complete("BEGIN");
                }
                case "commit", "rollback" -> {
                    boolean wasFailed = failed;
                    if (!inBlock) {
                        notice(new PgException(Severity.WARNING, SqlState.NO_ACTIVE_SQL_TRANSACTION,
                                "there is no transaction in progress", null, null, 0));
                    }
                    inBlock = false;
                    failed = false;
                    return ExecutionResult.complete(s.equals("commit") && !wasFailed ? "COMMIT" : "ROLLBACK");
                }
                case "select error" -> {
                    fail();
                    throw new PgException(Severity.ERROR, SqlState.UNDEFINED_COLUMN,
                            "column \"error\" does not exist", null, null, 8);
                }
                case "select crash" -> throw new IllegalStateException("engine bug");
                default -> {
                }
            }
            if (s.startsWith("set ")) {
                Matcher m = Pattern.compile("set application_name *= *'(.*)'").matcher(s);
                if (m.matches()) {
                    applicationName = m.group(1);
                    changed.put("application_name", applicationName);
                }
                return ExecutionResult.complete("SET");
            }
            Matcher sleep = SLEEP.matcher(s);
            if (sleep.matches()) {
                setup.interrupts().sleep(Long.parseLong(sleep.group(1)) * 1_000_000_000L);
                try {
                    setup.interrupts().check();
                } catch (PgException e) {
                    fail();
                    throw e;
                }
                sink.row(new byte[][] {new byte[0]});
                return ExecutionResult.complete("SELECT 1");
            }
            Matcher series = SERIES.matcher(s);
            int total = series.matches() ? Integer.parseInt(series.group(1)) : 1;
            int sent = 0;
            while (portal.position < total && (maxRows <= 0 || sent < maxRows)) {
                portal.position++;
                int value = series.matches() ? portal.position
                        : s.equals("select 1") ? 1 : portal.parameters[0] + 1;
                sink.row(new byte[][] {encode(value, portal.formats[0])});
                sent++;
            }
            if (portal.position < total) {
                return ExecutionResult.suspendedResult();
            }
            return ExecutionResult.complete("SELECT " + sent);
        }

        private static byte[] encode(int value, short format) {
            return format == 1 ? ByteBuffer.allocate(4).putInt(value).array()
                    : Integer.toString(value).getBytes(StandardCharsets.UTF_8);
        }

        private static Column int4(String name) {
            return new Column(name, INT4, (short) 4, -1, 0, (short) 0);
        }
    }

    record FakeStatement(String sql, int[] parameterTypes, List<Column> columns) implements Statement {
        @Override
        public osgres.sql.LogStatement logLevel() {
            return osgres.sql.LogStatement.ALL;
        }

        @Override
        public boolean isEmpty() {
            return sql.isBlank();
        }
    }

    static final class FakePortal implements Portal {
        private FakeCopyIn copyIn;

        @Override
        public CopyIn copyIn() {
            if (copyIn == null && statement.sql().trim().equalsIgnoreCase("copy numbers from stdin")) {
                copyIn = new FakeCopyIn(session);
            }
            return copyIn;
        }

        @Override
        public CopyOut copyOut() {
            if (!statement.sql().trim().equalsIgnoreCase("copy numbers to stdout")) {
                return null;
            }
            FakeSqlEngine engine = session.engine;
            return new CopyOut() {
                @Override
                public boolean binary() {
                    return false;
                }

                @Override
                public int columnCount() {
                    return 1;
                }

                @Override
                public ExecutionResult run(Consumer<byte[]> copyData) {
                    List<Integer> rows = List.copyOf(engine.numbers);
                    for (int n : rows) {
                        copyData.accept((n + "\n").getBytes(StandardCharsets.UTF_8));
                    }
                    return ExecutionResult.complete("COPY " + rows.size());
                }
            };
        }

        private final FakeSession session;
        final FakeStatement statement;
        final int[] parameters;
        final short[] formats;
        int position;
        volatile boolean closed;

        FakePortal(FakeSession session, FakeStatement statement, int[] parameters, short[] formats) {
            this.session = session;
            this.statement = statement;
            this.parameters = parameters;
            this.formats = formats;
        }

        @Override
        public Statement statement() {
            return statement;
        }

        @Override
        public List<Column> columns() {
            return statement.columns();
        }

        @Override
        public short[] resultFormats() {
            return formats;
        }

        @Override
        public ExecutionResult execute(int maxRows, RowSink sink) {
            return session.run(this, maxRows, sink);
        }

        @Override
        public String parameterLogText() {
            return "";
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** Text COPY of one integer column: rows become visible in the table only when CopyDone arrives. */
    static final class FakeCopyIn implements CopyIn {
        private final FakeSession session;
        private final StringBuilder line = new StringBuilder();
        private final List<Integer> pending = new ArrayList<>();

        FakeCopyIn(FakeSession session) {
            this.session = session;
        }

        @Override
        public boolean binary() {
            return false;
        }

        @Override
        public int columnCount() {
            return 1;
        }

        @Override
        public void data(byte[] buffer, int offset, int length) {
            session.engine.copyPayloads.add(length);
            for (int i = offset; i < offset + length; i++) {
                char c = (char) (buffer[i] & 0xff);
                if (c == '\n') {
                    endLine();
                } else {
                    line.append(c);
                }
            }
        }

        private void endLine() {
            String text = line.toString();
            line.setLength(0);
            if (text.equals("\\.")) {
                return;
            }
            try {
                pending.add(Integer.parseInt(text));
            } catch (NumberFormatException e) {
                session.fail();
                throw PgException.error(SqlState.INVALID_TEXT_REPRESENTATION,
                        "invalid input syntax for type integer: \"" + text + "\"");
            }
        }

        @Override
        public ExecutionResult done() {
            if (!line.isEmpty()) {
                endLine();
            }
            session.engine.numbers.addAll(pending);
            return ExecutionResult.complete("COPY " + pending.size());
        }

        @Override
        public void fail(String message) {
            session.fail();
            session.engine.copyFailures.add(message);
            throw PgException.error(SqlState.QUERY_CANCELED, "COPY from stdin failed: " + message);
        }
    }
}
