/*
 * COMMENT ON (PostgreSQL's commands/comment.c): a description per object, kept in the storage relation
 * pg_catalog.pg_description ({@link CatalogRelation}: WAL-logged, MVCC, transactional, so a comment is seen by
 * others at COMMIT and gone at ROLLBACK) as PostgreSQL's rows: objoid, classoid (the catalog the object lives in:
 * pg_class 1259 for tables, views, indexes, sequences and columns, pg_type 1247, pg_proc 1255, pg_namespace 2615),
 * objsubid (a column's attnum, else 0) and the text. Setting a comment replaces the object's row; IS NULL or ''
 * deletes it. pg_description (catalog/DescriptionCatalog) shows only rows whose object still exists, so a dropped
 * object's comment is gone with it.
 *
 * Not done: COMMENT ON CONSTRAINT, TRIGGER, DATABASE, ROLE and the other kinds (0A000); comments on built-in types
 * and functions; the rows of a dropped object stay in the relation (never shown: oids are not reused).
 */
package osgres.sql.internal.session;

import java.util.List;

import osgres.sql.internal.catalog.DescriptionCatalog;
import osgres.sql.internal.catalog.TemporaryTables;
import osgres.sql.internal.parser.UtilityCommand;
import osgres.sql.internal.utils.Messages;
import osgres.sql.internal.utils.Namespaces;
import osgres.storage.ColumnDef;
import osgres.storage.IndexDef;
import osgres.storage.RowVersion;
import osgres.storage.TableDef;
import osgres.storage.Transaction;
import osgres.storage.TypeOids;

final class CommentCommand {
    static final CatalogRelation RELATION = new CatalogRelation(DescriptionCatalog.RELATION, List.of(
            new ColumnDef("objoid", TypeOids.INT4, -1, true, null),
            new ColumnDef("classoid", TypeOids.INT4, -1, true, null),
            new ColumnDef("objsubid", TypeOids.INT4, -1, true, null),
            new ColumnDef("description", TypeOids.TEXT, -1, true, null)));

    /** What a comment is attached to: pg_description's key. */
    private record ObjectAddress(int objoid, int classoid, int objsubid) {
    }

    private CommentCommand() {
    }

    static String run(UtilityCommand.Comment c, SqlSessionImpl session) {
        ObjectAddress target = resolve(c, session);
        Transaction tx = session.transaction();
        for (RowVersion row : RELATION.rows(tx)) {
            Object[] v = row.values();
            if ((Integer) v[0] == target.objoid() && (Integer) v[1] == target.classoid()
                    && (Integer) v[2] == target.objsubid()) {
                RELATION.delete(session, row.tid());
            }
        }
        if (c.text() != null) {
            RELATION.insert(session, new Object[] {target.objoid(), target.classoid(), target.objsubid(), c.text()});
        }
        return "COMMENT";
    }

    private static ObjectAddress resolve(UtilityCommand.Comment c, SqlSessionImpl session) {
        Transaction tx = session.transaction();
        List<String> names = c.names();
        return switch (c.kind()) {
            case OBJECT_TABLE, OBJECT_VIEW, OBJECT_SEQUENCE -> {
                TableDef t = relation(tx, names);
                boolean matches = switch (c.kind()) {
                    case OBJECT_VIEW -> t.isView();
                    case OBJECT_SEQUENCE -> t.isSequence();
                    default -> !t.isView() && !t.isSequence();
                };
                if (!matches) {
                    throw switch (c.kind()) {
                        case OBJECT_VIEW -> Messages.notAView(t.name(), null);
                        case OBJECT_SEQUENCE -> Messages.notASequence(t.name(), null);
                        default -> Messages.notATable(t.name(), null);
                    };
                }
                yield new ObjectAddress(t.oid(), DescriptionCatalog.PG_CLASS, 0);
            }
            case OBJECT_INDEX -> {
                String name = unqualified(names);
                IndexDef index = tx.index(name).orElse(null);
                if (index == null) {
                    TableDef t = tx.table(name).orElseThrow(() -> Messages.relationDoesNotExist(
                            String.join(".", names), 0));
                    throw Messages.notAnIndex(t.name(), null);
                }
                yield new ObjectAddress(index.oid(), DescriptionCatalog.PG_CLASS, 0);
            }
            case OBJECT_COLUMN -> {
                List<String> relation = names.subList(0, names.size() - 1);
                TableDef t = relation(tx, relation);
                String column = names.getLast();
                int index = t.columnIndex(column);
                if (index < 0) {
                    throw Messages.columnOfRelationDoesNotExist(column, t.name());
                }
                yield new ObjectAddress(t.oid(), DescriptionCatalog.PG_CLASS, index + 1);
            }
            case OBJECT_TYPE, OBJECT_DOMAIN -> new ObjectAddress(type(session, names), DescriptionCatalog.PG_TYPE, 0);
            case OBJECT_FUNCTION, OBJECT_PROCEDURE -> new ObjectAddress(function(session, c.function()),
                    DescriptionCatalog.PG_PROC, 0);
            case OBJECT_SCHEMA -> {
                long oid = switch (names.getFirst()) {
                    case "public" -> Namespaces.PUBLIC;
                    case "pg_catalog" -> Namespaces.PG_CATALOG;
                    case "information_schema" -> Namespaces.INFORMATION_SCHEMA;
                    default -> throw Messages.schemaDoesNotExist(names.getFirst());
                };
                yield new ObjectAddress((int) oid, DescriptionCatalog.PG_NAMESPACE, 0);
            }
            default -> throw Messages.notSupported("COMMENT ON this kind of object", 0);
        };
    }

    private static String unqualified(List<String> names) {
        if (names.size() > 1 && !names.get(names.size() - 2).equals("public")
                && !names.get(names.size() - 2).startsWith("pg_temp")) {
            throw Messages.schemaDoesNotExist(names.get(names.size() - 2));
        }
        return names.getLast();
    }

    private static TableDef relation(Transaction tx, List<String> names) {
        String name = unqualified(names);
        return tx.table(name).orElseThrow(() -> Messages.relationDoesNotExist(
                TemporaryTables.relname(String.join(".", names)), 0));
    }

    /** A user type's oid: a domain, enum, composite, or a table's or view's row type. */
    private static int type(SqlSessionImpl session, List<String> names) {
        String name = unqualified(names);
        TypeCatalog types = session.userTypes();
        for (Record r : types.all()) {
            switch (r) {
                case osgres.sql.internal.utils.Domain d when d.name().equals(name) -> {
                    return d.oid();
                }
                case osgres.sql.internal.utils.EnumType e when e.name().equals(name) -> {
                    return e.oid();
                }
                case osgres.sql.internal.utils.CompositeType k when k.name().equals(name) -> {
                    return k.oid();
                }
                default -> {
                }
            }
        }
        TableDef t = session.transaction().table(name).orElse(null);
        if (t != null && !t.isSequence()) {
            return t.oid();
        }
        throw Messages.typeDoesNotExist(String.join(".", names), 0);
    }

    private static int function(SqlSessionImpl session, UtilityCommand.FunctionRef ref) {
        FunctionCatalog functions = session.functions();
        if (ref.argTypes() == null) {
            List<FunctionCatalog.Entry> entries = functions.entries(ref.name());
            if (entries.isEmpty()) {
                throw Messages.noFunctionNamed(ref.name());
            }
            if (entries.size() > 1) {
                throw Messages.functionNameNotUnique(ref.name());
            }
            return owned(session, entries.getFirst().function());
        }
        FunctionCatalog.Entry entry = functions.find(ref.name(), ref.argTypes());
        if (entry == null) {
            throw Messages.namedFunctionDoesNotExist(ref.signature());
        }
        return owned(session, entry.function());
    }

    /** check_object_ownership of a function or procedure: its oid when the current user may comment on it. */
    private static int owned(SqlSessionImpl session, osgres.sql.internal.utils.SqlFunction f) {
        osgres.sql.internal.catalog.Privileges.checkFunctionOwner(session, f);
        return f.oid();
    }
}
