package osgres.shell.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import osgres.api.ChildInfo;
import osgres.api.ServerLog;
import osgres.api.ServerStatus;

/**
 * Formats the postmaster's status and child table for a human, as {@code pg_ctl status} and a {@code pg_stat_activity}
 * query would show them together. Plain text: a label/value block, then a table with psql-like alignment and a row
 * count; an auxiliary process shows the bundle and version it runs from. Timestamps use {@code log_timezone}, as the
 * server log does.
 */
final class StatusReport {

    private static final int QUERY_WIDTH = 60;
    private static final List<String> HEADER =
            List.of("PID", "TYPE", "STATE", "USER", "DATABASE", "CLIENT", "STARTED", "BUNDLE", "QUERY");

    static String status(ServerStatus status) {
        StringBuilder out = new StringBuilder(512);
        line(out, "server state", status.state() == null ? "" : status.state().pgName());
        if (status.shutdown() != null) {
            line(out, "shutdown requested", status.shutdown().name().toLowerCase(Locale.ROOT));
        }
        line(out, "postmaster PID", Long.toString(status.pid()));
        line(out, "data directory", String.valueOf(status.dataDirectory()));
        line(out, "started", timestamp(status.started()));
        line(out, "port", Integer.toString(status.port()));
        line(out, "listen addresses", list(status.listenAddresses()));
        line(out, "Unix sockets", list(status.unixSockets()));
        line(out, "shared memory generation", Long.toString(status.sharedMemoryGeneration()));
        out.append('\n').append(children(status.children() == null ? List.of() : status.children()));
        return out.toString();
    }

    /** The child table, ordered by pid; the last column is not padded. */
    static String children(List<ChildInfo> children) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADER);
        children.stream().sorted(Comparator.comparingInt(ChildInfo::pid)).forEach(child -> rows.add(List.of(
                Integer.toString(child.pid()),
                child.kind() == null ? "" : child.kind().backendType(),
                nullToEmpty(child.state()),
                nullToEmpty(child.user()),
                nullToEmpty(child.database()),
                nullToEmpty(child.client()),
                timestamp(child.started()),
                nullToEmpty(child.bundle()),
                abbreviate(nullToEmpty(child.query())))));
        int[] widths = new int[HEADER.size()];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder(128 * rows.size());
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                String cell = row.get(i);
                if (i == 0) {
                    line.append(" ".repeat(widths[0] - cell.length())).append(cell);
                } else {
                    line.append("  ").append(cell);
                    if (i < row.size() - 1) {
                        line.append(" ".repeat(widths[i] - cell.length()));
                    }
                }
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        int count = rows.size() - 1;
        out.append('(').append(count).append(count == 1 ? " row)" : " rows)");
        return out.toString();
    }

    /** Whitespace runs (newlines in a query) become one space; long queries end in "...". */
    static String abbreviate(String query) {
        String flat = query.strip().replaceAll("\\s+", " ");
        return flat.length() <= QUERY_WIDTH ? flat : flat.substring(0, QUERY_WIDTH - 3) + "...";
    }

    private static void line(StringBuilder out, String label, String value) {
        out.append(label).append(": ").append(value).append('\n');
    }

    private static String list(List<String> values) {
        return values == null || values.isEmpty() ? "(none)" : String.join(", ", values);
    }

    private static String timestamp(Instant at) {
        return at == null ? "" : ServerLog.formatTimestamp(at);
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    private StatusReport() {
    }
}
