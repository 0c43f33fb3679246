/*
 * CREATE [OR REPLACE] AGGREGATE and DROP AGGREGATE (PostgreSQL's aggregatecmds.c DefineAggregate with
 * pg_aggregate.c AggregateCreate, and RemoveObjects for aggregates). The aggregate is a pg_proc row of prokind 'a'
 * in FunctionCatalog's relation, keeping the statement's text: WAL-logged and transactional like functions' rows,
 * and every change bumps the catalog version, so statements prepared before it analyse again and call the new
 * definition (or fail cleanly once it is dropped). CREATE runs AggregateCreate's checks (UserAggregates) before it
 * writes the row; OR REPLACE keeps the oid. Aggregates share pg_proc's namespace with functions: a function of the
 * same name and argument types is 42723, or "cannot change routine kind" under OR REPLACE.
 * Not done: dependencies (dropping a support function leaves the aggregate failing when called, where PostgreSQL
 * refuses the DROP with 2BP01), COMMENT ON AGGREGATE, ALTER AGGREGATE.
 */
package osgres.sql.internal.session;

import java.util.List;

import osgres.sql.internal.analyze.UserAggregates;
import osgres.sql.internal.parser.UtilityCommand;
import osgres.sql.internal.utils.AggregateDefinition;
import osgres.sql.internal.utils.Messages;
import osgres.sql.internal.utils.PgType;
import osgres.sql.internal.catalog.DefaultAcls;
import osgres.sql.internal.catalog.Privileges;

public final class AggregateCommands {

    private AggregateCommands() {
    }

    public static String create(UtilityCommand.CreateAggregate c, SqlSessionImpl session) {
        FunctionCatalog catalog = session.functions();
        AggregateDefinition a = AggregateDefinition.of(0, c.statement(), c.text(), session.types().rowTypes());
        for (String name : a.unrecognized()) {
            session.addNotice(Messages.aggregateAttributeNotRecognized(name));
        }
        UserAggregates.aggregate(a, catalog);
        boolean replace = c.statement().getReplace();
        if (catalog.find(a.name(), a.argTypes()) != null) {
            throw replace ? Messages.cannotChangeRoutineKindToAggregate(a.name(), false)
                    : Messages.functionExists(a.name());
        }
        FunctionCatalog.AggregateEntry old = find(catalog, a.name(), a.argTypes());
        if (old != null) {
            if (!replace) {
                throw Messages.functionExists(a.name());
            }
            AggregateDefinition before = old.aggregate();
            Privileges.checkOwner(session, "function", before.name(), before.owner()); // ProcedureCreate's check
            catalog.update(old, AggregateDefinition.of(before.oid(), c.statement(), c.text(),
                    session.types().rowTypes()).withAcl(before.owner(), before.acl()));
        } else {
            int owner = Privileges.currentUserOid(session);
            catalog.insert(AggregateDefinition.of(session.transaction().newOid(), c.statement(), c.text(),
                    session.types().rowTypes()).withAcl(owner, DefaultAcls.forNewObject(session.transaction(),
                    DefaultAcls.FUNCTION_TYPE, owner, osgres.sql.internal.utils.Namespaces.PUBLIC)));
        }
        return "CREATE AGGREGATE";
    }

    public static String drop(UtilityCommand.DropAggregate d, SqlSessionImpl session) {
        FunctionCatalog catalog = session.functions();
        for (UtilityCommand.FunctionRef ref : d.aggregates()) {
            List<PgType> types = ref.argTypes() == null ? List.of() : ref.argTypes();
            FunctionCatalog.AggregateEntry e = find(catalog, ref.name(), types);
            if (e == null) {
                String signature = types.isEmpty() ? ref.name() + "(*)" : ref.signature();
                if (catalog.find(ref.name(), types) != null) {
                    throw Messages.notAnAggregate(signature);
                }
                if (d.ifExists()) {
                    session.addNotice(Messages.aggregateSkipping(types.isEmpty() ? signature
                            : ref.writtenSignature()));
                    continue;
                }
                throw Messages.aggregateDoesNotExist(signature);
            }
            Privileges.checkOwner(session, "aggregate", ref.name(), e.aggregate().owner());
            catalog.delete(e);
        }
        return "DROP AGGREGATE";
    }

    /** The aggregate of this name taking exactly these types, or null. */
    static FunctionCatalog.AggregateEntry find(FunctionCatalog catalog, String name, List<PgType> types) {
        for (FunctionCatalog.AggregateEntry e : catalog.aggregateEntries(name)) {
            if (e.aggregate().argTypes().equals(types)) {
                return e;
            }
        }
        return null;
    }
}
