/*
 * The user-defined types of a database (pg_type's user rows: domains, composite types, enums) and this session's
 * cache of them (syscache), with CREATE DOMAIN, CREATE TYPE ... AS (...) / AS ENUM, ALTER TYPE ... ADD / RENAME
 * VALUE and DROP DOMAIN / DROP TYPE (typecmds.c DefineDomain, DefineCompositeType, DefineEnum, AlterEnum,
 * RemoveTypeById and the dependency check of dependency.c). The rows live in the storage relation
 * pg_catalog.pg_type ({@link CatalogRelation}: WAL-logged, MVCC-versioned, transactional), each keeping its oid,
 * name and CREATE DOMAIN / CREATE TYPE text (an altered enum's written anew with its labels); the session re-reads
 * them when the catalog version moved. A column of a domain stores the domain's base type, a column of a composite
 * or enum type the value's text; either records the type's oid (ColumnDef.domain), which is what DROP checks.
 * A table's row type is not a row here: {@link #composite} makes it from the table.
 * A domain's CHECK constraints are named as ChooseConstraintName names them ({@code <domain>_check}, then
 * {@code <domain>_check1}...) unless named, and run in name order (as PostgreSQL sorts pg_constraint scans).
 * Not done: domains over domains, dependencies of views on types, RENAME VALUE of an enum a column uses.
 */
package osgres.sql.internal.session;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import osgres.api.PgException;
import osgres.api.SqlState;
import osgres.storage.ColumnDef;
import osgres.storage.RowVersion;
import osgres.storage.TableDef;
import osgres.storage.Tid;
import osgres.storage.Transaction;
import osgres.storage.TypeOids;
import osgres.sql.internal.analyze.ModifyAnalyzer;
import osgres.sql.internal.exec.CheckConstraints;
import osgres.sql.internal.nodes.Expr;
import osgres.sql.internal.parser.RawParser;
import osgres.sql.internal.parser.UtilityCommand;
import osgres.sql.internal.utils.CompositeType;
import osgres.sql.internal.utils.Domain;
import osgres.sql.internal.utils.EnumType;
import osgres.sql.internal.utils.DomainLookup;
import osgres.sql.internal.utils.ExecContext;
import osgres.sql.internal.utils.Messages;
import osgres.sql.internal.utils.PgType;
import osgres.sql.internal.utils.SqlFunction;

public final class TypeCatalog implements DomainLookup {
    public static final CatalogRelation RELATION = new CatalogRelation("pg_catalog.pg_type", List.of(
            new ColumnDef("oid", TypeOids.INT4, -1, true, null),
            new ColumnDef("typname", TypeOids.TEXT, -1, true, null),
            new ColumnDef("definition", TypeOids.TEXT, -1, true, null)));

    /** One row as read: a domain, a composite type or an enum (one of the three), and where its row is. */
    private record Entry(Domain domain, CompositeType composite, EnumType enumType, Tid tid) {
        int oid() {
            return domain != null ? domain.oid() : composite != null ? composite.oid() : enumType.oid();
        }

        String name() {
            return domain != null ? domain.name() : composite != null ? composite.name() : enumType.name();
        }
    }

    private final SqlSessionImpl session;
    private long loadedVersion = -1;
    private Transaction loadedIn;
    private Map<String, Entry> byName = Map.of();
    private Map<Integer, Entry> byOid = Map.of();

    TypeCatalog(SqlSessionImpl session) {
        this.session = session;
    }

    @Override
    public Domain named(String name) {
        refresh();
        Entry e = byName.get(name);
        return e == null ? null : e.domain();
    }

    @Override
    public Domain byOid(int oid) {
        refresh();
        Entry e = byOid.get(oid);
        return e == null ? null : e.domain();
    }

    /** A composite type by name: one CREATE TYPE made, else the row type of a table or view of that name. */
    @Override
    public CompositeType composite(String name) {
        refresh();
        Entry e = byName.get(name);
        if (e != null) {
            return e.composite();
        }
        TableDef t = session.transaction().table(name).filter(x -> !x.isSequence()).orElse(null);
        return t == null ? null : rowType(t);
    }

    @Override
    public EnumType enumNamed(String name) {
        refresh();
        Entry e = byName.get(name);
        return e == null ? null : e.enumType();
    }

    @Override
    public EnumType enumByOid(int oid) {
        refresh();
        Entry e = byOid.get(oid);
        return e == null ? null : e.enumType();
    }

    @Override
    public List<Record> all() {
        refresh();
        List<Record> types = new ArrayList<>();
        for (Entry e : byOid.values()) {
            types.add(e.domain() != null ? e.domain() : e.composite() != null ? e.composite() : e.enumType());
        }
        types.sort(Comparator.comparingInt(r -> r instanceof Domain d ? d.oid()
                : r instanceof CompositeType c ? c.oid() : ((EnumType) r).oid()));
        return types;
    }

    /** A composite type CREATE TYPE made (not a table's row type), or null. */
    CompositeType compositeByName(String name) {
        refresh();
        Entry e = byName.get(name);
        return e == null ? null : e.composite();
    }

    @Override
    public CompositeType compositeByOid(int oid) {
        refresh();
        Entry e = byOid.get(oid);
        return e == null ? null : e.composite();
    }

    /** A table's row type: its columns as fields (a column of a domain or composite by its stored type). */
    static CompositeType rowType(TableDef t) {
        List<CompositeType.Field> fields = new ArrayList<>();
        for (ColumnDef c : t.columns()) {
            fields.add(new CompositeType.Field(c.name(), PgType.byOid(c.typeOid()), c.typeModifier()));
        }
        return new CompositeType(t.oid(), t.name(), List.copyOf(fields));
    }

    /** Type names for function signatures: tables' row types, and domains (as their base types). */
    SqlFunction.RowTypes rowTypes() {
        return new SqlFunction.RowTypes() {
            @Override
            public TableDef table(String name) {
                TableDef t = session.transaction().table(name).orElse(null);
                CompositeType c = t == null ? compositeByName(name) : null;
                if (c == null) {
                    return t;
                }
                // a composite type's fields as the columns of a row (what a function returning it yields)
                List<ColumnDef> columns = new ArrayList<>();
                for (CompositeType.Field f : c.fields()) {
                    columns.add(new ColumnDef(f.name(), f.type().oid(), f.typmod(), false, null));
                }
                return new TableDef(c.oid(), c.name(), List.copyOf(columns), List.of(), 100);
            }

            @Override
            public PgType domainBase(String name) {
                Domain d = named(name);
                return d == null ? null : d.base();
            }
        };
    }

    private void refresh() {
        long version = session.catalogVersion();
        Transaction tx = session.transaction();
        if (version == loadedVersion && tx == loadedIn) {
            return;
        }
        Map<String, Entry> names = new HashMap<>();
        Map<Integer, Entry> oids = new HashMap<>();
        for (RowVersion row : RELATION.rows(tx)) {
            Object[] v = row.values();
            UtilityCommand u = RawParser.parse((String) v[2]).getFirst().utility();
            int oid = (Integer) v[0];
            Entry e = switch (u) {
                case UtilityCommand.CreateComposite c -> new Entry(null, new CompositeType(oid, c.name(), c.fields()),
                        null, row.tid());
                case UtilityCommand.CreateEnum c -> new Entry(null, null, new EnumType(oid, c.name(), c.labels()),
                        row.tid());
                default -> new Entry(domain(oid, (UtilityCommand.CreateDomain) u), null, null, row.tid());
            };
            names.put(e.name(), e);
            oids.put(e.oid(), e);
        }
        byName = names;
        byOid = oids;
        loadedVersion = Math.min(version, session.snapshotCatalogVersion());
        loadedIn = tx;
    }

    /** The domain a CREATE DOMAIN defines, its CHECKs named and compiled on first use. */
    private Domain domain(int oid, UtilityCommand.CreateDomain c) {
        List<Domain.Check> checks = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        for (UtilityCommand.CheckSpec spec : c.checks()) {
            if (spec.name() != null) {
                taken.add(spec.name());
            }
        }
        for (UtilityCommand.CheckSpec spec : c.checks()) {
            String name = spec.name();
            if (name == null) {
                String base = c.name() + "_check";
                name = base;
                for (int n = 1; taken.contains(name); n++) {
                    name = base + n;
                }
                taken.add(name);
            }
            checks.add(new Domain.Check(name, spec.expression()));
        }
        checks.sort(Comparator.comparing(Domain.Check::name));
        return new Domain(oid, c.name(), c.base(), c.typmod(), c.notNull(), c.defaultSql(), List.copyOf(checks),
                new CompiledChecks(c.name(), c.base(), c.typmod(), checks));
    }

    /** The CHECKs analysed over a one-column row named {@code value}, once, when a value is first checked. */
    private final class CompiledChecks implements Domain.Enforcer {
        private final TableDef row;
        private final List<Domain.Check> checks;
        private List<Expr> compiled;

        CompiledChecks(String domain, PgType base, int typmod, List<Domain.Check> checks) {
            this.row = valueRow(domain, base, typmod);
            this.checks = checks;
        }

        @Override
        public void check(Object value, ExecContext ctx) {
            if (checks.isEmpty()) {
                return;
            }
            if (compiled == null) {
                List<Expr> out = new ArrayList<>();
                for (Domain.Check c : checks) {
                    out.add(CheckConstraints.compileOnRow(row, c.expression(), session.gucs().zone(), -1));
                }
                compiled = out;
            }
            Object[] saved = ctx.row;
            ctx.row = new Object[] {value};
            try {
                for (int i = 0; i < checks.size(); i++) {
                    if (Boolean.FALSE.equals(compiled.get(i).eval(ctx))) {
                        throw Messages.domainCheckViolation(row.name(), checks.get(i).name());
                    }
                }
            } finally {
                ctx.row = saved;
            }
        }
    }

    /** The row a domain's CHECK reads: VALUE, of the base type (CoerceToDomainValue). */
    private static TableDef valueRow(String domain, PgType base, int typmod) {
        return new TableDef(0, domain, List.of(new ColumnDef("value", base.oid(), typmod, false, null)), List.of(),
                100);
    }

    /** Whether a type name names the domain {@code domain} (unqualified or in public, plain or as an array). */
    private static boolean names(osgres.pgquery.tree.PgQuery.TypeName tn, String domain) {
        List<osgres.pgquery.tree.PgQuery.Node> names = tn.getNamesList();
        return !names.isEmpty() && names.getLast().getString().getSval().equals(domain)
                && (names.size() == 1 || names.getFirst().getString().getSval().equals("public"));
    }

    /** CREATE DOMAIN: the name must be free among types, DEFAULT and CHECKs must analyse, then the row. */
    static String create(UtilityCommand.CreateDomain c, SqlSessionImpl session) {
        Transaction tx = session.transaction();
        if (session.types().named(c.name()) != null
                || tx.table(c.name()).filter(t -> !t.isSequence()).isPresent()) {
            throw Messages.typeAlreadyExists(c.name());
        }
        // domainAddConstraint analyses without the statement's text: its errors carry no position
        try {
            if (c.defaultSql() != null) {
                ModifyAnalyzer.columnDefault(c.defaultSql(), c.base(), c.typmod(), session.gucs().zone());
            }
            TableDef row = valueRow(c.name(), c.base(), c.typmod());
            for (UtilityCommand.CheckSpec check : c.checks()) {
                CheckConstraints.compileOnRow(row, check.expression(), session.gucs().zone(), -1);
            }
        } catch (PgException e) {
            throw e.withPosition(0);
        }
        RELATION.insert(session, new Object[] {tx.newOid(), c.name(), c.text()});
        return "CREATE DOMAIN";
    }

    /** CREATE TYPE name AS (...): the name must be free among types and tables, then the row. */
    static String createComposite(UtilityCommand.CreateComposite c, SqlSessionImpl session) {
        Transaction tx = session.transaction();
        session.types().refresh();
        if (session.types().byName.containsKey(c.name())
                || tx.table(c.name()).filter(t -> !t.isSequence()).isPresent()) {
            throw Messages.typeAlreadyExists(c.name());
        }
        RELATION.insert(session, new Object[] {tx.newOid(), c.name(), c.text()});
        return "CREATE TYPE";
    }

    /** CREATE TYPE name AS ENUM (...): the name must be free among types and tables, then the row. */
    static String createEnum(UtilityCommand.CreateEnum c, SqlSessionImpl session) {
        Transaction tx = session.transaction();
        session.types().refresh();
        if (session.types().byName.containsKey(c.name())
                || tx.table(c.name()).filter(t -> !t.isSequence()).isPresent()) {
            throw Messages.typeAlreadyExists(c.name());
        }
        RELATION.insert(session, new Object[] {tx.newOid(), c.name(), enumDefinition(c.name(), c.labels())});
        return "CREATE TYPE";
    }

    /**
     * ALTER TYPE ... ADD VALUE / RENAME VALUE (AlterEnum: AddEnumLabel, RenameEnumLabel): the type's row gets its
     * labels anew. Stored values are labels, so nothing else changes; a renamed label is not renamed in stored
     * values (not done: such a rename is refused while a column of the type exists).
     */
    static String alterEnum(UtilityCommand.AlterEnum a, SqlSessionImpl session) {
        TypeCatalog catalog = session.types();
        catalog.refresh();
        Entry e = catalog.byName.get(a.name());
        if (e == null) {
            throw Messages.typeDoesNotExist(a.name(), 0);
        }
        if (e.enumType() == null) {
            throw PgException.error(SqlState.WRONG_OBJECT_TYPE, a.name() + " is not an enum");
        }
        EnumType t = e.enumType();
        List<String> labels = new ArrayList<>(t.labels());
        if (a.oldValue() != null) {
            int old = labels.indexOf(a.oldValue());
            if (old < 0) {
                throw PgException.error(SqlState.INVALID_PARAMETER_VALUE, "\"" + a.oldValue()
                        + "\" is not an existing enum label");
            }
            if (labels.contains(a.newValue())) {
                throw PgException.error(SqlState.DUPLICATE_OBJECT, "enum label \"" + a.newValue()
                        + "\" already exists");
            }
            if (!dependents(session, session.transaction(), t.oid(), t.name()).isEmpty()) {
                throw Messages.notSupported("RENAME VALUE of an enum that a column uses", 0);
            }
            labels.set(old, a.newValue());
        } else {
            if (labels.contains(a.newValue())) {
                PgException exists = PgException.error(SqlState.DUPLICATE_OBJECT, "enum label \"" + a.newValue()
                        + "\" already exists");
                if (!a.ifNotExists()) {
                    throw exists;
                }
                session.addNotice(PgException.error(SqlState.DUPLICATE_OBJECT, "enum label \"" + a.newValue()
                        + "\" already exists, skipping").withSeverity(osgres.api.Severity.NOTICE));
                return "ALTER TYPE";
            }
            int at = labels.size();
            if (a.neighbor() != null) {
                int neighbor = labels.indexOf(a.neighbor());
                if (neighbor < 0) {
                    throw PgException.error(SqlState.INVALID_PARAMETER_VALUE, "\"" + a.neighbor()
                            + "\" is not an existing enum label");
                }
                at = a.after() ? neighbor + 1 : neighbor;
            }
            labels.add(at, a.newValue());
        }
        RELATION.update(session, e.tid(), new Object[] {t.oid(), t.name(), enumDefinition(t.name(), labels)});
        return "ALTER TYPE";
    }

    /** The CREATE TYPE ... AS ENUM text the catalog keeps for an enum's labels. */
    private static String enumDefinition(String name, List<String> labels) {
        return "CREATE TYPE " + quote(name) + " AS ENUM (" + String.join(", ", labels.stream()
                .map(l -> "'" + l.replace("'", "''") + "'").toList()) + ")";
    }

    /** DROP DOMAIN / DROP TYPE: 2BP01 while a column uses the domain (CASCADE is not done). */
    static String drop(UtilityCommand.DropType d, SqlSessionImpl session) {
        String tag = d.domain() ? "DROP DOMAIN" : "DROP TYPE";
        TypeCatalog catalog = session.types();
        List<Entry> dropping = new ArrayList<>();
        for (String qualified : d.names()) {
            String name = qualified.startsWith("public.") ? qualified.substring("public.".length()) : qualified;
            catalog.refresh();
            Entry e = catalog.byName.get(name);
            if (e != null && d.domain() && e.domain() == null) {
                throw PgException.error(SqlState.WRONG_OBJECT_TYPE, "\"" + name + "\" is not a domain");
            }
            if (e == null && !d.domain()) {
                TableDef table = session.transaction().table(name).filter(t -> !t.isSequence()).orElse(null);
                if (table != null) {
                    String kind = table.isView() ? "view " : "table ";
                    throw PgException.error(SqlState.DEPENDENT_OBJECTS_STILL_EXIST, "cannot drop type " + name
                            + " because " + kind + name + " requires it")
                            .withHint("You can drop " + kind + name + " instead.");
                }
            }
            if (e == null) {
                if (d.domain() && PgType.byName(name) != null) {
                    throw PgException.error(SqlState.WRONG_OBJECT_TYPE, "\"" + name + "\" is not a domain");
                }
                if (!d.ifExists()) {
                    throw Messages.typeDoesNotExist(qualified, 0);
                }
                session.addNotice(PgException.error(SqlState.UNDEFINED_OBJECT, "type \"" + qualified
                        + "\" does not exist, skipping").withSeverity(osgres.api.Severity.NOTICE));
                continue;
            }
            dropping.add(e);
        }
        for (Entry e : dropping) {
            List<Dependent> dependents = dependents(session, session.transaction(), e.oid(), e.name());
            if (!dependents.isEmpty() && !d.cascade()) {
                PgException error = PgException.error(SqlState.DEPENDENT_OBJECTS_STILL_EXIST, "cannot drop type "
                        + e.name() + " because other objects depend on it")
                        .withHint("Use DROP ... CASCADE to drop the dependent objects too.");
                throw error.withDetail(String.join("\n", dependents.stream().map(x -> x.object()
                        + " depends on type " + x.type()).toList()));
            }
            if (!dependents.isEmpty()) {
                cascade(session, dependents);
            }
            RELATION.delete(session, e.tid());
        }
        return tag;
    }

    /**
     * ALTER DOMAIN (AlterDomainDefault, AlterDomainNotNull, AlterDomainAddConstraint, AlterDomainDropConstraint):
     * the domain's row gets a new definition, its CREATE DOMAIN text written again. SET NOT NULL and a new CHECK
     * first check every column of the domain, each table locked in SHARE mode (so a transaction still writing to
     * one is waited for, as PostgreSQL's validateDomainConstraint waits).
     */
    static String alter(UtilityCommand.AlterDomain a, SqlSessionImpl session) {
        TypeCatalog catalog = session.types();
        catalog.refresh();
        Entry e = catalog.byName.get(a.name());
        if (e == null || e.domain() == null) {
            throw Messages.typeDoesNotExist(a.name(), 0);
        }
        Domain d = e.domain();
        String defaultSql = d.defaultSql();
        boolean notNull = d.notNull();
        List<Domain.Check> checks = new ArrayList<>(d.checks());
        switch (a.action()) {
            case SET_DEFAULT -> {
                if (a.defaultSql() != null) {
                    try {
                        ModifyAnalyzer.columnDefault(a.defaultSql(), d.base(), d.typmod(), session.gucs().zone());
                    } catch (PgException ex) {
                        throw ex.withPosition(0);
                    }
                }
                defaultSql = a.defaultSql();
            }
            case DROP_NOT_NULL -> notNull = false;
            case SET_NOT_NULL -> {
                if (!notNull) {
                    validate(session, d, null);
                }
                notNull = true;
            }
            case ADD_CHECK -> {
                UtilityCommand.CheckSpec spec = a.check();
                String name = spec.name();
                if (name != null && checks.stream().anyMatch(c -> c.name().equals(spec.name()))) {
                    throw PgException.error(SqlState.DUPLICATE_OBJECT, "constraint \"" + name + "\" for domain \""
                            + d.name() + "\" already exists");
                }
                if (name == null) {
                    String base = d.name() + "_check";
                    name = base;
                    for (int n = 1; taken(checks, name); n++) {
                        name = base + n;
                    }
                }
                Domain.Check check = new Domain.Check(name, spec.expression());
                Expr compiled;
                try {
                    compiled = CheckConstraints.compileOnRow(valueRow(d.name(), d.base(), d.typmod()),
                            spec.expression(), session.gucs().zone(), -1);
                } catch (PgException ex) {
                    throw ex.withPosition(0);
                }
                if (!spec.notValid()) {
                    validate(session, d, compiled);
                }
                checks.add(check);
            }
            case DROP_CONSTRAINT -> {
                boolean removed = checks.removeIf(c -> c.name().equals(a.constraintName()));
                if (!removed) {
                    PgException missing = PgException.error(SqlState.UNDEFINED_OBJECT, "constraint \""
                            + a.constraintName() + "\" of domain \"" + d.name() + "\" does not exist");
                    if (!a.missingOk()) {
                        throw missing;
                    }
                    session.addNotice(PgException.error(SqlState.UNDEFINED_OBJECT, "constraint \""
                            + a.constraintName() + "\" of domain \"" + d.name() + "\" does not exist, skipping")
                            .withSeverity(osgres.api.Severity.NOTICE));
                    return "ALTER DOMAIN";
                }
            }
        }
        RELATION.update(session, e.tid(), new Object[] {d.oid(), d.name(),
            definition(d, defaultSql, notNull, checks)});
        return "ALTER DOMAIN";
    }

    private static boolean taken(List<Domain.Check> checks, String name) {
        return checks.stream().anyMatch(c -> c.name().equals(name));
    }

    /** The CREATE DOMAIN text of a domain as altered: its constraints named, so that the names stay. */
    private static String definition(Domain d, String defaultSql, boolean notNull, List<Domain.Check> checks) {
        StringBuilder out = new StringBuilder("CREATE DOMAIN ").append(quote(d.name())).append(" AS ")
                .append(osgres.sql.internal.nodes.ExprDeparser.typeName(d.base(), d.typmod()));
        if (defaultSql != null) {
            out.append(" DEFAULT ").append(defaultSql);
        }
        if (notNull) {
            out.append(" NOT NULL");
        }
        for (Domain.Check c : checks) {
            out.append(" CONSTRAINT ").append(quote(c.name())).append(" CHECK (").append(c.expression()).append(')');
        }
        return out.toString();
    }

    private static String quote(String name) {
        return name.matches("[a-z_][a-z0-9_$]*") ? name : "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /**
     * validateDomainConstraint / AlterDomainNotNull's scan: every stored value of the domain must pass
     * {@code check} (null: must not be null).
     */
    private static void validate(SqlSessionImpl session, Domain d, Expr check) {
        Transaction tx = session.transaction();
        List<TableDef> locked = new ArrayList<>();
        for (TableDef t : tx.tables()) {
            if (!t.name().startsWith("pg_catalog.") && !t.isView()
                    && t.columns().stream().anyMatch(c -> c.domain() == d.oid())) {
                tx.openTable(t.name(), osgres.storage.LockMode.SHARE).ifPresent(locked::add);
            }
        }
        // what writers committed while this waited for their locks counts (GetLatestSnapshot)
        tx.startStatement();
        for (TableDef t : locked) {
            List<Integer> columns = new ArrayList<>();
            for (int i = 0; i < t.columns().size(); i++) {
                if (t.columns().get(i).domain() == d.oid()) {
                    columns.add(i);
                }
            }
            TableDef table = t;
            ExecContext ctx = new ExecContext(new Object[0], session);
            try (osgres.storage.RowScan scan = tx.scan(table)) {
                while (scan.hasNext()) {
                    Object[] row = scan.next().values();
                    for (int c : columns) {
                        String column = table.columns().get(c).name();
                        if (check == null && row[c] == null) {
                            throw PgException.error(SqlState.NOT_NULL_VIOLATION, "column \"" + column
                                    + "\" of table \"" + table.name() + "\" contains null values");
                        }
                        if (check != null && row[c] != null) {
                            ctx.row = new Object[] {row[c]};
                            if (Boolean.FALSE.equals(check.eval(ctx))) {
                                throw PgException.error(SqlState.CHECK_VIOLATION, "column \"" + column
                                        + "\" of table \"" + table.name()
                                        + "\" contains values that violate the new constraint");
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * An object using a domain: a column ({@code column} set), a partitioned table whose key reads a column of it
     * (the whole table depends on the type), or a function ({@code table} null); {@code type} is what it depends
     * on (the type, or its array type {@code t[]} for a column of an array of a composite).
     */
    private record Dependent(String object, String table, String column, String type) {
    }

    /** The columns, tables and functions using the domain, as reportDependentObjects lists them (newest first). */
    private static List<Dependent> dependents(SqlSessionImpl session, Transaction tx, int typeOid, String typeName) {
        List<Dependent> out = new ArrayList<>();
        for (RowVersion row : FunctionCatalog.RELATION.rows(tx)) {
            if (FunctionCatalog.isAggregate(row.values())) {
                continue; // not done: aggregates over a domain are not listed as its dependents
            }
            osgres.pgquery.tree.PgQuery.CreateFunctionStmt f = FunctionCatalog.parse((String) row.values()[5]);
            boolean uses = f.hasReturnType() && names(f.getReturnType(), typeName);
            for (osgres.pgquery.tree.PgQuery.Node p : f.getParametersList()) {
                uses |= names(p.getFunctionParameter().getArgType(), typeName);
            }
            SqlFunction function = uses ? session.functions().byOid((Integer) row.values()[0]) : null;
            if (function != null) {
                // format_procedure: the input types separated by bare commas, the domain by its name
                List<String> inputs = new ArrayList<>();
                int i = 0;
                for (osgres.pgquery.tree.PgQuery.Node p : f.getParametersList()) {
                    osgres.pgquery.tree.PgQuery.FunctionParameter fp = p.getFunctionParameter();
                    if (fp.getMode() == osgres.pgquery.tree.PgQuery.FunctionParameterMode.FUNC_PARAM_OUT
                            || fp.getMode() == osgres.pgquery.tree.PgQuery.FunctionParameterMode.FUNC_PARAM_TABLE
                            || i >= function.inputTypes().size()) {
                        continue;
                    }
                    inputs.add(names(fp.getArgType(), typeName) ? typeName
                            : function.inputTypes().get(i).sqlName());
                    i++;
                }
                out.add(new Dependent((function.procedure() ? "procedure " : "function ") + function.name() + "("
                        + String.join(",", inputs) + ")", null, null, typeName));
            }
        }
        for (TableDef t : tx.tables()) {
            if (t.name().startsWith("pg_catalog.")) {
                continue;
            }
            boolean wholeTable = false;
            List<Dependent> columns = new ArrayList<>();
            for (ColumnDef c : t.columns().reversed()) {
                if (c.domain() != typeOid) {
                    continue;
                }
                if (PartitionCommands.keyReads(t, c.name())) {
                    wholeTable = true;
                }
                boolean array = c.typeOid() == PgType.TEXT_ARRAY.oid()
                        && session.types().compositeByOid(typeOid) != null;
                columns.add(new Dependent("column " + c.name() + " of " + (t.isView() ? "view " : "table ")
                        + t.name(), t.name(), c.name(), array ? typeName + "[]" : typeName));
            }
            if (wholeTable) {
                out.add(new Dependent("table " + t.name(), t.name(), null, typeName));
            } else {
                out.addAll(columns);
            }
        }
        return out;
    }

    /**
     * DROP ... CASCADE: the NOTICE reportDependentObjects gives, then each dependent table dropped and each
     * dependent column dropped from its table (functions using the domain are not dropped: refused).
     */
    private static void cascade(SqlSessionImpl session, List<Dependent> dependents) {
        for (Dependent x : dependents) {
            if (x.table() == null) {
                throw Messages.notSupported("DROP ... CASCADE of a domain that a function uses", 0);
            }
        }
        session.addNotice(Messages.dropCascades(dependents.stream().map(Dependent::object).toList()));
        Transaction tx = session.transaction();
        for (Dependent x : dependents) {
            tx.openTable(x.table(), osgres.storage.LockMode.ACCESS_EXCLUSIVE);
        }
        // what writers committed while this waited for their locks must be kept by the rewrites (GetLatestSnapshot)
        tx.startStatement();
        for (Dependent x : dependents) {
            UtilityCommand drop = x.column() == null
                    ? new UtilityCommand.DropTable(List.of(x.table()), true, true)
                    : new UtilityCommand.AlterTable(x.table(), true, List.of(
                            new UtilityCommand.DropColumn(x.table(), x.column(), true, true)));
            DdlExecutor.run(drop, session);
            // the next drop must see what this one wrote (a dropped column rewrites the table)
            session.transaction().commandCounterIncrement();
        }
    }
}
