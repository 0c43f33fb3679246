package osgres.config.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import osgres.api.FrameworkProperties;
import osgres.api.HostBasedAuth;

class ConfigComponentTest {

    @TempDir
    Path data;

    /** The properties last pushed to each PID, and how many pushes changed something. */
    private final Map<String, Dictionary<String, Object>> pushed = new ConcurrentHashMap<>();
    private int changedPushes;

    @BeforeEach
    void initdb() throws IOException {
        Files.writeString(data.resolve("postgresql.conf"), "work_mem = 8MB\n");
        Files.writeString(data.resolve("postgresql.auto.conf"), "");
        Files.writeString(data.resolve("pg_hba.conf"), "local all all trust\nhost all all 127.0.0.1/32 md5\n");
    }

    private ConfigComponent activate(String options) {
        BundleContext context = (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getProperty" -> args[0].equals(FrameworkProperties.DATA_DIRECTORY) ? data.toString()
                            : args[0].equals(FrameworkProperties.OPTIONS) ? options : null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        ConfigurationAdmin admin = (ConfigurationAdmin) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ConfigurationAdmin.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("getConfiguration") || args.length != 2 || !"?".equals(args[1])) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    return configuration((String) args[0]);
                });
        return new ConfigComponent(context, admin);
    }

    @SuppressWarnings("unchecked")
    private Configuration configuration(String pid) {
        return (Configuration) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Configuration.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("updateIfDifferent")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    Dictionary<String, Object> properties = (Dictionary<String, Object>) args[0];
                    boolean different = !properties.equals(pushed.get(pid));
                    pushed.put(pid, properties);
                    if (different && pid.equals("osgres.checkpointer")) {
                        changedPushes++;
                    }
                    return different;
                });
    }

    @Test
    void activationPushesEveryPidAndServesSettingsAndHba() throws IOException {
        ConfigComponent component = activate("port=5999\nmax_connections=20\n");
        assertThat(pushed.keySet()).containsExactlyInAnyOrderElementsOf(ConfigAdminPublisher.GUCS_BY_PID.keySet());
        assertThat(pushed.get("osgres.backend").get("authentication.timeout")).isEqualTo(60);
        assertThat(pushed.get("osgres.backend").get("port")).as("only the GUCs the component reads").isNull();
        assertThat(pushed.get("osgres.bgwriter").get("bgwriter.lru.maxpages")).isEqualTo(100);
        assertThat(component.value("max_connections")).contains("20");
        assertThat(component.value("work_mem")).contains("8MB");
        assertThat(component.definition("timezone").orElseThrow().name()).isEqualTo("TimeZone");
        assertThat(component.match(true, null, "postgres", "postgres").orElseThrow().method()).isEqualTo("trust");
        assertThat(component.match(false, InetAddress.getByName("127.0.0.1"), "d", "u").orElseThrow().method())
                .isEqualTo("md5");
        assertThat(component.generation()).isEqualTo(1);
    }

    @Test
    void reloadPushesChangesAndKeepsOldHbaRulesWhenTheNewFileIsBroken() throws IOException {
        ConfigComponent component = activate("");
        Files.writeString(data.resolve("postgresql.conf"), "work_mem = 16MB\ncheckpoint_timeout = 10min\n");
        Files.writeString(data.resolve("pg_hba.conf"), "bogus all all trust\n");
        component.reload();
        assertThat(component.value("work_mem")).contains("16MB");
        assertThat(pushed.get("osgres.checkpointer").get("checkpoint.timeout")).isEqualTo(600);
        assertThat(component.generation()).isEqualTo(2);
        assertThat(component.match(true, null, "postgres", "postgres")).map(HostBasedAuth.Match::method)
                .contains("trust");
        component.reload();
        assertThat(component.generation()).isEqualTo(2);
        assertThat(changedPushes).isEqualTo(2);
    }
}
