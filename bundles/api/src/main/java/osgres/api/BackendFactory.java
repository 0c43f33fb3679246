package osgres.api;

/**
 * Creates one session per client connection (osgres.backend). The postmaster allocates the child (pid,
 * cancel key, decision whether to refuse it) and runs {@link BackendSession#run()} on the child's virtual
 * thread. The postmaster holds this service dynamically: during a crash reset it goes away with the
 * storage it depends on, and connections wait in the refusal path until it is back.
 */
public interface BackendFactory {

    BackendSession create(ClientConnection connection, BackendEnvironment environment);
}
