/*
 * Generic walks over the Expr tree (PostgreSQL's nodeFuncs.c expression_tree_walker/mutator and equal()):
 * visiting every node, rebuilding a node with its children replaced, and structural equality that ignores
 * source locations and the identity of resolved implementations (two analyses of "a + 1" are the same
 * expression, as equal() says of two OpExprs with the same operator). Children are found through the records'
 * components: Expr values, lists of them, and the small records that hold them (CASE's When, ORDER BY keys).
 * A SubQuery's Query and a SubPlan's plan are other query levels and are not entered.
 */
package osgres.sql.internal.nodes;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

import osgres.sql.internal.utils.Casts;

public final class ExprTrees {

    private ExprTrees() {
    }

    /** Visits {@code e} and every expression below it, parents first. */
    public static void walk(Expr e, Consumer<Expr> visitor) {
        if (e == null) {
            return;
        }
        visitor.accept(e);
        forEachChild(e, c -> walk(c, visitor));
    }

    /** Calls {@code f} on each direct child expression of {@code e}. */
    public static void forEachChild(Expr e, Consumer<Expr> f) {
        map(e, c -> {
            f.accept(c);
            return c;
        });
    }

    /** {@code e} with each direct child replaced by {@code f(child)}; {@code e} itself when none changed. */
    public static Expr map(Expr e, Function<Expr, Expr> f) {
        if (e == null) {
            return null;
        }
        return (Expr) mapRecord((Record) e, f);
    }

    private static Object mapRecord(Record r, Function<Expr, Expr> f) {
        RecordComponent[] components = r.getClass().getRecordComponents();
        Object[] values = new Object[components.length];
        boolean changed = false;
        for (int i = 0; i < components.length; i++) {
            Object v = get(components[i], r);
            Object m = mapValue(v, f);
            values[i] = m;
            changed |= m != v;
        }
        if (!changed) {
            return r;
        }
        try {
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
            }
            Constructor<?> c = r.getClass().getDeclaredConstructor(types);
            c.setAccessible(true);
            return c.newInstance(values);
        } catch (ReflectiveOperationException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static Object mapValue(Object v, Function<Expr, Expr> f) {
        if (v instanceof Expr child) {
            return f.apply(child);
        }
        if (v instanceof Expr.When || v instanceof Expr.OrderKey) {
            return mapRecord((Record) v, f);
        }
        if (v instanceof List<?> list && !list.isEmpty() && holdsExpressions(list)) {
            List<Object> out = new ArrayList<>(list.size());
            boolean changed = false;
            for (Object o : list) {
                Object m = mapValue(o, f);
                changed |= m != o;
                out.add(m);
            }
            return changed ? out : v;
        }
        return v;
    }

    private static boolean holdsExpressions(List<?> list) {
        Object first = list.getFirst();
        return first instanceof Expr || first instanceof Expr.When || first instanceof Expr.OrderKey;
    }

    /** The value of record component {@code c} of {@code r} (records of this package, read reflectively). */
    public static Object get(RecordComponent c, Record r) {
        try {
            java.lang.reflect.Method m = c.getAccessor();
            m.setAccessible(true);
            return m.invoke(r);
        } catch (ReflectiveOperationException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** equal(): the same node kinds with the same values, ignoring locations and implementations. */
    public static boolean same(Object a, Object b) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null) {
            return false;
        }
        if (a instanceof List<?> la && b instanceof List<?> lb) {
            // lists compare by their elements, whatever their class (List.of against an ArrayList)
            if (la.size() != lb.size()) {
                return false;
            }
            for (int i = 0; i < la.size(); i++) {
                if (!same(la.get(i), lb.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a.getClass() != b.getClass()) {
            return false;
        }
        if (a instanceof Expr.SubQuery || a instanceof Expr.SubPlan) {
            return false; // two subqueries are never merged
        }
        if (a instanceof Record ra) {
            for (RecordComponent c : ra.getClass().getRecordComponents()) {
                if (c.getName().equals("location") || isCode(c.getType())) {
                    continue;
                }
                if (!same(get(c, ra), get(c, (Record) b))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof List<?> la && b instanceof List<?> lb) {
            if (la.size() != lb.size()) {
                return false;
            }
            for (int i = 0; i < la.size(); i++) {
                if (!same(la.get(i), lb.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return java.util.Arrays.equals(x, y);
        }
        return Objects.equals(a, b);
    }

    private static boolean isCode(Class<?> type) {
        return type == Expr.Implementation.class || type == Casts.Conversion.class
                || type == Expr.SetImplementation.class || type == Expr.SubPlanRunner.class
                || type == java.util.function.Supplier.class;
    }

    public static boolean sameWindow(Query.WindowSpec a, Query.WindowSpec b) {
        return same(a.partitionBy(), b.partitionBy()) && same(a.orderBy(), b.orderBy())
                && same(a.frame(), b.frame());
    }
}
