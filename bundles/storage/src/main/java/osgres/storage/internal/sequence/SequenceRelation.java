package osgres.storage.internal.sequence;

import java.lang.foreign.MemorySegment;

import osgres.storage.SequenceDef;
import osgres.storage.SequenceFetch;
import osgres.storage.SequenceState;
import osgres.storage.TypeOids;
import osgres.storage.internal.core.BufferPool;
import osgres.storage.internal.core.PageBuffer;
import osgres.storage.internal.core.RedoHandler;
import osgres.storage.internal.core.RelFile;
import osgres.storage.internal.core.ResourceManagers;
import osgres.storage.internal.core.TransactionCore;
import osgres.storage.internal.core.Wal;
import osgres.storage.internal.core.WalRecord;
import osgres.storage.internal.heap.HeapPage;
import osgres.storage.internal.heap.LittleEndian;
import osgres.storage.internal.heap.RowFormat;
import osgres.storage.internal.heap.StorageMessages;
import osgres.storage.internal.heap.TupleCodec;

/**
 * A sequence's relation file and its WAL (PostgreSQL's commands/sequence.c below the catalog: fill_seq_with_data,
 * read_seq_tuple, nextval_internal, do_setval and seq_redo). The file has one heap page holding one tuple,
 * {@code (last_value int8, log_cnt int8, is_called bool)}, with a frozen xmin so that every snapshot sees it and
 * {@code SELECT * FROM s} is an ordinary sequential scan. The tuple is changed in place, outside MVCC: nextval is
 * never rolled back.
 *
 * <p>Durability (the log_cnt trick): a nextval that finds no value already covered by the WAL logs the state
 * {@value #LOG_AHEAD} values ahead ({@code last_value} as it will be after them, {@code log_cnt} 0) and flushes
 * that record before it returns, then keeps the real state in the page with {@code log_cnt} counting the values
 * still covered; the next {@value #LOG_AHEAD} calls change only the page. The first change after a checkpoint's
 * redo point logs again, because replay from that checkpoint would not see the older record. So after a crash
 * (or a crash reset) replay leaves the sequence at or past every value handed out, whether or not the
 * transactions that took them committed: values may be skipped, never repeated.
 *
 * <p>Invariant: every change holds the page's exclusive content lock from reading the tuple to writing it back,
 * so concurrent nextvals are serialised on the page and never hand out the same value. Each WAL record carries
 * the whole new state and redo rewrites the page from it ({@code REGBUF_WILL_INIT}); records of rmgr
 * {@link ResourceManagers#SEQUENCE}, info {@link #LOG}, main data: last_value i64, log_cnt i64, is_called u8.
 * What this does not do: unlogged or temporary sequences, and the per-session cache (the SQL session keeps the
 * values a {@link SequenceFetch} gives beyond the first).
 */
public final class SequenceRelation implements RedoHandler {
    /** XLOG_SEQ_LOG. */
    public static final int LOG = 0x00;
    /** SEQ_LOG_VALS: how many values one WAL record covers ahead. */
    public static final int LOG_AHEAD = 32;
    private static final RowFormat FORMAT = RowFormat.of(TypeOids.INT8, TypeOids.INT8, TypeOids.BOOL);

    private final BufferPool buffers;
    private final Wal wal;

    public SequenceRelation(BufferPool buffers, Wal wal) {
        this.buffers = buffers;
        this.wal = wal;
    }

    /**
     * fill_seq_with_data: creates the relation file with its one page holding {@code state}, WAL-logged under
     * {@code xid} (the creating transaction drops the file again if it aborts).
     */
    public void create(RelFile file, SequenceState state, long xid) {
        buffers.createRelation(file);
        long lsn;
        try (PageBuffer buf = buffers.extend(file)) {
            writePage(buf.page(), state);
            buf.markDirty();
            lsn = wal.insert(ResourceManagers.SEQUENCE, LOG, xid, encode(state), buf);
        }
        wal.flush(lsn);
    }

    /** The current state (read_seq_tuple under a shared lock). */
    public SequenceState read(RelFile file) {
        try (PageBuffer buf = buffers.read(file, 0)) {
            buf.lockShared();
            return readPage(buf.page());
        }
    }

    /**
     * nextval_internal below the session cache: takes {@code def.cache()} values (fewer at the end of a cycle-less
     * range), logging {@value #LOG_AHEAD} ahead when needed. 2200H when the first value is past the range.
     */
    public SequenceFetch nextval(RelFile file, SequenceDef def, String name) {
        long incby = def.increment();
        long maxv = def.max();
        long minv = def.min();
        long cache = def.cache();
        long coveredBy;
        SequenceFetch fetched;
        try (PageBuffer buf = buffers.read(file, 0)) {
            buf.lockExclusive();
            SequenceState seq = readPage(buf.page());
            long last = seq.lastValue();
            long next = last;
            long result = last;
            long fetch = cache;
            long log = seq.logCount();
            long rescnt = 0;
            boolean logit = false;
            if (!seq.isCalled()) {
                rescnt++; // the first call returns last_value itself
                fetch--;
            }
            if (log < fetch || !seq.isCalled() || buf.pageLsn() <= wal.redoLsn()) {
                fetch = log = fetch + LOG_AHEAD;
                logit = true;
            }
            while (fetch > 0) {
                if (incby > 0) {
                    if ((maxv >= 0 && next > maxv - incby) || (maxv < 0 && next + incby > maxv)) {
                        if (rescnt > 0) {
                            break;
                        }
                        if (!def.cycle()) {
                            throw StorageMessages.sequenceMaximum(name, maxv);
                        }
                        next = minv;
                    } else {
                        next += incby;
                    }
                } else {
                    if ((minv < 0 && next < minv - incby) || (minv >= 0 && next + incby < minv)) {
                        if (rescnt > 0) {
                            break;
                        }
                        if (!def.cycle()) {
                            throw StorageMessages.sequenceMinimum(name, minv);
                        }
                        next = maxv;
                    } else {
                        next += incby;
                    }
                }
                fetch--;
                if (rescnt < cache) {
                    log--;
                    rescnt++;
                    last = next;
                    if (rescnt == 1) {
                        result = next;
                    }
                }
            }
            log -= fetch; // values the range did not have
            buf.markDirty();
            if (logit) {
                // the WAL says where the sequence will be after the values logged ahead, the page where it is
                writePage(buf.page(), new SequenceState(next, 0, true));
                wal.insert(ResourceManagers.SEQUENCE, LOG, 0, encode(new SequenceState(next, 0, true)), buf);
            }
            writePage(buf.page(), new SequenceState(last, log, true));
            fetched = new SequenceFetch(result, last, incby);
            coveredBy = buf.pageLsn();
        }
        // Before the caller sees a value, the record covering it is durable, whichever session wrote it (a value
        // taken from log_cnt may be covered by another session's record that is not flushed yet): a crash after
        // this never hands the value out again. Usually already flushed: one volatile read.
        if (wal.flushedLsn() < coveredBy) {
            wal.flush(coveredBy);
        }
        return fetched;
    }

    /** do_setval: 22003 outside MINVALUE..MAXVALUE; logged and flushed like a nextval that logs. */
    public void setval(RelFile file, SequenceDef def, String name, long value, boolean isCalled) {
        if (value < def.min() || value > def.max()) {
            throw StorageMessages.setvalOutOfBounds(value, name, def.min(), def.max());
        }
        long lsn;
        SequenceState state = new SequenceState(value, 0, isCalled);
        try (PageBuffer buf = buffers.read(file, 0)) {
            buf.lockExclusive();
            writePage(buf.page(), state);
            buf.markDirty();
            lsn = wal.insert(ResourceManagers.SEQUENCE, LOG, 0, encode(state), buf);
        }
        wal.flush(lsn);
    }

    // ---- page and record layout ----

    private static void writePage(MemorySegment p, SequenceState s) {
        HeapPage.init(p);
        byte[] data = TupleCodec.encode(FORMAT, new Object[] {s.lastValue(), s.logCount(), s.isCalled()});
        HeapPage.addTuple(p, 0, 1, HeapPage.buildTuple(TransactionCore.FROZEN_XID, 0, 0, 3, data));
    }

    private static SequenceState readPage(MemorySegment p) {
        long t = HeapPage.tuple(p, 1);
        Object[] v = TupleCodec.decode(p, HeapPage.data(t), HeapPage.natts(p, t), FORMAT);
        return new SequenceState((Long) v[0], (Long) v[1], (Boolean) v[2]);
    }

    private static byte[] encode(SequenceState s) {
        byte[] r = new byte[17];
        LittleEndian.putI64(r, 0, s.lastValue());
        LittleEndian.putI64(r, 8, s.logCount());
        r[16] = (byte) (s.isCalled() ? 1 : 0);
        return r;
    }

    private static SequenceState decode(byte[] r) {
        return new SequenceState(LittleEndian.i64(r, 0), LittleEndian.i64(r, 8), r[16] != 0);
    }

    /** seq_redo: the page is rebuilt from the record's state. */
    @Override
    public void redo(WalRecord record, RedoPages pages) {
        PageBuffer page = pages.page(0);
        if (page != null) {
            writePage(page.page(), decode(record.data()));
        }
    }
}
