package osgres.storage.internal.control;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import osgres.api.GucDefinition;
import osgres.api.Settings;
import osgres.api.SharedMemory;
import osgres.storage.internal.core.StorageCore;

/**
 * Test fixtures for the lower half: a data directory laid out as {@code osgres initdb} leaves it (pg_control
 * with no checkpoint yet), a SharedMemory over {@code Arena.ofShared()}, and Settings from a map. Each
 * {@link #open()} is one server lifetime (one shared-memory generation); closing the core without a shutdown
 * checkpoint is a crash.
 */
public final class TestCluster {

    private TestCluster() {
    }

    /** initdb's layout and initial pg_control (the launcher's InitDb.controlFile()). */
    public static Path initDb(Path dir) {
        try {
            for (String sub : List.of("global", "base", "base/1", "base/5", "pg_wal", "pg_xact")) {
                Files.createDirectories(dir.resolve(sub));
            }
            long now = Instant.now().getEpochSecond();
            ControlFile.initial(now << 32 | 12345, now, new byte[ControlFile.MOCK_NONCE_LENGTH]).write(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static StorageCore open(Path dir, Map<String, String> settings) {
        return StorageCoreFactory.open(new FakeSharedMemory(8L << 20), new MapSettings(settings, dir), dir);
    }

    public static StorageCore open(Path dir) {
        return open(dir, Map.of("shared_buffers", "64", "wal_buffers", "8"));
    }

    /** A SharedMemory generation over a shared arena, regions carved from the front as osgres.shmem does. */
    public static final class FakeSharedMemory implements SharedMemory {
        private final Arena arena = Arena.ofShared();
        private final MemorySegment segment;
        private final Map<String, MemorySegment> regions = new HashMap<>();
        private long used;

        public FakeSharedMemory(long bytes) {
            this.segment = arena.allocate(bytes, 4096);
        }

        @Override
        public long generation() {
            return 1;
        }

        @Override
        public MemorySegment segment() {
            return segment;
        }

        @Override
        public synchronized MemorySegment region(String name, long bytes) {
            return regions.computeIfAbsent(name, n -> {
                long start = (used + 63) & ~63L;
                used = start + bytes;
                return segment.asSlice(start, bytes);
            });
        }

        @Override
        public long size() {
            return segment.byteSize();
        }

        @Override
        public boolean isClosed() {
            return false;
        }
    }

    /** Settings from a map of name to value in base units. */
    public static final class MapSettings implements Settings {
        private final Map<String, String> values;
        private final Path dataDirectory;

        public MapSettings(Map<String, String> values, Path dataDirectory) {
            this.values = values;
            this.dataDirectory = dataDirectory;
        }

        @Override
        public Optional<String> value(String name) {
            return Optional.ofNullable(values.get(name));
        }

        @Override
        public long intValue(String name) {
            return Long.parseLong(values.get(name));
        }

        @Override
        public boolean boolValue(String name) {
            return values.get(name).equals("on") || values.get(name).equals("true");
        }

        @Override
        public Optional<GucDefinition> definition(String name) {
            return Optional.empty();
        }

        @Override
        public Collection<GucDefinition> definitions() {
            return List.of();
        }

        @Override
        public Map<String, String> values() {
            return values;
        }

        @Override
        public String normalize(String name, String value) {
            return value;
        }

        @Override
        public void reload() {
        }

        @Override
        public Path dataDirectory() {
            return dataDirectory;
        }

        @Override
        public long generation() {
            return 1;
        }
    }
}
