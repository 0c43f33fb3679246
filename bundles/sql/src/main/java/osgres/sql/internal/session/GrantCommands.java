/*
 * GRANT and REVOKE of privileges on tables, views and sequences (aclchk.c's ExecuteGrantStmt and
 * ExecGrant_Relation): the privileges are checked against the object kind, each relation's grantor is chosen
 * (select_best_grantor: the owner when the current user has its privileges, else the current user with the grant
 * options it holds), the privileges are cut to those it may grant with PostgreSQL's warnings
 * (restrict_and_check_grant), and the ACL is changed (merge_acl_with_grant) in the relation's catalog entry,
 * durably, without a lock readers would wait for. Column privileges change the columns' ACLs (attacl); a REVOKE of
 * a relation privilege also takes it from every column, as the SQL standard says.
 *
 * GRANT on functions, procedures and routines (ExecGrant_Function) changes the ACL kept in the routine's pg_proc
 * row; its privilege is EXECUTE.
 *
 * GRANT USAGE on the trusted languages keeps their ACL per database (LanguageAcls).
 *
 * Databases and schemas (ExecGrant_Database, ExecGrant_Namespace) go the same way, their ACLs kept in pg_database
 * (DatabasePrivileges); those changes commit at once and are put back if the transaction aborts
 * (SqlSessionImpl.changeDatabase).
 *
 * Not yet: GRANT on types (0A000); ALTER DEFAULT PRIVILEGES is DefaultPrivilegeCommands'.
 */
package osgres.sql.internal.session;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import osgres.api.PgException;
import osgres.api.Severity;
import osgres.api.SqlState;
import osgres.sql.internal.catalog.DatabasePrivileges;
import osgres.sql.internal.catalog.LanguageAcls;
import osgres.sql.internal.catalog.Privileges;
import osgres.sql.internal.catalog.TemporaryTables;
import osgres.sql.internal.nodes.Query;
import osgres.sql.internal.parser.UtilityCommand;
import osgres.sql.internal.utils.Messages;
import osgres.storage.AclItem;
import osgres.storage.ObjectAcl;
import osgres.storage.Role;
import osgres.storage.TableDef;
import osgres.storage.Transaction;

final class GrantCommands {

    private GrantCommands() {
    }

    static String run(UtilityCommand.Grant g, SqlSessionImpl session) {
        if (g.onRoutines()) {
            return runOnRoutines(g, session);
        }
        if (g.objectType().equals("LANGUAGE")) {
            return runOnLanguages(g, session);
        }
        if (g.objectType().equals("DATABASE") || g.objectType().equals("SCHEMA")) {
            return runOnDatabasesOrSchemas(g, session);
        }
        boolean sequenceSyntax = g.objectType().equals("SEQUENCE");
        // ExecuteGrantStmt: the privileges the object kind allows (TABLE: a table's or a sequence's)
        int allowed = sequenceSyntax ? Privileges.ALL_RIGHTS_SEQUENCE
                : Privileges.ALL_RIGHTS_RELATION | Privileges.ALL_RIGHTS_SEQUENCE;
        Map<String, Integer> columnPrivileges = new LinkedHashMap<>();
        int relationPrivileges = g.privileges() == null ? 0
                : privilegeBits(g, allowed, sequenceSyntax ? "sequence" : "relation", columnPrivileges);
        List<Integer> grantees = grantees(g, session);
        int user = Privileges.currentUserOid(session);
        Transaction tx = session.transaction();
        for (String name : relations(g, session)) {
            TableDef relation = tx.table(name).orElse(null);
            if (relation == null) {
                if (tx.index(name).isPresent()) {
                    throw PgException.error(SqlState.WRONG_OBJECT_TYPE, "\"" + TemporaryTables.relname(name)
                            + "\" is an index");
                }
                throw Messages.relationDoesNotExist(TemporaryTables.relname(name), 0);
            }
            if (sequenceSyntax && !relation.isSequence()) {
                throw PgException.error(SqlState.WRONG_OBJECT_TYPE, "\"" + relation.name() + "\" is not a sequence");
            }
            int privileges = g.privileges() == null ? Privileges.allRights(relation) : relationPrivileges;
            if (!sequenceSyntax && relation.isSequence()) {
                if ((privileges & ~Privileges.ALL_RIGHTS_SEQUENCE) != 0) {
                    session.addNotice(new PgException(Severity.WARNING, SqlState.INVALID_GRANT_OPERATION,
                            "sequence \"" + relation.name() + "\" only supports USAGE, SELECT, and UPDATE privileges",
                            null, null, 0));
                    privileges &= Privileges.ALL_RIGHTS_SEQUENCE;
                }
            } else if (!relation.isSequence() && (privileges & ~Privileges.ALL_RIGHTS_RELATION) != 0) {
                throw PgException.error(SqlState.INVALID_GRANT_OPERATION, "invalid privilege type USAGE for table");
            }
            Map<Integer, Integer> columns = new LinkedHashMap<>();
            for (Map.Entry<String, Integer> c : columnPrivileges.entrySet()) {
                int index = relation.columnIndex(c.getKey());
                Query.SystemColumn system = Query.SystemColumn.of(c.getKey());
                if (index < 0 && system != null && !relation.isView()) {
                    columns.merge(system.attno(), c.getValue(), (a, b) -> a | b); // a system column's attnum
                    continue;
                }
                if (index < 0) {
                    throw PgException.error(SqlState.UNDEFINED_COLUMN, "column \"" + c.getKey() + "\" of relation \""
                            + relation.name() + "\" does not exist");
                }
                if (relation.isSequence() && (c.getValue() & ~Privileges.SELECT) != 0) {
                    throw PgException.error(SqlState.INVALID_GRANT_OPERATION, "sequence \"" + relation.name()
                            + "\" only supports SELECT column privileges");
                }
                columns.merge(index + 1, c.getValue(), (a, b) -> a | b);
            }
            int relationBits = privileges;
            tx.changeAcl(name, acl -> change(session, g, relation.name(), relation.isSequence(), acl, relationBits,
                    columns, grantees, user, relation.columns().stream().map(osgres.storage.ColumnDef::name).toList()));
        }
        session.catalogChanged();
        return g.isGrant() ? "GRANT" : "REVOKE";
    }

    /**
     * ExecGrant_Database and ExecGrant_Namespace: each database's datacl, or each schema's nspacl in the current
     * database, changed as a relation's is (grantor, grant options, warnings), durably in pg_database.
     */
    private static String runOnDatabasesOrSchemas(UtilityCommand.Grant g, SqlSessionImpl session) {
        boolean database = g.objectType().equals("DATABASE");
        String kind = database ? "database" : "schema";
        int allRights = database ? DatabasePrivileges.ALL_RIGHTS_DATABASE : DatabasePrivileges.ALL_RIGHTS_SCHEMA;
        int privileges = g.privileges() == null ? allRights : privilegeBits(g, allRights, kind, null);
        // objectNamesToOids: every object is looked up before anything changes
        List<Integer> databases = new ArrayList<>();
        for (String name : g.objects()) {
            if (database) {
                databases.add(session.storage().databaseOid(name).orElseThrow(() -> PgException.error(
                        SqlState.INVALID_CATALOG_NAME, "database \"" + name + "\" does not exist")));
            } else if (!DatabasePrivileges.schemaExists(name)) {
                throw Messages.schemaDoesNotExist(name);
            }
        }
        List<Integer> grantees = grantees(g, session);
        int user = Privileges.currentUserOid(session);
        int bits = privileges;
        for (int i = 0; i < g.objects().size(); i++) {
            String name = g.objects().get(i);
            if (database) {
                session.changeDatabase(databases.get(i), db -> db.withAcl(changeAcl(session, g, name,
                        kind, DatabasePrivileges.acl(db), db.owner(), bits, allRights, grantees, user)));
            } else {
                session.changeDatabase(session.databaseOid(), db -> {
                    ObjectAcl schema = DatabasePrivileges.schema(db, name);
                    return db.withSchema(name, schema.withAcl(changeAcl(session, g, name, kind,
                            DatabasePrivileges.schemaAcl(schema), schema.owner(), bits, allRights, grantees, user)));
                });
            }
        }
        session.catalogChanged();
        return g.isGrant() ? "GRANT" : "REVOKE";
    }

    /** The grantor chosen, the privileges cut to what it may grant, and the ACL merged with the change. */
    private static List<AclItem> changeAcl(SqlSessionImpl session, UtilityCommand.Grant g, String name, String kind,
                                           List<AclItem> old, int owner, int privileges, int allRights,
                                           List<Integer> grantees, int user) {
        int[] grantor = bestGrantor(session, user, privileges, old, owner);
        int granted = restrictAndCheck(session, g, grantor[1], privileges, old, owner, grantor[0], kind, name, null,
                allRights);
        return merge(session, g, old, grantees, granted, grantor[0], owner);
    }

    /**
     * ExecuteGrantStmt's loop over the named privileges: each name's bit (ALL (columns) is every column privilege,
     * as expand_col_privileges), 42601 for an unknown name, 0LP01 "invalid privilege type X for K" for one outside
     * {@code allowed}. Column lists go to {@code columns} (privilege bits by column name); where that is null the
     * object kind has no columns and a list is 0LP01 "column privileges are only valid for relations". Returns the
     * privileges named without a column list.
     */
    private static int privilegeBits(UtilityCommand.Grant g, int allowed, String kind, Map<String, Integer> columns) {
        int privileges = 0;
        for (UtilityCommand.GrantPrivilege p : g.privileges()) {
            if (columns == null && !p.columns().isEmpty()) {
                throw PgException.error(SqlState.INVALID_GRANT_OPERATION,
                        "column privileges are only valid for relations");
            }
            int bit = p.name().isEmpty() ? Privileges.ALL_RIGHTS_COLUMN : Privileges.parse(p.name());
            if ((bit & ~allowed) != 0) {
                throw PgException.error(SqlState.INVALID_GRANT_OPERATION, "invalid privilege type "
                        + Privileges.name(bit) + " for " + kind);
            }
            if (p.columns().isEmpty()) {
                privileges |= bit;
            } else {
                for (String column : p.columns()) {
                    columns.merge(column, bit, (a, b) -> a | b);
                }
            }
        }
        return privileges;
    }

    /** The grantees' oids (PUBLIC 0), once GRANTED BY is checked: the current user only, as in PostgreSQL 15. */
    private static List<Integer> grantees(UtilityCommand.Grant g, SqlSessionImpl session) {
        List<Integer> grantees = new ArrayList<>();
        for (String name : g.grantees()) {
            grantees.add(roleOid(session, name, true));
        }
        if (g.grantor() != null && roleOid(session, g.grantor(), false) != Privileges.currentUserOid(session)) {
            throw PgException.error(SqlState.FEATURE_NOT_SUPPORTED, "grantor must be current user");
        }
        return grantees;
    }

    /**
     * ExecGrant_Function: GRANT/REVOKE EXECUTE (or ALL) on functions and procedures, named or ALL ... IN SCHEMA
     * public (aggregates keep no ACL in osgres and are left out). Each routine's ACL changes in its pg_proc row,
     * transactionally like the row itself.
     */
    private static String runOnRoutines(UtilityCommand.Grant g, SqlSessionImpl session) {
        String kind = g.objectType().toLowerCase(java.util.Locale.ROOT);
        int privileges = g.privileges() == null ? Privileges.ALL_RIGHTS_FUNCTION
                : privilegeBits(g, Privileges.ALL_RIGHTS_FUNCTION, kind, null);
        FunctionCatalog catalog = session.functions();
        List<java.util.function.Supplier<RoutineTarget>> routines = new ArrayList<>();
        if (g.allInSchema()) {
            for (String schema : g.objects()) {
                if (!schema.equals("public") && !schema.equals("pg_catalog")
                        && !schema.equals("information_schema")) {
                    throw Messages.schemaDoesNotExist(schema);
                }
                if (schema.equals("public")) {
                    // objectsInSchemaToOids: FUNCTIONS includes aggregates, PROCEDURES only procedures
                    record Found(int oid, java.util.function.Supplier<RoutineTarget> target) {
                    }
                    List<Found> found = new ArrayList<>();
                    catalog.catalogFunctions().stream()
                            .filter(f -> kind.equals("routine") || f.procedure() == kind.equals("procedure"))
                            .forEach(f -> found.add(new Found(f.oid(), () -> functionTarget(session,
                                    catalog.find(f.name(), f.inputTypes())))));
                    if (!kind.equals("procedure")) {
                        catalog.allAggregates().forEach(a -> found.add(new Found(a.aggregate().oid(),
                                () -> aggregateTarget(session, AggregateCommands.find(catalog, a.aggregate().name(),
                                        a.aggregate().argTypes())))));
                    }
                    found.stream().sorted(java.util.Comparator.comparingLong(f -> f.oid() & 0xFFFFFFFFL))
                            .forEach(f -> routines.add(f.target()));
                }
            }
        } else {
            for (UtilityCommand.FunctionRef ref : g.routines()) {
                // LookupFuncWithArgs: FUNCTION and ROUTINE find aggregates too
                FunctionCatalog.AggregateEntry aggregate = kind.equals("procedure") || ref.argTypes() == null
                        || catalog.find(ref.name(), ref.argTypes()) != null ? null
                        : AggregateCommands.find(catalog, ref.name(), ref.argTypes());
                if (kind.equals("procedure") && ref.argTypes() != null
                        && catalog.find(ref.name(), ref.argTypes()) == null
                        && AggregateCommands.find(catalog, ref.name(), ref.argTypes()) != null) {
                    throw Messages.notAFunctionOfKind(Messages.signature(ref.name(), ref.argTypes()), true);
                }
                if (aggregate != null) {
                    routines.add(() -> aggregateTarget(session, AggregateCommands.find(catalog, ref.name(),
                            ref.argTypes())));
                    continue;
                }
                FunctionCatalog.Entry e = FunctionCommands.lookup(catalog, ref, kind.equals("procedure"),
                        kind.equals("routine"), false, session);
                osgres.sql.internal.utils.SqlFunction f = e.function();
                routines.add(() -> functionTarget(session, catalog.find(f.name(), f.inputTypes())));
            }
        }
        List<Integer> grantees = grantees(g, session);
        int user = Privileges.currentUserOid(session);
        for (java.util.function.Supplier<RoutineTarget> listed : routines) {
            RoutineTarget r = listed.get(); // the row as it is now: the same routine may be named twice
            int[] grantor = bestGrantor(session, user, privileges, r.acl(), r.owner());
            // restrict_and_check_grant names every routine as a function (OBJECT_FUNCTION)
            int granted = restrictAndCheck(session, g, grantor[1], privileges, r.acl(), r.owner(), grantor[0],
                    "function", r.name(), null, Privileges.ALL_RIGHTS_FUNCTION);
            r.store().accept(merge(session, g, r.acl(), grantees, granted, grantor[0], r.owner()));
        }
        session.catalogChanged();
        return g.isGrant() ? "GRANT" : "REVOKE";
    }

    /** One routine a GRANT changes: its name, owner and ACL (the default when proacl is NULL), and its store. */
    private record RoutineTarget(String name, int owner, List<AclItem> acl,
                                 java.util.function.Consumer<List<AclItem>> store) {
    }

    private static RoutineTarget functionTarget(SqlSessionImpl session, FunctionCatalog.Entry e) {
        osgres.sql.internal.utils.SqlFunction f = e.function();
        return new RoutineTarget(f.name(), f.owner(), Privileges.acl(f),
                acl -> session.functions().update(e, f.withAcl(f.owner(), acl)));
    }

    private static RoutineTarget aggregateTarget(SqlSessionImpl session, FunctionCatalog.AggregateEntry e) {
        osgres.sql.internal.utils.AggregateDefinition a = e.aggregate();
        return new RoutineTarget(a.name(), a.owner(), a.acl() != null ? a.acl()
                : Privileges.defaultFunctionAcl(a.owner()),
                acl -> session.functions().update(e, a.withAcl(a.owner(), acl)));
    }

    private static final CatalogRelation LANGUAGE_ACLS = new CatalogRelation(LanguageAcls.RELATION,
            LanguageAcls.COLUMNS);

    /**
     * ExecGrant_Language: USAGE (or ALL) on the trusted languages sql and plpgsql; the untrusted ones (c, internal)
     * are 42809 "language c is not trusted". The ACL is kept per database (LanguageAcls).
     */
    private static String runOnLanguages(UtilityCommand.Grant g, SqlSessionImpl session) {
        int privileges = g.privileges() == null ? Privileges.USAGE
                : privilegeBits(g, Privileges.USAGE, "language", null);
        List<LanguageAcls.Language> languages = new ArrayList<>();
        for (String name : g.objects()) {
            LanguageAcls.Language l = LanguageAcls.named(name);
            if (l == null) {
                throw PgException.error(SqlState.UNDEFINED_OBJECT, "language \"" + name + "\" does not exist");
            }
            languages.add(l);
        }
        List<Integer> grantees = grantees(g, session);
        int user = Privileges.currentUserOid(session);
        int owner = Role.BOOTSTRAP_SUPERUSER_OID;
        for (LanguageAcls.Language l : languages) {
            if (!l.trusted()) {
                throw PgException.error(SqlState.WRONG_OBJECT_TYPE, "language \"" + l.name() + "\" is not trusted")
                        .withDetail("GRANT and REVOKE are not allowed on untrusted languages, because only "
                                + "superusers can use untrusted languages.");
            }
            LanguageAcls.Entry entry = LanguageAcls.entries(session.transaction()).get(l.oid());
            List<AclItem> old = entry != null ? entry.acl() : LanguageAcls.defaultAcl();
            int[] grantor = bestGrantor(session, user, privileges, old, owner);
            int granted = restrictAndCheck(session, g, grantor[1], privileges, old, owner, grantor[0], "language",
                    l.name(), null, Privileges.USAGE);
            List<AclItem> changed = merge(session, g, old, grantees, granted, grantor[0], owner);
            Object[] row = {(int) l.oid(), Privileges.storedForm(changed)};
            if (entry == null) {
                LANGUAGE_ACLS.insert(session, row);
            } else {
                LANGUAGE_ACLS.update(session, entry.tid(), row);
            }
        }
        session.catalogChanged();
        return g.isGrant() ? "GRANT" : "REVOKE";
    }

    /** DROP OWNED's part: what the languages' ACLs grant the roles is revoked. */
    static void dropOwnedLanguages(SqlSessionImpl session, java.util.Set<Integer> roles) {
        for (var e : LanguageAcls.entries(session.transaction()).entrySet()) {
            List<AclItem> acl = e.getValue().acl();
            if (acl.stream().anyMatch(i -> roles.contains(i.grantee()))) {
                LANGUAGE_ACLS.update(session, e.getValue().tid(), new Object[] {(int) (long) e.getKey(),
                    Privileges.storedForm(acl.stream().filter(i -> !roles.contains(i.grantee())).toList())});
            }
        }
    }

    /** ExecGrant_Relation's change of one relation's ACL and its columns' ACLs. */
    private static ObjectAcl change(SqlSessionImpl session, UtilityCommand.Grant g, String relname, boolean sequence,
                                    ObjectAcl acl, int privileges, Map<Integer, Integer> columns,
                                    List<Integer> grantees, int user, List<String> columnNames) {
        int owner = acl.owner();
        int allRights = sequence ? Privileges.ALL_RIGHTS_SEQUENCE : Privileges.ALL_RIGHTS_RELATION;
        List<AclItem> old = acl.acl() != null ? acl.acl()
                : List.of(new AclItem(owner, owner, allRights, 0));
        String kind = sequence ? "sequence" : "table";
        Map<Integer, Integer> columnChanges = new HashMap<>(columns);
        if (!g.isGrant() && (privileges & Privileges.ALL_RIGHTS_COLUMN) != 0) {
            for (int attnum = 1; attnum <= columnNames.size(); attnum++) {
                columnChanges.merge(attnum, privileges & Privileges.ALL_RIGHTS_COLUMN, (a, b) -> a | b);
            }
            for (int attnum : acl.columnAcls().keySet()) {
                if (attnum < 0) {
                    columnChanges.merge(attnum, privileges & Privileges.ALL_RIGHTS_COLUMN, (a, b) -> a | b);
                }
            }
        }
        ObjectAcl result = acl;
        if (privileges != 0) {
            int[] grantor = bestGrantor(session, user, privileges, old, owner);
            int granted = restrictAndCheck(session, g, grantor[1], privileges, old, owner, grantor[0], kind,
                    relname, null, allRights);
            result = result.withAcl(merge(session, g, old, grantees, granted, grantor[0], owner));
        }
        if (!columnChanges.isEmpty()) {
            Map<Integer, List<AclItem>> columnAcls = new LinkedHashMap<>(acl.columnAcls());
            for (Map.Entry<Integer, Integer> c : new java.util.TreeMap<>(columnChanges).entrySet()) {
                List<AclItem> columnAcl = columnAcls.getOrDefault(c.getKey(), List.of());
                // the grantor and its grant options come from the relation's ACL merged with the column's
                List<AclItem> both = new ArrayList<>(old);
                both.addAll(columnAcl);
                int[] grantor = bestGrantor(session, user, c.getValue(), both, owner);
                boolean explicit = columns.containsKey(c.getKey());
                int granted = !explicit ? c.getValue() & grantor[1]
                        : restrictAndCheck(session, g, grantor[1], c.getValue(), both, owner, grantor[0], kind,
                        relname, c.getKey() > 0 ? columnNames.get(c.getKey() - 1) : systemColumnName(c.getKey()),
                        Privileges.ALL_RIGHTS_COLUMN);
                List<AclItem> changed = merge(session, g, columnAcl, grantees, granted, grantor[0], owner);
                if (changed.isEmpty()) {
                    columnAcls.remove(c.getKey()); // ExecGrant_Attribute stores an empty ACL as NULL
                } else {
                    columnAcls.put(c.getKey(), changed);
                }
            }
            result = result.withColumnAcls(columnAcls);
        }
        return result;
    }

    private static String systemColumnName(int attnum) {
        for (Query.SystemColumn s : Query.SystemColumn.values()) {
            if (s.attno() == attnum) {
                return s.columnName();
            }
        }
        return Integer.toString(attnum);
    }

    /** select_best_grantor: {grantor, grant options available}. */
    private static int[] bestGrantor(SqlSessionImpl session, int user, int privileges, List<AclItem> acl, int owner) {
        if (Privileges.currentUserHasPrivsOf(session, owner)) {
            return new int[] {owner, privileges};
        }
        return new int[] {user, Privileges.grantOptions(session, acl, owner, user, privileges)};
    }

    /** restrict_and_check_grant: the privileges the grantor may grant, with the standard's warnings. */
    private static int restrictAndCheck(SqlSessionImpl session, UtilityCommand.Grant g, int available,
                                        int privileges, List<AclItem> acl, int owner, int grantor, String kind,
                                        String relname, String column, int wholeMask) {
        if (available == 0 && Privileges.mask(session, acl, owner, grantor, wholeMask) == 0
                && Privileges.grantOptions(session, acl, owner, grantor, wholeMask) == 0) {
            throw column == null ? Messages.permissionDenied(kind, relname)
                    : Messages.permissionDeniedForColumn(column, relname);
        }
        String what = column == null ? "\"" + relname + "\""
                : "column \"" + column + "\" of relation \"" + relname + "\"";
        int granted = privileges & available;
        boolean all = g.privileges() == null;
        String code = g.isGrant() ? SqlState.WARNING_PRIVILEGE_NOT_GRANTED : SqlState.WARNING_PRIVILEGE_NOT_REVOKED;
        String none = g.isGrant() ? "no privileges were granted for " : "no privileges could be revoked for ";
        String some = g.isGrant() ? "not all privileges were granted for "
                : "not all privileges could be revoked for ";
        if (granted == 0) {
            session.addNotice(new PgException(Severity.WARNING, code, none + what, null, null, 0));
        } else if (!all && granted != privileges) {
            session.addNotice(new PgException(Severity.WARNING, code, some + what, null, null, 0));
        }
        return granted;
    }

    /** merge_acl_with_grant: each grantee gets or loses the privileges from the grantor. */
    static List<AclItem> merge(SqlSessionImpl session, UtilityCommand.Grant g, List<AclItem> acl,
                                       List<Integer> grantees, int privileges, int grantor, int owner) {
        List<AclItem> result = acl;
        for (int grantee : grantees) {
            if (g.isGrant() && g.grantOption() && grantee == Privileges.PUBLIC) {
                throw PgException.error(SqlState.INVALID_GRANT_OPERATION,
                        "grant options can only be granted to roles");
            }
            result = g.isGrant() ? Privileges.grant(result, grantee, grantor, privileges, g.grantOption())
                    : Privileges.revoke(session, result, owner, grantee, grantor, privileges, g.grantOption(),
                    g.cascade());
        }
        return result;
    }

    /** The relations named, or those of each schema of ALL TABLES / SEQUENCES IN SCHEMA (objectsInSchemaToOids). */
    private static List<String> relations(UtilityCommand.Grant g, SqlSessionImpl session) {
        if (!g.allInSchema()) {
            return g.objects();
        }
        List<String> names = new ArrayList<>();
        Transaction tx = session.transaction();
        for (String schema : g.objects()) {
            if (!schema.equals("public") && !schema.equals("pg_catalog") && !schema.equals("information_schema")
                    && !TemporaryTables.isTemporarySchema(schema)) {
                throw PgException.error(SqlState.INVALID_SCHEMA_NAME, "schema \"" + schema + "\" does not exist");
            }
            if (!schema.equals("public")) {
                continue;
            }
            tx.tables().stream().filter(t -> !tx.isTemporary(t))
                    .filter(t -> g.objectType().equals("SEQUENCE") == t.isSequence())
                    .sorted(java.util.Comparator.comparingInt(TableDef::oid))
                    .forEach(t -> names.add("public." + t.name()));
        }
        return names;
    }

    /** get_role_oid (or get_rolespec_oid with PUBLIC allowed): 42704 for a role that does not exist. */
    static int roleOid(SqlSessionImpl session, String name, boolean publicAllowed) {
        String role = switch (name) {
            case "CURRENT_USER", "CURRENT_ROLE" -> session.gucs().currentUser();
            case "SESSION_USER" -> session.gucs().sessionUser();
            default -> name;
        };
        if (publicAllowed && role.equals("public")) {
            return Privileges.PUBLIC;
        }
        return session.storage().role(role).map(Role::oid).orElseThrow(() -> Messages.roleDoesNotExist(role));
    }
}
