/*
 * The utility commands osgres runs, translated from PostgreSQL's tree (UtilityTranslator): transaction control
 * (xact.c's BEGIN/COMMIT/ROLLBACK/SAVEPOINT), SET/RESET/SHOW (guc.c), DISCARD and DEALLOCATE. A closed
 * set, executed by the session.
 */
package osgres.sql.internal.parser;

import java.util.List;
import java.util.Map;

import osgres.sql.internal.nodes.CursorDirection;
import osgres.sql.internal.utils.PgType;
import osgres.sql.internal.utils.Messages;

public sealed interface UtilityCommand {

    /**
     * BEGIN / START TRANSACTION; {@code isolation} is the ISOLATION LEVEL given (lower-case words) or null,
     * {@code readOnly} and {@code deferrable} null when not given (the defaults apply).
     */
    record Begin(String isolation, Boolean readOnly, Boolean deferrable) implements UtilityCommand {
    }

    /** COMMIT / END [AND [NO] CHAIN]; {@code chain}: a new block starts with the ended one's characteristics. */
    record Commit(boolean chain) implements UtilityCommand {
    }

    /** ROLLBACK / ABORT [AND [NO] CHAIN]. */
    record Rollback(boolean chain) implements UtilityCommand {
    }

    record Savepoint(String name) implements UtilityCommand {
    }

    record ReleaseSavepoint(String name) implements UtilityCommand {
    }

    record RollbackToSavepoint(String name) implements UtilityCommand {
    }

    /** SET [LOCAL] name = values; {@code values} null means DEFAULT. */
    record Set(String name, List<String> values, boolean local) implements UtilityCommand {
    }

    /**
     * SET TRANSACTION ... ({@code session} false: this transaction block) or SET SESSION CHARACTERISTICS AS
     * TRANSACTION ... ({@code session} true: the session's defaults). {@code isolation} is null when not given,
     * {@code readOnly} null when neither READ ONLY nor READ WRITE was given, {@code deferrable} likewise.
     */
    record SetTransaction(boolean session, String isolation, Boolean readOnly, Boolean deferrable)
            implements UtilityCommand {
    }

    /** RESET name; {@code name} null is RESET ALL. */
    record Reset(String name) implements UtilityCommand {
    }

    /** SHOW name; {@code name} null is SHOW ALL. */
    record Show(String name) implements UtilityCommand {
    }

    /** DISCARD ALL / PLANS / SEQUENCES / TEMP; {@code what} upper-case. */
    record Discard(String what) implements UtilityCommand {
    }

    /**
     * DEALLOCATE [PREPARE] name | ALL: drops SQL-level prepared statements ({@code name} null: all of them). The
     * protocol's named statements are the backend's; it closes them on a Close message.
     */
    record Deallocate(String name) implements UtilityCommand {
        public boolean all() {
            return name == null;
        }
    }

    /**
     * PREPARE name [(types)] AS statement (prepare.c's PrepareQuery): {@code types} the declared parameter types
     * (null where a later one is declared but this one is "unknown"), {@code statement} the piece of {@code sql}
     * after AS, {@code text} the whole PREPARE as pg_prepared_statements shows it.
     */
    record Prepare(String name, List<PgType> types, String sql, QueryLexer.Piece statement, String text)
            implements UtilityCommand {
    }

    /**
     * EXECUTE name [(arguments)] (ExecuteQuery): the arguments as PostgreSQL's tree, with locations in {@code text}
     * (the EXECUTE's own text); {@code start} where that text begins in the query string, for error positions.
     */
    record Execute(String name, List<osgres.pgquery.tree.PgQuery.Node> arguments, String text, int start)
            implements UtilityCommand {
    }

    /**
     * A column definition of CREATE TABLE / ADD COLUMN ({@code defaultSql} is the DEFAULT's source text). A SERIAL
     * column ({@code serial}) or an identity column ({@code identity} 'a' or 'd', with the sequence options given
     * in parentheses) gets a sequence of its own.
     */
    record ColumnSpec(String name, PgType type, int typmod, boolean notNull, String defaultSql, boolean primaryKey,
                      boolean unique, boolean serial, char identity, List<SequenceOption> identityOptions,
                      String domain, int typePosition) {

        /** A column of a built-in type. */
        ColumnSpec(String name, PgType type, int typmod, boolean notNull, String defaultSql, boolean primaryKey,
                   boolean unique, boolean serial, char identity, List<SequenceOption> identityOptions) {
            this(name, type, typmod, notNull, defaultSql, primaryKey, unique, serial, identity, identityOptions,
                    null, 0);
        }

        /** The same column with another DEFAULT and NOT NULL (a SERIAL's). */
        public ColumnSpec withDefault(boolean newNotNull, String newDefaultSql) {
            return new ColumnSpec(name, type, typmod, newNotNull, newDefaultSql, primaryKey, unique, serial, identity,
                    identityOptions, domain, typePosition);
        }

        /** The column with its type resolved: a domain's base type and modifier. */
        public ColumnSpec withType(PgType newType, int newTypmod) {
            return new ColumnSpec(name, newType, newTypmod, notNull, defaultSql, primaryKey, unique, serial, identity,
                    identityOptions, domain, typePosition);
        }

        ColumnSpec(String name, PgType type, int typmod, boolean notNull, String defaultSql, boolean primaryKey,
                   boolean unique) {
            this(name, type, typmod, notNull, defaultSql, primaryKey, unique, false, osgres.storage.ColumnDef.NOT_IDENTITY,
                    List.of());
        }

        /** The column needs a sequence (SERIAL or GENERATED ... AS IDENTITY). */
        public boolean ownsSequence() {
            return serial || identity != osgres.storage.ColumnDef.NOT_IDENTITY;
        }
    }

    /**
     * One option of CREATE / ALTER SEQUENCE or of an identity column, as gram.y's DefElem: {@code name} is
     * {@code as}, {@code increment}, {@code minvalue}, {@code maxvalue}, {@code start}, {@code restart},
     * {@code cache}, {@code cycle}, {@code owned_by} or {@code sequence_name}; {@code value} is its argument as
     * text (a number as written, a type or dotted name, {@code true}/{@code false}) or null when it has none
     * (NO MINVALUE, NO MAXVALUE, RESTART); {@code position} is the option's 1-based position for errors.
     */
    record SequenceOption(String name, String value, int position) {
    }

    record CreateSequence(String name, List<SequenceOption> options, boolean ifNotExists) implements UtilityCommand {
    }

    record AlterSequence(String name, List<SequenceOption> options, boolean ifExists) implements UtilityCommand {
    }

    record DropSequence(List<String> names, boolean ifExists, boolean cascade) implements UtilityCommand {
    }

    /**
     * CREATE [TEMP] TABLE: {@code temporary} for TEMP or a name in a temporary schema; {@code onCommit} null when no
     * ON COMMIT clause was given; {@code namePosition} is where the name is in the statement (errors about its
     * schema point there).
     */
    record CreateTable(String name, List<ColumnSpec> columns, List<String> primaryKey, List<List<String>> uniques,
                       int fillfactor, Map<String, String> options, boolean ifNotExists, boolean temporary,
                       osgres.storage.OnCommitAction onCommit, int namePosition, TableInheritance inheritance,
                       List<UtilityCommand> constraints, List<TableLike> likes)
            implements UtilityCommand {

        CreateTable(String name, List<ColumnSpec> columns, List<String> primaryKey, List<List<String>> uniques,
                    int fillfactor, Map<String, String> options, boolean ifNotExists, boolean temporary,
                    osgres.storage.OnCommitAction onCommit, int namePosition, TableInheritance inheritance,
                    List<UtilityCommand> constraints) {
            this(name, columns, primaryKey, uniques, fillfactor, options, ifNotExists, temporary, onCommit,
                    namePosition, inheritance, constraints, List.of());
        }

        CreateTable(String name, List<ColumnSpec> columns, List<String> primaryKey, List<List<String>> uniques,
                    int fillfactor, Map<String, String> options, boolean ifNotExists, boolean temporary,
                    osgres.storage.OnCommitAction onCommit, int namePosition) {
            this(name, columns, primaryKey, uniques, fillfactor, options, ifNotExists, temporary, onCommit,
                    namePosition, null, List.of());
        }
    }

    /**
     * CREATE OPERATOR CLASS name [DEFAULT] FOR TYPE type USING method AS ...: its support functions by number
     * (its operators are the type's own: osgres compares and hashes by type); {@code text} is the statement, kept
     * in the catalog.
     */
    record CreateOpClass(String name, String method, PgType type, boolean isDefault,
                         Map<Integer, FunctionRef> functions, String text) implements UtilityCommand {
    }

    /** DROP OPERATOR CLASS [IF EXISTS] name USING method. */
    record DropOpClass(String name, String method, boolean ifExists) implements UtilityCommand {
    }

    /**
     * LIKE source [INCLUDING | EXCLUDING option ...] in CREATE TABLE: its columns take the place of the clause, after
     * the first {@code columnsBefore} columns written; {@code options} is PostgreSQL's TableLikeOption bit set.
     */
    record TableLike(String relation, int options, int position, int columnsBefore) {
        public static final int COMMENTS = 1;
        public static final int COMPRESSION = 1 << 1;
        public static final int CONSTRAINTS = 1 << 2;
        public static final int DEFAULTS = 1 << 3;
        public static final int GENERATED = 1 << 4;
        public static final int IDENTITY = 1 << 5;
        public static final int INDEXES = 1 << 6;
        public static final int STATISTICS = 1 << 7;
        public static final int STORAGE = 1 << 8;

        public boolean including(int option) {
            return (options & option) != 0;
        }
    }

    /**
     * CREATE TABLE's INHERITS (parents) or PARTITION OF parent {@code bound} ({@code parents} then names the one
     * parent), and PARTITION BY {@code key}; {@code columnOptions} are PARTITION OF's column options (a column
     * spec without a type: NOT NULL, DEFAULT).
     */
    record TableInheritance(List<String> parents, PartitionBoundSpec.Spec bound, PartitionKeySpec key,
                            List<ColumnSpec> columnOptions) {
    }

    /** PARTITION BY strategy (columns): {@code strategy} lower-case as written; positions for errors. */
    record PartitionKeySpec(String strategy, List<String> columns, List<Integer> positions, int position) {
    }

    /** ALTER TABLE table ATTACH PARTITION partition FOR VALUES ... | DEFAULT. */
    record AttachPartition(String table, String partition, PartitionBoundSpec.Spec bound) implements UtilityCommand {
    }

    /**
     * ALTER INDEX index ATTACH PARTITION partitionIndex, as pg_dump writes it after building a partition's index of
     * its own; osgres keeps no link between the two (the partitioned table's indexes are cloned onto partitions).
     */
    record AttachIndexPartition(String index, String partitionIndex) implements UtilityCommand {
    }

    /** ALTER TABLE table DETACH PARTITION partition. */
    record DetachPartition(String table, String partition) implements UtilityCommand {
    }

    /** ALTER TABLE table INHERIT parent ({@code add}) / NO INHERIT parent. */
    record AlterInherit(String table, String parent, boolean add) implements UtilityCommand {
    }

    /**
     * CREATE TABLE name [(columnNames)] [WITH (options)] AS query [WITH [NO] DATA]: {@code query} is the query's
     * text; {@code columnNames} may name fewer columns than the query has. {@code temporary} and {@code onCommit}
     * as for {@link CreateTable}. CREATE TABLE AS EXECUTE name (args) has {@code execute} (and no {@code query}).
     */
    record CreateTableAs(String name, List<String> columnNames, String query, int fillfactor,
                         Map<String, String> options, boolean ifNotExists, boolean withData, boolean temporary,
                         osgres.storage.OnCommitAction onCommit, Execute execute)
            implements UtilityCommand {
    }

    /** ALTER TABLE name SET (parameters) / RESET (names): {@code fillfactor} null when not set. */
    record SetStorageParameters(String table, Integer fillfactor, Map<String, String> set,
                                java.util.Set<String> reset)
            implements UtilityCommand {
    }

    /** DROP TABLE names [CASCADE]: with {@code cascade} the views that read the tables go too. */
    record DropTable(List<String> names, boolean ifExists, boolean cascade) implements UtilityCommand {
    }

    /**
     * CREATE [OR REPLACE] [TEMP] VIEW name [(columnNames)] AS query [WITH [LOCAL|CASCADED] CHECK OPTION]:
     * {@code query} is the query's text (without the check option), {@code checkOption} "local", "cascaded" or null;
     * {@code columnNames} may name fewer columns than the query has. {@code select} is the query's raw tree, whose
     * locations count UTF-8 bytes from offset {@code base} of {@code sql} (the statement's text is base to end).
     */
    record CreateView(String name, List<String> columnNames, String query, boolean replace, boolean temporary,
                      String checkOption, osgres.pgquery.tree.PgQuery.SelectStmt select, String sql, int base,
                      int end) implements UtilityCommand {
    }

    /** ALTER VIEW [IF EXISTS] name RENAME TO newName. */
    record RenameView(String name, String newName, boolean ifExists) implements UtilityCommand {
    }

    /** CREATE [OR REPLACE] FUNCTION / PROCEDURE: the statement's tree and its text (what pg_proc's row keeps). */
    record CreateFunction(osgres.pgquery.tree.PgQuery.CreateFunctionStmt statement, String text, int start)
            implements UtilityCommand {
    }

    /**
     * CREATE [OR REPLACE] AGGREGATE in either syntax (DefineStmt of kind OBJECT_AGGREGATE): the tree and the
     * statement's text, which pg_proc's row keeps as functions' rows do.
     */
    record CreateAggregate(osgres.pgquery.tree.PgQuery.DefineStmt statement, String text) implements UtilityCommand {
    }

    /** CREATE OPERATOR (DefineStmt of kind OBJECT_OPERATOR) with the statement's text, which pg_operator keeps. */
    record CreateOperator(osgres.pgquery.tree.PgQuery.DefineStmt statement, String text) implements UtilityCommand {
    }

    /** An operator as DROP OPERATOR names it: {@code left} null for a prefix operator ({@code NONE}). */
    record OperatorRef(String name, PgType left, PgType right) {
    }

    /** DROP OPERATOR [IF EXISTS] name (left, right), .... */
    record DropOperator(List<OperatorRef> operators, boolean ifExists) implements UtilityCommand {
    }

    /** CREATE CAST with the statement's text, which pg_cast's row keeps. */
    record CreateCast(osgres.pgquery.tree.PgQuery.CreateCastStmt statement, String text) implements UtilityCommand {
    }

    /** DROP CAST [IF EXISTS] (source AS target), with the types as written (for the skipping NOTICE). */
    record DropCast(PgType source, PgType target, String writtenSource, String writtenTarget, boolean ifExists)
            implements UtilityCommand {
    }

    /** DROP AGGREGATE [IF EXISTS] name(types), ... ({@code name(*)}: no types). */
    record DropAggregate(List<FunctionRef> aggregates, boolean ifExists) implements UtilityCommand {
    }

    /** A function as DROP / ALTER name it (ObjectWithArgs): {@code argTypes} null when no list was written. */
    record FunctionRef(String name, List<PgType> argTypes, List<String> writtenTypes) {
        public String signature() {
            return Messages.signature(name, argTypes == null ? List.of() : argTypes);
        }

        /** The name with the types as written (TypeNameListToString: {@code f(pg_catalog.int4)}). */
        public String writtenSignature() {
            return name + "(" + String.join(",", writtenTypes == null ? List.of() : writtenTypes) + ")";
        }
    }

    /** DROP FUNCTION / PROCEDURE [IF EXISTS] f(types), ... [CASCADE]. */
    record DropFunction(List<FunctionRef> functions, boolean procedure, boolean ifExists, boolean cascade)
            implements UtilityCommand {
    }

    /**
     * ALTER FUNCTION / PROCEDURE f(types): RENAME TO {@code newName}, or the volatility and strictness given (null
     * when not).
     */
    record AlterFunction(FunctionRef function, boolean procedure, String newName, Character volatility,
                         Boolean strict) implements UtilityCommand {
    }

    /** DO [LANGUAGE lang] 'code': an anonymous code block ({@code language} lower-case, plpgsql when not given). */
    record Do(String code, String language, int start) implements UtilityCommand {
    }

    /**
     * COMMENT ON kind name IS 'text' ({@code text} null for IS NULL or ''): {@code names} the object's name as written
     * (a column's is [schema.]table.column), {@code function} for FUNCTION and PROCEDURE.
     */
    record Comment(osgres.pgquery.tree.PgQuery.ObjectType kind, List<String> names, FunctionRef function, String text)
            implements UtilityCommand {
    }

    /** CREATE [OR REPLACE] TRIGGER: the statement's tree and text (what pg_trigger's row keeps). */
    record CreateTrigger(osgres.pgquery.tree.PgQuery.CreateTrigStmt statement, String text) implements UtilityCommand {
    }

    /**
     * CREATE DOMAIN name [AS] base [DEFAULT expr] [[CONSTRAINT n] NOT NULL | NULL | CHECK (expr)]...: its base type
     * and modifier, whether NOT NULL was the last null-ness said, the DEFAULT's text, the CHECKs (expressions over
     * VALUE) in order, and the statement's text, which the type catalog keeps.
     */
    record CreateDomain(String name, PgType base, int typmod, boolean notNull, String defaultSql,
                        List<CheckSpec> checks, String text) implements UtilityCommand {
    }

    /** CREATE TYPE name AS ENUM ('a', ...): the labels in order and the statement's text (the catalog keeps it). */
    record CreateEnum(String name, List<String> labels, String text) implements UtilityCommand {
    }

    /**
     * ALTER TYPE name ADD VALUE [IF NOT EXISTS] newValue [BEFORE | AFTER neighbor] ({@code oldValue} null), or
     * RENAME VALUE oldValue TO newValue.
     */
    record AlterEnum(String name, String oldValue, String newValue, String neighbor, boolean after,
                     boolean ifNotExists) implements UtilityCommand {
    }

    /** CREATE TYPE name AS (field type, ...): the fields and the statement's text, which the type catalog keeps. */
    record CreateComposite(String name, List<osgres.sql.internal.utils.CompositeType.Field> fields, String text)
            implements UtilityCommand {
    }

    /**
     * ALTER DOMAIN name: SET DEFAULT ({@code defaultSql}) / DROP DEFAULT (null), SET / DROP NOT NULL, ADD
     * [CONSTRAINT n] CHECK (expr) [NOT VALID] ({@code check}), DROP CONSTRAINT [IF EXISTS] n.
     */
    record AlterDomain(String name, AlterDomainAction action, String defaultSql, CheckSpec check,
                       String constraintName, boolean missingOk) implements UtilityCommand {
    }

    /** AlterDomainStmt's subtype. */
    enum AlterDomainAction { SET_DEFAULT, SET_NOT_NULL, DROP_NOT_NULL, ADD_CHECK, DROP_CONSTRAINT }

    /** DROP DOMAIN / DROP TYPE [IF EXISTS] name, ... [CASCADE | RESTRICT]. */
    record DropType(List<String> names, boolean domain, boolean ifExists, boolean cascade) implements UtilityCommand {
    }

    /** CREATE [OR REPLACE] RULE: the statement's tree and text (what pg_rewrite's row keeps). */
    record CreateRule(osgres.pgquery.tree.PgQuery.RuleStmt statement, String text) implements UtilityCommand {
    }

    /** DROP RULE [IF EXISTS] name ON table [CASCADE | RESTRICT]. */
    record DropRule(String table, String name, boolean ifExists) implements UtilityCommand {
    }

    /** DROP TRIGGER [IF EXISTS] name ON table. */
    record DropTrigger(String table, String name, boolean ifExists) implements UtilityCommand {
    }

    /** ALTER TABLE table ENABLE | DISABLE TRIGGER name ({@code name} null: ALL or USER). */
    record EnableTrigger(String table, String name, boolean enable) implements UtilityCommand {
    }

    /** CALL p(args): the call's tree and the statement's text its locations count in. */
    record Call(osgres.pgquery.tree.PgQuery.FuncCall call, String text) implements UtilityCommand {
    }

    /** DROP VIEW [IF EXISTS] names [CASCADE]. */
    record DropView(List<String> names, boolean ifExists, boolean cascade) implements UtilityCommand {
    }

    /** TRUNCATE [TABLE] names [RESTART IDENTITY]: {@code restartIdentity} resets the sequences their columns own. */
    record Truncate(List<String> names, boolean restartIdentity, boolean cascade) implements UtilityCommand {
        Truncate(List<String> names, boolean restartIdentity) {
            this(names, restartIdentity, false);
        }
    }

    /** ALTER TABLE t ALTER [COLUMN] c SET DEFAULT expr ({@code defaultSql} its text) / DROP DEFAULT (null). */
    record SetColumnDefault(String table, String column, String defaultSql) implements UtilityCommand {
    }

    /** ALTER TABLE t ADD PRIMARY KEY / UNIQUE (cols). */
    record AddConstraint(String table, String constraintName, List<String> columns, boolean primary)
            implements UtilityCommand {
    }

    record AddColumn(String table, ColumnSpec column, boolean ifNotExists) implements UtilityCommand {
    }

    /**
     * A CHECK constraint as written: {@code name} null picks ChooseConstraintName's; {@code expression} is the text
     * inside CHECK ( ), starting at offset {@code offset} of the client's statement text (for error positions);
     * {@code notValid} skips checking existing rows (ALTER TABLE ADD only).
     */
    record CheckSpec(String name, String expression, boolean noInherit, boolean notValid, int offset) {
    }

    /**
     * ALTER TABLE [IF EXISTS] t action, ...: the actions run in order on the table (AccessExclusive), each one an
     * ALTER TABLE command of its own ({@link AddColumn}, {@link AddConstraint}, {@link SetColumnDefault},
     * {@link SetStorageParameters}, or one of the {@code AlterTable...} actions below); {@code only} when written
     * {@code ALTER TABLE ONLY t}.
     */
    record AlterTable(String table, boolean ifExists, List<UtilityCommand> actions, boolean only)
            implements UtilityCommand {
        /** ALTER TABLE without ONLY: column actions reach the table's inheritance children and partitions. */
        public AlterTable(String table, boolean ifExists, List<UtilityCommand> actions) {
            this(table, ifExists, actions, false);
        }
    }

    /** ALTER TABLE t DROP [COLUMN] [IF EXISTS] c [CASCADE]. */
    record DropColumn(String table, String column, boolean ifExists, boolean cascade) implements UtilityCommand {
    }

    /** ALTER TABLE t ALTER [COLUMN] c [SET DATA] TYPE type [USING expr]; {@code using} null converts by cast. */
    record AlterColumnType(String table, ColumnSpec column, String using) implements UtilityCommand {
    }

    /** ALTER TABLE t ALTER [COLUMN] c SET / DROP NOT NULL. */
    record SetNotNull(String table, String column, boolean notNull) implements UtilityCommand {
    }

    /**
     * A FOREIGN KEY as written: {@code referencedColumns} empty means the referenced table's primary key;
     * {@code matchType}, {@code onUpdate}, {@code onDelete} are {@link osgres.storage.ForeignKey}'s codes.
     */
    record ForeignKeySpec(String name, List<String> columns, String referencedTable, List<String> referencedColumns,
                          char matchType, char onUpdate, char onDelete, List<String> deleteSetColumns,
                          boolean deferrable, boolean initiallyDeferred, boolean notValid) {
    }

    /** ALTER TABLE t ADD [CONSTRAINT name] FOREIGN KEY (...) REFERENCES ... (and CREATE TABLE's). */
    record AddForeignKey(String table, ForeignKeySpec key) implements UtilityCommand {
    }

    /** SET CONSTRAINTS {ALL | name, ...} {DEFERRED | IMMEDIATE}; {@code names} empty for ALL. */
    record SetConstraints(List<String> names, boolean deferred) implements UtilityCommand {
    }

    /** ALTER TABLE t ADD [CONSTRAINT name] CHECK (expr) [NOT VALID]. */
    record AddCheck(String table, CheckSpec check) implements UtilityCommand {
    }

    /** ALTER TABLE t DROP CONSTRAINT [IF EXISTS] name [CASCADE]. */
    record DropConstraint(String table, String name, boolean ifExists, boolean cascade) implements UtilityCommand {
    }

    /** ALTER TABLE t VALIDATE CONSTRAINT name. */
    record ValidateConstraint(String table, String name) implements UtilityCommand {
    }

    /** ALTER TABLE t RENAME [COLUMN] a TO b. */
    record RenameColumn(String table, String column, String newName, boolean ifExists) implements UtilityCommand {
    }

    /** ALTER TABLE t RENAME CONSTRAINT a TO b. */
    record RenameConstraint(String table, String name, String newName, boolean ifExists)
            implements UtilityCommand {
    }

    /** ALTER INDEX [IF EXISTS] i RENAME TO j. */
    record RenameIndex(String name, String newName, boolean ifExists) implements UtilityCommand {
    }

    /** ALTER TABLE [IF EXISTS] t RENAME TO u. */
    record RenameTable(String table, String newName, boolean ifExists) implements UtilityCommand {
    }

    /**
     * ALTER TABLE actions accepted with nothing to change here: ALTER COLUMN SET STATISTICS / SET STORAGE /
     * SET COMPRESSION (osgres keeps none of them; the column must exist), and with {@code column} null SET LOGGED /
     * UNLOGGED, SET WITHOUT OIDS, SET WITHOUT CLUSTER, REPLICA IDENTITY.
     */
    record AlterColumnNoOp(String table, String column) implements UtilityCommand {
    }

    /**
     * ALTER TABLE ... ALTER COLUMN ... ADD GENERATED {ALWAYS | BY DEFAULT} AS IDENTITY [(sequence options)], as
     * pg_dump writes every identity column.
     *
     * @param generated {@code 'a'} (ALWAYS) or {@code 'd'} (BY DEFAULT)
     */
    record AddIdentity(String table, String column, char generated, List<SequenceOption> options)
            implements UtilityCommand {
    }

    /**
     * ALTER TABLE / SEQUENCE / VIEW / MATERIALIZED VIEW / INDEX / TYPE / DOMAIN / FUNCTION / PROCEDURE / SCHEMA /
     * DATABASE ... OWNER TO: {@code kind} as the statement names the object ({@code TABLE}...), {@code name} the
     * object's (null for a function, named by {@code function}), {@code role} the role's name, or null with
     * {@code roleKeyword} CURRENT_USER, CURRENT_ROLE or SESSION_USER.
     */
    record AlterOwner(String kind, String name, FunctionRef function, String role, String roleKeyword,
                      boolean ifExists) implements UtilityCommand {
    }

    /**
     * GRANT / REVOKE of privileges (GrantStmt): {@code objectType} TABLE or SEQUENCE, {@code objects} the relations
     * named, or DATABASE or SCHEMA and the names of those, or with {@code allInSchema} the schemas whose relations of that kind; {@code privileges}
     * null for ALL [PRIVILEGES]; {@code grantees} role names, "public" for PUBLIC (a quoted "public" role is not
     * told apart); {@code grantor} GRANTED BY's role (null: none); {@code cascade} REVOKE's CASCADE. On functions
     * ({@code objectType} FUNCTION, PROCEDURE or ROUTINE) {@code routines} are the functions named (empty with
     * {@code allInSchema}, whose {@code objects} are then the schemas).
     */
    record Grant(boolean isGrant, String objectType, boolean allInSchema, List<String> objects,
                 List<GrantPrivilege> privileges, List<String> grantees, boolean grantOption, String grantor,
                 boolean cascade, List<FunctionRef> routines) implements UtilityCommand {
        public boolean onRoutines() {
            return objectType.equals("FUNCTION") || objectType.equals("PROCEDURE") || objectType.equals("ROUTINE");
        }
    }

    /**
     * ALTER DEFAULT PRIVILEGES: for {@code roles} (empty: the current user) in {@code schemas} (empty: every schema),
     * {@code action} (a Grant whose objectType is TABLE, SEQUENCE, FUNCTION, TYPE or SCHEMA, naming no objects).
     */
    record AlterDefaultPrivileges(List<RoleName> roles, List<String> schemas, Grant action) implements UtilityCommand {
    }

    /** One privilege of a GRANT: its keyword (lower case) and, for a column privilege, the columns (else empty). */
    record GrantPrivilege(String name, List<String> columns) {
    }

    /** ALTER TABLE t CLUSTER ON index: the index must be the table's; osgres keeps no clustering order. */
    record ClusterOn(String table, String index) implements UtilityCommand {
    }

    /**
     * CREATE [UNIQUE] INDEX [name] ON table (columns) [WHERE predicate]; {@code name} null picks PostgreSQL's default
     * name; {@code predicate} a partial index's condition as written (null: none), at {@code predicateOffset} of the
     * query string.
     */
    record CreateIndex(String name, String table, List<String> columns, boolean unique, boolean ifNotExists,
                       String predicate, int predicateOffset)
            implements UtilityCommand {
    }

    /**
     * REINDEX [(options)] INDEX | TABLE | SCHEMA | DATABASE | SYSTEM [CONCURRENTLY] name: {@code kind} one of those
     * words; CONCURRENTLY is accepted and rebuilds as the plain form does.
     */
    record Reindex(String kind, String name, boolean concurrently) implements UtilityCommand {
    }

    record DropIndex(List<String> names, boolean ifExists) implements UtilityCommand {
    }

    record CreateDatabase(String name) implements UtilityCommand {
    }

    record DropDatabase(String name, boolean ifExists) implements UtilityCommand {
    }

    /**
     * COPY table [(columns)] FROM STDIN / TO STDOUT, or COPY (query) TO STDOUT ({@code query} is its text), or
     * COPY table FROM 'file' ({@code filename} not null: a server file, read by the backend, superuser only).
     * {@code nullString} null means the format's default (\N for text, empty for csv).
     */
    record Copy(String table, List<String> columns, String query, boolean from, boolean csv, boolean freeze,
                char delimiter, boolean header, String nullString, char quote, char escape, String filename)
            implements UtilityCommand {
    }

    /**
     * A role named in a statement (RoleSpec): {@code name}, or {@code keyword} CURRENT_USER, CURRENT_ROLE,
     * SESSION_USER or PUBLIC with a null name.
     */
    record RoleName(String name, String keyword, int location) {
        /** How error messages name it (get_rolespec_name). */
        public String display() {
            return name != null ? name : keyword;
        }
    }

    /**
     * An option of CREATE/ALTER ROLE as gram.y's AlterOptRoleElem names it ({@code superuser}, {@code canlogin},
     * {@code password}, {@code connectionlimit}, {@code validUntil}, {@code addroleto}, {@code rolemembers},
     * {@code adminmembers}...): {@code value} a Boolean, an Integer, a String, a list of {@link RoleName}s, or null
     * for PASSWORD NULL.
     */
    record RoleOption(String name, Object value, int location) {
    }

    /** CREATE ROLE / USER / GROUP: {@code user} when CREATE USER (LOGIN by default). */
    record CreateRole(String name, boolean user, List<RoleOption> options) implements UtilityCommand {
    }

    /** ALTER ROLE / USER / GROUP; {@code action} +1 ALTER GROUP ... ADD USER, -1 DROP USER, 0 otherwise. */
    record AlterRole(RoleName role, List<RoleOption> options, int action) implements UtilityCommand {
    }

    record RenameRole(String name, String newName) implements UtilityCommand {
    }

    /** REASSIGN OWNED BY roles TO newRole. */
    record ReassignOwned(List<RoleName> roles, RoleName newRole) implements UtilityCommand {
    }

    /** DROP OWNED BY roles [CASCADE | RESTRICT]. */
    record DropOwned(List<RoleName> roles, boolean cascade) implements UtilityCommand {
    }

    /**
     * ALTER ROLE r [IN DATABASE d] SET/RESET, ALTER ROLE ALL ... ({@code role} null) and ALTER DATABASE d SET/RESET
     * ({@code forDatabaseOnly}): {@code name} null for RESET ALL, {@code values} null for RESET or SET TO DEFAULT.
     */
    record AlterRoleSet(RoleName role, String database, boolean forDatabaseOnly, String name, List<String> values)
            implements UtilityCommand {
    }

    /** GRANT role TO role / REVOKE role FROM role ({@code adminOption}: WITH ADMIN OPTION / ADMIN OPTION FOR). */
    record GrantRole(List<String> roles, List<RoleName> grantees, boolean grant, boolean adminOption,
                     RoleName grantor) implements UtilityCommand {
    }

    record DropRole(List<RoleName> names, boolean ifExists) implements UtilityCommand {
    }

    record Vacuum(List<String> tables, boolean analyze) implements UtilityCommand {
    }

    record Analyze(List<String> tables) implements UtilityCommand {
    }

    record Checkpoint() implements UtilityCommand {
    }

    /** LOCK [TABLE] [ONLY] name [, ...] [IN mode MODE] [NOWAIT]. */
    record LockTable(List<String> names, osgres.storage.LockMode mode, boolean nowait) implements UtilityCommand {
    }

    /**
     * DECLARE name [BINARY] [ASENSITIVE|INSENSITIVE] [[NO] SCROLL] CURSOR [{WITH|WITHOUT} HOLD] FOR query:
     * {@code options} are PostgreSQL's CURSOR_OPT_* bits (CursorOptions); {@code query} is the query's slice of
     * {@code sql} (the whole query string, which pg_cursors shows as the statement); {@code intoPosition} is where
     * a SELECT ... INTO names its table (not allowed there), else 0.
     */
    record DeclareCursor(String name, int options, String sql, QueryLexer.Piece query, int intoPosition)
            implements UtilityCommand {
    }

    /**
     * FETCH / MOVE [direction] [FROM|IN] name, as the grammar reduces it: a direction and a count
     * ({@link CursorDirection#ALL} for ALL; FIRST is ABSOLUTE 1, LAST ABSOLUTE -1, PRIOR BACKWARD 1).
     */
    record Fetch(String name, CursorDirection direction, long count, boolean move) implements UtilityCommand {
    }

    /** CLOSE name; {@code name} null is CLOSE ALL. */
    record CloseCursor(String name) implements UtilityCommand {
    }

    /** Whether the command must run outside a transaction block (PreventInTransactionBlock), and its name. */
    default String outsideBlockOnly() {
        return switch (this) {
            case CreateDatabase c -> "CREATE DATABASE";
            case DropDatabase d -> "DROP DATABASE";
            case Vacuum v -> "VACUUM";
            case Reindex r when r.concurrently() -> "REINDEX CONCURRENTLY";
            case Reindex r when r.kind().equals("DATABASE") || r.kind().equals("SYSTEM") -> "REINDEX " + r.kind();
            default -> null;
        };
    }

    /** Whether PostgreSQL lets this run in a failed transaction block (IsTransactionExitStmt). */
    default boolean allowedInFailedTransaction() {
        return this instanceof Commit || this instanceof Rollback || this instanceof RollbackToSavepoint;
    }
}
