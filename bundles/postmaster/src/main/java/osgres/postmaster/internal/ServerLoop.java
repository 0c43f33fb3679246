package osgres.postmaster.internal;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

import osgres.api.AuxiliaryContext;
import osgres.api.AuxiliaryProcess;
import osgres.api.BackendFactory;
import osgres.api.BackendSession;
import osgres.api.ChildInfo;
import osgres.api.ChildKind;
import osgres.api.ClientConnection;
import osgres.api.Listener;
import osgres.api.PgException;
import osgres.api.PgTempFiles;
import osgres.api.PmState;
import osgres.api.PostmasterControl;
import osgres.api.ProcSignal;
import osgres.api.QuitReason;
import osgres.api.ServerLog;
import osgres.api.ServerStatus;
import osgres.api.ServerVersion;
import osgres.api.ServerTls;
import osgres.api.Settings;
import osgres.api.Severity;
import osgres.api.SharedMemoryOwner;
import osgres.api.ShutdownMode;
import osgres.api.SqlState;

/**
 * The postmaster's ServerLoop and state machine (postmaster.c). One platform thread owns every piece of
 * postmaster state: the PM state, the shutdown mode, FatalError, the child table. Everything else only
 * enqueues {@link PmEvent}s. States and transitions (SPEC.md section 2):
 * <pre>
 * INIT ─► STARTUP ─(startup exits 0)─► RUN
 * RUN ─smart─► RUN with connsAllowed=false ─(no backends)─► STOP_BACKENDS
 * RUN ─fast─► STOP_BACKENDS ─(TERM sent)─► WAIT_BACKENDS ─(none left)─► SHUTDOWN (checkpointer writes the
 *     shutdown checkpoint) ─► SHUTDOWN_2 (USR2 to the archiver: a last archiving cycle) ─► WAIT_DEAD_END
 *     ─► NO_CHILDREN ─► exit 0
 * any ─immediate / child crash─► WAIT_BACKENDS (QUIT sent) ─► WAIT_DEAD_END ─► NO_CHILDREN ─►
 *     exit (shutdown) or reinitialize shared memory and start again at STARTUP (crash)
 * </pre>
 * Without a startup (or checkpointer) process registered, the steps that need it are skipped.
 *
 * <p>Auxiliary children, one kind at a time. Invariant: <b>at most one child of a kind is alive</b> (autovacuum
 * workers aside), counting a retiring one, because every run of a kind shares its component's ProcessLatch: two
 * runs at once would consume each other's TERM (the double walwriter of issue 8).
 * <pre>
 * (none) ─preferred provider bound, state wants it─► running
 * running ─osgres:restart / newer provider bound / its service unbinding─► retiring (TERM sent)
 * retiring ─thread ends, reaped─► (none), and the preferred provider starts at once
 * running ─returns or throws unasked─► judged as a process exit (crash reset if abnormal)
 * </pre>
 * The preferred provider of a kind is the bound AuxiliaryProcess of the highest bundle version.
 */
final class ServerLoop implements Runnable {
    private static final long SIGKILL_CHILDREN_AFTER_MS = 5_000;
    private static final long LOCK_FILE_CHECK_MS = 60_000;
    private static final long PENDING_CONNECTION_WAIT_MS = 10_000;
    private static final int PID_MAX = 4_194_304;
    /** How long the postmaster waits for a required startup process to be registered (bundles still starting). */
    private static final long STARTUP_PROCESS_WAIT_MS = 60_000;
    /** How long an unbind waits for the children of the leaving service to end (DESIGN.md's bounded join). */
    private static final long RETIRE_WAIT_MS = 10_000;

    private final Settings settings;
    /** The TLS context, re-read after the settings on every reload (the postmaster's secure_initialize), or null. */
    private final Supplier<ServerTls> tls;
    private final SharedMemoryOwner sharedMemory;
    private final Listener listener;
    private final Supplier<BackendFactory> backendFactory;
    private final PostmasterControl control;
    private final IntConsumer exitServer;
    private final Map<String, String> launchInfo;
    private final boolean startupRequired;

    private final LinkedBlockingQueue<PmEvent> events = new LinkedBlockingQueue<>();
    private final Map<Integer, Child> children = new ConcurrentHashMap<>();
    /**
     * Every bound AuxiliaryProcess service and its bundle. Written by the DS threads that bind and unbind (it is the
     * registry of what is bound, not postmaster state); the loop reads it to choose which provider of a kind runs.
     */
    private final Map<AuxiliaryProcess, AuxiliaryProvider> providers = new ConcurrentHashMap<>();
    /** Loop-owned: the bundle the last child of each kind ran from, to log a change of version once. */
    private final Map<ChildKind, String> lastBundle = new EnumMap<>(ChildKind.class);
    private final Deque<PendingConnection> pending = new ArrayDeque<>();
    private final SecureRandom random = new SecureRandom();
    private final long pid = ProcessHandle.current().pid();
    private final Instant started = Instant.now();

    private volatile PmState state = PmState.INIT;
    private volatile ShutdownMode shutdown;
    private volatile QuitReason quitReason = QuitReason.NOT_SENT;
    private volatile boolean running = true;
    private volatile Listener.Opened opened;
    private boolean fatalError;
    private boolean connsAllowed = true;
    private boolean startupCrashed;
    private boolean startupSignaled;
    /** The startup process asked for a walreceiver (START_WALRECEIVER) and has not said STOP_WALRECEIVER since. */
    private boolean walReceiverWanted;
    private boolean afterCrash;
    /** The startup process is required (there is storage to recover) but its bundle has not registered it yet. */
    private boolean startupPending;
    private long startupPendingSince;
    private long abortStartMillis;
    private long lastLockFileCheck = System.currentTimeMillis();
    private int nextPid;
    private int port;
    private LockFile lockFile;
    private ConnectionSlots slots;
    private ConnectionSlots walSenderSlots;
    private BackendThreads backendThreads;
    private Thread thread;

    private record PendingConnection(ClientConnection connection, long since) {
    }

    ServerLoop(Settings settings, Supplier<ServerTls> tls, SharedMemoryOwner sharedMemory, Listener listener,
               Supplier<BackendFactory> backendFactory, PostmasterControl control, IntConsumer exitServer,
               Map<String, String> launchInfo) {
        this.settings = settings;
        this.tls = tls;
        this.sharedMemory = sharedMemory;
        this.listener = listener;
        this.backendFactory = backendFactory;
        this.control = control;
        this.exitServer = exitServer;
        this.launchInfo = launchInfo;
        this.startupRequired = Boolean.parseBoolean(launchInfo.getOrDefault("startup_required", "false"));
        this.nextPid = (int) Math.min(pid + 1, PID_MAX - 1);
    }

    void start() {
        thread = Thread.ofPlatform().name("postgres: postmaster").start(this);
    }

    void post(PmEvent event) {
        events.add(event);
    }

    boolean isRunning() {
        return running;
    }

    // ---- called from other threads (service bindings, shell) -------------------------------------------

    void auxiliaryArrived(AuxiliaryProvider provider) {
        providers.put(provider.process(), provider);
        post(new PmEvent.AuxiliaryArrived(provider.process()));
    }

    /**
     * Unbind (hot swap, bundle stopped, crash reset): the children running this service must have ended when
     * this returns, because the storage services they use may go away right after (DESIGN.md: every auxiliary
     * loop stops within a bounded join). The loop retires them (it alone changes the child table); this thread
     * only waits for their threads. On the loop's own thread (a crash reset unregisters shared memory from
     * there) the retiring is done directly; if the loop does not answer in time (it has ended), the service is
     * told to stop directly, which is all the loop would have done.
     */
    void auxiliaryLeft(AuxiliaryProcess process) {
        providers.remove(process);
        List<Thread> threads;
        if (Thread.currentThread() == thread || !running) {
            threads = retireChildrenOf(process);
        } else {
            CompletableFuture<List<Thread>> retired = new CompletableFuture<>();
            post(new PmEvent.AuxiliaryLeft(process, retired));
            try {
                threads = retired.get(RETIRE_WAIT_MS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException e) {
                List<Child> running = children.values().stream().filter(c -> c.service == process).toList();
                running.forEach(c -> c.auxiliary.signal(ProcSignal.TERM));
                threads = running.stream().map(c -> c.thread).filter(t -> t != null).toList();
            }
        }
        for (Thread t : threads) {
            if (t != Thread.currentThread()) {
                try {
                    t.join(RETIRE_WAIT_MS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    ServerStatus status() {
        Listener.Opened o = opened;
        return new ServerStatus(state, shutdown, pid, settings.dataDirectory(), started, port,
                o == null ? List.of() : o.tcpAddresses(),
                o == null ? List.of() : o.unixSockets().stream().map(Path::toString).toList(),
                sharedMemory.generation(), children());
    }

    List<ChildInfo> children() {
        return children.values().stream().filter(c -> !c.killed).map(Child::info)
                .sorted((a, b) -> Integer.compare(a.pid(), b.pid())).toList();
    }

    // ---- the loop --------------------------------------------------------------------------------------

    @Override
    public void run() {
        if (!startServer()) {
            return;
        }
        while (running) {
            try {
                PmEvent event = events.poll(1, TimeUnit.SECONDS);
                while (event != null && running) {
                    handle(event);
                    event = events.poll();
                }
                if (running) {
                    periodic();
                    stateMachine();
                }
            } catch (InterruptedException e) {
                running = false;
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                // a bug in the postmaster must not leave a half-dead server behind
                ServerLog.log(Severity.LOG, "postmaster loop failed: " + stackTrace(e));
                immediateExit(1);
            }
        }
    }

    /** PostmasterMain up to the first ServerLoop iteration. Returns false if the server could not start. */
    private boolean startServer() {
        port = (int) settings.intValue("port");
        try {
            lockFile = LockFile.create(settings.dataDirectory(), pid, started.getEpochSecond(), port);
        } catch (PgException e) {
            ServerLog.log(e);
            running = false;
            exitServer.accept(1);
            return false;
        }
        try {
            ServerLog.log(Messages.starting(ServerVersion.FULL));
            // RemovePgTempFiles: with the lock file held no backend of this data directory runs
            PgTempFiles.removeAll(settings.dataDirectory());
            sharedMemory.create();
            lockFile.setLine(LockFile.LINE_SHMEM_KEY, shmemKeyLine());
            opened = listener.open(port, settings.value("listen_addresses").orElse("localhost"),
                    settings.value("unix_socket_directories").orElse("/tmp"),
                    (int) settings.intValue("unix_socket_permissions"), lockFile.firstLines(),
                    connection -> post(new PmEvent.Accepted(connection)));
            lockFile.setLine(LockFile.LINE_LISTEN_ADDR, opened.firstTcpAddress());
            lockFile.setLine(LockFile.LINE_SOCKET_DIR, opened.firstSocketDirectory());
            writeOptionsFile();
            slots = new ConnectionSlots((int) settings.intValue("max_connections"),
                    (int) settings.intValue("superuser_reserved_connections"));
            walSenderSlots = new ConnectionSlots((int) settings.intValue("max_wal_senders"), 0);
            backendThreads = new BackendThreads((int) settings.intValue("osgres.platform_backends"));
            lockFile.setLine(LockFile.LINE_STATUS, LockFile.STATUS_STARTING);
            launchStartupOrRun();
            return true;
        } catch (PgException e) {
            ServerLog.log(e);
            exitPostmaster(1);
            return false;
        }
    }

    private void handle(PmEvent event) {
        switch (event) {
            case PmEvent.Shutdown s -> shutdownRequest(s.mode());
            case PmEvent.Reload r -> reload();
            case PmEvent.Usr1 u -> promoteIfAsked();
            case PmEvent.Accepted a -> accepted(a.connection());
            case PmEvent.ChildExited e -> reap(e.child(), e.status());
            case PmEvent.SignalChild s -> s.done().complete(signalChild(s.pid(), s.signal()));
            case PmEvent.Cancel c -> cancel(c.pid(), c.key());
            case PmEvent.RestartAuxiliary r -> r.done().complete(restartAuxiliary(r.kind()));
            case PmEvent.AuxiliaryArrived a -> auxiliaryArrived();
            case PmEvent.AuxiliaryLeft l -> auxiliaryLeftLoop(l);
            case PmEvent.BackendFactoryChanged b -> dispatchPending();
            case PmEvent.ChildRequest r -> childRequest(r.reason());
        }
        stateMachine();
    }

    // ---- signals -----------------------------------------------------------------------------------------

    private void shutdownRequest(ShutdownMode mode) {
        if (shutdown != null && shutdown.compareTo(mode) >= 0) {
            return;
        }
        shutdown = mode;
        switch (mode) {
            case SMART -> {
                ServerLog.log(Messages.SMART_REQUEST);
                setStatus(LockFile.STATUS_STOPPING);
                if (state == PmState.RUN || state == PmState.HOT_STANDBY) {
                    connsAllowed = false;
                } else if (state == PmState.STARTUP || state == PmState.RECOVERY) {
                    state = PmState.STOP_BACKENDS;
                }
            }
            case FAST -> {
                ServerLog.log(Messages.FAST_REQUEST);
                setStatus(LockFile.STATUS_STOPPING);
                if (state == PmState.STARTUP || state == PmState.RECOVERY) {
                    state = PmState.STOP_BACKENDS;
                } else if (state == PmState.RUN || state == PmState.HOT_STANDBY) {
                    ServerLog.log(Messages.ABORTING_TRANSACTIONS);
                    state = PmState.STOP_BACKENDS;
                }
            }
            case IMMEDIATE -> {
                ServerLog.log(Messages.IMMEDIATE_REQUEST);
                setStatus(LockFile.STATUS_STOPPING);
                quitReason = QuitReason.FOR_STOP;
                for (Child child : children.values()) {
                    sendQuit(child);
                }
                state = PmState.WAIT_BACKENDS;
                if (abortStartMillis == 0) {
                    abortStartMillis = System.currentTimeMillis();
                }
            }
        }
    }

    private void reload() {
        if (shutdown != null && shutdown.compareTo(ShutdownMode.SMART) > 0) {
            return;
        }
        ServerLog.log(Messages.RECEIVED_SIGHUP);
        settings.reload();
        ServerTls serverTls = tls.get();
        if (serverTls != null) {
            serverTls.reload();
        }
        for (Child child : children.values()) {
            deliver(child, ProcSignal.HUP);
        }
        if (state == PmState.RUN && shutdown == null && !fatalError) {
            startMissingAuxiliaries(state); // autovacuum turned on
        }
    }

    private boolean signalChild(int targetPid, ProcSignal signal) {
        Child child = children.get(targetPid);
        if (child == null || child.killed) {
            return false;
        }
        switch (signal) {
            case KILL -> kill(child);
            case QUIT -> sendQuit(child);
            default -> deliver(child, signal);
        }
        return true;
    }

    private void cancel(int targetPid, int key) {
        Child child = children.get(targetPid);
        if (child == null || !child.isBackend() || child.deadEnd) {
            ServerLog.log(Severity.LOG, Messages.cancelNoMatch(targetPid));
        } else if (child.cancelKey != key) {
            ServerLog.log(Severity.LOG, Messages.wrongCancelKey(targetPid));
        } else {
            deliver(child, ProcSignal.INT);
        }
    }

    /**
     * osgres:restart KIND: the running child is told to stop (TERM) and marked retiring; the new one starts when
     * the old one has been reaped ({@link #startIfMissing}), never before, so two children of a kind never run at
     * once. A second request while the first is under way finds only the retiring child and does nothing more.
     */
    private boolean restartAuxiliary(ChildKind kind) {
        Child child = runningChild(kind);
        if (child == null || child.auxiliary == null) {
            return aliveChild(kind) != null;
        }
        ServerLog.log(Severity.LOG, Messages.restartingOnRequest(kind.processName(), child.pid));
        retire(child);
        return true;
    }

    /** Tells a child to stop because its service goes away or is replaced: its exit is not judged. */
    private void retire(Child child) {
        child.retiring = true;
        child.auxiliary.signal(ProcSignal.TERM);
    }

    private List<Thread> retireChildrenOf(AuxiliaryProcess process) {
        List<Thread> threads = new ArrayList<>();
        for (Child child : children.values()) {
            if (child.service == process && !child.killed) {
                if (!child.retiring) {
                    ServerLog.log(Severity.LOG, Messages.providerGoing(child.kind.processName(), child.pid,
                            child.bundle));
                }
                retire(child);
                if (child.thread != null) {
                    threads.add(child.thread);
                }
            }
        }
        return threads;
    }

    /**
     * The loop's half of an unbind: retire the service's children and hand their threads to the unbinding thread;
     * if that was the last provider of a kind the server wants, say so and what it means (never silent).
     */
    private void auxiliaryLeftLoop(PmEvent.AuxiliaryLeft left) {
        List<Child> leaving = children.values().stream().filter(c -> c.service == left.process()).toList();
        left.retired().complete(retireChildrenOf(left.process()));
        ChildKind kind = left.process().kind();
        if (!leaving.isEmpty() && preferredProvider(kind) == null && auxiliaryState() && shutdown == null
                && !fatalError) {
            String bundle = leaving.getFirst().bundle.split(" ")[0];
            ServerLog.log(kind == ChildKind.CHECKPOINTER ? Severity.WARNING : Severity.LOG,
                    Messages.kindWithoutProvider(kind.processName()), Messages.withoutProviderDetail(kind),
                    Messages.withoutProviderHint(bundle));
        }
    }

    /** A provider arrived: start its kind if missing, or replace a running child of an older bundle version. */
    private void auxiliaryArrived() {
        launchPendingStartup();
        if (!auxiliaryState()) {
            return;
        }
        for (Child child : List.copyOf(children.values())) {
            if (child.auxiliary == null || child.killed || child.retiring || child.kind == ChildKind.STARTUP) {
                continue;
            }
            AuxiliaryProvider preferred = preferredProvider(child.kind);
            if (preferred != null && preferred.process() != child.service) {
                ServerLog.log(Severity.LOG, Messages.replacingWithNewer(child.kind.processName(), child.pid,
                        child.bundle, preferred.label()));
                retire(child);
            }
        }
        startMissingAuxiliaries(state);
    }

    private void childRequest(String reason) {
        switch (reason) {
            case "RECOVERY_STARTED" -> {
                if (state == PmState.STARTUP && shutdown == null) {
                    fatalError = false;
                    abortStartMillis = 0;
                    if (!settings.boolValue("hot_standby")) {
                        setStatus(LockFile.STATUS_STANDBY);
                    }
                    state = PmState.RECOVERY;
                }
            }
            case "BEGIN_HOT_STANDBY" -> {
                if (state == PmState.RECOVERY && shutdown == null) {
                    ServerLog.log("database system is ready to accept read-only connections");
                    setStatus(LockFile.STATUS_READY);
                    state = PmState.HOT_STANDBY;
                    connsAllowed = true;
                }
            }
            case "START_WALRECEIVER" -> {
                // PMSIGNAL_START_WALRECEIVER: the startup process in standby mode wants WAL streamed
                if ((state == PmState.STARTUP || state == PmState.RECOVERY || state == PmState.HOT_STANDBY)
                        && shutdown == null && !fatalError) {
                    walReceiverWanted = true;
                    startIfMissing(ChildKind.WALRECEIVER);
                }
            }
            case "STOP_WALRECEIVER" -> {
                // ShutdownWalRcv at a promotion: the walreceiver is told to stop and not started again
                walReceiverWanted = false;
                Child receiver = runningChild(ChildKind.WALRECEIVER);
                if (receiver != null) {
                    deliver(receiver, ProcSignal.TERM);
                }
            }
            case "START_AUTOVAC_WORKER" -> startAutovacuumWorker();
            default -> { /* ADVANCE_STATE_MACHINE and unknown reasons just run the state machine */ }
        }
    }

    private void deliver(Child child, ProcSignal signal) {
        if (child.isBackend()) {
            BackendSession session = child.session;
            if (session != null) {
                session.signal(signal);
            }
        } else if (child.auxiliary != null) {
            child.auxiliary.signal(signal);
        }
    }

    private void sendQuit(Child child) {
        if (child.killed) {
            return;
        }
        child.quitSent = true;
        if (child.kind == ChildKind.STARTUP) {
            startupSignaled = true;
        }
        deliver(child, ProcSignal.QUIT);
    }

    /** SIGKILL: the child is abandoned (its socket closed) and reaped now as killed by signal 9. */
    private void kill(Child child) {
        child.killed = true;
        if (child.connection != null) {
            try {
                child.connection.channel().close();
            } catch (IOException e) {
                // the point is that the client sees the connection go away
            }
        }
        if (child.auxiliary != null) {
            child.auxiliary.signal(ProcSignal.QUIT);
        }
        reap(child, ExitStatus.killed());
    }

    // ---- connections -------------------------------------------------------------------------------------

    private void accepted(ClientConnection connection) {
        if (state == PmState.WAIT_DEAD_END || state == PmState.NO_CHILDREN || !running) {
            closeQuietly(connection);
            return;
        }
        BackendFactory factory = backendFactory.get();
        if (factory == null) {
            pending.add(new PendingConnection(connection, System.currentTimeMillis()));
            return;
        }
        startBackend(factory, connection);
    }

    private void dispatchPending() {
        BackendFactory factory = backendFactory.get();
        while (factory != null && !pending.isEmpty()) {
            startBackend(factory, pending.poll().connection());
        }
    }

    /** canAcceptConnections for a normal backend: null if welcome, else the refusal to send. */
    private PgException refusal() {
        if (state != PmState.RUN && state != PmState.HOT_STANDBY) {
            if (shutdown != null) {
                return cannotConnect(Messages.SHUTTING_DOWN);
            } else if (state == PmState.STARTUP && !fatalError) {
                return cannotConnect(Messages.STARTING_UP);
            } else if (state == PmState.RECOVERY && !fatalError) {
                return settings.boolValue("hot_standby")
                        ? cannotConnect(Messages.NOT_YET_ACCEPTING).withDetail(Messages.CONSISTENT_NOT_REACHED)
                        : cannotConnect(Messages.NOT_ACCEPTING).withDetail(Messages.HOT_STANDBY_DISABLED);
            }
            return cannotConnect(Messages.IN_RECOVERY);
        }
        if (!connsAllowed) {
            return cannotConnect(Messages.SHUTTING_DOWN);
        }
        long limit = 2 * (settings.intValue("max_connections") + settings.intValue("autovacuum_max_workers") + 1
                + settings.intValue("max_wal_senders") + settings.intValue("max_worker_processes"));
        if (countChildren(true) >= limit) {
            return PgException.fatal(SqlState.TOO_MANY_CONNECTIONS, Messages.TOO_MANY_CLIENTS);
        }
        return null;
    }

    private static PgException cannotConnect(String message) {
        return PgException.fatal(SqlState.CANNOT_CONNECT_NOW, message);
    }

    private void startBackend(BackendFactory factory, ClientConnection connection) {
        PgException refusal = refusal();
        Child child = new Child(allocatePid(), ChildKind.BACKEND, refusal != null, random.nextInt(), connection,
                null);
        BackendSession session;
        try {
            session = factory.create(connection, new BackendChildEnvironment(child, Optional.ofNullable(refusal),
                    slots, walSenderSlots, () -> quitReason, control));
        } catch (RuntimeException e) {
            // the backend service is going away (crash reset or update): the client must retry
            ServerLog.log(Severity.LOG, "could not fork new process for connection: " + e.getMessage());
            closeQuietly(connection);
            return;
        }
        child.session = session;
        children.put(child.pid, child);
        backendThreads.start("postgres: backend " + child.pid, () -> {
            child.thread = Thread.currentThread();
            runChild(child, session::run);
        });
    }

    // ---- children ----------------------------------------------------------------------------------------

    private int allocatePid() {
        while (true) {
            int candidate = nextPid++;
            if (nextPid >= PID_MAX) {
                nextPid = 300;
            }
            if (candidate != pid && !children.containsKey(candidate)) {
                return candidate;
            }
        }
    }

    /** The body of every child thread: its exit is judged like a process exit status (reaper). */
    private void runChild(Child child, ChildBody body) {
        ServerLog.bindProcess(child.pid, child.kind);
        ExitStatus status;
        try {
            body.run();
            status = child.quitSent ? ExitStatus.QUICKDIE : ExitStatus.NORMAL;
        } catch (PgException e) {
            if (e.severity() == Severity.PANIC) {
                ServerLog.log(e);
                status = ExitStatus.aborted();
            } else {
                status = child.quitSent ? ExitStatus.QUICKDIE : ExitStatus.FATAL;
            }
        } catch (Throwable t) {
            if (!child.killed && !child.quitSent && !(child.retiring && child.auxiliary != null)) {
                ServerLog.log(Severity.LOG, "TRAP: " + stackTrace(t));
            }
            status = child.quitSent ? ExitStatus.QUICKDIE : ExitStatus.aborted();
        } finally {
            ServerLog.unbind();
        }
        post(new PmEvent.ChildExited(child, status));
    }

    @FunctionalInterface
    private interface ChildBody {
        void run() throws Exception;
    }

    private void reap(Child child, ExitStatus status) {
        if (children.get(child.pid) != child) {
            return;
        }
        children.remove(child.pid);
        if (child.holdsSlot) {
            child.holdsSlot = false;
            slots.release();
        }
        if (child.holdsWalSenderSlot) {
            child.holdsWalSenderSlot = false;
            walSenderSlots.release();
        }
        if (child.retiring && !child.killed) {
            // the old child is gone: only now may its successor start (osgres:restart, hot swap)
            if (auxiliaryState() && shutdown == null && !fatalError) {
                startMissingAuxiliaries(state);
            }
            return;
        }
        boolean clean = !status.isSignal() && (status.code() == 0 || status.code() == 1);
        switch (child.kind) {
            case BACKEND, AUTOVACUUM_WORKER -> {
                if (!clean) {
                    handleChildCrash(child, status);
                }
            }
            case STARTUP -> reapStartup(child, status);
            case CHECKPOINTER -> {
                if (!status.isSignal() && status.code() == 0 && state == PmState.SHUTDOWN) {
                    state = PmState.SHUTDOWN_2;
                } else {
                    handleChildCrash(child, status);
                }
            }
            case WALRECEIVER, ARCHIVER -> {
                // the archiver exits 1 after a FATAL (archive_command died on a signal): restarted, not a crash
                if (!clean) {
                    handleChildCrash(child, status);
                }
            }
            default -> {
                if (status.isSignal() || status.code() != 0) {
                    handleChildCrash(child, status);
                } else if (child.kind == ChildKind.AUTOVACUUM_LAUNCHER && state == PmState.RUN && shutdown == null) {
                    startMissingAuxiliaries(state); // it saw autovacuum off; a reload may have turned it on since
                }
            }
        }
    }

    private void reapStartup(Child child, ExitStatus status) {
        boolean clean = !status.isSignal() && (status.code() == 0 || status.code() == 1);
        if (shutdown != null && clean) {
            state = PmState.WAIT_BACKENDS;
        } else if (!status.isSignal() && status.code() == 0) {
            reachedNormalRunning(); // after a crash reset too: FatalError ends with the startup's success
        } else if (state == PmState.STARTUP && !startupSignaled) {
            logChildExit(child, status);
            ServerLog.log(Messages.ABORT_STARTUP);
            terminateEverything();
            exitPostmaster(1);
        } else {
            // a standby's startup process told to quit by a crash reset did not fail: the reset goes on
            // (STARTUP_SIGNALED); one that died by itself did (STARTUP_CRASHED: no restart)
            if (!startupSignaled) {
                startupCrashed = true;
            }
            handleChildCrash(child, status);
        }
    }

    /** HandleChildCrash: the first crash logs and makes everyone quit; the reset follows in NO_CHILDREN. */
    private void handleChildCrash(Child crashed, ExitStatus status) {
        boolean takeAction = !fatalError && shutdown != ShutdownMode.IMMEDIATE;
        if (takeAction) {
            logChildExit(crashed, status);
            ServerLog.log(Messages.TERMINATING_OTHERS);
            quitReason = QuitReason.FOR_CRASH;
            for (Child child : children.values()) {
                sendQuit(child);
            }
        }
        if (shutdown != ShutdownMode.IMMEDIATE) {
            fatalError = true;
        }
        if (state == PmState.RECOVERY || state == PmState.HOT_STANDBY || state == PmState.RUN
                || state == PmState.STOP_BACKENDS || state == PmState.SHUTDOWN) {
            state = PmState.WAIT_BACKENDS;
        }
        if (abortStartMillis == 0) {
            abortStartMillis = System.currentTimeMillis();
        }
    }

    private void logChildExit(Child child, ExitStatus status) {
        String detail = null;
        if (child.isBackend() && !child.query.isEmpty()) {
            detail = "Failed process was running: " + child.query;
        }
        ServerLog.log(Severity.LOG, Messages.childExit(child.kind.processName(), child.pid, status.describe()),
                detail, null);
    }

    // ---- auxiliary processes -----------------------------------------------------------------------------

    /**
     * Launches the startup process (which recovers the database) and waits in PM_STARTUP for it to exit. When
     * the distribution requires one ({@code osgres.startup_required}) and its bundle has not registered it yet,
     * the postmaster waits in PM_STARTUP for it, refusing connections with "starting up". Without storage (and
     * so without a startup process) the server is ready at once.
     */
    private void launchStartupOrRun() {
        AuxiliaryProvider startup = preferredProvider(ChildKind.STARTUP);
        startMissingAuxiliaries(PmState.STARTUP);
        if (startup != null) {
            startupSignaled = false;
            startupPending = false;
            startAuxiliary(ChildKind.STARTUP, startup);
            state = PmState.STARTUP;
        } else if (startupRequired) {
            startupPending = true;
            startupPendingSince = System.currentTimeMillis();
            state = PmState.STARTUP;
        } else {
            reachedNormalRunning();
        }
    }

    private void launchPendingStartup() {
        if (startupPending && state == PmState.STARTUP && shutdown == null
                && preferredProvider(ChildKind.STARTUP) != null) {
            launchStartupOrRun();
        }
    }

    /**
     * SIGUSR1 with a {@code promote} file in the data directory (pg_ctl promote, pg_promote()): the startup process
     * of a standby gets SIGUSR2 (CheckPromoteSignal, then signal_child(StartupPID, SIGUSR2)).
     */
    private void promoteIfAsked() {
        if (!java.nio.file.Files.exists(settings.dataDirectory().resolve("promote"))) {
            return;
        }
        Child startup = runningChild(ChildKind.STARTUP);
        if (startup != null && (state == PmState.RECOVERY || state == PmState.HOT_STANDBY) && shutdown == null) {
            deliver(startup, ProcSignal.USR2);
        }
    }

    private void reachedNormalRunning() {
        walReceiverWanted = false;
        fatalError = false;
        afterCrash = false;
        abortStartMillis = 0;
        state = PmState.RUN;
        connsAllowed = true;
        startMissingAuxiliaries(PmState.RUN);
        ServerLog.log(Messages.READY);
        setStatus(LockFile.STATUS_READY);
    }

    /** The ServerLoop's "start whatever is missing" step for the given state. */
    private void startMissingAuxiliaries(PmState forState) {
        boolean early = forState == PmState.STARTUP || forState == PmState.RECOVERY
                || forState == PmState.HOT_STANDBY || forState == PmState.RUN;
        if (!early) {
            return;
        }
        startIfMissing(ChildKind.CHECKPOINTER);
        startIfMissing(ChildKind.BGWRITER);
        if (walReceiverWanted && forState != PmState.RUN) {
            startIfMissing(ChildKind.WALRECEIVER); // after osgres:restart or a hot swap, as MaybeStartWalReceiver
        }
        if (archiverWanted(forState)) {
            startIfMissing(ChildKind.ARCHIVER);
        }
        if (forState == PmState.RUN) {
            startIfMissing(ChildKind.WALWRITER);
            if (settings.boolValue("autovacuum")) {
                startIfMissing(ChildKind.AUTOVACUUM_LAUNCHER);
            }
        }
    }

    /**
     * PgArchStartupAllowed: archive_mode {@code on} archives in normal running, {@code always} during recovery too
     * (a standby archiving what it receives). archive_mode is a postmaster setting: fixed for the server's life.
     */
    private boolean archiverWanted(PmState forState) {
        String mode = settings.value("archive_mode").orElse("off");
        return switch (mode) {
            case "on" -> forState == PmState.RUN;
            case "always" -> forState == PmState.RUN || forState == PmState.RECOVERY
                    || forState == PmState.HOT_STANDBY;
            default -> false;
        };
    }

    /**
     * Starts the preferred provider of {@code kind} unless a child of that kind is still alive, retiring ones
     * included: the new child starts only once the old one has been reaped, so at most one runs at a time.
     */
    private void startIfMissing(ChildKind kind) {
        AuxiliaryProvider provider = preferredProvider(kind);
        if (provider != null && aliveChild(kind) == null) {
            startAuxiliary(kind, provider);
        }
    }

    /**
     * StartAutovacuumWorker: the launcher asks for a worker (PMSIGNAL_START_AUTOVAC_WORKER). Started only in normal
     * running, without a shutdown or a crash under way. The launcher keeps the count of workers against
     * {@code autovacuum_max_workers} (a worker leaves it just before its thread ends, so counting children here
     * would refuse a start the launcher rightly asked for); a request that cannot be served is dropped, and the
     * launcher, which waits for its worker with a deadline, asks again.
     */
    private void startAutovacuumWorker() {
        if (state != PmState.RUN || shutdown != null || fatalError) {
            return;
        }
        AuxiliaryProvider provider = preferredProvider(ChildKind.AUTOVACUUM_WORKER);
        if (provider != null) {
            startAuxiliary(ChildKind.AUTOVACUUM_WORKER, provider);
        }
    }

    /** The provider of a kind that should run: the highest bundle version (AuxiliaryProvider.PREFERENCE). */
    private AuxiliaryProvider preferredProvider(ChildKind kind) {
        return providers.values().stream().filter(p -> p.process().kind() == kind)
                .min(AuxiliaryProvider.PREFERENCE).orElse(null);
    }

    /** The child of a kind doing its work (not told to stop), or null. */
    private Child runningChild(ChildKind kind) {
        for (Child child : children.values()) {
            if (child.kind == kind && !child.killed && !child.retiring) {
                return child;
            }
        }
        return null;
    }

    /** Any child of a kind whose thread may still run (retiring included), or null. */
    private Child aliveChild(ChildKind kind) {
        for (Child child : children.values()) {
            if (child.kind == kind && !child.killed) {
                return child;
            }
        }
        return null;
    }

    private boolean auxiliaryState() {
        return state == PmState.STARTUP || state == PmState.RECOVERY || state == PmState.HOT_STANDBY
                || state == PmState.RUN;
    }

    private Child startAuxiliary(ChildKind kind, AuxiliaryProvider provider) {
        AuxiliaryProcess process = provider.process().instanceForChild();
        Child child = new Child(allocatePid(), kind, false, 0, null, process, provider.process());
        child.bundle = provider.label();
        children.put(child.pid, child);
        String previous = lastBundle.put(kind, provider.label());
        if (previous != null && !previous.equals(provider.label())) {
            ServerLog.log(Severity.LOG, Messages.startedFromBundle(kind.processName(), child.pid, provider.label()));
        }
        boolean crashRecovery = afterCrash;
        AuxiliaryContext context = new AuxiliaryContext() {
            @Override
            public int pid() {
                return child.pid;
            }

            @Override
            public boolean afterCrash() {
                return crashRecovery;
            }

            @Override
            public void notifyPostmaster(String reason) {
                post(new PmEvent.ChildRequest(child, reason));
            }

            @Override
            public void reportActivity(String database, String query) {
                child.database = database;
                child.query = query;
                child.state = query.isEmpty() ? "idle" : "active";
                Instant now = Instant.now();
                child.stateChange = now;
                if (!query.isEmpty()) {
                    child.queryStart = now;
                    child.xactStart = now;
                }
            }
        };
        Thread t = Thread.ofPlatform().name("postgres: " + kind.backendType()).unstarted(() -> runChild(child,
                () -> process.run(context)));
        child.thread = t;
        t.start();
        return child;
    }

    // ---- the state machine -------------------------------------------------------------------------------

    /** PostmasterStateMachine: advance as far as the current facts allow. */
    private void stateMachine() {
        if (!running) {
            return;
        }
        if (shutdown == ShutdownMode.SMART && (state == PmState.RUN || state == PmState.HOT_STANDBY)
                && !connsAllowed && countChildren(true) == 0) {
            state = PmState.STOP_BACKENDS;
        }
        if (state == PmState.STOP_BACKENDS) {
            for (Child child : children.values()) {
                boolean target = child.isBackend() ? !child.deadEnd : !outlivesBackends(child.kind);
                if (target) {
                    deliver(child, ProcSignal.TERM);
                }
            }
            state = PmState.WAIT_BACKENDS;
        }
        if (state == PmState.WAIT_BACKENDS) {
            Child checkpointer = runningChild(ChildKind.CHECKPOINTER);
            boolean crashOrImmediate = fatalError || shutdown == ShutdownMode.IMMEDIATE;
            boolean othersGone = children.values().stream().noneMatch(c -> !c.killed
                    && (c.isBackend() ? !c.deadEnd : !outlivesBackends(c.kind)));
            if (othersGone && (checkpointer == null || !crashOrImmediate)) {
                if (crashOrImmediate) {
                    state = PmState.WAIT_DEAD_END;
                } else if (shutdown != null && (checkpointer != null || aliveChild(ChildKind.CHECKPOINTER) == null)) {
                    // a checkpointer being restarted is waited for: its successor writes the shutdown checkpoint
                    if (checkpointer == null) {
                        AuxiliaryProvider provider = preferredProvider(ChildKind.CHECKPOINTER);
                        checkpointer = provider == null ? null : startAuxiliary(ChildKind.CHECKPOINTER, provider);
                    }
                    if (checkpointer != null) {
                        checkpointer.auxiliary.signal(ProcSignal.USR2);
                        state = PmState.SHUTDOWN;
                    } else {
                        state = PmState.WAIT_DEAD_END;
                    }
                }
            }
        }
        if (state == PmState.SHUTDOWN_2) {
            // the shutdown checkpoint completed the last segment: the archiver archives what is ready, then
            // exits, and WAIT_DEAD_END waits for it (PM_SHUTDOWN_2 signalling PgArchPID with SIGUSR2)
            Child archiver = runningChild(ChildKind.ARCHIVER);
            if (archiver != null) {
                archiver.auxiliary.signal(ProcSignal.USR2);
            }
            state = PmState.WAIT_DEAD_END;
        }
        if (state == PmState.WAIT_DEAD_END && children.values().stream().allMatch(c -> c.killed)) {
            state = PmState.NO_CHILDREN;
        }
        if (state == PmState.NO_CHILDREN) {
            noChildren();
        }
    }

    /**
     * The children a smart or fast shutdown leaves running while backends end: the checkpointer (it writes the
     * shutdown checkpoint) and the archiver (it archives what that checkpoint completes; signalled in SHUTDOWN_2).
     */
    private static boolean outlivesBackends(ChildKind kind) {
        return kind == ChildKind.CHECKPOINTER || kind == ChildKind.ARCHIVER;
    }

    private void noChildren() {
        if (shutdown != null) {
            if (fatalError) {
                ServerLog.log(Messages.ABNORMAL_SHUTDOWN);
                exitPostmaster(1);
            } else {
                exitPostmaster(0);
            }
        } else if (startupCrashed) {
            ServerLog.log(Messages.STARTUP_FAILURE);
            exitPostmaster(1);
        } else if (!settings.boolValue("restart_after_crash")) {
            ServerLog.log(Messages.NO_RESTART_AFTER_CRASH);
            exitPostmaster(1);
        } else if (fatalError) {
            ServerLog.log(Messages.REINITIALIZING);
            children.clear();
            if (settings.boolValue("remove_temp_files_after_crash")) {
                // every backend is gone: what they spilled is garbage (PostmasterStateMachine's RemovePgTempFiles)
                PgTempFiles.removeAll(settings.dataDirectory());
            }
            quitReason = QuitReason.NOT_SENT;
            try {
                sharedMemory.reinitialize();
                lockFile.setLine(LockFile.LINE_SHMEM_KEY, shmemKeyLine());
            } catch (RuntimeException e) {
                ServerLog.log(Severity.FATAL, "could not reinitialize shared memory: " + e.getMessage());
                exitPostmaster(1);
                return;
            }
            afterCrash = true;
            abortStartMillis = 0;
            walReceiverWanted = false; // the new startup process asks again
            launchStartupOrRun();
            dispatchPending();
        }
    }

    private void periodic() {
        long now = System.currentTimeMillis();
        launchPendingStartup();
        if (startupPending && state == PmState.STARTUP && now - startupPendingSince > STARTUP_PROCESS_WAIT_MS) {
            ServerLog.log(Severity.LOG, "startup process was not registered within "
                    + STARTUP_PROCESS_WAIT_MS / 1000 + " s", "Check that the osgres.startup and osgres.storage "
                    + "bundles are installed and active (osgres shell: lb, scr:list).", null);
            ServerLog.log(Messages.ABORT_STARTUP);
            immediateExit(1);
            return;
        }
        if (abortStartMillis > 0 && now - abortStartMillis >= SIGKILL_CHILDREN_AFTER_MS
                && (shutdown == ShutdownMode.IMMEDIATE || fatalError)) {
            ServerLog.log(Messages.SIGKILL_RECALCITRANT);
            for (Child child : List.copyOf(children.values())) {
                kill(child);
            }
            abortStartMillis = 0;
        }
        if (now - lastLockFileCheck >= LOCK_FILE_CHECK_MS) {
            lastLockFileCheck = now;
            if (!lockFile.stillOurs(pid)) {
                ServerLog.log(Messages.LOCK_FILE_INVALID);
                shutdownRequest(ShutdownMode.IMMEDIATE);
            }
        }
        if (auxiliaryState()) {
            startMissingAuxiliaries(state);
        }
        while (!pending.isEmpty() && now - pending.peek().since() > PENDING_CONNECTION_WAIT_MS) {
            closeQuietly(pending.poll().connection());
        }
        if (!pending.isEmpty()) {
            dispatchPending();
        }
    }

    private int countChildren(boolean backendsOnly) {
        int n = 0;
        for (Child child : children.values()) {
            // a smart shutdown waits for client sessions, not for walsenders (BACKEND_TYPE_NORMAL)
            if (!child.killed && (!backendsOnly || (child.isBackend() && !child.deadEnd && !child.walSender))) {
                n++;
            }
        }
        return n;
    }

    // ---- exit --------------------------------------------------------------------------------------------

    /** The framework is stopping under us (not through a shutdown request): stop everything at once. */
    void emergencyStop() {
        if (!running) {
            return;
        }
        post(new PmEvent.Shutdown(ShutdownMode.IMMEDIATE));
        Thread t = thread;
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(SIGKILL_CHILDREN_AFTER_MS + 2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (running) {
            immediateExit(1);
        }
    }

    private void terminateEverything() {
        quitReason = QuitReason.FOR_STOP;
        for (Child child : List.copyOf(children.values())) {
            sendQuit(child);
        }
    }

    private void immediateExit(int code) {
        terminateEverything();
        exitPostmaster(code);
    }

    /** ExitPostmaster: sockets first, then shared memory, then the lock file, then the JVM. */
    private void exitPostmaster(int code) {
        if (!running && lockFile == null) {
            return;
        }
        running = false;
        state = PmState.NO_CHILDREN;
        listener.close();
        if (backendThreads != null) {
            backendThreads.shutdown();
        }
        for (PendingConnection p : pending) {
            closeQuietly(p.connection());
        }
        pending.clear();
        try {
            sharedMemory.destroy();
        } catch (RuntimeException e) {
            ServerLog.log(Severity.LOG, "could not release shared memory: " + e.getMessage());
        }
        if (lockFile != null) {
            lockFile.remove();
            lockFile = null;
            ServerLog.log(Messages.SHUT_DOWN);
        }
        exitServer.accept(code);
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    private void setStatus(String status) {
        if (lockFile != null) {
            lockFile.setLine(LockFile.LINE_STATUS, status);
        }
    }

    private String shmemKeyLine() {
        return String.format("%9d %9d", port * 1000L + 1, sharedMemory.generation());
    }

    /** postmaster.opts: the launcher's path, then each argument double-quoted; pg_ctl restart reads it. */
    private void writeOptionsFile() {
        StringBuilder line = new StringBuilder(launchInfo.getOrDefault("launcher", "osgres"));
        String arguments = launchInfo.getOrDefault("arguments", "");
        if (!arguments.isEmpty()) {
            for (String arg : arguments.split("\n", -1)) {
                line.append(" \"").append(arg).append('"');
            }
        }
        line.append('\n');
        try {
            Files.writeString(settings.dataDirectory().resolve("postmaster.opts"), line);
        } catch (IOException e) {
            ServerLog.log(Severity.LOG, "could not write file \"postmaster.opts\": " + e.getMessage());
        }
    }

    private static void closeQuietly(ClientConnection connection) {
        try {
            connection.channel().close();
        } catch (IOException e) {
            // nothing to tell a client we are not serving
        }
    }

    private static String stackTrace(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString().stripTrailing();
    }
}
