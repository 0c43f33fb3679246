package osgres.walsender.internal;

import java.util.Locale;

/** XLogRecPtr's text form {@code %X/%X}: the high and low 32 bits in upper-case hex, no padding. */
final class Lsn {
    private Lsn() {
    }

    static String format(long lsn) {
        return String.format(Locale.ROOT, "%X/%X", lsn >>> 32, lsn & 0xFFFFFFFFL);
    }

    static long parse(String text) {
        int slash = text.indexOf('/');
        return Long.parseLong(text.substring(0, slash), 16) << 32 | Long.parseLong(text.substring(slash + 1), 16);
    }

    /** XLogFileName of the segment holding {@code lsn}, 16 MB segments. */
    static String segmentFileName(int timeline, long lsn) {
        long segno = lsn / (16L << 20);
        return String.format(Locale.ROOT, "%08X%08X%08X", timeline, segno / 256, segno % 256);
    }
}
