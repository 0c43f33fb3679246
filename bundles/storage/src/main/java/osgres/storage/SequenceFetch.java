package osgres.storage;

/**
 * What one nextval took from a sequence: {@code first} is the value to return now; values after it up to
 * {@code last} (stepping by {@code increment}) are the session's cache (CACHE n), handed out without touching
 * the sequence again. {@code first == last} when the cache is 1.
 */
public record SequenceFetch(long first, long last, long increment) {
}
