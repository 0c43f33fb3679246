package osgres.api;

/**
 * Framework properties the launcher sets from the command line ({@code osgres -D DIR -p PORT -c a=b}),
 * read by the bundles through {@code BundleContext.getProperty}.
 */
public final class FrameworkProperties {
    /** Absolute data directory ({@code -D}). */
    public static final String DATA_DIRECTORY = "osgres.data_directory";
    /** Command-line GUC overrides, one {@code name=value} per line ({@code -c}, {@code -p} as {@code port=}). */
    public static final String OPTIONS = "osgres.options";
    /** Absolute path of {@code bin/osgres}, written to postmaster.opts so {@code pg_ctl restart} starts osgres. */
    public static final String LAUNCHER = "osgres.launcher";
    /** The original arguments, one per line, for postmaster.opts. */
    public static final String ARGUMENTS = "osgres.arguments";
    /**
     * {@code true} when the distribution has storage, so the postmaster must run a startup process (crash
     * recovery) before it accepts connections, waiting for the startup bundle to register it.
     */
    public static final String STARTUP_REQUIRED = "osgres.startup_required";
    /** Distribution home (contains bin/, bundle/, deploy/, conf/). */
    public static final String HOME = "osgres.home";

    private FrameworkProperties() {
    }
}
