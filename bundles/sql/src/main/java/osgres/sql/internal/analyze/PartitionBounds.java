/*
 * Partition keys and bounds (PostgreSQL's partitioning/partbounds.c, utils/cache/partcache.c and the bound parts of
 * parse_utilcmd.c's transformPartitionBound): a partitioned table's key is kept in the catalog as the text
 * pg_get_partkeydef shows ("RANGE (a, b)"), a partition's bound as the text pg_get_expr(relpartbound) shows
 * ("FOR VALUES FROM (1) TO (10)", "DEFAULT"); this class turns them into values of the key columns' types, checks a
 * new bound against its siblings (overlap, empty ranges, a second DEFAULT) and decides whether a key tuple falls in
 * a bound. Parsed forms are cached by their text (a key's by the table's row shape too, as it reads columns by
 * position). HASH keys hash with PostgreSQL's functions (PartitionHash) or a user-defined operator class's support
 * function, called through the session. Key expressions may call built-in functions only.
 */
package osgres.sql.internal.analyze;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntUnaryOperator;

import osgres.api.PgException;
import osgres.api.SqlState;
import osgres.pgquery.PgParser;
import osgres.pgquery.tree.PgQuery;
import osgres.storage.ColumnDef;
import osgres.sql.internal.func.PartitionHash;
import osgres.sql.internal.nodes.Expr;
import osgres.sql.internal.nodes.ExprDeparser;
import osgres.sql.internal.nodes.ExprTrees;
import osgres.sql.internal.nodes.Query;
import osgres.sql.internal.parser.PartitionBoundSpec;
import osgres.sql.internal.parser.PartitionBoundSpec.Datum;
import osgres.sql.internal.parser.PartitionBoundSpec.DatumKind;
import osgres.sql.internal.parser.PartitionBoundSpec.Spec;
import osgres.sql.internal.utils.ExecContext;
import osgres.sql.internal.utils.Messages;
import osgres.sql.internal.utils.BtreeCompare;
import osgres.sql.internal.utils.PgType;
import osgres.sql.internal.utils.RegClass;
import osgres.sql.internal.utils.SqlFunction;
import osgres.sql.internal.utils.TypeIo;
import osgres.storage.TableDef;
import osgres.sql.internal.utils.Unsupported;

public final class PartitionBounds {

    private PartitionBounds() {
    }

    public enum Strategy {
        LIST, RANGE, HASH
    }

    /**
     * A partition key: its strategy and columns (0-based positions in the partitioned table; -1 for an expression,
     * whose value {@code exprs} computes over the table's row); {@code names} as DETAILs show them.
     */
    public record Key(Strategy strategy, List<String> names, int[] columns, Expr[] exprs, PgType[] types, int[] typmods,
                      String[] opclasses) {
    }

    /** MINVALUE / MAXVALUE in a range bound's value arrays. */
    public enum Infinite {
        MIN, MAX
    }

    /** A bound as values of the key's types. */
    public sealed interface Bound {
    }

    /** FOR VALUES IN (...): the non-null values, and whether NULL is among them. */
    public record ListBound(List<Object> values, boolean acceptsNull) implements Bound {
    }

    /** FOR VALUES FROM (lower) TO (upper): lower inclusive, upper exclusive; elements may be {@link Infinite}. */
    public record RangeBound(Object[] lower, Object[] upper) implements Bound {
    }

    public record DefaultBound() implements Bound {
    }

    /** FOR VALUES WITH (MODULUS m, REMAINDER r): the rows whose key hash is r modulo m. */
    public record HashBound(int modulus, int remainder) implements Bound {
    }

    private static final Map<String, Key> KEYS = new ConcurrentHashMap<>();
    private static final Map<String, Bound> BOUNDS = new ConcurrentHashMap<>();

    // ---------------------------------------------------------------- keys

    /** The catalog text of a key, as pg_get_partkeydef shows it. */
    public static String keyText(Strategy strategy, List<String> columns) {
        List<String> quoted = new ArrayList<>();
        for (String c : columns) {
            quoted.add(c.startsWith(PartitionBoundSpec.EXPRESSION_MARK) ? c.substring(PartitionBoundSpec.EXPRESSION_MARK.length())
                    : RegClass.quoteIdentifier(c));
        }
        return strategy.name() + " (" + String.join(", ", quoted) + ")";
    }

    /** The key of partitioned table {@code table}. */
    public static Key key(TableDef table) {
        String text = table.inheritance().partitionKey();
        // the key reads columns by position: a column dropped and another added moves them, so the cache entry is
        // for this exact row shape
        StringBuilder shape = new StringBuilder().append(table.oid()).append(':').append(text);
        for (ColumnDef c : table.columns()) {
            shape.append('|').append(c.name()).append(':').append(c.typeOid()).append(':').append(c.typeModifier());
        }
        return KEYS.computeIfAbsent(shape.toString(), k -> parseKey(table, text));
    }

    private static Key parseKey(TableDef table, String text) {
        String sql = "CREATE TABLE k () PARTITION BY " + text;
        PgQuery.PartitionSpec spec = PgParser.parse(sql).getStmts(0).getStmt().getCreateStmt().getPartspec();
        Strategy strategy = Strategy.valueOf(spec.getStrategy().toUpperCase(java.util.Locale.ROOT));
        int n = spec.getPartParamsCount();
        List<String> names = new ArrayList<>();
        int[] columns = new int[n];
        Expr[] exprs = new Expr[n];
        PgType[] types = new PgType[n];
        int[] typmods = new int[n];
        String[] opclasses = new String[n];
        for (int i = 0; i < n; i++) {
            PgQuery.PartitionElem elem = spec.getPartParams(i).getPartitionElem();
            if (elem.getOpclassCount() > 0) {
                opclasses[i] = elem.getOpclass(elem.getOpclassCount() - 1).getString().getSval();
            }
            if (!elem.getName().isEmpty() && table.columnIndex(elem.getName()) < 0) {
                throw PgException.error(SqlState.UNDEFINED_COLUMN, "column \"" + elem.getName()
                        + "\" named in partition key does not exist");
            }
            if (elem.getName().isEmpty()) {
                columns[i] = -1;
                exprs[i] = keyExpression(table, elem.getExpr(), sql);
                types[i] = exprs[i].type();
                typmods[i] = exprs[i].typmod();
                if (RowAnalyzer.isRow(exprs[i]) || types[i] == PgType.UNKNOWN) {
                    // CheckAttributeType with CHKATYPE_IS_PARTKEY: an anonymous ROW(...) is of pseudo-type record (a
                    // whole-row reference or a cast to a table's row type is of that table's type)
                    throw PgException.error(SqlState.INVALID_TABLE_DEFINITION, "partition key column " + (i + 1)
                            + " has pseudo-type " + types[i].sqlName());
                }
                checkKeyExpression(exprs[i]);
                names.add(new ExprDeparser(false, TypeIo.OutputSettings.DEFAULT, Map.of()).deparse(exprs[i]));
                continue;
            }
            String name = elem.getName();
            names.add(name);
            columns[i] = table.columnIndex(name);
            ColumnDef c = table.columns().get(columns[i]);
            types[i] = PgType.byOid(c.typeOid());
            typmods[i] = c.typeModifier();
            if (elem.getCollationCount() > 0) {
                checkCollation(types[i], elem.getCollation(elem.getCollationCount() - 1).getString().getSval());
            }
        }
        if (strategy == Strategy.HASH) {
            for (PgType t : types) {
                if (!PartitionHash.hashable(t)) {
                    throw Messages.notSupported("hash partitioning on type " + t.sqlName(), 0);
                }
            }
        }
        return new Key(strategy, List.copyOf(names), columns, exprs, types, typmods, opclasses);
    }

    /**
     * ComputePartitionAttrs' checks of an expression key: no system columns, IMMUTABLE functions only, not a
     * constant (42P17).
     */
    private static void checkKeyExpression(Expr e) {
        boolean[] found = new boolean[2];
        ExprTrees.walk(e, x -> {
            if (x instanceof Expr.ColumnRef c && c.index() < 0) {
                found[0] = true;
            } else if (x instanceof Expr.Call c && (osgres.sql.internal.func.Functions.isVolatile(c)
                    || IndexPredicates.STABLE.contains(c.name()))) {
                found[1] = true;
            }
        });
        if (found[0]) {
            throw PgException.error(SqlState.INVALID_OBJECT_DEFINITION,
                    "partition key expressions cannot contain system column references");
        }
        if (found[1]) {
            throw PgException.error(SqlState.INVALID_OBJECT_DEFINITION,
                    "functions in partition key expression must be marked IMMUTABLE");
        }
        if (e instanceof Expr.Const) {
            throw PgException.error(SqlState.INVALID_OBJECT_DEFINITION, "cannot use constant expression as "
                    + "partition key");
        }
    }

    /**
     * ComputePartitionAttrs' COLLATE: the type must be collatable, the collation one osgres has. osgres compares
     * text byte-wise, which is what "C" and "POSIX" (and "default" in a database created with them) mean.
     */
    private static void checkCollation(PgType type, String collation) {
        if (type != PgType.TEXT && type != PgType.VARCHAR && type != PgType.BPCHAR && type != PgType.NAME) {
            throw PgException.error(SqlState.DATATYPE_MISMATCH, "collations are not supported by type "
                    + type.sqlName());
        }
        if (!collation.equals("C") && !collation.equals("POSIX") && !collation.equals("default")
                && !collation.equals("ucs_basic")) {
            throw PgException.error(SqlState.UNDEFINED_OBJECT, "collation \"" + collation
                    + "\" for encoding \"UTF8\" does not exist");
        }
    }

    /**
     * ComputePartitionAttrs for an expression: analysed against the table's columns (no aggregates, window or
     * set-returning functions, no subqueries), its column references turned into positions in the table's row.
     */
    private static Expr keyExpression(TableDef table, PgQuery.Node node, String sql) {
        ParseState.Statement statement = new ParseState.Statement(sql, 0, sql.length(), java.time.ZoneOffset.UTC,
                false, new int[0], (name, mode) -> null);
        ParseState ps = new ParseState(statement, null);
        Query.Columns c = Query.Columns.of(table);
        int index = ps.addEntry(new Query.RelationEntry(table, table.name(), c.names(), c.types(), c.typmods(),
                osgres.storage.LockMode.ACCESS_SHARE));
        ps.namespace.add(new ParseState.Item(table.name(), index, true, true, false));
        ps.exprKind = "partition key expressions";
        Expr e;
        try {
            e = ParseAnalyzer.expressionAnalyzer(statement).expr(ps, node);
        } catch (Unsupported u) {
            throw Messages.notSupported(u.getMessage(), 0);
        } catch (PgException ex) {
            throw ex.withPosition(0);
        }
        return rowColumns(e);
    }

    private static Expr rowColumns(Expr e) {
        if (e instanceof Expr.SubQuery) {
            throw PgException.error(SqlState.FEATURE_NOT_SUPPORTED,
                    "cannot use subquery in partition key expression");
        }
        if (e instanceof Expr.Var v) {
            return new Expr.ColumnRef(0, v.attno(), v.type(), v.typmod(), v.name());
        }
        return ExprTrees.map(e, PartitionBounds::rowColumns);
    }

    // ---------------------------------------------------------------- bounds

    /** The bound of partition {@code partition} under its parent's {@code key}. */
    public static Bound bound(TableDef partition, Key key, ExecContext ctx) {
        String text = partition.inheritance().partitionBound();
        return BOUNDS.computeIfAbsent(java.util.Arrays.toString(key.types()) + ":" + text, k -> {
            PgQuery.PartitionBoundSpec b = PgParser.parse("CREATE TABLE b PARTITION OF p " + text).getStmts(0)
                    .getStmt().getCreateStmt().getPartbound();
            return evaluate(key, PartitionBoundSpec.spec(b, location -> 0, null), partition.name(), ctx);
        });
    }

    /** transformPartitionBound: the bound's values in the key's types, checked against the strategy. */
    public static Bound evaluate(Key key, Spec spec, String partitionName, ExecContext ctx) {
        if (spec.strategy() == 'd') {
            if (key.strategy() == Strategy.HASH) {
                throw PgException.error(SqlState.INVALID_TABLE_DEFINITION,
                        "a hash-partitioned table may not have a default partition");
            }
            return new DefaultBound();
        }
        switch (key.strategy()) {
            case HASH -> {
                if (spec.strategy() != 'h') {
                    throw invalidBound("hash", spec.position());
                }
                if (spec.modulus() < 1) {
                    throw PgException.error(SqlState.INVALID_TABLE_DEFINITION,
                            "modulus for hash partition must be an integer value greater than zero");
                }
                if (spec.remainder() >= spec.modulus()) {
                    throw PgException.error(SqlState.INVALID_TABLE_DEFINITION,
                            "remainder for hash partition must be less than modulus");
                }
                return new HashBound(spec.modulus(), spec.remainder());
            }
            case LIST -> {
                if (spec.strategy() != 'l') {
                    throw invalidBound("list", spec.position());
                }
                List<Object> values = new ArrayList<>();
                boolean acceptsNull = false;
                for (Datum d : spec.list()) {
                    Object v = value(key, 0, d, ctx);
                    if (v == null) {
                        acceptsNull = true;
                    } else if (values.stream().noneMatch(x -> BtreeCompare.compare(key.types()[0], x, v) == 0)) {
                        values.add(v);
                    }
                }
                return new ListBound(List.copyOf(values), acceptsNull);
            }
            default -> {
                if (spec.strategy() != 'r') {
                    throw invalidBound("range", spec.position());
                }
                int n = key.columns().length;
                if (spec.lower().size() != n) {
                    throw PgException.error(SqlState.INVALID_TABLE_DEFINITION,
                            "FROM must specify exactly one value per partitioning column");
                }
                if (spec.upper().size() != n) {
                    throw PgException.error(SqlState.INVALID_TABLE_DEFINITION,
                            "TO must specify exactly one value per partitioning column");
                }
                Object[] lower = rangeValues(key, spec.lower(), ctx);
                Object[] upper = rangeValues(key, spec.upper(), ctx);
                RangeBound r = new RangeBound(lower, upper);
                if (compareBounds(key, lower, upper) >= 0) {
                    // the error points at the lower datum where the comparison was decided
                    int at = 0;
                    while (at < n - 1 && compareDatum(key.types()[at], lower[at], upper[at]) == 0
                            && !(lower[at] instanceof Infinite)) {
                        at++;
                    }
                    throw PgException.error(SqlState.INVALID_OBJECT_DEFINITION,
                            "empty range bound specified for partition \"" + partitionName + "\"")
                            .withDetail("Specified lower bound " + rangeText(key, lower)
                                    + " is greater than or equal to upper bound " + rangeText(key, upper) + ".")
                            .withPosition(spec.lower().get(at).position());
                }
                return r;
            }
        }
    }

    private static PgException invalidBound(String strategy, int position) {
        return PgException.error(SqlState.INVALID_TABLE_DEFINITION, "invalid bound specification for a " + strategy
                + " partition").withPosition(position);
    }

    /** A range bound's values; after MINVALUE or MAXVALUE every datum must be MINVALUE or MAXVALUE (42P16). */
    private static Object[] rangeValues(Key key, List<Datum> datums, ExecContext ctx) {
        Object[] out = new Object[datums.size()];
        DatumKind previous = DatumKind.VALUE;
        for (int i = 0; i < out.length; i++) {
            Datum d = datums.get(i);
            if (previous != DatumKind.VALUE && d.kind() != previous) {
                String word = previous == DatumKind.MAXVALUE ? "MAXVALUE" : "MINVALUE";
                throw PgException.error(SqlState.INVALID_TABLE_DEFINITION, "every bound following " + word
                        + " must also be " + word).withPosition(d.position());
            }
            previous = d.kind();
            out[i] = switch (d.kind()) {
                case MINVALUE -> Infinite.MIN;
                case MAXVALUE -> Infinite.MAX;
                case VALUE -> {
                    Object v = value(key, i, d, ctx);
                    if (v == null) {
                        throw PgException.error(SqlState.INVALID_TABLE_DEFINITION,
                                "cannot specify NULL in range bound");
                    }
                    yield v;
                }
            };
        }
        return out;
    }

    /** transformPartitionBoundValue: the datum coerced to key column {@code i}'s type and evaluated. */
    private static Object value(Key key, int i, Datum d, ExecContext ctx) {
        if (d.kind() != DatumKind.VALUE) {
            throw PgException.error(SqlState.INVALID_TABLE_DEFINITION,
                    "MINVALUE and MAXVALUE are not allowed in list partition bounds").withPosition(d.position());
        }
        Expr e;
        try {
            e = ModifyAnalyzer.standaloneExpression(d.sql(), key.types()[i], key.typmods()[i],
                    ctx.session().gucs().zone(), "partition bound");
            checkNoSubquery(e, d.position());
        } catch (PgException ex) {
            if (SqlState.DATATYPE_MISMATCH.equals(ex.sqlState())) {
                throw PgException.error(SqlState.DATATYPE_MISMATCH, "specified value cannot be cast to type "
                        + key.types()[i].sqlName() + " for column \"" + key.names().get(i) + "\"")
                        .withPosition(d.position());
            }
            throw ex.withPosition(d.position());
        }
        try {
            return e.eval(ctx);
        } catch (PgException ex) {
            throw ex.withPosition(d.position());
        }
    }

    private static void checkNoSubquery(Expr e, int position) {
        ExprTrees.walk(e, x -> {
            if (x instanceof Expr.SubQuery) {
                throw PgException.error(SqlState.FEATURE_NOT_SUPPORTED, "cannot use subquery in partition bound")
                        .withPosition(position);
            }
        });
    }

    /** The catalog text of a bound, as pg_get_expr(relpartbound) shows it. */
    public static String text(Key key, Bound bound, ExecContext ctx) {
        return switch (bound) {
            case DefaultBound d -> "DEFAULT";
            case ListBound l -> {
                List<String> values = new ArrayList<>();
                for (Object v : l.values()) {
                    values.add(literal(key.types()[0], v, ctx));
                }
                if (l.acceptsNull()) {
                    values.add("NULL");
                }
                yield "FOR VALUES IN (" + String.join(", ", values) + ")";
            }
            case RangeBound r -> "FOR VALUES FROM " + rangeText(key, r.lower(), ctx) + " TO "
                    + rangeText(key, r.upper(), ctx);
            case HashBound h -> "FOR VALUES WITH (modulus " + h.modulus() + ", remainder " + h.remainder() + ")";
        };
    }

    private static String rangeText(Key key, Object[] values) {
        return rangeText(key, values, null);
    }

    private static String rangeText(Key key, Object[] values, ExecContext ctx) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            out.add(values[i] == Infinite.MIN ? "MINVALUE" : values[i] == Infinite.MAX ? "MAXVALUE"
                    : literal(key.types()[i], values[i], ctx));
        }
        return "(" + String.join(", ", out) + ")";
    }

    /** get_const_expr without a type: numbers and booleans as they are, anything else quoted. */
    public static String literal(PgType type, Object value, ExecContext ctx) {
        if (value == null) {
            return "NULL";
        }
        String text = TypeIo.output(type, value, ctx == null ? TypeIo.OutputSettings.DEFAULT : ctx.output());
        return switch (type) {
            case INT2, INT4, INT8, OID, NUMERIC, FLOAT4, FLOAT8 ->
                    text.matches("-?[0-9.]+(e[+-]?[0-9]+)?") ? text : PartitionBoundSpec.literal(text);
            case BOOL -> (Boolean) value ? "true" : "false";
            default -> PartitionBoundSpec.literal(text);
        };
    }

    // ---------------------------------------------------------------- comparisons

    /** partition_rbound_cmp over two bounds' values (MINVALUE below and MAXVALUE above every value). */
    public static int compareBounds(Key key, Object[] a, Object[] b) {
        for (int i = 0; i < a.length; i++) {
            int c = compareDatum(key.types()[i], a[i], b[i]);
            if (c != 0) {
                return c;
            }
            if (a[i] instanceof Infinite) {
                return 0; // equal infinities: what follows them does not count
            }
        }
        return 0;
    }

    private static int compareDatum(PgType type, Object a, Object b) {
        if (a == Infinite.MIN || b == Infinite.MAX) {
            return a == b ? 0 : -1;
        }
        if (a == Infinite.MAX || b == Infinite.MIN) {
            return 1;
        }
        return BtreeCompare.compare(type, a, b);
    }

    /** The order of partitions in a PartitionDesc (see InheritanceTree.inBoundOrder). */
    public static int compareForOrder(Key key, Bound a, Bound b) {
        if (a instanceof HashBound ha && b instanceof HashBound hb) {
            return ha.modulus() != hb.modulus() ? Integer.compare(ha.modulus(), hb.modulus())
                    : Integer.compare(ha.remainder(), hb.remainder());
        }
        int rankA = a instanceof DefaultBound ? 2 : a instanceof ListBound l && l.values().isEmpty() ? 1 : 0;
        int rankB = b instanceof DefaultBound ? 2 : b instanceof ListBound l && l.values().isEmpty() ? 1 : 0;
        if (rankA != rankB || rankA != 0) {
            return Integer.compare(rankA, rankB);
        }
        if (a instanceof RangeBound ra && b instanceof RangeBound rb) {
            return compareBounds(key, ra.lower(), rb.lower());
        }
        if (a instanceof ListBound la && b instanceof ListBound lb) {
            return BtreeCompare.compare(key.types()[0], min(key, la), min(key, lb));
        }
        return 0;
    }

    private static Object min(Key key, ListBound l) {
        Object min = l.values().getFirst();
        for (Object v : l.values()) {
            if (BtreeCompare.compare(key.types()[0], v, min) < 0) {
                min = v;
            }
        }
        return min;
    }

    /** Does a (non-default) bound hold the key tuple {@code values}? (A user-defined hash class is not called.) */
    public static boolean accepts(Key key, Bound bound, Object[] values) {
        return accepts(key, bound, values, null);
    }

    /** The same, a HASH key's user-defined operator classes' support functions called in {@code ctx}. */
    public static boolean accepts(Key key, Bound bound, Object[] values, ExecContext ctx) {
        return switch (bound) {
            case DefaultBound d -> false;
            case ListBound l -> values[0] == null ? l.acceptsNull()
                    : l.values().stream().anyMatch(v -> BtreeCompare.compare(key.types()[0], v, values[0]) == 0);
            case RangeBound r -> {
                for (Object v : values) {
                    if (v == null) {
                        yield false; // a range partition never holds a null key: only the default may
                    }
                }
                yield compareBounds(key, r.lower(), values) <= 0 && compareBounds(key, values, r.upper()) < 0;
            }
            case HashBound h -> Long.remainderUnsigned(rowHash(key, values, ctx), h.modulus()) == h.remainder();
        };
    }

    /**
     * compute_partition_hash_value: each non-null key value hashed by its operator class's support function 2
     * (a user-defined class's function, called with the value and the seed), else by its type's own.
     */
    private static long rowHash(Key key, Object[] values, ExecContext ctx) {
        long rowHash = 0;
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                continue;
            }
            SqlFunction support = key.opclasses()[i] == null || ctx == null || ctx.session() == null ? null
                    : ctx.session().opclassSupport(key.opclasses()[i], "hash", 2);
            long hash;
            if (support == null) {
                hash = PartitionHash.hash(key.types()[i], values[i]);
            } else {
                List<Object[]> result = ctx.session().routines().run(ctx, support,
                        new Object[] {values[i], PartitionHash.SEED}, false);
                Object h = result.isEmpty() ? null : result.getFirst()[0];
                hash = h == null ? 0 : ((Number) h).longValue();
            }
            rowHash = PartitionHash.combine(rowHash, hash);
        }
        return rowHash;
    }

    /**
     * The sibling a new bound overlaps, and which datum of the new bound the error points at: {@code index} into
     * the list datums, or into the lower ({@code upper} false) or upper datums of a range.
     */
    public record Overlap(TableDef with, int index, boolean upper) {
    }

    /**
     * check_new_partition_bound: the sibling a new bound overlaps, or null. A second DEFAULT is reported by the
     * caller.
     */
    public static Overlap overlapping(Key key, Bound bound, List<TableDef> siblings, List<Bound> siblingBounds) {
        switch (bound) {
            case ListBound l -> {
                for (int v = 0; v < l.values().size(); v++) {
                    for (int i = 0; i < siblings.size(); i++) {
                        if (accepts(key, siblingBounds.get(i), new Object[] {l.values().get(v)})) {
                            return new Overlap(siblings.get(i), v, false);
                        }
                    }
                }
                if (l.acceptsNull()) {
                    for (int i = 0; i < siblings.size(); i++) {
                        if (siblingBounds.get(i) instanceof ListBound other && other.acceptsNull()) {
                            return new Overlap(siblings.get(i), -1, false);
                        }
                    }
                }
                return null;
            }
            case RangeBound r -> {
                return rangeOverlap(key, r, siblings, siblingBounds);
            }
            case HashBound h -> {
                return hashOverlap(h, siblings, siblingBounds);
            }
            case DefaultBound d -> {
                return null;
            }
        }
    }

    /**
     * check_new_partition_bound for HASH: the moduli must divide one another (the new one divisible by the one
     * before it in (modulus, remainder) order and a factor of the one after), and no remainder slot of the greatest
     * modulus may be taken already.
     */
    private static Overlap hashOverlap(HashBound h, List<TableDef> siblings, List<Bound> siblingBounds) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < siblings.size(); i++) {
            if (siblingBounds.get(i) instanceof HashBound) {
                order.add(i);
            }
        }
        if (order.isEmpty()) {
            return null;
        }
        order.sort((x, y) -> {
            HashBound a = (HashBound) siblingBounds.get(x);
            HashBound b = (HashBound) siblingBounds.get(y);
            return a.modulus() != b.modulus() ? Integer.compare(a.modulus(), b.modulus())
                    : Integer.compare(a.remainder(), b.remainder());
        });
        // partition_hash_bsearch: the greatest (modulus, remainder) <= the new one
        int offset = -1;
        for (int i = 0; i < order.size(); i++) {
            HashBound b = (HashBound) siblingBounds.get(order.get(i));
            if (b.modulus() < h.modulus() || b.modulus() == h.modulus() && b.remainder() <= h.remainder()) {
                offset = i;
            }
        }
        if (offset < 0) {
            checkFactor(h, (HashBound) siblingBounds.get(order.getFirst()), siblings.get(order.getFirst()));
        } else {
            HashBound prev = (HashBound) siblingBounds.get(order.get(offset));
            if (h.modulus() % prev.modulus() != 0) {
                throw PgException.error(SqlState.INVALID_OBJECT_DEFINITION,
                        "every hash partition modulus must be a factor of the next larger modulus")
                        .withDetail("The new modulus " + h.modulus() + " is not divisible by " + prev.modulus()
                                + ", the modulus of existing partition \"" + siblings.get(order.get(offset)).name()
                                + "\".");
            }
            if (offset + 1 < order.size()) {
                checkFactor(h, (HashBound) siblingBounds.get(order.get(offset + 1)),
                        siblings.get(order.get(offset + 1)));
            }
        }
        int greatest = ((HashBound) siblingBounds.get(order.getLast())).modulus();
        int[] slots = new int[greatest];
        java.util.Arrays.fill(slots, -1);
        for (int i : order) {
            HashBound b = (HashBound) siblingBounds.get(i);
            for (int r = b.remainder(); r < greatest; r += b.modulus()) {
                slots[r] = i;
            }
        }
        int remainder = h.remainder() >= greatest ? h.remainder() % greatest : h.remainder();
        do {
            if (slots[remainder] != -1) {
                return new Overlap(siblings.get(slots[remainder]), -1, false);
            }
            remainder += h.modulus();
        } while (remainder < greatest);
        return null;
    }

    private static void checkFactor(HashBound h, HashBound next, TableDef nextPartition) {
        if (next.modulus() % h.modulus() != 0) {
            throw PgException.error(SqlState.INVALID_OBJECT_DEFINITION,
                    "every hash partition modulus must be a factor of the next larger modulus")
                    .withDetail("The new modulus " + h.modulus() + " is not a factor of " + next.modulus()
                            + ", the modulus of existing partition \"" + nextPartition.name() + "\".");
        }
    }

    /** One bound of a range partition (PartitionRangeBound): its values, lower or upper, and whose it is. */
    private record RangeEnd(Object[] datums, boolean lower, int partition) {
    }

    /**
     * check_new_partition_bound for a range, as PostgreSQL does it, so the error names the same partition and
     * points at the same datum: the siblings' bounds sorted and merged (create_range_bounds), a binary search for
     * the new lower bound (partition_range_bsearch), then a look at the bound after it.
     */
    private static Overlap rangeOverlap(Key key, RangeBound r, List<TableDef> siblings, List<Bound> siblingBounds) {
        List<RangeEnd> all = new ArrayList<>();
        for (int i = 0; i < siblings.size(); i++) {
            if (siblingBounds.get(i) instanceof RangeBound other) {
                all.add(new RangeEnd(other.lower(), true, i));
                all.add(new RangeEnd(other.upper(), false, i));
            }
        }
        all.sort((a, b) -> Integer.signum(rboundCmp(key, a.datums(), a.lower(), b.datums(), b.lower())));
        List<RangeEnd> distinct = new ArrayList<>();
        for (RangeEnd e : all) {
            if (distinct.isEmpty() || compareBounds(key, distinct.getLast().datums(), e.datums()) != 0) {
                distinct.add(e);
            }
        }
        int n = distinct.size();
        int[] indexes = new int[n + 1];
        for (int i = 0; i < n; i++) {
            indexes[i] = distinct.get(i).lower() ? -1 : distinct.get(i).partition();
        }
        indexes[n] = -1;
        // partition_range_bsearch: the greatest bound <= the new lower bound
        int lo = -1;
        int hi = n - 1;
        int cmpval = 0;
        while (lo < hi) {
            int mid = (lo + hi + 1) / 2;
            cmpval = rboundCmp(key, distinct.get(mid).datums(), indexes[mid] == -1, r.lower(), true);
            if (cmpval <= 0) {
                lo = mid;
                if (cmpval == 0) {
                    break;
                }
            } else {
                hi = mid - 1;
            }
        }
        int offset = lo;
        if (indexes[offset + 1] < 0) {
            // the new lower bound is in a gap: it overlaps only if the next partition starts below its upper bound
            if (offset + 1 < n) {
                int c = rboundCmp(key, distinct.get(offset + 1).datums(), indexes[offset + 1] == -1, r.upper(),
                        false);
                if (c < 0) {
                    return new Overlap(siblings.get(indexes[offset + 2]), Math.abs(c) - 1, true);
                }
            }
            return null;
        }
        return new Overlap(siblings.get(indexes[offset + 1]), cmpval == 0 ? 0 : Math.abs(cmpval) - 1, false);
    }

    /** partition_rbound_cmp: the sign says which bound is lower, the magnitude at which column (1-based). */
    private static int rboundCmp(Key key, Object[] a, boolean aLower, Object[] b, boolean bLower) {
        int column = 0;
        int c = 0;
        for (int i = 0; i < a.length; i++) {
            column++;
            int ka = kind(a[i]);
            int kb = kind(b[i]);
            if (ka < kb) {
                return -column;
            } else if (ka > kb) {
                return column;
            } else if (ka != 0) {
                break;
            }
            c = BtreeCompare.compare(key.types()[i], a[i], b[i]);
            if (c != 0) {
                break;
            }
        }
        if (c == 0 && aLower != bLower) {
            c = aLower ? 1 : -1;
        }
        return c == 0 ? 0 : c < 0 ? -column : column;
    }

    /** PartitionRangeDatumKind's order: MINVALUE, a value, MAXVALUE. */
    private static int kind(Object datum) {
        return datum == Infinite.MIN ? -1 : datum == Infinite.MAX ? 1 : 0;
    }

    /** The key of a row of the partitioned table: its key columns, and its key expressions computed over it. */
    public static Object[] keyValues(Key key, Object[] row, ExecContext ctx) {
        Object[] out = new Object[key.columns().length];
        Object[] saved = ctx == null ? null : ctx.row;
        try {
            for (int i = 0; i < out.length; i++) {
                if (key.exprs()[i] == null) {
                    out[i] = row[key.columns()[i]];
                } else {
                    ctx.row = row;
                    out[i] = key.exprs()[i].eval(ctx);
                }
            }
        } finally {
            if (ctx != null) {
                ctx.row = saved;
            }
        }
        return out;
    }

    /** "(a, b) = (1, 2)" for a DETAIL. */
    public static String describeKey(Key key, Object[] values, ExecContext ctx) {
        List<String> shown = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            shown.add(values[i] == null ? "null" : TypeIo.output(key.types()[i], values[i], ctx.output()));
        }
        return "(" + String.join(", ", key.names()) + ") = (" + String.join(", ", shown) + ")";
    }
}
