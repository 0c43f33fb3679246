package osgres.storage.internal.heap;

import java.lang.foreign.MemorySegment;

import osgres.storage.internal.core.PageBuffer;
import osgres.storage.internal.core.RedoHandler;
import osgres.storage.internal.core.WalRecord;

/**
 * The heap's WAL records (rmgr HEAP, heapam_xlog.h) and their replay. Main data layouts (little-endian):
 * <pre>
 *   INSERT        offset u16, tuple (header + data)                           blocks: [page]
 *   UPDATE        old offset u16, new offset u16, flags u8, xmax i64, cmax i32,
 *                 old tuple's new infomask u16, new tuple                       blocks: [page] or [new page, old page]
 *   DELETE        offset u16, xmax i64, cmax i32, infomask u16                 blocks: [page]
 *   SUPER_DELETE  offset u16, infomask u16                                      blocks: [page]
 *   PRUNE         redirects u16, dead u16, unused u16, new prune xid i64,
 *                 redirect pairs (from u16, to u16)..., dead u16..., unused u16...,
 *                 conflict horizon i64 (absent in records of older versions)         blocks: [page]
 * </pre>
 * The original operation and its redo both go through the apply methods here, so they change a page the same
 * way. A page that reads as all zeroes during redo (extended, never written before the crash) is initialised.
 */
public final class HeapRecords implements RedoHandler {
    public static final int INSERT = 0x00;
    public static final int UPDATE = 0x10;
    public static final int DELETE = 0x20;
    public static final int SUPER_DELETE = 0x30;
    public static final int PRUNE = 0x40;

    static final int UPDATE_SAME_PAGE = 1;

    // ---- apply (shared by do and redo) ----

    static void applyInsert(MemorySegment p, int block, int offset, byte[] tuple) {
        if (HeapPage.isNew(p)) {
            HeapPage.init(p);
        }
        HeapPage.addTuple(p, block, offset, tuple);
    }

    static void applyXmax(MemorySegment p, int offset, long xmax, int cmax, int ctidBlock, int ctidOffset,
                          int infomask) {
        long t = HeapPage.tuple(p, offset);
        HeapPage.setXmax(p, t, xmax, cmax, ctidBlock, ctidOffset, infomask);
        HeapPage.notePrunable(p, xmax);
    }

    // ---- record builders ----

    static byte[] insertRecord(int offset, byte[] tuple) {
        byte[] r = new byte[2 + tuple.length];
        LittleEndian.putU16(r, 0, offset);
        System.arraycopy(tuple, 0, r, 2, tuple.length);
        return r;
    }

    static byte[] updateRecord(int oldOffset, int newOffset, boolean samePage, long xmax, int cmax, int oldInfomask,
                               byte[] tuple) {
        byte[] r = new byte[19 + tuple.length];
        LittleEndian.putU16(r, 0, oldOffset);
        LittleEndian.putU16(r, 2, newOffset);
        r[4] = (byte) (samePage ? UPDATE_SAME_PAGE : 0);
        LittleEndian.putI64(r, 5, xmax);
        LittleEndian.putI32(r, 13, cmax);
        LittleEndian.putU16(r, 17, oldInfomask);
        System.arraycopy(tuple, 0, r, 19, tuple.length);
        return r;
    }

    /** A delete; {@code movedPartitions} (XLH_DELETE_IS_PARTITION_MOVE) adds a 17th byte, 1. */
    static byte[] deleteRecord(int offset, long xmax, int cmax, int infomask, boolean movedPartitions) {
        byte[] r = new byte[movedPartitions ? 17 : 16];
        LittleEndian.putU16(r, 0, offset);
        LittleEndian.putI64(r, 2, xmax);
        LittleEndian.putI32(r, 10, cmax);
        LittleEndian.putU16(r, 14, infomask);
        if (movedPartitions) {
            r[16] = 1;
        }
        return r;
    }

    static byte[] superDeleteRecord(int offset, int infomask) {
        byte[] r = new byte[4];
        LittleEndian.putU16(r, 0, offset);
        LittleEndian.putU16(r, 2, infomask);
        return r;
    }

    static byte[] pruneRecord(int[] from, int[] to, int[] dead, int[] unused, long newPruneXid,
                              long conflictHorizon) {
        byte[] r = new byte[pruneLength(from.length, dead.length, unused.length) + 8];
        LittleEndian.putU16(r, 0, from.length);
        LittleEndian.putU16(r, 2, dead.length);
        LittleEndian.putU16(r, 4, unused.length);
        LittleEndian.putI64(r, 6, newPruneXid);
        int pos = 14;
        for (int i = 0; i < from.length; i++) {
            LittleEndian.putU16(r, pos, from[i]);
            LittleEndian.putU16(r, pos + 2, to[i]);
            pos += 4;
        }
        for (int o : dead) {
            LittleEndian.putU16(r, pos, o);
            pos += 2;
        }
        for (int o : unused) {
            LittleEndian.putU16(r, pos, o);
            pos += 2;
        }
        LittleEndian.putI64(r, pos, conflictHorizon);
        return r;
    }

    private static int pruneLength(int redirects, int dead, int unused) {
        return 14 + 4 * redirects + 2 * dead + 2 * unused;
    }

    /**
     * A prune removes tuples a hot standby's older snapshots may still see: those with an xmin below the horizon
     * conflict (heap_xlog_prune's ResolveRecoveryConflictWithSnapshot).
     */
    @Override
    public long conflictHorizon(WalRecord record) {
        byte[] d = record.data();
        if (record.info() != PRUNE || d.length < 14) {
            return 0;
        }
        int length = pruneLength(LittleEndian.u16(d, 0), LittleEndian.u16(d, 2), LittleEndian.u16(d, 4));
        return d.length >= length + 8 ? LittleEndian.i64(d, length) : 0;
    }

    // ---- redo ----

    @Override
    public void redo(WalRecord record, RedoPages pages) {
        byte[] d = record.data();
        switch (record.info()) {
            case INSERT -> {
                PageBuffer page = pages.page(0);
                if (page != null) {
                    byte[] tuple = java.util.Arrays.copyOfRange(d, 2, d.length);
                    applyInsert(page.page(), record.blocks().get(0).block(), LittleEndian.u16(d, 0), tuple);
                }
            }
            case UPDATE -> redoUpdate(record, pages, d);
            case DELETE -> {
                PageBuffer page = pages.page(0);
                if (page != null) {
                    int offset = LittleEndian.u16(d, 0);
                    boolean moved = d.length > 16 && d[16] == 1;
                    applyXmax(page.page(), offset, LittleEndian.i64(d, 2), LittleEndian.i32(d, 10),
                            moved ? HeapPage.MOVED_PARTITIONS_BLOCK : record.blocks().get(0).block(),
                            moved ? HeapPage.MOVED_PARTITIONS_OFFSET : offset, LittleEndian.u16(d, 14));
                }
            }
            case SUPER_DELETE -> {
                PageBuffer page = pages.page(0);
                if (page != null) {
                    MemorySegment p = page.page();
                    HeapPage.setInfomask(p, HeapPage.tuple(p, LittleEndian.u16(d, 0)), LittleEndian.u16(d, 2));
                }
            }
            case PRUNE -> {
                PageBuffer page = pages.page(0);
                if (page != null) {
                    redoPrune(page.page(), d);
                }
            }
            default -> throw new IllegalStateException("heap redo: unknown record type " + record.info());
        }
    }

    private static void redoUpdate(WalRecord record, RedoPages pages, byte[] d) {
        int oldOffset = LittleEndian.u16(d, 0);
        int newOffset = LittleEndian.u16(d, 2);
        boolean samePage = (d[4] & UPDATE_SAME_PAGE) != 0;
        long xmax = LittleEndian.i64(d, 5);
        int cmax = LittleEndian.i32(d, 13);
        int oldInfomask = LittleEndian.u16(d, 17);
        byte[] tuple = java.util.Arrays.copyOfRange(d, 19, d.length);
        int newBlock = record.blocks().get(0).block();
        PageBuffer newPage = pages.page(0);
        if (newPage != null) {
            applyInsert(newPage.page(), newBlock, newOffset, tuple);
        }
        PageBuffer oldPage = samePage ? newPage : pages.page(1);
        if (oldPage != null) {
            applyXmax(oldPage.page(), oldOffset, xmax, cmax, newBlock, newOffset, oldInfomask);
        }
    }

    private static void redoPrune(MemorySegment p, byte[] d) {
        int nRedirect = LittleEndian.u16(d, 0);
        int nDead = LittleEndian.u16(d, 2);
        int nUnused = LittleEndian.u16(d, 4);
        long newPruneXid = LittleEndian.i64(d, 6);
        int pos = 14;
        int[] from = new int[nRedirect];
        int[] to = new int[nRedirect];
        for (int i = 0; i < nRedirect; i++) {
            from[i] = LittleEndian.u16(d, pos);
            to[i] = LittleEndian.u16(d, pos + 2);
            pos += 4;
        }
        int[] dead = new int[nDead];
        for (int i = 0; i < nDead; i++, pos += 2) {
            dead[i] = LittleEndian.u16(d, pos);
        }
        int[] unused = new int[nUnused];
        for (int i = 0; i < nUnused; i++, pos += 2) {
            unused[i] = LittleEndian.u16(d, pos);
        }
        HeapPage.applyPrune(p, from, to, dead, unused, newPruneXid);
    }
}
