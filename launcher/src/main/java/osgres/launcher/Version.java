package osgres.launcher;

/** The version osgres reports: PostgreSQL 15's, with osgres's own in the suffix as distributions do. */
final class Version {
    static final String SERVER_VERSION = "15.18";
    static final String OSGRES_VERSION = "0.1.0";
    /** What {@code postgres --version} prints. */
    static final String VERSION_LINE = "postgres (PostgreSQL) " + SERVER_VERSION + " (osgres " + OSGRES_VERSION + ")";

    private Version() {
    }
}
