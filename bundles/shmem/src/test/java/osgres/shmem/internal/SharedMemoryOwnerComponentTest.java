package osgres.shmem.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import osgres.api.GucContext;
import osgres.api.GucDefinition;
import osgres.api.Settings;

class SharedMemoryOwnerComponentTest {

    @Test
    void sizeComesFromSharedBuffersWalBuffersAndMaxConnections() {
        Settings settings = settings(Map.of("shared_buffers", 128L, "wal_buffers", -1L, "max_connections", 10L));
        // 1MB + 64kB + 40kB + 1MB -> 3MB
        assertThat(SharedMemoryOwnerComponent.sizeFrom(settings)).isEqualTo(3L << 20);
    }

    /** A Settings that knows only the given integer parameters. */
    private static Settings settings(Map<String, Long> values) {
        return (Settings) Proxy.newProxyInstance(Settings.class.getClassLoader(), new Class<?>[] {Settings.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "definition" -> values.containsKey((String) args[0])
                            ? Optional.of(definition((String) args[0])) : Optional.<GucDefinition>empty();
                    case "intValue" -> values.get((String) args[0]);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static GucDefinition definition(String name) {
        return new GucDefinition(name, GucContext.POSTMASTER, GucDefinition.Type.INTEGER, "", "0", -1, 1e9,
                List.of(), false, name);
    }
}
