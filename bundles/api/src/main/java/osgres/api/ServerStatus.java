package osgres.api;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * What {@code osgres:status} prints: the postmaster's state and where it listens.
 *
 * @param state              PM state
 * @param shutdown           requested shutdown mode, or null
 * @param pid                the server's (JVM's) pid, line 1 of postmaster.pid
 * @param dataDirectory      absolute data directory
 * @param started            postmaster start time
 * @param port               TCP port
 * @param listenAddresses    addresses bound, numeric
 * @param unixSockets        socket files created
 * @param sharedMemoryGeneration generation of the current SharedMemory service (increments on crash reset)
 * @param children           the child table
 */
public record ServerStatus(PmState state, ShutdownMode shutdown, long pid, Path dataDirectory, Instant started,
                           int port, List<String> listenAddresses, List<String> unixSockets,
                           long sharedMemoryGeneration, List<ChildInfo> children) {
}
