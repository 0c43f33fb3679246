package osgres.postmaster.internal;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import osgres.api.AuxiliaryProcess;
import osgres.api.ChildKind;
import osgres.api.ClientConnection;
import osgres.api.ProcSignal;
import osgres.api.ShutdownMode;

/**
 * What can happen to the postmaster. Signal handlers, the listener, child threads, service (un)bindings and
 * shell commands only enqueue these; the server loop alone acts on them (the role of postmaster.c's signal
 * handlers setting flags for ServerLoop).
 */
sealed interface PmEvent {
    record Shutdown(ShutdownMode mode) implements PmEvent { }

    record Reload() implements PmEvent { }

    record Usr1() implements PmEvent { }

    record Accepted(ClientConnection connection) implements PmEvent { }

    record ChildExited(Child child, ExitStatus status) implements PmEvent { }

    record SignalChild(int pid, ProcSignal signal, CompletableFuture<Boolean> done) implements PmEvent { }

    record Cancel(int pid, int key) implements PmEvent { }

    record RestartAuxiliary(ChildKind kind, CompletableFuture<Boolean> done) implements PmEvent { }

    record AuxiliaryArrived(AuxiliaryProcess process) implements PmEvent { }

    /** An AuxiliaryProcess service is unbinding: retire its children; {@code retired} gets their threads. */
    record AuxiliaryLeft(AuxiliaryProcess process, CompletableFuture<List<Thread>> retired) implements PmEvent { }

    record BackendFactoryChanged() implements PmEvent { }

    /** A child asks for something (SendPostmasterSignal), e.g. RECOVERY_STARTED. */
    record ChildRequest(Child child, String reason) implements PmEvent { }
}
