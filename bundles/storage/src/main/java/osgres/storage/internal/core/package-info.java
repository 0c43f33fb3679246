/**
 * The seam inside the storage bundle between its lower half (relation files, shared buffers, WAL, recovery,
 * checkpoints, CLOG, transactions and snapshots: packages {@code smgr}, {@code buffer}, {@code wal},
 * {@code xact}, {@code control}) and its upper half (heap, free space map, B-tree, catalog and the
 * {@code Storage} / {@code Transaction} services: packages {@code heap}, {@code fsm}, {@code btree},
 * {@code catalog}, {@code engine}).
 * The interfaces here are all the upper half may use of the lower half.
 */
package osgres.storage.internal.core;
