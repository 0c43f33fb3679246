package osgres.postmaster.internal;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.osgi.framework.Version;

/**
 * The deploy/ folder's rule for bundle jars, without OSGi: which jars hold which bundle, which jar each installed
 * bundle was loaded from, and what to do when a jar comes, changes or goes. {@link DeployFolder} runs the actions.
 *
 * <p>The rule: one installed bundle per symbolic name and version, whatever number of jars holds it; it is loaded
 * from the most recently modified of those jars (ties by file name). Different versions are different bundles,
 * all installed, and the postmaster runs the highest ({@link AuxiliaryProvider}). So:
 * <ul>
 *   <li>a jar whose symbolic name and version no other jar has: install it;</li>
 *   <li>the chosen jar changes to other content (a new build copied over it, or a newer copy under another name):
 *       update the bundle from it;</li>
 *   <li>the chosen jar goes while another jar of the same name and version remains: that one becomes the source;
 *       the bundle is updated from it only if its content differs, so removing a plain copy restarts nothing;</li>
 *   <li>the last jar of a name and version goes: uninstall the bundle.</li>
 * </ul>
 * FileInstall's own rule differs: a second jar of an installed name and version updates that bundle and is then
 * recorded as its source too, so removing either jar uninstalls the bundle while the other jar stays in deploy/.
 *
 * <p>Not thread-safe: FileInstall calls from one watcher thread and {@link DeployFolder} synchronizes.
 */
final class DeployedJars {

    /** A bundle's identity in the framework: two jars with the same key are one bundle. */
    record Key(String symbolicName, Version version) {
        @Override
        public String toString() {
            return "\"" + symbolicName + "\" version " + version;
        }
    }

    /** A bundle jar in deploy/ as last read: its key, modification time and a digest of its bytes. */
    record Jar(Path file, Key key, long modified, String digest) {
    }

    /** What the framework must do for one key after a change. */
    sealed interface Action {
        Key key();

        /** An action that loads or keeps a bundle from one jar. */
        sealed interface FromJar extends Action {
            Jar from();
        }

        /** Install a bundle from {@code from} and start it. */
        record Install(Key key, Jar from) implements FromJar {
        }

        /** Update the installed bundle from {@code from}: another build of the same version. */
        record Update(Key key, Jar from) implements FromJar {
        }

        /** The installed bundle now stands for {@code from}, whose bytes are the same: nothing restarts. */
        record Adopt(Key key, Jar from) implements FromJar {
        }

        /** No jar holds the key any more. */
        record Uninstall(Key key) implements Action {
        }
    }

    /** Most recently modified first, then by file name. */
    private static final Comparator<Jar> CHOICE = Comparator.comparingLong(Jar::modified).reversed()
            .thenComparing(j -> j.file().getFileName().toString());

    private final Map<Path, Jar> jars = new HashMap<>();
    /** For each installed key, the jar it was last loaded from (or adopted). */
    private final Map<Key, Jar> sources = new HashMap<>();

    /** A jar appeared or changed; returns the actions, at most one per key touched. */
    List<Action> changed(Jar jar) {
        Jar old = jars.put(jar.file(), jar);
        if (old != null && !old.key().equals(jar.key())) {
            return concat(reconcile(old.key()), reconcile(jar.key()));
        }
        return reconcile(jar.key()).stream().toList();
    }

    /** A jar was removed. */
    List<Action> removed(Path file) {
        Jar old = jars.remove(file);
        return old == null ? List.of() : reconcile(old.key()).stream().toList();
    }

    /** Forget that the key is installed (its install failed, or someone uninstalled it from the shell). */
    void forget(Key key) {
        sources.remove(key);
    }

    /** The number of jars in deploy/ that hold the key. */
    long jarsOf(Key key) {
        return jars.values().stream().filter(j -> j.key().equals(key)).count();
    }

    private Optional<Action> reconcile(Key key) {
        Optional<Jar> wanted = jars.values().stream().filter(j -> j.key().equals(key)).min(CHOICE);
        Jar source = sources.get(key);
        if (wanted.isEmpty()) {
            return source == null ? Optional.empty() : Optional.of(record(key, null, new Action.Uninstall(key)));
        }
        Jar jar = wanted.get();
        if (source == null) {
            return Optional.of(record(key, jar, new Action.Install(key, jar)));
        }
        if (!source.digest().equals(jar.digest())) {
            return Optional.of(record(key, jar, new Action.Update(key, jar)));
        }
        if (!source.file().equals(jar.file())) {
            return Optional.of(record(key, jar, new Action.Adopt(key, jar)));
        }
        sources.put(key, jar);
        return Optional.empty();
    }

    private Action record(Key key, Jar source, Action action) {
        if (source == null) {
            sources.remove(key);
        } else {
            sources.put(key, source);
        }
        return action;
    }

    private static List<Action> concat(Optional<Action> first, Optional<Action> second) {
        return Stream.concat(first.stream(), second.stream()).toList();
    }
}
