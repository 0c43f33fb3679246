package osgres.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import osgres.api.ChildKind;
import osgres.api.ProcSignal;

class OsgresCommandsTest {

    private final FakePostmaster postmaster = new FakePostmaster();
    private final OsgresCommands commands = new OsgresCommands(postmaster);

    @Test
    void reloadSignalsTheServerAsPgCtlReloadDoes() {
        assertThat(commands.reload()).isEqualTo("server signaled");
        assertThat(postmaster.requests).containsExactly("reload");
    }

    @Test
    void stopDefaultsToFastLikePgCtl() {
        assertThat(commands.stop()).isEqualTo("fast shutdown requested");
        assertThat(commands.stop("s")).isEqualTo("smart shutdown requested");
        assertThat(commands.stop("IMMEDIATE")).isEqualTo("immediate shutdown requested");
        assertThat(postmaster.requests).containsExactly("shutdown FAST", "shutdown SMART", "shutdown IMMEDIATE");
    }

    @Test
    void stopRejectsAnUnknownMode() {
        assertThatThrownBy(() -> commands.stop("gentle")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unrecognized shutdown mode \"gentle\"");
        assertThat(postmaster.requests).isEmpty();
    }

    @Test
    void killAcceptsSignalNamesWithOrWithoutSigAndNumbers() {
        assertThat(OsgresCommands.parseSignal("TERM")).isEqualTo(ProcSignal.TERM);
        assertThat(OsgresCommands.parseSignal("SIGTERM")).isEqualTo(ProcSignal.TERM);
        assertThat(OsgresCommands.parseSignal("-9")).isEqualTo(ProcSignal.KILL);
        assertThat(OsgresCommands.parseSignal("9")).isEqualTo(ProcSignal.KILL);
        assertThat(OsgresCommands.parseSignal("int")).isEqualTo(ProcSignal.INT);
        assertThatThrownBy(() -> OsgresCommands.parseSignal("STOP"))
                .hasMessage("unrecognized signal name \"STOP\"");
    }

    @Test
    void killSignalsTheChild() {
        assertThat(commands.kill("-9", "4003")).isNull();
        assertThat(commands.kill("TERM", "4001")).isNull();
        assertThat(postmaster.requests).containsExactly("signal KILL 4003", "signal TERM 4001");
    }

    @Test
    void killOfAnUnknownPidSaysNoSuchProcess() {
        assertThatThrownBy(() -> commands.kill("TERM", "99")).isInstanceOf(IllegalStateException.class)
                .hasMessage("could not send signal 15 (PID: 99): No such process");
        assertThatThrownBy(() -> commands.kill("TERM", "abc")).hasMessage("invalid process ID \"abc\"");
    }

    @Test
    void killOfThePostmasterPidActsAsTheSignalToPostgres() {
        commands.kill("HUP", Long.toString(FakePostmaster.PID));
        commands.kill("QUIT", Long.toString(FakePostmaster.PID));
        assertThat(postmaster.requests).containsExactly("reload", "shutdown IMMEDIATE");
        assertThatThrownBy(() -> commands.kill("KILL", Long.toString(FakePostmaster.PID)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void restartNamesAnAuxiliaryProcessInAnySpelling() {
        assertThat(OsgresCommands.parseKind("checkpointer")).isEqualTo(ChildKind.CHECKPOINTER);
        assertThat(OsgresCommands.parseKind("autovacuum-launcher")).isEqualTo(ChildKind.AUTOVACUUM_LAUNCHER);
        assertThat(OsgresCommands.parseKind("background writer")).isEqualTo(ChildKind.BGWRITER);
        assertThat(OsgresCommands.parseKind("WALWRITER")).isEqualTo(ChildKind.WALWRITER);
        assertThat(commands.restart("checkpointer")).isEqualTo("checkpointer restart requested");
        assertThat(postmaster.requests).containsExactly("restart CHECKPOINTER");
    }

    @Test
    void restartExplainsWhatItCannotDo() {
        assertThatThrownBy(() -> commands.restart("bgwriter")).hasMessage("no background writer process is running");
        assertThatThrownBy(() -> commands.restart("client backend"))
                .hasMessageStartingWith("client backends cannot be restarted");
        assertThatThrownBy(() -> commands.restart("logger"))
                .hasMessageStartingWith("unrecognized process type \"logger\" (one of: startup, bgwriter,");
    }
}
