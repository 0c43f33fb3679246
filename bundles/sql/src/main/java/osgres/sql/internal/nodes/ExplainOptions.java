/*
 * EXPLAIN's options as the statement gave them (PostgreSQL's ExplainState flags): what to run and show, and
 * the output format. ExplainOptionParser reads them from the statement; Explain and ExplainFormat obey them.
 */
package osgres.sql.internal.nodes;

public record ExplainOptions(boolean analyze, boolean verbose, boolean costs, boolean buffers, boolean timing,
                      boolean summary, boolean settings, boolean wal, ExplainOptions.Format format) {

    /** EXPLAIN's FORMAT. */
    public enum Format { TEXT, XML, JSON, YAML }

    /** XML, JSON or YAML: every property labelled, numbers unformatted, zero counters shown. */
    public boolean structured() {
        return format != Format.TEXT;
    }
}
