package osgres.api;

/** The version osgres reports everywhere: PostgreSQL 15's, with osgres's own as the distribution suffix. */
public final class ServerVersion {
    /** server_version. */
    public static final String NUMBER = "15.18";
    /** server_version_num. */
    public static final int NUM = 150018;
    public static final String OSGRES = "0.1.0";
    /** {@code version()} and the postmaster's "starting %s" line. */
    public static final String FULL = "PostgreSQL " + NUMBER + " (osgres " + OSGRES + ") on x86_64-pc-linux-gnu, "
            + "compiled by javac " + Runtime.version().feature() + ", 64-bit";

    private ServerVersion() {
    }
}
