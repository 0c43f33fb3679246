/*
 * Expressions back to SQL text as EXPLAIN shows them (PostgreSQL's ruleutils.c get_rule_expr, much reduced):
 * operators infix in parentheses "(a > 5)", AND/OR lists "((a > 5) AND (b < 3))", constants with their type
 * label where ruleutils adds one ("'x'::text", "'5'::bigint", but plain int4, numeric and booleans), casts as
 * "(a)::bigint", function and aggregate calls by name ("count(*)"), subplans as "(SubPlan n)". Columns print
 * with the name the planner gave them ("t.a"); {@code qualify} false strips the relation, as EXPLAIN does for
 * a query over one relation.
 */
package osgres.sql.internal;

import java.util.List;
import java.util.Map;

final class ExprDeparser {
    private final boolean qualify;
    private final TypeIo.OutputSettings output;
    private final Map<Expr.SubPlan, Integer> subplanNumbers;

    ExprDeparser(boolean qualify, TypeIo.OutputSettings output, Map<Expr.SubPlan, Integer> subplanNumbers) {
        this.qualify = qualify;
        this.output = output;
        this.subplanNumbers = subplanNumbers;
    }

    String deparse(Expr e) {
        return switch (e) {
            case null -> "";
            case Expr.ColumnRef c -> column(c.name(), c.index());
            case Expr.Var v -> v.name();
            case Expr.Const c -> constant(c.type(), c.value());
            case Expr.Param p -> "$" + p.number();
            case Expr.ExecParam p -> "$" + p.slot();
            case Expr.Call c -> call(c);
            case Expr.BoolOp b -> {
                StringBuilder out = new StringBuilder("(");
                for (int i = 0; i < b.args().size(); i++) {
                    out.append(i == 0 ? "" : b.isAnd() ? " AND " : " OR ").append(deparse(b.args().get(i)));
                }
                yield out.append(')').toString();
            }
            case Expr.Not n -> "(NOT " + deparse(n.arg()) + ")";
            case Expr.NullTest n -> "(" + deparse(n.arg()) + (n.isNotNull() ? " IS NOT NULL)" : " IS NULL)");
            case Expr.BooleanTest b -> "(" + deparse(b.arg()) + " IS " + (b.negated() ? "NOT " : "")
                    + (b.expected() ? "TRUE)" : "FALSE)");
            case Expr.Case c -> {
                StringBuilder out = new StringBuilder("CASE");
                for (Expr.When w : c.whens()) {
                    out.append(" WHEN ").append(deparse(w.condition())).append(" THEN ").append(deparse(w.result()));
                }
                if (c.otherwise() != null) {
                    out.append(" ELSE ").append(deparse(c.otherwise()));
                }
                yield out.append(" END").toString();
            }
            case Expr.Coalesce c -> "COALESCE(" + list(c.args()) + ")";
            case Expr.Coerce c -> {
                String inner = deparse(c.arg());
                boolean simple = c.arg() instanceof Expr.ColumnRef || c.arg() instanceof Expr.Var
                        || c.arg() instanceof Expr.Param;
                yield (simple ? "(" + inner + ")" : inner) + "::" + c.type().sqlName();
            }
            case Expr.Aggref a -> a.aggregate().name() + "(" + (a.star() ? "*" : (a.distinct() ? "DISTINCT " : "")
                    + list(a.args())) + ")";
            case Expr.WindowFunc w -> w.function().name() + "(" + list(w.args()) + ") OVER (?)";
            case Expr.SubPlan s -> "(" + (s.hashed() ? "hashed " : "") + "SubPlan " + subplanNumbers.getOrDefault(s, 0)
                    + ")";
            case Expr.SubQuery s -> "(SubPlan)";
            case Expr.SetFunction f -> f.name() + "(" + list(f.args()) + ")";
            default -> "?";
        };
    }

    private String column(String name, int index) {
        if (name == null || name.isEmpty()) {
            return "column" + (index + 1);
        }
        if (!qualify && !name.startsWith("(") && name.indexOf('.') > 0) {
            return name.substring(name.indexOf('.') + 1);
        }
        return name;
    }

    private String list(List<Expr> args) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < args.size(); i++) {
            out.append(i == 0 ? "" : ", ").append(deparse(args.get(i)));
        }
        return out.toString();
    }

    private String call(Expr.Call c) {
        String name = c.name();
        boolean operator = !name.isEmpty() && !Character.isLetter(name.charAt(0)) && name.charAt(0) != '_';
        if (name.startsWith("row ") && c.type() == PgType.BOOL) {
            // a row-wise comparison: its arguments are the left and right fields, interleaved
            List<Expr> left = new java.util.ArrayList<>();
            List<Expr> right = new java.util.ArrayList<>();
            for (int i = 0; i < c.args().size(); i++) {
                (i % 2 == 0 ? left : right).add(c.args().get(i));
            }
            return "(ROW(" + list(left) + ") " + name.substring(4) + " ROW(" + list(right) + "))";
        }
        if (name.equals("subscript") || name.equals("slice")) {
            // SubscriptingRef: a[i][j], a[l:u] (an open bound is a null constant)
            Expr base = c.args().getFirst();
            boolean simple = base instanceof Expr.ColumnRef || base instanceof Expr.Var || base instanceof Expr.Param;
            StringBuilder out = new StringBuilder(simple ? deparse(base) : "(" + deparse(base) + ")");
            List<Expr> subscripts = c.args().subList(1, c.args().size());
            boolean slice = name.equals("slice");
            for (int i = 0; i < subscripts.size(); i += slice ? 2 : 1) {
                out.append('[');
                if (slice) {
                    out.append(bound(subscripts.get(i))).append(':').append(bound(subscripts.get(i + 1)));
                } else {
                    out.append(deparse(subscripts.get(i)));
                }
                out.append(']');
            }
            return out.toString();
        }
        if (name.equals("ARRAY") && c.type().isArray()) {
            return "ARRAY[" + list(c.args()) + "]";
        }
        if (name.equals("ROW") && c.type() == PgType.RECORD) {
            return "ROW(" + list(c.args()) + ")";
        }
        if ((name.endsWith(" ANY") || name.endsWith(" ALL")) && c.args().size() == 2) {
            return "(" + deparse(c.args().get(0)) + " " + name + " (" + deparse(c.args().get(1)) + "))";
        }
        if (operator && c.args().size() == 2) {
            return "(" + deparse(c.args().get(0)) + " " + name + " " + deparse(c.args().get(1)) + ")";
        }
        if (operator && c.args().size() == 1) {
            return "(" + name + " " + deparse(c.args().getFirst()) + ")";
        }
        if (name.equals("IS DISTINCT FROM") || name.equals("IS NOT DISTINCT FROM")) {
            return "(" + deparse(c.args().get(0)) + " " + name + " " + deparse(c.args().get(1)) + ")";
        }
        return name + "(" + list(c.args()) + ")";
    }

    private String bound(Expr e) {
        return e instanceof Expr.Const k && k.value() == null ? "" : deparse(e);
    }

    /** get_const_expr: int4, numeric and booleans bare, everything else quoted with a type label. */
    String constant(PgType type, Object value) {
        if (value == null) {
            return "NULL::" + type.sqlName();
        }
        String text = TypeIo.output(type, value, output);
        return switch (type) {
            case INT4 -> Integer.parseInt(text) < 0 ? "'" + text + "'::integer" : text;
            // a numeric that would read back as an integer keeps its label
            case NUMERIC -> Character.isDigit(text.charAt(0)) && text.matches(".*[.eE].*") ? text
                    : "'" + text + "'::numeric";
            case BOOL -> text.equals("t") ? "true" : "false";
            default -> "'" + text.replace("'", "''") + "'::" + type.sqlName();
        };
    }
}
