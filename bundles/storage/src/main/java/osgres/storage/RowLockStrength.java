package osgres.storage;

/**
 * The four row-level lock strengths of {@code SELECT ... FOR KEY SHARE | SHARE | NO KEY UPDATE | UPDATE}
 * (lockoptions.h LockClauseStrength), weakest first. UPDATE takes NO KEY UPDATE unless it changes a column of a
 * unique index, DELETE takes UPDATE. Conflicts, as PostgreSQL's row-lock table: KEY SHARE only with UPDATE; SHARE
 * with NO KEY UPDATE and UPDATE; NO KEY UPDATE with SHARE and stronger; UPDATE with all.
 */
public enum RowLockStrength {
    KEY_SHARE("FOR KEY SHARE"),
    SHARE("FOR SHARE"),
    NO_KEY_UPDATE("FOR NO KEY UPDATE"),
    UPDATE("FOR UPDATE");

    private final String clause;

    RowLockStrength(String clause) {
        this.clause = clause;
    }

    /** The SQL clause, for messages such as {@code FOR UPDATE is not allowed with GROUP BY clause}. */
    public String clause() {
        return clause;
    }
}
