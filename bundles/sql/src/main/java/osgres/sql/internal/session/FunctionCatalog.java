/*
 * The user-defined functions of a database (pg_proc's user rows) and this session's cache of them (syscache).
 * The rows live in an ordinary heap relation of the storage, {@code pg_catalog.pg_proc}, made by the database's
 * first CREATE FUNCTION: WAL-logged, MVCC-versioned and transactional like every table, so a function made by a
 * committed transaction survives a crash, one made by a rolled-back transaction is gone, and other sessions see
 * it when it commits. The SQL layer cannot name the relation (pg_catalog holds only the system views), so it is
 * reached only from here. Each row keeps the CREATE statement's text; the session re-reads the rows whenever the
 * catalog version moved (every DDL commit or abort bumps it), parsing each definition once per text.
 * What a client reads as pg_catalog.pg_proc is not this relation but a system view (catalog.ProcCatalog) that
 * interprets these rows into PostgreSQL's columns through catalogFunctions and catalogAggregates.
 * Each row keeps the function's owner and ACL too (proowner, proacl), so a GRANT or REVOKE is durable and
 * transactional like the function itself.
 * Aggregates keep theirs in the same columns.
 * Not done: dependencies on other objects than the functions themselves.
 */
package osgres.sql.internal.session;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import osgres.pgquery.tree.PgQuery;
import osgres.storage.ColumnDef;
import osgres.storage.RowVersion;
import osgres.storage.Tid;
import osgres.storage.Transaction;
import osgres.storage.TypeOids;
import osgres.sql.internal.analyze.FunctionLookup;
import osgres.sql.internal.catalog.Privileges;
import osgres.sql.internal.nodes.Expr;
import osgres.sql.internal.parser.RawParser;
import osgres.sql.internal.parser.UtilityCommand;
import osgres.sql.internal.utils.AggregateDefinition;
import osgres.sql.internal.utils.CastDefinition;
import osgres.sql.internal.utils.OperatorDefinition;
import osgres.sql.internal.utils.ExecContext;
import osgres.sql.internal.utils.PgType;
import osgres.sql.internal.utils.RoutineRunner;
import osgres.sql.internal.utils.SqlFunction;

public final class FunctionCatalog implements FunctionLookup, RoutineRunner {
    /** The relation holding the rows: a schema the SQL layer never resolves keeps it out of user names. */
    public static final CatalogRelation RELATION = new CatalogRelation("pg_catalog.pg_proc", List.of(
            new ColumnDef("oid", TypeOids.INT4, -1, true, null),
            new ColumnDef("proname", TypeOids.TEXT, -1, true, null),
            new ColumnDef("prokind", TypeOids.TEXT, -1, true, null),
            new ColumnDef("provolatile", TypeOids.TEXT, -1, true, null),
            new ColumnDef("proisstrict", TypeOids.BOOL, -1, true, null),
            new ColumnDef("definition", TypeOids.TEXT, -1, true, null),
            new ColumnDef("proowner", TypeOids.INT4, -1, false, null),
            new ColumnDef("proacl", TypeOids.TEXT, -1, false, null)));
    /** Column order of {@link #RELATION}. */
    private static final int OID = 0;
    private static final int NAME = 1;
    private static final int KIND = 2;
    private static final int VOLATILITY = 3;
    private static final int STRICT = 4;
    private static final int DEFINITION = 5;
    /** The owner's oid; a row of a relation made before owners were kept has none: the bootstrap superuser's. */
    private static final int OWNER = 6;
    /** The ACL in Privileges.storedForm, NULL for the default (acldefault 'f'). */
    private static final int ACL = 7;

    /** Parsed definitions by their text, shared by all sessions (a text always means the same function). */
    private static final Map<String, PgQuery.CreateFunctionStmt> PARSED =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** One row as read: the function and where its row is (for DROP and ALTER). */
    public record Entry(SqlFunction function, Tid tid) {
    }

    /** One aggregate's row as read, and where it is (for DROP and CREATE OR REPLACE). */
    public record AggregateEntry(AggregateDefinition aggregate, Tid tid) {
    }

    /** Parsed CREATE AGGREGATE statements by their text. */
    private static final Map<String, PgQuery.DefineStmt> PARSED_AGGREGATES =
            new java.util.concurrent.ConcurrentHashMap<>();

    private final SqlSessionImpl session;
    private long loadedVersion = -1;
    private Transaction loadedIn;
    private Map<String, List<Entry>> byName = Map.of();
    private Map<Integer, Entry> byOid = Map.of();
    /** The aggregates (prokind 'a') by name, oldest first. */
    private Map<String, List<AggregateEntry>> aggregatesByName = Map.of();
    private final Map<Integer, SqlFunctionRunner.Body> bodies = new HashMap<>();
    /** Functions whose bodies are being analysed now (a recursive function is not inlined into itself). */
    private final java.util.Set<Integer> compiling = new java.util.HashSet<>();

    /** The user-defined operators, which resolve their functions here. */
    private final OperatorCatalog operators;
    /** The user-defined casts, whose functions resolve here. */
    private final CastCatalog casts;

    FunctionCatalog(SqlSessionImpl session) {
        this.session = session;
        this.operators = new OperatorCatalog(session);
        this.casts = new CastCatalog(session);
    }

    CastCatalog castCatalog() {
        return casts;
    }

    @Override
    public CastDefinition cast(PgType source, PgType target) {
        return casts.find(source, target);
    }

    OperatorCatalog operatorCatalog() {
        return operators;
    }

    @Override
    public List<OperatorDefinition> operators(String name) {
        return operators.named(name);
    }

    /** The functions (and procedures) named {@code name}, oldest first. */
    @Override
    public List<SqlFunction> named(String name) {
        refresh();
        List<Entry> entries = byName.get(name);
        return entries == null ? List.of() : entries.stream().map(Entry::function).toList();
    }

    /** True when some user function has this name. */
    @Override
    public boolean exists(String name) {
        refresh();
        return byName.containsKey(name);
    }

    @Override
    public List<AggregateDefinition> aggregates(String name) {
        refresh();
        List<AggregateEntry> entries = aggregatesByName.get(name);
        return entries == null ? List.of() : entries.stream().map(AggregateEntry::aggregate).toList();
    }

    /** Every aggregate's row (for the objects depending on a function DROP FUNCTION removes). */
    List<AggregateEntry> allAggregates() {
        refresh();
        return aggregatesByName.values().stream().flatMap(List::stream).toList();
    }

    public List<AggregateEntry> aggregateEntries(String name) {
        refresh();
        return aggregatesByName.getOrDefault(name, List.of());
    }

    /** The aggregate of this oid as the catalog has it now, or null. */
    public AggregateEntry aggregateByOid(int oid) {
        refresh();
        for (List<AggregateEntry> l : aggregatesByName.values()) {
            for (AggregateEntry a : l) {
                if (a.aggregate().oid() == oid) {
                    return a;
                }
            }
        }
        return null;
    }

    /** The function of this oid as the catalog has it now, or null once dropped. */
    public SqlFunction byOid(int oid) {
        refresh();
        Entry e = byOid.get(oid);
        return e == null ? null : e.function();
    }

    /** The function of this name taking exactly these input types, or null. */
    public Entry find(String name, List<PgType> inputTypes) {
        refresh();
        for (Entry e : byName.getOrDefault(name, List.of())) {
            if (e.function().inputTypes().equals(inputTypes)) {
                return e;
            }
        }
        return null;
    }

    public List<Entry> entries(String name) {
        refresh();
        return byName.getOrDefault(name, List.of());
    }

    @Override
    public SqlFunction current(int oid) {
        return byOid(oid);
    }

    @Override
    public List<SqlFunction> catalogFunctions() {
        refresh();
        return byOid.values().stream().map(Entry::function).toList();
    }

    @Override
    public List<AggregateDefinition> catalogAggregates() {
        refresh();
        return aggregatesByName.values().stream().flatMap(List::stream).map(AggregateEntry::aggregate).toList();
    }

    @Override
    public List<Object[]> run(ExecContext ctx, SqlFunction function, Object[] args, boolean all) {
        return SqlFunctionRunner.run(ctx, function, args, all);
    }

    @Override
    public Expr inlinableBody(SqlFunction f) {
        if (f.securityDefiner()) {
            return null; // inline_function: it must run as its owner
        }
        SqlFunctionRunner.Body body = body(f);
        if (body == null || body.statements().size() != 1) {
            return null;
        }
        ParsedStatement s = body.statements().getFirst();
        if (s.raw().pgNode() == null || !s.raw().pgNode().hasSelectStmt()
                || !simple(s.raw().pgNode().getSelectStmt())) {
            return null;
        }
        return s.query().targets().getFirst();
    }

    /** A SELECT of one expression and nothing else (no FROM, WHERE, GROUP BY, ORDER BY, LIMIT, DISTINCT, WITH). */
    private static boolean simple(osgres.pgquery.tree.PgQuery.SelectStmt s) {
        return s.getTargetListCount() == 1 && s.getFromClauseCount() == 0 && !s.hasWhereClause()
                && s.getGroupClauseCount() == 0 && !s.hasHavingClause() && s.getSortClauseCount() == 0
                && !s.hasLimitCount() && !s.hasLimitOffset() && s.getDistinctClauseCount() == 0
                && !s.hasWithClause() && s.getValuesListsCount() == 0 && s.getWindowClauseCount() == 0
                && s.getLockingClauseCount() == 0 && s.getOp() == osgres.pgquery.tree.PgQuery.SetOperation.SETOP_NONE;
    }

    /** The function's body analysed for this session (again after CREATE OR REPLACE changed it). */
    public SqlFunctionRunner.Body body(SqlFunction f) {
        SqlFunctionRunner.Body b = bodies.get(f.oid());
        if (b == null || !b.function().definition().equals(f.definition())) {
            if (!compiling.add(f.oid())) {
                return null; // its own body calls it: analysed once the outer analysis ends
            }
            try {
                b = SqlFunctionRunner.compile(session, f);
            } finally {
                compiling.remove(f.oid());
            }
            bodies.put(f.oid(), b);
        }
        return b;
    }

    /** PL/pgSQL's statements of this session by text and variables (ParsedStatement re-analyses after DDL). */
    private final Map<String, ParsedStatement> plpgsqlStatements = new java.util.LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ParsedStatement> eldest) {
            return size() > 1024;
        }
    };

    public ParsedStatement plpgsqlStatement(String key, java.util.function.Supplier<ParsedStatement> make) {
        ParsedStatement s = plpgsqlStatements.get(key);
        if (s == null) {
            s = make.get();
            plpgsqlStatements.put(key, s);
        }
        return s;
    }

    private void refresh() {
        long version = session.catalogVersion();
        Transaction tx = session.transaction();
        if (version == loadedVersion && tx == loadedIn) {
            return;
        }
        Map<String, List<Entry>> names = new HashMap<>();
        Map<Integer, Entry> oids = new HashMap<>();
        Map<String, List<AggregateEntry>> aggregates = new HashMap<>();
        for (RowVersion row : RELATION.rows(tx)) {
            if (isAggregate(row.values())) {
                String text = (String) row.values()[DEFINITION];
                Object[] v = row.values();
                AggregateEntry a = new AggregateEntry(AggregateDefinition.of((Integer) v[OID],
                        PARSED_AGGREGATES.computeIfAbsent(text, FunctionCatalog::parseAggregate), text,
                        session.types().rowTypes()).withAcl(v.length > OWNER && v[OWNER] != null ? (Integer) v[OWNER]
                        : osgres.storage.Role.BOOTSTRAP_SUPERUSER_OID,
                        Privileges.fromStoredForm(v.length > ACL ? (String) v[ACL] : null)), row.tid());
                aggregates.computeIfAbsent(a.aggregate().name(), k -> new ArrayList<>()).add(a);
                continue;
            }
            Entry e = new Entry(decode(row.values(), session.types().rowTypes()), row.tid());
            names.computeIfAbsent(e.function().name(), k -> new ArrayList<>()).add(e);
            oids.put(e.function().oid(), e);
        }
        names.values().forEach(l -> l.sort(java.util.Comparator.comparingInt(e -> e.function().oid())));
        aggregates.values().forEach(l -> l.sort(java.util.Comparator.comparingInt(a -> a.aggregate().oid())));
        byName = names;
        byOid = oids;
        aggregatesByName = aggregates;
        loadedVersion = Math.min(version, session.snapshotCatalogVersion());
        loadedIn = tx;
    }

    private static SqlFunction decode(Object[] row, SqlFunction.RowTypes rowTypes) {
        String definition = (String) row[DEFINITION];
        PgQuery.CreateFunctionStmt c = PARSED.computeIfAbsent(definition, FunctionCatalog::parse);
        SqlFunction f = SqlFunction.of((Integer) row[OID], c, definition, rowTypes);
        String name = (String) row[NAME];
        if (!name.equals(f.name())) {
            f = f.renamed(name);
        }
        f = f.withVolatility(((String) row[VOLATILITY]).charAt(0), (Boolean) row[STRICT]);
        Integer owner = row.length > OWNER ? (Integer) row[OWNER] : null;
        String acl = row.length > ACL ? (String) row[ACL] : null;
        return f.withAcl(owner == null ? osgres.storage.Role.BOOTSTRAP_SUPERUSER_OID : owner,
                Privileges.fromStoredForm(acl));
    }

    public static PgQuery.CreateFunctionStmt parse(String definition) {
        List<RawParser.RawStatement> raws = RawParser.parse(definition);
        return ((UtilityCommand.CreateFunction) raws.getFirst().utility()).statement();
    }

    /** True for an aggregate's row (prokind 'a'), which holds a CREATE AGGREGATE statement. */
    public static boolean isAggregate(Object[] row) {
        return "a".equals(row[KIND]);
    }

    public static PgQuery.DefineStmt parseAggregate(String definition) {
        List<RawParser.RawStatement> raws = RawParser.parse(definition);
        return ((UtilityCommand.CreateAggregate) raws.getFirst().utility()).statement();
    }

    /** Adds an aggregate's row; its volatility and strictness columns are those pg_proc gives aggregates. */
    public void insert(AggregateDefinition a) {
        RELATION.insert(session, row(a));
    }

    public void update(AggregateEntry old, AggregateDefinition a) {
        RELATION.update(session, old.tid(), row(a));
    }

    public void delete(AggregateEntry old) {
        RELATION.delete(session, old.tid());
    }

    private static Object[] row(AggregateDefinition a) {
        return new Object[] {a.oid(), a.name(), "a", "i", false, a.definition(), a.owner(),
            Privileges.storedForm(a.acl())};
    }

    /** Adds a function's row (the relation is made on the database's first function). */
    public void insert(SqlFunction f) {
        RELATION.insert(session, row(f));
    }

    /** Replaces a function's row (CREATE OR REPLACE, ALTER FUNCTION). */
    public void update(Entry old, SqlFunction f) {
        RELATION.update(session, old.tid(), row(f));
    }

    public void delete(Entry old) {
        RELATION.delete(session, old.tid());
    }

    private static Object[] row(SqlFunction f) {
        return new Object[] {f.oid(), f.name(), f.procedure() ? "p" : "f", String.valueOf(f.volatility()),
                f.strict(), f.definition(), f.owner(), Privileges.storedForm(f.acl())};
    }
}
