package osgres.walsender.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LagTrackerTest {

    @Test
    void aReportedPositionsLagIsTheTimeSinceThatWalWasSent() {
        LagTracker lag = new LagTracker();
        lag.sent(100, 1_000_000);
        lag.sent(200, 2_000_000);
        lag.sent(300, 3_000_000);
        // written up to 250 at 5 ms: the newest sample reached is 200, sent at 2 ms
        assertThat(lag.read(LagTracker.WRITE, 250, 5_000_000)).isEqualTo(3_000);
        // nothing new reached since: no measurement
        assertThat(lag.read(LagTracker.WRITE, 250, 6_000_000)).isEqualTo(-1);
        assertThat(lag.read(LagTracker.FLUSH, 100, 6_000_000)).isEqualTo(5_000);
        assertThat(lag.read(LagTracker.APPLY, 300, 9_000_000)).isEqualTo(6_000);
        assertThat(lag.read(LagTracker.WRITE, 300, 9_000_000)).isEqualTo(6_000);
    }

    @Test
    void samplesAreKeptUntilEveryKindPassedThemAndOldLsnsAreIgnored() {
        LagTracker lag = new LagTracker();
        lag.sent(100, 1_000_000);
        lag.sent(100, 2_000_000); // not past the last sample: ignored
        assertThat(lag.read(LagTracker.WRITE, 100, 3_000_000)).isEqualTo(2_000);
        lag.sent(200, 4_000_000);
        assertThat(lag.read(LagTracker.APPLY, 200, 5_000_000)).isEqualTo(1_000);
        assertThat(lag.read(LagTracker.FLUSH, 150, 5_000_000)).isEqualTo(4_000);
        for (int i = 0; i < 10_000; i++) {
            lag.sent(1_000 + i, 10_000_000L + i);
        }
        // the oldest samples were dropped at capacity: the newest reached is still found
        assertThat(lag.read(LagTracker.WRITE, 10_999, 20_000_000)).isEqualTo((20_000_000 - 10_009_999) / 1000);
    }
}
