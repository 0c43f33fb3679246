/*
 * ruleutils.c's pretty form (PRETTYFLAG_PAREN, what pg_get_expr(..., true) and pg_get_constraintdef(..., true)
 * print) derived from the plain form's text: the outermost parentheses go; an AND/OR's operands lose theirs
 * (except an OR under an AND); a cast of a simple operand (a column, a constant, a function call) is written
 * {@code x::type} rather than {@code (x)::type}. Quoted literals and identifiers are never touched. Not done:
 * ruleutils' operator-precedence rules between arithmetic operators ({@code (a * 2) + 1} stays as it is).
 */
package osgres.sql.internal.catalog;

import java.util.ArrayList;
import java.util.List;

public final class PrettyExpression {

    private PrettyExpression() {
    }

    /** The pretty form of a plain ruleutils text (null stays null). */
    public static String of(String plain) {
        if (plain == null) {
            return null;
        }
        return castParens(level(unwrap(plain.strip()), false));
    }

    /** {@code text} without one pair of parentheses enclosing all of it. */
    private static String unwrap(String text) {
        if (text.length() >= 2 && text.charAt(0) == '(' && close(text, 0) == text.length() - 1) {
            return text.substring(1, text.length() - 1);
        }
        return text;
    }

    /** One expression's operands: where it is an AND/OR list, each operand unwrapped as ruleutils would. */
    private static String level(String text, boolean underAnd) {
        List<String> parts = new ArrayList<>();
        List<String> ops = new ArrayList<>();
        split(text, parts, ops);
        if (ops.isEmpty()) {
            return text;
        }
        boolean and = ops.getFirst().equals(" AND ");
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            String part = parts.get(i).strip();
            String inner = unwrap(part);
            if (!inner.equals(part)) {
                List<String> innerParts = new ArrayList<>();
                List<String> innerOps = new ArrayList<>();
                split(inner, innerParts, innerOps);
                boolean innerOr = !innerOps.isEmpty() && innerOps.getFirst().equals(" OR ");
                part = and && innerOr ? "(" + level(inner, false) + ")" : level(inner, and);
            }
            out.append(i == 0 ? "" : ops.get(i - 1)).append(part);
        }
        return out.toString();
    }

    /** Splits {@code text} at its top-level " AND " / " OR ". */
    private static void split(String text, List<String> parts, List<String> ops) {
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\'' || c == '"') {
                i = skipQuoted(text, i);
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (depth == 0 && c == ' ') {
                for (String op : new String[] {" AND ", " OR "}) {
                    if (text.startsWith(op, i)) {
                        parts.add(text.substring(start, i));
                        ops.add(op);
                        start = i + op.length();
                        i = start - 1;
                        break;
                    }
                }
            }
        }
        parts.add(text.substring(start));
    }

    /** {@code (x)::} written {@code x::} where x has no top-level space (a column, a constant, a call). */
    private static String castParens(String text) {
        StringBuilder out = new StringBuilder(text);
        for (int i = 0; i < out.length(); i++) {
            char c = out.charAt(i);
            if (c == '\'' || c == '"') {
                i = skipQuoted(out.toString(), i);
            } else if (c == '(') {
                int end = close(out.toString(), i);
                if (end > 0 && out.indexOf("::", end) == end + 1 && simple(out.substring(i + 1, end))
                        && (i == 0 || !isNameChar(out.charAt(i - 1)))) {
                    out.deleteCharAt(end);
                    out.deleteCharAt(i);
                    i--;
                }
            }
        }
        return out.toString();
    }

    private static boolean isNameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '"';
    }

    private static boolean simple(String inner) {
        if (inner.isEmpty() || inner.charAt(0) == '-') {
            return false;
        }
        int depth = 0;
        for (int i = 0; i < inner.length(); i++) {
            char c = inner.charAt(i);
            if (c == '\'' || c == '"') {
                i = skipQuoted(inner, i);
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (depth == 0 && c == ' ') {
                return false;
            }
        }
        return true;
    }

    /** The index of the parenthesis closing the one at {@code open}, or -1. */
    private static int close(String text, int open) {
        int depth = 0;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\'' || c == '"') {
                i = skipQuoted(text, i);
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    /** The index of the quote closing the literal or identifier opened at {@code start}. */
    private static int skipQuoted(String text, int start) {
        char q = text.charAt(start);
        int i = start + 1;
        while (i < text.length()) {
            if (text.charAt(i) == q) {
                if (i + 1 < text.length() && text.charAt(i + 1) == q) {
                    i += 2;
                    continue;
                }
                return i;
            }
            i++;
        }
        return text.length() - 1;
    }
}
