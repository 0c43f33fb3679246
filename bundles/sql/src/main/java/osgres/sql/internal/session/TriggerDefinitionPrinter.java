/*
 * pg_trigger's rows and pg_get_triggerdef (ruleutils.c pg_get_triggerdef_worker) from the session's trigger
 * catalog: tgtype from the decoded CREATE TRIGGER (ROW 1, BEFORE 2, INSERT 4, DELETE 8, UPDATE 16), tgenabled 'O'
 * or 'D', tgfoid the trigger function's oid, tgattr the UPDATE OF columns' attnums, tgargs the arguments each ended
 * by a zero byte. The definition reads
 * {@code CREATE TRIGGER name BEFORE INSERT OR UPDATE OF a ON public.t FOR EACH ROW EXECUTE FUNCTION f('x')}, the
 * relation unqualified when pretty. osgres has no internal (constraint) triggers, so tgisinternal is false.
 */
package osgres.sql.internal.session;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import osgres.sql.internal.utils.Namespaces;
import osgres.sql.internal.utils.RegClass;
import osgres.sql.internal.utils.TriggerDefinitions;
import osgres.storage.TableDef;

final class TriggerDefinitionPrinter implements TriggerDefinitions {
    private final SqlSessionImpl session;

    TriggerDefinitionPrinter(SqlSessionImpl session) {
        this.session = session;
    }

    @Override
    public List<Object[]> rows() {
        List<Object[]> rows = new ArrayList<>();
        for (Map.Entry<Integer, List<TriggerCatalog.Trigger>> e : session.triggers().all().entrySet()) {
            TableDef table = table(e.getKey());
            if (table == null) {
                continue; // a dropped table's trigger rows stay behind, never shown
            }
            for (TriggerCatalog.Trigger t : e.getValue()) {
                int type = (t.row() ? TriggerCatalog.ROW : 0) | (t.before() ? TriggerCatalog.BEFORE : 0)
                        | t.events();
                StringBuilder attnums = new StringBuilder();
                for (String column : t.columns()) {
                    attnums.append(attnums.isEmpty() ? "" : " ").append(table.columnIndex(column) + 1);
                }
                ByteArrayOutputStream args = new ByteArrayOutputStream();
                for (String a : t.args()) {
                    args.writeBytes(a.getBytes(StandardCharsets.UTF_8));
                    args.write(0);
                }
                FunctionCatalog.Entry function = session.functions().find(t.function(), List.of());
                rows.add(new Object[] {
                    (t.oid() & 0xFFFFFFFFL), (t.table() & 0xFFFFFFFFL), 0L, t.name(),
                    function == null ? 0L : (function.function().oid() & 0xFFFFFFFFL), (short) type,
                    t.enabled() ? "O" : "D", false, 0L, 0L, 0L, false, false, (short) t.args().size(),
                    attnums.toString(), args.toByteArray(), null, null, null});
            }
        }
        return rows;
    }

    @Override
    public String definition(long oid, boolean pretty) {
        for (Map.Entry<Integer, List<TriggerCatalog.Trigger>> e : session.triggers().all().entrySet()) {
            for (TriggerCatalog.Trigger t : e.getValue()) {
                if ((t.oid() & 0xFFFFFFFFL) == oid) {
                    TableDef table = table(e.getKey());
                    return table == null ? null : definition(t, table, pretty);
                }
            }
        }
        return null;
    }

    private TableDef table(int oid) {
        for (TableDef t : session.transaction().tables()) {
            if (t.oid() == oid) {
                return t;
            }
        }
        return null;
    }

    private String definition(TriggerCatalog.Trigger t, TableDef table, boolean pretty) {
        StringBuilder sql = new StringBuilder("CREATE TRIGGER ").append(RegClass.quoteIdentifier(t.name()))
                .append(t.before() ? " BEFORE" : " AFTER");
        boolean first = true;
        int[] order = {TriggerCatalog.INSERT, TriggerCatalog.DELETE, TriggerCatalog.UPDATE, TriggerCatalog.TRUNCATE};
        String[] names = {"INSERT", "DELETE", "UPDATE", "TRUNCATE"};
        for (int i = 0; i < order.length; i++) {
            if (t.firesOn(order[i])) {
                sql.append(first ? " " : " OR ").append(names[i]);
                first = false;
                if (order[i] == TriggerCatalog.UPDATE && !t.columns().isEmpty()) {
                    sql.append(" OF ");
                    for (int c = 0; c < t.columns().size(); c++) {
                        sql.append(c == 0 ? "" : ", ").append(RegClass.quoteIdentifier(t.columns().get(c)));
                    }
                }
            }
        }
        sql.append(" ON ");
        if (!pretty) {
            long namespace = session.transaction().isTemporary(table)
                    ? session.transaction().temporarySchema().map(Namespaces::temporary).orElse(Namespaces.PUBLIC)
                    : Namespaces.PUBLIC;
            sql.append(RegClass.quoteIdentifier(Namespaces.name(namespace))).append('.');
        }
        sql.append(RegClass.quoteIdentifier(table.name())).append(' ')
                .append(t.row() ? "FOR EACH ROW " : "FOR EACH STATEMENT ")
                .append("EXECUTE FUNCTION ").append(functionName(t.function())).append('(');
        for (int i = 0; i < t.args().size(); i++) {
            sql.append(i == 0 ? "" : ", ").append('\'').append(t.args().get(i).replace("'", "''")).append('\'');
        }
        return sql.append(')').toString();
    }

    /** generate_function_name: a user function (they live in public) qualified when search_path does not show it. */
    private String functionName(String function) {
        String name = RegClass.quoteIdentifier(function);
        boolean user = session.functions().find(function, List.of()) != null;
        return user ? osgres.sql.internal.utils.SearchPath.qualified(name, session.outputSettings().publicVisible())
                : name;
    }
}
