/*
 * The catalog's stored expressions deparsed as PostgreSQL's ruleutils.c prints stored trees (not pretty): the
 * text osgres keeps for a DEFAULT, a CHECK or a partial index's predicate is analysed again over its table and
 * printed by ExprDeparser, unqualified, with PostgreSQL's explicit casts where the parser coerced an operator's
 * argument ({@code (0)::numeric}). A top-level implicit coercion to the column's type is not shown (ruleutils
 * shows implicit casts only below operators). Text that no longer analyses is shown as written.
 * Approximations: a literal written {@code 's'::text::regclass} prints as {@code 's'::regclass}, and one written
 * {@code '5'::numeric} as {@code (5)::numeric} (the analyser's tree no longer tells them from what PostgreSQL keeps).
 */
package osgres.sql.internal.session;

import java.time.ZoneId;
import java.util.Map;

import osgres.sql.internal.analyze.ModifyAnalyzer;
import osgres.sql.internal.analyze.RowExpressions;
import osgres.sql.internal.nodes.Expr;
import osgres.sql.internal.nodes.ExprDeparser;
import osgres.sql.internal.nodes.ExprTrees;
import osgres.sql.internal.utils.PgType;
import osgres.sql.internal.utils.StoredExpressions;
import osgres.sql.internal.utils.TypeIo;
import osgres.storage.ColumnDef;
import osgres.storage.TableDef;

final class StoredExpressionDeparser implements StoredExpressions {
    private final ZoneId zone;
    private final TypeIo.OutputSettings output;

    StoredExpressionDeparser(ZoneId zone, TypeIo.OutputSettings output) {
        this.zone = zone;
        this.output = output;
    }

    @Override
    public String columnDefault(TableDef table, int column) {
        ColumnDef c = table.columns().get(column);
        if (c.defaultSql() == null) {
            return null;
        }
        PgType type = PgType.byOid(c.typeOid());
        try {
            Expr e = ModifyAnalyzer.columnDefault(c.defaultSql(), type, c.typeModifier(), zone);
            if (e instanceof Expr.Coerce k) {
                e = k.arg();
            }
            String text = deparse(e);
            // a number the assignment coercion folded into the column's type: the literal as written
            java.util.regex.Matcher folded = CAST_NUMBER.matcher(text);
            return folded.matches() ? folded.group(1) : text;
        } catch (RuntimeException ex) {
            return c.defaultSql();
        }
    }

    @Override
    public String condition(TableDef table, String expression) {
        try {
            return deparse(RowExpressions.check(table, expression, zone, -1));
        } catch (RuntimeException ex) {
            return "(" + expression + ")";
        }
    }

    private String deparse(Expr e) {
        Expr unqualified = unqualify(e);
        String text = ruleutilsText(new ExprDeparser(false, output, Map.of()).deparse(unqualified));
        return output.publicVisible() ? text : qualifyRegclassLiterals(text);
    }

    /**
     * A {@code 'name'::regclass} literal as regclassout prints it where search_path does not show public: a user
     * relation's name with {@code public.} (the analyser keeps such a literal as text cast at run time).
     */
    private static String qualifyRegclassLiterals(String text) {
        java.util.regex.Matcher m = REGCLASS_LITERAL.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            boolean qualify = !name.contains(".")
                    && !osgres.sql.internal.utils.RegClass.SYSTEM_CATALOGS.containsKey(name);
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(
                    "'" + (qualify ? "public." : "") + name + "'::regclass"));
        }
        return m.appendTail(out).toString();
    }

    private static final java.util.regex.Pattern REGCLASS_LITERAL =
            java.util.regex.Pattern.compile("'((?:[^']|'')*)'::regclass");

    /**
     * ExprDeparser's text as ruleutils prints the tree PostgreSQL's parser keeps: the analyser reads a literal cast
     * ('s'::regclass) as text first, and folds an integer literal the parser coerced to a float or numeric operand.
     */
    static String ruleutilsText(String deparsed) {
        String text = STRING_VIA_TEXT.matcher(deparsed).replaceAll("$1::");
        return FOLDED_NUMBER.matcher(text).replaceAll("($1)::$3");
    }

    private static final java.util.regex.Pattern STRING_VIA_TEXT =
            java.util.regex.Pattern.compile("('(?:[^']|'')*')::text::");
    private static final java.util.regex.Pattern CAST_NUMBER =
            java.util.regex.Pattern.compile("\\((\\d+(?:\\.\\d+)?)\\)::(?:numeric|double precision|real|bigint|smallint)");
    private static final java.util.regex.Pattern FOLDED_NUMBER =
            java.util.regex.Pattern.compile("'(\\d+(\\.\\d+)?)'::(numeric|double precision|real|bigint|smallint)");

    /** Columns by their bare names, quoted where ruleutils would quote them. */
    private static Expr unqualify(Expr e) {
        if (e instanceof Expr.Var v) {
            String name = v.name();
            int dot = name == null ? -1 : name.lastIndexOf('.');
            String bare = dot >= 0 ? name.substring(dot + 1) : name;
            return new Expr.Var(v.varno(), v.attno(), v.levelsUp(), v.type(), v.typmod(), bare, v.location());
        }
        return ExprTrees.map(e, StoredExpressionDeparser::unqualify);
    }
}
