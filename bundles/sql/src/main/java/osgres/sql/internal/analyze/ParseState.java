/*
 * One query level's state during parse analysis (PostgreSQL's ParseState, parse_relation.c): the range table
 * being built, the namespace that column references search (which entries' names and columns are visible here),
 * the aggregates and window functions met so far, the WITH queries in scope, and the parent level for outer
 * references. Column lookup follows colNameToVar/scanNSItemForColumn: the nearest level that has the name wins,
 * two visible columns of that name at one level are ambiguous (42702), a qualified name needs a visible entry of
 * that alias (42P01 "missing FROM-clause entry"). Also the statement-wide context: parameter types being
 * inferred, the session's time zone for literals, and the catalog.
 */
package osgres.sql.internal.analyze;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import osgres.api.PgException;
import osgres.api.SqlState;
import osgres.sql.internal.nodes.Expr;
import osgres.sql.internal.nodes.Query;
import osgres.sql.internal.utils.Messages;
import osgres.sql.internal.utils.PgType;
import osgres.storage.LockMode;
import osgres.storage.TableDef;

public final class ParseState {

    /**
     * Opens tables in the session's transaction, locked in {@code mode} as parse analysis locks them (AccessShare
     * to read, RowShare under FOR UPDATE/SHARE, RowExclusive for the target of a write); null when there is none
     * of that name.
     */
    @FunctionalInterface
    public interface Catalog {
        TableDef table(String name, LockMode mode);

        /** The tables a reference to {@code table} without ONLY reads, locked (InheritanceTree.members). */
        default List<TableDef> members(TableDef table, LockMode mode) {
            return List.of();
        }
    }

    /**
     * A privilege check the statement needs at each execution (RangeTblEntry's requiredPerms, checkAsUser,
     * selectedCols, insertedCols and updatedCols): {@code privileges} on {@code table}, held by the role
     * {@code checkAs}, or by the current user when it is 0 (a view's relations are checked as the view's owner);
     * without a relation privilege, the column privileges on the columns read, inserted or updated (attnums) do.
     * Filled in while the statement is analysed, read-only after.
     */
    public static final class RelationPermission {
        /** FirstLowInvalidHeapAttributeNumber: the column bits are offset by it, as selectedCols' are. */
        private static final int FIRST_LOW_INVALID_ATTNUM = -7;
        private final TableDef table;
        private final int checkAs;
        private int privileges;
        private final java.util.BitSet selected = new java.util.BitSet();
        private final java.util.BitSet inserted = new java.util.BitSet();
        private final java.util.BitSet updated = new java.util.BitSet();

        RelationPermission(TableDef table, int privileges, int checkAs) {
            this.table = table;
            this.privileges = privileges;
            this.checkAs = checkAs;
        }

        public TableDef table() {
            return table;
        }

        public int privileges() {
            return privileges;
        }

        public int checkAs() {
            return checkAs;
        }

        private java.util.BitSet columns(int privilege) {
            return privilege == osgres.sql.internal.catalog.Privileges.SELECT ? selected
                    : privilege == osgres.sql.internal.catalog.Privileges.INSERT ? inserted : updated;
        }

        /** Marks column {@code attnum} (negative for a system column) as used with {@code privilege}. */
        void mark(int privilege, int attnum) {
            columns(privilege).set(attnum - FIRST_LOW_INVALID_ATTNUM);
        }

        /** The attnums used with {@code privilege} (SELECT, INSERT or UPDATE), system columns' negative. */
        public int[] attnums(int privilege) {
            return columns(privilege).stream().map(bit -> bit + FIRST_LOW_INVALID_ATTNUM).toArray();
        }

        void add(int more) {
            privileges |= more;
        }
    }

    /** The privilege checks of this level's relation entries, by entry index: the columns they read are marked. */
    final Map<Integer, RelationPermission> entryPermissions = new java.util.HashMap<>();

    /** What the whole statement shares: parameters, the catalog, the tables opened, positions. */
    public static final class Statement {
        final String sql;
        /** Offset in {@link #sql} of the text libpg_query parsed (node locations count UTF-8 bytes from there). */
        final int base;
        final int end;
        final ZoneId zone;
        final boolean parametersAllowed;
        final List<PgType> parameterTypes = new ArrayList<>();
        final Catalog catalog;
        /** Every relation opened, views' base relations included (the plan's locks and revalidation). */
        public final List<TableDef> tables;
        final List<LockMode> lockModes;
        /** The privileges the statement's relations need, views' relations included (ExecCheckRTPerms). */
        public List<RelationPermission> permissions = new ArrayList<>();
        /** The relations this statement's own text names (not those of the views it expands): a view's pg_depend. */
        public final List<TableDef> directTables = new ArrayList<>();
        /** The view whose stored query this statement is (null for the client's statement), and how deep. */
        final TableDef expanding;
        final int viewDepth;
        /**
         * The SELECT of an INSERT ... SELECT, whose target list keeps untyped literals unknown (p_resolve_unknowns
         * off) so that they take the target columns' types, as {@code INSERT INTO t SELECT '5'} does.
         */
        Object keepUnknownTargets;
        /** Set by a locking clause: FROM tables are opened RowShare instead of AccessShare. */
        LockMode fromMode = LockMode.ACCESS_SHARE;
        /** The session's user-defined functions (null: only the built-ins, as in a catalog-free analysis). */
        public FunctionLookup functions;
        /** The session's domains (null: none, as in a catalog-free analysis). */
        public osgres.sql.internal.utils.DomainLookup domains;
        /** Inside a function's body: its parameters, which names not found as columns stand for (null: none). */
        public ParameterNames parameterNames;
        /** Set when a call resolved among user functions: DDL anywhere may change what the statement calls. */
        public boolean callsUserFunctions;
        /**
         * The user functions and procedures the statement calls, views' included, by oid: their EXECUTE privilege
         * is checked at each execution as the current user's (ExecInitFunc's pg_proc_aclcheck).
         */
        public java.util.Set<Integer> calledFunctions = new java.util.LinkedHashSet<>();
        /** CALL's call, which names a procedure rather than a function (null: not a CALL). */
        public osgres.pgquery.tree.PgQuery.FuncCall procedureCall;
        /** The relations' rules (pg_rewrite) the rewriter fires (null: none, as in a catalog-free analysis). */
        public RuleRewriter.Lookup rules;
        /**
         * Whether the current user may look names up in the schema of a relation found by name (USAGE on it);
         * null: every schema may be used, as in a catalog-free analysis.
         */
        public java.util.function.Predicate<TableDef> schemaUsable;

        /**
         * The name lookup's USAGE check (LookupExplicitNamespace, and the search_path walk that skips a schema the
         * user may not use): a relation named with its schema gives 42501 {@code permission denied for schema %s},
         * one found through search_path is not found at all.
         */
        public void checkSchemaUsage(TableDef table, String schema, String name, int position) {
            if (schemaUsable == null || expanding != null || schemaUsable.test(table)) {
                return;
            }
            if (schema == null) {
                throw Messages.relationDoesNotExist(name, position);
            }
            throw Messages.permissionDenied("schema", schema).withPosition(position);
        }
        /** The queries views were expanded into, and their views (shared by the whole statement): TargetOrigins. */
        Map<Query, TableDef> expandedViews = new java.util.IdentityHashMap<>();

        public Statement(String sql, int base, int end, ZoneId zone, boolean parametersAllowed, int[] givenTypes,
                  Catalog catalog) {
            this(sql, base, end, zone, parametersAllowed, givenTypes, catalog, new ArrayList<>(), new ArrayList<>(),
                    null, 0);
        }

        /**
         * The statement of view {@code view}'s stored query, expanded inside {@code outer}: it shares the outer
         * statement's catalog, time zone and list of opened relations, so the view's relations are locked and
         * revalidated with the query that reads the view.
         */
        public Statement(Statement outer, String viewSql, TableDef view) {
            this(viewSql, 0, viewSql.length(), outer.zone, false, new int[0], outer.catalog, outer.tables,
                    outer.lockModes, view, outer.viewDepth + 1);
            this.permissions = outer.permissions;
            this.calledFunctions = outer.calledFunctions;
            this.expandedViews = outer.expandedViews;
            this.functions = outer.functions;
            this.domains = outer.domains;
            this.rules = outer.rules;
        }

        /**
         * The statement of a rule's text (CREATE RULE ...), whose actions are analysed inside {@code outer}: it shares
         * the outer statement's catalog, lookups and list of opened relations.
         */
        Statement(Statement outer, String ruleSql) {
            this(ruleSql, 0, ruleSql.length(), outer.zone, false, new int[0], outer.catalog, outer.tables,
                    outer.lockModes, null, outer.viewDepth);
            this.permissions = outer.permissions;
            this.calledFunctions = outer.calledFunctions;
            this.expandedViews = outer.expandedViews;
            this.functions = outer.functions;
            this.domains = outer.domains;
            this.rules = outer.rules;
        }

        private Statement(String sql, int base, int end, ZoneId zone, boolean parametersAllowed, int[] givenTypes,
                          Catalog catalog, List<TableDef> tables, List<LockMode> lockModes,
                          TableDef expanding, int viewDepth) {
            this.tables = tables;
            this.lockModes = lockModes;
            this.expanding = expanding;
            this.viewDepth = viewDepth;
            this.sql = sql;
            this.base = base;
            this.end = end;
            this.zone = zone;
            this.parametersAllowed = parametersAllowed;
            this.catalog = catalog;
            for (int oid : givenTypes) {
                PgType t = oid == 0 ? null : PgType.byOid(oid);
                parameterTypes.add(t == null ? PgType.UNKNOWN : t);
            }
        }

        /** The 1-based error position of a node location (UTF-8 byte offset into the parsed text), 0 if none. */
        int position(int byteLocation) {
            if (byteLocation < 0) {
                return 0;
            }
            int bytes = 0;
            int i = base;
            while (i < end && bytes < byteLocation) {
                int cp = sql.codePointAt(i);
                bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
                i += Character.charCount(cp);
            }
            return i + 1;
        }

        /** The members of an inheritance parent read without ONLY, remembered for plan revalidation. */
        List<TableDef> members(TableDef table, LockMode mode) {
            if (!table.inheritance().hasSubclass() && !table.isPartitioned()) {
                return List.of(); // relhassubclass: no child was ever made, nothing to look for
            }
            List<TableDef> members = catalog.members(table, mode);
            for (TableDef t : members) {
                if (t.oid() != table.oid()) {
                    tables.add(t);
                    lockModes.add(mode);
                }
            }
            return members;
        }

        /**
         * Records that {@code table} needs {@code privileges}: of the current user for the client's statement, of
         * the view's owner for the relations of a view this statement expands.
         */
        RelationPermission require(TableDef table, int privileges) {
            return require(table, privileges, expanding == null ? 0 : expanding.acl().owner());
        }

        RelationPermission require(TableDef table, int privileges, int checkAs) {
            RelationPermission p = new RelationPermission(table, privileges, checkAs);
            permissions.add(p);
            pendingPermission = p;
            return p;
        }

        /** The check {@link #require} made last, given to the relation entry added next for the same table. */
        RelationPermission pendingPermission;

        /** Opens {@code name} locked in {@code mode}, remembering it for plan revalidation; null if missing. */
        TableDef open(String name, LockMode mode) {
            TableDef t = catalog.table(name, mode);
            if (t != null) {
                tables.add(t);
                lockModes.add(mode);
                directTables.add(t);
            }
            return t;
        }
    }

    /**
     * A function body's parameter names (SQL functions' {@code $n} by name, PL/pgSQL's variables): a name that is no
     * column of the query, alone or qualified by the function's name, is parameter {@code n} (1-based).
     */
    public record ParameterNames(String function, List<String> names) {
        /** The 1-based parameter number of a column reference's fields, or 0. */
        int lookup(List<String> fields) {
            // the last of a repeated name wins, as a PL/pgSQL inner block's variable hides an outer one
            if (fields.size() == 1) {
                return names.lastIndexOf(fields.getFirst()) + 1;
            }
            if (fields.size() != 2) {
                return 0;
            }
            int field = names.lastIndexOf(fields.getFirst() + "." + fields.getLast()) + 1;
            if (field > 0 || !fields.getFirst().equals(function)) {
                return field; // a record variable's field (PL/pgSQL's r.f, NEW.f)
            }
            return names.lastIndexOf(fields.getLast()) + 1;
        }

        /** The field names of record variable {@code record} (PL/pgSQL's NEW.*), in order; empty if it is none. */
        List<String> recordFields(String record) {
            int at = names.lastIndexOf(record);
            List<String> fields = new ArrayList<>();
            for (int i = at - 1; i >= 0 && names.get(i).startsWith(record + "."); i--) {
                fields.addFirst(names.get(i).substring(record.length() + 1));
            }
            return fields;
        }
    }

    /**
     * A namespace item: range-table entry {@code index}; {@code relVisible} when its alias can qualify columns,
     * {@code colsVisible} when unqualified names find its columns; {@code lateralOnly} while it may be seen only
     * by LATERAL items.
     */
    record Item(String alias, int index, boolean relVisible, boolean colsVisible, boolean lateralOnly) {
        Item withVisibility(boolean rel, boolean cols) {
            return new Item(alias, index, rel, cols, lateralOnly);
        }
    }

    /** A WITH query visible at this level, filled in once analysed ({@code query} null while analysing it). */
    static final class CteScope {
        final String name;
        final int index;
        Query.CommonTable table;
        /** The non-recursive term's column types, for a recursive reference met while analysing the query. */
        List<String> names;
        List<PgType> types;
        List<Integer> typmods;
        boolean recursive;

        CteScope(String name, int index) {
            this.name = name;
            this.index = index;
        }
    }

    final Statement statement;
    final ParseState parent;
    final List<Query.RangeEntry> rangeTable = new ArrayList<>();
    /** Range-table indexes on the nullable side of an outer join (their whole-row references may be null). */
    final java.util.BitSet nullable = new java.util.BitSet();
    List<Item> namespace = new ArrayList<>();
    final List<Expr.Aggref> aggregates = new ArrayList<>();
    final List<Expr.WindowFunc> windowFuncs = new ArrayList<>();
    final List<Query.WindowSpec> windows = new ArrayList<>();
    /** The WINDOW clause's definitions by name. */
    final java.util.Map<String, osgres.pgquery.tree.PgQuery.WindowDef> rawWindows = new java.util.HashMap<>();
    final List<CteScope> ctes = new ArrayList<>();
    /** The clause being analysed, for "aggregate functions are not allowed in WHERE" (null: allowed). */
    String exprKind;
    /** Inside an aggregate's arguments (nested aggregates are an error). */
    boolean inAggregate;
    /** Set while analysing a LATERAL item or a VALUES list: lateral-only items become visible. */
    boolean lateralActive;
    /** Set while the target list itself is analysed (where set-returning functions may appear). */
    boolean targetListActive;
    /** Set-returning functions met in the target list (a ProjectSet computes them). */
    final List<Expr.SetFunction> targetSetFunctions = new ArrayList<>();
    /** The target list being built, for ORDER BY/GROUP BY to add resjunk entries to. */
    List<Query.TargetEntry> targets;

    ParseState(Statement statement, ParseState parent) {
        this.statement = statement;
        this.parent = parent;
    }

    int addEntry(Query.RangeEntry entry) {
        rangeTable.add(entry);
        RelationPermission pending = statement.pendingPermission;
        if (entry instanceof Query.RelationEntry r && pending != null && pending.table() == r.table()) {
            entryPermissions.put(rangeTable.size(), pending);
            statement.pendingPermission = null;
        }
        return rangeTable.size();
    }

    /**
     * markVarForSelectPriv: the relation columns {@code e} reads (its Vars, {@code levelsUp} counted from this
     * level) need SELECT when the relation privilege is missing.
     */
    void markSelected(Expr e) {
        markSelected(e, 0);
    }

    /** {@link #markSelected(Expr)} of an expression seen from {@code seenFrom} levels inside this one. */
    void markSelected(Expr e, int seenFrom) {
        osgres.sql.internal.nodes.ExprTrees.walk(e, node -> {
            if (node instanceof Expr.Var v) {
                ParseState owner = this;
                for (int i = 0; i < v.levelsUp() - seenFrom && owner != null; i++) {
                    owner = owner.parent;
                }
                RelationPermission p = owner == null ? null : owner.entryPermissions.get(v.varno());
                if (p != null) {
                    p.mark(osgres.sql.internal.catalog.Privileges.SELECT, v.attno() >= 0 ? v.attno() + 1 : v.attno());
                }
            }
        });
    }

    Query.RangeEntry entry(int index) {
        return rangeTable.get(index - 1);
    }

    /** The Var (or a join's merged-column expression) for column {@code attno} of entry {@code index}. */
    Expr column(int index, int attno, int levelsUp) {
        Query.RangeEntry e = entry(index);
        if (e instanceof Query.JoinEntry j) {
            return levelsUp == 0 ? j.columns().get(attno) : raise(j.columns().get(attno), levelsUp);
        }
        return new Expr.Var(index, attno, levelsUp, e.columnTypes().get(attno), e.columnTypmods().get(attno),
                e.columnNames().get(attno));
    }

    /** A join column's expression seen from {@code levelsUp} levels in: its Vars point that much further out. */
    private static Expr raise(Expr e, int levelsUp) {
        if (e instanceof Expr.Var v) {
            return new Expr.Var(v.varno(), v.attno(), v.levelsUp() + levelsUp, v.type(), v.typmod(), v.name());
        }
        if (e instanceof Expr.Coalesce c) {
            List<Expr> args = new ArrayList<>();
            for (Expr a : c.args()) {
                args.add(raise(a, levelsUp));
            }
            return new Expr.Coalesce(c.type(), args);
        }
        if (e instanceof Expr.Coerce c) {
            return new Expr.Coerce(raise(c.arg(), levelsUp), c.type(), c.typmod(), c.conversion(), c.location());
        }
        return e;
    }

    /** Resolves an unqualified column name, nearest level first; null if no level has it. */
    Expr findColumn(String name, int position) {
        int levelsUp = 0;
        for (ParseState s = this; s != null; s = s.parent, levelsUp++) {
            Expr found = null;
            for (Item item : s.namespace) {
                if (!item.colsVisible() || (item.lateralOnly() && !s.lateralActive)) {
                    continue;
                }
                List<String> names = s.entry(item.index()).columnNames();
                for (int i = 0; i < names.size(); i++) {
                    if (names.get(i).equals(name)) {
                        if (found != null) {
                            throw PgException.error(Messages.AMBIGUOUS_COLUMN,
                                    "column reference \"" + name + "\" is ambiguous").withPosition(position);
                        }
                        found = s.column(item.index(), i, levelsUp);
                    }
                }
            }
            if (found == null && Query.SystemColumn.of(name) != null) {
                found = systemColumn(s, Query.SystemColumn.of(name), levelsUp, position);
            }
            if (found == null && name.equals(TABLEOID)) {
                for (Item item : s.namespace) {
                    if (item.colsVisible() && found == null) {
                        found = catalogTableoid(s.entry(item.index()), name, position);
                    }
                }
            }
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    static final String TABLEOID = "tableoid";

    /**
     * scanNSItemForColumn's system columns: {@code column} of the one table of a level that has it (42702 if
     * several). They are never part of {@code *}.
     */
    private static Expr systemColumn(ParseState s, Query.SystemColumn column, int levelsUp, int position) {
        Expr found = null;
        for (Item item : s.namespace) {
            if (!item.colsVisible() || (item.lateralOnly() && !s.lateralActive)
                    || !(s.entry(item.index()) instanceof Query.RelationEntry)) {
                continue;
            }
            if (found != null) {
                throw PgException.error(Messages.AMBIGUOUS_COLUMN, "column reference \"" + column.columnName()
                        + "\" is ambiguous").withPosition(position);
            }
            found = systemColumn(item.index(), column, levelsUp);
        }
        return found;
    }

    /**
     * tableoid of a system catalog (pg_class, pg_proc...): the catalog's own oid, a constant, as each of its rows
     * would carry (pg_dump selects it from every catalog it reads); null for anything else.
     */
    static Expr catalogTableoid(Query.RangeEntry entry, String column, int position) {
        if (column.equals(TABLEOID) && entry instanceof Query.ViewEntry v) {
            Integer oid = osgres.sql.internal.utils.RegClass.SYSTEM_CATALOGS.get(v.view().name());
            if (oid != null) {
                return new Expr.Const(osgres.sql.internal.utils.PgType.OID, (long) oid, position);
            }
        }
        return null;
    }

    static Expr.Var systemColumn(int index, Query.SystemColumn column, int levelsUp) {
        return new Expr.Var(index, column.attno(), levelsUp, column.type(), -1, column.columnName());
    }

    /** Is {@code name} a column of this level's visible FROM items (GROUP BY prefers input columns)? */
    boolean findColumnQuietly(String name) {
        for (Item item : namespace) {
            if (item.colsVisible() && entry(item.index()).columnNames().contains(name)) {
                return true;
            }
        }
        return false;
    }

    /** A visible entry named {@code alias}, searching outwards; its level in {@code levels[0]}. */
    Item findItem(String alias, int position, int[] levels) {
        int levelsUp = 0;
        for (ParseState s = this; s != null; s = s.parent, levelsUp++) {
            Item found = null;
            for (Item item : s.namespace) {
                if (item.relVisible() && alias.equals(item.alias())
                        && !(item.lateralOnly() && !s.lateralActive)) {
                    if (found != null) {
                        throw PgException.error("42P09", "table reference \"" + alias + "\" is ambiguous")
                                .withPosition(position);
                    }
                    found = item;
                }
            }
            if (found != null) {
                levels[0] = levelsUp;
                return found;
            }
        }
        return null;
    }

    ParseState level(int levelsUp) {
        ParseState s = this;
        for (int i = 0; i < levelsUp; i++) {
            s = s.parent;
        }
        return s;
    }

    /** A WITH query named {@code name} visible here; its level in {@code levels[0]}. */
    /** Is there a WITH query {@code name} here or above that is not visible yet (a forward reference)? */
    boolean findInvisibleCte(String name) {
        for (ParseState s = this; s != null; s = s.parent) {
            for (CteScope c : s.ctes) {
                if (c.name.equals(name) && c.table == null && !c.recursive) {
                    return true;
                }
            }
        }
        return false;
    }

    CteScope findCte(String name, int[] levels) {
        int levelsUp = 0;
        for (ParseState s = this; s != null; s = s.parent, levelsUp++) {
            for (CteScope c : s.ctes) {
                if (c.name.equals(name) && (c.table != null || c.recursive)) {
                    levels[0] = levelsUp;
                    return c;
                }
            }
        }
        return null;
    }

    /**
     * errorMissingRTE: a qualifier that names no visible entry; when it is the table name of an entry known by
     * another alias, PostgreSQL says so with a hint.
     */
    PgException badTableReference(String alias, int position) {
        for (ParseState s = this; s != null; s = s.parent) {
            // an entry by that name this part of the query may not see (MERGE's target in its source or in NOT
            // MATCHED): PostgreSQL's searchRangeTableForRel found it
            boolean hidden = false;
            for (Query.RangeEntry e : s.rangeTable) {
                hidden |= alias.equals(e.alias());
            }
            for (Item item : s.namespace) {
                hidden &= !(item.relVisible() && alias.equals(item.alias()));
            }
            if (hidden) {
                return PgException.error(SqlState.UNDEFINED_TABLE, "invalid reference to FROM-clause entry for "
                        + "table \"" + alias + "\"").withHint("There is an entry for table \"" + alias
                        + "\", but it cannot be referenced from this part of the query.").withPosition(position);
            }
        }
        for (ParseState s = this; s != null; s = s.parent) {
            for (Item item : s.namespace) {
                if (s.entry(item.index()) instanceof Query.RelationEntry r && r.table().name().equals(alias)
                        && item.alias() != null && !item.alias().equals(alias)) {
                    return PgException.error(SqlState.UNDEFINED_TABLE, "invalid reference to FROM-clause entry for table \""
                            + alias + "\"").withHint("Perhaps you meant to reference the table alias \"" + item.alias()
                            + "\".").withPosition(position);
                }
            }
        }
        return missingFromEntry(alias, position);
    }

    static PgException missingFromEntry(String alias, int position) {
        return PgException.error(SqlState.UNDEFINED_TABLE, "missing FROM-clause entry for table \"" + alias + "\"")
                .withPosition(position);
    }
}
