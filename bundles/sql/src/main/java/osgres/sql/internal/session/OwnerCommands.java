/*
 * ALTER ... OWNER TO for relations, types, domains, functions, procedures, schemas and databases (tablecmds.c's
 * ATExecChangeOwner, alter.c's AlterObjectOwner_internal, typecmds.c's AlterTypeOwner, dbcommands.c's
 * AlterDatabaseOwner): the object must exist, the new owner must be a role, and only its owner or a superuser may
 * change it (42501 "must be owner of ..."). Tables, views and sequences keep their owner (TableDef.acl), functions
 * and procedures theirs in their pg_proc row: OWNER TO changes it, with the ACL's entries of the old owner moved to
 * the new one (aclnewowner) and the sequences the table owns following it. Databases and schemas keep theirs in
 * pg_database (AlterDatabaseOwner, AlterSchemaOwner). Types belong to the bootstrap superuser, so
 * OWNER TO that role changes nothing and succeeds, which is what restoring a dump made by that role asks, and OWNER
 * TO any other role is refused with 0A000 rather than pretending. ALTER INDEX ... OWNER TO another role warns and
 * changes nothing, as PostgreSQL does.
 */
package osgres.sql.internal.session;

import java.util.List;
import java.util.Optional;

import osgres.api.PgException;
import osgres.api.Severity;
import osgres.api.SqlState;
import osgres.sql.internal.catalog.DatabasePrivileges;
import osgres.sql.internal.catalog.DefaultAcls;
import osgres.sql.internal.catalog.Privileges;
import osgres.sql.internal.catalog.TemporaryTables;
import osgres.sql.internal.parser.UtilityCommand;
import osgres.sql.internal.utils.Messages;
import osgres.sql.internal.utils.SqlFunction;
import osgres.storage.AclItem;
import osgres.storage.DatabaseDef;
import osgres.storage.ObjectAcl;
import osgres.storage.Role;
import osgres.storage.TableDef;

final class OwnerCommands {

    private OwnerCommands() {
    }

    static String alter(UtilityCommand.AlterOwner a, SqlSessionImpl session) {
        String tag = "ALTER " + a.kind();
        String what;
        int currentOwner = Role.BOOTSTRAP_SUPERUSER_OID;
        switch (a.kind()) {
            case "TABLE", "SEQUENCE", "VIEW", "MATERIALIZED VIEW", "INDEX", "FOREIGN TABLE" -> {
                Optional<TableDef> table = session.transaction().table(a.name());
                String relname = TemporaryTables.relname(a.name());
                if (table.isEmpty() && session.transaction().index(a.name()).isPresent()) {
                    if (newOwner(a, session).oid() != currentOwner) {
                        // ATExecChangeOwner of an index not reached through its table, when the owner would change
                        session.addNotice(new PgException(Severity.WARNING, SqlState.WRONG_OBJECT_TYPE,
                                "cannot change owner of index \"" + relname + "\"", null,
                                "Change the ownership of the index's table, instead.", 0));
                    }
                    return tag;
                }
                if (table.isEmpty()) {
                    if (a.ifExists()) {
                        session.addNotice(Messages.relationDoesNotExistSkipping(relname));
                        return tag;
                    }
                    throw Messages.relationDoesNotExist(relname, 0);
                }
                if (a.kind().equals("SEQUENCE") && !table.get().isSequence()) {
                    throw Messages.notASequence(relname, null);
                }
                what = (table.get().isSequence() ? "sequence " : table.get().isView() ? "view " : "table ") + relname;
                return changeRelationOwner(a, session, table.get(), tag);
            }
            case "FUNCTION", "PROCEDURE" -> {
                boolean procedure = a.kind().equals("PROCEDURE");
                FunctionCatalog.Entry e = FunctionCommands.lookup(session.functions(), a.function(), procedure,
                        false, session);
                return changeFunctionOwner(a, session, e, tag);
            }
            case "TYPE", "DOMAIN" -> {
                // user types live in public: pg_dump names them public.t
                String name = a.name().startsWith("public.") ? a.name().substring("public.".length()) : a.name();
                boolean found = session.types().all().stream().anyMatch(t -> nameOf(t).equals(name))
                        || session.transaction().table(name).filter(t -> !t.isSequence()).isPresent();
                if (!found) {
                    throw Messages.typeDoesNotExist(a.name(), 0);
                }
                what = "type " + name;
            }
            case "SCHEMA" -> {
                if (!DatabasePrivileges.schemaExists(a.name())) {
                    throw Messages.schemaDoesNotExist(a.name());
                }
                return changeSchemaOwner(a, session, tag);
            }
            case "DATABASE" -> {
                if (session.storage().databaseOid(a.name()).isEmpty()) {
                    throw PgException.error(SqlState.INVALID_CATALOG_NAME, "database \"" + a.name()
                            + "\" does not exist");
                }
                return changeDatabaseOwner(a, session, tag);
            }
            default -> throw Messages.notSupported("ALTER " + a.kind() + " ... OWNER TO", 0);
        }
        // the object is looked up first, then the role (AlterTableLookupRelation, then get_rolespec_oid)
        Role role = newOwner(a, session);
        if (role.oid() == currentOwner) {
            return tag;
        }
        if (!session.gucs().currentUserIsSuperuser()) {
            throw PgException.error(SqlState.INSUFFICIENT_PRIVILEGE, "must be owner of " + what);
        }
        throw PgException.error(SqlState.FEATURE_NOT_SUPPORTED, "changing the owner of " + what + " to role \""
                + role.name() + "\" is not supported")
                .withDetail("Every object belongs to the bootstrap superuser in osgres.");
    }

    /**
     * AlterDatabaseOwner: only the owner (or a superuser) may, a non-superuser only to a role it is a member of and
     * only with CREATEDB itself; datdba and the ACL's entries of the old owner change (aclnewowner).
     */
    private static String changeDatabaseOwner(UtilityCommand.AlterOwner a, SqlSessionImpl session, String tag) {
        int oid = session.storage().databaseOid(a.name()).getAsInt();
        Role role = newOwner(a, session);
        DatabaseDef db = session.storage().databaseDef(oid).orElseThrow();
        if (role.oid() == db.owner()) {
            return tag;
        }
        if (!session.gucs().currentUserIsSuperuser()) {
            if (!Privileges.currentUserHasPrivsOf(session, db.owner())) {
                throw PgException.error(SqlState.INSUFFICIENT_PRIVILEGE, "must be owner of database " + a.name());
            }
            checkMemberOf(session, role);
            Role me = Privileges.roleByOid(session, Privileges.currentUserOid(session)).orElse(null);
            if (me == null || !me.createDb()) {
                throw PgException.error(SqlState.INSUFFICIENT_PRIVILEGE, "permission denied to change owner of database");
            }
        }
        session.changeDatabase(oid, d -> d.withOwner(role.oid())
                .withAcl(d.acl() == null ? null : newOwner(d.acl(), d.owner(), role.oid())));
        session.catalogChanged();
        return tag;
    }

    /**
     * AlterSchemaOwner_internal: only the owner (or a superuser) may, a non-superuser only to a role it is a member
     * of and with CREATE on the current database; nspowner and the ACL's entries of the old owner change.
     */
    private static String changeSchemaOwner(UtilityCommand.AlterOwner a, SqlSessionImpl session, String tag) {
        Role role = newOwner(a, session);
        ObjectAcl schema = DatabasePrivileges.schema(session, a.name());
        if (role.oid() == schema.owner()) {
            return tag;
        }
        if (!session.gucs().currentUserIsSuperuser()) {
            if (!Privileges.currentUserHasPrivsOf(session, schema.owner())) {
                throw PgException.error(SqlState.INSUFFICIENT_PRIVILEGE, "must be owner of schema " + a.name());
            }
            checkMemberOf(session, role);
            if (!DatabasePrivileges.hasDatabasePrivilege(session, Privileges.currentUserOid(session),
                    Privileges.CREATE)) {
                throw Messages.permissionDenied("database", session.setup().database());
            }
        }
        session.changeDatabase(session.databaseOid(), db -> {
            ObjectAcl before = DatabasePrivileges.schema(db, a.name());
            return db.withSchema(a.name(), new ObjectAcl(role.oid(), before.acl() == null ? null
                    : newOwner(before.acl(), before.owner(), role.oid()), java.util.Map.of()));
        });
        session.catalogChanged();
        return tag;
    }

    /** check_is_member_of_role(GetUserId(), newOwner): 42501 "must be member of role". */
    private static void checkMemberOf(SqlSessionImpl session, Role role) {
        if (!session.gucs().roleGraph().isMemberOfRole(Privileges.currentUserOid(session), role.oid(),
                DatabasePrivileges.currentDatabaseOwner(session))) {
            throw PgException.error(SqlState.INSUFFICIENT_PRIVILEGE, "must be member of role \"" + role.name()
                    + "\"");
        }
    }

    /**
     * ATExecChangeOwner of a table, view or sequence: only its owner (or a superuser) may, and a non-superuser only
     * to a role it is a member of; the owner and the ACL change, and so do the sequences the table owns.
     */
    private static String changeRelationOwner(UtilityCommand.AlterOwner a, SqlSessionImpl session, TableDef table,
                                              String tag) {
        Role role = newOwner(a, session);
        int owner = table.acl().owner();
        if (role.oid() == owner) {
            return tag;
        }
        int user = Privileges.currentUserOid(session);
        if (!session.gucs().currentUserIsSuperuser()) {
            checkOwner(session, table);
            if (!Privileges.hasPrivsOfRole(session, user, role.oid())) {
                throw PgException.error(SqlState.INSUFFICIENT_PRIVILEGE, "must be member of role \""
                        + role.name() + "\"");
            }
        }
        setOwner(session, TemporaryTables.qualified(session.transaction(), table), role.oid());
        for (TableDef t : session.transaction().tables()) {
            if (t.isSequence() && t.sequence().ownerTable() == table.oid()) {
                setOwner(session, TemporaryTables.qualified(session.transaction(), t), role.oid());
            }
        }
        session.catalogChanged();
        return tag;
    }

    /**
     * AlterObjectOwner_internal of a function or procedure: as for a relation, only its owner (or a superuser) may,
     * a non-superuser only to a role whose privileges it has; the ACL's entries follow the owner (aclnewowner).
     */
    private static String changeFunctionOwner(UtilityCommand.AlterOwner a, SqlSessionImpl session,
                                              FunctionCatalog.Entry e, String tag) {
        Role role = newOwner(a, session);
        SqlFunction f = e.function();
        if (role.oid() == f.owner()) {
            return tag;
        }
        if (!session.gucs().currentUserIsSuperuser()) {
            Privileges.checkFunctionOwner(session, f);
            if (!Privileges.hasPrivsOfRole(session, Privileges.currentUserOid(session), role.oid())) {
                throw PgException.error(SqlState.INSUFFICIENT_PRIVILEGE, "must be member of role \""
                        + role.name() + "\"");
            }
        }
        setFunctionOwner(session, e, role.oid());
        return tag;
    }

    private static void setFunctionOwner(SqlSessionImpl session, FunctionCatalog.Entry e, int newOwner) {
        SqlFunction f = e.function();
        session.functions().update(e, f.withAcl(newOwner, f.acl() == null ? null
                : newOwner(f.acl(), f.owner(), newOwner)));
    }

    private static void setOwner(SqlSessionImpl session, String name, int newOwner) {
        session.transaction().changeAcl(name, acl -> {
            int old = acl.owner();
            java.util.Map<Integer, List<AclItem>> columns = new java.util.LinkedHashMap<>();
            acl.columnAcls().forEach((attnum, items) -> columns.put(attnum, newOwner(items, old, newOwner)));
            return new ObjectAcl(newOwner, acl.acl() == null ? null : newOwner(acl.acl(), old, newOwner), columns);
        });
    }

    /** aclnewowner: the old owner's entries, as grantee or grantor, become the new owner's, merged with its own. */
    private static List<AclItem> newOwner(List<AclItem> acl, int oldOwner, int newOwner) {
        List<AclItem> result = new java.util.ArrayList<>();
        for (AclItem item : acl) {
            int grantee = item.grantee() == oldOwner ? newOwner : item.grantee();
            int grantor = item.grantor() == oldOwner ? newOwner : item.grantor();
            AclItem moved = new AclItem(grantee, grantor, item.privileges(), item.grantOptions());
            boolean merged = false;
            for (int i = 0; i < result.size() && !merged; i++) {
                AclItem r = result.get(i);
                if (r.grantee() == grantee && r.grantor() == grantor) {
                    result.set(i, new AclItem(grantee, grantor, r.privileges() | moved.privileges(),
                            r.grantOptions() | moved.grantOptions()));
                    merged = true;
                }
            }
            if (!merged) {
                result.add(moved);
            }
        }
        return result;
    }

    /** pg_class_ownercheck for DDL: 42501 "must be owner of table t" unless the current user has the owner's rights. */
    static void checkOwner(SqlSessionImpl session, TableDef table) {
        if (!Privileges.currentUserHasPrivsOf(session, table.acl().owner())) {
            throw Messages.mustBeOwner(table.isSequence() ? "sequence" : table.isView() ? "view" : "table",
                    table.name());
        }
    }

    /**
     * checkSharedDependencies for DROP ROLE: the databases, the schemas and relations of this database the role owns
     * or holds (or granted) privileges on, by oid, a relation before its columns, one line each ("owner of table t",
     * "privileges for database d", "privileges for column a of table t"); null when there is none. Relations of
     * other databases are not seen.
     */
    static String sharedDependencies(SqlSessionImpl session, int role) {
        record Line(long order, boolean afterSequence, List<String> text) {
        }
        List<Line> objects = new java.util.ArrayList<>();
        // shared_dependency_comparator: by the object's oid (databases, schemas, relations and routines alike)
        for (String db : session.storage().databaseNames()) {
            DatabaseDef def = session.storage().databaseDef(session.storage().databaseOid(db).getAsInt()).orElse(null);
            if (def != null && (def.owner() == role || mentions(def.acl(), role))) {
                objects.add(new Line(def.oid() & 0xFFFFFFFFL, false,
                        List.of((def.owner() == role ? "owner of" : "privileges for") + " database " + db)));
            }
        }
        for (String schema : DatabasePrivileges.FIXED_SCHEMAS) {
            ObjectAcl schemaAcl = DatabasePrivileges.schema(session, schema);
            if (schemaAcl.owner() == role || mentions(schemaAcl.acl(), role)) {
                objects.add(new Line(osgres.sql.internal.utils.Namespaces.input(schema), false,
                        List.of((schemaAcl.owner() == role ? "owner of" : "privileges for") + " schema " + schema)));
            }
        }
        for (TableDef t : session.transaction().tables()) {
            List<String> lines = new java.util.ArrayList<>();
            String what = (t.isSequence() ? "sequence " : t.isView() ? "view " : "table ") + t.name();
            ObjectAcl acl = t.acl();
            if (acl.owner() == role) {
                lines.add("owner of " + what);
            } else {
                if (mentions(acl.acl(), role)) {
                    lines.add("privileges for " + what);
                }
                for (var column : new java.util.TreeMap<>(acl.columnAcls()).entrySet()) {
                    if (column.getKey() > 0 && mentions(column.getValue(), role)) {
                        lines.add("privileges for column " + t.columns().get(column.getKey() - 1).name() + " of "
                                + what);
                    }
                }
            }
            objects.add(new Line(creationOrder(t), !t.isSequence(), lines));
        }
        for (SqlFunction f : session.functions().catalogFunctions()) {
            // getObjectDescription names procedures "function" too
            String what = "function " + f.name() + "(" + String.join(",", f.inputTypes().stream()
                    .map(osgres.sql.internal.utils.PgType::sqlName).toList()) + ")";
            if (f.owner() == role) {
                objects.add(new Line(f.oid() & 0xFFFFFFFFL, true, List.of("owner of " + what)));
            } else if (mentions(f.acl(), role)) {
                objects.add(new Line(f.oid() & 0xFFFFFFFFL, true, List.of("privileges for " + what)));
            }
        }
        for (DefaultAcls.Entry e : DefaultAcls.entries(session.transaction())) {
            String what = DefaultPrivilegeCommands.describe(session, e);
            if (e.role() == role) {
                objects.add(new Line(e.oid() & 0xFFFFFFFFL, true, List.of("owner of " + what)));
            } else if (mentions(e.acl(), role)) {
                objects.add(new Line(e.oid() & 0xFFFFFFFFL, true, List.of("privileges for " + what)));
            }
        }
        for (var e : osgres.sql.internal.catalog.LanguageAcls.entries(session.transaction()).entrySet()) {
            if (mentions(e.getValue().acl(), role)) {
                // pg_language's rows come before every object a user made (their oids are lower)
                objects.add(new Line(e.getKey(), true, List.of("privileges for language "
                        + osgres.sql.internal.catalog.LanguageAcls.byOid(e.getKey()).name())));
            }
        }
        // in creation order as PostgreSQL makes them: a serial column's sequence just before its table
        objects.sort(java.util.Comparator.comparingLong(Line::order).thenComparing(Line::afterSequence));
        List<String> lines = objects.stream().flatMap(l -> l.text().stream()).toList();
        return lines.isEmpty() ? null : String.join("\n", lines);
    }

    /**
     * ReassignOwnedObjects over this database's relations, functions and procedures (the objects osgres keeps
     * owners of): the current user
     * must have the privileges of every role named and of the new owner (42501 {@code permission denied to reassign
     * objects}); each relation one of them owns goes to the new owner as with ALTER ... OWNER TO.
     */
    static String reassignOwned(UtilityCommand.ReassignOwned r, SqlSessionImpl session) {
        java.util.Set<Integer> old = new java.util.HashSet<>();
        for (UtilityCommand.RoleName name : r.roles()) {
            old.add(ownedRoleChecked(name, session, "permission denied to reassign objects"));
        }
        int newOwner = ownedRoleChecked(r.newRole(), session, "permission denied to reassign objects");
        // the databases they own (shared objects) and the schemas of this database, as ALTER ... OWNER TO does
        for (String db : session.storage().databaseNames()) {
            int oid = session.storage().databaseOid(db).getAsInt();
            session.changeDatabase(oid, d -> !old.contains(d.owner()) || d.owner() == newOwner ? d
                    : d.withOwner(newOwner).withAcl(d.acl() == null ? null : newOwner(d.acl(), d.owner(), newOwner)));
        }
        session.changeDatabase(session.databaseOid(), d -> {
            DatabaseDef changed = d;
            for (String schema : DatabasePrivileges.FIXED_SCHEMAS) {
                ObjectAcl acl = DatabasePrivileges.schema(d, schema);
                if (old.contains(acl.owner()) && acl.owner() != newOwner) {
                    changed = changed.withSchema(schema, new ObjectAcl(newOwner, acl.acl() == null ? null
                            : newOwner(acl.acl(), acl.owner(), newOwner), java.util.Map.of()));
                }
            }
            return changed;
        });
        for (TableDef t : List.copyOf(session.transaction().tables())) {
            if (old.contains(t.acl().owner()) && t.acl().owner() != newOwner) {
                setOwner(session, TemporaryTables.qualified(session.transaction(), t), newOwner);
            }
        }
        for (SqlFunction f : session.functions().catalogFunctions()) {
            if (old.contains(f.owner()) && f.owner() != newOwner) {
                setFunctionOwner(session, entry(session, f), newOwner);
            }
        }
        session.catalogChanged();
        return "REASSIGN OWNED";
    }

    /**
     * shdepDropOwned over this database's relations and functions: the views, tables, sequences, functions and
     * procedures the roles own are dropped (as
     * DROP ... with the statement's CASCADE or RESTRICT), and the privileges granted to them are revoked; 42501
     * {@code permission denied to drop objects} unless the current user has the privileges of every role named.
     */
    static String dropOwned(UtilityCommand.DropOwned d, SqlSessionImpl session) {
        java.util.Set<Integer> roles = new java.util.HashSet<>();
        for (UtilityCommand.RoleName name : d.roles()) {
            roles.add(ownedRoleChecked(name, session, "permission denied to drop objects"));
        }
        List<TableDef> all = List.copyOf(session.transaction().tables());
        for (int pass = 0; pass < 3; pass++) {
            for (TableDef t : all) {
                if (!roles.contains(t.acl().owner()) || (pass == 0) != t.isView()
                        || (pass == 2) != (t.isSequence() && !t.isView())) {
                    continue;
                }
                String name = TemporaryTables.qualified(session.transaction(), t);
                if (session.transaction().table(name).isEmpty()) {
                    continue; // gone with an earlier one (a serial column's sequence with its table, CASCADE)
                }
                List<String> names = List.of(name);
                try {
                    DdlExecutor.run(pass == 0 ? new UtilityCommand.DropView(names, false, d.cascade())
                            : pass == 1 ? new UtilityCommand.DropTable(names, false, d.cascade())
                            : new UtilityCommand.DropSequence(names, false, d.cascade()), session);
                } catch (PgException e) {
                    if (!e.sqlState().equals(SqlState.DEPENDENT_OBJECTS_STILL_EXIST)) {
                        throw e;
                    }
                    // performMultipleDeletions words it for the whole set
                    throw new PgException(e.severity(), e.sqlState(),
                            "cannot drop desired object(s) because other objects depend on them", e.detail(),
                            e.hint(), 0);
                }
            }
        }
        DefaultPrivilegeCommands.dropOwned(session, roles);
        GrantCommands.dropOwnedLanguages(session, roles);
        for (SqlFunction f : session.functions().catalogFunctions()) {
            FunctionCatalog.Entry e = entry(session, f);
            if (e == null) {
                continue; // dropped with an earlier one (CASCADE)
            }
            if (roles.contains(f.owner())) {
                FunctionCommands.dropEntry(session, e, d.cascade());
            } else if (f.acl() != null && f.acl().stream().anyMatch(i -> roles.contains(i.grantee()))) {
                session.functions().update(e, f.withAcl(f.owner(), withoutGrantees(f.acl(), roles)));
            }
        }
        // RemoveRoleFromObjectACL of the databases and of this database's schemas
        for (String db : session.storage().databaseNames()) {
            session.changeDatabase(session.storage().databaseOid(db).getAsInt(), def ->
                    mentionsAny(def.acl(), roles) ? def.withAcl(withoutGrantees(def.acl(), roles)) : def);
        }
        session.changeDatabase(session.databaseOid(), def -> {
            DatabaseDef changed = def;
            for (String schema : DatabasePrivileges.FIXED_SCHEMAS) {
                ObjectAcl acl = DatabasePrivileges.schema(def, schema);
                if (mentionsAny(acl.acl(), roles)) {
                    changed = changed.withSchema(schema, acl.withAcl(withoutGrantees(acl.acl(), roles)));
                }
            }
            return changed;
        });
        for (TableDef t : List.copyOf(session.transaction().tables())) {
            ObjectAcl acl = t.acl();
            boolean granted = acl.acl() != null && acl.acl().stream().anyMatch(i -> roles.contains(i.grantee()))
                    || acl.columnAcls().values().stream().anyMatch(l -> l.stream()
                            .anyMatch(i -> roles.contains(i.grantee())));
            if (granted) {
                session.transaction().changeAcl(TemporaryTables.qualified(session.transaction(), t), a -> {
                    java.util.Map<Integer, List<AclItem>> columns = new java.util.LinkedHashMap<>();
                    a.columnAcls().forEach((attnum, items) -> {
                        List<AclItem> kept = withoutGrantees(items, roles);
                        if (!kept.isEmpty()) {
                            columns.put(attnum, kept); // an empty column ACL is the default: none
                        }
                    });
                    return new ObjectAcl(a.owner(), a.acl() == null ? null : withoutGrantees(a.acl(), roles),
                            columns);
                });
            }
        }
        session.catalogChanged();
        return "DROP OWNED";
    }

    /** The function's catalog row as it is now (null once dropped). */
    private static FunctionCatalog.Entry entry(SqlSessionImpl session, SqlFunction f) {
        return session.functions().entries(f.name()).stream().filter(e -> e.function().oid() == f.oid())
                .findFirst().orElse(null);
    }

    private static List<AclItem> withoutGrantees(List<AclItem> items, java.util.Set<Integer> roles) {
        return items.stream().filter(i -> !roles.contains(i.grantee())).toList();
    }

    /** A role of REASSIGN/DROP OWNED, which the current user must have the privileges of. */
    private static int ownedRoleChecked(UtilityCommand.RoleName name, SqlSessionImpl session, String denied) {
        Role role = RoleCommands.resolve(name, session);
        if (!Privileges.currentUserHasPrivsOf(session, role.oid())) {
            throw PgException.error(SqlState.INSUFFICIENT_PRIVILEGE, denied);
        }
        return role.oid();
    }

    private static long creationOrder(TableDef t) {
        if (t.isSequence() && t.sequence() != null && t.sequence().ownerTable() != 0) {
            return t.sequence().ownerTable() & 0xFFFFFFFFL;
        }
        return t.oid() & 0xFFFFFFFFL;
    }

    private static boolean mentionsAny(List<AclItem> acl, java.util.Set<Integer> roles) {
        return acl != null && acl.stream().anyMatch(i -> roles.contains(i.grantee()));
    }

    private static boolean mentions(List<AclItem> acl, int role) {
        return acl != null && acl.stream().anyMatch(i -> i.grantee() == role || i.grantor() == role);
    }

    /** get_rolespec_oid: the named role, or the current or session user; 42704 for none. */
    private static Role newOwner(UtilityCommand.AlterOwner a, SqlSessionImpl session) {
        String name = a.role() != null ? a.role()
                : a.roleKeyword().equals("SESSION_USER") ? session.gucs().sessionUser() : session.gucs().currentUser();
        return session.storage().role(name).orElseThrow(() -> Messages.roleDoesNotExist(name));
    }

    private static String nameOf(Record type) {
        return switch (type) {
            case osgres.sql.internal.utils.Domain d -> d.name();
            case osgres.sql.internal.utils.CompositeType c -> c.name();
            case osgres.sql.internal.utils.EnumType e -> e.name();
            default -> "";
        };
    }
}
