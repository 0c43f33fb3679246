package osgres.signals.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import osgres.api.ProcSignal;

@EnabledOnOs(OS.LINUX)
class SignalReaderTest {

    @Test
    void readerThreadStartsWithItsNameAndStopsWithinTheBoundedWait() throws Exception {
        // USR1 only: the test JVM does not use it, and it is never sent here.
        SignalReader reader = new SignalReader(List.of(ProcSignal.USR1), number -> { });
        reader.start();
        assertThat(reader.isRunning()).isTrue();
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .contains("postgres: signal handler");
        long started = System.nanoTime();
        reader.close();
        assertThat(reader.isRunning()).isFalse();
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(3L * SignalReader.POLL_MILLIS + 1000);
    }
}
