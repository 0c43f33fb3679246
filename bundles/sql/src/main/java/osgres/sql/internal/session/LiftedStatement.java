/*
 * A simple-protocol statement whose constants were lifted out (QueryNormalizer): the session's cached shape
 * (SimplePlanCache) plus this query's literal values. To the backend it is an ordinary parameterless
 * Statement with the query's own text. Bind converts the constants to the parameter types the shape's
 * analysis gave them (a string literal's type is inferred as PostgreSQL resolves an unknown literal there;
 * numbers keep the type of their form), reporting a bad literal at its own position, as analysis of the
 * literal would. If the shape does not analyse, the statement is the exact text's, parsed now.
 */
package osgres.sql.internal.session;

import java.time.ZoneId;
import java.util.List;

import osgres.api.PgException;
import osgres.sql.Column;
import osgres.sql.Statement;
import osgres.sql.internal.parser.QueryNormalizer;
import osgres.sql.internal.utils.PgType;
import osgres.sql.internal.utils.RegClass;
import osgres.sql.internal.utils.RegType;
import osgres.sql.internal.utils.TypeIo;

final class LiftedStatement implements Statement {
    private static final int[] NO_TYPES = new int[0];

    private final SqlSessionImpl session;
    private final SimplePlanCache.Shape shape;
    private final String sql;
    private final QueryNormalizer.Piece piece;
    private ParsedStatement effective;
    private boolean usesShape;

    LiftedStatement(SqlSessionImpl session, SimplePlanCache.Shape shape, String sql, QueryNormalizer.Piece piece) {
        this.session = session;
        this.shape = shape;
        this.sql = sql;
        this.piece = piece;
    }

    /** The statement that runs: the analysed shape, or the exact text when the shape does not analyse. */
    ParsedStatement effective() {
        if (effective == null) {
            ParsedStatement analysed = shape.analysed();
            usesShape = analysed != null;
            effective = usesShape ? analysed : session.exactStatement(sql, piece.start());
        }
        return effective;
    }

    /** True when {@link #effective} is the shape, so that {@link #constants} must be bound to it. */
    boolean usesShape() {
        effective();
        return usesShape;
    }

    /** The literal values as parameters of the shape's (analysed) types. */
    Object[] constants(PgType[] parameterTypes, ZoneId zone) {
        Object[] values = piece.values();
        PgType[] literalTypes = piece.types();
        Object[] out = new Object[values.length];
        for (int i = 0; i < out.length; i++) {
            PgType target = parameterTypes[i];
            if (target == literalTypes[i]) {
                out[i] = values[i];
                continue;
            }
            // numbers normally keep their own type (it was given to the shape); this is the general rule
            String text = values[i] instanceof java.math.BigDecimal d ? d.toPlainString() : values[i].toString();
            try {
                // regclassin and regtypein need the catalog, the other input functions do not
                out[i] = target == PgType.REGCLASS ? RegClass.input(text, session.transaction(), 0)
                        : target == PgType.REGTYPE ? RegType.input(text, session, 0)
                        : TypeIo.input(target, text, zone);
            } catch (PgException e) {
                throw e.position() == 0 ? e.withPosition(piece.spans()[2 * i] + 1) : e;
            }
        }
        return out;
    }

    @Override
    public osgres.sql.LogStatement logLevel() {
        return effective().logLevel();
    }

    @Override
    public String sql() {
        return sql.substring(piece.start(), piece.end());
    }

    @Override
    public boolean isEmpty() {
        return false;
    }

    @Override
    public int[] parameterTypes() {
        return NO_TYPES;
    }

    @Override
    public List<Column> columns() {
        return effective().columns();
    }
}
