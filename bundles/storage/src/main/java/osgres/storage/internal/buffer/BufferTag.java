package osgres.storage.internal.buffer;

import osgres.storage.internal.core.RelFile;

/** The identity of a page in the buffer mapping table (BufferTag in buf_internals.h; no forks). */
record BufferTag(RelFile rel, int block) {

    // written out, as RelFile's: the generated ones go through method handles on the hottest lookup there is

    @Override
    public boolean equals(Object o) {
        return o instanceof BufferTag t && t.block == block && t.rel.equals(rel);
    }

    @Override
    public int hashCode() {
        return rel.hashCode() * 31 + block;
    }
}
