/**
 * The storage engine's services (osgres.storage): what the SQL executor and the auxiliary processes use.
 * Heap pages in shared buffers with a free space map per table, TOAST for rows bigger than a quarter page, WAL,
 * checkpoints, CLOG, MVCC snapshots, row locks, savepoints as subtransactions, B-tree indexes, sequences
 * ({@link osgres.storage.SequenceDef}: a one-page relation changed in place, WAL-logged ahead), views
 * ({@link osgres.storage.ViewDef}: a relation without files, its query kept in the catalog) and a catalog
 * stored in the engine itself. Row values cross this API as plain Java values (TypeOids): toasting and
 * detoasting stay inside the engine.
 * The engine also keeps PostgreSQL's cumulative statistics (per table, per database, bgwriter and checkpointer),
 * read as {@link osgres.storage.TableStatistics}, {@link osgres.storage.DatabaseStatistics} and
 * {@link osgres.storage.BgWriterStatistics}, and per backend {@link osgres.storage.BufferUsage} for EXPLAIN
 * (BUFFERS); VACUUM and ANALYZE say who ran them ({@link MaintenanceOrigin}).
 * Everything here belongs to one shared-memory generation: the services are registered by components holding a
 * static reference to {@code SharedMemory}, so a crash reset takes them down and brings them back.
 */
@Export
@Version("0.3.0")
package osgres.storage;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
