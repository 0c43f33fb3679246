package osgres.shmem.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import osgres.api.SharedMemory;

class SharedMemoryGenerationsTest {

    private static final long SIZE = 1L << 20;

    /** Records what was published and withdrawn, and what was live at each step. */
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final List<SharedMemory> published = new CopyOnWriteArrayList<>();
    private final SharedMemoryGenerations owner = new SharedMemoryGenerations(() -> SIZE, memory -> {
        events.add("publish " + memory.generation() + " (published: " + published.size() + ")");
        published.add(memory);
        return () -> {
            events.add("unregister " + memory.generation() + " (closed: " + memory.isClosed() + ")");
            published.remove(memory);
        };
    });

    @Test
    void createPublishesTheFirstGenerationOnce() {
        assertThat(owner.generation()).isZero();
        assertThat(owner.create()).isEqualTo(1);
        assertThat(owner.create()).isEqualTo(1);
        assertThat(events).containsExactly("publish 1 (published: 0)");
        assertThat(owner.size()).isEqualTo(SIZE);
        assertThat(published.getFirst().size()).isEqualTo(SIZE);
    }

    @Test
    void theArenaStartsZeroed() {
        owner.create();
        MemorySegment all = published.getFirst().segment();
        assertThat(all.mismatch(MemorySegment.ofArray(new byte[(int) SIZE]))).isEqualTo(-1);
    }

    @Test
    void sameNameGivesTheSameRegionAndRegionsAreCacheLineAligned() {
        owner.create();
        SharedMemory memory = published.getFirst();
        MemorySegment first = memory.region("xlog ctl", 100);
        MemorySegment second = memory.region("buffer descriptors", 10);
        assertThat(memory.region("xlog ctl", 100).address()).isEqualTo(first.address());
        assertThat(first.address() % 64).isZero();
        assertThat(second.address() % 64).isZero();
        assertThat(second.address()).isGreaterThanOrEqualTo(first.address() + 100);
        first.set(ValueLayout.JAVA_LONG, 0, 42);
        assertThat(memory.region("xlog ctl", 100).get(ValueLayout.JAVA_LONG, 0)).isEqualTo(42);
    }

    @Test
    void askingForAKnownRegionWithAnotherSizeFails() {
        owner.create();
        SharedMemory memory = published.getFirst();
        memory.region("proc array", 64);
        assertThatThrownBy(() -> memory.region("proc array", 128))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("ShmemIndex entry size is wrong for data structure \"proc array\": "
                        + "expected 128, actual 64");
    }

    @Test
    void regionsBeyondTheArenaFailWithOutOfSharedMemory() {
        owner.create();
        SharedMemory memory = published.getFirst();
        memory.region("most", SIZE - 100);
        assertThatThrownBy(() -> memory.region("buffer blocks", 101))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("not enough shared memory for data structure \"buffer blocks\" (101 bytes requested)");
        // padding: "most" ends at SIZE-100, the next region starts at the next 64-byte boundary
        assertThat(memory.region("rest", 64).byteSize()).isEqualTo(64);
    }

    @Test
    void concurrentCallersOfOneNameShareOneRegion() throws Exception {
        owner.create();
        SharedMemory memory = published.getFirst();
        List<Callable<Long>> calls = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            String name = "slot " + (i % 4);
            calls.add(() -> memory.region(name, 1000).address());
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Long> addresses = new ArrayList<>();
            for (Future<Long> f : pool.invokeAll(calls)) {
                addresses.add(f.get());
            }
            assertThat(addresses.stream().distinct().count()).isEqualTo(4);
        }
    }

    @Test
    void reinitializeWithdrawsTheOldBeforePublishingTheNewThenFreesTheOld() {
        owner.create();
        SharedMemory old = published.getFirst();
        MemorySegment oldRegion = old.region("clog", 8192);
        oldRegion.set(ValueLayout.JAVA_INT, 0, 7);

        assertThat(owner.reinitialize()).isEqualTo(2);

        assertThat(events).containsExactly("publish 1 (published: 0)", "unregister 1 (closed: false)",
                "publish 2 (published: 0)");
        assertThat(owner.generation()).isEqualTo(2);
        assertThat(old.isClosed()).isTrue();
        SharedMemory current = published.getFirst();
        assertThat(current.generation()).isEqualTo(2);
        assertThat(current.region("clog", 8192).get(ValueLayout.JAVA_INT, 0)).isZero();
    }

    @Test
    void aClosedGenerationRefusesEveryAccess() {
        owner.create();
        SharedMemory old = published.getFirst();
        MemorySegment stale = old.region("lock table", 256);
        owner.reinitialize();

        assertThatThrownBy(old::segment).isInstanceOf(IllegalStateException.class)
                .hasMessage("shared memory generation 1 has been released");
        assertThatThrownBy(() -> old.region("lock table", 256)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> stale.get(ValueLayout.JAVA_INT, 0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void destroyWithdrawsAndFreesAndGenerationNumbersAreNeverReused() {
        owner.create();
        SharedMemory first = published.getFirst();
        owner.destroy();
        assertThat(published).isEmpty();
        assertThat(first.isClosed()).isTrue();
        assertThat(owner.generation()).isZero();
        owner.destroy();
        assertThat(owner.create()).isEqualTo(2);
    }

    @Test
    void aFailedAllocationLeavesTheCurrentGenerationPublished() {
        long[] size = {SIZE};
        SharedMemoryGenerations failing = new SharedMemoryGenerations(() -> size[0], memory -> {
            published.add(memory);
            return () -> published.remove(memory);
        });
        failing.create();
        size[0] = -1;
        assertThatThrownBy(failing::reinitialize).isInstanceOf(IllegalArgumentException.class);
        assertThat(failing.generation()).isEqualTo(1);
        assertThat(published).hasSize(1).first().matches(m -> !m.isClosed());
        failing.destroy();
    }
}
