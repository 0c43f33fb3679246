package osgres.signals.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import osgres.api.ChildKind;
import osgres.api.ChildInfo;
import osgres.api.PostmasterControl;
import osgres.api.ProcSignal;
import osgres.api.ServerStatus;
import osgres.api.ShutdownMode;

/** A PostmasterControl that records each request as a short text ("reload", "shutdown FAST", "usr1"). */
final class RecordingPostmaster implements PostmasterControl {
    final List<String> requests = new CopyOnWriteArrayList<>();
    private final Consumer<String> listener;

    RecordingPostmaster(Consumer<String> listener) {
        this.listener = listener;
    }

    RecordingPostmaster() {
        this(request -> { });
    }

    private void record(String request) {
        requests.add(request);
        listener.accept(request);
    }

    @Override
    public void requestShutdown(ShutdownMode mode) {
        record("shutdown " + mode);
    }

    @Override
    public void requestReload() {
        record("reload");
    }

    @Override
    public void requestUsr1() {
        record("usr1");
    }

    @Override
    public boolean signalChild(int pid, ProcSignal signal) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void cancelRequest(int pid, int cancelKey) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean restartAuxiliary(ChildKind kind) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ServerStatus status() {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<ChildInfo> children() {
        throw new UnsupportedOperationException();
    }
}
