package osgres.signals.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import org.junit.jupiter.api.Test;

import osgres.api.ProcSignal;

class PostmasterSignalsTest {

    @Test
    void eachSignalBecomesThePostmasterRequestPgCtlMeans() {
        RecordingPostmaster postmaster = new RecordingPostmaster();
        for (int number : new int[] {1, 15, 2, 3, 10, 12}) {
            PostmasterSignals.fromNumber(number).ifPresent(s -> PostmasterSignals.deliver(s, postmaster));
        }
        assertThat(postmaster.requests)
                .containsExactly("reload", "shutdown SMART", "shutdown FAST", "shutdown IMMEDIATE", "usr1");
    }

    @Test
    void sigusr2IsIgnoredAndUnknownNumbersAreSkipped() {
        RecordingPostmaster postmaster = new RecordingPostmaster();
        assertThat(PostmasterSignals.deliver(ProcSignal.USR2, postmaster)).isFalse();
        assertThat(PostmasterSignals.fromNumber(17)).isEmpty();
        assertThat(postmaster.requests).isEmpty();
    }

    @Test
    void sigBlkLineNamesTheSignalsLeftUnblocked() {
        // HUP(1) INT(2) QUIT(3) USR1(10) USR2(12) TERM(15) = bits 0,1,2,9,11,14 = 0x4a07
        String allBlocked = "Name:\tjava\nSigPnd:\t0000000000000000\nSigBlk:\t0000000000004a07\nSigIgn:\t0\n";
        assertThat(PostmasterSignals.notBlocked(allBlocked)).isEmpty();
        assertThat(PostmasterSignals.notBlocked("SigBlk:\t0000000000004207\n")).isEmpty();
        String quitMissing = "SigBlk:\t0000000000004a03\n";
        assertThat(PostmasterSignals.notBlocked(quitMissing)).containsExactly(ProcSignal.QUIT);
        assertThat(PostmasterSignals.notBlocked("SigBlk:\t0000000000000000\n"))
                .containsExactlyInAnyOrderElementsOf(PostmasterSignals.MUST_BE_BLOCKED);
    }

    @Test
    void decodeReadsSsiSignoFromEachWholeRecord() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment records = arena.allocate(3L * SignalFd.SIGINFO_SIZE);
            records.set(ValueLayout.JAVA_INT, 0, 1);
            records.set(ValueLayout.JAVA_INT, 12, 4242);
            records.set(ValueLayout.JAVA_INT, SignalFd.SIGINFO_SIZE, 3);
            records.set(ValueLayout.JAVA_INT, 2L * SignalFd.SIGINFO_SIZE, 15);
            assertThat(SignalFd.decode(records, 2L * SignalFd.SIGINFO_SIZE)).containsExactly(1, 3);
            assertThat(SignalFd.decode(records, 3L * SignalFd.SIGINFO_SIZE - 1)).containsExactly(1, 3);
            assertThat(SignalFd.decode(records, 3L * SignalFd.SIGINFO_SIZE)).containsExactly(1, 3, 15);
        }
    }
}
