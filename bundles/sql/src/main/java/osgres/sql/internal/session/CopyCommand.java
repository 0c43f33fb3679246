/*
 * COPY FROM STDIN and COPY TO STDOUT (PostgreSQL's commands/copyfrom.c, copyto.c) in text and csv format.
 * Text: fields split on the delimiter, backslash escapes (\t \n \r \\ \N, octal, \x hex), "\." ends the data.
 * CSV: quoted fields may hold delimiters, doubled quotes and newlines; an unquoted empty field is NULL.
 * COPY FROM converts each field with the column type's input function and the column's typmod, checks
 * NOT NULL, and inserts through the storage transaction; COPY TO prints rows with the output functions.
 * Each line's bytes are verified as UTF-8 before it is split (CopyConvertBuf's pg_verify_mbstr): a bad byte or a
 * NUL is ERROR 22021 and the whole COPY fails.
 * COPY FROM and TO a server file run in SqlSessionImpl (copyFromFile, copyToFile) over the same In and Out.
 * Not done: binary format, FORCE_QUOTE/FORCE_NOT_NULL, COPY ... PROGRAM.
 */
package osgres.sql.internal.session;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import osgres.sql.internal.exec.CheckConstraints;
import osgres.sql.internal.exec.ForeignKeys;
import osgres.api.PgException;
import osgres.api.Utf8;
import osgres.sql.CopyIn;
import osgres.sql.CopyOut;
import osgres.sql.ExecutionResult;
import osgres.sql.internal.exec.ModifyNodes;
import osgres.sql.internal.exec.RowSource;
import osgres.sql.internal.parser.UtilityCommand;
import osgres.sql.internal.catalog.Privileges;
import osgres.sql.internal.utils.Casts;
import osgres.sql.internal.utils.ExecContext;
import osgres.sql.internal.utils.Messages;
import osgres.sql.internal.utils.PgType;
import osgres.sql.internal.utils.TypeIo;
import osgres.storage.ColumnDef;
import osgres.storage.TableDef;
import osgres.sql.internal.exec.PartitionRouter;

final class CopyCommand {

    private CopyCommand() {
    }

    static int[] columns(TableDef table, List<String> names) {
        if (names == null) {
            int[] all = new int[table.columns().size()];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            return all;
        }
        int[] out = new int[names.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = table.columnIndex(names.get(i));
            if (out[i] < 0) {
                throw PgException.error("42703", "column \"" + names.get(i) + "\" of relation \"" + table.name()
                        + "\" does not exist");
            }
        }
        return out;
    }

    /**
     * DoCopy's ExecCheckRTPerms: COPY TO needs SELECT, COPY FROM INSERT, on the table or else on each column copied
     * (42501 "permission denied for table t"). Superusers pass.
     */
    static void checkPrivilege(SqlSessionImpl session, TableDef table, int[] columns, int privilege) {
        if (session.gucs().currentUserIsSuperuser()) {
            return;
        }
        int user = Privileges.currentUserOid(session);
        if (Privileges.relationMask(session, table, user, privilege) != 0) {
            return;
        }
        boolean all = columns.length > 0;
        for (int c : columns) {
            all &= Privileges.columnMask(session, table, c + 1, user, privilege) != 0;
        }
        if (!all) {
            throw Messages.permissionDenied("table", table.name());
        }
    }

    /** COPY ... FROM STDIN. */
    static final class In implements CopyIn {
        private final SqlSessionImpl session;
        private final UtilityCommand.Copy copy;
        private final TableDef table;
        private final int[] columns;
        private final PgType[] types;
        private final Casts.Conversion[] typmods;
        private final ExecContext ctx;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
        private long rows;
        private long lineNumber;
        private boolean ended;
        private boolean headerSkipped;
        /** The table's CHECK constraints, analysed at the first row. */
        private List<CheckConstraints.Compiled> checks;
        /** The table's foreign key checks, run when all rows are in (null: it has no foreign key). */
        private ForeignKeys.Events foreignKeys;

        In(SqlSessionImpl session, UtilityCommand.Copy copy, ExecContext ctx) {
            this.session = session;
            this.copy = copy;
            this.ctx = ctx;
            this.table = session.transaction().openTable(copy.table(), osgres.storage.LockMode.ROW_EXCLUSIVE)
                    .orElseThrow(() -> Messages.relationDoesNotExist(copy.table(), 0));
            if (table.isSequence()) {
                throw Messages.copySequence("cannot copy to sequence", table.name());
            }
            if (table.isView()) {
                throw Messages.copyView(true, table.name());
            }
            this.columns = columns(table, copy.columns());
            checkPrivilege(session, table, columns, Privileges.INSERT);
            ForeignKeys.Events events = new ForeignKeys.Events(table, session, false);
            this.foreignKeys = events.active() ? events : null;
            this.types = new PgType[table.columns().size()];
            this.typmods = new Casts.Conversion[types.length];
            for (int i = 0; i < types.length; i++) {
                ColumnDef c = table.columns().get(i);
                types[i] = PgType.byOid(c.typeOid());
                typmods[i] = c.typeModifier() < 0 ? null
                        : Casts.find(types[i], types[i], c.typeModifier(), Casts.Context.ASSIGNMENT);
            }
        }

        @Override
        public boolean binary() {
            return false;
        }

        @Override
        public int columnCount() {
            return columns.length;
        }

        @Override
        public void data(byte[] buffer, int offset, int length) {
            session.guarded(() -> {
                int start = offset;
                int end = offset + length;
                for (int i = offset; i < end; i++) {
                    if (buffer[i] == '\n') {
                        pending.write(buffer, start, i - start);
                        start = i + 1;
                        if (!copy.csv() || balancedQuotes(pending.toByteArray())) {
                            line(pending.toByteArray());
                            pending.reset();
                        } else {
                            pending.write('\n');
                        }
                    }
                }
                pending.write(buffer, start, end - start);
                return null;
            });
        }

        /** Partition routing for a partitioned or partition target, made at the first row that needs it. */
        private PartitionRouter router;

        private boolean balancedQuotes(byte[] line) {
            int quotes = 0;
            for (byte b : line) {
                if (b == copy.quote()) {
                    quotes++;
                }
            }
            return quotes % 2 == 0;
        }

        private PartitionRouter router() {
            if (router == null) {
                router = new PartitionRouter(ctx);
            }
            return router;
        }

        private void line(byte[] bytes) {
            lineNumber++;
            if (ended) {
                return;
            }
            String text = Utf8.decode(bytes);
            if (text.endsWith("\r")) {
                text = text.substring(0, text.length() - 1);
            }
            if (text.equals("\\.")) {
                ended = true;
                return;
            }
            if (copy.header() && !headerSkipped) {
                headerSkipped = true;
                return;
            }
            List<String> fields = copy.csv() ? csvFields(text) : textFields(text);
            if (fields.size() < columns.length) {
                throw PgException.error("22P04", "missing data for column \""
                        + table.columns().get(columns[fields.size()]).name() + "\"")
                        .withDetail(context(text));
            }
            if (fields.size() > columns.length) {
                throw PgException.error("22P04", "extra data after last expected column").withDetail(context(text));
            }
            Object[] values = new Object[table.columns().size()];
            for (int i = 0; i < columns.length; i++) {
                String f = fields.get(i);
                int c = columns[i];
                if (f == null) {
                    checkDomain(c, null, "null input");
                    continue;
                }
                try {
                    Object v = TypeIo.input(types[c], f, ctx.output().zone());
                    values[c] = typmods[c] == null ? v : typmods[c].convert(v, ctx);
                } catch (PgException e) {
                    // CopyFrom's error context callback names the line and column (json's own CONTEXT comes first)
                    throw e.withContext("COPY " + table.name() + ", line " + lineNumber + ", column "
                            + table.columns().get(c).name() + ": \"" + f + "\"");
                }
                checkDomain(c, values[c], "\"" + f + "\"");
                values[c] = userTypeText(c, values[c], "\"" + f + "\"");
            }
            TableDef target = table;
            if (table.isPartitioned()) {
                // CopyFrom's tuple routing, as INSERT's
                PartitionRouter.Routed routed = router().route(table, values);
                target = routed.leaf();
                values = routed.row();
            }
            ModifyNodes.checkNotNull(target, values, ctx);
            if (target.inheritance().isPartition() && target == table) {
                router().checkConstraint(target, values);
            }
            if (target == table) {
                if (checks == null) {
                    checks = CheckConstraints.compile(table, ctx.output().zone());
                }
                CheckConstraints.check(table, checks, values, ctx);
            }
            osgres.storage.Tid tid = session.transaction().insert(target, values);
            if (foreignKeys != null && target == table) {
                foreignKeys.inserted(values, tid);
            }
            rows++;
            if ((rows & 1023) == 0) {
                session.setup().interrupts().check();
            }
        }

        /**
         * A composite's or enum's column: the text read as record_in / enum_in read it (22P02 naming the line and
         * column), stored as the value's own text (record_out normalises quoting and spacing).
         */
        private Object userTypeText(int column, Object value, String shown) {
            ColumnDef c = table.columns().get(column);
            if (c.domain() == 0 || value == null || c.typeOid() != PgType.TEXT.oid()) {
                return value;
            }
            try {
                osgres.sql.internal.utils.EnumType e = session.types().enumByOid(c.domain());
                if (e != null) {
                    return e.input((String) value).label();
                }
                osgres.sql.internal.utils.CompositeType t = session.types().compositeByOid(c.domain());
                return t == null ? value : t.input((String) value, ctx.output().zone()).output(ctx.output());
            } catch (PgException e) {
                throw e.withContext("COPY " + table.name() + ", line " + lineNumber + ", column " + c.name() + ": "
                        + shown);
            }
        }

        /** A domain column's value is checked as domain_in checks it, the error naming the line and column. */
        private void checkDomain(int column, Object value, String shown) {
            ColumnDef c = table.columns().get(column);
            if (c.domain() == 0) {
                return;
            }
            osgres.sql.internal.utils.Domain domain = session.types().byOid(c.domain());
            try {
                if (domain != null) {
                    domain.enforce(value, ctx);
                }
            } catch (PgException e) {
                throw e.withContext("COPY " + table.name() + ", line " + lineNumber + ", column " + c.name() + ": "
                        + shown);
            }
        }

        private String context(String line) {
            return null;
        }

        private List<String> textFields(String line) {
            List<String> out = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean raw = true;
            String nullString = copy.nullString() == null ? "\\N" : copy.nullString();
            int fieldStart = 0;
            for (int i = 0; i <= line.length(); i++) {
                if (i == line.length() || line.charAt(i) == copy.delimiter()) {
                    String rawText = line.substring(fieldStart, i);
                    out.add(rawText.equals(nullString) ? null : field.toString());
                    field.setLength(0);
                    fieldStart = i + 1;
                    continue;
                }
                char c = line.charAt(i);
                if (c != '\\' || i + 1 >= line.length()) {
                    field.append(c);
                    continue;
                }
                char e = line.charAt(++i);
                switch (e) {
                    case 'b' -> field.append('\b');
                    case 'f' -> field.append('\f');
                    case 'n' -> field.append('\n');
                    case 'r' -> field.append('\r');
                    case 't' -> field.append('\t');
                    case 'v' -> field.append('\u000b');
                    case 'x' -> {
                        int v = 0;
                        int n = 0;
                        while (n < 2 && i + 1 < line.length() && Character.digit(line.charAt(i + 1), 16) >= 0) {
                            v = v * 16 + Character.digit(line.charAt(++i), 16);
                            n++;
                        }
                        field.append((char) v);
                    }
                    default -> {
                        if (e >= '0' && e <= '7') {
                            int v = e - '0';
                            int n = 1;
                            while (n < 3 && i + 1 < line.length() && line.charAt(i + 1) >= '0'
                                    && line.charAt(i + 1) <= '7') {
                                v = v * 8 + (line.charAt(++i) - '0');
                                n++;
                            }
                            field.append((char) v);
                        } else {
                            field.append(e);
                        }
                    }
                }
            }
            return raw ? out : out;
        }

        private List<String> csvFields(String line) {
            List<String> out = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            boolean wasQuoted = false;
            String nullString = copy.nullString() == null ? "" : copy.nullString();
            for (int i = 0; i <= line.length(); i++) {
                if (i == line.length() || (!quoted && line.charAt(i) == copy.delimiter())) {
                    String f = field.toString();
                    out.add(!wasQuoted && f.equals(nullString) ? null : f);
                    field.setLength(0);
                    wasQuoted = false;
                    continue;
                }
                char c = line.charAt(i);
                if (quoted) {
                    if (c == copy.escape() && i + 1 < line.length() && line.charAt(i + 1) == copy.quote()) {
                        field.append(copy.quote());
                        i++;
                    } else if (c == copy.quote()) {
                        quoted = false;
                    } else {
                        field.append(c);
                    }
                } else if (c == copy.quote()) {
                    quoted = true;
                    wasQuoted = true;
                } else {
                    field.append(c);
                }
            }
            return out;
        }

        @Override
        public ExecutionResult done() {
            return session.guarded(() -> {
                if (pending.size() > 0) {
                    line(pending.toByteArray());
                    pending.reset();
                }
                if (foreignKeys != null) {
                    foreignKeys.fire(ctx);
                }
                return ExecutionResult.complete("COPY " + rows);
            });
        }

        @Override
        public void fail(String message) {
            session.guarded(() -> {
                throw PgException.error("57014", "COPY from stdin failed: " + message);
            });
        }
    }

    /** COPY ... TO STDOUT from a table or a query. */
    static final class Out implements CopyOut {
        private final SqlSessionImpl session;
        private final UtilityCommand.Copy copy;
        private final RowSource rows;
        private final PgType[] types;
        private final List<String> names;

        Out(SqlSessionImpl session, UtilityCommand.Copy copy, RowSource rows, PgType[] types, List<String> names) {
            this.session = session;
            this.copy = copy;
            this.rows = rows;
            this.types = types;
            this.names = names;
        }

        @Override
        public boolean binary() {
            return false;
        }

        @Override
        public int columnCount() {
            return types.length;
        }

        @Override
        public ExecutionResult run(Consumer<byte[]> copyData) {
            return session.guarded(() -> {
                long count = 0;
                TypeIo.OutputSettings settings = session.outputSettings();
                StringBuilder line = new StringBuilder();
                try {
                    if (copy.header() && copy.csv()) {
                        for (int i = 0; i < names.size(); i++) {
                            if (i > 0) {
                                line.append(copy.delimiter());
                            }
                            line.append(csvQuote(names.get(i), false));
                        }
                        copyData.accept(line.append('\n').toString().getBytes(StandardCharsets.UTF_8));
                    }
                    for (Object[] row = rows.next(); row != null; row = rows.next()) {
                        line.setLength(0);
                        for (int i = 0; i < row.length; i++) {
                            if (i > 0) {
                                line.append(copy.delimiter());
                            }
                            if (row[i] == null) {
                                line.append(copy.nullString() != null ? copy.nullString() : copy.csv() ? "" : "\\N");
                                continue;
                            }
                            String text = TypeIo.output(types[i], row[i], settings);
                            line.append(copy.csv() ? csvQuote(text, text.isEmpty()) : textEscape(text));
                        }
                        copyData.accept(line.append('\n').toString().getBytes(StandardCharsets.UTF_8));
                        count++;
                    }
                } finally {
                    rows.close();
                }
                return ExecutionResult.complete("COPY " + count);
            });
        }

        private String csvQuote(String text, boolean force) {
            boolean needs = force || text.indexOf(copy.delimiter()) >= 0 || text.indexOf(copy.quote()) >= 0
                    || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0
                    || (copy.nullString() == null ? false : text.equals(copy.nullString()));
            if (!needs) {
                return text;
            }
            String q = String.valueOf(copy.quote());
            return q + text.replace(q, String.valueOf(copy.escape()) + q) + q;
        }

        private String textEscape(String text) {
            StringBuilder out = null;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                String rep = switch (c) {
                    case '\\' -> "\\\\";
                    case '\n' -> "\\n";
                    case '\r' -> "\\r";
                    case '\t' -> "\\t";
                    case '\b' -> "\\b";
                    case '\f' -> "\\f";
                    case '\u000b' -> "\\v";
                    default -> c == copy.delimiter() ? "\\" + c : null;
                };
                if (rep != null && out == null) {
                    out = new StringBuilder(text.substring(0, i));
                }
                if (out != null) {
                    if (rep != null) {
                        out.append(rep);
                    } else {
                        out.append(c);
                    }
                }
            }
            return out == null ? text : out.toString();
        }
    }
}
