package osgres.startup.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import osgres.api.AuxiliaryContext;
import osgres.api.PgException;
import osgres.api.ProcSignal;
import osgres.api.Severity;

class StartupProcessTest {
    private final AtomicInteger recoveries = new AtomicInteger();

    @Test
    void runRecoversThenExitsNormally() throws Exception {
        StartupProcess startup = new StartupProcess(recoveries::incrementAndGet);

        startup.run(new TestContext());

        assertThat(recoveries).hasValue(1);
    }

    @Test
    void sigtermDuringRecoveryLetsRedoFinish() throws Exception {
        StartupProcess[] holder = new StartupProcess[1];
        holder[0] = new StartupProcess(() -> {
            holder[0].signal(ProcSignal.TERM);
            recoveries.incrementAndGet();
        });

        holder[0].run(new TestContext());

        assertThat(recoveries).hasValue(1);
    }

    @Test
    void sigtermBeforeRecoveryBeganExitsWithCodeOneWithoutRecovering() throws Exception {
        StartupProcess startup = new StartupProcess(recoveries::incrementAndGet);
        startup.signal(ProcSignal.TERM);

        assertThatThrownBy(() -> startup.run(new TestContext()))
                .isInstanceOfSatisfying(PgException.class, e -> assertThat(e.severity()).isEqualTo(Severity.FATAL));
        assertThat(recoveries).hasValue(0);
    }

    @Test
    void aStopSignalIsForgottenOnceItsRunEnded() throws Exception {
        StartupProcess startup = new StartupProcess(recoveries::incrementAndGet);
        startup.signal(ProcSignal.QUIT);
        assertThatThrownBy(() -> startup.run(new TestContext())).isInstanceOf(PgException.class);

        startup.run(new TestContext());

        assertThat(recoveries).hasValue(1);
    }

    @Test
    void hangupDoesNotStopRecovery() throws Exception {
        StartupProcess startup = new StartupProcess(recoveries::incrementAndGet);
        startup.signal(ProcSignal.HUP);

        startup.run(new TestContext());

        assertThat(recoveries).hasValue(1);
    }

    @Test
    void aDeactivatedComponentRefusesToRun() throws Exception {
        StartupProcess startup = new StartupProcess(recoveries::incrementAndGet);
        startup.deactivate();

        assertThatThrownBy(() -> startup.run(new TestContext())).isInstanceOf(IllegalStateException.class)
                .hasMessage("startup component has been deactivated");
        assertThat(recoveries).hasValue(0);
    }

    private static final class TestContext implements AuxiliaryContext {
        @Override
        public int pid() {
            return 41;
        }

        @Override
        public boolean afterCrash() {
            return true;
        }

        @Override
        public void notifyPostmaster(String reason) {
        }
    }
}
