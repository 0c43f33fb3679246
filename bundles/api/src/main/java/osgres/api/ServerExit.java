package osgres.api;

import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;

/**
 * Ends the server process with an exit code, as {@code proc_exit(code)} in the postmaster: records the
 * code in the system property {@value #EXIT_CODE_PROPERTY} and stops the framework from a new thread; the
 * launcher waits for the framework to stop and exits the JVM with that code. The first code recorded wins.
 */
public final class ServerExit {
    public static final String EXIT_CODE_PROPERTY = "osgres.exit.code";

    private ServerExit() {
    }

    public static synchronized void exit(BundleContext context, int code) {
        if (System.getProperty(EXIT_CODE_PROPERTY) == null) {
            System.setProperty(EXIT_CODE_PROPERTY, Integer.toString(code));
        }
        Thread stopper = new Thread(() -> {
            try {
                context.getBundle(0).stop();
            } catch (BundleException | IllegalStateException e) {
                Runtime.getRuntime().halt(code);
            }
        }, "osgres exit");
        stopper.start();
    }
}
