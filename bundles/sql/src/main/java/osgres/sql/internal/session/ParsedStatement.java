/*
 * A statement of one session (PostgreSQL's CachedPlanSource): the shared raw parse plus this session's
 * analysis, done on first use and redone only when the session's settings changed since (a literal like
 * '2020-01-01'::timestamptz is folded with the session TimeZone, as PostgreSQL folds it at analysis).
 * Analysis is lazy for simple-Query statements, so that "BEGIN; SELECT nosuch();" fails in the second
 * statement after BEGIN ran, as in PostgreSQL; a Parse message analyses at once.
 */
package osgres.sql.internal.session;

import java.util.List;

import osgres.sql.Column;
import osgres.sql.Statement;
import osgres.sql.internal.analyze.ExplainOptionParser;
import osgres.sql.internal.analyze.ParseAnalyzer;
import osgres.sql.internal.analyze.ParseState;
import osgres.sql.internal.analyze.TargetOrigins;
import osgres.sql.internal.catalog.DatabasePrivileges;
import osgres.sql.internal.catalog.Privileges;
import osgres.sql.internal.exec.Cursor;
import osgres.sql.internal.exec.PlanExecutor;
import osgres.sql.internal.exec.PlannedQuery;
import osgres.sql.internal.nodes.ExplainOptions;
import osgres.sql.internal.nodes.Expr;
import osgres.sql.internal.nodes.Plan;
import osgres.sql.internal.nodes.Query;
import osgres.sql.internal.parser.RawParser;
import osgres.sql.internal.parser.StatementClass;
import osgres.sql.internal.parser.UtilityCommand;
import osgres.sql.internal.plan.Planner;
import osgres.sql.internal.utils.Messages;
import osgres.sql.internal.utils.PgType;
import osgres.sql.internal.utils.Unsupported;
import osgres.storage.BufferUsage;
import osgres.storage.TableDef;
import osgres.sql.internal.plan.InheritanceTree;
import osgres.sql.internal.utils.ExecContext;

final class ParsedStatement implements Statement {
    private static final int[] NO_TYPES = new int[0];
    /** Analyses done, for tests and benchmarks that check a cache avoids them. */
    private static final java.util.concurrent.atomic.LongAdder ANALYSES = new java.util.concurrent.atomic.LongAdder();

    private final SqlSessionImpl session;
    private final RawParser.RawStatement raw;
    private final int[] givenTypes;
    private final boolean parametersAllowed;
    private final ParseState.ParameterNames parameterNames;
    /** CALL's call: that FuncCall names a procedure (null: none). */
    private osgres.pgquery.tree.PgQuery.FuncCall procedureCall;
    private PlannedQuery query;
    private List<Column> columns;
    private int[] parameterTypes;
    private PgType[] parameterPgTypes;
    private PgType[] columnTypes;
    private long analyzedGeneration = -1;
    private long analyzedCatalog = -1;
    /** The storage's statistics version the plan was made under: after an ANALYZE it is planned again. */
    private long analyzedStatistics = -1;
    /** The rules (pg_rewrite) the statement was analysed under (null: not analysed as a query). */
    private java.util.Map<Integer, String> analyzedRules;
    /** The analysis resolved calls among user functions (re-analysed after any DDL: they may be gone or new). */
    private boolean callsUserFunctions;
    /** The privileges the analysed statement needs (ParseState.Statement.permissions), checked per execution. */
    private List<ParseState.RelationPermission> permissions = List.of();
    /** The user functions the analysed statement calls (ParseState.Statement.calledFunctions), checked likewise. */
    private List<Integer> calledFunctions = List.of();
    /** Where each output column of the last analysis comes from (RowDescription's table OID and column number). */
    private List<TargetOrigins.Origin> targetOrigins = List.of();

    ParsedStatement(SqlSessionImpl session, RawParser.RawStatement raw, int[] givenTypes, boolean parametersAllowed) {
        this(session, raw, givenTypes, parametersAllowed, null);
    }

    /** A statement of a function's body: {@code names} are its parameters ($1... by name). */
    ParsedStatement(SqlSessionImpl session, RawParser.RawStatement raw, int[] givenTypes,
                    ParseState.ParameterNames names) {
        this(session, raw, givenTypes, true, names);
    }

    private ParsedStatement(SqlSessionImpl session, RawParser.RawStatement raw, int[] givenTypes,
                            boolean parametersAllowed, ParseState.ParameterNames names) {
        this.session = session;
        this.raw = raw;
        this.givenTypes = givenTypes == null ? NO_TYPES : givenTypes.clone();
        this.parametersAllowed = parametersAllowed;
        this.parameterNames = names;
    }

    /** Marks the statement as CALL's: {@code call} resolves among procedures. */
    ParsedStatement procedureCall(osgres.pgquery.tree.PgQuery.FuncCall call) {
        this.procedureCall = call;
        return this;
    }

    static long analysisCount() {
        return ANALYSES.sum();
    }

    RawParser.RawStatement raw() {
        return raw;
    }

    UtilityCommand utility() {
        return raw == null ? null : raw.utility();
    }

    @Override
    public String sql() {
        return raw == null ? "" : raw.text();
    }

    @Override
    public osgres.sql.LogStatement logLevel() {
        return StatementClass.of(raw);
    }

    @Override
    public boolean isEmpty() {
        return raw == null;
    }

    @Override
    public int[] parameterTypes() {
        analyze();
        return parameterTypes.clone();
    }

    @Override
    public List<Column> columns() {
        analyze();
        if (raw != null && raw.utility() instanceof UtilityCommand.Fetch fetch && !fetch.move()) {
            // a FETCH describes as its cursor is now (UtilityTupleDescriptor), not as when the text was analysed
            Cursor cursor = session.cursors().find(fetch.name());
            return cursor == null ? List.of() : cursor.columns();
        }
        return columns;
    }

    /** The analysed query, or null for utility and empty statements. */
    PlannedQuery query() {
        analyze();
        if (query != null && !permissions.isEmpty()) {
            checkPermissions();
        }
        if (query != null && !calledFunctions.isEmpty()) {
            checkExecute();
        }
        return query;
    }

    /** The analysed query without the privilege checks of an execution (a function body's result type). */
    PlannedQuery analysedQuery() {
        analyze();
        return query;
    }

    /**
     * ExecCheckRTPerms, at each execution (a plan made for another user, or before a REVOKE, is checked again):
     * every relation's required privileges, held by the current user or the view owner it is checked as; 42501
     * "permission denied for table t" for the first one missing. Superusers hold everything.
     */
    /**
     * ExecCheckRTEPerms: the relation privileges, else for SELECT, INSERT and UPDATE the column privileges of
     * every column used (of some column when none is).
     */
    private boolean held(ParseState.RelationPermission p, int role) {
        int required = p.privileges();
        int remaining = required & ~Privileges.relationMask(session, p.table(), role, required);
        if (remaining == 0) {
            return true;
        }
        if ((remaining & ~(Privileges.SELECT | Privileges.INSERT | Privileges.UPDATE)) != 0) {
            return false;
        }
        for (int privilege : new int[] {Privileges.SELECT, Privileges.INSERT, Privileges.UPDATE}) {
            if ((remaining & privilege) == 0) {
                continue;
            }
            int[] columns = p.attnums(privilege);
            if (columns.length == 0) {
                if (!Privileges.anyColumn(session, p.table(), role, privilege)) {
                    return false;
                }
                continue;
            }
            for (int attnum : columns) {
                if (Privileges.columnMask(session, p.table(), attnum, role, privilege) == 0) {
                    return false;
                }
            }
        }
        return true;
    }

    private void checkPermissions() {
        if (session.gucs().currentUserIsSuperuser()) {
            return;
        }
        int user = Privileges.currentUserOid(session);
        for (ParseState.RelationPermission p : permissions) {
            // the name lookup's USAGE on the relation's schema (relations a view reads are not looked up by name)
            if (p.checkAs() == 0 && !session.transaction().isTemporary(p.table())) {
                DatabasePrivileges.checkUsage(session, "public");
            }
        }
        for (ParseState.RelationPermission p : permissions) {
            int role = p.checkAs() != 0 ? p.checkAs() : user;
            if (!held(p, role)) {
                TableDef t = p.table();
                throw Messages.permissionDenied(t.isSequence() ? "sequence" : t.isView() ? "view" : "table",
                        t.name());
            }
        }
    }

    /**
     * ExecInitFunc's pg_proc_aclcheck at each execution: the current user must be allowed to execute every user
     * function and procedure the statement calls (42501 "permission denied for function f"), as a REVOKE committed
     * since the statement was analysed says.
     */
    private void checkExecute() {
        if (session.gucs().currentUserIsSuperuser()) {
            return;
        }
        for (int oid : calledFunctions) {
            osgres.sql.internal.utils.SqlFunction f = session.functions().byOid(oid);
            if (f != null) {
                Privileges.checkExecute(session, f);
                continue;
            }
            FunctionCatalog.AggregateEntry a = session.functions().aggregateByOid(oid);
            if (a != null) {
                Privileges.checkExecute(session, a.aggregate());
            }
        }
    }

    private void analyze() {
        long generation = session.gucs().generation();
        if (analyzedGeneration == generation && query != null && !query.tables().isEmpty()
                && !session.transactionFailed()) {
            // AcquirePlannerLocks: lock before looking at the catalog version, so DDL that commits while we wait
            // for a lock is seen below
            lockTables();
        }
        long catalogVersion = session.catalogVersion();
        long statisticsVersion = session.statisticsVersion();
        if (analyzedGeneration == generation
                && (analyzedStatistics == statisticsVersion || query == null || query.tables().isEmpty())) {
            if (analyzedCatalog == catalogVersion
                    || (query == null || query.tables().isEmpty()) && !callsUserFunctions) {
                return;
            }
            if (!callsUserFunctions && tablesUnchanged() && rulesUnchanged()) {
                analyzedCatalog = catalogVersion;
                return;
            }
        }
        if (raw == null) {
            columns = List.of();
            parameterTypes = givenTypes.clone();
            parameterPgTypes = pgTypes(givenTypes);
        } else if (raw.utility() instanceof UtilityCommand.DeclareCursor declare && parametersAllowed) {
            // a Parse message: the cursor's query decides the parameters' types, as PostgreSQL analyses it there
            ParsedStatement inner = CursorTable.query(declare, session, givenTypes, true);
            columns = List.of();
            parameterTypes = inner.parameterTypes();
            parameterPgTypes = inner.parameterPgTypes();
        } else if (raw.utility() != null) {
            columns = utilityColumns(raw.utility());
            parameterTypes = givenTypes.clone();
            parameterPgTypes = pgTypes(givenTypes);
        } else {
            ANALYSES.increment();
            ParseState.Catalog catalog = new ParseState.Catalog() {
                @Override
                public osgres.storage.TableDef table(String name, osgres.storage.LockMode mode) {
                    return session.transaction().openTable(name, mode).orElse(null);
                }

                @Override
                public List<osgres.storage.TableDef> members(osgres.storage.TableDef table,
                                                             osgres.storage.LockMode mode) {
                    return InheritanceTree.members(session.transaction(), table, mode, new ExecContext(null, session));
                }
            };
            PlannedQuery q;
            targetOrigins = List.of();
            try {
                q = planQuery(catalog);
            } catch (StackOverflowError e) {
                throw Messages.stackDepthExceeded();
            }
            List<Column> cols = new java.util.ArrayList<>();
            for (int i = 0; i < q.targets().size(); i++) {
                Expr e = q.targets().get(i);
                int userType = osgres.sql.internal.analyze.UserTypeOids.of(e);
                TargetOrigins.Origin origin = i < targetOrigins.size() ? targetOrigins.get(i)
                        : TargetOrigins.Origin.NONE;
                cols.add(new Column(q.names().get(i), userType == 0 ? e.type().oid() : userType, e.type().typlen(),
                        userType == 0 ? e.typmod() : -1, origin.tableOid(), origin.columnNumber()));
            }
            int[] types = new int[q.parameterTypes().length];
            for (int i = 0; i < types.length; i++) {
                types[i] = q.parameterTypes()[i].oid();
            }
            query = q;
            columns = List.copyOf(cols);
            parameterTypes = types;
            parameterPgTypes = q.parameterTypes();
        }
        PgType[] colTypes = new PgType[columns.size()];
        for (int i = 0; i < colTypes.length; i++) {
            PgType t = PgType.byOid(columns.get(i).typeOid());
            // a composite's or enum's own oid: its values are records or enum values
            colTypes[i] = t != null ? t : session.types().enumByOid(columns.get(i).typeOid()) != null
                    ? PgType.ANYENUM : PgType.RECORD;
        }
        columnTypes = colTypes;
        analyzedGeneration = generation;
        // a snapshot older than the version read may have missed a function's replacement: look again next time
        analyzedCatalog = Math.min(catalogVersion, session.snapshotCatalogVersion());
        analyzedStatistics = statisticsVersion;
    }

    /**
     * PostgreSQL's pipeline: parse analysis of PostgreSQL's own tree into a Query (ParseAnalyzer, ModifyAnalyzer),
     * then the Planner's plan. A statement PostgreSQL's grammar accepts that osgres does not run is 0A000.
     */
    private PlannedQuery planQuery(ParseState.Catalog catalog) {
        ParseState.Statement statement = new ParseState.Statement(raw.sql(), raw.piece().start(), raw.piece().end(),
                session.gucs().zone(), parametersAllowed, givenTypes, catalog);
        statement.functions = session.functions();
        statement.domains = session.types();
        statement.parameterNames = parameterNames;
        statement.procedureCall = procedureCall;
        statement.rules = session.rules();
        statement.schemaUsable = t -> session.transaction().isTemporary(t)
                || DatabasePrivileges.mayUse(session, "public");
        analyzedRules = session.rules().rulesSnapshot();
        osgres.pgquery.tree.PgQuery.Node node = raw.pgNode();
        ExplainOptions explain = null;
        if (node.hasExplainStmt()) {
            explain = ExplainOptionParser.of(node.getExplainStmt(), statement);
            node = node.getExplainStmt().getQuery();
        }
        boolean modify = RawParser.isModify(node);
        if (!node.hasSelectStmt() && !modify) {
            throw Messages.notSupported(RawParser.commandName(node), raw.piece().start() + 1);
        }
        try {
            callsUserFunctions = false;
            long start = System.nanoTime();
            BufferUsage.Snapshot buffersBefore = BufferUsage.snapshot();
            ParseAnalyzer.Result r = modify ? ParseAnalyzer.analyzeModify(node, statement)
                    : ParseAnalyzer.analyzeSelect(node, statement);
            callsUserFunctions = statement.callsUserFunctions;
            permissions = List.copyOf(statement.permissions);
            calledFunctions = List.copyOf(statement.calledFunctions);
            if (r.rewritten() != null) {
                return rewrittenQuery(r, explain, start, buffersBefore);
            }
            // the transaction is asked only for tables the query opened (a table-free query leaves it untouched)
            Plan.Statement planned = plan(r.query());
            if (explain != null) {
                planned = planned.explained(explain, (System.nanoTime() - start) / 1e6,
                        BufferUsage.snapshot().minus(buffersBefore));
                return new PlannedQuery(List.of(new Expr.Const(PgType.TEXT, "", 0)), List.of("QUERY PLAN"),
                        r.parameterTypes(), r.tables(), r.lockModes(), planned);
            }
            List<Expr> targets = new java.util.ArrayList<>();
            List<String> names = new java.util.ArrayList<>();
            List<Query.TargetEntry> output = modify ? r.query().modify().returning() : r.query().targetList();
            targetOrigins = TargetOrigins.of(r.query(), output, statement);
            for (Query.TargetEntry t : output) {
                if (!t.junk()) {
                    targets.add(t.expr());
                    names.add(t.name());
                }
            }
            return new PlannedQuery(List.copyOf(targets), List.copyOf(names), r.parameterTypes(), r.tables(),
                    r.lockModes(), planned);
        } catch (Unsupported e) {
            throw Messages.notSupported(e.getMessage(), 0);
        }
    }

    private Plan.Statement plan(Query q) {
        return Planner.plan(q, table -> session.transaction().estimatedRows(table),
                table -> session.transaction().columnStatistics(table), PlanExecutor.SUBPLANS);
    }

    /**
     * A statement rules rewrote into other queries (none, for DO INSTEAD NOTHING): each is planned; the client sees
     * the original statement's RETURNING columns (a rule's RETURNING list is made to produce them).
     */
    private PlannedQuery rewrittenQuery(ParseAnalyzer.Result r, ExplainOptions explain, long start,
                                        BufferUsage.Snapshot buffersBefore) {
        if (explain != null && explain.format() != ExplainOptions.Format.TEXT && r.rewritten().queries().size() != 1) {
            throw Unsupported.of("EXPLAIN in this format of a statement rules rewrote into several queries");
        }
        List<Plan.Statement> plans = new java.util.ArrayList<>();
        for (Query q : r.rewritten().queries()) {
            Plan.Statement p = plan(q);
            plans.add(explain == null ? p : p.explained(explain, (System.nanoTime() - start) / 1e6,
                    BufferUsage.snapshot().minus(buffersBefore)));
        }
        if (explain != null) {
            return new PlannedQuery(List.of(new Expr.Const(PgType.TEXT, "", 0)), List.of("QUERY PLAN"),
                    r.parameterTypes(), r.tables(), r.lockModes(), plans.isEmpty() ? null : plans.getFirst(),
                    new PlannedQuery.Rewritten(r.rewritten().command(), List.copyOf(plans), -1, -1, true));
        }
        int tag = r.rewritten().tagIndex();
        // the client gets the statement's RETURNING rows (from the query that sets the tag), or a SELECT action's
        List<Query.TargetEntry> output = r.query().modify().returning();
        int rowsFrom = output.isEmpty() ? -1 : tag;
        List<Query> queries = r.rewritten().queries();
        for (int i = 0; i < queries.size(); i++) {
            if (queries.get(i).modify() == null) {
                if (!r.query().modify().returning().isEmpty() || rowsFrom >= 0) {
                    throw Unsupported.of("several result sets from one statement");
                }
                rowsFrom = i;
                output = queries.get(i).targetList();
            }
        }
        List<Expr> targets = new java.util.ArrayList<>();
        List<String> names = new java.util.ArrayList<>();
        for (Query.TargetEntry t : output) {
            if (!t.junk()) {
                targets.add(t.expr());
                names.add(t.name());
            }
        }
        return new PlannedQuery(List.copyOf(targets), List.copyOf(names), r.parameterTypes(), r.tables(),
                r.lockModes(), tag >= 0 ? plans.get(tag) : null,
                new PlannedQuery.Rewritten(r.rewritten().command(), List.copyOf(plans), tag, rowsFrom, false));
    }

    /**
     * Takes each table's lock again in this transaction (a local hit when it already holds it), by the OID the plan
     * was made for: if DDL replaced the table meanwhile, the version check that follows sees it and re-analyses.
     */
    private void lockTables() {
        List<osgres.storage.TableDef> tables = query.tables();
        List<osgres.storage.LockMode> modes = query.lockModes();
        osgres.storage.Transaction tx = session.transaction();
        for (int i = 0; i < tables.size(); i++) {
            tx.lockTable(tables.get(i), modes.get(i), false);
        }
    }

    /** Are the rules the same as when the statement was analysed (a rule made or dropped may fire on it)? */
    private boolean rulesUnchanged() {
        return analyzedRules == null || analyzedRules.equals(session.rules().rulesSnapshot());
    }

    /** RevalidateCachedQuery: are the tables the plan was made from still the same? */
    private boolean tablesUnchanged() {
        for (osgres.storage.TableDef old : query.tables()) {
            if (old.isPartitioned() || old.inheritance().hasSubclass()) {
                // its children are not in its own definition: a partition attached or a child made since is seen
                // only by planning again (PostgreSQL invalidates the parent's relcache entry)
                return false;
            }
            osgres.storage.TableDef now = session.transaction().table(old.name()).orElse(null);
            if (now != old && !old.equals(now)) {
                return false;
            }
        }
        return true;
    }

    private List<Column> utilityColumns(UtilityCommand command) {
        if (command instanceof UtilityCommand.Show show) {
            if (show.name() == null) {
                return List.of(column("name", PgType.TEXT, -1), column("setting", PgType.TEXT, -1),
                        column("description", PgType.TEXT, -1));
            }
            return List.of(column(session.gucs().displayName(show.name()), PgType.TEXT, -1));
        }
        if (command instanceof UtilityCommand.Execute execute) {
            ParsedStatement prepared = session.preparedStatements().find(execute.name());
            return prepared == null ? List.of() : prepared.columns();
        }
        return List.of();
    }

    static Column column(String name, PgType type, int typmod) {
        return new Column(name, type.oid(), type.typlen(), typmod, 0, (short) 0);
    }

    /** The types of the result columns, for encoding (shared: callers must not modify it). */
    PgType[] columnTypes() {
        analyze();
        return columnTypes;
    }

    /** The parameter types as PgTypes, TEXT where unknown (shared: callers must not modify it). */
    PgType[] parameterPgTypes() {
        analyze();
        return parameterPgTypes;
    }

    private static PgType[] pgTypes(int[] oids) {
        PgType[] types = new PgType[oids.length];
        for (int i = 0; i < types.length; i++) {
            PgType t = oids[i] == 0 ? null : PgType.byOid(oids[i]);
            types[i] = t == null ? PgType.TEXT : t;
        }
        return types;
    }
}
