package osgres.storage.internal.fsm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The free space map on its own: categories, search, and the promise that a rejected page is not offered again. */
class FreeSpaceMapTest {
    /** An empty heap page's free space (8192 - header - one line pointer). */
    private static final int EMPTY = 8164;

    private final FreeSpaceMap fsm = new FreeSpaceMap(EMPTY);

    @Test
    void aNewMapKnowsNoPage() {
        assertThat(fsm.find(100)).isEqualTo(-1);
        assertThat(fsm.recorded(0)).isZero();
        assertThat(fsm.pages()).isZero();
    }

    @Test
    void recordedSpaceIsRoundedDownAndRequestsUp() {
        fsm.record(3, 1000); // category 31: at least 992 bytes
        assertThat(fsm.recorded(3)).isEqualTo(992);
        assertThat(fsm.find(992)).isEqualTo(3);
        assertThat(fsm.find(993)).as("993 bytes need category 32").isEqualTo(-1);
        fsm.record(4, EMPTY);
        assertThat(fsm.recorded(4)).as("an empty page has room for any request").isEqualTo(EMPTY);
        assertThat(fsm.find(EMPTY)).isEqualTo(4);
        assertThat(fsm.find(8150)).as("8150 bytes: only a page recorded as empty guarantees them").isEqualTo(4);
    }

    @Test
    void aPageFoundTooSmallIsNeverOfferedAgainForTheSameRequest() {
        fsm.record(0, 4000);
        fsm.record(1, 4000);
        int request = 3000;
        int first = fsm.find(request);
        assertThat(first).isIn(0, 1);
        // the page turned out to have less than the map said (someone filled it meanwhile)
        int second = fsm.recordAndFind(first, request - 1, request);
        assertThat(second).isIn(0, 1).isNotEqualTo(first);
        assertThat(fsm.recordAndFind(second, 0, request)).isEqualTo(-1);
        assertThat(fsm.find(request - 32)).as("the first page still has request - 1 bytes").isEqualTo(first);
    }

    @Test
    void everyPageReportedTooSmallEndsTheSearchWhateverTheRequest() {
        for (int b = 0; b < 600; b++) {
            fsm.record(b, (b * 37) % EMPTY);
        }
        for (int request : new int[] {1, 31, 32, 33, 500, 4096, 8127, 8128, 8129, 8160, EMPTY}) {
            Set<Integer> offered = new HashSet<>();
            int block = fsm.find(request);
            while (block >= 0) {
                assertThat(offered.add(block)).as("block %d offered twice for %d bytes", block, request).isTrue();
                assertThat(fsm.recorded(block)).isGreaterThanOrEqualTo(request);
                block = fsm.recordAndFind(block, request - 1, request);
            }
        }
    }

    @Test
    void searchSkipsFullGroupsAndFindsTheOnePageWithRoom() {
        for (int b = 0; b < 10 * FreeSpaceMap.GROUP; b++) {
            fsm.record(b, 10);
        }
        int lonely = 7 * FreeSpaceMap.GROUP + 13;
        fsm.record(lonely, 5000);
        assertThat(fsm.find(4000)).isEqualTo(lonely);
        fsm.record(lonely, 100);
        assertThat(fsm.find(4000)).as("the group's largest category went down with its page").isEqualTo(-1);
        assertThat(fsm.find(64)).isEqualTo(lonely);
    }

    @Test
    void successiveSearchesMoveForwardAndWrapAround() {
        for (int b = 0; b < 5; b++) {
            fsm.record(b, EMPTY);
        }
        assertThat(fsm.find(100)).isEqualTo(0);
        assertThat(fsm.find(100)).as("the next search starts after the page last returned").isEqualTo(1);
        fsm.record(0, 0);
        fsm.record(2, 0);
        fsm.record(3, 0);
        fsm.record(4, 0);
        assertThat(fsm.find(100)).as("wraps around to the only page left").isEqualTo(1);
        fsm.record(1, 0);
        assertThat(fsm.find(100)).isEqualTo(-1);
    }

    @Test
    void recordingGrowsTheMapForBlocksFarOut() {
        fsm.record(100_000, EMPTY);
        assertThat(fsm.pages()).isEqualTo(100_001);
        assertThat(fsm.find(EMPTY)).isEqualTo(100_000);
        fsm.record(200_000, 0);
        assertThat(fsm.pages()).as("a full page beyond the map need not grow it").isEqualTo(100_001);
    }
}
