package osgres.storage.internal.buffer;

import osgres.storage.internal.core.RelFile;

/** The identity of a page in the buffer mapping table (BufferTag in buf_internals.h; no forks). */
record BufferTag(RelFile rel, int block) {
}
