/*
 * One call of a PL/pgSQL function (PostgreSQL's pl_exec.c): the function's variables (datums), and the statements
 * of its tree run one after the other. Every expression and SQL statement is run through the ordinary pipeline as
 * a statement whose parameters are the variables by name (a record's fields as r.f, a trigger's NEW/OLD and TG_*
 * alike), analysed once per session and shape of the variables. Exceptions: a block with EXCEPTION runs in a
 * subtransaction that an error rolls back before its handler runs (SQLSTATE, SQLERRM, GET STACKED DIAGNOSTICS see
 * the error). Errors get PostgreSQL's CONTEXT lines ("PL/pgSQL function f(integer) line 3 at RAISE", with the SQL
 * statement's line before it). Every loop checks for interrupts (cancel, statement_timeout) on each iteration.
 * Not done: cursors, CALL, transaction control, array element and nested field assignment, variable_conflict.
 */
package osgres.sql.internal.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import osgres.api.PgException;
import osgres.api.Severity;
import osgres.api.SqlState;
import osgres.storage.ArrayValue;
import osgres.storage.TableDef;
import osgres.sql.internal.analyze.ParseState;
import osgres.sql.internal.exec.PlanExecutor;
import osgres.sql.internal.exec.PlannedQuery;
import osgres.sql.internal.exec.RowSource;
import osgres.sql.internal.parser.QueryLexer;
import osgres.sql.internal.parser.RawParser;
import osgres.sql.internal.utils.Casts;
import osgres.sql.internal.utils.ExecContext;
import osgres.sql.internal.utils.Messages;
import osgres.sql.internal.utils.PgType;
import osgres.sql.internal.utils.RowValue;
import osgres.sql.internal.utils.SqlFunction;
import osgres.sql.internal.utils.TypeIo;

public final class PlpgsqlExecution {

    /** What a trigger function sees besides its arguments (TG_* variables, NEW and OLD). */
    public record TriggerData(String name, String when, String level, String op, String table, List<String> argv,
                       Row newRow, Row oldRow) {
    }

    /** A record's value: its field names and types and the values (null values for a row not yet assigned). */
    public record Row(List<String> names, List<PgType> types, Object[] values) {
        public Row copy() {
            return new Row(names, types, values == null ? null : values.clone());
        }
    }

    /** EXIT/CONTINUE leaving loops up to the one labelled (null: the innermost). */
    private static final class LoopSignal extends RuntimeException {
        final String label;
        final boolean exit;

        LoopSignal(String label, boolean exit) {
            super(null, null, false, false);
            this.label = label;
            this.exit = exit;
        }
    }

    /** RETURN: leaves the function. */
    private static final class ReturnSignal extends RuntimeException {
        ReturnSignal() {
            super(null, null, false, false);
        }
    }

    private final SqlSessionImpl session;
    private final SqlFunction function;
    private final Map<String, Object> tree;
    private final String contextName;
    private final List<Map.Entry<String, Map<String, Object>>> datums = new ArrayList<>();
    private final Object[] values;
    private final PgType[] types;
    private final Row[] rows;
    /** For each of the function's parameters, its variable's datum number, or -1 for an unnamed one. */
    private final int[] parameterDatum;
    private final int namedParameters;
    private final Object[] unnamedValues;
    private final List<Object[]> results = new ArrayList<>();
    private Object returnValue;
    private boolean returned;
    private long rowCount;
    private PgException handling;
    private PgException lastWrapped;
    private TriggerData trigger;

    PlpgsqlExecution(SqlSessionImpl session, SqlFunction function, Map<String, Object> tree, String contextName) {
        this.session = session;
        this.function = function;
        this.tree = tree;
        this.contextName = contextName;
        for (Object d : (List<?>) tree.getOrDefault("datums", List.of())) {
            datums.add(PlpgsqlJson.node(d));
        }
        values = new Object[datums.size()];
        types = new PgType[datums.size()];
        rows = new Row[datums.size()];
        // libpg_query's compile makes a variable for each named parameter only, in order, before all others
        List<SqlFunction.Parameter> params = function.parameters();
        parameterDatum = new int[params.size()];
        int named = 0;
        for (int p = 0; p < params.size(); p++) {
            String name = params.get(p).name();
            parameterDatum[p] = name == null || name.isEmpty() ? -1 : named++;
        }
        namedParameters = named;
        unnamedValues = new Object[params.size()];
    }

    /** Parameter {@code p}'s value: its variable's, or (unnamed: only $n reaches it) the argument. */
    private Object parameterValue(int p) {
        return parameterDatum[p] >= 0 ? values[parameterDatum[p]] : unnamedValues[p];
    }

    private PgType parameterType(int p) {
        int d = parameterDatum[p];
        return d >= 0 && types[d] != null ? types[d] : function.parameters().get(p).type();
    }

    // ---------------------------------------------------------------- entry

    /** Runs the function: the rows of a set, or one row holding the result (none for a null composite). */
    public List<Object[]> call(Object[] args, TriggerData triggerData) {
        this.trigger = triggerData;
        initialise(args);
        try {
            Map.Entry<String, Map<String, Object>> action = PlpgsqlJson.node(tree.get("action"));
            execute(action);
            if (!function.returnsSet() && function.returnType() != PgType.VOID && trigger == null
                    && !function.procedure() && !hasOutParameters()) {
                throw PgException.error("2F005", "control reached end of function without RETURN")
                        .withContext("PL/pgSQL function " + contextName);
            }
        } catch (ReturnSignal r) {
            // RETURN
        } catch (LoopSignal l) {
            throw PgException.error(SqlState.SYNTAX_ERROR, l.label == null
                    ? "EXIT cannot be used outside a loop, unless it has a label"
                    : "there is no label \"" + l.label + "\" attached to any block or loop enclosing this statement");
        }
        if (function.returnsSet()) {
            return results;
        }
        if (!returned && hasOutParameters()) {
            returnValue = outRow();
        }
        if (returnValue instanceof Row row) {
            return row.values() == null ? List.of() : List.<Object[]>of(row.values());
        }
        return List.<Object[]>of(new Object[] {returnValue});
    }

    /** The trigger function's result: the row to write (null: skip the row). */
    public Row triggerResult() {
        return returnValue instanceof Row r ? r : null;
    }

    private boolean hasOutParameters() {
        return function.parameters().stream().anyMatch(SqlFunction.Parameter::isOutput);
    }

    /** The OUT parameters' values as the function's result row. */
    private Row outRow() {
        List<Object> out = new ArrayList<>();
        List<SqlFunction.Parameter> params = function.parameters();
        for (int i = 0; i < params.size(); i++) {
            if (params.get(i).isOutput()) {
                out.add(parameterValue(i));
            }
        }
        if (out.size() == 1 && !function.composite()) {
            return new Row(List.of(), List.of(), new Object[] {out.getFirst()});
        }
        return new Row(function.outNames(), function.outTypes(), out.toArray());
    }

    private void initialise(Object[] args) {
        List<SqlFunction.Parameter> params = function.parameters();
        int input = 0;
        for (int p = 0; p < params.size(); p++) {
            Object value = params.get(p).isInput() ? args[input++] : null;
            int d = parameterDatum[p];
            if (d >= 0) {
                types[d] = params.get(p).type();
                values[d] = value;
            } else {
                unnamedValues[p] = value;
            }
        }
        for (int i = namedParameters; i < datums.size(); i++) {
            Map.Entry<String, Map<String, Object>> d = datums.get(i);
            Map<String, Object> fields = d.getValue();
            String refname = (String) fields.get("refname");
            switch (d.getKey()) {
                case "PLpgSQL_rec" -> {
                    if (trigger != null && "new".equals(refname)) {
                        rows[i] = trigger.newRow() == null ? null : trigger.newRow().copy();
                    } else if (trigger != null && "old".equals(refname)) {
                        rows[i] = trigger.oldRow() == null ? null : trigger.oldRow().copy();
                    }
                    types[i] = PgType.RECORD;
                }
                case "PLpgSQL_var" -> declare(i, refname, fields);
                default -> {
                    // rows (INTO targets) and record fields are not variables of their own
                }
            }
        }
    }

    /** A DECLAREd variable: its type, then its DEFAULT (or null); found, sqlstate and sqlerrm as pl_comp makes. */
    private void declare(int i, String refname, Map<String, Object> fields) {
        String typname = typname(fields);
        if (typname.equals("UNKNOWN")) {
            types[i] = switch (refname) {
                case "found" -> PgType.BOOL;
                case "sqlstate", "sqlerrm" -> PgType.TEXT;
                default -> null; // a loop variable: typed when the loop starts
            };
            values[i] = refname.equals("found") ? Boolean.FALSE : null;
            return;
        }
        if (typname.equals("record")) {
            types[i] = PgType.RECORD;
            return;
        }
        if (typname.endsWith("%rowtype")) {
            TableDef table = table(typname.substring(0, typname.length() - "%rowtype".length()));
            rows[i] = new Row(columnNames(table), columnTypes(table), new Object[table.columns().size()]);
            types[i] = PgType.RECORD;
            return;
        }
        types[i] = typeOf(typname);
        if (fields.get("default_val") != null) {
            String expr = query(fields.get("default_val"));
            Value v = evaluate(expr, false);
            values[i] = convert(v.value(), v.type(), types[i]);
        }
    }

    private static String typname(Map<String, Object> varFields) {
        Object datatype = varFields.get("datatype");
        if (datatype == null) {
            return "UNKNOWN";
        }
        return ((String) PlpgsqlJson.node(datatype).getValue().getOrDefault("typname", "UNKNOWN")).trim();
    }

    /** A declared type: %TYPE of a column or variable, or a type name as SQL writes it. */
    private PgType typeOf(String typname) {
        if (typname.endsWith("%type")) {
            String ref = typname.substring(0, typname.length() - "%type".length());
            int dot = ref.lastIndexOf('.');
            if (dot > 0) {
                TableDef table = table(ref.substring(0, dot));
                String column = ref.substring(dot + 1);
                for (osgres.storage.ColumnDef c : table.columns()) {
                    if (c.name().equals(column)) {
                        return PgType.byOid(c.typeOid());
                    }
                }
                throw PgException.error(SqlState.UNDEFINED_COLUMN, "column \"" + column + "\" of relation \""
                        + ref.substring(0, dot) + "\" does not exist");
            }
            int v = indexOf(ref);
            if (v >= 0 && types[v] != null) {
                return types[v];
            }
            throw PgException.error(SqlState.UNDEFINED_OBJECT, "variable \"" + ref + "\" does not exist");
        }
        RawParser.RawStatement raw = RawParser.parse("select null::" + typname).getFirst();
        osgres.pgquery.tree.PgQuery.Node target = raw.pgNode().getSelectStmt().getTargetList(0).getResTarget()
                .getVal();
        return SqlFunction.type(target.getTypeCast().getTypeName(), session.types().rowTypes());
    }

    private TableDef table(String name) {
        return session.transaction().table(name).orElseThrow(() -> Messages.relationDoesNotExist(name, 0));
    }

    private static List<String> columnNames(TableDef t) {
        return t.columns().stream().map(osgres.storage.ColumnDef::name).toList();
    }

    private static List<PgType> columnTypes(TableDef t) {
        return t.columns().stream().map(c -> PgType.byOid(c.typeOid())).toList();
    }

    private int indexOf(String refname) {
        for (int i = datums.size() - 1; i >= 0; i--) {
            if (refname.equals(datums.get(i).getValue().get("refname"))
                    && !datums.get(i).getKey().equals("PLpgSQL_row")) {
                return i;
            }
        }
        return -1;
    }

    // ---------------------------------------------------------------- statements

    @SuppressWarnings("unchecked")
    private void executeList(Object list) {
        if (list == null) {
            return;
        }
        for (Object s : (List<Object>) list) {
            execute(PlpgsqlJson.node(s));
        }
    }

    private void execute(Map.Entry<String, Map<String, Object>> stmt) {
        session.setup().interrupts().check();
        Map<String, Object> s = stmt.getValue();
        try {
            switch (stmt.getKey()) {
                case "PLpgSQL_stmt_block" -> block(s);
                case "PLpgSQL_stmt_assign" -> assign(s);
                case "PLpgSQL_stmt_if" -> ifStatement(s);
                case "PLpgSQL_stmt_case" -> caseStatement(s);
                case "PLpgSQL_stmt_loop" -> loop(s, () -> true);
                case "PLpgSQL_stmt_while" -> loop(s, () -> condition(s.get("cond")));
                case "PLpgSQL_stmt_fori" -> forInteger(s);
                case "PLpgSQL_stmt_fors" -> forQuery(s, query(s.get("query")), STATIC);
                case "PLpgSQL_stmt_dynfors" -> forQuery(s, dynamicText(s.get("query")), dynamicParams(s));
                case "PLpgSQL_stmt_foreach_a" -> forEach(s);
                case "PLpgSQL_stmt_exit" -> exit(s);
                case "PLpgSQL_stmt_return" -> returnStatement(s);
                case "PLpgSQL_stmt_return_next" -> returnNext(s);
                case "PLpgSQL_stmt_return_query" -> returnQuery(s);
                case "PLpgSQL_stmt_raise" -> raise(s);
                case "PLpgSQL_stmt_assert" -> assertStatement(s);
                case "PLpgSQL_stmt_execsql" -> executeSql(s, query(s.get("sqlstmt")), STATIC);
                case "PLpgSQL_stmt_dynexecute" -> executeSql(s, dynamicText(s.get("query")), dynamicParams(s));
                case "PLpgSQL_stmt_perform" -> perform(s);
                case "PLpgSQL_stmt_getdiag" -> getDiagnostics(s);
                default -> throw Messages.notSupported("PL/pgSQL statement " + stmt.getKey()
                        .substring("PLpgSQL_stmt_".length()).toUpperCase(java.util.Locale.ROOT), 0);
            }
        } catch (PgException e) {
            if (e == lastWrapped || e.severity() != Severity.ERROR) {
                throw e;
            }
            Object line = s.get("lineno");
            PgException wrapped = e.withPosition(0).withContext("PL/pgSQL function " + contextName
                    + (line == null ? "" : " line " + line) + " at " + statementName(stmt));
            lastWrapped = wrapped;
            throw wrapped;
        }
    }

    private static String statementName(Map.Entry<String, Map<String, Object>> stmt) {
        Map<String, Object> s = stmt.getValue();
        return switch (stmt.getKey()) {
            case "PLpgSQL_stmt_block" -> "statement block";
            case "PLpgSQL_stmt_assign" -> "assignment";
            case "PLpgSQL_stmt_if" -> "IF";
            case "PLpgSQL_stmt_case" -> "CASE";
            case "PLpgSQL_stmt_loop" -> "LOOP";
            case "PLpgSQL_stmt_while" -> "WHILE";
            case "PLpgSQL_stmt_fori" -> "FOR with integer loop variable";
            case "PLpgSQL_stmt_fors" -> "FOR over SELECT rows";
            case "PLpgSQL_stmt_dynfors" -> "FOR over EXECUTE statement";
            case "PLpgSQL_stmt_foreach_a" -> "FOREACH over array";
            case "PLpgSQL_stmt_exit" -> Boolean.TRUE.equals(s.get("is_exit")) ? "EXIT" : "CONTINUE";
            case "PLpgSQL_stmt_return" -> "RETURN";
            case "PLpgSQL_stmt_return_next" -> "RETURN NEXT";
            case "PLpgSQL_stmt_return_query" -> "RETURN QUERY";
            case "PLpgSQL_stmt_raise" -> "RAISE";
            case "PLpgSQL_stmt_assert" -> "ASSERT";
            case "PLpgSQL_stmt_execsql" -> "SQL statement";
            case "PLpgSQL_stmt_dynexecute" -> "EXECUTE";
            case "PLpgSQL_stmt_perform" -> "PERFORM";
            case "PLpgSQL_stmt_getdiag" -> Boolean.TRUE.equals(s.get("is_stacked")) ? "GET STACKED DIAGNOSTICS"
                    : "GET DIAGNOSTICS";
            default -> stmt.getKey();
        };
    }

    /** BEGIN ... [EXCEPTION WHEN ... THEN ...] END: with handlers, the body is a subtransaction. */
    private void block(Map<String, Object> s) {
        String label = (String) s.get("label");
        Object exceptions = s.get("exceptions");
        try {
            if (exceptions == null) {
                executeList(s.get("body"));
                return;
            }
            osgres.storage.Transaction tx = session.transaction();
            int depth = tx.subtransactionDepth();
            tx.beginSubtransaction();
            try {
                executeList(s.get("body"));
                tx.releaseSubtransactions(depth);
            } catch (PgException e) {
                tx.rollbackSubtransactions(depth);
                List<?> handlers = (List<?>) PlpgsqlJson.node(exceptions).getValue().get("exc_list");
                Map<String, Object> handler = findHandler(handlers, e);
                if (handler == null) {
                    throw e;
                }
                PgException outer = handling;
                handling = e;
                setNamed("sqlstate", e.sqlState());
                setNamed("sqlerrm", e.getMessage());
                try {
                    executeList(handler.get("action"));
                } finally {
                    handling = outer;
                }
            } catch (LoopSignal | ReturnSignal control) {
                tx.releaseSubtransactions(depth);
                throw control;
            }
        } catch (LoopSignal l) {
            if (label != null && label.equals(l.label) && l.exit) {
                return; // EXIT label leaves the labelled block
            }
            throw l;
        }
    }

    private Map<String, Object> findHandler(List<?> handlers, PgException e) {
        for (Object h : handlers) {
            Map<String, Object> handler = PlpgsqlJson.node(h).getValue();
            for (Object c : (List<?>) handler.get("conditions")) {
                String name = (String) PlpgsqlJson.node(c).getValue().get("condname");
                if (PlpgsqlConditions.matches(name, e.sqlState())) {
                    return handler;
                }
            }
        }
        return null;
    }

    private void setNamed(String refname, Object value) {
        int i = indexOf(refname);
        if (i >= 0) {
            values[i] = value;
        }
    }

    /** A statement's target variable: the JSON leaves out a zero varno (the function's first parameter). */
    private static int varno(Map<?, ?> s) {
        Object n = s.get("varno");
        return n == null ? 0 : ((Number) n).intValue();
    }

    private void assign(Map<String, Object> s) {
        String text = query(s.get("expr"));
        int target = varno(s);
        String expr = assignedExpression(text);
        if (expr == null) {
            throw Messages.notSupported("assignment to an array element or nested field", 0);
        }
        Value v = evaluate(expr, true, text);
        assignTo(target, v);
    }

    /** The expression of {@code x := expr} (null when the target has subscripts or more than one field). */
    private static String assignedExpression(String assignment) {
        int at = assignment.indexOf(":=");
        int length = 2;
        if (at < 0) {
            at = assignment.indexOf('=');
            length = 1;
        }
        String lhs = assignment.substring(0, at);
        if (lhs.contains("[") || lhs.chars().filter(c -> c == '.').count() > 1) {
            return null;
        }
        return assignment.substring(at + length).trim();
    }

    /** Stores a value into datum {@code target}: a variable, a record, a record's field or an INTO row. */
    private void assignTo(int target, Value v) {
        Map.Entry<String, Map<String, Object>> d = datums.get(target);
        switch (d.getKey()) {
            case "PLpgSQL_recfield" -> {
                int parent = ((Number) d.getValue().get("recparentno")).intValue();
                String field = (String) d.getValue().get("fieldname");
                Row row = rows[parent];
                String recname = (String) datums.get(parent).getValue().get("refname");
                if (row == null || row.values() == null) {
                    throw PgException.error(SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE, "record \"" + recname
                            + "\" is not assigned yet")
                            .withDetail("The tuple structure of a not-yet-assigned record is indeterminate.");
                }
                int f = row.names().indexOf(field);
                if (f < 0) {
                    throw PgException.error(SqlState.UNDEFINED_COLUMN, "record \"" + recname
                            + "\" has no field \"" + field + "\"");
                }
                row.values()[f] = convert(v.value(), v.type(), row.types().get(f));
            }
            default -> {
                if (types[target] == PgType.RECORD) {
                    if (v.value() instanceof Row r) {
                        rows[target] = r.copy();
                    } else if (v.value() instanceof RowValue rv) {
                        Row shape = rows[target];
                        List<String> names = shape != null ? shape.names() : new ArrayList<>();
                        rows[target] = new Row(names, rv.types(), rv.values().clone());
                    } else if (v.value() == null) {
                        Row shape = rows[target];
                        rows[target] = shape == null ? null
                                : new Row(shape.names(), shape.types(), new Object[shape.names().size()]);
                    } else {
                        throw Messages.notSupported("assigning a scalar to a record variable", 0);
                    }
                    return;
                }
                Map<String, Object> fields = d.getValue();
                if (Boolean.TRUE.equals(fields.get("notnull")) && v.value() == null) {
                    throw PgException.error("22004", "null value cannot be assigned to variable \""
                            + fields.get("refname") + "\" declared NOT NULL");
                }
                if (types[target] == null) {
                    types[target] = v.type();
                }
                values[target] = convert(v.value(), v.type(), types[target]);
            }
        }
    }

    private void ifStatement(Map<String, Object> s) {
        if (condition(s.get("cond"))) {
            executeList(s.get("then_body"));
            return;
        }
        for (Object e : (List<?>) s.getOrDefault("elsif_list", List.of())) {
            Map<String, Object> elsif = PlpgsqlJson.node(e).getValue();
            if (condition(elsif.get("cond"))) {
                executeList(elsif.get("stmts"));
                return;
            }
        }
        executeList(s.get("else_body"));
    }

    private void caseStatement(Map<String, Object> s) {
        if (s.get("t_expr") != null) {
            Value v = evaluate(query(s.get("t_expr")), false);
            int var = ((Number) s.get("t_varno")).intValue();
            types[var] = v.type();
            values[var] = v.value();
        }
        for (Object w : (List<?>) s.getOrDefault("case_when_list", List.of())) {
            Map<String, Object> when = PlpgsqlJson.node(w).getValue();
            if (condition(when.get("expr"))) {
                executeList(when.get("stmts"));
                return;
            }
        }
        if (!Boolean.TRUE.equals(s.get("have_else"))) {
            throw PgException.error("20000", "case not found").withHint("CASE statement is missing ELSE part.");
        }
        executeList(s.get("else_stmts"));
    }

    /** One iteration's body; false when an EXIT left this loop. */
    private boolean iteration(Map<String, Object> s) {
        session.setup().interrupts().check();
        String label = (String) s.get("label");
        try {
            executeList(s.get("body"));
            return true;
        } catch (LoopSignal l) {
            if (l.label != null && !l.label.equals(label)) {
                throw l;
            }
            return !l.exit;
        }
    }

    private void loop(Map<String, Object> s, java.util.function.BooleanSupplier condition) {
        while (condition.getAsBoolean()) {
            if (!iteration(s)) {
                return;
            }
        }
    }

    private void forInteger(Map<String, Object> s) {
        int var = datums.indexOf(Map.entry("PLpgSQL_var", PlpgsqlJson.node(s.get("var")).getValue()));
        Value lower = evaluate(query(s.get("lower")), false);
        Value upper = evaluate(query(s.get("upper")), false);
        long step = 1;
        if (s.get("step") != null) {
            Value st = evaluate(query(s.get("step")), false);
            step = ((Number) convert(st.value(), st.type(), PgType.INT8)).longValue();
            if (step <= 0) {
                throw PgException.error(SqlState.INVALID_PARAMETER_VALUE,
                        "BY value of FOR loop must be greater than zero");
            }
        }
        if (lower.value() == null) {
            throw PgException.error("22004", "lower bound of FOR loop cannot be null");
        }
        if (upper.value() == null) {
            throw PgException.error("22004", "upper bound of FOR loop cannot be null");
        }
        PgType type = lower.type() == PgType.INT8 || upper.type() == PgType.INT8 ? PgType.INT8 : PgType.INT4;
        types[var] = type;
        long from = ((Number) convert(lower.value(), lower.type(), PgType.INT8)).longValue();
        long to = ((Number) convert(upper.value(), upper.type(), PgType.INT8)).longValue();
        boolean reverse = Boolean.TRUE.equals(s.get("reverse"));
        boolean found = false;
        for (long i = from; reverse ? i >= to : i <= to; i = reverse ? i - step : i + step) {
            found = true;
            values[var] = type == PgType.INT8 ? (Object) i : (Object) (int) i;
            if (!iteration(s)) {
                break;
            }
        }
        setFound(found);
    }

    private void forQuery(Map<String, Object> s, String sql, List<Value> params) {
        List<Object[]> result = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<PgType> columnTypes = new ArrayList<>();
        runSql(sql, params, result, names, columnTypes, false);
        boolean found = false;
        for (Object[] row : result) {
            found = true;
            intoTarget(s.get("var"), row, names, columnTypes);
            if (!iteration(s)) {
                break;
            }
        }
        setFound(found);
    }

    private void forEach(Map<String, Object> s) {
        Value array = evaluate(query(s.get("expr")), false);
        if (array.value() == null) {
            throw PgException.error("22004", "FOREACH expression must not be null");
        }
        if (!(array.value() instanceof ArrayValue a)) {
            throw PgException.error(SqlState.DATATYPE_MISMATCH, "FOREACH expression must yield an array, not type "
                    + array.type().sqlName());
        }
        int var = varno(s);
        PgType element = array.type().elementType();
        for (Object e : a.elements()) {
            assignTo(var, new Value(e, element));
            if (!iteration(s)) {
                break;
            }
        }
    }

    private void exit(Map<String, Object> s) {
        if (s.get("cond") != null && !condition(s.get("cond"))) {
            return;
        }
        throw new LoopSignal((String) s.get("label"), Boolean.TRUE.equals(s.get("is_exit")));
    }

    private void returnStatement(Map<String, Object> s) {
        if (function.returnsSet()) {
            throw new ReturnSignal();
        }
        returned = true;
        if (s.get("expr") == null) {
            if (!hasOutParameters() && function.returnType() != PgType.VOID && !function.procedure()
                    && trigger == null) {
                // the RETURN the parser adds at the end of every body (add_dummy_return) was reached
                lastWrapped = PgException.error("2F005", "control reached end of function without RETURN")
                        .withContext("PL/pgSQL function " + contextName);
                throw lastWrapped;
            }
            returnValue = hasOutParameters() ? outRow() : null;
            throw new ReturnSignal();
        }
        String expr = query(s.get("expr"));
        int record = indexOf(expr.trim().toLowerCase(java.util.Locale.ROOT));
        if (record >= 0 && types[record] == PgType.RECORD) {
            returnValue = rows[record] == null ? null : rows[record].copy();
            throw new ReturnSignal();
        }
        Value v = evaluate(expr, false);
        if (trigger != null) {
            if (v.value() != null) {
                throw Messages.notSupported("a trigger function returning an expression", 0);
            }
            returnValue = null;
        } else if (function.composite() || function.returnType() == PgType.RECORD) {
            returnValue = v.value() instanceof RowValue rv ? new Row(function.outNames(), rv.types(),
                    rv.values().clone()) : v.value() == null ? new Row(List.of(), List.of(), null) : v.value();
        } else {
            returnValue = function.returnType() == PgType.VOID ? null
                    : convert(v.value(), v.type(), function.returnType());
        }
        throw new ReturnSignal();
    }

    private void returnNext(Map<String, Object> s) {
        String expr;
        if (s.get("expr") != null) {
            expr = query(s.get("expr"));
        } else if (hasOutParameters()) {
            results.add(outRow().values().clone());
            return;
        } else {
            // RETURN NEXT var: the parser keeps only the variable's number, which libpg_query's tree leaves out
            expr = returnNextVariable(((Number) s.get("lineno")).intValue());
        }
        int record = indexOf(expr.trim());
        if (record >= 0 && types[record] == PgType.RECORD && rows[record] != null) {
            results.add(rows[record].values().clone());
            return;
        }
        Value v = evaluate(expr, false);
        if (v.value() instanceof RowValue rv) {
            results.add(rv.values().clone());
        } else {
            results.add(new Object[] {convert(v.value(), v.type(), function.outTypes().isEmpty()
                    ? function.returnType() : function.outTypes().getFirst())});
        }
    }

    /** The variable a RETURN NEXT on body line {@code line} names, read from the body's text. */
    private String returnNextVariable(int line) {
        String[] lines = function.source().split("\n", -1);
        String text = line >= 1 && line <= lines.length ? lines[line - 1] : "";
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)return\\s+next\\s+([^;]+);").matcher(text);
        if (!m.find()) {
            throw Messages.notSupported("this RETURN NEXT", 0);
        }
        return m.group(1).trim();
    }

    private void returnQuery(Map<String, Object> s) {
        String sql = s.get("query") != null ? query(s.get("query")) : dynamicText(s.get("dynquery"));
        List<Value> params = s.get("query") != null ? STATIC : dynamicParams(s);
        List<Object[]> result = new ArrayList<>();
        List<PgType> columnTypes = new ArrayList<>();
        runSql(sql, params, result, new ArrayList<>(), columnTypes, false);
        List<PgType> wanted = function.outTypes().isEmpty() ? List.of(function.returnType()) : function.outTypes();
        if (columnTypes.size() != wanted.size()) {
            throw PgException.error(SqlState.DATATYPE_MISMATCH,
                    "structure of query does not match function result type")
                    .withDetail("Number of returned columns (" + columnTypes.size()
                            + ") does not match expected column count (" + wanted.size() + ").");
        }
        for (Object[] row : result) {
            Object[] out = new Object[row.length];
            for (int i = 0; i < row.length; i++) {
                out[i] = convert(row[i], columnTypes.get(i), wanted.get(i));
            }
            results.add(out);
        }
        rowCount = result.size();
        setFound(!result.isEmpty());
    }

    private void raise(Map<String, Object> s) {
        int level = ((Number) s.getOrDefault("elog_level", 21L)).intValue();
        String message = (String) s.get("message");
        String condname = (String) s.get("condname");
        if (message == null && condname == null && s.get("options") == null) {
            if (handling == null) {
                throw PgException.error("0Z002", "RAISE without parameters cannot be used outside an exception "
                        + "handler");
            }
            throw handling;
        }
        String sqlState = level >= 21 ? SqlState.RAISE_EXCEPTION : null;
        if (condname != null) {
            sqlState = PlpgsqlConditions.code(condname);
            if (message == null) {
                message = condname;
            }
        }
        if (message != null) {
            message = format(message, (List<?>) s.get("params"));
        }
        String detail = null;
        String hint = null;
        for (Object o : (List<?>) s.getOrDefault("options", List.of())) {
            Map<String, Object> option = PlpgsqlJson.node(o).getValue();
            Value v = evaluate(query(option.get("expr")), false);
            if (v.value() == null) {
                throw PgException.error("22004", "RAISE statement option cannot be null");
            }
            String text = text(v);
            switch (((Number) option.getOrDefault("opt_type", 0L)).intValue()) {
                case 0 -> sqlState = PlpgsqlConditions.code(text);
                case 1 -> message = text;
                case 2 -> detail = text;
                case 3 -> hint = text;
                default -> {
                    // COLUMN, CONSTRAINT, DATATYPE, TABLE, SCHEMA: not sent
                }
            }
        }
        if (message == null) {
            message = sqlState != null ? PlpgsqlConditions.nameOf(sqlState) : "";
        }
        Severity severity = switch (level) {
            case 17 -> Severity.INFO;
            case 18 -> Severity.NOTICE;
            case 19, 20 -> Severity.WARNING;
            case 21 -> Severity.ERROR;
            default -> level < 17 ? Severity.DEBUG1 : Severity.ERROR;
        };
        PgException e = PgException.error(sqlState == null ? "00000" : sqlState, message).withDetail(detail)
                .withHint(hint);
        if (severity == Severity.ERROR) {
            throw e;
        }
        if (severity != Severity.DEBUG1) {
            session.addNotice(e.withSeverity(severity).withContext("PL/pgSQL function " + contextName + " line "
                    + s.get("lineno") + " at RAISE"));
        }
    }

    /** RAISE's message: each % is the next parameter's text (NULL as &lt;NULL&gt;), %% a percent sign. */
    private String format(String message, List<?> params) {
        StringBuilder out = new StringBuilder();
        int next = 0;
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            if (c != '%') {
                out.append(c);
            } else if (i + 1 < message.length() && message.charAt(i + 1) == '%') {
                out.append('%');
                i++;
            } else {
                if (params == null || next >= params.size()) {
                    throw PgException.error(SqlState.SYNTAX_ERROR, "too few parameters specified for RAISE");
                }
                Value v = evaluate(query(params.get(next++)), false);
                out.append(v.value() == null ? "<NULL>" : text(v));
            }
        }
        return out.toString();
    }

    private String text(Value v) {
        if (v.value() instanceof Row r) {
            return new RowValue(r.types(), r.values()).output(session.outputSettings());
        }
        return v.type().isString() ? v.value().toString() : TypeIo.output(v.type(), v.value(),
                session.outputSettings());
    }

    private void assertStatement(Map<String, Object> s) {
        String check = session.gucs().showIfExists("plpgsql.check_asserts");
        if (!"off".equals(check) && !condition(s.get("cond"))) {
            String message = "assertion failed";
            if (s.get("message") != null) {
                Value v = evaluate(query(s.get("message")), false);
                message = v.value() == null ? message : text(v);
            }
            throw PgException.error("P0004", message);
        }
    }

    private void perform(Map<String, Object> s) {
        List<Object[]> result = new ArrayList<>();
        runSql(query(s.get("expr")), STATIC, result, new ArrayList<>(), new ArrayList<>(), false);
        rowCount = result.size();
        setFound(!result.isEmpty());
    }

    /** An SQL statement, or EXECUTE's: with INTO the first row goes to the target (STRICT: exactly one). */
    private void executeSql(Map<String, Object> s, String sql, List<Value> params) {
        List<Object[]> result = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<PgType> columnTypes = new ArrayList<>();
        boolean into = Boolean.TRUE.equals(s.get("into"));
        boolean strict = Boolean.TRUE.equals(s.get("strict"));
        long processed = runSql(sql, params, result, names, columnTypes, into && !strict);
        if (into) {
            if (strict && result.isEmpty()) {
                throw PgException.error(SqlState.NO_DATA_FOUND, "query returned no rows");
            }
            if (strict && result.size() > 1) {
                throw PgException.error(SqlState.TOO_MANY_ROWS, "query returned more than one row")
                        .withHint("Make sure the query returns a single row, or use LIMIT 1.");
            }
            intoTarget(s.get("target"), result.isEmpty() ? null : result.getFirst(), names, columnTypes);
            rowCount = result.size();
            setFound(!result.isEmpty());
            return;
        }
        rowCount = processed;
        setFound(processed > 0);
    }

    /** INTO / FOR's target: a row of variables by position, or one record variable taking the whole row. */
    private void intoTarget(Object target, Object[] row, List<String> names, List<PgType> columnTypes) {
        Map.Entry<String, Map<String, Object>> t = PlpgsqlJson.node(target);
        List<?> fields = t.getKey().equals("PLpgSQL_row") ? (List<?>) t.getValue().get("fields") : null;
        if (fields == null) {
            int var = datums.indexOf(t);
            assignRecord(var, row, names, columnTypes);
            return;
        }
        if (fields.size() == 1) {
            int var = varno((Map<?, ?>) fields.getFirst());
            if (types[var] == PgType.RECORD) {
                assignRecord(var, row, names, columnTypes);
                return;
            }
        }
        for (int i = 0; i < fields.size(); i++) {
            int var = varno((Map<?, ?>) fields.get(i));
            Object v = row == null || i >= row.length ? null : row[i];
            PgType type = i < columnTypes.size() ? columnTypes.get(i) : PgType.UNKNOWN;
            assignTo(var, new Value(v, type));
        }
    }

    private void assignRecord(int var, Object[] row, List<String> names, List<PgType> columnTypes) {
        Row shape = rows[var];
        if (shape != null && !shape.names().isEmpty() && shape.names().size() == columnTypes.size()
                && datums.get(var).getKey().equals("PLpgSQL_var") && !typname(datums.get(var).getValue())
                .equals("record")) {
            // a %ROWTYPE variable keeps its columns' types
            Object[] converted = new Object[shape.names().size()];
            for (int i = 0; i < converted.length && row != null; i++) {
                converted[i] = convert(row[i], columnTypes.get(i), shape.types().get(i));
            }
            rows[var] = new Row(shape.names(), shape.types(), converted);
            return;
        }
        rows[var] = new Row(List.copyOf(names), List.copyOf(columnTypes),
                row == null ? new Object[names.size()] : row.clone());
    }

    private void getDiagnostics(Map<String, Object> s) {
        for (Object item : (List<?>) s.get("diag_items")) {
            Map<String, Object> d = PlpgsqlJson.node(item).getValue();
            int target = ((Number) d.get("target")).intValue();
            String kind = (String) d.get("kind");
            Object value = switch (kind) {
                case "ROW_COUNT" -> rowCount;
                case "RETURNED_SQLSTATE" -> handling == null ? null : handling.sqlState();
                case "MESSAGE_TEXT" -> handling == null ? null : handling.getMessage();
                case "PG_EXCEPTION_DETAIL" -> handling == null ? null : handling.detail();
                case "PG_EXCEPTION_HINT" -> handling == null ? null : handling.hint();
                case "PG_EXCEPTION_CONTEXT", "PG_CONTEXT" -> handling == null ? null : handling.context();
                default -> null;
            };
            assignTo(target, new Value(value, kind.equals("ROW_COUNT") ? PgType.INT8 : PgType.TEXT));
        }
    }

    private void setFound(boolean found) {
        int i = indexOf("found");
        if (i >= 0) {
            values[i] = found;
        }
    }

    // ---------------------------------------------------------------- expressions and SQL

    /** A value and its type. */
    public record Value(Object value, PgType type) {
    }

    private static String query(Object exprNode) {
        return (String) PlpgsqlJson.node(exprNode).getValue().get("query");
    }

    private boolean condition(Object exprNode) {
        String expr = query(exprNode);
        Value v = evaluate(expr, false);
        Object b = convert(v.value(), v.type(), PgType.BOOL);
        return Boolean.TRUE.equals(b);
    }

    private Value evaluate(String expr, boolean assignment) {
        return evaluate(expr, assignment, expr);
    }

    /** {@code SELECT expr} with the variables as parameters: its single value (22000 for several rows). */
    private Value evaluate(String expr, boolean assignment, String shown) {
        List<Object[]> result = new ArrayList<>();
        List<PgType> columnTypes = new ArrayList<>();
        try {
            runStatement("SELECT " + expr, STATIC, result, new ArrayList<>(), columnTypes, false);
        } catch (PgException e) {
            if (e.severity() == Severity.ERROR && e.context() == null && e.position() > "SELECT ".length()) {
                // a parse-analysis error: SPI shows the expression as the internal query, the caret in it
                int at = Math.max(0, shown.indexOf(expr));
                throw e.withPosition(e.position() - "SELECT ".length() + at).withInternalQuery(shown);
            }
            if (e.severity() != Severity.ERROR || e.context() != null || usesVariables(expr)) {
                throw e;
            }
            // PostgreSQL folds a constant expression while planning it: SPI's context line names it
            throw e.withPosition(0).withContext(assignment ? "PL/pgSQL assignment \"" + shown + "\""
                    : "SQL expression \"" + shown + "\"");
        }
        if (columnTypes.size() != 1) {
            throw PgException.error(SqlState.SYNTAX_ERROR, "query \"SELECT " + expr + "\" returned "
                    + columnTypes.size() + " columns");
        }
        if (result.size() > 1) {
            throw PgException.error("21000", "query \"SELECT " + expr + "\" returned more than one row");
        }
        return new Value(result.isEmpty() ? null : result.getFirst()[0], columnTypes.getFirst());
    }

    private boolean usesVariables(String expr) {
        List<String> names = parameterNames(new ArrayList<>());
        for (QueryLexer.Token t : QueryLexer.tokenize(expr)) {
            if (t.kind() == QueryLexer.Kind.IDENT && names.contains(t.text())) {
                return true;
            }
        }
        return false;
    }

    /** Runs an SQL statement of the body, adding its "SQL statement" CONTEXT line to its errors. */
    /** The params of a statement written in the body (not an EXECUTE string). */
    private static final List<Value> STATIC = null;

    private long runSql(String sql, List<Value> params, List<Object[]> result, List<String> names,
                        List<PgType> columnTypes, boolean firstOnly) {
        try {
            return runStatement(sql, params, result, names, columnTypes, firstOnly);
        } catch (PgException e) {
            if (e.severity() != Severity.ERROR) {
                throw e;
            }
            if (e.position() > 0 && e.context() == null) {
                // _SPI_error_callback: a position makes the statement the internal query, else a CONTEXT line
                throw e.withInternalQuery(sql);
            }
            throw e.withPosition(0).withContext("SQL statement \"" + sql + "\"");
        }
    }

    /**
     * Analyses (once per session and shape of the variables) and runs one statement: the rows it returns go to
     * {@code result}, its columns to {@code names}/{@code columnTypes}; returns the rows it processed. A statement
     * of the body ({@link #STATIC} params) sees the function's parameters as $1..$n and the variables by name; an
     * EXECUTE string sees only its USING values, as $1..$n (PostgreSQL's dynamic SQL knows no variables).
     */
    private long runStatement(String sql, List<Value> params, List<Object[]> result, List<String> names,
                              List<PgType> columnTypes, boolean firstOnly) {
        List<Object> args = new ArrayList<>();
        List<PgType> argTypes = new ArrayList<>();
        List<String> paramNames = new ArrayList<>();
        if (params != STATIC) {
            for (Value v : params) {
                args.add(v.value() instanceof Row r ? new RowValue(r.types(), r.values()) : v.value());
                argTypes.add(v.type() == null ? PgType.TEXT : v.type());
                paramNames.add("$" + (args.size()));
            }
        } else {
            // pl_comp's $n aliases: the function's parameters by position, then every variable by name
            for (int i = 0; i < function.parameters().size(); i++) {
                Object v = parameterValue(i);
                args.add(v instanceof Row r ? new RowValue(r.types(), r.values()) : v);
                argTypes.add(parameterType(i));
                paramNames.add("$" + (i + 1));
            }
            List<Object> variableValues = new ArrayList<>();
            List<PgType> variableTypes = new ArrayList<>();
            paramNames.addAll(parameterNames(variableValues, variableTypes));
            args.addAll(variableValues);
            argTypes.addAll(variableTypes);
        }
        int[] oids = new int[argTypes.size()];
        StringBuilder key = new StringBuilder(sql).append('\0');
        for (int i = 0; i < oids.length; i++) {
            oids[i] = argTypes.get(i).oid();
            key.append(paramNames.get(i)).append(':').append(oids[i]).append(',');
        }
        ParsedStatement statement = session.functions().plpgsqlStatement(key.toString(), () -> {
            List<RawParser.RawStatement> raws = RawParser.parse(sql);
            if (raws.size() != 1) {
                throw PgException.error(SqlState.SYNTAX_ERROR, "cannot insert multiple commands into a prepared "
                        + "statement");
            }
            return new ParsedStatement(session, raws.getFirst(), oids,
                    new ParseState.ParameterNames(function.name(), paramNames));
        });
        Object[] values = args.toArray();
        if (statement.utility() != null) {
            SqlSessionImpl.UtilityResult r = session.runUtility(statement.utility(), values,
                    argTypes.toArray(new PgType[0]));
            if (r.rows() != null) {
                result.addAll(r.rows());
            }
            return r.rows() == null ? 0 : r.rows().size();
        }
        if (function.volatility() == 'v') {
            session.transaction().commandCounterIncrement();
        }
        PlannedQuery q = statement.query();
        for (int i = 0; i < q.targets().size(); i++) {
            names.add(q.names().get(i));
            columnTypes.add(q.targets().get(i).type());
        }
        ExecContext ctx = new ExecContext(values, session);
        if (q.isModify()) {
            PlanExecutor.ModifyResult r = q.runModify(ctx);
            result.addAll(r.returning());
            return r.processed();
        }
        RowSource rows = q.open(ctx);
        try {
            Object[] row;
            long count = 0;
            while ((row = rows.next()) != null) {
                session.setup().interrupts().check();
                result.add(row.clone());
                count++;
                if (firstOnly) {
                    break;
                }
            }
            return count;
        } finally {
            rows.close();
        }
    }

    /** The variables by name, in datum order: scalars, each record's fields (r.f) and the record itself. */
    private List<String> parameterNames(List<Object> valuesOut) {
        return parameterNames(valuesOut, new ArrayList<>());
    }

    private List<String> parameterNames(List<Object> valuesOut, List<PgType> typesOut) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < datums.size(); i++) {
            Map.Entry<String, Map<String, Object>> d = datums.get(i);
            if (!d.getKey().equals("PLpgSQL_var") && !d.getKey().equals("PLpgSQL_rec")) {
                continue;
            }
            String name = (String) d.getValue().get("refname");
            if (types[i] == PgType.RECORD) {
                Row r = rows[i];
                if (r != null) {
                    for (int f = 0; f < r.names().size(); f++) {
                        names.add(name + "." + r.names().get(f));
                        valuesOut.add(r.values() == null ? null : r.values()[f]);
                        typesOut.add(r.types().get(f));
                    }
                    names.add(name);
                    valuesOut.add(r.values() == null ? null : new RowValue(r.types(), r.values()));
                    typesOut.add(PgType.RECORD);
                } else if (trigger != null && (name.equals("new") || name.equals("old"))) {
                    // NEW in a statement-level or DELETE trigger, OLD in one for INSERT: null, as PostgreSQL 15
                    names.add(name);
                    valuesOut.add(null);
                    typesOut.add(PgType.RECORD);
                }
                continue;
            }
            names.add(name);
            valuesOut.add(values[i]);
            typesOut.add(types[i] == null ? PgType.TEXT : types[i]);
        }
        if (trigger != null) {
            String[][] tg = {{"tg_name", trigger.name()}, {"tg_when", trigger.when()}, {"tg_level", trigger.level()},
                {"tg_op", trigger.op()}, {"tg_table_name", trigger.table()}, {"tg_relname", trigger.table()},
                {"tg_table_schema", "public"}};
            for (String[] v : tg) {
                names.add(v[0]);
                valuesOut.add(v[1]);
                typesOut.add(PgType.TEXT);
            }
            names.add("tg_nargs");
            valuesOut.add(trigger.argv().size());
            typesOut.add(PgType.INT4);
            names.add("tg_argv");
            valuesOut.add(new ArrayValue(PgType.TEXT.oid(), new int[] {trigger.argv().size()}, new int[] {0},
                    trigger.argv().toArray()));
            typesOut.add(PgType.TEXT_ARRAY);
        }
        return names;
    }

    /** EXECUTE's query string: the expression's value. */
    private String dynamicText(Object exprNode) {
        Value v = evaluate(query(exprNode), false);
        if (v.value() == null) {
            throw PgException.error("22004", "query string argument of EXECUTE is null");
        }
        return text(v);
    }

    private List<Value> dynamicParams(Map<String, Object> s) {
        List<Value> out = new ArrayList<>();
        for (Object p : (List<?>) s.getOrDefault("params", List.of())) {
            out.add(evaluate(query(p), false));
        }
        return out;
    }

    /** A value of {@code from} as {@code to}: an assignment cast, else through its text (as PL/pgSQL converts). */
    private Object convert(Object value, PgType from, PgType to) {
        if (value == null || to == null || from == to || to == PgType.RECORD) {
            return value;
        }
        if (from == null || from == PgType.UNKNOWN) {
            return value instanceof String str ? TypeIo.input(to, str, session.gucs().zone()) : value;
        }
        Casts.Conversion c = Casts.find(from, to, -1, Casts.Context.ASSIGNMENT);
        ExecContext ctx = new ExecContext(new Object[0], session);
        if (c != null) {
            return c.convert(value, ctx);
        }
        String text = from.isString() ? value.toString() : TypeIo.output(from, value, session.outputSettings());
        return TypeIo.input(to, text, session.gucs().zone());
    }
}
