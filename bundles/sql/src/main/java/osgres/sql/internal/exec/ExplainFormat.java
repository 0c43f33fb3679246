/*
 * EXPLAIN's four output formats, as explain.c writes them through ExplainOpenGroup, ExplainProperty* and their
 * per-format branches: text (one line per node, "->  " and two spaces per level, details below it), JSON, YAML and
 * XML (every property labelled, nodes nested under "Plans"). Explain describes the plan as a tree of Nodes whose
 * lines and fields are complete; this class only lays them out, so the four formats cannot disagree about what a
 * node shows, only about how.
 */
package osgres.sql.internal.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import osgres.sql.internal.nodes.Plan;

final class ExplainFormat {

    private ExplainFormat() {
    }

    /** Where a property shows: every format, text only or XML/JSON/YAML only (a few differ, as in explain.c). */
    enum Where { BOTH, TEXT, STRUCTURED,
        /** A labelled group of fields (its value a List of Field) after the plan: Settings, Planning. */
        GROUP }

    /**
     * One ExplainProperty*: a label and a value (String, List of String, Long, Boolean, or a Double shown with
     * {@code digits} decimals), with an optional unit ("kB", "ms").
     */
    record Field(String label, Object value, int digits, String unit, Where format) {
        static Field of(String label, Object value) {
            return new Field(label, value, 0, null, Where.BOTH);
        }

        String text() {
            String v = switch (value) {
                case List<?> l -> String.join(", ", l.stream().map(String::valueOf).toList());
                case Double d -> String.format(Locale.ROOT, "%." + digits + "f", d);
                default -> String.valueOf(value);
            };
            return label + ": " + v + (unit == null ? "" : " " + unit);
        }

        /** ExplainProperty* in YAML: strings quoted as JSON strings, a list as "- " items on the lines below. */
        String yaml(int indent) {
            if (value instanceof List<?> l) {
                StringBuilder out = new StringBuilder(label).append(": ");
                for (Object item : l) {
                    out.append('\n').append(" ".repeat(indent * 2 + 2)).append("- ")
                            .append(quote(String.valueOf(item)));
                }
                return out.toString();
            }
            String json = json();
            return label + json.substring(quote(label).length());
        }

        /** ExplainProperty* in XML: an element named after the label (spaces as "-"), a list as Item elements. */
        String xml(int indent) {
            String pad = "  ".repeat(indent);
            String tag = label.replace(' ', '-');
            if (value instanceof List<?> l) {
                StringBuilder out = new StringBuilder(pad).append('<').append(tag).append(">\n");
                for (Object item : l) {
                    out.append(pad).append("  <Item>").append(escapeXml(String.valueOf(item))).append("</Item>\n");
                }
                return out.append(pad).append("</").append(tag).append(">\n").toString();
            }
            String v = value instanceof Double d ? String.format(Locale.ROOT, "%." + digits + "f", d)
                    : String.valueOf(value);
            return pad + "<" + tag + ">" + escapeXml(v) + "</" + tag + ">\n";
        }

        String json() {
            String v = switch (value) {
                case List<?> l -> "[" + String.join(", ", l.stream().map(x -> quote(String.valueOf(x))).toList())
                        + "]";
                case Double d -> String.format(Locale.ROOT, "%." + digits + "f", d);
                case Long n -> String.valueOf(n);
                case Integer n -> String.valueOf(n);
                case Boolean b -> String.valueOf(b);
                default -> quote(String.valueOf(value));
            };
            return quote(label) + ": " + v;
        }
    }

    /** One node as EXPLAIN shows it. */
    static final class Node {
        /** The text format's first line (without costs): "Seq Scan on t", "Hash Left Join". */
        String text;
        /** JSON's "Node Type" and the identification fields after "Async Capable" (scan target, join type). */
        String type;
        final List<Field> kind = new ArrayList<>();
        final List<Field> target = new ArrayList<>();
        final List<Field> details = new ArrayList<>();
        final List<Node> children = new ArrayList<>();
        String relationship;
        String subplanName;
        /** The plan node whose estimates and measurements this node shows. */
        Plan measured;
        /** For a synthesized Hash node: measured like its input, but started only once the input is read. */
        boolean hash;
        /** Filled in once the node is complete: the text line (name, estimates, actuals)... */
        String head;
        /** ...the properties after it, text's and the others' (see Field.format)... */
        List<Field> shown;
        /** ...and every labelled field in XML, JSON and YAML's order. */
        List<Field> labelled;
    }


    // ---------------------------------------------------------------- text


    /** The text format: the plan's lines, then {@code tail} (Planning buffers, Planning and Execution Time). */
    static List<String> text(Node root, List<String> tail) {
        List<String> lines = new ArrayList<>();
        textNode(root, 0, lines);
        lines.addAll(tail);
        return lines;
    }

    /** ExplainNode's text layout: {@code indent} is es->indent (two spaces each). */
    private static void textNode(Node n, int indent, List<String> lines) {
        if (n.subplanName != null) {
            lines.add("  ".repeat(indent) + n.subplanName);
            indent++;
        }
        String head = n.head;
        if (indent > 0) {
            lines.add("  ".repeat(indent) + "->  " + head);
            indent += 2;
        } else {
            lines.add(head);
        }
        indent++;
        for (Field f : n.shown) {
            if (f.format() != Where.STRUCTURED) {
                lines.add("  ".repeat(indent) + f.text());
            }
        }
        for (Node child : n.children) {
            textNode(child, indent, lines);
        }
    }

    static String millis(double ms) {
        return String.format(Locale.ROOT, "%.3f", ms);
    }

    // ---------------------------------------------------------------- XML, JSON and YAML

    /**
     * FORMAT JSON: the plan, then {@code summary} (a GROUP field holds a group's fields, such as Planning's, a null
     * value is an empty group such as Triggers).
     */
    static String json(Node root, List<Field> summary) {
        StringBuilder out = new StringBuilder("[\n  {\n    \"Plan\": ");
        jsonNode(root, 4, out);
        for (Field f : summary) {
            out.append(",\n    ");
            if (f.format() == Where.GROUP) {
                List<?> p = (List<?>) f.value();
                out.append(quote(f.label())).append(": {\n");
                for (int i = 0; i < p.size(); i++) {
                    out.append("      ").append(((Field) p.get(i)).json()).append(i < p.size() - 1 ? ",\n" : "\n");
                }
                out.append("    }");
            } else if (f.value() == null) {
                out.append(quote(f.label())).append(": [\n    ]");
            } else {
                out.append(f.json());
            }
        }
        return out.append("\n  }\n]").toString();
    }

    private static void jsonNode(Node n, int indent, StringBuilder out) {
        String pad = " ".repeat(indent + 2);
        List<Field> fields = n.labelled;
        out.append("{\n");
        for (int i = 0; i < fields.size(); i++) {
            out.append(pad).append(fields.get(i).json()).append(i < fields.size() - 1 || !n.children.isEmpty()
                    ? ",\n" : "\n");
        }
        if (!n.children.isEmpty()) {
            out.append(pad).append("\"Plans\": [\n");
            for (int i = 0; i < n.children.size(); i++) {
                out.append(pad).append("  ");
                jsonNode(n.children.get(i), indent + 4, out);
                out.append(i < n.children.size() - 1 ? ",\n" : "\n");
            }
            out.append(pad).append("]\n");
        }
        out.append(" ".repeat(indent)).append("}");
    }

    /**
     * FORMAT YAML, written as explain.c writes it: a group opens with "label: " (or "- " for a list item) and
     * indents one level; a field starts a new line, except the first one after "- ", which follows it.
     */
    private static final class Yaml {
        private final StringBuilder out = new StringBuilder();
        private final java.util.ArrayDeque<boolean[]> groups = new java.util.ArrayDeque<>();
        private int indent;

        private void lineStarting() {
            boolean[] top = groups.peek();
            if (top != null && !top[0]) {
                top[0] = true;
            } else {
                out.append('\n').append("  ".repeat(indent));
            }
        }

        void open(String label) {
            lineStarting();
            out.append(label == null ? "- " : label + ": ");
            groups.push(new boolean[] {label != null});
            indent++;
        }

        void close() {
            indent--;
            groups.pop();
        }

        void field(Field f) {
            lineStarting();
            out.append(f.yaml(indent));
        }

        void node(Node n, String label) {
            open(label);
            for (Field f : n.labelled) {
                field(f);
            }
            if (!n.children.isEmpty()) {
                open("Plans");
                for (Node child : n.children) {
                    node(child, null);
                }
                close();
            }
            close();
        }
    }

    /** FORMAT XML as explain.c writes it: one element per group and property, two spaces per level. */
    static String xml(Node root, List<Field> summary) {
        StringBuilder out = new StringBuilder("<explain xmlns=\"http://www.postgresql.org/2009/explain\">\n");
        out.append("  <Query>\n");
        xmlNode(root, 2, out);
        for (Field f : summary) {
            if (f.format() == Where.GROUP) {
                out.append("    <").append(f.label()).append(">\n");
                for (Object p : (List<?>) f.value()) {
                    out.append(((Field) p).xml(3));
                }
                out.append("    </").append(f.label()).append(">\n");
            } else if (f.value() == null) {
                out.append("    <").append(f.label()).append(">\n    </").append(f.label()).append(">\n");
            } else {
                out.append(f.xml(2));
            }
        }
        return out.append("  </Query>\n</explain>").toString();
    }

    private static void xmlNode(Node n, int indent, StringBuilder out) {
        String pad = "  ".repeat(indent);
        out.append(pad).append("<Plan>\n");
        for (Field f : n.labelled) {
            out.append(f.xml(indent + 1));
        }
        if (!n.children.isEmpty()) {
            out.append(pad).append("  <Plans>\n");
            for (Node child : n.children) {
                xmlNode(child, indent + 2, out);
            }
            out.append(pad).append("  </Plans>\n");
        }
        out.append(pad).append("</Plan>\n");
    }

    /** escape_xml: the characters XML reserves, and a carriage return. */
    private static String escapeXml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#x0d;");
    }

    /** FORMAT YAML: the plan, then {@code summary}, as for JSON. */
    static String yaml(Node root, List<Field> summary) {
        Yaml y = new Yaml();
        y.groups.push(new boolean[] {false});
        y.open(null);
        y.node(root, "Plan");
        for (Field f : summary) {
            if (f.format() == Where.GROUP) {
                y.open(f.label());
                for (Object p : (List<?>) f.value()) {
                    y.field((Field) p);
                }
                y.close();
            } else if (f.value() == null) {
                y.open(f.label());
                y.close();
            } else {
                y.field(f);
            }
        }
        y.close();
        return y.out.toString();
    }

    static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (ch < ' ') {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
                    } else {
                        out.append(ch);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
