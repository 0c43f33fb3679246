/*
 * One user-defined function or procedure (a pg_proc row made by CREATE FUNCTION / CREATE PROCEDURE), as
 * functioncmds.c's CreateFunction interprets the statement: the parameters with their modes, names and defaults
 * (proargmodes, proargnames, proargdefaults), the result (prorettype, proretset, the OUT columns of a TABLE or of
 * several OUT parameters), the language and body (prosrc, or prosqlbody for BEGIN ATOMIC / RETURN), volatility
 * and strictness, the owner and the ACL (proowner, proacl). The row keeps the CREATE statement's text; FunctionCatalog re-reads it through {@link #of}, so
 * the statement's own checks (42P13) run again identically. SECURITY DEFINER makes it run as its owner
 * (prosecdef); COST, ROWS, PARALLEL and LEAKPROOF are accepted and not acted on.
 */
package osgres.sql.internal.utils;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import osgres.api.PgException;
import osgres.api.SqlState;
import osgres.pgquery.tree.PgQuery;
import osgres.storage.AclItem;
import osgres.storage.Role;

public record SqlFunction(int oid, String name, boolean procedure, List<Parameter> parameters, PgType returnType,
                   boolean returnsSet, List<String> outNames, List<PgType> outTypes, String language,
                   String source, PgQuery.Node sqlBody, char volatility, boolean strict, String definition,
                   String rowType, int owner, List<AclItem> acl, boolean securityDefiner) {

    /** The tables whose row types a function may take or return (a relation's name to its columns), or null. */
    @FunctionalInterface
    public interface RowTypes {
        osgres.storage.TableDef table(String name);

        /** The base type of the domain of this name, null when there is none. */
        default PgType domainBase(String name) {
            return null;
        }
    }

    /** proargmodes. */
    public enum Mode { IN, OUT, INOUT, VARIADIC, TABLE }

    /** One parameter: its name (null when unnamed), type, mode and DEFAULT expression (null when none). */
    public record Parameter(String name, PgType type, Mode mode, PgQuery.Node defaultExpr) {
        public boolean isInput() {
            return mode == Mode.IN || mode == Mode.INOUT || mode == Mode.VARIADIC;
        }

        public boolean isOutput() {
            return mode == Mode.OUT || mode == Mode.INOUT || mode == Mode.TABLE;
        }
    }

    /** The input parameters (proargtypes' order), which calls match. */
    public List<Parameter> inputs() {
        return parameters.stream().filter(Parameter::isInput).toList();
    }

    public List<PgType> inputTypes() {
        return inputs().stream().map(Parameter::type).toList();
    }

    /** True when the last input parameter is VARIADIC (provariadic). */
    public boolean variadic() {
        List<Parameter> in = inputs();
        return !in.isEmpty() && in.getLast().mode() == Mode.VARIADIC;
    }

    /** The result columns: several for TABLE(...), several OUT parameters or a set of them, else one. */
    public boolean composite() {
        return outTypes.size() > 1 || rowType != null;
    }

    public SqlFunction renamed(String newName) {
        return new SqlFunction(oid, newName, procedure, parameters, returnType, returnsSet, outNames, outTypes,
                language, source, sqlBody, volatility, strict, definition, rowType, owner, acl, securityDefiner);
    }

    /** The function with this owner (proowner) and ACL (proacl, null for the default: acldefault 'f'). */
    public SqlFunction withAcl(int newOwner, List<AclItem> newAcl) {
        return new SqlFunction(oid, name, procedure, parameters, returnType, returnsSet, outNames, outTypes,
                language, source, sqlBody, volatility, strict, definition, rowType, newOwner,
                newAcl == null ? null : List.copyOf(newAcl), securityDefiner);
    }

    /** "function" or "procedure", as aclcheck_error and ownership errors name the kind. */
    public String kind() {
        return procedure ? "procedure" : "function";
    }

    public SqlFunction withVolatility(char v, boolean isStrict) {
        return new SqlFunction(oid, name, procedure, parameters, returnType, returnsSet, outNames, outTypes,
                language, source, sqlBody, v, isStrict, definition, rowType, owner, acl, securityDefiner);
    }

    /** func_signature_string: {@code f(integer, text)} over the input types. */
    public String signature() {
        return Messages.signature(name, inputTypes());
    }

    /** What a CREATE FUNCTION statement defines (interpret_function_parameter_list, compute_function_attributes). */
    public static SqlFunction of(int oid, PgQuery.CreateFunctionStmt c, String definition, RowTypes rowTypes) {
        String name = c.getFuncnameList().getLast().getString().getSval();
        List<Parameter> parameters = new ArrayList<>();
        Set<String> names = new HashSet<>();
        boolean seenDefault = false;
        boolean seenVariadic = false;
        for (PgQuery.Node n : c.getParametersList()) {
            PgQuery.FunctionParameter fp = n.getFunctionParameter();
            Mode mode = switch (fp.getMode()) {
                case FUNC_PARAM_OUT -> Mode.OUT;
                case FUNC_PARAM_INOUT -> Mode.INOUT;
                case FUNC_PARAM_VARIADIC -> Mode.VARIADIC;
                case FUNC_PARAM_TABLE -> Mode.TABLE;
                default -> Mode.IN;
            };
            PgType type = type(fp.getArgType(), rowTypes);
            String pname = fp.getName().isEmpty() ? null : fp.getName();
            if (mode == Mode.VARIADIC && !type.isArray()) {
                throw PgException.error(SqlState.INVALID_FUNCTION_DEFINITION,
                        "VARIADIC parameter must be an array");
            }
            if (seenVariadic && (mode == Mode.IN || mode == Mode.INOUT)) {
                throw PgException.error(SqlState.INVALID_FUNCTION_DEFINITION,
                        "VARIADIC parameter must be the last input parameter");
            }
            seenVariadic |= mode == Mode.VARIADIC;
            if (pname != null && !names.add(pname + (mode == Mode.OUT ? "/out" : ""))) {
                throw PgException.error(SqlState.INVALID_FUNCTION_DEFINITION,
                        "parameter name \"" + pname + "\" used more than once");
            }
            if (mode == Mode.OUT && pname != null && names.contains(pname)) {
                // an OUT parameter may share an input's name (they are different columns) but not another OUT's
                names.remove(pname + "/out");
                names.add(pname + "/out");
            }
            PgQuery.Node def = fp.hasDefexpr() ? fp.getDefexpr() : null;
            if (def != null) {
                if (mode == Mode.OUT || mode == Mode.TABLE) {
                    throw PgException.error(SqlState.INVALID_FUNCTION_DEFINITION,
                            "only input parameters can have default values");
                }
                seenDefault = true;
            } else if (seenDefault && (mode == Mode.IN || mode == Mode.INOUT || mode == Mode.VARIADIC)) {
                throw PgException.error(SqlState.INVALID_FUNCTION_DEFINITION,
                        "input parameters after one with a default value must also have defaults");
            }
            parameters.add(new Parameter(pname, type, mode, def));
        }
        List<String> outNames = new ArrayList<>();
        List<PgType> outTypes = new ArrayList<>();
        int column = 1;
        for (Parameter p : parameters) {
            if (p.isOutput()) {
                outNames.add(p.name() != null ? p.name() : "column" + column);
                outTypes.add(p.type());
            }
            column++;
        }
        boolean table = parameters.stream().anyMatch(p -> p.mode() == Mode.TABLE);
        PgType returnType;
        String rowType = null;
        boolean setof = false;
        if (c.getIsProcedure()) {
            returnType = outTypes.isEmpty() ? PgType.VOID : outTypes.size() == 1 ? outTypes.getFirst()
                    : PgType.RECORD;
        } else if (c.hasReturnType()) {
            setof = c.getReturnType().getSetof() || table;
            osgres.storage.TableDef relation = rowTypes == null ? null : rowType(c.getReturnType(), rowTypes);
            PgType fromOut = outTypes.isEmpty() ? null : outTypes.size() == 1 ? outTypes.getFirst() : PgType.RECORD;
            if (relation != null && outTypes.isEmpty()) {
                // RETURNS [SETOF] t: the table's row type, its columns as the result's
                for (osgres.storage.ColumnDef col : relation.columns()) {
                    outNames.add(col.name());
                    outTypes.add(PgType.byOid(col.typeOid()));
                }
                rowType = relation.name();
            }
            returnType = relation != null ? PgType.RECORD : type(c.getReturnType(), rowTypes);
            if (fromOut != null && fromOut != returnType) {
                throw PgException.error(SqlState.INVALID_FUNCTION_DEFINITION, "function result type must be "
                        + fromOut.sqlName() + " because of OUT parameters");
            }
        } else if (!outTypes.isEmpty()) {
            returnType = outTypes.size() == 1 ? outTypes.getFirst() : PgType.RECORD;
        } else {
            throw PgException.error(SqlState.INVALID_FUNCTION_DEFINITION, "function result type must be specified");
        }
        if (outTypes.isEmpty() && returnType != PgType.VOID) {
            outNames.add(name);
            outTypes.add(returnType);
        }
        String language = null;
        String source = null;
        char volatility = 'v';
        boolean strict = false;
        boolean securityDefiner = false;
        for (PgQuery.Node n : c.getOptionsList()) {
            PgQuery.DefElem d = n.getDefElem();
            switch (d.getDefname()) {
                case "language" -> language = d.getArg().getString().getSval().toLowerCase(java.util.Locale.ROOT);
                case "as" -> {
                    List<PgQuery.Node> items = d.getArg().getList().getItemsList();
                    source = items.getFirst().getString().getSval();
                }
                case "volatility" -> volatility = d.getArg().getString().getSval().charAt(0);
                case "strict" -> strict = d.getArg().getBoolean().getBoolval();
                case "security" -> securityDefiner = d.getArg().getBoolean().getBoolval();
                default -> {
                    // COST, ROWS, PARALLEL, LEAKPROOF, SET: accepted as attributes
                }
            }
        }
        PgQuery.Node body = c.hasSqlBody() ? c.getSqlBody() : null;
        if (language == null) {
            if (body == null) {
                throw PgException.error(SqlState.INVALID_FUNCTION_DEFINITION, "no language specified");
            }
            language = "sql";
        }
        if (!language.equals("sql") && !language.equals("plpgsql")) {
            if (language.equals("c") || language.equals("internal")) {
                throw Messages.notSupported("LANGUAGE " + language, 0);
            }
            throw PgException.error(SqlState.UNDEFINED_OBJECT, "language \"" + language + "\" does not exist");
        }
        if (body != null && source != null) {
            throw PgException.error(SqlState.INVALID_FUNCTION_DEFINITION,
                    "duplicate function body specified");
        }
        if (body != null && !language.equals("sql")) {
            throw PgException.error(SqlState.INVALID_FUNCTION_DEFINITION,
                    "inline SQL function body only valid for language SQL");
        }
        if (body == null && source == null) {
            throw PgException.error(SqlState.INVALID_FUNCTION_DEFINITION, "no function body specified");
        }
        if (returnType == PgType.RECORD && outTypes.size() <= 1 && !table && rowType == null) {
            outNames.clear();
            outTypes.clear();
        }
        return new SqlFunction(oid, name, c.getIsProcedure(), List.copyOf(parameters), returnType, setof,
                List.copyOf(outNames), List.copyOf(outTypes), language, source, body, volatility, strict,
                definition, rowType, Role.BOOTSTRAP_SUPERUSER_OID, null, securityDefiner);
    }

    /** The table a type name names (its row type), or null. */
    private static osgres.storage.TableDef rowType(PgQuery.TypeName tn, RowTypes rowTypes) {
        List<String> names = new ArrayList<>();
        for (PgQuery.Node n : tn.getNamesList()) {
            names.add(n.getString().getSval());
        }
        if (tn.getArrayBoundsCount() > 0 || names.size() > 2 || names.getFirst().equals("pg_catalog")
                || PgType.byName(names.getLast()) != null) {
            return null;
        }
        osgres.storage.TableDef t = rowTypes.table(String.join(".", names));
        return t == null || t.isSequence() ? null : t;
    }

    /** A parameter's or the result's type: the built-in types by name, arrays of them. */
    public static PgType type(PgQuery.TypeName tn) {
        return type(tn, null);
    }

    /**
     * A parameter's or the result's type, a domain standing for its base type (the function takes and returns
     * values of the base type; a domain's checks run where a value is cast or stored).
     */
    public static PgType type(PgQuery.TypeName tn, RowTypes rowTypes) {
        List<String> names = new ArrayList<>();
        for (PgQuery.Node n : tn.getNamesList()) {
            names.add(n.getString().getSval());
        }
        if (tn.getPctType()) {
            throw Messages.notSupported("%TYPE in function declarations", 0);
        }
        String last = names.getLast();
        if (names.size() == 2 && !names.getFirst().equals("pg_catalog") && !names.getFirst().equals("public")) {
            throw Messages.typeDoesNotExist(String.join(".", names), 0);
        }
        PgType t = names.getFirst().equals("public") && names.size() == 2 ? null : PgType.byName(last);
        if (t == null && last.equals("record")) {
            t = PgType.RECORD;
        } else if (t == null && last.equals("trigger")) {
            t = PgType.TRIGGER;
        }
        if (t == null && rowTypes != null && (names.size() == 1 || names.getFirst().equals("public"))) {
            t = rowTypes.domainBase(last);
        }
        if (t == null) {
            throw Messages.typeDoesNotExist(String.join(".", names), 0);
        }
        if (tn.getArrayBoundsCount() > 0) {
            if (t.arrayType() == null) {
                throw Messages.typeDoesNotExist(last + "[]", 0);
            }
            t = t.arrayType();
        }
        return t;
    }
}
