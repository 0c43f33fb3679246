package osgres.walreceiver.internal;

/** A WAL position as PostgreSQL prints and parses it: {@code %X/%X} (high and low 32 bits, upper-case hex). */
final class Lsn {
    private Lsn() {
    }

    static String format(long lsn) {
        return Long.toHexString(lsn >>> 32).toUpperCase() + "/" + Long.toHexString(lsn & 0xffffffffL).toUpperCase();
    }

    static long parse(String text) {
        int slash = text.indexOf('/');
        return (Long.parseLong(text.substring(0, slash), 16) << 32) | Long.parseLong(text.substring(slash + 1), 16);
    }
}
