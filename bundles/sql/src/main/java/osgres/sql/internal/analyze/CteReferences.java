/*
 * Which WITH queries a raw parse tree reads, and in what order a WITH RECURSIVE list must be analysed: PostgreSQL's
 * parse_cte.c makeDependencyGraph and TopologicalSort. A name counts as a reference only where no WITH nested in
 * the tree hides it (a nested WITH RECURSIVE hides its names everywhere inside it; a plain WITH hides a name from
 * the queries after the one that defines it and from its body), so `WITH RECURSIVE w AS (WITH w AS (...) SELECT *
 * FROM w)` is not recursive. In WITH RECURSIVE every query may read every other one, also one written after it:
 * the list is analysed dependencies first, and a cycle between two queries is PostgreSQL's 0A000.
 */
package osgres.sql.internal.analyze;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

import com.google.protobuf.Descriptors;
import com.google.protobuf.Message;

import osgres.api.PgException;
import osgres.api.SqlState;
import osgres.pgquery.tree.PgQuery;

final class CteReferences {

    private CteReferences() {
    }

    /** Does {@code node} read a FROM item named {@code name} that a nested WITH does not hide? */
    static boolean references(Message node, String name) {
        if (node instanceof PgQuery.RangeVar rv) {
            return rv.getSchemaname().isEmpty() && rv.getRelname().equals(name);
        }
        PgQuery.WithClause with = withClause(node);
        if (with != null) {
            List<PgQuery.Node> ctes = with.getCtesList();
            for (int i = 0; i < ctes.size(); i++) {
                PgQuery.CommonTableExpr c = ctes.get(i).getCommonTableExpr();
                if (with.getRecursive() && c.getCtename().equals(name)) {
                    return false;
                }
            }
            for (int i = 0; i < ctes.size(); i++) {
                PgQuery.CommonTableExpr c = ctes.get(i).getCommonTableExpr();
                if (references(c.getCtequery(), name)) {
                    return true;
                }
                if (c.getCtename().equals(name)) {
                    return false;   // the queries after it and the body read this one
                }
            }
        }
        for (var field : node.getAllFields().entrySet()) {
            if (with != null && isWithClause(field.getKey())) {
                continue;
            }
            Object value = field.getValue();
            if (value instanceof Message m && references(m, name)) {
                return true;
            }
            if (value instanceof List<?> list) {
                for (Object o : list) {
                    if (o instanceof Message m && references(m, name)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * The order to analyse a WITH RECURSIVE list in: each query after the ones it reads (its own name aside).
     * Positions as TopologicalSort moves them; a cycle is 0A000 at the first query left unplaced.
     */
    static List<PgQuery.CommonTableExpr> analysisOrder(PgQuery.WithClause with, ParseState.Statement statement) {
        List<PgQuery.CommonTableExpr> items = new ArrayList<>();
        for (PgQuery.Node n : with.getCtesList()) {
            items.add(n.getCommonTableExpr());
        }
        int count = items.size();
        List<BitSet> dependsOn = new ArrayList<>();
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            BitSet deps = new BitSet();
            for (int j = 0; j < count; j++) {
                if (i != j && references(items.get(i).getCtequery(), items.get(j).getCtename())) {
                    deps.set(j);
                }
            }
            dependsOn.add(deps);
            ids.add(i);
        }
        for (int i = 0; i < count; i++) {
            int j = i;
            while (j < count && !dependsOn.get(j).isEmpty()) {
                j++;
            }
            if (j == count) {
                throw PgException.error(SqlState.FEATURE_NOT_SUPPORTED,
                        "mutual recursion between WITH items is not implemented")
                        .withPosition(statement.position(items.get(i).getLocation()));
            }
            swap(items, i, j);
            swap(dependsOn, i, j);
            swap(ids, i, j);
            for (int k = i + 1; k < count; k++) {
                dependsOn.get(k).clear(ids.get(i));
            }
        }
        return items;
    }

    private static <T> void swap(List<T> list, int i, int j) {
        T t = list.get(i);
        list.set(i, list.get(j));
        list.set(j, t);
    }

    /** The WITH clause of a SELECT, INSERT, UPDATE, DELETE or MERGE, or null. */
    private static PgQuery.WithClause withClause(Message node) {
        for (var field : node.getAllFields().entrySet()) {
            if (isWithClause(field.getKey())) {
                return (PgQuery.WithClause) field.getValue();
            }
        }
        return null;
    }

    private static boolean isWithClause(Descriptors.FieldDescriptor field) {
        return field.getName().equals("with_clause");
    }
}
