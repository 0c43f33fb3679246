package osgres.sql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;

import org.junit.jupiter.api.Test;

/**
 * The SQL layer's packages form layers, as PostgreSQL's parser/, optimizer/ and executor/ do: each package
 * depends only on the packages below it. Read off the compiled classes with the JDK's jdeps, so a new
 * back edge (an executor class calling the analyzer, say) fails here rather than growing into a cycle.
 */
class PackageLayeringTest {

    /** Bottom to top: a package may depend on those before it in this list, never on those after it. */
    private static final List<String> LAYERS = List.of(
            "utils", "catalog", "nodes", "func", "parser", "analyze", "plan", "exec", "session");

    @Test
    void everyPackageDependsOnlyOnTheLayersBelowIt() {
        Path classes = Path.of("target", "classes");
        assertThat(Files.isDirectory(classes.resolve("osgres/sql/internal"))).as("compiled classes").isTrue();
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
        StringWriter out = new StringWriter();
        int rc = jdeps.run(new PrintWriter(out), new PrintWriter(out), "-verbose:package", "-filter:none",
                classes.toString());
        assertThat(rc).as(out.toString()).isZero();

        Pattern edge = Pattern.compile(
                "^\\s+osgres\\.sql\\.internal\\.(\\w+)\\s+->\\s+osgres\\.sql\\.internal\\.(\\w+)\\b", Pattern.MULTILINE);
        TreeSet<String> seen = new TreeSet<>();
        TreeSet<String> upward = new TreeSet<>();
        Matcher m = edge.matcher(out.toString());
        while (m.find()) {
            String from = m.group(1);
            String to = m.group(2);
            assertThat(LAYERS).as("package osgres.sql.internal.%s has a layer", from).contains(from);
            assertThat(LAYERS).as("package osgres.sql.internal.%s has a layer", to).contains(to);
            seen.add(from + " -> " + to);
            if (LAYERS.indexOf(to) > LAYERS.indexOf(from)) {
                upward.add(from + " -> " + to);
            }
        }
        assertThat(seen).as("jdeps found the SQL layer's dependencies").contains("session -> exec", "exec -> nodes");
        assertThat(upward).as("dependencies on a higher layer").isEmpty();
    }
}
