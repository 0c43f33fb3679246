package osgres.storage.internal.control;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

import osgres.api.PgException;
import osgres.api.ServerLog;
import osgres.api.Severity;
import osgres.api.SqlState;
import osgres.storage.ReplicationSlot;

/**
 * Physical replication slots (slot.c): at most {@code max_replication_slots}, each persistent one kept in
 * {@code pg_replslot/NAME/state} (written to {@code state.tmp}, fsynced, renamed, as SaveSlotToPath does; read
 * back at start by StartupReplicationSlots), temporary ones in memory only and dropped when their session ends.
 * A slot's restart LSN holds WAL: the checkpointer recycles no segment at or after the oldest one
 * ({@link #oldestRestartLsn()}). Restart LSNs a walsender advances are written at the next checkpoint
 * ({@link #checkpoint()}), as CheckPointReplicationSlots does; after a crash a slot may hold more WAL than it needs,
 * never less. The state file is osgres's own: magic, version, restart LSN, xmin, CRC-32C.
 */
public final class ReplicationSlots {
    static final String DIRECTORY = "pg_replslot";
    private static final int MAGIC = 0x1051CA1;
    private static final int VERSION = 1;
    private static final int STATE_SIZE = 28;
    private static final int NAME_MAX = 63;

    private final Path directory;
    private final int maxSlots;
    private final Map<String, ReplicationSlot> slots = new LinkedHashMap<>();
    /** Persistent slots whose restart LSN moved since their file was written. */
    private final java.util.Set<String> dirty = new java.util.HashSet<>();

    public ReplicationSlots(Path dataDirectory, int maxSlots) {
        this.directory = dataDirectory.resolve(DIRECTORY);
        this.maxSlots = maxSlots;
    }

    /** StartupReplicationSlots: reads every slot directory; removes leftovers of an interrupted create or drop. */
    public synchronized void load() {
        slots.clear();
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                Path state = entry.resolve("state");
                if (!Files.isDirectory(entry) || name.endsWith(".tmp") || !Files.exists(state)) {
                    deleteTree(entry);
                    continue;
                }
                ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(state)).order(ByteOrder.LITTLE_ENDIAN);
                if (b.remaining() != STATE_SIZE || b.getInt(0) != MAGIC || b.getInt(24) != crc(b.array(), 24)) {
                    throw new IllegalStateException("replication slot file \"" + state + "\" has wrong magic number");
                }
                slots.put(name, new ReplicationSlot(name, false, b.getLong(8), 0, b.getLong(16)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** ReplicationSlotValidateName: 42602 for an empty or too long name or one outside [a-z0-9_]. */
    static void validateName(String name) {
        if (name.isEmpty()) {
            throw PgException.error(SqlState.INVALID_NAME, "replication slot name \"" + name + "\" is too short");
        }
        if (name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > NAME_MAX) {
            throw PgException.error(SqlState.INVALID_NAME, "replication slot name \"" + name + "\" is too long");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_')) {
                throw PgException.error(SqlState.INVALID_NAME,
                        "replication slot name \"" + name + "\" contains invalid character")
                        .withHint("Replication slot names may only contain lower case letters, numbers, and the "
                                + "underscore character.");
            }
        }
    }

    public synchronized ReplicationSlot create(String name, boolean temporary, long restartLsn, int pid) {
        if (maxSlots == 0) {
            throw PgException.error(SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE,
                    "replication slots can only be used if max_replication_slots > 0");
        }
        validateName(name);
        if (slots.containsKey(name)) {
            throw PgException.error(SqlState.DUPLICATE_OBJECT, "replication slot \"" + name + "\" already exists");
        }
        if (slots.size() >= maxSlots) {
            throw PgException.error(SqlState.CONFIGURATION_LIMIT_EXCEEDED, "all replication slots are in use")
                    .withHint("Free one or increase max_replication_slots.");
        }
        ReplicationSlot slot = new ReplicationSlot(name, temporary, restartLsn, pid, 0);
        if (!temporary) {
            save(slot);
        }
        slots.put(name, slot);
        return slot;
    }

    public synchronized ReplicationSlot acquire(String name, int pid) {
        ReplicationSlot slot = existing(name);
        if (slot.activePid() != 0 && slot.activePid() != pid) {
            throw inUse(slot);
        }
        ReplicationSlot acquired = slot.withActivePid(pid);
        slots.put(name, acquired);
        return acquired;
    }

    /** ReplicationSlotRelease: a persistent slot becomes inactive; a temporary one stays its session's. */
    public synchronized void release(String name, int pid) {
        ReplicationSlot slot = slots.get(name);
        if (slot != null && slot.activePid() == pid && !slot.temporary()) {
            slots.put(name, slot.withActivePid(0));
        }
    }

    /** ReplicationSlotCleanup at the end of session {@code pid}: its temporary slots go, the others are released. */
    public synchronized void releaseAll(int pid) {
        for (ReplicationSlot slot : List.copyOf(slots.values())) {
            if (slot.activePid() == pid) {
                if (slot.temporary()) {
                    slots.remove(slot.name());
                } else {
                    slots.put(slot.name(), slot.withActivePid(0));
                }
            }
        }
    }

    public synchronized void drop(String name, int pid) {
        ReplicationSlot slot = existing(name);
        if (slot.activePid() != 0 && slot.activePid() != pid) {
            throw inUse(slot);
        }
        slots.remove(name);
        dirty.remove(name);
        if (!slot.temporary()) {
            // ReplicationSlotDropPtr: rename first, so a crash in the middle leaves a directory load() removes
            Path dir = directory.resolve(name);
            Path doomed = directory.resolve(name + ".tmp");
            try {
                Files.move(dir, doomed, StandardCopyOption.ATOMIC_MOVE);
                fsync(directory);
                deleteTree(doomed);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public synchronized void advance(String name, long restartLsn, long xmin) {
        ReplicationSlot slot = slots.get(name);
        if (slot == null) {
            return;
        }
        ReplicationSlot advanced = slot.withRestartLsn(restartLsn == 0 ? slot.restartLsn() : restartLsn)
                .withXmin(xmin);
        if (!advanced.equals(slot)) {
            slots.put(name, advanced);
            if (!slot.temporary()) {
                dirty.add(name);
            }
        }
    }

    public synchronized Optional<ReplicationSlot> slot(String name) {
        return Optional.ofNullable(slots.get(name));
    }

    public synchronized List<ReplicationSlot> list() {
        return new ArrayList<>(slots.values());
    }

    /** The oldest WAL any slot holds, or -1 when none holds any. */
    /** The oldest xmin a slot holds (hot_standby_feedback through it), 0 if none does. */
    public synchronized long oldestXmin() {
        return slots.values().stream().mapToLong(ReplicationSlot::xmin).filter(x -> x > 0).min().orElse(0);
    }

    public synchronized long oldestRestartLsn() {
        return slots.values().stream().mapToLong(ReplicationSlot::restartLsn).filter(l -> l > 0).min().orElse(-1);
    }

    /** CheckPointReplicationSlots: writes the slots whose restart LSN moved. */
    public synchronized void checkpoint() {
        for (String name : List.copyOf(dirty)) {
            ReplicationSlot slot = slots.get(name);
            if (slot != null) {
                try {
                    save(slot);
                } catch (UncheckedIOException e) {
                    ServerLog.log(Severity.LOG, "could not save replication slot \"" + name + "\"");
                    continue;
                }
            }
            dirty.remove(name);
        }
    }

    private ReplicationSlot existing(String name) {
        ReplicationSlot slot = slots.get(name);
        if (slot == null) {
            throw PgException.error(SqlState.UNDEFINED_OBJECT, "replication slot \"" + name + "\" does not exist");
        }
        return slot;
    }

    private static PgException inUse(ReplicationSlot slot) {
        return PgException.error(SqlState.OBJECT_IN_USE, "replication slot \"" + slot.name()
                + "\" is active for PID " + slot.activePid());
    }

    /** SaveSlotToPath: state.tmp written and fsynced, renamed over state, the directories fsynced. */
    private void save(ReplicationSlot slot) {
        byte[] bytes = new byte[STATE_SIZE];
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, MAGIC);
        b.putInt(4, VERSION);
        b.putLong(8, slot.restartLsn());
        b.putLong(16, slot.xmin());
        b.putInt(24, crc(bytes, 24));
        Path dir = directory.resolve(slot.name());
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve("state.tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer source = ByteBuffer.wrap(bytes);
                while (source.hasRemaining()) {
                    ch.write(source);
                }
                ch.force(true);
            }
            Files.move(tmp, dir.resolve("state"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            fsync(dir);
            fsync(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void fsync(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    private static int crc(byte[] bytes, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, length);
        return (int) crc.getValue();
    }

    private static void deleteTree(Path path) throws IOException {
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
