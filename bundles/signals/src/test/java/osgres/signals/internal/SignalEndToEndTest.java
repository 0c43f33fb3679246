package osgres.signals.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Starts a JVM the way bin/osgres does ({@code env --block-signal=... java -Xrs}) and sends it the signals
 * pg_ctl sends, checking each arrives as the right postmaster request.
 */
@EnabledOnOs(OS.LINUX)
class SignalEndToEndTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @Test
    void signalsPgCtlSendsReachThePostmasterThroughTheSignalfd() throws Exception {
        assumeThat(Files.isExecutable(Path.of("/usr/bin/env"))).isTrue();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process probe = new ProcessBuilder("/usr/bin/env", "--block-signal=HUP,INT,TERM,QUIT,USR1,USR2",
                java.toString(), "-Xrs", "--enable-native-access=ALL-UNNAMED", "-cp", classPath,
                SignalProbe.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(probe.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("read failed: " + e);
            }
        });
        try {
            assertThat(next(lines)).isEqualTo("not blocked: []");
            assertThat(next(lines)).isEqualTo("reading: true");
            // One at a time: standard signals of one kind coalesce while pending.
            List<String[]> sent = List.of(new String[] {"HUP", "request: reload"},
                    new String[] {"USR1", "request: usr1"},
                    new String[] {"USR2", null},
                    new String[] {"TERM", "request: shutdown SMART"},
                    new String[] {"INT", "request: shutdown FAST"},
                    new String[] {"QUIT", "request: shutdown IMMEDIATE"});
            for (String[] signal : sent) {
                kill(signal[0], probe.pid());
                if (signal[1] != null) {
                    assertThat(next(lines)).as("after SIG" + signal[0]).isEqualTo(signal[1]);
                }
            }
            assertThat(next(lines)).isEqualTo("stopped: true");
            assertThat(probe.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(probe.exitValue()).isZero();
        } finally {
            probe.destroyForcibly();
        }
    }

    private static String next(BlockingQueue<String> lines) throws InterruptedException {
        String line = lines.poll(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(line).as("a line from the probe within " + DEADLINE).isNotNull();
        return line;
    }

    private static void kill(String signal, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).isZero();
    }
}
