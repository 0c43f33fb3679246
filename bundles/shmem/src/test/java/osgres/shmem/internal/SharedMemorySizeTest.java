package osgres.shmem.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SharedMemorySizeTest {

    @Test
    void defaultsGiveTheBufferPoolWalBuffersConnectionsAndAFixedMegabyteRoundedUp() {
        // 128MB buffers + 4MB WAL (1/32) + 100 * 4kB + 1MB = 139870208 bytes -> 134MB
        assertThat(SharedMemorySize.bytes(16384, -1, 100)).isEqualTo(134L << 20);
    }

    @Test
    void autotunedWalBuffersStayBetween64kBAnd16MB() {
        assertThat(SharedMemorySize.walBufferPages(-1, 128)).isEqualTo(8);
        assertThat(SharedMemorySize.walBufferPages(-1, 16384)).isEqualTo(512);
        assertThat(SharedMemorySize.walBufferPages(-1, 1_000_000)).isEqualTo(2048);
    }

    @Test
    void explicitWalBuffersBelowFourPagesAreRaisedToFour() {
        assertThat(SharedMemorySize.walBufferPages(2, 16384)).isEqualTo(4);
        assertThat(SharedMemorySize.walBufferPages(100, 16384)).isEqualTo(100);
    }

    @Test
    void sizeIsAlwaysAWholeMegabyte() {
        assertThat(SharedMemorySize.bytes(16, 4, 1) % (1L << 20)).isZero();
        assertThat(SharedMemorySize.bytes(16, 4, 1)).isEqualTo(2L << 20);
    }
}
