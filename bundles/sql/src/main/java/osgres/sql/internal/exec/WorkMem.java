/*
 * work_mem accounting (PostgreSQL's tuplesort USEMEM/LACKMEM and nodeAgg's hash_mem check): the budget an
 * operation may hold in memory before it spills, and a rough size of each row it keeps. The estimates are what
 * HotSpot lays out with compressed references (12-byte headers, 8-byte alignment), per value type the executor
 * uses (see PgType); they only need to be right in proportion, so that a sort with work_mem = 4MB holds a few
 * megabytes and not hundreds. Values of other classes count as a small object.
 */
package osgres.sql.internal.exec;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;

import osgres.sql.internal.utils.ExecContext;

final class WorkMem {
    /** The smallest budget PostgreSQL allows for work_mem (64kB). */
    static final long MINIMUM_BYTES = 64 * 1024;
    /** A reference in the list or array that holds the row. */
    private static final int SLOT = 8;

    private WorkMem() {
    }

    /** The session's work_mem in bytes. */
    static long bytes(ExecContext ctx) {
        long kb = ctx.session().gucs().kilobytes("work_mem", 4096);
        return Math.max(MINIMUM_BYTES, kb * 1024);
    }

    /** hash_mem: work_mem × hash_mem_multiplier (PostgreSQL 15's default multiplier is 2), what a hash table may hold. */
    static long hashBytes(ExecContext ctx) {
        double multiplier = 2.0;
        String text = ctx.session().gucs().showIfExists("hash_mem_multiplier");
        if (text != null) {
            try {
                multiplier = Math.max(1.0, Double.parseDouble(text.strip()));
            } catch (NumberFormatException e) {
                // keep the default
            }
        }
        return (long) Math.min(Long.MAX_VALUE / 2, bytes(ctx) * multiplier);
    }

    /** Bytes a row held in memory takes: its array, its values and the slot that refers to it. */
    static long rowBytes(Object[] row) {
        long bytes = SLOT + align(16 + 4L * row.length);
        for (Object v : row) {
            bytes += valueBytes(v);
        }
        return bytes;
    }

    static long valueBytes(Object v) {
        return switch (v) {
            case null -> 0;
            case Boolean b -> 0;
            case Short s -> 16;
            case Integer i -> 16;
            case Float f -> 16;
            case Long l -> 24;
            case Double d -> 24;
            case String s -> 24 + align(16 + s.length());
            case byte[] b -> align(16 + b.length);
            case BigDecimal d -> 40 + (d.precision() > 18 ? align(40 + d.precision() / 2) : 0);
            case Instant t -> 24;
            case LocalDate d -> 24;
            case LocalDateTime t -> 72;
            default -> 32;
        };
    }

    private static long align(long n) {
        return (n + 7) & ~7L;
    }
}
