/*
 * Utility statements from PostgreSQL's own parse tree (osgres.pgquery): the node gram.y built for a transaction
 * command, SET/SHOW/RESET, DISCARD, DEALLOCATE, CREATE/DROP TABLE, INDEX, DATABASE, ROLE, ALTER TABLE, TRUNCATE,
 * COPY, VACUUM, ANALYZE, CHECKPOINT or LOCK becomes the UtilityCommand the session runs. The grammar is
 * PostgreSQL's, so are its syntax errors and positions; what this class adds are the checks PostgreSQL makes after
 * parsing (parse_utilcmd.c, copy.c, reloptions.c) with their messages, and 0A000 for the forms osgres does not
 * have. A statement of another kind (SELECT, INSERT..., CREATE FUNCTION) is not a utility command here: null.
 */
package osgres.sql.internal.parser;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import osgres.api.PgException;
import osgres.api.SqlState;
import osgres.pgquery.tree.PgQuery;
import osgres.sql.internal.catalog.TemporaryTables;
import osgres.sql.internal.nodes.CursorDirection;
import osgres.sql.internal.utils.Casts;
import osgres.sql.internal.utils.Messages;
import osgres.sql.internal.utils.RegClass;
import osgres.sql.internal.utils.PgType;
import osgres.sql.internal.utils.TypeIo;
import osgres.storage.LockMode;
import osgres.sql.internal.utils.SqlFunction;

final class UtilityTranslator {
    private final String sql;
    private final QueryLexer.Piece piece;
    /** Where the parsed text starts in {@link #sql}: node locations are relative to it. */
    private final int base;
    /**
     * CHECK and FOREIGN KEY constraints met in the column and table definitions being translated (CREATE TABLE's
     * and ADD COLUMN's), as the ALTER TABLE actions that add them.
     */
    private final List<UtilityCommand> columnChecks = new ArrayList<>();
    /** The table those constraints are for. */
    private String constraintTable;

    private UtilityTranslator(String sql, QueryLexer.Piece piece) {
        this.sql = sql;
        this.piece = piece;
        this.base = piece.start();
    }

    /**
     * The offset in {@link #sql} of a node location: libpg_query counts bytes of the UTF-8 text it parsed (the
     * piece), Java strings count UTF-16 units.
     */
    private int at(int byteLocation) {
        int bytes = 0;
        int i = base;
        int end = piece.end();
        while (i < end && bytes < byteLocation) {
            int cp = sql.codePointAt(i);
            bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            i += Character.charCount(cp);
        }
        return i;
    }

    /** The 1-based error position of a node location. */
    private int position(int byteLocation) {
        return at(byteLocation) + 1;
    }

    /** The utility command of {@code node} (one statement of {@code piece}), or null if it is not one of them. */
    static UtilityCommand translate(String sql, QueryLexer.Piece piece, PgQuery.Node node) {
        return new UtilityTranslator(sql, piece).command(node);
    }

    private UtilityCommand command(PgQuery.Node node) {
        return switch (node.getNodeCase()) {
            case TRANSACTION_STMT -> transaction(node.getTransactionStmt());
            case VARIABLE_SET_STMT -> set(node.getVariableSetStmt());
            case VARIABLE_SHOW_STMT -> show(node.getVariableShowStmt().getName());
            case DISCARD_STMT -> new UtilityCommand.Discard(switch (node.getDiscardStmt().getTarget()) {
                case DISCARD_PLANS -> "PLANS";
                case DISCARD_SEQUENCES -> "SEQUENCES";
                case DISCARD_TEMP -> "TEMP";
                default -> "ALL";
            });
            case DEALLOCATE_STMT -> new UtilityCommand.Deallocate(node.getDeallocateStmt().getName().isEmpty() ? null
                    : node.getDeallocateStmt().getName());
            case PREPARE_STMT -> prepare(node.getPrepareStmt());
            case EXECUTE_STMT -> execute(node.getExecuteStmt());
            case CREATE_STMT -> createTable(node.getCreateStmt());
            case CREATE_TABLE_AS_STMT -> createTableAs(node.getCreateTableAsStmt());
            case VIEW_STMT -> createView(node.getViewStmt());
            case RENAME_STMT -> rename(node.getRenameStmt());
            case CREATE_FUNCTION_STMT -> new UtilityCommand.CreateFunction(node.getCreateFunctionStmt(),
                    sql.substring(piece.start(), piece.end()), piece.start());
            case ALTER_FUNCTION_STMT -> alterFunction(node.getAlterFunctionStmt());
            case CREATE_CAST_STMT -> new UtilityCommand.CreateCast(node.getCreateCastStmt(),
                    sql.substring(piece.start(), piece.end()));
            case DEFINE_STMT -> switch (node.getDefineStmt().getKind()) {
                case OBJECT_AGGREGATE -> new UtilityCommand.CreateAggregate(node.getDefineStmt(),
                        sql.substring(piece.start(), piece.end()));
                case OBJECT_OPERATOR -> new UtilityCommand.CreateOperator(node.getDefineStmt(),
                        sql.substring(piece.start(), piece.end()));
                default -> null;
            };
            case ALTER_OWNER_STMT -> alterOwner(node.getAlterOwnerStmt());
            case GRANT_STMT -> grant(node.getGrantStmt());
            case ALTER_DEFAULT_PRIVILEGES_STMT -> alterDefaultPrivileges(node.getAlterDefaultPrivilegesStmt());
            case CREATE_DOMAIN_STMT -> createDomain(node.getCreateDomainStmt());
            case COMPOSITE_TYPE_STMT -> createComposite(node.getCompositeTypeStmt());
            case CREATE_ENUM_STMT -> createEnum(node.getCreateEnumStmt());
            case ALTER_ENUM_STMT -> alterEnum(node.getAlterEnumStmt());
            case CREATE_OP_CLASS_STMT -> createOpClass(node.getCreateOpClassStmt());
            case ALTER_DOMAIN_STMT -> alterDomain(node.getAlterDomainStmt());
            case COMMENT_STMT -> comment(node.getCommentStmt());
            case CREATE_TRIG_STMT -> new UtilityCommand.CreateTrigger(node.getCreateTrigStmt(),
                    sql.substring(piece.start(), piece.end()));
            case RULE_STMT -> new UtilityCommand.CreateRule(node.getRuleStmt(),
                    sql.substring(piece.start(), piece.end()));
            case DO_STMT -> {
                String code = null;
                String language = "plpgsql";
                for (PgQuery.Node n : node.getDoStmt().getArgsList()) {
                    PgQuery.DefElem d = n.getDefElem();
                    if (d.getDefname().equals("as")) {
                        code = d.getArg().getString().getSval();
                    } else if (d.getDefname().equals("language")) {
                        language = d.getArg().getString().getSval().toLowerCase(Locale.ROOT);
                    }
                }
                yield new UtilityCommand.Do(code, language, piece.start());
            }
            case CALL_STMT -> new UtilityCommand.Call(node.getCallStmt().getFunccall(),
                    sql.substring(piece.start(), piece.end()));
            case CREATE_SEQ_STMT -> new UtilityCommand.CreateSequence(
                    relationName(node.getCreateSeqStmt().getSequence()),
                    sequenceOptions(node.getCreateSeqStmt().getOptionsList()), node.getCreateSeqStmt().getIfNotExists());
            case ALTER_SEQ_STMT -> new UtilityCommand.AlterSequence(
                    relationName(node.getAlterSeqStmt().getSequence()),
                    sequenceOptions(node.getAlterSeqStmt().getOptionsList()), node.getAlterSeqStmt().getMissingOk());
            case SELECT_STMT -> node.getSelectStmt().hasIntoClause() ? selectInto(node.getSelectStmt()) : null;
            case INDEX_STMT -> createIndex(node.getIndexStmt());
            case REINDEX_STMT -> reindex(node.getReindexStmt());
            case DROP_STMT -> drop(node.getDropStmt());
            case TRUNCATE_STMT -> new UtilityCommand.Truncate(relations(node.getTruncateStmt().getRelationsList()),
                    node.getTruncateStmt().getRestartSeqs(),
                    node.getTruncateStmt().getBehavior() == PgQuery.DropBehavior.DROP_CASCADE);
            case ALTER_TABLE_STMT -> alterTable(node.getAlterTableStmt());
            case COPY_STMT -> copy(node.getCopyStmt());
            case VACUUM_STMT -> vacuum(node.getVacuumStmt());
            case CHECK_POINT_STMT -> new UtilityCommand.Checkpoint();
            case LOCK_STMT -> lock(node.getLockStmt());
            case CONSTRAINTS_SET_STMT -> {
                List<String> constraintNames = new ArrayList<>();
                for (PgQuery.Node n : node.getConstraintsSetStmt().getConstraintsList()) {
                    constraintNames.add(n.getRangeVar().getRelname());
                }
                yield new UtilityCommand.SetConstraints(List.copyOf(constraintNames),
                        node.getConstraintsSetStmt().getDeferred());
            }
            case CREATEDB_STMT -> new UtilityCommand.CreateDatabase(node.getCreatedbStmt().getDbname());
            case DROPDB_STMT -> new UtilityCommand.DropDatabase(node.getDropdbStmt().getDbname(),
                    node.getDropdbStmt().getMissingOk());
            case CREATE_ROLE_STMT -> createRole(node.getCreateRoleStmt());
            case DECLARE_CURSOR_STMT -> declareCursor(node.getDeclareCursorStmt());
            case FETCH_STMT -> fetch(node.getFetchStmt());
            case CLOSE_PORTAL_STMT -> new UtilityCommand.CloseCursor(
                    node.getClosePortalStmt().getPortalname().isEmpty() ? null
                            : node.getClosePortalStmt().getPortalname());
            case DROP_ROLE_STMT -> new UtilityCommand.DropRole(roleNames(node.getDropRoleStmt().getRolesList()),
                    node.getDropRoleStmt().getMissingOk());
            case ALTER_ROLE_STMT -> {
                PgQuery.AlterRoleStmt a = node.getAlterRoleStmt();
                yield new UtilityCommand.AlterRole(roleName(a.getRole()), roleOptions(a.getOptionsList()),
                        a.getAction());
            }
            case GRANT_ROLE_STMT -> grantRole(node.getGrantRoleStmt());
            case REASSIGN_OWNED_STMT -> new UtilityCommand.ReassignOwned(
                    roleNames(node.getReassignOwnedStmt().getRolesList()),
                    roleName(node.getReassignOwnedStmt().getNewrole()));
            case DROP_OWNED_STMT -> new UtilityCommand.DropOwned(roleNames(node.getDropOwnedStmt().getRolesList()),
                    node.getDropOwnedStmt().getBehavior() == PgQuery.DropBehavior.DROP_CASCADE);
            case ALTER_ROLE_SET_STMT -> {
                PgQuery.AlterRoleSetStmt a = node.getAlterRoleSetStmt();
                yield roleSet(a.hasRole() ? roleName(a.getRole()) : null, a.getDatabase().isEmpty() ? null
                        : a.getDatabase(), false, a.getSetstmt());
            }
            case ALTER_DATABASE_SET_STMT -> roleSet(null, node.getAlterDatabaseSetStmt().getDbname(), true,
                    node.getAlterDatabaseSetStmt().getSetstmt());
            default -> null;
        };
    }

    // ---- transactions, SET, SHOW ---------------------------------------------------------------------------

    private UtilityCommand transaction(PgQuery.TransactionStmt t) {
        return switch (t.getKind()) {
            case TRANS_STMT_BEGIN, TRANS_STMT_START -> {
                TransactionModes modes = transactionModes(t.getOptionsList());
                yield new UtilityCommand.Begin(modes.isolation, modes.readOnly, modes.deferrable);
            }
            case TRANS_STMT_COMMIT -> new UtilityCommand.Commit(t.getChain());
            case TRANS_STMT_ROLLBACK -> new UtilityCommand.Rollback(t.getChain());
            case TRANS_STMT_SAVEPOINT -> new UtilityCommand.Savepoint(t.getSavepointName());
            case TRANS_STMT_RELEASE -> new UtilityCommand.ReleaseSavepoint(t.getSavepointName());
            case TRANS_STMT_ROLLBACK_TO -> new UtilityCommand.RollbackToSavepoint(t.getSavepointName());
            default -> throw Messages.notSupported("two-phase commit", 0);
        };
    }

    /** transaction_mode_list as DefElems: transaction_isolation, transaction_read_only, transaction_deferrable. */
    private record TransactionModes(String isolation, Boolean readOnly, Boolean deferrable) {
    }

    private static TransactionModes transactionModes(List<PgQuery.Node> options) {
        String isolation = null;
        Boolean readOnly = null;
        Boolean deferrable = null;
        for (PgQuery.Node option : options) {
            PgQuery.DefElem d = option.getDefElem();
            switch (d.getDefname()) {
                case "transaction_isolation" -> isolation = constant(d.getArg());
                case "transaction_read_only" -> readOnly = !"0".equals(constant(d.getArg()));
                case "transaction_deferrable" -> deferrable = !"0".equals(constant(d.getArg()));
                default -> { }
            }
        }
        return new TransactionModes(isolation, readOnly, deferrable);
    }

    private UtilityCommand set(PgQuery.VariableSetStmt s) {
        String name = s.getName();
        return switch (s.getKind()) {
            case VAR_SET_VALUE -> {
                List<String> values = new ArrayList<>();
                for (PgQuery.Node arg : s.getArgsList()) {
                    values.add(setValue(arg));
                }
                yield new UtilityCommand.Set(name, values, s.getIsLocal());
            }
            case VAR_SET_DEFAULT, VAR_SET_CURRENT -> new UtilityCommand.Set(name, null, s.getIsLocal());
            case VAR_SET_MULTI -> {
                if (name.equals("TRANSACTION") || name.equals("SESSION CHARACTERISTICS")) {
                    TransactionModes modes = transactionModes(s.getArgsList());
                    yield new UtilityCommand.SetTransaction(name.startsWith("SESSION"), modes.isolation,
                            modes.readOnly, modes.deferrable);
                }
                throw Messages.notSupported("SET " + name, 0);
            }
            case VAR_RESET -> new UtilityCommand.Reset(name);
            case VAR_RESET_ALL -> new UtilityCommand.Reset(null);
            default -> throw Messages.notSupported("this form of SET", 0);
        };
    }

    /** ALTER ROLE / DATABASE ... SET name TO value, RESET name, RESET ALL (FROM CURRENT is not supported). */
    private UtilityCommand roleSet(UtilityCommand.RoleName role, String database, boolean forDatabaseOnly,
                                   PgQuery.VariableSetStmt s) {
        return switch (s.getKind()) {
            case VAR_SET_VALUE -> {
                List<String> values = new ArrayList<>();
                for (PgQuery.Node arg : s.getArgsList()) {
                    values.add(setValue(arg));
                }
                yield new UtilityCommand.AlterRoleSet(role, database, forDatabaseOnly, s.getName(), values);
            }
            case VAR_SET_DEFAULT, VAR_RESET -> new UtilityCommand.AlterRoleSet(role, database, forDatabaseOnly,
                    s.getName(), null);
            case VAR_RESET_ALL -> new UtilityCommand.AlterRoleSet(role, database, forDatabaseOnly, null, null);
            default -> throw Messages.notSupported("SET FROM CURRENT in ALTER ROLE", 0);
        };
    }

    /** A SET value: a string, a number (as written) or a word; SET TIME ZONE INTERVAL is not supported. */
    private String setValue(PgQuery.Node arg) {
        if (arg.hasAConst()) {
            return constant(arg);
        }
        if (arg.hasTypeCast() && arg.getTypeCast().getArg().hasAConst()) {
            throw Messages.notSupported("SET TIME ZONE INTERVAL", position(arg.getTypeCast().getLocation()));
        }
        throw Messages.notSupported("this SET value", 0);
    }

    private static UtilityCommand show(String name) {
        return new UtilityCommand.Show(name.equals("all") ? null : name);
    }

    /** An A_Const as text: a string's value, a number as written, a boolean as on/off. */
    private static String constant(PgQuery.Node node) {
        PgQuery.A_Const c = node.getAConst();
        return switch (c.getValCase()) {
            case SVAL -> c.getSval().getSval();
            case IVAL -> Integer.toString(c.getIval().getIval());
            case FVAL -> c.getFval().getFval();
            case BOOLVAL -> c.getBoolval().getBoolval() ? "on" : "off";
            case BSVAL -> c.getBsval().getBsval();
            default -> "";
        };
    }

    // ---- cursors (portalcmds.c) ------------------------------------------------------------------------------

    /**
     * DECLARE ... CURSOR ... FOR query: the query is everything after the FOR that follows the CURSOR keyword (the
     * cursor's name, the second token, may itself be the word "cursor"; only WITH/WITHOUT HOLD come between).
     */
    /** PREPARE: the statement is what follows the top-level AS; the declared types as the analyser reads them. */
    private UtilityCommand prepare(PgQuery.PrepareStmt p) {
        List<PgType> types = new ArrayList<>();
        for (PgQuery.Node n : p.getArgtypesList()) {
            types.add(parameterType(n.getTypeName()));
        }
        List<QueryLexer.Token> tokens = piece.tokens();
        int start = firstTopLevelWord("as") + 1;
        List<QueryLexer.Token> query = tokens.subList(start, tokens.size());
        QueryLexer.Piece slice = new QueryLexer.Piece(query.getFirst().start(), query.getLast().end(),
                List.copyOf(query));
        return new UtilityCommand.Prepare(p.getName(), List.copyOf(types), sql, slice,
                sql.substring(piece.start(), piece.end()));
    }

    /** A PREPARE parameter's declared type (typenameTypeId): a built-in type, or an array of one. */
    private PgType parameterType(PgQuery.TypeName typeName) {
        List<String> qualified = names(typeName.getNamesList());
        int p = position(typeName.getLocation());
        if (qualified.size() > 1 && !qualified.getFirst().equals("pg_catalog")) {
            throw Messages.typeDoesNotExist(String.join(".", qualified), p);
        }
        PgType type = PgType.byName(qualified.getLast());
        if (type == null) {
            throw Messages.typeDoesNotExist(String.join(".", qualified), p);
        }
        if (typeName.getArrayBoundsCount() > 0) {
            if (type.arrayType() == null) {
                throw Messages.typeDoesNotExist(qualified.getLast() + "[]", p);
            }
            type = type.arrayType();
        }
        return type;
    }

    private UtilityCommand.Execute execute(PgQuery.ExecuteStmt e) {
        return new UtilityCommand.Execute(e.getName(), List.copyOf(e.getParamsList()),
                sql.substring(piece.start(), piece.end()), piece.start());
    }

    private UtilityCommand declareCursor(PgQuery.DeclareCursorStmt d) {
        List<QueryLexer.Token> tokens = piece.tokens();
        int i = 2;
        while (i < tokens.size() && !tokens.get(i).isWord("cursor")) {
            i++;
        }
        while (i < tokens.size() && !tokens.get(i).isWord("for")) {
            i++;
        }
        if (i + 1 >= tokens.size()) {
            throw Messages.notSupported("this DECLARE CURSOR", 0);
        }
        List<QueryLexer.Token> query = tokens.subList(i + 1, tokens.size());
        QueryLexer.Piece slice = new QueryLexer.Piece(query.getFirst().start(), query.getLast().end(),
                List.copyOf(query));
        PgQuery.SelectStmt select = d.getQuery().getSelectStmt();
        while (select.hasLarg()) {
            select = select.getLarg(); // the leftmost SELECT of a set operation is where INTO may stand
        }
        int into = select.hasIntoClause() ? position(select.getIntoClause().getRel().getLocation()) : 0;
        return new UtilityCommand.DeclareCursor(d.getPortalname(), d.getOptions(), sql, slice, into);
    }

    private static UtilityCommand fetch(PgQuery.FetchStmt f) {
        CursorDirection direction = switch (f.getDirection()) {
            case FETCH_BACKWARD -> CursorDirection.BACKWARD;
            case FETCH_ABSOLUTE -> CursorDirection.ABSOLUTE;
            case FETCH_RELATIVE -> CursorDirection.RELATIVE;
            default -> CursorDirection.FORWARD;
        };
        return new UtilityCommand.Fetch(f.getPortalname(), direction, f.getHowMany(), f.getIsmove());
    }

    // ---- DDL -----------------------------------------------------------------------------------------------

    /**
     * A relation name as osgres keeps it: the schema stays a prefix when given ({@code public.t} names the permanent
     * table even where a temporary {@code t} shadows it; {@code pg_temp.t} the temporary one).
     */
    private static String relationName(PgQuery.RangeVar r) {
        String schema = r.getSchemaname();
        return schema.isEmpty() ? r.getRelname() : schema + "." + r.getRelname();
    }

    /**
     * CREATE TEMP TABLE, or a new table named in a temporary schema (RangeVarAdjustRelationPersistence, which
     * refuses an UNLOGGED table there).
     */
    private boolean temporary(PgQuery.RangeVar r) {
        boolean inTemporarySchema = TemporaryTables.isTemporarySchema(r.getSchemaname());
        if (inTemporarySchema && r.getRelpersistence().equals("u")) {
            throw Messages.onlyTemporaryRelationsInTemporarySchemas().withPosition(position(r.getLocation()));
        }
        return r.getRelpersistence().equals("t") || inTemporarySchema;
    }

    /** The ON COMMIT clause, or null when there was none. */
    private static osgres.storage.OnCommitAction onCommit(PgQuery.OnCommitAction action) {
        return switch (action) {
            case ONCOMMIT_PRESERVE_ROWS -> osgres.storage.OnCommitAction.PRESERVE_ROWS;
            case ONCOMMIT_DELETE_ROWS -> osgres.storage.OnCommitAction.DELETE_ROWS;
            case ONCOMMIT_DROP -> osgres.storage.OnCommitAction.DROP;
            default -> null;
        };
    }

    private static List<String> relations(List<PgQuery.Node> nodes) {
        List<String> names = new ArrayList<>();
        for (PgQuery.Node n : nodes) {
            names.add(relationName(n.getRangeVar()));
        }
        return names;
    }

    private static List<String> names(List<PgQuery.Node> strings) {
        List<String> names = new ArrayList<>();
        for (PgQuery.Node n : strings) {
            names.add(n.hasString() ? n.getString().getSval() : n.getIndexElem().getName());
        }
        return names;
    }

    private UtilityCommand createTable(PgQuery.CreateStmt c) {
        String table = relationName(c.getRelation());
        if (c.hasOfTypename()) {
            throw Messages.notSupported("CREATE TABLE ... OF type", 0);
        }
        UtilityCommand.TableInheritance inheritance = inheritance(c);
        List<UtilityCommand.ColumnSpec> columns = new ArrayList<>();
        constraintTable = table;
        List<String> primaryKey = null;
        List<List<String>> uniques = new ArrayList<>();
        List<PgQuery.Node> tableConstraints = new ArrayList<>(c.getConstraintsList());
        List<PgQuery.ColumnDef> columnDefs = new ArrayList<>();
        List<UtilityCommand.TableLike> likes = new ArrayList<>();
        for (PgQuery.Node element : c.getTableEltsList()) {
            if (element.hasColumnDef() && !element.getColumnDef().hasTypeName()) {
                // PARTITION OF parent (a WITH OPTIONS ...): options for an inherited column
                inheritance.columnOptions().add(partitionColumn(element.getColumnDef(), table));
            } else if (element.hasColumnDef()) {
                columnDefs.add(element.getColumnDef());
                columns.add(column(element.getColumnDef(), table));
            } else if (element.hasConstraint()) {
                tableConstraints.add(element);
            } else if (element.hasTableLikeClause()) {
                PgQuery.TableLikeClause like = element.getTableLikeClause();
                likes.add(new UtilityCommand.TableLike(relationName(like.getRelation()), like.getOptions(),
                        position(like.getRelation().getLocation()), columns.size()));
            } else {
                throw Messages.notSupported("this CREATE TABLE element", 0);
            }
        }
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).primaryKey()) {
                primaryKey = checkOnePrimaryKey(table, primaryKey, List.of(columns.get(i).name()),
                        position(primaryKeyLocation(columnDefs.get(i))));
            }
        }
        for (PgQuery.Node node : tableConstraints) {
            PgQuery.Constraint constraint = node.getConstraint();
            switch (constraint.getContype()) {
                case CONSTR_PRIMARY -> primaryKey = checkOnePrimaryKey(table, primaryKey,
                        names(constraint.getKeysList()), position(constraint.getLocation()));
                case CONSTR_UNIQUE -> uniques.add(names(constraint.getKeysList()));
                case CONSTR_CHECK -> columnChecks.add(new UtilityCommand.AddCheck(table, checkSpec(constraint)));
                case CONSTR_FOREIGN -> columnChecks.add(new UtilityCommand.AddForeignKey(table,
                        foreignKeySpec(constraint, null)));
                default -> throw Messages.notSupported(constraintKind(constraint) + " constraints",
                        position(constraint.getLocation()));
            }
        }
        StorageParameters parameters = storageParameters(withoutOidsOff(c.getOptionsList()));
        int fillfactor = parameters.fillfactor() == null ? 100 : parameters.fillfactor();
        return new UtilityCommand.CreateTable(table, List.copyOf(columns), primaryKey, List.copyOf(uniques),
                fillfactor, parameters.others(), c.getIfNotExists(), temporary(c.getRelation()),
                onCommit(c.getOncommit()), position(c.getRelation().getLocation()), inheritance,
                List.copyOf(columnChecks), List.copyOf(likes));
    }

    /** INHERITS (parents), PARTITION OF parent FOR VALUES ..., PARTITION BY strategy (key): null when none. */
    private UtilityCommand.TableInheritance inheritance(PgQuery.CreateStmt c) {
        if (c.getInhRelationsCount() == 0 && !c.hasPartspec() && !c.hasPartbound()) {
            return null;
        }
        List<String> parents = relations(c.getInhRelationsList());
        UtilityCommand.PartitionKeySpec key = null;
        if (c.hasPartspec()) {
            PgQuery.PartitionSpec spec = c.getPartspec();
            List<String> columns = new ArrayList<>();
            List<Integer> positions = new ArrayList<>();
            for (PgQuery.Node param : spec.getPartParamsList()) {
                PgQuery.PartitionElem elem = param.getPartitionElem();
                // a column by name, an expression (or a column with a COLLATE or an operator class) by its text as
                // written, to be analysed against the table
                boolean plain = !elem.getName().isEmpty() && elem.getOpclassCount() == 0
                        && elem.getCollationCount() == 0;
                columns.add(plain ? elem.getName() : PartitionBoundSpec.EXPRESSION_MARK
                        + elementText(elem.getLocation()));
                positions.add(position(elem.getLocation()));
            }
            key = new UtilityCommand.PartitionKeySpec(spec.getStrategy().toLowerCase(java.util.Locale.ROOT),
                    List.copyOf(columns), List.copyOf(positions), position(spec.getLocation()));
        }
        return new UtilityCommand.TableInheritance(parents, c.hasPartbound() ? boundSpec(c.getPartbound()) : null,
                key, new ArrayList<>());
    }

    /** The text of a list element starting at {@code byteLocation}: up to its comma or closing parenthesis. */
    private String elementText(int byteLocation) {
        int start = at(byteLocation);
        int depth = 0;
        int end = start;
        for (QueryLexer.Token t : piece.tokens()) {
            if (t.start() < start) {
                continue;
            }
            if (t.kind() == QueryLexer.Kind.PUNCT && t.text().equals("(")) {
                depth++;
            } else if (t.kind() == QueryLexer.Kind.PUNCT && t.text().equals(")")) {
                if (depth == 0) {
                    break;
                }
                depth--;
            } else if (depth == 0 && t.kind() == QueryLexer.Kind.PUNCT && t.text().equals(",")) {
                break;
            }
            end = t.end();
        }
        return sql.substring(start, end);
    }

    /** FOR VALUES ... / DEFAULT, its datums as SQL text with their positions in the statement. */
    private PartitionBoundSpec.Spec boundSpec(PgQuery.PartitionBoundSpec bound) {
        return PartitionBoundSpec.spec(bound, this::position, this::elementText);
    }

    /** A column of PARTITION OF: only NOT NULL and DEFAULT may be given for it. */
    private UtilityCommand.ColumnSpec partitionColumn(PgQuery.ColumnDef def, String table) {
        boolean notNull = def.getIsNotNull();
        String defaultSql = null;
        for (PgQuery.Node node : def.getConstraintsList()) {
            PgQuery.Constraint constraint = node.getConstraint();
            switch (constraint.getContype()) {
                case CONSTR_NOTNULL -> notNull = true;
                case CONSTR_NULL -> notNull = false;
                case CONSTR_DEFAULT -> {
                    if (defaultSql != null) {
                        throw Messages.multipleDefaults(def.getColname(), table, position(constraint.getLocation()));
                    }
                    defaultSql = defaultText(constraint);
                }
                default -> throw Messages.notSupported(constraintKind(constraint) + " constraints on partition columns",
                        position(constraint.getLocation()));
            }
        }
        return new UtilityCommand.ColumnSpec(def.getColname(), null, -1, notNull, defaultSql, false, false);
    }

    /** CREATE TABLE ... AS query: the query's text is what follows the top-level AS, less WITH [NO] DATA. */
    private UtilityCommand createTableAs(PgQuery.CreateTableAsStmt c) {
        if (c.getObjtype() != PgQuery.ObjectType.OBJECT_TABLE) {
            return null;
        }
        PgQuery.IntoClause into = c.getInto();
        UtilityCommand.Execute execute = c.getQuery().hasExecuteStmt() ? execute(c.getQuery().getExecuteStmt()) : null;
        StorageParameters parameters = storageParameters(into.getOptionsList());
        return new UtilityCommand.CreateTableAs(relationName(into.getRel()), names(into.getColNamesList()),
                execute == null ? queryAfterAs() : null, parameters.fillfactor() == null ? 100
                : parameters.fillfactor(), parameters.others(), c.getIfNotExists(), !into.getSkipData(),
                temporary(into.getRel()), onCommit(into.getOnCommit()), execute);
    }

    /**
     * CREATE [OR REPLACE] [TEMP] VIEW (view.c's DefineView): the query's text is what follows the top-level AS, less
     * a trailing WITH [LOCAL | CASCADED] CHECK OPTION. View options (security_barrier, check_option in WITH (...))
     * are not kept.
     */
    private UtilityCommand createView(PgQuery.ViewStmt v) {
        if (v.getOptionsCount() > 0) {
            throw Messages.notSupported("CREATE VIEW ... WITH (options)", 0);
        }
        String checkOption = switch (v.getWithCheckOption()) {
            case LOCAL_CHECK_OPTION -> "local";
            case CASCADED_CHECK_OPTION -> "cascaded";
            default -> null;
        };
        List<QueryLexer.Token> tokens = piece.tokens();
        int start = firstTopLevelWord("as") + 1;
        int end = tokens.size();
        if (checkOption != null) {
            // ... WITH [LOCAL | CASCADED] CHECK OPTION
            end -= 2;
            if (tokens.get(end - 1).isWord("local") || tokens.get(end - 1).isWord("cascaded")) {
                end--;
            }
            end--;
        }
        String query = sql.substring(tokens.get(start).start(), tokens.get(end - 1).end());
        int recursive = firstTopLevelWord("recursive");
        if (recursive >= 0 && recursive < start) {
            // CREATE RECURSIVE VIEW v (cols) AS q is WITH RECURSIVE v (cols) AS (q) SELECT cols FROM v, as the
            // grammar's makeRecursiveViewSelect turns it (the tree libpg_query gives is that already)
            String name = RegClass.quoteIdentifier(v.getView().getRelname());
            String columns = String.join(", ", names(v.getAliasesList()).stream().map(RegClass::quoteIdentifier)
                    .toList());
            query = "WITH RECURSIVE " + name + " (" + columns + ") AS (" + query + ") SELECT " + columns + " FROM "
                    + name;
        }
        return new UtilityCommand.CreateView(relationName(v.getView()), names(v.getAliasesList()), query,
                v.getReplace(),
                temporary(v.getView()), checkOption, v.getQuery().getSelectStmt(), sql, piece.start(), piece.end());
    }

    /**
     * A SELECT with INTO at its top level: PostgreSQL's grammar decides whether it is SELECT INTO (only then is it
     * translated, as CREATE TABLE AS). A cheap look at the tokens, so other SELECTs skip the second parser.
     */
    static boolean maybeSelectInto(QueryLexer.Piece piece) {
        List<QueryLexer.Token> tokens = piece.tokens();
        if (!tokens.getFirst().isWord("select")) {
            return false;
        }
        for (QueryLexer.Token t : tokens) {
            if (t.isWord("into")) {
                return true;
            }
        }
        return false;
    }

    /**
     * SELECT ... INTO [TEMP] t FROM ... (transformSelectStmt turns it into CREATE TABLE AS): the query is the
     * statement's text without its INTO clause.
     */
    private UtilityCommand selectInto(PgQuery.SelectStmt s) {
        PgQuery.IntoClause into = s.getIntoClause();
        List<QueryLexer.Token> tokens = piece.tokens();
        int intoAt = firstTopLevelWord("into");
        if (intoAt < 0) {
            return null; // the INTO is not where the tokens say (inside parentheses): leave it to the other parser
        }
        int name = intoAt + 1;
        while (name < tokens.size() - 1 && (tokens.get(name).isWord("temporary") || tokens.get(name).isWord("temp")
                || tokens.get(name).isWord("local") || tokens.get(name).isWord("global")
                || tokens.get(name).isWord("unlogged") || tokens.get(name).isWord("table"))) {
            name++;
        }
        int last = name;
        while (last + 2 < tokens.size() && tokens.get(last + 1).text().equals(".")) {
            last += 2; // schema.name
        }
        String query = sql.substring(piece.start(), tokens.get(intoAt).start()) + " "
                + sql.substring(tokens.get(last).end(), piece.end());
        return new UtilityCommand.CreateTableAs(relationName(into.getRel()), List.of(), query.strip(), 100,
                java.util.Map.of(), false, true, temporary(into.getRel()), null, null);
    }

    /** The index of the statement's first token {@code word} outside parentheses, or -1. */
    private int firstTopLevelWord(String word) {
        List<QueryLexer.Token> tokens = piece.tokens();
        int depth = 0;
        for (int i = 0; i < tokens.size(); i++) {
            QueryLexer.Token t = tokens.get(i);
            if (t.kind() == QueryLexer.Kind.PUNCT && t.text().equals("(")) {
                depth++;
            } else if (t.kind() == QueryLexer.Kind.PUNCT && t.text().equals(")")) {
                depth--;
            } else if (depth == 0 && t.isWord(word)) {
                return i;
            }
        }
        return -1;
    }

    private String queryAfterAs() {
        List<QueryLexer.Token> tokens = piece.tokens();
        int start = firstTopLevelWord("as") + 1;
        int end = tokens.size();
        if (end - 2 > start && tokens.get(end - 1).isWord("data") && tokens.get(end - 2).isWord("with")) {
            end -= 2;
        } else if (end - 3 > start && tokens.get(end - 1).isWord("data") && tokens.get(end - 2).isWord("no")
                && tokens.get(end - 3).isWord("with")) {
            end -= 3;
        }
        return sql.substring(tokens.get(start).start(), tokens.get(end - 1).end());
    }

    /** transformIndexConstraint's check, pointing at the second PRIMARY KEY as PostgreSQL does. */
    private static List<String> checkOnePrimaryKey(String table, List<String> existing, List<String> columns,
                                                   int position) {
        if (existing != null) {
            throw PgException.error("42P16", "multiple primary keys for table \"" + table + "\" are not allowed")
                    .withPosition(position);
        }
        return columns;
    }

    private static int primaryKeyLocation(PgQuery.ColumnDef def) {
        for (PgQuery.Node node : def.getConstraintsList()) {
            if (node.getConstraint().getContype() == PgQuery.ConstrType.CONSTR_PRIMARY) {
                return node.getConstraint().getLocation();
            }
        }
        return def.getLocation();
    }

    private static String constraintKind(PgQuery.Constraint c) {
        return switch (c.getContype()) {
            case CONSTR_CHECK -> "CHECK";
            case CONSTR_FOREIGN -> "FOREIGN KEY";
            case CONSTR_EXCLUSION -> "EXCLUDE";
            case CONSTR_GENERATED -> "GENERATED";
            case CONSTR_IDENTITY -> "IDENTITY";
            default -> c.getContype().name().replace("CONSTR_", "");
        };
    }

    /** A column definition: its type from the tree's TypeName, NOT NULL/NULL/DEFAULT/PRIMARY KEY/UNIQUE. */
    private UtilityCommand.ColumnSpec column(PgQuery.ColumnDef def, String table) {
        PgQuery.TypeName typeName = def.getTypeName();
        int typePosition = position(typeName.getLocation());
        List<String> qualified = names(typeName.getNamesList());
        String written = qualified.getLast();
        if (qualified.size() > 1 && !qualified.getFirst().equals("pg_catalog")) {
            written = String.join(".", qualified);
        }
        PgType serialType = qualified.size() == 1 && typeName.getTypmodsCount() == 0
                && typeName.getArrayBoundsCount() == 0 ? serialType(written) : null;
        PgType type = serialType != null ? serialType : PgType.byName(written);
        boolean userName = qualified.size() == 1 || qualified.size() == 2 && qualified.getFirst().equals("public");
        if (type == null && userName && typeName.getArrayBoundsCount() <= 1 && typeName.getTypmodsCount() == 0) {
            // maybe a domain, a composite or an enum (or an array of a composite): resolved when the command runs
            return userTypeColumn(def, table, qualified.getLast() + (typeName.getArrayBoundsCount() > 0 ? "[]" : ""),
                    typePosition);
        }
        if (type == null || type == PgType.UNKNOWN || type == PgType.VOID || type == PgType.REGTYPE
                || type == PgType.REGCLASS || type == PgType.OID) {
            throw Messages.typeDoesNotExist(String.join(".", qualified), typePosition);
        }
        if (typeName.getArrayBoundsCount() > 0) {
            type = type.arrayType();
        }
        if (type == null || type.isArray() && !osgres.storage.TypeOids.isArray(type.oid())) {
            // storage keeps arrays of its own column types only (no name[], oid[], inet[] columns yet)
            throw Messages.notSupported("array types", typePosition);
        }
        List<Integer> modifiers = new ArrayList<>();
        for (PgQuery.Node modifier : typeName.getTypmodsList()) {
            if (!modifier.hasAConst() || !modifier.getAConst().hasIval()) {
                throw Messages.syntaxErrorAt(sql.substring(typePosition - 1, typePosition - 1 + written.length()),
                        typePosition);
            }
            modifiers.add(modifier.getAConst().getIval().getIval());
        }
        int typmod = Casts.typmod(type, modifiers, typePosition);
        if (type == PgType.BPCHAR && typmod < 0) {
            typmod = 1 + 4;
        }
        boolean notNull = def.getIsNotNull();
        boolean primary = false;
        boolean unique = false;
        String defaultSql = null;
        char identity = osgres.storage.ColumnDef.NOT_IDENTITY;
        List<UtilityCommand.SequenceOption> identityOptions = List.of();
        boolean serial = serialType != null;
        for (PgQuery.Node node : def.getConstraintsList()) {
            PgQuery.Constraint constraint = node.getConstraint();
            switch (constraint.getContype()) {
                case CONSTR_NOTNULL -> notNull = true;
                case CONSTR_NULL -> notNull = false;
                case CONSTR_PRIMARY -> {
                    primary = true;
                    notNull = true;
                }
                case CONSTR_UNIQUE -> unique = true;
                case CONSTR_DEFAULT -> {
                    // transformColumnDefinition's checks, in its order
                    if (defaultSql != null) {
                        throw Messages.multipleDefaults(def.getColname(), table, position(constraint.getLocation()));
                    }
                    if (serial) {
                        // the SERIAL's own DEFAULT comes after the column's constraints and has no location
                        throw Messages.multipleDefaults(def.getColname(), table, 0);
                    }
                    if (identity != osgres.storage.ColumnDef.NOT_IDENTITY) {
                        throw Messages.defaultAndIdentity(def.getColname(), table, position(constraint.getLocation()));
                    }
                    defaultSql = defaultText(constraint);
                }
                case CONSTR_IDENTITY -> {
                    if (identity != osgres.storage.ColumnDef.NOT_IDENTITY) {
                        throw Messages.multipleIdentities(def.getColname(), table,
                                position(constraint.getLocation()));
                    }
                    if (defaultSql != null) {
                        throw Messages.defaultAndIdentity(def.getColname(), table, position(constraint.getLocation()));
                    }
                    identity = constraint.getGeneratedWhen().charAt(0);
                    identityOptions = sequenceOptions(constraint.getOptionsList());
                    notNull = true;
                }
                case CONSTR_CHECK -> columnChecks.add(new UtilityCommand.AddCheck(constraintTable,
                        checkSpec(constraint)));
                case CONSTR_FOREIGN -> columnChecks.add(new UtilityCommand.AddForeignKey(constraintTable,
                        foreignKeySpec(constraint, def.getColname())));
                case CONSTR_ATTR_DEFERRABLE, CONSTR_ATTR_NOT_DEFERRABLE, CONSTR_ATTR_DEFERRED,
                     CONSTR_ATTR_IMMEDIATE -> constraintAttribute(constraint);
                default -> throw Messages.notSupported(constraintKind(constraint) + " constraints",
                        position(constraint.getLocation()));
            }
        }
        if (serial) {
            notNull = true;
        }
        return new UtilityCommand.ColumnSpec(def.getColname(), type, typmod, notNull, defaultSql, primary, unique,
                serial, identity, identityOptions);
    }

    /**
     * CREATE DOMAIN (DefineDomain's parse-time part): the base type must be a built-in type the storage keeps
     * (domains over domains, enums and composites are not done); DEFAULT and CHECK keep their text.
     */
    private UtilityCommand createDomain(PgQuery.CreateDomainStmt d) {
        List<String> qualified = names(d.getDomainnameList());
        if (qualified.size() > 1 && !qualified.getFirst().equals("public")) {
            throw Messages.notSupported("schema-qualified domain names", 0);
        }
        PgQuery.TypeName typeName = d.getTypeName();
        int typePosition = position(typeName.getLocation());
        List<String> baseName = names(typeName.getNamesList());
        PgType base = baseName.size() == 1 || baseName.getFirst().equals("pg_catalog")
                ? PgType.byName(baseName.getLast()) : null;
        if (base == null || base == PgType.UNKNOWN || base == PgType.VOID || base == PgType.REGTYPE
                || base == PgType.REGCLASS || base == PgType.OID) {
            throw Messages.typeDoesNotExist(String.join(".", baseName), 0);
        }
        if (typeName.getArrayBoundsCount() > 0) {
            base = base.arrayType();
        }
        if (base == null || base.isArray() && !osgres.storage.TypeOids.isArray(base.oid())) {
            throw Messages.notSupported("array types", typePosition);
        }
        List<Integer> modifiers = new ArrayList<>();
        for (PgQuery.Node modifier : typeName.getTypmodsList()) {
            if (!modifier.hasAConst() || !modifier.getAConst().hasIval()) {
                throw Messages.notSupported("type modifiers that are not integers", typePosition);
            }
            modifiers.add(modifier.getAConst().getIval().getIval());
        }
        int typmod = Casts.typmod(base, modifiers, typePosition);
        if (base == PgType.BPCHAR && typmod < 0) {
            typmod = 1 + 4;
        }
        boolean notNull = false;
        boolean nullSaid = false;
        String defaultSql = null;
        List<UtilityCommand.CheckSpec> checks = new ArrayList<>();
        // DefineDomain reports its errors without a position
        for (PgQuery.Node node : d.getConstraintsList()) {
            PgQuery.Constraint c = node.getConstraint();
            switch (c.getContype()) {
                case CONSTR_NOTNULL, CONSTR_NULL -> {
                    boolean wantsNotNull = c.getContype() == PgQuery.ConstrType.CONSTR_NOTNULL;
                    if (nullSaid && notNull != wantsNotNull) {
                        throw PgException.error(SqlState.SYNTAX_ERROR, "conflicting NULL/NOT NULL constraints")
                                ;
                    }
                    nullSaid = true;
                    notNull = wantsNotNull;
                }
                case CONSTR_DEFAULT -> {
                    if (defaultSql != null) {
                        throw PgException.error(SqlState.SYNTAX_ERROR, "multiple default expressions")
                                ;
                    }
                    defaultSql = defaultText(c);
                }
                case CONSTR_CHECK -> {
                    if (c.getIsNoInherit()) {
                        throw PgException.error(SqlState.INVALID_OBJECT_DEFINITION,
                                "check constraints for domains cannot be marked NO INHERIT");
                    }
                    checks.add(checkSpec(c));
                }
                case CONSTR_UNIQUE -> throw PgException.error(SqlState.SYNTAX_ERROR,
                        "unique constraints not possible for domains");
                case CONSTR_PRIMARY -> throw PgException.error(SqlState.SYNTAX_ERROR,
                        "primary key constraints not possible for domains");
                case CONSTR_EXCLUSION -> throw PgException.error(SqlState.SYNTAX_ERROR,
                        "exclusion constraints not possible for domains");
                case CONSTR_FOREIGN -> throw PgException.error(SqlState.SYNTAX_ERROR,
                        "foreign key constraints not possible for domains");
                default -> throw Messages.notSupported(constraintKind(c) + " constraints on domains", 0);
            }
        }
        return new UtilityCommand.CreateDomain(qualified.getLast(), base, typmod, notNull, defaultSql,
                List.copyOf(checks), sql.substring(piece.start(), piece.end()));
    }

    /**
     * CREATE TYPE name AS (field type, ...) (DefineCompositeType's parse-time part): each field's type a built-in
     * one (with modifiers and arrays, as a column's); fields of user-defined types are not done.
     */
    private UtilityCommand createComposite(PgQuery.CompositeTypeStmt c) {
        PgQuery.RangeVar rv = c.getTypevar();
        if (!rv.getSchemaname().isEmpty() && !rv.getSchemaname().equals("public")) {
            throw Messages.notSupported("schema-qualified type names", 0);
        }
        List<osgres.sql.internal.utils.CompositeType.Field> fields = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (PgQuery.Node n : c.getColdeflistList()) {
            PgQuery.ColumnDef def = n.getColumnDef();
            UtilityCommand.ColumnSpec spec = column(def, rv.getRelname());
            if (spec.domain() != null) {
                throw Messages.notSupported("composite type fields of user-defined types", spec.typePosition());
            }
            if (!seen.add(spec.name())) {
                throw PgException.error(SqlState.DUPLICATE_COLUMN, "column \"" + spec.name()
                        + "\" specified more than once");
            }
            fields.add(new osgres.sql.internal.utils.CompositeType.Field(spec.name(), spec.type(), spec.typmod()));
        }
        return new UtilityCommand.CreateComposite(rv.getRelname(), List.copyOf(fields),
                sql.substring(piece.start(), piece.end()));
    }

    /** A user type's name from its qualified form (unqualified or in public). */
    private static String userTypeName(List<String> qualified) {
        if (qualified.size() > 1 && !qualified.getFirst().equals("public")) {
            throw Messages.notSupported("schema-qualified type names", 0);
        }
        return qualified.getLast();
    }

    /** CREATE TYPE name AS ENUM ('a', ...) (DefineEnum): labels of at most 63 bytes, in order. */
    private UtilityCommand createEnum(PgQuery.CreateEnumStmt c) {
        List<String> labels = new ArrayList<>();
        for (PgQuery.Node n : c.getValsList()) {
            labels.add(enumLabel(n.getString().getSval()));
        }
        return new UtilityCommand.CreateEnum(userTypeName(names(c.getTypeNameList())), List.copyOf(labels),
                sql.substring(piece.start(), piece.end()));
    }

    /** ALTER TYPE name ADD VALUE [IF NOT EXISTS] 'x' [BEFORE | AFTER 'y'] / RENAME VALUE 'x' TO 'y'. */
    private UtilityCommand alterEnum(PgQuery.AlterEnumStmt a) {
        String name = userTypeName(names(a.getTypeNameList()));
        String newValue = enumLabel(a.getNewVal());
        return new UtilityCommand.AlterEnum(name, a.getOldVal().isEmpty() ? null : a.getOldVal(), newValue,
                a.getNewValNeighbor().isEmpty() ? null : a.getNewValNeighbor(), a.getNewValIsAfter(),
                a.getSkipIfNewValExists());
    }

    /** pg_enum.c's label check: NAMEDATALEN - 1 bytes at most (22P02 "invalid enum label"). */
    private static String enumLabel(String label) {
        if (label.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 63) {
            throw PgException.error(Messages.INVALID_NAME, "invalid enum label \"" + label + "\"")
                    .withDetail("Labels must be 63 bytes or less.");
        }
        return label;
    }

    /** ALTER DOMAIN: the action, with SET DEFAULT's text and ADD CONSTRAINT's CHECK. */
    private UtilityCommand alterDomain(PgQuery.AlterDomainStmt a) {
        List<String> qualified = names(a.getTypeNameList());
        String name = qualified.getLast();
        return switch (a.getSubtype()) {
            case "T" -> new UtilityCommand.AlterDomain(name, UtilityCommand.AlterDomainAction.SET_DEFAULT,
                    a.hasDef() ? textAfterWord("default") : null, null, null, false);
            case "O" -> new UtilityCommand.AlterDomain(name, UtilityCommand.AlterDomainAction.SET_NOT_NULL, null,
                    null, null, false);
            case "N" -> new UtilityCommand.AlterDomain(name, UtilityCommand.AlterDomainAction.DROP_NOT_NULL, null,
                    null, null, false);
            case "X" -> new UtilityCommand.AlterDomain(name, UtilityCommand.AlterDomainAction.DROP_CONSTRAINT, null,
                    null, a.getName(), a.getMissingOk());
            case "C" -> {
                PgQuery.Constraint c = a.getDef().getConstraint();
                yield switch (c.getContype()) {
                    case CONSTR_CHECK -> new UtilityCommand.AlterDomain(name,
                            UtilityCommand.AlterDomainAction.ADD_CHECK, null, checkSpec(c), null, false);
                    case CONSTR_NOTNULL -> new UtilityCommand.AlterDomain(name,
                            UtilityCommand.AlterDomainAction.SET_NOT_NULL, null, null, null, false);
                    case CONSTR_UNIQUE -> throw PgException.error(SqlState.SYNTAX_ERROR,
                            "unique constraints not possible for domains");
                    case CONSTR_PRIMARY -> throw PgException.error(SqlState.SYNTAX_ERROR,
                            "primary key constraints not possible for domains");
                    case CONSTR_FOREIGN -> throw PgException.error(SqlState.SYNTAX_ERROR,
                            "foreign key constraints not possible for domains");
                    default -> throw Messages.notSupported(constraintKind(c) + " constraints on domains", 0);
                };
            }
            default -> throw Messages.notSupported("ALTER DOMAIN ... VALIDATE CONSTRAINT", 0);
        };
    }

    /** The statement's text after its first top-level {@code word}, without a closing semicolon. */
    private String textAfterWord(String word) {
        List<QueryLexer.Token> tokens = piece.tokens();
        int i = 0;
        while (i < tokens.size() && !tokens.get(i).isWord(word)) {
            i++;
        }
        int end = tokens.size() - 1;
        if (end > i && tokens.get(end).kind() == QueryLexer.Kind.PUNCT && tokens.get(end).text().equals(";")) {
            end--;
        }
        return sql.substring(tokens.get(i + 1).start(), tokens.get(end).end());
    }

    /**
     * A column of a type the catalog may know (a domain): NOT NULL, NULL and DEFAULT as for any column; its type is
     * left unknown until the command resolves {@code typeName}.
     */
    private UtilityCommand.ColumnSpec userTypeColumn(PgQuery.ColumnDef def, String table, String typeName,
                                                     int typePosition) {
        UtilityCommand.ColumnSpec plain = column(def.toBuilder().setTypeName(PgQuery.TypeName.newBuilder()
                .addNames(PgQuery.Node.newBuilder().setString(PgQuery.String.newBuilder().setSval("text")))
                .setLocation(def.getTypeName().getLocation())).build(), table);
        return new UtilityCommand.ColumnSpec(plain.name(), PgType.UNKNOWN, -1, plain.notNull(), plain.defaultSql(),
                plain.primaryKey(), plain.unique(), false, plain.identity(), plain.identityOptions(), typeName,
                typePosition);
    }

    /** The integer type of a SERIAL pseudo-type name (parse_utilcmd.c's is_serial), or null for another type. */
    private static PgType serialType(String written) {
        return switch (written) {
            case "smallserial", "serial2" -> PgType.INT2;
            case "serial", "serial4" -> PgType.INT4;
            case "bigserial", "serial8" -> PgType.INT8;
            default -> null;
        };
    }

    /** CREATE / ALTER SEQUENCE options and an identity column's (SeqOptElem's DefElems). */
    private List<UtilityCommand.SequenceOption> sequenceOptions(List<PgQuery.Node> options) {
        List<UtilityCommand.SequenceOption> list = new ArrayList<>();
        for (PgQuery.Node option : options) {
            PgQuery.DefElem d = option.getDefElem();
            String value = null;
            if (d.hasArg()) {
                PgQuery.Node arg = d.getArg();
                value = arg.hasList() ? String.join(".", names(arg.getList().getItemsList())) : defElemValue(arg);
            }
            list.add(new UtilityCommand.SequenceOption(d.getDefname(), value, position(d.getLocation())));
        }
        return List.copyOf(list);
    }

    /**
     * The source text of a DEFAULT expression: from the token after DEFAULT up to the next comma, closing
     * parenthesis, or column constraint keyword at its own nesting depth (the analyzer parses it again).
     */
    private String defaultText(PgQuery.Constraint constraint) {
        List<QueryLexer.Token> tokens = piece.tokens();
        int keywordAt = at(constraint.getLocation());
        int i = 0;
        while (i < tokens.size() && tokens.get(i).start() < keywordAt) {
            i++;
        }
        int start = i + 1; // the token after DEFAULT
        int end = start;
        int depth = 0;
        while (end < tokens.size()) {
            QueryLexer.Token t = tokens.get(end);
            boolean punct = t.kind() == QueryLexer.Kind.PUNCT;
            if (punct && t.text().equals("(")) {
                depth++;
            } else if (punct && t.text().equals(")")) {
                if (depth == 0) {
                    break;
                }
                depth--;
            } else if (depth == 0 && ((punct && t.text().equals(",")) || t.isWord("not") || t.isWord("null")
                    || t.isWord("primary") || t.isWord("unique") || t.isWord("constraint") || t.isWord("check")
                    || t.isWord("references") || t.isWord("collate"))) {
                break;
            }
            end++;
        }
        end = Math.max(end, start + 1); // DEFAULT NULL: a stop word can be the whole default
        return sql.substring(tokens.get(start).start(), tokens.get(end - 1).end());
    }

    private UtilityCommand createIndex(PgQuery.IndexStmt ix) {
        if (!ix.getAccessMethod().isEmpty() && !ix.getAccessMethod().equals("btree")) {
            throw PgException.error("42704", "access method \"" + ix.getAccessMethod() + "\" does not exist");
        }
        String predicate = null;
        int predicateOffset = -1;
        if (ix.hasWhereClause()) {
            // the predicate's text: what follows the top-level WHERE, kept as written (PostgreSQL keeps the tree)
            List<QueryLexer.Token> tokens = piece.tokens();
            int where = firstTopLevelWord("where");
            predicateOffset = tokens.get(where + 1).start();
            predicate = sql.substring(predicateOffset, tokens.getLast().end());
        }
        List<String> columns = new ArrayList<>();
        for (PgQuery.Node param : ix.getIndexParamsList()) {
            PgQuery.IndexElem elem = param.getIndexElem();
            if (elem.hasExpr()) {
                throw Messages.notSupported("indexes on expressions", 0);
            }
            columns.add(elem.getName());
        }
        return new UtilityCommand.CreateIndex(ix.getIdxname().isEmpty() ? null : ix.getIdxname(),
                relationName(ix.getRelation()), columns, ix.getUnique(), ix.getIfNotExists(), predicate,
                predicateOffset);
    }

    private UtilityCommand reindex(PgQuery.ReindexStmt r) {
        boolean concurrently = false;
        for (PgQuery.Node n : r.getParamsList()) {
            String option = n.getDefElem().getDefname();
            if (option.equals("concurrently")) {
                concurrently = true;
            } else if (!option.equals("verbose")) {
                throw PgException.error(osgres.api.SqlState.SYNTAX_ERROR, "unrecognized REINDEX option \"" + option + "\"")
                        .withPosition(position(n.getDefElem().getLocation()));
            }
        }
        String kind = switch (r.getKind()) {
            case REINDEX_OBJECT_INDEX -> "INDEX";
            case REINDEX_OBJECT_TABLE -> "TABLE";
            case REINDEX_OBJECT_SCHEMA -> "SCHEMA";
            case REINDEX_OBJECT_SYSTEM -> "SYSTEM";
            default -> "DATABASE";
        };
        String name = r.hasRelation() ? relationName(r.getRelation()) : r.getName();
        return new UtilityCommand.Reindex(kind, name, concurrently);
    }

    private UtilityCommand rename(PgQuery.RenameStmt r) {
        return switch (r.getRenameType()) {
            case OBJECT_VIEW -> new UtilityCommand.RenameView(relationName(r.getRelation()), r.getNewname(),
                    r.getMissingOk());
            case OBJECT_ROLE -> new UtilityCommand.RenameRole(r.getSubname(), r.getNewname());
            case OBJECT_FUNCTION, OBJECT_PROCEDURE -> new UtilityCommand.AlterFunction(
                    functionRef(r.getObject().getObjectWithArgs()),
                    r.getRenameType() == PgQuery.ObjectType.OBJECT_PROCEDURE, r.getNewname(), null, null);
            default -> renameInTable(r);
        };
    }

    /** CREATE OPERATOR CLASS (opclasscmds.c DefineOpClass): btree and hash, support functions by number. */
    private UtilityCommand createOpClass(PgQuery.CreateOpClassStmt c) {
        List<String> name = names(c.getOpclassnameList());
        if (name.size() > 1 && !name.getFirst().equals("public")) {
            throw Messages.schemaDoesNotExist(name.getFirst());
        }
        String method = c.getAmname();
        if (!method.equals("btree") && !method.equals("hash")) {
            throw PgException.error(SqlState.UNDEFINED_OBJECT, "access method \"" + method + "\" does not exist");
        }
        if (c.getOpfamilynameCount() > 0) {
            throw Messages.notSupported("CREATE OPERATOR CLASS ... FAMILY", 0);
        }
        PgType type = parameterType(c.getDatatype());
        java.util.Map<Integer, UtilityCommand.FunctionRef> functions = new java.util.TreeMap<>();
        for (PgQuery.Node n : c.getItemsList()) {
            PgQuery.CreateOpClassItem item = n.getCreateOpClassItem();
            if (item.getItemtype() == 2) { // OPCLASS_ITEM_FUNCTION
                functions.put(item.getNumber(), functionRef(item.getName()));
            } else if (item.getItemtype() == 3) {
                throw Messages.notSupported("STORAGE in CREATE OPERATOR CLASS", 0);
            }
        }
        return new UtilityCommand.CreateOpClass(name.getLast(), method, type, c.getIsDefault(),
                java.util.Map.copyOf(functions), sql.substring(piece.start(), piece.end()));
    }

    /** A function named with its argument types (LookupFuncWithArgs's input). */
    /** COMMENT ON: the object's kind and name; 0A000 for the kinds osgres keeps no comments on. */
    private UtilityCommand comment(PgQuery.CommentStmt c) {
        PgQuery.Node object = c.getObject();
        String text = c.getComment().isEmpty() ? null : c.getComment();
        return switch (c.getObjtype()) {
            case OBJECT_FUNCTION, OBJECT_PROCEDURE -> new UtilityCommand.Comment(c.getObjtype(), List.of(),
                    functionRef(object.getObjectWithArgs()), text);
            case OBJECT_TYPE, OBJECT_DOMAIN -> new UtilityCommand.Comment(c.getObjtype(),
                    names(object.getTypeName().getNamesList()), null, text);
            case OBJECT_SCHEMA -> new UtilityCommand.Comment(c.getObjtype(), List.of(object.getString().getSval()),
                    null, text);
            case OBJECT_TABLE, OBJECT_VIEW, OBJECT_INDEX, OBJECT_SEQUENCE, OBJECT_COLUMN -> new UtilityCommand.Comment(
                    c.getObjtype(), names(object.getList().getItemsList()), null, text);
            default -> throw Messages.notSupported("COMMENT ON " + c.getObjtype().name().substring(7)
                    .replace('_', ' '), 0);
        };
    }

    private UtilityCommand.FunctionRef functionRef(PgQuery.ObjectWithArgs o) {
        List<String> parts = names(o.getObjnameList());
        if (parts.size() > 1 && !parts.getFirst().equals("public") && !parts.getFirst().equals("pg_catalog")) {
            throw Messages.schemaDoesNotExist(parts.getFirst());
        }
        if (o.getArgsUnspecified()) {
            return new UtilityCommand.FunctionRef(parts.getLast(), null, null);
        }
        List<PgType> types = new ArrayList<>();
        List<String> written = new ArrayList<>();
        for (PgQuery.Node n : o.getObjargsList()) {
            types.add(SqlFunction.type(n.getTypeName()));
            written.add(String.join(".", names(n.getTypeName().getNamesList()))
                    + "[]".repeat(n.getTypeName().getArrayBoundsCount()));
        }
        return new UtilityCommand.FunctionRef(parts.getLast(), List.copyOf(types), List.copyOf(written));
    }

    /** ALTER FUNCTION f(types) IMMUTABLE | STABLE | VOLATILE | [RETURNS NULL ON NULL INPUT | CALLED ON ...]. */
    private UtilityCommand alterFunction(PgQuery.AlterFunctionStmt a) {
        Character volatility = null;
        Boolean strict = null;
        for (PgQuery.Node n : a.getActionsList()) {
            PgQuery.DefElem d = n.getDefElem();
            switch (d.getDefname()) {
                case "volatility" -> volatility = d.getArg().getString().getSval().charAt(0);
                case "strict" -> strict = d.getArg().getBoolean().getBoolval();
                default -> {
                    // SECURITY, COST, ROWS, PARALLEL, LEAKPROOF, SET: attributes osgres does not act on
                }
            }
        }
        return new UtilityCommand.AlterFunction(functionRef(a.getFunc()),
                a.getObjtype() == PgQuery.ObjectType.OBJECT_PROCEDURE, null, volatility, strict);
    }

    private UtilityCommand drop(PgQuery.DropStmt d) {
        if (d.getRemoveType() == PgQuery.ObjectType.OBJECT_FUNCTION
                || d.getRemoveType() == PgQuery.ObjectType.OBJECT_PROCEDURE
                || d.getRemoveType() == PgQuery.ObjectType.OBJECT_ROUTINE) {
            List<UtilityCommand.FunctionRef> refs = new ArrayList<>();
            for (PgQuery.Node object : d.getObjectsList()) {
                refs.add(functionRef(object.getObjectWithArgs()));
            }
            return new UtilityCommand.DropFunction(refs, d.getRemoveType() == PgQuery.ObjectType.OBJECT_PROCEDURE,
                    d.getMissingOk(), d.getBehavior() == PgQuery.DropBehavior.DROP_CASCADE);
        }
        if (d.getRemoveType() == PgQuery.ObjectType.OBJECT_OPCLASS && d.getObjectsCount() == 1) {
            List<String> parts = names(d.getObjects(0).getList().getItemsList());
            return new UtilityCommand.DropOpClass(parts.getLast(), parts.getFirst(), d.getMissingOk());
        }
        if (d.getRemoveType() == PgQuery.ObjectType.OBJECT_CAST) {
            List<PgQuery.Node> pair = d.getObjects(0).getList().getItemsList();
            PgQuery.TypeName source = pair.get(0).getTypeName();
            PgQuery.TypeName target = pair.get(1).getTypeName();
            return new UtilityCommand.DropCast(SqlFunction.type(source), SqlFunction.type(target),
                    String.join(".", names(source.getNamesList())), String.join(".", names(target.getNamesList())),
                    d.getMissingOk());
        }
        if (d.getRemoveType() == PgQuery.ObjectType.OBJECT_OPERATOR) {
            List<UtilityCommand.OperatorRef> refs = new ArrayList<>();
            for (PgQuery.Node object : d.getObjectsList()) {
                PgQuery.ObjectWithArgs o = object.getObjectWithArgs();
                PgType[] sides = new PgType[2];
                for (int i = 0; i < 2 && i < o.getObjargsCount(); i++) {
                    PgQuery.Node n = o.getObjargs(i);
                    sides[i] = n.hasTypeName() ? SqlFunction.type(n.getTypeName()) : null; // NONE
                }
                refs.add(new UtilityCommand.OperatorRef(names(o.getObjnameList()).getLast(), sides[0], sides[1]));
            }
            return new UtilityCommand.DropOperator(refs, d.getMissingOk());
        }
        if (d.getRemoveType() == PgQuery.ObjectType.OBJECT_AGGREGATE) {
            List<UtilityCommand.FunctionRef> refs = new ArrayList<>();
            for (PgQuery.Node object : d.getObjectsList()) {
                refs.add(functionRef(object.getObjectWithArgs()));
            }
            return new UtilityCommand.DropAggregate(refs, d.getMissingOk());
        }
        if (d.getRemoveType() == PgQuery.ObjectType.OBJECT_DOMAIN
                || d.getRemoveType() == PgQuery.ObjectType.OBJECT_TYPE) {
            List<String> types = new ArrayList<>();
            for (PgQuery.Node object : d.getObjectsList()) {
                types.add(String.join(".", names(object.getTypeName().getNamesList())));
            }
            return new UtilityCommand.DropType(types, d.getRemoveType() == PgQuery.ObjectType.OBJECT_DOMAIN,
                    d.getMissingOk(), d.getBehavior() == PgQuery.DropBehavior.DROP_CASCADE);
        }
        if (d.getRemoveType() == PgQuery.ObjectType.OBJECT_RULE) {
            List<String> parts = names(d.getObjects(0).getList().getItemsList());
            return new UtilityCommand.DropRule(String.join(".", parts.subList(0, parts.size() - 1)),
                    parts.getLast(), d.getMissingOk());
        }
        if (d.getRemoveType() == PgQuery.ObjectType.OBJECT_TRIGGER) {
            List<String> parts = names(d.getObjects(0).getList().getItemsList());
            return new UtilityCommand.DropTrigger(String.join(".", parts.subList(0, parts.size() - 1)),
                    parts.getLast(), d.getMissingOk());
        }
        List<String> names = new ArrayList<>();
        for (PgQuery.Node object : d.getObjectsList()) {
            List<String> parts = names(object.getList().getItemsList());
            names.add(String.join(".", parts));
        }
        return switch (d.getRemoveType()) {
            case OBJECT_TABLE -> new UtilityCommand.DropTable(names, d.getMissingOk(),
                    d.getBehavior() == PgQuery.DropBehavior.DROP_CASCADE);
            case OBJECT_VIEW -> new UtilityCommand.DropView(names, d.getMissingOk(),
                    d.getBehavior() == PgQuery.DropBehavior.DROP_CASCADE);
            case OBJECT_INDEX -> new UtilityCommand.DropIndex(names, d.getMissingOk());
            case OBJECT_SEQUENCE -> new UtilityCommand.DropSequence(names, d.getMissingOk(),
                    d.getBehavior() == PgQuery.DropBehavior.DROP_CASCADE);
            default -> null;
        };
    }

    /**
     * GRANT / REVOKE on tables, sequences, routines, languages, databases and schemas (GrantStmt); other objects are
     * not supported yet (null).
     */
    private UtilityCommand grant(PgQuery.GrantStmt g) {
        String type = switch (g.getObjtype()) {
            case OBJECT_TABLE -> "TABLE";
            case OBJECT_SEQUENCE -> "SEQUENCE";
            case OBJECT_FUNCTION -> "FUNCTION";
            case OBJECT_PROCEDURE -> "PROCEDURE";
            case OBJECT_ROUTINE -> "ROUTINE";
            case OBJECT_LANGUAGE -> "LANGUAGE";
            case OBJECT_DATABASE -> "DATABASE";
            case OBJECT_SCHEMA -> "SCHEMA";
            default -> null;
        };
        if (type == null || g.getTargtype() == PgQuery.GrantTargetType.ACL_TARGET_DEFAULTS) {
            return null;
        }
        boolean allInSchema = g.getTargtype() == PgQuery.GrantTargetType.ACL_TARGET_ALL_IN_SCHEMA;
        boolean routines = type.equals("FUNCTION") || type.equals("PROCEDURE") || type.equals("ROUTINE");
        List<UtilityCommand.FunctionRef> refs = new ArrayList<>();
        if (routines && !allInSchema) {
            for (PgQuery.Node n : g.getObjectsList()) {
                refs.add(functionRef(n.getObjectWithArgs()));
            }
        }
        boolean byName = allInSchema || type.equals("LANGUAGE") || type.equals("DATABASE") || type.equals("SCHEMA");
        List<String> objects = byName ? names(g.getObjectsList()) : routines ? List.of() : relations(g.getObjectsList());
        String grantor = g.hasGrantor() ? roleSpec(g.getGrantor()) : null;
        return new UtilityCommand.Grant(g.getIsGrant(), type, allInSchema, objects, privileges(g), grantees(g),
                g.getGrantOption(), grantor, g.getBehavior() == PgQuery.DropBehavior.DROP_CASCADE, List.copyOf(refs));
    }

    /** A GRANT's privileges, null for ALL [PRIVILEGES]. */
    private static List<UtilityCommand.GrantPrivilege> privileges(PgQuery.GrantStmt g) {
        if (g.getPrivilegesCount() == 0) {
            return null;
        }
        List<UtilityCommand.GrantPrivilege> privileges = new ArrayList<>();
        for (PgQuery.Node n : g.getPrivilegesList()) {
            PgQuery.AccessPriv p = n.getAccessPriv();
            privileges.add(new UtilityCommand.GrantPrivilege(p.getPrivName(), names(p.getColsList())));
        }
        return privileges;
    }

    private static List<String> grantees(PgQuery.GrantStmt g) {
        List<String> grantees = new ArrayList<>();
        for (PgQuery.Node n : g.getGranteesList()) {
            grantees.add(roleSpec(n.getRoleSpec()));
        }
        return grantees;
    }

    /**
     * ALTER DEFAULT PRIVILEGES [FOR ROLE r, ...] [IN SCHEMA s, ...] GRANT | REVOKE ... ON TABLES | SEQUENCES |
     * FUNCTIONS | ROUTINES | TYPES | SCHEMAS (ROUTINES is FUNCTIONS, as in gram.y).
     */
    private static UtilityCommand alterDefaultPrivileges(PgQuery.AlterDefaultPrivilegesStmt a) {
        List<String> schemas = List.of();
        List<UtilityCommand.RoleName> roles = List.of();
        for (PgQuery.Node n : a.getOptionsList()) {
            PgQuery.DefElem d = n.getDefElem();
            List<PgQuery.Node> items = d.getArg().getList().getItemsList();
            if (d.getDefname().equals("schemas")) {
                schemas = names(items);
            } else if (d.getDefname().equals("roles")) {
                roles = roleNames(items);
            }
        }
        PgQuery.GrantStmt g = a.getAction();
        String type = switch (g.getObjtype()) {
            case OBJECT_TABLE -> "TABLE";
            case OBJECT_SEQUENCE -> "SEQUENCE";
            case OBJECT_FUNCTION, OBJECT_ROUTINE -> "FUNCTION";
            case OBJECT_TYPE -> "TYPE";
            case OBJECT_SCHEMA -> "SCHEMA";
            default -> null;
        };
        if (type == null) {
            return null;
        }
        UtilityCommand.Grant action = new UtilityCommand.Grant(g.getIsGrant(), type, false, List.of(),
                privileges(g), grantees(g), g.getGrantOption(), null,
                g.getBehavior() == PgQuery.DropBehavior.DROP_CASCADE, List.of());
        return new UtilityCommand.AlterDefaultPrivileges(roles, schemas, action);
    }

    /** A RoleSpec as a name: the role's, "public" for PUBLIC, or CURRENT_USER / CURRENT_ROLE / SESSION_USER. */
    private static String roleSpec(PgQuery.RoleSpec r) {
        return switch (r.getRoletype()) {
            case ROLESPEC_CURRENT_USER -> "CURRENT_USER";
            case ROLESPEC_CURRENT_ROLE -> "CURRENT_ROLE";
            case ROLESPEC_SESSION_USER -> "SESSION_USER";
            case ROLESPEC_PUBLIC -> "public";
            default -> r.getRolename();
        };
    }

    /** ALTER ... OWNER TO of a type, domain, function, procedure, schema or database (AlterOwnerStmt). */
    private UtilityCommand alterOwner(PgQuery.AlterOwnerStmt o) {
        return switch (o.getObjectType()) {
            case OBJECT_FUNCTION, OBJECT_PROCEDURE -> changeOwner(
                    o.getObjectType() == PgQuery.ObjectType.OBJECT_FUNCTION ? "FUNCTION" : "PROCEDURE", null,
                    functionRef(o.getObject().getObjectWithArgs()), o.getNewowner(), false);
            case OBJECT_TYPE, OBJECT_DOMAIN -> changeOwner(o.getObjectType() == PgQuery.ObjectType.OBJECT_TYPE
                    ? "TYPE" : "DOMAIN", String.join(".", names(o.getObject().getList().getItemsList())), null,
                    o.getNewowner(), false);
            case OBJECT_SCHEMA, OBJECT_DATABASE -> changeOwner(o.getObjectType() == PgQuery.ObjectType.OBJECT_SCHEMA
                    ? "SCHEMA" : "DATABASE", o.getObject().getString().getSval(), null, o.getNewowner(), false);
            default -> null;
        };
    }

    private static UtilityCommand changeOwner(String kind, String name, UtilityCommand.FunctionRef function,
                                              PgQuery.RoleSpec owner, boolean ifExists) {
        String keyword = switch (owner.getRoletype()) {
            case ROLESPEC_CURRENT_USER -> "CURRENT_USER";
            case ROLESPEC_CURRENT_ROLE -> "CURRENT_ROLE";
            case ROLESPEC_SESSION_USER -> "SESSION_USER";
            default -> null;
        };
        String role = owner.getRoletype() == PgQuery.RoleSpecType.ROLESPEC_PUBLIC ? "public" : owner.getRolename();
        return new UtilityCommand.AlterOwner(kind, name, function, keyword == null ? role : null, keyword, ifExists);
    }

    /**
     * ALTER TABLE: each action (AlterTableCmd) becomes a command of its own, run in order by
     * {@link AlterTableCommands}; an action's expression text (SET DEFAULT, USING) is taken from its own part of the
     * statement (actions are separated by top-level commas).
     */
    private UtilityCommand alterTable(PgQuery.AlterTableStmt a) {
        String table = relationName(a.getRelation());
        if (a.getCmdsCount() == 1 && a.getCmds(0).getAlterTableCmd().getSubtype() == PgQuery.AlterTableType.AT_ChangeOwner) {
            String kind = switch (a.getObjtype()) {
                case OBJECT_SEQUENCE -> "SEQUENCE";
                case OBJECT_VIEW -> "VIEW";
                case OBJECT_MATVIEW -> "MATERIALIZED VIEW";
                case OBJECT_INDEX -> "INDEX";
                case OBJECT_FOREIGN_TABLE -> "FOREIGN TABLE";
                default -> "TABLE";
            };
            return changeOwner(kind, table, null, a.getCmds(0).getAlterTableCmd().getNewowner(), a.getMissingOk());
        }
        if (a.getObjtype() == PgQuery.ObjectType.OBJECT_INDEX && a.getCmdsCount() == 1
                && a.getCmds(0).getAlterTableCmd().getSubtype() == PgQuery.AlterTableType.AT_AttachPartition) {
            return new UtilityCommand.AttachIndexPartition(table,
                    relationName(a.getCmds(0).getAlterTableCmd().getDef().getPartitionCmd().getName()));
        }
        if (a.getObjtype() != PgQuery.ObjectType.OBJECT_TABLE) {
            return null;
        }
        List<UtilityCommand> actions = new ArrayList<>();
        for (int i = 0; i < a.getCmdsCount(); i++) {
            actions.add(alterTableAction(table, a.getCmds(i).getAlterTableCmd(), i));
        }
        return new UtilityCommand.AlterTable(table, a.getMissingOk(), List.copyOf(actions),
                !a.getRelation().getInh());
    }

    private UtilityCommand alterTableAction(String table, PgQuery.AlterTableCmd cmd, int action) {
        return switch (cmd.getSubtype()) {
            case AT_ChangeOwner -> changeOwner("TABLE", table, null, cmd.getNewowner(), false);
            case AT_AddColumn -> {
                columnChecks.clear();
                constraintTable = table;
                UtilityCommand.ColumnSpec column = column(cmd.getDef().getColumnDef(), table);
                if (!columnChecks.isEmpty()) {
                    List<UtilityCommand> both = new ArrayList<>();
                    both.add(new UtilityCommand.AddColumn(table, column, cmd.getMissingOk()));
                    both.addAll(columnChecks);
                    yield new UtilityCommand.AlterTable(table, false, List.copyOf(both));
                }
                yield new UtilityCommand.AddColumn(table, column, cmd.getMissingOk());
            }
            case AT_AddConstraint -> {
                PgQuery.Constraint constraint = cmd.getDef().getConstraint();
                yield switch (constraint.getContype()) {
                    case CONSTR_PRIMARY, CONSTR_UNIQUE -> new UtilityCommand.AddConstraint(table,
                            constraint.getConname().isEmpty() ? null : constraint.getConname(),
                            names(constraint.getKeysList()),
                            constraint.getContype() == PgQuery.ConstrType.CONSTR_PRIMARY);
                    case CONSTR_CHECK -> new UtilityCommand.AddCheck(table, checkSpec(constraint));
                    case CONSTR_FOREIGN -> new UtilityCommand.AddForeignKey(table, foreignKeySpec(constraint, null));
                    default -> throw Messages.notSupported("ALTER TABLE ADD CONSTRAINT of this kind",
                            position(constraint.getLocation()));
                };
            }
            case AT_ColumnDefault -> new UtilityCommand.SetColumnDefault(table, cmd.getName(),
                    cmd.hasDef() ? actionTextAfter(action, "default") : null);
            case AT_SetRelOptions -> {
                StorageParameters parameters = storageParameters(cmd.getDef().getList().getItemsList());
                yield new UtilityCommand.SetStorageParameters(table, parameters.fillfactor(), parameters.others(),
                        Set.of());
            }
            case AT_ResetRelOptions -> {
                Set<String> reset = new LinkedHashSet<>();
                for (PgQuery.Node option : cmd.getDef().getList().getItemsList()) {
                    if (option.getDefElem().hasArg()) {
                        throw PgException.error("42601", "RESET must not include values for parameters");
                    }
                    reset.add(option.getDefElem().getDefname());
                }
                yield new UtilityCommand.SetStorageParameters(table, null, java.util.Map.of(), Set.copyOf(reset));
            }
            case AT_EnableTrig, AT_EnableAlwaysTrig, AT_EnableReplicaTrig ->
                    new UtilityCommand.EnableTrigger(table, cmd.getName(), true);
            case AT_DisableTrig -> new UtilityCommand.EnableTrigger(table, cmd.getName(), false);
            case AT_EnableTrigAll, AT_EnableTrigUser -> new UtilityCommand.EnableTrigger(table, null, true);
            case AT_DisableTrigAll, AT_DisableTrigUser -> new UtilityCommand.EnableTrigger(table, null, false);
            case AT_AttachPartition -> new UtilityCommand.AttachPartition(table,
                    relationName(cmd.getDef().getPartitionCmd().getName()),
                    boundSpec(cmd.getDef().getPartitionCmd().getBound()));
            case AT_DetachPartition -> {
                if (cmd.getDef().getPartitionCmd().getConcurrent()) {
                    throw Messages.notSupported("DETACH PARTITION CONCURRENTLY", 0);
                }
                yield new UtilityCommand.DetachPartition(table, relationName(cmd.getDef().getPartitionCmd().getName()));
            }
            case AT_AddInherit -> new UtilityCommand.AlterInherit(table, relationName(cmd.getDef().getRangeVar()), true);
            case AT_DropInherit -> new UtilityCommand.AlterInherit(table, relationName(cmd.getDef().getRangeVar()),
                    false);
            case AT_DropColumn -> new UtilityCommand.DropColumn(table, cmd.getName(), cmd.getMissingOk(),
                    cmd.getBehavior() == PgQuery.DropBehavior.DROP_CASCADE);
            case AT_AlterColumnType -> {
                PgQuery.ColumnDef def = cmd.getDef().getColumnDef();
                PgQuery.ColumnDef named = def.toBuilder().setColname(cmd.getName()).clearRawDefault()
                        .clearConstraints().build();
                UtilityCommand.ColumnSpec column = column(named, table);
                yield new UtilityCommand.AlterColumnType(table, column,
                        def.hasRawDefault() ? actionTextAfter(action, "using") : null);
            }
            case AT_SetNotNull -> new UtilityCommand.SetNotNull(table, cmd.getName(), true);
            case AT_DropNotNull -> new UtilityCommand.SetNotNull(table, cmd.getName(), false);
            case AT_DropConstraint -> new UtilityCommand.DropConstraint(table, cmd.getName(), cmd.getMissingOk(),
                    cmd.getBehavior() == PgQuery.DropBehavior.DROP_CASCADE);
            case AT_ValidateConstraint -> new UtilityCommand.ValidateConstraint(table, cmd.getName());
            case AT_SetStatistics, AT_SetStorage, AT_SetCompression ->
                    new UtilityCommand.AlterColumnNoOp(table, cmd.getName());
            // every osgres table is WAL-logged (CREATE UNLOGGED TABLE makes a logged one), has no OIDs, no
            // clustering order and no logical replication: these change nothing here
            case AT_SetLogged, AT_SetUnLogged, AT_DropOids, AT_DropCluster, AT_ReplicaIdentity ->
                    new UtilityCommand.AlterColumnNoOp(table, null);
            case AT_ClusterOn -> new UtilityCommand.ClusterOn(table, cmd.getName());
            case AT_AddIdentity -> {
                PgQuery.Constraint identity = cmd.getDef().getConstraint();
                yield new UtilityCommand.AddIdentity(table, cmd.getName(), identity.getGeneratedWhen().charAt(0),
                        sequenceOptions(identity.getOptionsList()));
            }
            default -> throw Messages.notSupported("this ALTER TABLE action", 0);
        };
    }

    /** ALTER TABLE ... RENAME [COLUMN] / RENAME CONSTRAINT / RENAME TO (a RenameStmt), else null. */
    private UtilityCommand renameInTable(PgQuery.RenameStmt r) {
        if (!r.hasRelation()) {
            return null;
        }
        if (r.getRenameType() == PgQuery.ObjectType.OBJECT_INDEX) {
            return new UtilityCommand.RenameIndex(relationName(r.getRelation()), r.getNewname(), r.getMissingOk());
        }
        String table = relationName(r.getRelation());
        UtilityCommand rename = switch (r.getRenameType()) {
            case OBJECT_TABLE -> new UtilityCommand.RenameTable(table, r.getNewname(), r.getMissingOk());
            case OBJECT_COLUMN -> r.getRelationType() == PgQuery.ObjectType.OBJECT_TABLE
                    ? new UtilityCommand.RenameColumn(table, r.getSubname(), r.getNewname(), r.getMissingOk())
                    : null;
            case OBJECT_TABCONSTRAINT -> new UtilityCommand.RenameConstraint(table, r.getSubname(),
                    r.getNewname(), r.getMissingOk());
            default -> null;
        };
        return rename == null ? null : new UtilityCommand.AlterTable(table, r.getMissingOk(), List.of(rename),
                !r.getRelation().getInh());
    }

    /**
     * A FOREIGN KEY's parts: its columns ({@code column}'s alone for a column constraint), the referenced table and
     * columns, MATCH, the ON UPDATE / ON DELETE actions (ON DELETE SET NULL (columns)), DEFERRABLE, NOT VALID.
     */
    private UtilityCommand.ForeignKeySpec foreignKeySpec(PgQuery.Constraint c, String column) {
        List<String> columns = column != null ? List.of(column) : names(c.getFkAttrsList());
        if (c.getFkMatchtype().equals("p")) {
            throw Messages.notSupported("MATCH PARTIAL", position(c.getLocation()));
        }
        if (!c.getFkDelSetColsList().isEmpty() && c.getFkDelAction().charAt(0) != 'n'
                && c.getFkDelAction().charAt(0) != 'd') {
            throw PgException.error("42601", "a column list with " + (c.getFkDelAction().charAt(0) == 'c'
                    ? "CASCADE" : "this action") + " is supported only for ON DELETE actions");
        }
        return new UtilityCommand.ForeignKeySpec(c.getConname().isEmpty() ? null : c.getConname(), columns,
                relationName(c.getPktable()), names(c.getPkAttrsList()), c.getFkMatchtype().isEmpty() ? 's'
                : c.getFkMatchtype().charAt(0), action(c.getFkUpdAction()), action(c.getFkDelAction()),
                names(c.getFkDelSetColsList()), c.getDeferrable(), c.getInitdeferred(), c.getSkipValidation());
    }

    /**
     * transformConstraintAttrs: DEFERRABLE / NOT DEFERRABLE / INITIALLY DEFERRED / IMMEDIATE after a column's
     * REFERENCES apply to it (42601 after any other constraint).
     */
    private void constraintAttribute(PgQuery.Constraint attribute) {
        UtilityCommand last = columnChecks.isEmpty() ? null : columnChecks.getLast();
        if (!(last instanceof UtilityCommand.AddForeignKey f)) {
            throw PgException.error("42601", "misplaced " + switch (attribute.getContype()) {
                case CONSTR_ATTR_DEFERRABLE -> "DEFERRABLE";
                case CONSTR_ATTR_NOT_DEFERRABLE -> "NOT DEFERRABLE";
                case CONSTR_ATTR_DEFERRED -> "INITIALLY DEFERRED";
                default -> "INITIALLY IMMEDIATE";
            } + " clause").withPosition(position(attribute.getLocation()));
        }
        UtilityCommand.ForeignKeySpec k = f.key();
        boolean deferrable = k.deferrable();
        boolean deferred = k.initiallyDeferred();
        switch (attribute.getContype()) {
            case CONSTR_ATTR_DEFERRABLE -> deferrable = true;
            case CONSTR_ATTR_NOT_DEFERRABLE -> deferrable = false;
            case CONSTR_ATTR_DEFERRED -> {
                deferrable = true;
                deferred = true;
            }
            default -> deferred = false;
        }
        columnChecks.set(columnChecks.size() - 1, new UtilityCommand.AddForeignKey(f.table(),
                new UtilityCommand.ForeignKeySpec(k.name(), k.columns(), k.referencedTable(), k.referencedColumns(),
                        k.matchType(), k.onUpdate(), k.onDelete(), k.deleteSetColumns(), deferrable, deferred,
                        k.notValid())));
    }

    private static char action(String code) {
        return code.isEmpty() || code.equals(" ") ? 'a' : code.charAt(0);
    }

    /** A CHECK constraint's name, text (inside its parentheses), NO INHERIT and NOT VALID. */
    private UtilityCommand.CheckSpec checkSpec(PgQuery.Constraint constraint) {
        List<QueryLexer.Token> tokens = piece.tokens();
        int from = at(constraint.getLocation());
        int i = 0;
        while (i < tokens.size() && (tokens.get(i).start() < from || !tokens.get(i).isWord("check"))) {
            i++;
        }
        int open = i + 1;
        int depth = 0;
        int close = open;
        for (; close < tokens.size(); close++) {
            QueryLexer.Token t = tokens.get(close);
            if (t.kind() == QueryLexer.Kind.PUNCT && t.text().equals("(")) {
                depth++;
            } else if (t.kind() == QueryLexer.Kind.PUNCT && t.text().equals(")") && --depth == 0) {
                break;
            }
        }
        if (open + 1 >= close || close >= tokens.size()) {
            throw Messages.notSupported("this CHECK constraint", position(constraint.getLocation()));
        }
        String text = sql.substring(tokens.get(open + 1).start(), tokens.get(close - 1).end());
        return new UtilityCommand.CheckSpec(constraint.getConname().isEmpty() ? null : constraint.getConname(),
                text, constraint.getIsNoInherit(), constraint.getSkipValidation(), tokens.get(open + 1).start());
    }

    /**
     * The text of ALTER TABLE action {@code action} after its first top-level {@code word} (SET DEFAULT's or
     * USING's expression): actions are the statement's parts between top-level commas.
     */
    private String actionTextAfter(int action, String word) {
        List<QueryLexer.Token> tokens = piece.tokens();
        int depth = 0;
        int part = 0;
        int found = -1;
        int end = tokens.size();
        for (int i = 0; i < tokens.size(); i++) {
            QueryLexer.Token t = tokens.get(i);
            boolean punct = t.kind() == QueryLexer.Kind.PUNCT;
            if (punct && t.text().equals("(")) {
                depth++;
            } else if (punct && t.text().equals(")")) {
                depth--;
            } else if (depth == 0 && punct && (t.text().equals(",") || t.text().equals(";"))) {
                if (part == action && found >= 0) {
                    end = i;
                    break;
                }
                part++;
            } else if (depth == 0 && part == action && found < 0 && t.isWord(word)) {
                found = i + 1;
            }
        }
        if (found < 0 || found >= end) {
            throw Messages.notSupported("this ALTER TABLE action", 0);
        }
        return sql.substring(tokens.get(found).start(), tokens.get(end - 1).end());
    }

    /** reloptions (CREATE TABLE ... WITH, ALTER TABLE ... SET): the DefElems gram.y made, checked. */
    /**
     * transformRelOptions' acceptOidsOff for CREATE TABLE: {@code oids = false} is accepted and dropped,
     * {@code oids} / {@code oids = true} is 0A000 (PostgreSQL 12 removed tables WITH OIDS).
     */
    private static List<PgQuery.Node> withoutOidsOff(List<PgQuery.Node> options) {
        List<PgQuery.Node> kept = new ArrayList<>();
        for (PgQuery.Node option : options) {
            PgQuery.DefElem d = option.getDefElem();
            if (!d.getDefnamespace().isEmpty() || !d.getDefname().equals("oids")) {
                kept.add(option);
                continue;
            }
            String value = d.hasArg() ? defElemValue(d.getArg()) : "true";
            boolean oids = switch (value.toLowerCase(java.util.Locale.ROOT)) {
                case "true", "on", "1" -> true;
                case "false", "off", "0" -> false;
                default -> throw PgException.error(SqlState.SYNTAX_ERROR, "oids requires a Boolean value");
            };
            if (oids) {
                throw PgException.error(SqlState.FEATURE_NOT_SUPPORTED, "tables declared WITH OIDS are not supported");
            }
        }
        return kept;
    }

    private static StorageParameters storageParameters(List<PgQuery.Node> options) {
        StorageParameters parameters = new StorageParameters();
        for (PgQuery.Node option : options) {
            PgQuery.DefElem d = option.getDefElem();
            if (!d.getDefnamespace().isEmpty()) {
                throw PgException.error("22023", "unrecognized parameter namespace \"" + d.getDefnamespace()
                        + "\"");
            }
            parameters.add(d.getDefname(), d.hasArg() ? defElemValue(d.getArg()) : null);
        }
        return parameters;
    }

    /** defGetString: a constant's text, a word as written, a qualified name joined. */
    private static String defElemValue(PgQuery.Node arg) {
        if (arg.hasAConst()) {
            return constant(arg);
        }
        if (arg.hasString()) {
            return arg.getString().getSval();
        }
        if (arg.hasInteger()) {
            return Integer.toString(arg.getInteger().getIval());
        }
        if (arg.hasFloat()) {
            return arg.getFloat().getFval();
        }
        if (arg.hasBoolean()) {
            return arg.getBoolean().getBoolval() ? "true" : "false";
        }
        if (arg.hasTypeName()) {
            return String.join(".", names(arg.getTypeName().getNamesList()));
        }
        return "";
    }

    private UtilityCommand createRole(PgQuery.CreateRoleStmt r) {
        return new UtilityCommand.CreateRole(r.getRole(), r.getStmtType() == PgQuery.RoleStmtType.ROLESTMT_USER,
                roleOptions(r.getOptionsList()));
    }

    /** CREATE/ALTER ROLE options: gram.y has already turned each keyword into a DefElem with a typed value. */
    private static List<UtilityCommand.RoleOption> roleOptions(List<PgQuery.Node> options) {
        List<UtilityCommand.RoleOption> out = new ArrayList<>();
        for (PgQuery.Node option : options) {
            PgQuery.DefElem d = option.getDefElem();
            Object value = null;
            if (d.hasArg()) {
                PgQuery.Node arg = d.getArg();
                if (arg.hasBoolean()) {
                    value = arg.getBoolean().getBoolval();
                } else if (arg.hasInteger()) {
                    value = arg.getInteger().getIval();
                } else if (arg.hasList()) {
                    value = roleNames(arg.getList().getItemsList());
                } else {
                    value = defElemValue(arg);
                }
            }
            out.add(new UtilityCommand.RoleOption(d.getDefname(), value, d.getLocation()));
        }
        return out;
    }

    private static List<UtilityCommand.RoleName> roleNames(List<PgQuery.Node> specs) {
        List<UtilityCommand.RoleName> names = new ArrayList<>();
        for (PgQuery.Node n : specs) {
            names.add(roleName(n.getRoleSpec()));
        }
        return names;
    }

    static UtilityCommand.RoleName roleName(PgQuery.RoleSpec spec) {
        String keyword = switch (spec.getRoletype()) {
            case ROLESPEC_CURRENT_USER -> "CURRENT_USER";
            case ROLESPEC_CURRENT_ROLE -> "CURRENT_ROLE";
            case ROLESPEC_SESSION_USER -> "SESSION_USER";
            case ROLESPEC_PUBLIC -> "PUBLIC";
            default -> null;
        };
        return new UtilityCommand.RoleName(keyword == null ? spec.getRolename() : null, keyword, spec.getLocation());
    }

    /** GRANT/REVOKE role: column lists are refused as user.c's GrantRole refuses them. */
    private static UtilityCommand grantRole(PgQuery.GrantRoleStmt g) {
        List<String> roles = new ArrayList<>();
        for (PgQuery.Node n : g.getGrantedRolesList()) {
            PgQuery.AccessPriv priv = n.getAccessPriv();
            if (priv.getPrivName().isEmpty() || priv.getColsCount() > 0) {
                throw PgException.error(SqlState.INVALID_GRANT_OPERATION,
                        "column names cannot be included in GRANT/REVOKE ROLE");
            }
            roles.add(priv.getPrivName());
        }
        return new UtilityCommand.GrantRole(roles, roleNames(g.getGranteeRolesList()), g.getIsGrant(),
                g.getAdminOpt(), g.hasGrantor() ? roleName(g.getGrantor()) : null);
    }

    // ---- COPY, VACUUM, LOCK --------------------------------------------------------------------------------

    private UtilityCommand copy(PgQuery.CopyStmt c) {
        boolean from = c.getIsFrom();
        if (c.getIsProgram()) {
            throw Messages.notSupported("COPY ... PROGRAM", 0);
        }
        if (c.hasWhereClause()) {
            throw Messages.notSupported("COPY FROM ... WHERE", 0);
        }
        String table = c.hasRelation() ? relationName(c.getRelation()) : null;
        String query = null;
        if (c.hasQuery()) {
            query = queryText(c.getQuery());
        }
        List<String> columns = c.getAttlistCount() > 0 ? names(c.getAttlistList()) : null;
        boolean csv = false;
        boolean freeze = false;
        boolean header = false;
        Character delimiter = null;
        String nullString = null;
        char quote = '"';
        Character escape = null;
        for (PgQuery.Node option : c.getOptionsList()) {
            PgQuery.DefElem d = option.getDefElem();
            String value = d.hasArg() ? defElemValue(d.getArg()) : null;
            switch (d.getDefname()) {
                case "format" -> {
                    if ("binary".equals(value)) {
                        throw Messages.notSupported("COPY BINARY", 0);
                    }
                    if (!"csv".equals(value) && !"text".equals(value)) {
                        throw PgException.error("22023", "COPY format \"" + value + "\" not recognized");
                    }
                    csv = "csv".equals(value);
                }
                case "freeze" -> freeze = value == null || TypeIo.parseBool(value);
                case "header" -> header = value == null || TypeIo.parseBool(value);
                case "delimiter" -> delimiter = singleChar("delimiter", value);
                case "null" -> nullString = value;
                case "quote" -> quote = singleChar("quote", value);
                case "escape" -> escape = singleChar("escape", value);
                case "encoding", "force_quote", "force_not_null", "force_null" -> { }
                default -> throw PgException.error("42601", "option \"" + d.getDefname() + "\" not recognized")
                        .withPosition(position(d.getLocation()));
            }
        }
        return new UtilityCommand.Copy(table, columns, query, from, csv, freeze,
                delimiter != null ? delimiter : csv ? ',' : '\t', header, nullString, quote,
                escape != null ? escape : quote, c.getFilename().isEmpty() ? null : c.getFilename());
    }

    /** COPY (query) TO: the query's text, between the parentheses after COPY. */
    private String queryText(PgQuery.Node query) {
        List<QueryLexer.Token> tokens = piece.tokens();
        int open = 1; // COPY (
        int depth = 0;
        for (int i = open; i < tokens.size(); i++) {
            QueryLexer.Token t = tokens.get(i);
            if (t.kind() != QueryLexer.Kind.PUNCT) {
                continue;
            }
            if (t.text().equals("(")) {
                depth++;
            } else if (t.text().equals(")") && --depth == 0) {
                return sql.substring(tokens.get(open + 1).start(), tokens.get(i - 1).end());
            }
        }
        throw Messages.notSupported("this COPY", 0);
    }

    private static char singleChar(String option, String value) {
        if (value == null || value.length() != 1) {
            throw PgException.error("0A000", "COPY " + option + " must be a single one-byte character");
        }
        return value.charAt(0);
    }

    private static UtilityCommand vacuum(PgQuery.VacuumStmt v) {
        List<String> tables = new ArrayList<>();
        for (PgQuery.Node rel : v.getRelsList()) {
            tables.add(relationName(rel.getVacuumRelation().getRelation()));
        }
        if (!v.getIsVacuumcmd()) {
            return new UtilityCommand.Analyze(tables);
        }
        boolean analyze = false;
        for (PgQuery.Node option : v.getOptionsList()) {
            String name = option.getDefElem().getDefname().toLowerCase(Locale.ROOT);
            if (name.equals("analyze")) {
                PgQuery.DefElem d = option.getDefElem();
                analyze = !d.hasArg() || TypeIo.parseBool(defElemValue(d.getArg()));
            }
        }
        return new UtilityCommand.Vacuum(tables, analyze);
    }

    /** LOCK: the mode is lockdefs.h's number (1 AccessShare .. 8 AccessExclusive). */
    private static UtilityCommand lock(PgQuery.LockStmt l) {
        LockMode mode = LockMode.values()[l.getMode() - 1];
        return new UtilityCommand.LockTable(relations(l.getRelationsList()), mode, l.getNowait());
    }
}
