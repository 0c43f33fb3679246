/*
 * The directions of FETCH and MOVE as PostgreSQL's grammar reduces them (parsenodes.h's FetchDirection): NEXT is
 * FORWARD 1, PRIOR BACKWARD 1, FIRST ABSOLUTE 1, LAST ABSOLUTE -1, a bare count FORWARD n; ALL is the count
 * {@link #ALL} (FETCH_ALL, LONG_MAX).
 */
package osgres.sql.internal.nodes;

public enum CursorDirection {
    FORWARD, BACKWARD, ABSOLUTE, RELATIVE;

    /** FETCH_ALL: "all rows" as a count. */
    public static final long ALL = Long.MAX_VALUE;
}
