package osgres.postmaster.internal;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

import org.apache.felix.fileinstall.ArtifactInstaller;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.Version;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import osgres.api.ServerLog;
import osgres.api.Severity;

/**
 * Installs the bundle jars of {@code deploy/} for FileInstall, by the rule in {@link DeployedJars}: one bundle per
 * symbolic name and version, loaded from the newest jar that holds it, kept while any jar holds it. FileInstall
 * still watches the folder (polling, waiting until a file stops changing, {@code .cfg} files); as an
 * {@link ArtifactInstaller} that handles {@code .jar} files this component replaces only FileInstall's own bundle
 * handling, which uninstalls a bundle when either of two jars of one name and version is removed.
 *
 * <p>The launcher starts FileInstall after every other bundle of {@code bundle/}, so its first scan of
 * {@code deploy/} finds this installer registered. Bundle events (installed, updated, uninstalled) are logged by
 * {@link AuxiliaryBundleLog}; this class logs what the framework does not see: a jar taking over from another, two
 * jars of one bundle, a jar that cannot be installed. No references: nothing deactivates it while the framework
 * runs. FileInstall calls from its watcher thread; the methods are synchronized all the same.
 */
@Component(service = ArtifactInstaller.class)
public final class DeployFolder implements ArtifactInstaller {
    private final BundleContext context;
    private final DeployedJars jars = new DeployedJars();

    @Activate
    public DeployFolder(BundleContext context) {
        this.context = context;
    }

    @Override
    public boolean canHandle(File artifact) {
        return artifact.getName().endsWith(".jar") && artifact.isFile() && key(artifact.toPath()) != null;
    }

    @Override
    public synchronized void install(File artifact) {
        changed(artifact.toPath());
    }

    @Override
    public synchronized void update(File artifact) {
        changed(artifact.toPath());
    }

    @Override
    public synchronized void uninstall(File artifact) {
        jars.removed(artifact.toPath().toAbsolutePath()).forEach(this::apply);
    }

    private void changed(Path file) {
        DeployedJars.Jar jar = read(file.toAbsolutePath());
        if (jar == null) {
            jars.removed(file.toAbsolutePath()).forEach(this::apply);
            ServerLog.log(Severity.WARNING, Messages.deployUnreadable(file.getFileName().toString()),
                    Messages.DEPLOY_UNREADABLE_DETAIL, null);
            return;
        }
        jars.changed(jar).forEach(this::apply);
        long count = jars.jarsOf(jar.key());
        if (count > 1) {
            ServerLog.log(Severity.LOG, Messages.deployDuplicate(count, jar.key().toString()),
                    Messages.DEPLOY_DUPLICATE_DETAIL, null);
        }
    }

    /**
     * Runs one action. A bundle of the key that is missing (never installed, or uninstalled from the shell) is
     * installed from the jar whatever the action; one that is there already (installed before this component
     * came) is kept rather than installed twice.
     */
    private void apply(DeployedJars.Action action) {
        Bundle bundle = installed(action.key());
        try {
            switch (action) {
                case DeployedJars.Action.Uninstall u -> {
                    if (bundle != null) {
                        bundle.uninstall();
                    }
                }
                case DeployedJars.Action.FromJar f when bundle == null -> load(f.from(), null).start();
                case DeployedJars.Action.Install i -> bundle.start();
                case DeployedJars.Action.Update u -> load(u.from(), bundle);
                case DeployedJars.Action.Adopt a ->
                        ServerLog.log(Severity.LOG, Messages.deployAdopted(a.key().toString(), name(a.from())));
            }
        } catch (BundleException | IOException | IllegalStateException e) {
            jars.forget(action.key());
            ServerLog.log(Severity.WARNING, Messages.deployFailed(action.key().toString()),
                    Messages.DEPLOY_FAILED_DETAIL, Messages.DEPLOY_FAILED_HINT);
        }
    }

    /**
     * Installs the jar as a new bundle, or updates {@code bundle} from it. The location is the jar's URI, unless a
     * bundle of another name or version still has it (it was adopted by another jar, then this file got other
     * contents): the framework would hand back that bundle, so the key goes into the location.
     */
    private Bundle load(DeployedJars.Jar from, Bundle bundle) throws IOException, BundleException {
        try (InputStream in = Files.newInputStream(from.file())) {
            if (bundle == null) {
                String location = from.file().toUri().toString();
                if (context.getBundle(location) != null) {
                    location += "#" + from.key().symbolicName() + "-" + from.key().version();
                }
                return context.installBundle(location, in);
            }
            bundle.update(in);
            return bundle;
        }
    }

    /** The installed bundle with the key's symbolic name and version, whoever installed it. */
    private Bundle installed(DeployedJars.Key key) {
        for (Bundle bundle : context.getBundles()) {
            if (key.symbolicName().equals(bundle.getSymbolicName()) && key.version().equals(bundle.getVersion())) {
                return bundle;
            }
        }
        return null;
    }

    private static DeployedJars.Jar read(Path file) {
        DeployedJars.Key key = key(file);
        if (key == null) {
            return null;
        }
        try {
            byte[] bytes = Files.readAllBytes(file);
            String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
            return new DeployedJars.Jar(file, key, Files.getLastModifiedTime(file).toMillis(), digest);
        } catch (IOException e) {
            return null;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The jar's Bundle-SymbolicName (without directives) and Bundle-Version, or null if it is not a bundle. */
    private static DeployedJars.Key key(Path file) {
        try (JarFile jar = new JarFile(file.toFile())) {
            Manifest manifest = jar.getManifest();
            String name = manifest == null ? null : manifest.getMainAttributes()
                    .getValue(Constants.BUNDLE_SYMBOLICNAME);
            if (name == null) {
                return null;
            }
            String version = manifest.getMainAttributes().getValue(Constants.BUNDLE_VERSION);
            return new DeployedJars.Key(name.split(";")[0].trim(),
                    version == null ? Version.emptyVersion : Version.parseVersion(version.trim()));
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    private static String name(DeployedJars.Jar jar) {
        return jar.file().getFileName().toString();
    }
}
