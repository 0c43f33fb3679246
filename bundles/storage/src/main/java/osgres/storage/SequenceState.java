package osgres.storage;

/**
 * The one row of a sequence relation (FormData_pg_sequence_data): the last value handed out (or, while
 * {@code isCalled} is false, the next one to hand out) and how many values after it the WAL already covers.
 */
public record SequenceState(long lastValue, long logCount, boolean isCalled) {
}
