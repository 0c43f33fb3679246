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
        return rebuild(r, v -> mapValue(v, f));
    }

    /**
     * {@code r} with each component replaced by {@code map}'s result for it: {@code r} itself when none changed,
     * else a new record of the same class (the tree rewrites of this layer and the planner's share it).
     */
    public static Record rebuild(Record r, java.util.function.UnaryOperator<Object> map) {
        Shape shape = SHAPES.get(r.getClass());
        Object[] values = new Object[shape.accessors.length];
        boolean changed = false;
        try {
            for (int i = 0; i < values.length; i++) {
                Object v = shape.accessors[i].invoke(r);
                Object m = map.apply(v);
                values[i] = m;
                changed |= m != v;
            }
            return changed ? (Record) shape.constructor.newInstance(values) : r;
        } catch (ReflectiveOperationException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** A record class's accessors and canonical constructor, looked up once per class. */
    private record Shape(java.lang.reflect.Method[] accessors, Constructor<?> constructor) {
    }

    private static final ClassValue<Shape> SHAPES = new ClassValue<>() {
        @Override
        protected Shape computeValue(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            java.lang.reflect.Method[] accessors = new java.lang.reflect.Method[components.length];
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                accessors[i] = components[i].getAccessor();
                accessors[i].setAccessible(true);
                types[i] = components[i].getType();
            }
            try {
                Constructor<?> c = type.getDeclaredConstructor(types);
                c.setAccessible(true);
                return new Shape(accessors, c);
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException(e);
            }
        }
    };

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

    /** The values of {@code r}'s components, in declaration order (records of this layer, read reflectively). */
    public static Object[] values(Record r) {
        Shape shape = SHAPES.get(r.getClass());
        Object[] values = new Object[shape.accessors.length];
        try {
            for (int i = 0; i < values.length; i++) {
                values[i] = shape.accessors[i].invoke(r);
            }
        } catch (ReflectiveOperationException ex) {
            throw new IllegalStateException(ex);
        }
        return values;
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
            RecordComponent[] components = ra.getClass().getRecordComponents();
            Object[] va = values(ra);
            Object[] vb = values((Record) b);
            for (int i = 0; i < components.length; i++) {
                if (components[i].getName().equals("location") || isCode(components[i].getType())) {
                    continue;
                }
                if (!same(va[i], vb[i])) {
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
