/*
 * Expressions back to SQL text as EXPLAIN shows them (PostgreSQL's ruleutils.c get_rule_expr, much reduced):
 * operators infix in parentheses "(a > 5)", AND/OR lists "((a > 5) AND (b < 3))", constants with their type
 * label where ruleutils adds one ("'x'::text", "'5'::bigint", but plain int4, numeric and booleans), casts as
 * "(a)::bigint", function and aggregate calls by name ("count(*)"), subplans as EXPLAIN labels them ("(SubPlan
 * 1)", "$0" for an InitPlan's value). Columns print with the name the planner gave them ("t.a"); {@code qualify}
 * false strips the relation, as EXPLAIN does where ruleutils is told not to prefix names.
 */
package osgres.sql.internal.nodes;

import java.util.List;
import java.util.Map;

import osgres.sql.internal.utils.PgType;
import osgres.sql.internal.utils.TypeIo;

public final class ExprDeparser {
    private final boolean qualify;
    private final TypeIo.OutputSettings output;
    private final Map<Expr.SubPlan, String> subplanRefs;
    private final Map<Integer, String> paramNames;
    private final java.util.function.Predicate<String> computedHere;
    /**
     * The relation names column names are qualified with (the planner's aliases), each to the name EXPLAIN shows
     * (unique in the statement, as select_rtable_names_for_explain makes them: a second "t" is "t_1"); empty: the
     * planner's names as they are.
     */
    private final Map<String, String> refnames;

    public ExprDeparser(boolean qualify, TypeIo.OutputSettings output, Map<Expr.SubPlan, String> subplanRefs) {
        this(qualify, output, subplanRefs, Map.of(), name -> false, Map.of());
    }

    /**
     * {@code paramNames}: what an ExecParam slot stands for (an outer query's column, a nested loop's outer
     * column), shown instead of "$n" as ruleutils shows a PARAM_EXEC's referent; {@code computedHere}: which columns
     * holding an upper expression (an aggregate, a group key) are computed by the node being shown, so they print
     * bare ("count(*)") rather than as a reference to a lower node's result ("(count(*))").
     */
    public ExprDeparser(boolean qualify, TypeIo.OutputSettings output, Map<Expr.SubPlan, String> subplanRefs,
                 Map<Integer, String> paramNames, java.util.function.Predicate<String> computedHere,
                 Map<String, String> refnames) {
        this.refnames = refnames;
        this.qualify = qualify;
        this.output = output;
        this.subplanRefs = subplanRefs;
        this.paramNames = paramNames;
        this.computedHere = computedHere;
    }

    public String deparse(Expr e) {
        return switch (e) {
            case null -> "";
            case Expr.ColumnRef c -> column(c.name(), c.index());
            case Expr.Var v -> v.name();
            case Expr.Const c -> constant(c.type(), c.value());
            case Expr.Param p -> "$" + p.number();
            case Expr.ExecParam p -> paramNames.getOrDefault(p.slot(), "$" + p.slot());
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
                // get_coercion_expr: the argument always in parentheses (a constant would have been folded)
                String inner = deparse(c.arg());
                yield (c.arg() instanceof Expr.Const ? inner : "(" + inner + ")") + "::"
                        + typeName(c.type(), c.typmod());
            }
            case Expr.CoerceToDomain c -> {
                String inner = deparse(c.arg());
                yield (c.arg() instanceof Expr.Const ? inner : "(" + inner + ")") + "::" + c.domain().name();
            }
            case Expr.Aggref a -> aggregate(a.aggregate().name(), a.args(), a.star(), a.distinct(), a.order(),
                    a.filter());
            case Expr.WindowFunc w -> w.function().name() + "(" + (w.args().isEmpty()
                    && w.function().aggregate() != null ? "*" : list(w.args())) + ") OVER (?)";
            case Expr.SubPlan s -> subplanRefs.getOrDefault(s, "(SubPlan)");
            case Expr.SubQuery s -> "(SubPlan)";
            case Expr.SetFunction f -> f.name() + "(" + list(f.args()) + ")";
            default -> "?";
        };
    }

    private String column(String name, int index) {
        if (name == null || name.isEmpty()) {
            return "column" + (index + 1);
        }
        if (name.startsWith("(") && name.endsWith(")") && computedHere.test(name)) {
            name = name.substring(1, name.length() - 1);
        }
        if (!refnames.isEmpty()) {
            return requalify(name);
        }
        if (!qualify && !name.startsWith("(") && name.indexOf('.') > 0) {
            return name.substring(name.indexOf('.') + 1);
        }
        return name;
    }

    /** Each "alias." in {@code text} (outside literals) as EXPLAIN shows it: renamed and quoted, or dropped. */
    private String requalify(String text) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char ch = text.charAt(i);
            if (ch == '\'') {
                int end = text.indexOf('\'', i + 1);
                while (end >= 0 && end + 1 < text.length() && text.charAt(end + 1) == '\'') {
                    end = text.indexOf('\'', end + 2);
                }
                end = end < 0 ? text.length() : end + 1;
                out.append(text, i, end);
                i = end;
                continue;
            }
            boolean boundary = i == 0 || !(Character.isLetterOrDigit(text.charAt(i - 1)) || text.charAt(i - 1) == '_'
                    || text.charAt(i - 1) == '.' || text.charAt(i - 1) == '"');
            String matched = null;
            if (boundary) {
                for (String alias : refnames.keySet()) {
                    if (text.startsWith(alias + ".", i) && (matched == null || alias.length() > matched.length())) {
                        matched = alias;
                    }
                }
            }
            if (matched != null) {
                if (qualify) {
                    out.append(ident(refnames.get(matched))).append('.');
                }
                i += matched.length() + 1;
                continue;
            }
            out.append(ch);
            i++;
        }
        return out.toString();
    }

    /** get_agg_expr: "name(DISTINCT args ORDER BY keys) FILTER (WHERE cond)". */
    public String aggregate(String name, List<Expr> args, boolean star, boolean distinct, List<Expr.OrderKey> order,
                     Expr filter) {
        StringBuilder out = new StringBuilder(name).append('(');
        if (star) {
            out.append('*');
        } else {
            out.append(distinct ? "DISTINCT " : "").append(list(args));
        }
        if (order != null && !order.isEmpty()) {
            out.append(" ORDER BY ");
            for (int i = 0; i < order.size(); i++) {
                Expr.OrderKey k = order.get(i);
                out.append(i == 0 ? "" : ", ").append(deparse(k.expr()));
                if (k.descending()) {
                    out.append(" DESC").append(k.nullsFirst() ? "" : " NULLS LAST");
                } else if (k.nullsFirst()) {
                    out.append(" NULLS FIRST");
                }
            }
        }
        out.append(')');
        if (filter != null) {
            out.append(" FILTER (WHERE ").append(deparse(filter)).append(')');
        }
        return out.toString();
    }

    /** format_type_with_typemod: "numeric(10,4)", "character varying(20)", "timestamp(3) without time zone". */
    public static String typeName(PgType type, int typmod) {
        if (typmod < 0) {
            return type.sqlName();
        }
        return switch (type) {
            case NUMERIC -> typmod >= 4 ? "numeric(" + (((typmod - 4) >> 16) & 0xFFFF) + ","
                    + (short) ((typmod - 4) & 0xFFFF) + ")" : type.sqlName();
            case VARCHAR, BPCHAR -> typmod >= 4 ? type.sqlName() + "(" + (typmod - 4) + ")" : type.sqlName();
            case TIMESTAMP, TIMESTAMPTZ, TIME, TIMETZ -> {
                String name = type.sqlName();
                int space = name.indexOf(' ');
                yield name.substring(0, space) + "(" + typmod + ")" + name.substring(space);
            }
            default -> type.sqlName();
        };
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
        if (name.startsWith("::") && c.args().size() == 1
                && (c.type() == PgType.RECORD || c.type() == PgType.ANYENUM)) {
            // a value of a named composite or enum (CompositeValues, EnumValues): a constant as 'text'::type, a
            // column read or a cast of another value as that value
            Expr arg = c.args().getFirst();
            if (arg instanceof Expr.Const k && k.value() != null && !(k.value() instanceof String)) {
                String text = k.value() instanceof osgres.sql.internal.utils.RowValue r
                        ? r.output(osgres.sql.internal.utils.TypeIo.OutputSettings.DEFAULT) : k.value().toString();
                return "'" + text.replace("'", "''") + "'::"
                        + osgres.sql.internal.utils.SearchPath.qualified(name.substring(2), output.publicVisible());
            }
            return deparse(arg);
        }
        if ((name.equals("ROW") || name.equals(Expr.WHOLE_ROW)) && c.type() == PgType.RECORD) {
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
            // an integer literal stays int4 in PostgreSQL (int84/int24 operators take it as it is); osgres may have
            // coerced it to the other side's type, so within int4's range it prints as the int4 literal it was
            case INT8, INT2 -> {
                long v = Long.parseLong(text);
                yield v < Integer.MIN_VALUE || v > Integer.MAX_VALUE ? "'" + text + "'::" + type.sqlName()
                        : v < 0 ? "'" + text + "'::integer" : text;
            }
            // a numeric that would read back as an integer keeps its label
            case NUMERIC -> Character.isDigit(text.charAt(0)) && text.matches(".*[.eE].*") ? text
                    : "'" + text + "'::numeric";
            case BOOL -> text.equals("t") ? "true" : "false";
            default -> "'" + text.replace("'", "''") + "'::" + type.sqlName();
        };
    }

    /** A name as ruleutils prints it: bare when it is lower-case letters, digits and underscores, else quoted. */
    public static String ident(String name) {
        return name.matches("[a-z_][a-z0-9_$]*") ? name : "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
