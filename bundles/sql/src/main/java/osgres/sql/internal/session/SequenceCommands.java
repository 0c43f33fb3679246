/*
 * CREATE / ALTER / DROP SEQUENCE and the sequences of SERIAL and identity columns (PostgreSQL's
 * commands/sequence.c DefineSequence, AlterSequence, init_params, process_owned_by, and parse_utilcmd.c's
 * generateSerialExtraStmts): the options are checked and defaulted here with PostgreSQL's messages, the storage
 * engine keeps the result (the pg_sequence fields in the catalog, the sequence's row in its own file). A
 * SERIAL or identity column gets {@code <table>_<column>_seq} (numbered while the name is taken), owned by the
 * column, and the DEFAULT {@code nextval('<sequence>'::regclass)}. DROP SEQUENCE refuses while a column DEFAULT
 * uses the sequence (2BP01), as pg_depend would, and DROP ... CASCADE drops those defaults. Not done:
 * ALTER TABLE ADD COLUMN of a SERIAL or identity column, ALTER
 * SEQUENCE ... RENAME / OWNER / SET SCHEMA, SEQUENCE NAME in identity options, temporary and unlogged sequences.
 */
package osgres.sql.internal.session;

import java.util.ArrayList;
import java.util.List;

import osgres.api.PgException;
import osgres.api.SqlState;
import osgres.sql.internal.catalog.TemporaryTables;
import osgres.sql.internal.parser.UtilityCommand;
import osgres.sql.internal.utils.Messages;
import osgres.sql.internal.utils.PgType;
import osgres.sql.internal.utils.RegClass;
import osgres.sql.internal.utils.TypeIo;
import osgres.storage.ColumnDef;
import osgres.storage.LockMode;
import osgres.storage.SequenceDef;
import osgres.storage.SequenceState;
import osgres.storage.TableDef;
import osgres.storage.Transaction;
import osgres.storage.TypeOids;

final class SequenceCommands {

    private SequenceCommands() {
    }

    /** What init_params decided: the parameters, the sequence's row, whether the row must be rewritten, OWNED BY. */
    private record Params(SequenceDef def, SequenceState state, boolean rewrite, String ownedBy) {
    }

    // ---- CREATE SEQUENCE ----

    static String create(UtilityCommand.CreateSequence c, SqlSessionImpl session) {
        Transaction tx = session.transaction();
        String relname = TemporaryTables.relname(c.name());
        if (tx.table(c.name()).isPresent() || tx.index(c.name()).isPresent()) {
            if (c.ifNotExists()) {
                session.addNotice(Messages.relationSkipping(relname));
                return "CREATE SEQUENCE";
            }
            throw PgException.error(SqlState.DUPLICATE_TABLE, "relation \"" + relname + "\" already exists");
        }
        Params p = initParams(c.options(), false, null, null);
        TableDef seq = tx.createSequence(c.name(), p.def(), p.state());
        if (p.ownedBy() != null) {
            tx.alterSequence("public." + seq.name(), ownedBy(tx, p.def(), p.ownedBy()), null);
        }
        session.catalogChanged();
        return "CREATE SEQUENCE";
    }

    // ---- ALTER SEQUENCE ----

    static String alter(UtilityCommand.AlterSequence a, SqlSessionImpl session) {
        Transaction tx = session.transaction();
        TableDef seq = tx.openTable(a.name(), LockMode.SHARE_ROW_EXCLUSIVE).orElse(null);
        if (seq == null) {
            if (a.ifExists()) {
                session.addNotice(Messages.relationMissingSkipping(TemporaryTables.relname(a.name())));
                return "ALTER SEQUENCE";
            }
            throw Messages.relationDoesNotExist(TemporaryTables.relname(a.name()), 0);
        }
        if (!seq.isSequence()) {
            throw Messages.notASequence(seq.name(), null);
        }
        SequenceState current = tx.sequenceState(seq);
        Params p = initParams(a.options(), false, seq.sequence(), current);
        SequenceDef def = p.def();
        if (p.ownedBy() != null) {
            if (seq.sequence().identity()) {
                throw PgException.error(SqlState.FEATURE_NOT_SUPPORTED, "cannot change ownership of identity sequence")
                        .withDetail("Sequence \"" + seq.name() + "\" is linked to table \"" + ownerName(tx, seq)
                                + "\".");
            }
            def = ownedBy(tx, def, p.ownedBy());
        }
        tx.alterSequence("public." + seq.name(), def, p.rewrite() ? p.state() : null);
        session.sequences().altered(seq.oid());
        session.catalogChanged();
        return "ALTER SEQUENCE";
    }

    private static String ownerName(Transaction tx, TableDef seq) {
        return tx.tables().stream().filter(t -> t.oid() == seq.sequence().ownerTable()).map(TableDef::name)
                .findFirst().orElse("");
    }

    // ---- DROP SEQUENCE ----

    static String drop(UtilityCommand.DropSequence d, SqlSessionImpl session) {
        Transaction tx = session.transaction();
        for (String name : d.names()) {
            TableDef seq = tx.table(name).orElse(null);
            if (seq == null) {
                if (!d.ifExists()) {
                    throw Messages.sequenceMissing(TemporaryTables.relname(name));
                }
                session.addNotice(Messages.sequenceSkipping(TemporaryTables.relname(name)));
                continue;
            }
            if (!seq.isSequence()) {
                throw Messages.notASequence(seq.name(), seq.isView() ? "Use DROP VIEW to remove a view."
                        : "Use DROP TABLE to remove a table.");
            }
            OwnerCommands.checkOwner(session, seq);
            tx.openTable("public." + seq.name(), LockMode.ACCESS_EXCLUSIVE);
            ViewCommands.dropDependents(session, tx, List.of(seq), d.cascade());
            dropDependents(session, tx, seq, d.cascade());
            tx.dropSequence("public." + seq.name());
        }
        session.catalogChanged();
        return "DROP SEQUENCE";
    }

    /**
     * The objects pg_depend would list for a sequence: an identity column requires its sequence; a column DEFAULT
     * calling nextval on it depends on it (2BP01, or with CASCADE the DEFAULT is dropped with a NOTICE).
     */
    private static void dropDependents(SqlSessionImpl session, Transaction tx, TableDef seq, boolean cascade) {
        SequenceDef def = seq.sequence();
        if (def.identity()) {
            for (TableDef t : tx.tables()) {
                if (t.oid() == def.ownerTable() && def.ownerColumn() < t.columns().size()) {
                    String column = t.columns().get(def.ownerColumn()).name();
                    throw Messages.requiredBy("sequence " + seq.name(), "column " + column + " of table " + t.name());
                }
            }
        }
        List<String> dependents = new ArrayList<>();
        List<String> objects = new ArrayList<>();
        java.util.regex.Pattern call = nextvalCall(seq.name());
        for (TableDef t : tx.tables()) {
            for (int i = 0; i < t.columns().size(); i++) {
                ColumnDef c = t.columns().get(i);
                if (c.defaultSql() != null && call.matcher(c.defaultSql()).find()) {
                    String object = "default value for column " + c.name() + " of table " + t.name();
                    objects.add(object);
                    dependents.add(object + " depends on sequence " + seq.name());
                    if (cascade) {
                        tx.setColumnDefault(TemporaryTables.qualified(tx, t), i, null);
                    }
                }
            }
        }
        if (cascade && !objects.isEmpty()) {
            session.addNotice(Messages.dropCascades(objects));
            return;
        }
        if (!cascade && !dependents.isEmpty()) {
            throw Messages.dependentObjects("sequence " + seq.name(), dependents);
        }
    }

    /** TRUNCATE ... RESTART IDENTITY (ResetSequence): the sequences the tables' columns own start again. */
    static void restartOwned(SqlSessionImpl session, List<String> tables) {
        Transaction tx = session.transaction();
        java.util.Set<Integer> oids = new java.util.HashSet<>();
        for (String name : tables) {
            tx.table(name).ifPresent(t -> oids.add(t.oid()));
        }
        for (TableDef seq : tx.tables()) {
            if (seq.isSequence() && oids.contains(seq.sequence().ownerTable())) {
                tx.openTable("public." + seq.name(), LockMode.ACCESS_EXCLUSIVE);
                tx.alterSequence("public." + seq.name(), seq.sequence(), new SequenceState(seq.sequence().start(), 0, false));
                session.sequences().altered(seq.oid());
            }
        }
    }

    // ---- SERIAL and identity columns ----

    /** The DEFAULT a SERIAL or identity column gets: {@code nextval('name'::regclass)}. */
    static String nextvalDefault(String sequence) {
        return "nextval('" + RegClass.quoteIdentifier(sequence).replace("'", "''") + "'::regclass)";
    }

    /**
     * A DEFAULT's call of nextval on {@code sequence}, as written or as SERIAL writes it: {@code nextval('s')},
     * {@code nextval('s'::regclass)}, {@code nextval('"S"')}, {@code nextval('public.s')} (what pg_depend would
     * record from the cooked expression).
     */
    private static java.util.regex.Pattern nextvalCall(String sequence) {
        String name = java.util.regex.Pattern.quote(RegClass.quoteIdentifier(sequence).replace("'", "''"));
        String unquoted = sequence.equals(sequence.toLowerCase(java.util.Locale.ROOT)) ? "|(?i:"
                + java.util.regex.Pattern.quote(sequence) + ")" : "";
        return java.util.regex.Pattern.compile("(?i:nextval)\\s*\\(\\s*'(?:public\\.)?(?:" + name + unquoted
                + ")'\\s*(?:::\\s*(?i:regclass)\\s*)?\\)");
    }

    /** ChooseRelationName(table, column, "seq"): {@code table_column_seq}, then with 1, 2... while taken. */
    static String chooseName(Transaction tx, String table, String column, List<String> alsoTaken) {
        String name = objectName(table, column, "seq");
        for (int n = 1; tx.table(name).isPresent() || tx.index(name).isPresent() || alsoTaken.contains(name); n++) {
            name = objectName(table, column, "seq" + n);
        }
        return name;
    }

    /**
     * makeObjectName: {@code name1_name2_label} within NAMEDATALEN - 1 (63) bytes, shortening the longer of the
     * two names first, a character at a time.
     */
    private static String objectName(String name1, String name2, String label) {
        int available = 63 - (label.length() + 2);
        String a = name1;
        String b = name2;
        while (utf8Length(a) + utf8Length(b) > available) {
            if (utf8Length(a) > utf8Length(b)) {
                a = a.substring(0, a.offsetByCodePoints(a.length(), -1));
            } else {
                b = b.substring(0, b.offsetByCodePoints(b.length(), -1));
            }
        }
        return a + "_" + b + "_" + label;
    }

    private static int utf8Length(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    /**
     * Creates the sequence of a SERIAL or identity column {@code column} (at {@code position}) of the new table
     * {@code table}: AS the column's type, the identity options, owned by the column.
     */
    static void createForColumn(Transaction tx, TableDef table, int position, String sequenceName,
                                UtilityCommand.ColumnSpec spec) {
        List<UtilityCommand.SequenceOption> options = new ArrayList<>();
        options.add(new UtilityCommand.SequenceOption("as", spec.type().typname(), 0));
        for (UtilityCommand.SequenceOption o : spec.identityOptions()) {
            if (o.name().equals("sequence_name")) {
                throw Messages.notSupported("SEQUENCE NAME in identity options", o.position());
            }
            options.add(o);
        }
        Params p = initParams(options, spec.identity() != ColumnDef.NOT_IDENTITY, null, null);
        tx.createSequence(sequenceName, p.def().ownedBy(table.oid(), position,
                spec.identity() != ColumnDef.NOT_IDENTITY), p.state());
    }

    /**
     * ALTER TABLE ... ALTER COLUMN ... ADD GENERATED ... AS IDENTITY (tablecmds.c ATExecAddIdentity): the column
     * (42703 if missing) must be smallint, integer or bigint (22023), NOT NULL, not an identity column already and
     * without a default (55000 each); it gets a sequence, named by SEQUENCE NAME or as for a SERIAL, owned by it.
     */
    static void addIdentity(SqlSessionImpl session, TableDef table, UtilityCommand.AddIdentity a) {
        Transaction tx = session.transaction();
        int position = table.columnIndex(a.column());
        if (position < 0) {
            throw PgException.error(SqlState.UNDEFINED_COLUMN, "column \"" + a.column() + "\" of relation \""
                    + table.name() + "\" does not exist");
        }
        ColumnDef c = table.columns().get(position);
        PgType type = PgType.byOid(c.typeOid());
        if (c.domain() != 0 || type != PgType.INT2 && type != PgType.INT4 && type != PgType.INT8) {
            throw PgException.error(SqlState.INVALID_PARAMETER_VALUE,
                    "identity column type must be smallint, integer, or bigint");
        }
        String where = "column \"" + c.name() + "\" of relation \"" + table.name() + "\"";
        if (!c.notNull()) {
            throw PgException.error(SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE, where
                    + " must be declared NOT NULL before identity can be added");
        }
        if (c.isIdentity()) {
            throw PgException.error(SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE, where + " is already an identity column");
        }
        if (c.defaultSql() != null) {
            throw PgException.error(SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE, where + " already has a default value");
        }
        String sequenceName = null;
        List<UtilityCommand.SequenceOption> options = new ArrayList<>();
        options.add(new UtilityCommand.SequenceOption("as", type.typname(), 0));
        for (UtilityCommand.SequenceOption o : a.options()) {
            if (o.name().equals("sequence_name")) {
                sequenceName = o.value().startsWith("public.") ? o.value().substring("public.".length()) : o.value();
            } else {
                options.add(o);
            }
        }
        if (sequenceName == null) {
            sequenceName = chooseName(tx, table.name(), c.name(), List.of());
        }
        List<ColumnDef> columns = new ArrayList<>(table.columns());
        columns.set(position, c.withIdentity(a.generated()).withDefault(nextvalDefault(sequenceName)));
        String qualified = TemporaryTables.qualified(tx, table);
        tx.alterTable(qualified, table.withColumns(columns));
        Params p = initParams(options, true, null, null);
        tx.createSequence(sequenceName, p.def().ownedBy(table.oid(), position, true), p.state());
        session.catalogChanged();
    }

    /** process_owned_by: {@code none}, or {@code table.column} of a table (42P01, 42703). */
    private static SequenceDef ownedBy(Transaction tx, SequenceDef def, String ownedBy) {
        int dot = ownedBy.lastIndexOf('.');
        if (dot < 0) {
            if (!ownedBy.equals("none")) {
                throw PgException.error(SqlState.SYNTAX_ERROR, "invalid OWNED BY option")
                        .withHint("Specify OWNED BY table.column or OWNED BY NONE.");
            }
            return def.ownedBy(0, -1, false);
        }
        String tableName = ownedBy.substring(0, dot);
        if (tableName.startsWith("public.")) {
            tableName = tableName.substring("public.".length());
        }
        String column = ownedBy.substring(dot + 1);
        String shown = tableName;
        TableDef table = tx.openTable(tableName, LockMode.ACCESS_SHARE)
                .orElseThrow(() -> Messages.relationDoesNotExist(shown, 0));
        if (table.isSequence()) {
            throw PgException.error(SqlState.WRONG_OBJECT_TYPE, "sequence cannot be owned by relation \""
                    + table.name() + "\"").withDetail("This operation is not supported for sequences.");
        }
        int index = table.columnIndex(column);
        if (index < 0) {
            throw PgException.error(SqlState.UNDEFINED_COLUMN, "column \"" + column + "\" of relation \""
                    + table.name() + "\" does not exist");
        }
        return def.ownedBy(table.oid(), index, false);
    }

    // ---- init_params ----

    /**
     * init_params: {@code old} null is CREATE (every option not given takes its default), else ALTER of a
     * sequence now at {@code current}. The sequence's row is to be rewritten when an option other than OWNED BY
     * was given; log_cnt is always 0 in a rewritten row, so the first nextval after it logs again.
     */
    private static Params initParams(List<UtilityCommand.SequenceOption> options, boolean forIdentity,
                                     SequenceDef old, SequenceState current) {
        boolean isInit = old == null;
        UtilityCommand.SequenceOption asType = null;
        UtilityCommand.SequenceOption start = null;
        UtilityCommand.SequenceOption restart = null;
        UtilityCommand.SequenceOption incrementBy = null;
        UtilityCommand.SequenceOption maxValue = null;
        UtilityCommand.SequenceOption minValue = null;
        UtilityCommand.SequenceOption cacheValue = null;
        UtilityCommand.SequenceOption isCycled = null;
        String ownedBy = null;
        boolean rewrite = false;
        for (UtilityCommand.SequenceOption o : options) {
            switch (o.name()) {
                case "as" -> asType = once(asType, o);
                case "increment" -> incrementBy = once(incrementBy, o);
                case "start" -> start = once(start, o);
                case "restart" -> restart = once(restart, o);
                case "maxvalue" -> maxValue = once(maxValue, o);
                case "minvalue" -> minValue = once(minValue, o);
                case "cache" -> cacheValue = once(cacheValue, o);
                case "cycle" -> isCycled = once(isCycled, o);
                case "owned_by" -> {
                    if (ownedBy != null) {
                        throw Messages.conflictingOptions(o.position());
                    }
                    ownedBy = o.value();
                }
                case "sequence_name" -> throw PgException.error(SqlState.SYNTAX_ERROR,
                        "invalid sequence option SEQUENCE NAME").withPosition(o.position());
                default -> throw Messages.notSupported("sequence option \"" + o.name() + "\"", o.position());
            }
            if (!o.name().equals("owned_by")) {
                rewrite = true;
            }
        }
        int type = isInit ? TypeOids.INT8 : old.typeOid();
        long increment = isInit ? 1 : old.increment();
        boolean cycle = !isInit && old.cycle();
        long max = isInit ? 0 : old.max();
        long min = isInit ? 0 : old.min();
        long startValue = isInit ? 0 : old.start();
        long cache = isInit ? 1 : old.cache();
        long lastValue = isInit ? 0 : current.lastValue();
        boolean isCalled = !isInit && current.isCalled();
        boolean resetMax = false;
        boolean resetMin = false;
        if (asType != null) {
            int newType = typeOid(asType.value(), forIdentity);
            if (!isInit) {
                resetMax = max == maximum(type);
                resetMin = min == minimum(type);
            }
            type = newType;
        }
        if (incrementBy != null) {
            increment = int64(incrementBy);
            if (increment == 0) {
                throw Messages.sequenceOption("INCREMENT must not be zero");
            }
        }
        if (isCycled != null) {
            cycle = "true".equals(isCycled.value());
        }
        if (maxValue != null && maxValue.value() != null) {
            max = int64(maxValue);
        } else if (isInit || maxValue != null || resetMax) {
            max = increment > 0 || resetMax ? maximum(type) : -1;
        }
        if (max < minimum(type) || max > maximum(type)) {
            throw Messages.sequenceOption("MAXVALUE (" + max + ") is out of range for sequence data type "
                    + typeName(type));
        }
        if (minValue != null && minValue.value() != null) {
            min = int64(minValue);
        } else if (isInit || minValue != null || resetMin) {
            min = increment < 0 || resetMin ? minimum(type) : 1;
        }
        if (min < minimum(type) || min > maximum(type)) {
            throw Messages.sequenceOption("MINVALUE (" + min + ") is out of range for sequence data type "
                    + typeName(type));
        }
        if (min >= max) {
            throw Messages.sequenceOption("MINVALUE (" + min + ") must be less than MAXVALUE (" + max + ")");
        }
        if (start != null) {
            startValue = int64(start);
        } else if (isInit) {
            startValue = increment > 0 ? min : max;
        }
        if (startValue < min) {
            throw Messages.sequenceOption("START value (" + startValue + ") cannot be less than MINVALUE (" + min
                    + ")");
        }
        if (startValue > max) {
            throw Messages.sequenceOption("START value (" + startValue + ") cannot be greater than MAXVALUE (" + max
                    + ")");
        }
        if (restart != null) {
            lastValue = restart.value() != null ? int64(restart) : startValue;
            isCalled = false;
        } else if (isInit) {
            lastValue = startValue;
            isCalled = false;
        }
        if (lastValue < min) {
            throw Messages.sequenceOption("RESTART value (" + lastValue + ") cannot be less than MINVALUE (" + min
                    + ")");
        }
        if (lastValue > max) {
            throw Messages.sequenceOption("RESTART value (" + lastValue + ") cannot be greater than MAXVALUE (" + max
                    + ")");
        }
        if (cacheValue != null) {
            cache = int64(cacheValue);
            if (cache <= 0) {
                throw Messages.sequenceOption("CACHE (" + cache + ") must be greater than zero");
            }
        }
        SequenceDef def = new SequenceDef(type, startValue, increment, max, min, cache, cycle,
                isInit ? 0 : old.ownerTable(), isInit ? -1 : old.ownerColumn(), !isInit && old.identity());
        return new Params(def, new SequenceState(lastValue, 0, isCalled), rewrite, ownedBy);
    }

    private static UtilityCommand.SequenceOption once(UtilityCommand.SequenceOption seen,
                                                      UtilityCommand.SequenceOption option) {
        if (seen != null) {
            throw Messages.conflictingOptions(option.position());
        }
        return option;
    }

    /** defGetInt64: an integer as written; anything else is int8in's 22P02. */
    private static long int64(UtilityCommand.SequenceOption o) {
        String v = o.value();
        if (v == null) {
            throw PgException.error(SqlState.SYNTAX_ERROR, o.name() + " requires a numeric value");
        }
        return (Long) TypeIo.input(PgType.INT8, v, null);
    }

    private static int typeOid(String written, boolean forIdentity) {
        String name = written.startsWith("pg_catalog.") ? written.substring("pg_catalog.".length()) : written;
        PgType t = PgType.byName(name);
        if (t == null) {
            throw Messages.typeDoesNotExist(name, 0);
        }
        if (t != PgType.INT2 && t != PgType.INT4 && t != PgType.INT8) {
            throw Messages.identityType(forIdentity);
        }
        return t.oid();
    }

    private static long maximum(int type) {
        return type == TypeOids.INT2 ? Short.MAX_VALUE : type == TypeOids.INT4 ? Integer.MAX_VALUE : Long.MAX_VALUE;
    }

    private static long minimum(int type) {
        return type == TypeOids.INT2 ? Short.MIN_VALUE : type == TypeOids.INT4 ? Integer.MIN_VALUE : Long.MIN_VALUE;
    }

    private static String typeName(int type) {
        return PgType.byOid(type).sqlName();
    }
}
