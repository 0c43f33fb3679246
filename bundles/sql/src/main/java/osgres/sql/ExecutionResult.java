package osgres.sql;

/**
 * How an Execute ended.
 *
 * @param commandTag CommandComplete's tag ({@code SELECT 1}, {@code SET}, {@code BEGIN}...), null when suspended
 * @param suspended  true when the row limit was reached and rows remain (PortalSuspended)
 */
public record ExecutionResult(String commandTag, boolean suspended) {

    public static ExecutionResult complete(String commandTag) {
        return new ExecutionResult(commandTag, false);
    }

    public static ExecutionResult suspendedResult() {
        return new ExecutionResult(null, true);
    }
}
