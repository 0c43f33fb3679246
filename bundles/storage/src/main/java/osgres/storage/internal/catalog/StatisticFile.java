package osgres.storage.internal.catalog;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import osgres.api.ServerLog;
import osgres.api.Severity;
import osgres.storage.ColumnStatistics;

/**
 * Where a database's column statistics (PostgreSQL's pg_statistic) live on disk: {@code base/<db>/osgres_statistic},
 * rewritten whole after each ANALYZE (written to a temporary file, forced to disk, renamed over the old one), so a
 * crash leaves the statistics of the last completed ANALYZE. Statistics only guide the planner: they are not
 * WAL-logged (a lost file means the tables look never analysed until the next ANALYZE or autovacuum's).
 * Each table's entry keeps its columns' type oids; an entry whose table's columns changed since is dropped on read.
 * It also keeps the row and page counts that ANALYZE saw, so that row estimates survive a restart as well.
 * Values of types without an encoding here keep the null fraction and distinct count but lose their lists.
 */
final class StatisticFile {
    static final String NAME = "osgres_statistic";
    private static final int VERSION = 1;

    private StatisticFile() {
    }

    /**
     * A table's statistics, the type oids of its columns when they were gathered, and the row and page counts
     * ANALYZE saw (pg_class's reltuples and relpages, which it also updates).
     */
    record TableEntry(List<Integer> columnTypes, List<ColumnStatistics> columns, long rows, long pages) {
    }

    static Map<Integer, TableEntry> read(Path file) {
        Map<Integer, TableEntry> out = new HashMap<>();
        if (file == null) {
            return out;
        }
        try (InputStream raw = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(raw))) {
            if (in.readInt() != VERSION) {
                return out;
            }
            int tables = in.readInt();
            for (int t = 0; t < tables; t++) {
                int oid = in.readInt();
                int ntypes = in.readInt();
                List<Integer> types = new ArrayList<>();
                for (int i = 0; i < ntypes; i++) {
                    types.add(in.readInt());
                }
                long rows = in.readLong();
                long pages = in.readLong();
                int ncolumns = in.readInt();
                List<ColumnStatistics> columns = new ArrayList<>();
                for (int c = 0; c < ncolumns; c++) {
                    int column = in.readInt();
                    double nullFraction = in.readDouble();
                    double nDistinct = in.readDouble();
                    List<Object> mcv = values(in);
                    int nfreq = in.readInt();
                    List<Double> freqs = new ArrayList<>();
                    for (int i = 0; i < nfreq; i++) {
                        freqs.add(in.readDouble());
                    }
                    List<Object> bounds = values(in);
                    columns.add(new ColumnStatistics(column, nullFraction, nDistinct, mcv, freqs, bounds));
                }
                out.put(oid, new TableEntry(List.copyOf(types), List.copyOf(columns), rows, pages));
            }
        } catch (NoSuchFileException e) {
            return out;
        } catch (IOException | RuntimeException e) {
            ServerLog.log(Severity.LOG, "could not read statistics file \"" + file + "\": " + e.getMessage());
            return new HashMap<>();
        }
        return out;
    }

    static void write(Path file, Map<Integer, TableEntry> tables) {
        if (file == null) {
            return;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(VERSION);
            out.writeInt(tables.size());
            for (Map.Entry<Integer, TableEntry> e : tables.entrySet()) {
                out.writeInt(e.getKey());
                out.writeInt(e.getValue().columnTypes().size());
                for (int type : e.getValue().columnTypes()) {
                    out.writeInt(type);
                }
                out.writeLong(e.getValue().rows());
                out.writeLong(e.getValue().pages());
                out.writeInt(e.getValue().columns().size());
                for (ColumnStatistics c : e.getValue().columns()) {
                    boolean encodable = encodable(c.mostCommonValues()) && encodable(c.histogramBounds());
                    out.writeInt(c.column());
                    out.writeDouble(c.nullFraction());
                    out.writeDouble(c.nDistinct());
                    writeValues(out, encodable ? c.mostCommonValues() : List.of());
                    List<Double> freqs = encodable ? c.mostCommonFrequencies() : List.of();
                    out.writeInt(freqs.size());
                    for (double f : freqs) {
                        out.writeDouble(f);
                    }
                    writeValues(out, encodable ? c.histogramBounds() : List.of());
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Path tmp = file.resolveSibling(NAME + ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(java.nio.ByteBuffer.wrap(bytes.toByteArray()));
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            ServerLog.log(Severity.LOG, "could not write statistics file \"" + file + "\": " + e.getMessage());
        }
    }

    private static boolean encodable(List<Object> values) {
        for (Object v : values) {
            boolean ok = switch (v) {
                case Integer i -> true;
                case Long l -> true;
                case Short s -> true;
                case Double d -> true;
                case Float f -> true;
                case Boolean b -> true;
                case BigDecimal d -> true;
                case LocalDate d -> true;
                case String s -> s.length() <= 1024;
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static void writeValues(DataOutputStream out, List<Object> values) throws IOException {
        out.writeInt(values.size());
        for (Object v : values) {
            switch (v) {
                case Integer i -> {
                    out.writeByte(1);
                    out.writeInt(i);
                }
                case Long l -> {
                    out.writeByte(2);
                    out.writeLong(l);
                }
                case Short s -> {
                    out.writeByte(3);
                    out.writeShort(s);
                }
                case Double d -> {
                    out.writeByte(4);
                    out.writeDouble(d);
                }
                case Float f -> {
                    out.writeByte(5);
                    out.writeFloat(f);
                }
                case Boolean b -> {
                    out.writeByte(6);
                    out.writeBoolean(b);
                }
                case BigDecimal d -> {
                    out.writeByte(7);
                    writeString(out, d.toString());
                }
                case LocalDate d -> {
                    out.writeByte(8);
                    out.writeLong(d.toEpochDay());
                }
                case String s -> {
                    out.writeByte(9);
                    writeString(out, s);
                }
                default -> throw new IllegalStateException("no encoding for " + v.getClass());
            }
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static List<Object> values(DataInputStream in) throws IOException {
        int n = in.readInt();
        List<Object> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int tag = in.readByte();
            out.add(switch (tag) {
                case 1 -> in.readInt();
                case 2 -> in.readLong();
                case 3 -> in.readShort();
                case 4 -> in.readDouble();
                case 5 -> in.readFloat();
                case 6 -> in.readBoolean();
                case 7 -> new BigDecimal(readString(in));
                case 8 -> LocalDate.ofEpochDay(in.readLong());
                case 9 -> readString(in);
                default -> throw new IOException("unknown value tag " + tag);
            });
        }
        return out;
    }

    private static String readString(DataInputStream in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
