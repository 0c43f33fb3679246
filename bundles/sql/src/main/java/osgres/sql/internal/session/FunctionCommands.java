/*
 * CREATE [OR REPLACE] FUNCTION / PROCEDURE, DROP FUNCTION / PROCEDURE, ALTER FUNCTION (RENAME, volatility,
 * strictness, OWNER) and CALL (PostgreSQL's functioncmds.c and pg_proc.c ProcedureCreate). CREATE writes the
 * pg_proc row first and then checks a LANGUAGE sql body as check_function_bodies does (so a function may call
 * itself): an error rolls the row back with the statement. OR REPLACE keeps the oid and refuses what
 * ProcedureCreate refuses (another kind, another return type, renamed input parameters, removed defaults).
 * The creating role owns the function (proowner); only its owner (or a role having the owner's privileges) may
 * replace, alter or drop it (42501 "must be owner of function f").
 * DROP refuses a function that aggregates, operators or casts call (2BP01), or drops them too under CASCADE.
 * Not done: other dependencies (a view calling a dropped function fails when used, instead of 2BP01 at DROP), CALL's
 * output row for OUT/INOUT parameters of procedures.
 */
package osgres.sql.internal.session;

import java.util.List;

import osgres.api.PgException;
import osgres.pgquery.tree.PgQuery;
import osgres.sql.internal.analyze.ParseState;
import osgres.sql.internal.catalog.DefaultAcls;
import osgres.sql.internal.catalog.LanguageAcls;
import osgres.sql.internal.catalog.Privileges;
import osgres.sql.internal.exec.PlannedQuery;
import osgres.sql.internal.exec.RowSource;
import osgres.sql.internal.func.Functions;
import osgres.sql.internal.parser.RawParser;
import osgres.sql.internal.parser.UtilityCommand;
import osgres.sql.internal.utils.AggregateDefinition;
import osgres.sql.internal.utils.CastDefinition;
import osgres.sql.internal.utils.ExecContext;
import osgres.sql.internal.utils.Messages;
import osgres.sql.internal.utils.OperatorDefinition;
import osgres.sql.internal.utils.PgType;
import osgres.sql.internal.utils.SqlFunction;

public final class FunctionCommands {

    private FunctionCommands() {
    }

    public static String create(UtilityCommand.CreateFunction c, SqlSessionImpl session) {
        FunctionCatalog catalog = session.functions();
        PgQuery.CreateFunctionStmt stmt = c.statement();
        List<String> qualified = stmt.getFuncnameList().stream().map(n -> n.getString().getSval()).toList();
        if (qualified.size() > 1 && !qualified.getFirst().equals("public")) {
            throw Messages.schemaDoesNotExist(qualified.getFirst());
        }
        for (PgQuery.Node option : stmt.getOptionsList()) {
            if (option.getDefElem().getDefname().equals("language")) {
                checkLanguage(session, option.getDefElem().getArg().getString().getSval()
                        .toLowerCase(java.util.Locale.ROOT));
            }
        }
        SqlFunction.RowTypes rowTypes = session.types().rowTypes();
        SqlFunction f = SqlFunction.of(0, stmt, c.text(), rowTypes);
        String tag = f.procedure() ? "CREATE PROCEDURE" : "CREATE FUNCTION";
        FunctionCatalog.Entry old = catalog.find(f.name(), f.inputTypes());
        if (old == null && AggregateCommands.find(catalog, f.name(), f.inputTypes()) != null) {
            throw stmt.getReplace() ? Messages.cannotChangeRoutineKindToAggregate(f.name(), true)
                    : Messages.functionExists(f.name());
        }
        if (old != null) {
            SqlFunction before = old.function();
            if (!stmt.getReplace()) {
                throw Messages.functionExists(f.name());
            }
            // ProcedureCreate: only the owner may replace; the owner and the ACL stay the function's
            Privileges.checkFunctionOwner(session, before);
            checkReplacement(before, f);
            f = SqlFunction.of(before.oid(), stmt, c.text(), rowTypes).withAcl(before.owner(), before.acl());
            catalog.update(old, f);
        } else {
            int owner = Privileges.currentUserOid(session);
            f = SqlFunction.of(session.transaction().newOid(), stmt, c.text(), rowTypes).withAcl(owner,
                    DefaultAcls.forNewObject(session.transaction(), DefaultAcls.FUNCTION_TYPE, owner,
                            osgres.sql.internal.utils.Namespaces.PUBLIC));
            catalog.insert(f);
        }
        if (f.language().equals("sql")) {
            SqlFunction stored = catalog.byOid(f.oid());
            try {
                SqlFunctionRunner.compile(session, stored);
            } catch (PgException e) {
                int at = bodyOffset(stored);
                if (e.position() > 0 && at >= 0) {
                    // function_parse_error_transpose: the position inside the body, as a position in CREATE
                    throw e.withPosition(c.start() + at + e.position());
                }
                throw e.withPosition(0).withContext("SQL function \"" + f.name() + "\"");
            }
        } else if (f.language().equals("plpgsql")) {
            PlpgsqlFunctions.validate(f, c.start());
        }
        return tag;
    }

    /**
     * CreateFunction's and ExecuteDoStmt's language check: USAGE on a trusted language (sql, plpgsql), superuser for
     * an untrusted one (c, internal): 42501 "permission denied for language l". An unknown language is left to the
     * definition's own check.
     */
    static void checkLanguage(SqlSessionImpl session, String language) {
        LanguageAcls.Language l = LanguageAcls.named(language);
        if (l == null || session.gucs().currentUserIsSuperuser()) {
            return;
        }
        if (!l.trusted() || !LanguageAcls.usable(session, l.oid(), Privileges.currentUserOid(session))) {
            throw Messages.permissionDenied("language", l.name());
        }
    }

    /**
     * Where the body's text starts in the CREATE statement (0 for a BEGIN ATOMIC body, whose positions count from
     * the statement already), or -1 when the string body is not there verbatim (quotes doubled inside '...').
     */
    private static int bodyOffset(SqlFunction f) {
        return f.sqlBody() != null ? 0 : f.definition().indexOf(f.source());
    }

    /** ProcedureCreate's checks when OR REPLACE meets an existing function of the same argument types. */
    private static void checkReplacement(SqlFunction before, SqlFunction f) {
        String drop = before.procedure() ? "DROP PROCEDURE" : "DROP FUNCTION";
        if (before.procedure() != f.procedure()) {
            throw Messages.cannotChangeRoutineKind(before.name(), before.procedure());
        }
        if (before.returnType() != f.returnType() || before.returnsSet() != f.returnsSet()) {
            throw Messages.cannotChangeReturnType(drop, before.signature());
        }
        if (before.composite() && !before.outTypes().equals(f.outTypes())) {
            throw Messages.cannotChangeReturnType(drop, before.signature())
                    .withDetail("Row type defined by OUT parameters is different.");
        }
        List<SqlFunction.Parameter> oldInputs = before.inputs();
        List<SqlFunction.Parameter> newInputs = f.inputs();
        for (int i = 0; i < oldInputs.size(); i++) {
            String was = oldInputs.get(i).name();
            if (was != null && !was.equals(newInputs.get(i).name())) {
                throw Messages.cannotChangeParameterName(was, drop, before.signature());
            }
        }
        long oldDefaults = oldInputs.stream().filter(p -> p.defaultExpr() != null).count();
        long newDefaults = newInputs.stream().filter(p -> p.defaultExpr() != null).count();
        if (newDefaults < oldDefaults) {
            throw Messages.cannotRemoveDefaults(drop, before.signature());
        }
    }

    public static String drop(UtilityCommand.DropFunction d, SqlSessionImpl session) {
        FunctionCatalog catalog = session.functions();
        for (UtilityCommand.FunctionRef ref : d.functions()) {
            FunctionCatalog.Entry e = lookup(catalog, ref, d.procedure(), d.ifExists(), session);
            if (e == null) {
                continue;
            }
            Privileges.checkFunctionOwner(session, e.function()); // RemoveObjects' object ownership check
            dropEntry(session, e, d.cascade());
        }
        return d.procedure() ? "DROP PROCEDURE" : "DROP FUNCTION";
    }

    /** Drops the function and, with CASCADE, the objects calling it (DROP FUNCTION, DROP OWNED). */
    static void dropEntry(SqlSessionImpl session, FunctionCatalog.Entry e, boolean cascade) {
        dropDependents(session, e.function(), cascade);
        session.functions().delete(e);
    }

    /**
     * The aggregates, operators and casts calling the function (their pg_depend rows on it): without CASCADE the
     * DROP is 2BP01 naming them, with CASCADE they go first, with the NOTICE reportDependentObjects gives.
     */
    private static void dropDependents(SqlSessionImpl session, SqlFunction f, boolean cascade) {
        FunctionCatalog catalog = session.functions();
        List<String> names = new java.util.ArrayList<>();
        List<Runnable> drops = new java.util.ArrayList<>();
        for (FunctionCatalog.AggregateEntry a : catalog.allAggregates()) {
            if (usedBy(a.aggregate(), f)) {
                names.add("function " + described(a.aggregate().name(), a.aggregate().argTypes()));
                drops.add(() -> catalog.delete(a));
            }
        }
        for (OperatorCatalog.Entry o : catalog.operatorCatalog().all()) {
            OperatorDefinition op = o.operator();
            if (op.function().equals(f.name()) && op.operandTypes().equals(f.inputTypes())) {
                names.add("operator " + op.name() + "(" + (op.left() == null ? "NONE" : op.left().sqlName()) + ","
                        + op.right().sqlName() + ")");
                drops.add(() -> catalog.operatorCatalog().delete(session, o));
            }
        }
        for (CastCatalog.Entry c : catalog.castCatalog().all()) {
            CastDefinition cast = c.cast();
            if (f.name().equals(cast.function()) && cast.functionArgs().equals(f.inputTypes())) {
                names.add("cast from " + cast.source().sqlName() + " to " + cast.target().sqlName());
                drops.add(() -> catalog.castCatalog().delete(session, c));
            }
        }
        if (names.isEmpty()) {
            return;
        }
        String function = "function " + described(f.name(), f.inputTypes());
        if (!cascade) {
            throw Messages.dependentObjects(function, names.stream().map(n -> n + " depends on " + function)
                    .toList());
        }
        session.addNotice(Messages.dropCascades(names));
        drops.forEach(Runnable::run);
    }

    /** format_procedure: the name and the argument types separated by bare commas. */
    private static String described(String name, List<PgType> types) {
        return name + "(" + String.join(",", types.stream().map(PgType::sqlName).toList()) + ")";
    }

    /** True when one of the aggregate's support functions is {@code f} (by name and the types it is called with). */
    private static boolean usedBy(AggregateDefinition a, SqlFunction f) {
        List<PgType> args = a.argTypes();
        List<List<PgType>> calls = new java.util.ArrayList<>();
        List<String> names = new java.util.ArrayList<>();
        names.add(a.sfunc());
        calls.add(concat(a.stype(), args));
        names.add(a.finalfunc());
        calls.add(a.finalExtra() ? concat(a.stype(), args) : List.of(a.stype()));
        names.add(a.combinefunc());
        calls.add(List.of(a.stype(), a.stype()));
        if (a.mstype() != null) {
            names.add(a.msfunc());
            calls.add(concat(a.mstype(), args));
            names.add(a.minvfunc());
            calls.add(concat(a.mstype(), args));
            names.add(a.mfinalfunc());
            calls.add(List.of(a.mstype()));
        }
        for (int i = 0; i < names.size(); i++) {
            if (f.name().equals(names.get(i)) && f.inputTypes().equals(calls.get(i))) {
                return true;
            }
        }
        return false;
    }

    private static List<PgType> concat(PgType first, List<PgType> rest) {
        List<PgType> all = new java.util.ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all;
    }

    /**
     * LookupFuncWithArgs: the function a DROP or ALTER names, or null (with the skipping NOTICE) under IF EXISTS;
     * 42883 when there is none, 42725 for a name without arguments that several functions share.
     */
    static FunctionCatalog.Entry lookup(FunctionCatalog catalog, UtilityCommand.FunctionRef ref,
                                                boolean procedure, boolean ifExists, SqlSessionImpl session) {
        return lookup(catalog, ref, procedure, false, ifExists, session);
    }

    /**
     * LookupFuncWithArgs of OBJECT_FUNCTION, OBJECT_PROCEDURE or, with {@code anyKind}, OBJECT_ROUTINE (worded as
     * a function, either kind found).
     */
    static FunctionCatalog.Entry lookup(FunctionCatalog catalog, UtilityCommand.FunctionRef ref, boolean procedure,
                                        boolean anyKind, boolean ifExists, SqlSessionImpl session) {
        FunctionCatalog.Entry e;
        if (ref.argTypes() == null) {
            List<FunctionCatalog.Entry> all = catalog.entries(ref.name());
            if (all.size() > 1) {
                throw Messages.functionNameNotUnique(procedure, ref.name());
            }
            e = all.isEmpty() ? null : all.getFirst();
            if (e == null) {
                if (ifExists) {
                    session.addNotice(Messages.routineSkipping(procedure, ref.name() + "()"));
                    return null;
                }
                throw Messages.noFunctionNamed(procedure, ref.name());
            }
        } else {
            e = catalog.find(ref.name(), ref.argTypes());
            if (e == null && AggregateCommands.find(catalog, ref.name(), ref.argTypes()) != null) {
                throw Messages.isAnAggregate(ref.name());
            }
            if (e == null) {
                if (ifExists) {
                    session.addNotice(Messages.routineSkipping(procedure, ref.writtenSignature()));
                    return null;
                }
                throw Messages.routineDoesNotExist(procedure, ref.signature());
            }
        }
        if (!anyKind && e.function().procedure() != procedure) {
            throw Messages.notAFunctionOfKind(e.function().signature(), procedure);
        }
        return e;
    }

    public static String alter(UtilityCommand.AlterFunction a, SqlSessionImpl session) {
        FunctionCatalog catalog = session.functions();
        FunctionCatalog.Entry e = lookup(catalog, a.function(), a.procedure(), false, session);
        SqlFunction f = e.function();
        Privileges.checkFunctionOwner(session, f);
        String tag = a.procedure() ? "ALTER PROCEDURE" : "ALTER FUNCTION";
        if (a.newName() != null) {
            if (catalog.find(a.newName(), f.inputTypes()) != null) {
                throw Messages.functionExistsInSchema(Messages.signature(a.newName(), f.inputTypes()));
            }
            catalog.update(e, f.renamed(a.newName()));
            return tag;
        }
        if (a.volatility() != null || a.strict() != null) {
            catalog.update(e, f.withVolatility(a.volatility() != null ? a.volatility() : f.volatility(),
                    a.strict() != null ? a.strict() : f.strict()));
        }
        return tag;
    }

    /** DO: the block runs now, as a PL/pgSQL function of no arguments (ExecuteDoStmt). */
    public static String doBlock(UtilityCommand.Do d, SqlSessionImpl session) {
        if (!d.language().equals("plpgsql")) {
            throw PgException.error(osgres.api.SqlState.UNDEFINED_OBJECT, "language \"" + d.language()
                    + "\" does not exist");
        }
        checkLanguage(session, d.language());
        PlpgsqlFunctions.runInline(session, d.code(), d.start());
        return "DO";
    }

    /** CALL: the procedure runs once, as a SELECT of its call would run it; its result (if any) is not sent. */
    public static String call(UtilityCommand.Call c, SqlSessionImpl session, Object[] parameters, PgType[] types) {
        PgQuery.ResTarget target = PgQuery.ResTarget.newBuilder()
                .setVal(PgQuery.Node.newBuilder().setFuncCall(c.call())).build();
        PgQuery.Node select = PgQuery.Node.newBuilder().setSelectStmt(PgQuery.SelectStmt.newBuilder()
                .addTargetList(PgQuery.Node.newBuilder().setResTarget(target))
                .setOp(PgQuery.SetOperation.SETOP_NONE)
                .setLimitOption(PgQuery.LimitOption.LIMIT_OPTION_DEFAULT)).build();
        int[] oids = new int[types.length];
        for (int i = 0; i < oids.length; i++) {
            oids[i] = types[i].oid();
        }
        ParsedStatement statement = new ParsedStatement(session, RawParser.ofNode(c.text(), select), oids,
                (ParseState.ParameterNames) null).procedureCall(select.getSelectStmt().getTargetList(0)
                .getResTarget().getVal().getFuncCall());
        PlannedQuery q = statement.query();
        RowSource rows = q.open(new ExecContext(parameters, session));
        try {
            rows.next();
        } finally {
            rows.close();
        }
        return "CALL";
    }
}
