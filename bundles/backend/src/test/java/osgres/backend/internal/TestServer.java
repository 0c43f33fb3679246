package osgres.backend.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import osgres.api.BackendEnvironment;
import osgres.api.BackendSession;
import osgres.api.ChildInfo;
import osgres.api.ChildKind;
import osgres.api.ClientConnection;
import osgres.api.GucDefinition;
import osgres.api.HostBasedAuth;
import osgres.api.PgException;
import osgres.api.PostmasterControl;
import osgres.api.ProcSignal;
import osgres.api.QuitReason;
import osgres.api.ServerLog;
import osgres.api.ServerStatus;
import osgres.api.ServerTls;
import osgres.api.Settings;
import osgres.api.TlsServerContext;
import osgres.api.ShutdownMode;

/**
 * An in-process stand-in for listener + postmaster: accepts on 127.0.0.1, creates a session per connection
 * with the real {@link BackendFactoryComponent} over fakes, runs it on a virtual thread bound as a backend
 * child, and records how each child ended ("0", "1", or the crash).
 */
final class TestServer implements AutoCloseable {
    private static final AtomicInteger NEXT_PID = new AtomicInteger(40000);

    final FakeSqlEngine engine = new FakeSqlEngine();
    final FakeSettings settings = new FakeSettings();
    final FakePostmaster postmaster = new FakePostmaster();
    volatile String hbaMethod = "trust";
    volatile Optional<PgException> refusal = Optional.empty();
    volatile QuitReason quitReason = QuitReason.NOT_SENT;
    final List<Child> children = new CopyOnWriteArrayList<>();
    private final ServerSocketChannel server;
    private final Thread acceptor;

    /** One backend child: its environment, session, and exit. */
    final class Child implements BackendEnvironment {
        final int pid = NEXT_PID.incrementAndGet();
        final int cancelKey = 0x5eed0000 + pid;
        volatile BackendSession session;
        volatile String exit;
        volatile String state = "";
        volatile String query = "";
        volatile String reportedUser;

        @Override public int pid() { return pid; }
        @Override public int cancelKey() { return cancelKey; }
        @Override public Optional<PgException> refusal() { return refusal; }
        @Override public void acquireConnectionSlot() { }
        @Override public void checkReservedConnections(boolean superuser) { }
        @Override public QuitReason quitReason() { return quitReason; }
        @Override public void reportSession(String user, String database, String applicationName) {
            reportedUser = user;
        }
        @Override public void reportActivity(String newState, String newQuery) {
            state = newState;
            query = newQuery;
        }
        @Override public PostmasterControl postmaster() { return postmaster; }
    }

    /** The server's TLS state: none unless a test sets one. */
    volatile ServerTls serverTls = new ServerTls() {
        @Override public Optional<TlsServerContext> current() { return Optional.empty(); }
        @Override public void reload() { }
    };

    TestServer() throws IOException {
        server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        FakeHba hba = new FakeHba();
        acceptor = Thread.ofVirtual().name("test acceptor").start(() -> {
            while (server.isOpen()) {
                try {
                    SocketChannel channel = server.accept();
                    channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    InetSocketAddress remote = (InetSocketAddress) channel.getRemoteAddress();
                    Child child = new Child();
                    // what ConfigAdmin would deliver: the fake settings' current values
                    ConnectionSettings current = new ConnectionSettings(
                            java.time.Duration.ofSeconds(settings.intValue("authentication_timeout")),
                            settings.boolValue("log_connections"), settings.boolValue("log_disconnections"));
                    BackendFactoryComponent factory = new BackendFactoryComponent(engine, hba, settings, serverTls,
                            current);
                    child.session = factory.create(
                            new ClientConnection(channel, false, remote.getAddress(), remote.getPort()), child);
                    children.add(child);
                    postmaster.byPid.put(child.pid, child);
                    Thread.ofVirtual().name("backend " + child.pid).start(() -> runChild(child));
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    private static void runChild(Child child) {
        ServerLog.bindProcess(child.pid, ChildKind.BACKEND);
        try {
            child.session.run();
            child.exit = "0";
        } catch (PgException e) {
            child.exit = e.severity().name().equals("FATAL") ? "1" : "crash: " + e;
        } catch (Throwable t) {
            child.exit = "crash: " + t;
        }
    }

    int port() throws IOException {
        return ((InetSocketAddress) server.getLocalAddress()).getPort();
    }

    String url() throws IOException {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/postgres?user=alice&sslmode=disable";
    }

    /** The most recently accepted child, waiting for it to appear. */
    Child awaitChild(int count) {
        await(() -> children.size() >= count, "child " + count + " to connect");
        return children.get(count - 1);
    }

    static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            LockSupport.parkNanos(2_000_000);
        }
    }

    String awaitExit(Child child) {
        await(() -> child.exit != null, "backend " + child.pid + " to exit");
        return child.exit;
    }

    @Override
    public void close() throws IOException {
        server.close();
        acceptor.interrupt();
    }

    final class FakeHba implements HostBasedAuth {
        @Override
        public Optional<Match> match(boolean local, boolean ssl, InetAddress address, String database,
                                     String user, Membership membership) {
            if (hbaMethod.equals("none")) {
                return Optional.empty();
            }
            return Optional.of(new Match(hbaMethod, 7, "host all all 127.0.0.1/32 " + hbaMethod));
        }
    }

    static final class FakeSettings implements Settings {
        final Map<String, String> values = new ConcurrentHashMap<>(Map.of("authentication_timeout", "60",
                "log_connections", "off", "log_disconnections", "off"));

        @Override public Optional<String> value(String name) { return Optional.ofNullable(values.get(name)); }
        @Override public long intValue(String name) { return Long.parseLong(values.get(name)); }
        @Override public boolean boolValue(String name) { return "on".equals(values.get(name)); }
        @Override public Optional<GucDefinition> definition(String name) { return Optional.empty(); }
        @Override public Collection<GucDefinition> definitions() { return List.of(); }
        @Override public Map<String, String> values() { return Map.copyOf(values); }
        @Override public String normalize(String name, String value) { return value; }
        @Override public void reload() { }
        @Override public Path dataDirectory() { return Path.of("/nonexistent"); }
        @Override public long generation() { return 0; }
    }

    /** Only the cancel path matters here: it finds the child by pid and checks the key, as the postmaster. */
    static final class FakePostmaster implements PostmasterControl {
        final Map<Integer, Child> byPid = new ConcurrentHashMap<>();
        final List<String> cancelRequests = new CopyOnWriteArrayList<>();

        @Override
        public void cancelRequest(int pid, int cancelKey) {
            cancelRequests.add(pid + ":" + cancelKey);
            Child child = byPid.get(pid);
            if (child != null && child.cancelKey == cancelKey) {
                child.session.signal(ProcSignal.INT);
            }
        }

        @Override public void requestShutdown(ShutdownMode mode) { }
        @Override public void requestReload() { }
        @Override public void requestUsr1() { }
        @Override public boolean signalChild(int pid, ProcSignal signal) { return false; }
        @Override public boolean restartAuxiliary(ChildKind kind) { return false; }
        @Override public ServerStatus status() { throw new UnsupportedOperationException(); }
        @Override public List<ChildInfo> children() { return List.of(); }
    }
}
