package osgres.postmaster.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Version;

import osgres.postmaster.internal.DeployedJars.Action;
import osgres.postmaster.internal.DeployedJars.Jar;
import osgres.postmaster.internal.DeployedJars.Key;

/**
 * The deploy/ rule for bundle jars, without OSGi: one bundle per symbolic name and version, from the newest jar
 * that holds it, kept while any such jar remains (FileInstall's own rule uninstalled it when either of two went).
 */
class DeployedJarsTest {
    private static final Key BGWRITER = new Key("osgres.bgwriter", new Version("0.1.0"));
    private static final Key BGWRITER_NEW = new Key("osgres.bgwriter", new Version("0.1.2"));
    private final DeployedJars jars = new DeployedJars();

    private static Jar jar(String name, Key key, long modified, String digest) {
        return new Jar(Path.of("/deploy", name), key, modified, digest);
    }

    @Test
    void aPlainCopyChangesNothingAndRemovingEitherJarKeepsTheBundle() {
        Jar original = jar("osgres.bgwriter.jar", BGWRITER, 1, "a");
        Jar copy = jar("osgres.bgwriter-copy.jar", BGWRITER, 2, "a");
        assertThat(jars.changed(original)).containsExactly(new Action.Install(BGWRITER, original));

        assertThat(jars.changed(copy)).as("the newer copy becomes the source, same bytes: no update")
                .containsExactly(new Action.Adopt(BGWRITER, copy));
        assertThat(jars.removed(copy.file())).containsExactly(new Action.Adopt(BGWRITER, original));
        assertThat(jars.changed(copy)).containsExactly(new Action.Adopt(BGWRITER, copy));
        assertThat(jars.removed(original.file())).as("the source stays: nothing to do").isEmpty();
        assertThat(jars.removed(copy.file())).containsExactly(new Action.Uninstall(BGWRITER));
    }

    @Test
    void aNewerBuildOfTheSameVersionUpdatesAndItsRemovalGoesBackToTheOther() {
        Jar original = jar("osgres.bgwriter.jar", BGWRITER, 1, "a");
        Jar rebuilt = jar("rebuilt.jar", BGWRITER, 5, "b");
        jars.changed(original);
        assertThat(jars.changed(rebuilt)).containsExactly(new Action.Update(BGWRITER, rebuilt));
        assertThat(jars.removed(rebuilt.file())).containsExactly(new Action.Update(BGWRITER, original));
        Jar overwritten = jar("osgres.bgwriter.jar", BGWRITER, 7, "c");
        assertThat(jars.changed(overwritten)).as("copied over the same name")
                .containsExactly(new Action.Update(BGWRITER, overwritten));
    }

    @Test
    void differentVersionsAreDifferentBundles() {
        Jar original = jar("osgres.bgwriter.jar", BGWRITER, 1, "a");
        Jar bumped = jar("osgres.bgwriter-0.1.2.jar", BGWRITER_NEW, 2, "b");
        jars.changed(original);
        assertThat(jars.changed(bumped)).containsExactly(new Action.Install(BGWRITER_NEW, bumped));
        assertThat(jars.removed(original.file())).containsExactly(new Action.Uninstall(BGWRITER));
        assertThat(jars.jarsOf(BGWRITER_NEW)).isEqualTo(1);
    }

    @Test
    void aJarWhoseVersionChangesUninstallsTheOldVersionAndInstallsTheNew() {
        jars.changed(jar("osgres.bgwriter.jar", BGWRITER, 1, "a"));
        Jar bumped = jar("osgres.bgwriter.jar", BGWRITER_NEW, 2, "b");
        assertThat(jars.changed(bumped)).containsExactly(new Action.Uninstall(BGWRITER),
                new Action.Install(BGWRITER_NEW, bumped));
    }

    @Test
    void aFailedInstallIsTriedAgainOnTheNextChange() {
        Jar original = jar("osgres.bgwriter.jar", BGWRITER, 1, "a");
        jars.changed(original);
        jars.forget(BGWRITER);
        Jar touched = jar("osgres.bgwriter.jar", BGWRITER, 2, "a");
        assertThat(jars.changed(touched)).containsExactly(new Action.Install(BGWRITER, touched));
    }
}
