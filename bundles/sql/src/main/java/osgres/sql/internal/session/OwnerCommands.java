/*
 * ALTER ... OWNER TO for relations, types, domains, functions, procedures, schemas and databases (tablecmds.c's
 * ATExecChangeOwner, alter.c's AlterObjectOwner_internal, typecmds.c's AlterTypeOwner, dbcommands.c's
 * AlterDatabaseOwner): the object must exist, the new owner must be a role, and only its owner or a superuser may
 * change it (42501 "must be owner of ..."). osgres keeps no owner per object yet: every object belongs to the
 * bootstrap superuser (public to pg_database_owner), so OWNER TO that role changes nothing and succeeds, which is
 * what restoring a dump made by that role asks, and OWNER TO any other role is refused with 0A000 rather than
 * pretending. ALTER INDEX ... OWNER TO another role warns and changes nothing, as PostgreSQL does.
 */
package osgres.sql.internal.session;

import java.util.Optional;

import osgres.api.PgException;
import osgres.api.Severity;
import osgres.api.SqlState;
import osgres.sql.internal.catalog.TemporaryTables;
import osgres.sql.internal.parser.UtilityCommand;
import osgres.sql.internal.utils.Messages;
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
            }
            case "FUNCTION", "PROCEDURE" -> {
                boolean procedure = a.kind().equals("PROCEDURE");
                FunctionCommands.lookup(session.functions(), a.function(), procedure, false, session);
                what = (procedure ? "procedure " : "function ") + a.function().name();
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
                if (!a.name().equals("public") && !a.name().equals("pg_catalog")
                        && !a.name().equals("information_schema")) {
                    throw PgException.error(SqlState.INVALID_SCHEMA_NAME, "schema \"" + a.name() + "\" does not exist");
                }
                if (a.name().equals("public")) {
                    currentOwner = (int) osgres.sql.internal.utils.Namespaces.PG_DATABASE_OWNER;
                }
                what = "schema " + a.name();
            }
            case "DATABASE" -> {
                if (session.storage().databaseOid(a.name()).isEmpty()) {
                    throw PgException.error(SqlState.INVALID_CATALOG_NAME, "database \"" + a.name()
                            + "\" does not exist");
                }
                what = "database " + a.name();
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
