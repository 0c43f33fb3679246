package osgres.storage;

/**
 * A sequence's parameters (PostgreSQL's pg_sequence row, with the owning column pg_depend records): what
 * CREATE / ALTER SEQUENCE set and every nextval reads. The sequence's changing state (last_value, log_cnt,
 * is_called) is not here but in its one-page relation file ({@link SequenceState}).
 *
 * @param typeOid     seqtypid: {@link TypeOids#INT2}, {@link TypeOids#INT4} or {@link TypeOids#INT8}
 * @param start       seqstart
 * @param increment   seqincrement (never 0)
 * @param max         seqmax
 * @param min         seqmin
 * @param cache       seqcache (at least 1): values a session takes at once
 * @param cycle       seqcycle
 * @param ownerTable  oid of the table whose column owns the sequence (OWNED BY, SERIAL, identity), 0 if none:
 *                    dropping that table drops the sequence
 * @param ownerColumn the owning column's position (0-based) in that table, -1 if none
 * @param identity    the sequence belongs to an identity column (pg_depend's DEPENDENCY_INTERNAL)
 */
public record SequenceDef(int typeOid, long start, long increment, long max, long min, long cache, boolean cycle,
                          int ownerTable, int ownerColumn, boolean identity) {

    /** The same parameters owned by column {@code column} of table {@code table} (0 and -1: by nothing). */
    public SequenceDef ownedBy(int table, int column, boolean identityColumn) {
        return new SequenceDef(typeOid, start, increment, max, min, cache, cycle, table, column, identityColumn);
    }

    /** The columns of a sequence relation as {@code SELECT * FROM s} shows them (pg_sequence_data). */
    public static final java.util.List<ColumnDef> COLUMNS = java.util.List.of(
            new ColumnDef("last_value", TypeOids.INT8, -1, true, null),
            new ColumnDef("log_cnt", TypeOids.INT8, -1, true, null),
            new ColumnDef("is_called", TypeOids.BOOL, -1, true, null));
}
