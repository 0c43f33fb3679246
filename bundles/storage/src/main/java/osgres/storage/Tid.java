package osgres.storage;

/** A heap tuple's address (ItemPointer, {@code ctid}): block number and line pointer (1-based). */
public record Tid(int block, int offset) implements Comparable<Tid> {
    @Override
    public int compareTo(Tid o) {
        int c = Integer.compare(block, o.block);
        return c != 0 ? c : Integer.compare(offset, o.offset);
    }

    /** As PostgreSQL prints a ctid: {@code (0,1)}. */
    @Override
    public String toString() {
        return "(" + block + "," + offset + ")";
    }
}
