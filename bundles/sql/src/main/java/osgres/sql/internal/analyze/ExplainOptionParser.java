/*
 * EXPLAIN's option list, as explain.c ExplainQuery reads it: ANALYZE, VERBOSE, COSTS, BUFFERS, TIMING, SUMMARY,
 * SETTINGS, WAL (booleans: no value, on/off, true/false, 1/0; WAL needs ANALYZE)
 * and FORMAT TEXT|XML|JSON|YAML.
 * TIMING and BUFFERS default to ANALYZE's value... as PostgreSQL 15 has it: COSTS on, TIMING on under ANALYZE,
 * SUMMARY on under ANALYZE; TIMING asked for without ANALYZE is 22023.
 */
package osgres.sql.internal.analyze;

import java.util.Locale;

import osgres.api.PgException;
import osgres.api.SqlState;
import osgres.pgquery.tree.PgQuery;
import osgres.sql.internal.nodes.ExplainOptions;

public final class ExplainOptionParser {

    private ExplainOptionParser() {
    }

    public static ExplainOptions of(PgQuery.ExplainStmt stmt, ParseState.Statement statement) {
        boolean analyze = false;
        boolean verbose = false;
        boolean costs = true;
        boolean buffers = false;
        boolean settings = false;
        boolean wal = false;
        Boolean timing = null;
        Boolean summary = null;
        ExplainOptions.Format format = ExplainOptions.Format.TEXT;
        for (PgQuery.Node n : stmt.getOptionsList()) {
            PgQuery.DefElem d = n.getDefElem();
            String name = d.getDefname();
            int p = statement.position(d.getLocation());
            switch (name) {
                case "analyze" -> analyze = bool(d, p);
                case "verbose" -> verbose = bool(d, p);
                case "costs" -> costs = bool(d, p);
                case "buffers" -> buffers = bool(d, p);
                case "timing" -> timing = bool(d, p);
                case "summary" -> summary = bool(d, p);
                case "settings" -> settings = bool(d, p);
                case "wal" -> wal = bool(d, p);
                case "format" -> {
                    String value = text(d).toLowerCase(Locale.ROOT);
                    switch (value) {
                        case "text" -> format = ExplainOptions.Format.TEXT;
                        case "json" -> format = ExplainOptions.Format.JSON;
                        case "yaml" -> format = ExplainOptions.Format.YAML;
                        case "xml" -> format = ExplainOptions.Format.XML;
                        default -> throw PgException.error(SqlState.INVALID_PARAMETER_VALUE,
                                "unrecognized value for EXPLAIN option \"format\": \"" + value + "\"").withPosition(p);
                    }
                }
                default -> throw PgException.error(SqlState.SYNTAX_ERROR, "unrecognized EXPLAIN option \"" + name
                        + "\"").withPosition(p);
            }
        }
        if (wal && !analyze) {
            throw PgException.error(SqlState.INVALID_PARAMETER_VALUE, "EXPLAIN option WAL requires ANALYZE");
        }
        if (Boolean.TRUE.equals(timing) && !analyze) {
            throw PgException.error(SqlState.INVALID_PARAMETER_VALUE, "EXPLAIN option TIMING requires ANALYZE");
        }
        return new ExplainOptions(analyze, verbose, costs, buffers, timing == null ? analyze : timing,
                summary == null ? analyze : summary, settings, wal, format);
    }

    private static String text(PgQuery.DefElem d) {
        PgQuery.Node arg = d.getArg();
        if (arg.hasString()) {
            return arg.getString().getSval();
        }
        if (arg.hasAConst() && arg.getAConst().hasSval()) {
            return arg.getAConst().getSval().getSval();
        }
        return arg.toString();
    }

    /** defGetBoolean: no value is true; on/off, true/false, 1/0 otherwise. */
    private static boolean bool(PgQuery.DefElem d, int p) {
        if (!d.hasArg()) {
            return true;
        }
        PgQuery.Node arg = d.getArg();
        if (arg.hasInteger()) {
            int v = arg.getInteger().getIval();
            if (v == 0 || v == 1) {
                return v == 1;
            }
        } else if (arg.hasBoolean()) {
            return arg.getBoolean().getBoolval();
        } else {
            String v = text(d).toLowerCase(Locale.ROOT);
            switch (v) {
                case "true", "on" -> {
                    return true;
                }
                case "false", "off" -> {
                    return false;
                }
                default -> {
                }
            }
        }
        throw PgException.error(SqlState.SYNTAX_ERROR, d.getDefname() + " requires a Boolean value").withPosition(p);
    }
}
