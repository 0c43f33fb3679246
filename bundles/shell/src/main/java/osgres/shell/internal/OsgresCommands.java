package osgres.shell.internal;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import osgres.api.ChildKind;
import osgres.api.PostmasterControl;
import osgres.api.ProcSignal;
import osgres.api.ShutdownMode;

/**
 * The operator's Gogo commands ({@code osgres:status}, {@code ps}, {@code reload}, {@code stop}, {@code kill},
 * {@code restart}): what {@code pg_ctl status|reload|stop|kill} and a look at {@code pg_stat_activity} give a
 * PostgreSQL operator, plus restarting one auxiliary process. Each command only enqueues a request with the
 * postmaster (or reads its status) and returns the text to print; errors are thrown with pg_ctl's message
 * text. Commands do not wait for the request to take effect (pg_ctl's {@code -w} is the caller's business).
 */
@Component(name = "osgres.shell.commands", service = OsgresCommands.class, property = {
    "osgi.command.scope=osgres",
    "osgi.command.function=status", "osgi.command.function=ps", "osgi.command.function=reload",
    "osgi.command.function=stop", "osgi.command.function=kill", "osgi.command.function=restart"})
public final class OsgresCommands {

    private final PostmasterControl postmaster;

    /** Static and mandatory: every command talks to the postmaster; without one there are no commands. */
    @Activate
    public OsgresCommands(@Reference(name = "postmaster") PostmasterControl postmaster) {
        this.postmaster = postmaster;
    }

    @Descriptor("show the server's state, where it listens and its processes")
    public String status() {
        return StatusReport.status(postmaster.status());
    }

    @Descriptor("list the server's processes, like pg_stat_activity")
    public String ps() {
        return StatusReport.children(postmaster.children());
    }

    @Descriptor("reload postgresql.conf and pg_hba.conf (pg_ctl reload, SIGHUP)")
    public String reload() {
        postmaster.requestReload();
        return Messages.SERVER_SIGNALED;
    }

    @Descriptor("shut the server down in fast mode (pg_ctl stop)")
    public String stop() {
        return stop("fast");
    }

    @Descriptor("shut the server down (pg_ctl stop -m smart|fast|immediate)")
    public String stop(@Descriptor("smart, fast or immediate") String mode) {
        ShutdownMode shutdown;
        try {
            shutdown = ShutdownMode.parse(mode);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(Messages.unrecognizedShutdownMode(mode));
        }
        postmaster.requestShutdown(shutdown);
        return Messages.shutdownRequested(shutdown.name().toLowerCase(Locale.ROOT));
    }

    @Descriptor("send a signal to a server process (pg_ctl kill)")
    public String kill(@Descriptor("HUP, INT, QUIT, KILL, USR1, USR2 or TERM (or its number)") String signalName,
                       @Descriptor("process ID, as in osgres:ps") String processId) {
        ProcSignal signal = parseSignal(signalName);
        int pid = parsePid(processId);
        if (pid == postmaster.status().pid()) {
            return signalPostmaster(signal);
        }
        if (!postmaster.signalChild(pid, signal)) {
            throw new IllegalStateException(Messages.couldNotSendSignal(signal.number(), pid));
        }
        return null;
    }

    @Descriptor("stop one auxiliary process and start it again")
    public String restart(@Descriptor("checkpointer, bgwriter, walwriter, autovacuum-launcher...") String kindName) {
        ChildKind kind = parseKind(kindName);
        if (kind == ChildKind.BACKEND) {
            throw new IllegalArgumentException(Messages.CANNOT_RESTART_BACKEND);
        }
        if (!postmaster.restartAuxiliary(kind)) {
            throw new IllegalStateException(Messages.notRunning(kind.backendType()));
        }
        return Messages.restartRequested(kind.backendType());
    }

    /** A signal to the postmaster itself means what it means when pg_ctl sends it to postgres's pid. */
    private String signalPostmaster(ProcSignal signal) {
        switch (signal) {
            case HUP -> postmaster.requestReload();
            case TERM -> postmaster.requestShutdown(ShutdownMode.SMART);
            case INT -> postmaster.requestShutdown(ShutdownMode.FAST);
            case QUIT -> postmaster.requestShutdown(ShutdownMode.IMMEDIATE);
            case USR1 -> postmaster.requestUsr1();
            case USR2 -> {
                // ignored by the postmaster, as SIGUSR2 is in postmaster.c
            }
            case KILL -> throw new IllegalArgumentException(Messages.cannotKillPostmaster());
        }
        return null;
    }

    static ProcSignal parseSignal(String name) {
        try {
            return ProcSignal.parse(name.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(Messages.unrecognizedSignalName(name));
        }
    }

    static int parsePid(String pid) {
        try {
            int value = Integer.parseInt(pid.strip());
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw new IllegalArgumentException(Messages.invalidProcessId(pid));
    }

    /** Accepts the shell name ({@code autovacuum-launcher}), the enum name or the backend type. */
    static ChildKind parseKind(String name) {
        String wanted = normalizeKind(name);
        for (ChildKind kind : ChildKind.values()) {
            if (normalizeKind(kind.shellName()).equals(wanted) || normalizeKind(kind.backendType()).equals(wanted)) {
                return kind;
            }
        }
        throw new IllegalArgumentException(Messages.unrecognizedProcessType(name, Arrays.stream(ChildKind.values())
                .filter(k -> k != ChildKind.BACKEND).map(ChildKind::shellName).collect(Collectors.joining(", "))));
    }

    private static String normalizeKind(String name) {
        return name.strip().toLowerCase(Locale.ROOT).replaceAll("[-_ ]", "");
    }
}
