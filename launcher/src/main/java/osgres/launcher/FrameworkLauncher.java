package osgres.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.stream.Stream;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/**
 * Embeds the Felix framework and runs the server in it: framework properties from {@code conf/felix.properties}
 * plus what the command line says (data directory, GUC overrides, whether a Gogo console is attached), every
 * bundle of {@code bundle/} installed and started (Pax Logging and ConfigAdmin first, so the others log and
 * configure from their first moment), {@code deploy/} left to FileInstall (started last: its bundle jars are
 * installed by the postmaster's rule, DeployFolder, which must be registered before FileInstall's first scan).
 * Returns when the framework stops, with the exit code the postmaster recorded ({@code osgres.exit.code}).
 */
final class FrameworkLauncher {
    private static final String EXIT_CODE_PROPERTY = "osgres.exit.code";
    /**
     * Bundles started before the rest, in this order: ConfigAdmin, then (once the logging configuration is in
     * ConfigAdmin) Pax Logging, so the other bundles log in PostgreSQL's format from their first line.
     */
    private static final List<String> FIRST = List.of("org.apache.felix.configadmin",
            "org.ops4j.pax.logging.pax-logging-api", "org.ops4j.pax.logging.pax-logging-log4j2");
    /**
     * Started after all the others: FileInstall scans deploy/ as soon as it starts, and its first scan must find
     * the postmaster's installer for bundle jars (DeployFolder: one bundle per symbolic name and version, kept
     * while any jar of it remains) registered, or FileInstall would install the jars by its own rule.
     */
    private static final String LAST = "org.apache.felix.fileinstall";
    private static final String PAX_LOGGING_PID = "org.ops4j.pax.logging";
    private static final String PAX_LOG4J2_CONFIG_FILE = "org.ops4j.pax.logging.log4j2.config.file";

    private final Path home;

    FrameworkLauncher(Path home) {
        this.home = home;
    }

    int run(ServerOptions options, boolean interactiveConsole) throws IOException, BundleException,
            InterruptedException {
        Path storage = Files.createTempDirectory("osgres-felix-");
        try {
            return run(options, interactiveConsole, storage);
        } finally {
            deleteTree(storage);
        }
    }

    private int run(ServerOptions options, boolean interactiveConsole, Path storage) throws IOException,
            BundleException, InterruptedException {
        Map<String, String> props = frameworkProperties(options, interactiveConsole);
        props.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).findFirst()
                .orElseThrow(() -> new IllegalStateException("no OSGi framework on the class path"));
        Framework framework = factory.newFramework(props);
        framework.init();
        List<Bundle> bundles = installBundles(framework);
        framework.start();
        for (Bundle bundle : bundles) {
            if (bundle.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                bundle.start();
            }
            if ("org.apache.felix.configadmin".equals(bundle.getSymbolicName())) {
                configureLogging(framework.getBundleContext());
            } else if ("org.ops4j.pax.logging.pax-logging-log4j2".equals(bundle.getSymbolicName())) {
                applyLoggingNow(framework.getBundleContext());
            }
        }
        FrameworkEvent event = framework.waitForStop(0);
        if (event.getType() == FrameworkEvent.ERROR && event.getThrowable() != null) {
            event.getThrowable().printStackTrace();
        }
        String code = System.getProperty(EXIT_CODE_PROPERTY);
        return code == null ? 0 : Integer.parseInt(code);
    }

    private Map<String, String> frameworkProperties(ServerOptions options, boolean interactiveConsole)
            throws IOException {
        Map<String, String> props = new HashMap<>();
        Path file = home.resolve("conf/felix.properties");
        if (Files.isRegularFile(file)) {
            Properties loaded = new Properties();
            try (InputStream in = Files.newInputStream(file)) {
                loaded.load(in);
            }
            loaded.stringPropertyNames().forEach(k -> props.put(k, loaded.getProperty(k).replace("${osgres.home}",
                    home.toString())));
        }
        Path dataDirectory = options.dataDirectory();
        props.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        props.put("felix.fileinstall.dir", home.resolve("deploy").toString());
        props.put("gosh.args", interactiveConsole ? "" : "--nointeractive");
        props.put("osgres.home", home.toString());
        props.put("osgres.data_directory", dataDirectory.toString());
        props.put("osgres.options", options.settingsProperty());
        props.put("osgres.launcher", home.resolve("bin/osgres").toString());
        props.put("osgres.arguments", String.join("\n", options.arguments()));
        return props;
    }

    /**
     * Pax Logging reads its log4j2 configuration file only from its ConfigAdmin configuration (PID
     * org.ops4j.pax.logging), so the launcher writes that configuration before Pax Logging starts. The
     * launcher's class loader does not share ConfigAdmin's API classes with the framework, hence reflection
     * through the services' interfaces.
     */
    private void configureLogging(BundleContext context) {
        try {
            ServiceReference<?> ref = context.getServiceReference("org.osgi.service.cm.ConfigurationAdmin");
            Object admin = context.getService(ref);
            Class<?> adminType = interfaceNamed(admin.getClass(), "org.osgi.service.cm.ConfigurationAdmin");
            Object configuration = adminType.getMethod("getConfiguration", String.class, String.class)
                    .invoke(admin, PAX_LOGGING_PID, "?");
            Class<?> configurationType = interfaceNamed(configuration.getClass(),
                    "org.osgi.service.cm.Configuration");
            configurationType.getMethod("update", Dictionary.class).invoke(configuration, loggingProperties());
            context.ungetService(ref);
        } catch (ReflectiveOperationException | RuntimeException e) {
            System.err.println("osgres: could not configure Pax Logging: " + e);
        }
    }

    /**
     * ConfigAdmin hands the configuration to Pax Logging on its own thread, later; the bundles that start next
     * log at once (a FATAL about postgresql.conf, say). So the launcher also gives Pax Logging's ManagedService
     * the same configuration synchronously; ConfigAdmin's delivery then repeats it, harmlessly.
     */
    private void applyLoggingNow(BundleContext context) {
        try {
            ServiceReference<?>[] refs = context.getServiceReferences("org.osgi.service.cm.ManagedService",
                    "(service.pid=" + PAX_LOGGING_PID + ")");
            if (refs == null) {
                return;
            }
            Object managed = context.getService(refs[0]);
            interfaceNamed(managed.getClass(), "org.osgi.service.cm.ManagedService")
                    .getMethod("updated", Dictionary.class).invoke(managed, loggingProperties());
            context.ungetService(refs[0]);
        } catch (ReflectiveOperationException | org.osgi.framework.InvalidSyntaxException | RuntimeException e) {
            System.err.println("osgres: could not configure Pax Logging: " + e);
        }
    }

    private Dictionary<String, Object> loggingProperties() {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(PAX_LOG4J2_CONFIG_FILE, home.resolve("conf/log4j2.xml").toString());
        return properties;
    }

    private static Class<?> interfaceNamed(Class<?> type, String name) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Class<?> i : c.getInterfaces()) {
                if (i.getName().equals(name)) {
                    return i;
                }
            }
        }
        throw new IllegalStateException(type + " does not implement " + name);
    }

    /** The framework's bundle cache lives outside the data directory, one per server process. */
    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover cache directory in the temp directory is harmless
        }
    }

    private List<Bundle> installBundles(Framework framework) throws IOException, BundleException {
        List<Path> jars;
        try (Stream<Path> files = Files.list(home.resolve("bundle"))) {
            jars = files.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        }
        List<Bundle> installed = new ArrayList<>();
        for (Path jar : jars) {
            installed.add(framework.getBundleContext().installBundle(jar.toUri().toString()));
        }
        installed.sort(Comparator.comparingInt(b -> {
            int i = FIRST.indexOf(b.getSymbolicName());
            return LAST.equals(b.getSymbolicName()) ? FIRST.size() + 1 : i < 0 ? FIRST.size() : i;
        }));
        return installed;
    }
}
