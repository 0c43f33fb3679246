/*
 * Constant lifting for the simple-protocol plan cache: PostgreSQL's pg_stat_statements
 * generate_normalized_query() used as a cache key. One pass of QueryLexer's cursor over a query string splits
 * it into statements and, in each SELECT, INSERT, UPDATE or DELETE, replaces numeric and string literals by
 * $1, $2... The shape (normalised text plus the literals' kinds) is parsed and analysed once per session;
 * each query then only supplies its constants (SimplePlanCache, LiftedStatement).
 *
 * A literal is lifted only where a parameter means exactly what the literal meant:
 *   - a number keeps the type its form gives it (make_const: int4; int8 outside int4; numeric outside int8 or
 *     with a point or exponent), as the shape's given parameter type, so inference never retypes it;
 *   - a minus that gram.y folds into the constant (doNegate: a unary minus right before a number) is lifted
 *     with it, so -2147483648 stays int4; not before ::, which binds tighter than unary minus;
 *   - a string becomes a parameter of inferred type (unknown literals and unknown parameters are resolved by
 *     the same rules), also in 'x'::type, where the cast types it.
 * Not lifted, because a parameter would change typing or meaning: ORDER BY and GROUP BY items (positions),
 * LIMIT/OFFSET/FETCH counts, type modifiers (varchar(10), numeric(10,2), timestamp(3)), array subscripts,
 * typed literals (DATE '...', INTERVAL '1 day', B'1', U&'x'), anything after a word that is not an expression
 * keyword, the bounds 2147483648 and 9223372036854775808 after a minus that stays an operator, statements
 * with $n parameters (an error in a simple Query) and all other statements (utility commands, DDL).
 * It does not parse or check anything: a shape that fails to parse or analyse falls back to the exact text.
 */
package osgres.sql.internal.parser;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import osgres.sql.internal.utils.PgType;
import osgres.sql.internal.utils.TypeIo;

public final class QueryNormalizer {

    /**
     * One statement of a query string, {@code [start, end)}. {@code key} is null unless it is a lifting
     * candidate; then it is the normalised text ({@code textLength} characters), a NUL and one character per
     * literal kind, so that shapes whose literals type differently never share a plan.
     *
     * @param spans  per lifted literal, its {@code [start, end)} in the query string (a folded minus included)
     * @param values per lifted literal, Integer, Long or BigDecimal for numbers, the unescaped String for strings
     * @param types  per lifted literal, INT4, INT8 or NUMERIC for numbers, UNKNOWN for strings
     */
    public record Piece(int start, int end, String key, int textLength, int[] spans, Object[] values, PgType[] types) {

        public String shapeText() {
            return key.substring(0, textLength);
        }

        /** Parse-message style parameter types: the numbers' own types, 0 (infer) for strings. */
        public int[] givenTypes() {
            int[] oids = new int[types.length];
            for (int i = 0; i < oids.length; i++) {
                oids[i] = types[i] == PgType.UNKNOWN ? 0 : types[i].oid();
            }
            return oids;
        }
    }

    private static final String[] LIFTABLE_STATEMENTS = {"select", "insert", "update", "delete"};
    /** Words after which an expression starts, so that a literal there is a plain constant. */
    private static final String[] EXPRESSION_WORDS = {"select", "where", "and", "or", "not", "then", "else",
        "when", "case", "like", "ilike", "between", "having", "returning", "on"};
    /** Types whose parenthesised modifiers must stay constants. */
    private static final String[] MODIFIER_TYPES = {"varchar", "char", "character", "varying", "bpchar", "nchar",
        "numeric", "decimal", "dec", "timestamp", "timestamptz", "time", "timetz", "interval", "bit", "varbit",
        "float"};
    /** Clauses whose constants are positions or counts. */
    private static final String[] CONSTANT_CLAUSES = {"order", "group", "limit", "offset", "fetch"};
    private static final String[] CLAUSE_ENDS = {"having", "window", "union", "intersect", "except", "for"};
    private static final int NONE = Integer.MAX_VALUE;

    private final String sql;
    private final QueryLexer lexer;
    private final List<Piece> pieces = new ArrayList<>(2);

    // the statement being scanned
    private static final String[] CREATE = {"create"};
    private static final String[] BEGIN = {"begin"};
    private static final String[] ATOMIC = {"atomic"};
    private static final String[] CASE = {"case"};
    private static final String[] END = {"end"};
    private int pieceStart = -1;
    private int splitParens;
    private int splitAtomic;
    private boolean splitPrevBegin;
    private boolean createPiece;
    private boolean candidate;
    private boolean hasParameter;
    private int depth;
    private int bracketDepth;
    private int modifierDepth = NONE;
    private int clauseDepth = NONE;
    private QueryLexer.Kind prevKind;
    private int prevStart;
    private int prevEnd;
    private QueryLexer.Kind prev2Kind;
    private int prev2Start;
    private int prev2End;

    // the literal waiting for the next token to decide
    private int pendingStart = -1;
    private int pendingNumberStart;
    private int pendingEnd;
    private boolean pendingFolded;
    private boolean pendingAfterMinus;
    private String pendingString;

    // lifted literals of this statement
    private int count;
    private int[] spans = new int[8];
    private Object[] values = new Object[4];
    private PgType[] types = new PgType[4];

    private QueryNormalizer(String sql) {
        this.sql = sql;
        this.lexer = new QueryLexer(sql);
    }

    /** Splits {@code sql} into statements (as QueryLexer.split) and normalises the candidates. */
    public static List<Piece> normalize(String sql) {
        return new QueryNormalizer(sql).run();
    }

    private List<Piece> run() {
        while (true) {
            QueryLexer.Kind kind = lexer.advance();
            if (kind == null || kind == QueryLexer.Kind.SEMICOLON && splitParens <= 0 && splitAtomic == 0) {
                if (pieceStart >= 0) {
                    finishPiece(kind == null ? sql.length() : lexer.tokenStart());
                }
                if (kind == null) {
                    return pieces;
                }
                continue;
            }
            int start = lexer.tokenStart();
            int end = lexer.tokenEnd();
            if (pieceStart < 0) {
                startPiece(kind, start, end);
            }
            splitDepth(kind, start, end);
            if (!candidate) {
                continue;
            }
            if (pendingStart >= 0) {
                resolvePending(kind, start, end);
            }
            token(kind, start, end);
            prev2Kind = prevKind;
            prev2Start = prevStart;
            prev2End = prevEnd;
            prevKind = kind;
            prevStart = start;
            prevEnd = end;
        }
    }

    /** Where a semicolon does not end the statement: QueryLexer.split's parentheses and BEGIN ATOMIC bodies. */
    private void splitDepth(QueryLexer.Kind kind, int start, int end) {
        if (kind == QueryLexer.Kind.PUNCT && end - start == 1) {
            char c = sql.charAt(start);
            splitParens += c == '(' ? 1 : c == ')' ? -1 : 0;
        } else if (kind == QueryLexer.Kind.IDENT && createPiece) {
            if (isWord(start, end, ATOMIC) && splitPrevBegin) {
                splitAtomic++;
            } else if (splitAtomic > 0 && isWord(start, end, CASE)) {
                splitAtomic++;
            } else if (splitAtomic > 0 && isWord(start, end, END)) {
                splitAtomic--;
            }
        }
        splitPrevBegin = kind == QueryLexer.Kind.IDENT && isWord(start, end, BEGIN);
    }

    private void startPiece(QueryLexer.Kind kind, int start, int end) {
        pieceStart = start;
        splitParens = 0;
        splitAtomic = 0;
        splitPrevBegin = false;
        createPiece = kind == QueryLexer.Kind.IDENT && isWord(start, end, CREATE);
        candidate = (kind == QueryLexer.Kind.IDENT && isWord(start, end, LIFTABLE_STATEMENTS))
                || (kind == QueryLexer.Kind.PUNCT && sql.charAt(start) == '(');
        hasParameter = false;
        depth = 0;
        bracketDepth = 0;
        modifierDepth = NONE;
        clauseDepth = NONE;
        prevKind = null;
        prev2Kind = null;
        pendingStart = -1;
        count = 0;
    }

    private void token(QueryLexer.Kind kind, int start, int end) {
        switch (kind) {
            case PUNCT -> {
                char c = end - start == 1 ? sql.charAt(start) : ':';
                if (c == '(') {
                    if (modifierDepth == NONE && prevKind == QueryLexer.Kind.IDENT
                            && isWord(prevStart, prevEnd, MODIFIER_TYPES)) {
                        modifierDepth = depth + 1;
                    }
                    depth++;
                } else if (c == ')') {
                    depth--;
                    if (depth < modifierDepth) {
                        modifierDepth = NONE;
                    }
                    if (depth < clauseDepth) {
                        clauseDepth = NONE;
                    }
                } else if (c == '[') {
                    bracketDepth++;
                } else if (c == ']') {
                    bracketDepth--;
                }
            }
            case IDENT -> {
                if (clauseDepth == NONE && isWord(start, end, CONSTANT_CLAUSES)) {
                    clauseDepth = depth;
                } else if (clauseDepth == depth && isWord(start, end, CLAUSE_ENDS)) {
                    clauseDepth = NONE;
                }
            }
            case PARAM -> hasParameter = true;
            case NUMBER, STRING -> literal(kind, start, end);
            default -> {
            }
        }
    }

    private void literal(QueryLexer.Kind kind, int start, int end) {
        if (depth >= clauseDepth || depth >= modifierDepth || bracketDepth > 0) {
            return;
        }
        boolean afterMinus = prevKind == QueryLexer.Kind.OPERATOR && prevEnd - prevStart == 1
                && sql.charAt(prevStart) == '-';
        if (kind == QueryLexer.Kind.NUMBER && afterMinus && startsExpression(prev2Kind, prev2Start, prev2End)) {
            pendingStart = prevStart;
            pendingFolded = true;
        } else if (startsExpression(prevKind, prevStart, prevEnd)) {
            if (kind == QueryLexer.Kind.STRING && start >= 2 && sql.charAt(start - 1) == '&'
                    && (sql.charAt(start - 2) == 'u' || sql.charAt(start - 2) == 'U')) {
                return; // U&'...' is one Unicode-escaped literal
            }
            pendingStart = start;
            pendingFolded = false;
        } else {
            return;
        }
        pendingNumberStart = start;
        pendingEnd = end;
        pendingAfterMinus = afterMinus;
        pendingString = kind == QueryLexer.Kind.STRING ? lexer.tokenValue() : null;
    }

    /** Lifts or drops the pending literal now that the token after it is known ({@code next} null at the end). */
    private void resolvePending(QueryLexer.Kind next, int nextStart, int nextEnd) {
        int start = pendingStart;
        pendingStart = -1;
        if (next == QueryLexer.Kind.STRING || next == QueryLexer.Kind.NUMBER) {
            return; // 'a' 'b' and 1 2 are syntax errors that a parameter must not hide
        }
        boolean cast = false;
        if (next == QueryLexer.Kind.PUNCT) {
            char c = sql.charAt(nextStart);
            if (nextEnd - nextStart == 1 && (c == '[' || c == '(' || c == '.')) {
                return;
            }
            cast = nextEnd - nextStart == 2;
        }
        if (pendingString != null) {
            add(start, pendingEnd, pendingString, PgType.UNKNOWN);
            return;
        }
        boolean folded = pendingFolded;
        if (folded && cast) {
            folded = false; // -5::text is -(5::text)
            start = pendingNumberStart;
        }
        addNumber(start, folded);
    }

    private void addNumber(int start, boolean negative) {
        int digitsStart = pendingNumberStart;
        int end = pendingEnd;
        long accumulated = 0; // negated, so that Long.MIN_VALUE fits
        boolean integer = true;
        boolean overflow = false;
        for (int i = digitsStart; i < end; i++) {
            char c = sql.charAt(i);
            if (c < '0' || c > '9') {
                integer = false;
                break;
            }
            long next = accumulated * 10 - (c - '0');
            if (accumulated < Long.MIN_VALUE / 10 || next > accumulated) {
                overflow = true;
            } else {
                accumulated = next;
            }
        }
        if (integer && !negative && pendingAfterMinus && !overflow
                && (accumulated == -2147483648L || accumulated == Long.MIN_VALUE)) {
            return; // if that minus were unary, gram.y would have typed the folded constant one size smaller
        }
        if (!integer || overflow || (!negative && accumulated == Long.MIN_VALUE)) {
            String text = sql.substring(digitsStart, end);
            add(start, end, TypeIo.parseNumeric(negative ? "-" + text : text), PgType.NUMERIC);
            return;
        }
        long value = negative ? accumulated : -accumulated;
        if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
            add(start, end, (int) value, PgType.INT4);
        } else {
            add(start, end, value, PgType.INT8);
        }
    }

    private void add(int start, int end, Object value, PgType type) {
        if (count == values.length) {
            values = Arrays.copyOf(values, count * 2);
            types = Arrays.copyOf(types, count * 2);
            spans = Arrays.copyOf(spans, count * 4);
        }
        spans[2 * count] = start;
        spans[2 * count + 1] = end;
        values[count] = value;
        types[count] = type;
        count++;
    }

    private void finishPiece(int end) {
        if (candidate && pendingStart >= 0) {
            resolvePending(null, end, end);
        }
        String key = null;
        int textLength = 0;
        if (candidate && !hasParameter) {
            StringBuilder text = new StringBuilder(end - pieceStart + 2 * count + 8);
            int copied = pieceStart;
            for (int i = 0; i < count; i++) {
                int literalStart = spans[2 * i];
                int literalEnd = spans[2 * i + 1];
                text.append(sql, copied, literalStart);
                // "select.5" or "'a'or": a parameter must not run into the word next to it
                if (literalStart > 0 && isWordChar(sql.charAt(literalStart - 1))) {
                    text.append(' ');
                }
                text.append('$').append(i + 1);
                if (literalEnd < end && isWordChar(sql.charAt(literalEnd))) {
                    text.append(' ');
                }
                copied = literalEnd;
            }
            text.append(sql, copied, end);
            textLength = text.length();
            text.append('\0');
            for (int i = 0; i < count; i++) {
                text.append(switch (types[i]) {
                    case INT4 -> '4';
                    case INT8 -> '8';
                    case NUMERIC -> 'n';
                    default -> 's';
                });
            }
            key = text.toString();
        }
        pieces.add(key == null ? new Piece(pieceStart, end, null, 0, null, null, null)
                : new Piece(pieceStart, end, key, textLength, Arrays.copyOf(spans, 2 * count),
                        Arrays.copyOf(values, count), Arrays.copyOf(types, count)));
        pieceStart = -1;
    }

    /** Can a constant start an expression after this token (an operator, "(", "," or an expression keyword)? */
    private boolean startsExpression(QueryLexer.Kind kind, int start, int end) {
        if (kind == null) {
            return false;
        }
        return switch (kind) {
            case OPERATOR -> true;
            case PUNCT -> end - start == 1 && (sql.charAt(start) == '(' || sql.charAt(start) == ',');
            case IDENT -> isWord(start, end, EXPRESSION_WORDS);
            default -> false;
        };
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c >= 0x80;
    }

    private boolean isWord(int start, int end, String[] words) {
        int length = end - start;
        for (String w : words) {
            if (w.length() == length && sql.regionMatches(true, start, w, 0, length)) {
                return true;
            }
        }
        return false;
    }
}
