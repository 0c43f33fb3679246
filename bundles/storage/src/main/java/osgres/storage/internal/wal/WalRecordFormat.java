package osgres.storage.internal.wal;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

import osgres.storage.internal.core.Page;
import osgres.storage.internal.core.PageBuffer;
import osgres.storage.internal.core.RelFile;
import osgres.storage.internal.core.WalRecord;

/**
 * The byte layout of a WAL record (after xlogrecord.h, simplified). Little-endian; every record starts on an
 * 8-byte boundary (MAXALIGN), the padding is zeros.
 * <pre>
 *  0  int32  total length: header + block references + images + main data (unaligned)
 *  4  int32  header CRC-32C over bytes 0..3 and 8..39 (so it covers the data CRC too)
 *  8  int64  prev: start LSN of the previous record (the prev-link a reader checks)
 * 16  int64  xid (0 if none)
 * 24  uint8  resource manager id
 * 25  uint8  info
 * 26  uint16 number of block references
 * 28  int32  main data length
 * 32  int32  data CRC-32C over bytes 40..total length
 * 36  uint32 segment address: the number of the segment the record starts in (low 32 bits), so that a reader
 *            tells a recycled segment's stale records from its own (PostgreSQL's xlp_pageaddr, per record)
 * 40  block references, each: int32 database OID, int32 relfilenode, int32 block, int32 flags (bit 0: a full
 *     page image of 8192 bytes follows this reference)
 *     main data
 * </pre>
 * The data CRC is computed while the record is built, outside the insert lock; only the header CRC (32 bytes)
 * is computed under it, once the prev-link is known, as xloginsert.c splits the work.
 */
public final class WalRecordFormat {

    public static final int HEADER_SIZE = 40;
    static final int BLOCK_REF_SIZE = 16;
    static final int FLAG_HAS_IMAGE = 1;
    /** Sanity limit on a record's length, as XLogRecordMaxSize (1 GB). */
    static final int MAX_RECORD_SIZE = 1 << 30;
    private static final ValueLayout.OfLong LSN = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private WalRecordFormat() {
    }

    static long align(long n) {
        return (n + 7) & ~7L;
    }

    /**
     * Builds a record except its prev-link and header CRC. A block gets a full-page image when its page LSN is
     * at or before {@code redo}: its first change since the checkpoint that set that redo point.
     */
    static byte[] build(int rmgr, int info, long xid, byte[] data, PageBuffer[] blocks, long redo) {
        int images = 0;
        boolean[] withImage = new boolean[blocks.length];
        for (int i = 0; i < blocks.length; i++) {
            long pageLsn = blocks[i].page().get(LSN, Page.LSN_OFFSET);
            withImage[i] = pageLsn <= redo;
            if (withImage[i]) {
                images++;
            }
        }
        long length = (long) HEADER_SIZE + (long) blocks.length * BLOCK_REF_SIZE + (long) images * Page.SIZE
                + data.length;
        if (length > MAX_RECORD_SIZE || blocks.length > 0xFFFF) {
            throw new IllegalArgumentException("WAL record too large: " + length + " bytes");
        }
        byte[] record = new byte[(int) length];
        ByteBuffer b = ByteBuffer.wrap(record).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, (int) length);
        b.putLong(16, xid);
        b.put(24, (byte) rmgr);
        b.put(25, (byte) info);
        b.putShort(26, (short) blocks.length);
        b.putInt(28, data.length);
        int offset = HEADER_SIZE;
        MemorySegment target = MemorySegment.ofArray(record);
        for (int i = 0; i < blocks.length; i++) {
            RelFile rel = blocks[i].rel();
            b.putInt(offset, rel.databaseOid());
            b.putInt(offset + 4, rel.relfilenode());
            b.putInt(offset + 8, blocks[i].block());
            b.putInt(offset + 12, withImage[i] ? FLAG_HAS_IMAGE : 0);
            offset += BLOCK_REF_SIZE;
            if (withImage[i]) {
                MemorySegment.copy(blocks[i].page(), 0, target, offset, Page.SIZE);
                offset += Page.SIZE;
            }
        }
        System.arraycopy(data, 0, record, offset, data.length);
        CRC32C crc = new CRC32C();
        crc.update(record, HEADER_SIZE, record.length - HEADER_SIZE);
        b.putInt(32, (int) crc.getValue());
        return record;
    }

    /** Fills in the prev-link, the segment address of {@code start} and the header CRC (under the insert lock). */
    static void seal(byte[] record, long prev, long start) {
        ByteBuffer b = ByteBuffer.wrap(record).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(8, prev);
        b.putInt(36, segmentAddress(start));
        b.putInt(4, headerCrc(record));
    }

    /** What bytes 36..39 hold for a record starting at {@code lsn}. */
    static int segmentAddress(long lsn) {
        return (int) (lsn / WalSegments.SEGMENT_SIZE);
    }

    static int storedSegmentAddress(byte[] header) {
        return ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).getInt(36);
    }

    /** How many full-page images a built record carries (pg_stat_wal's wal_fpi). */
    static int imageCount(byte[] record) {
        ByteBuffer b = ByteBuffer.wrap(record).order(ByteOrder.LITTLE_ENDIAN);
        int blocks = b.getShort(26) & 0xFFFF;
        int images = 0;
        int offset = HEADER_SIZE;
        for (int i = 0; i < blocks; i++) {
            boolean image = (b.getInt(offset + 12) & FLAG_HAS_IMAGE) != 0;
            offset += BLOCK_REF_SIZE;
            if (image) {
                images++;
                offset += Page.SIZE;
            }
        }
        return images;
    }

    static int headerCrc(byte[] header) {
        CRC32C crc = new CRC32C();
        crc.update(header, 0, 4);
        crc.update(header, 8, HEADER_SIZE - 8);
        return (int) crc.getValue();
    }

    static int totalLength(byte[] header) {
        return ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).getInt(0);
    }

    static int storedHeaderCrc(byte[] header) {
        return ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).getInt(4);
    }

    static long prev(byte[] header) {
        return ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).getLong(8);
    }

    static boolean dataCrcMatches(byte[] header, byte[] body) {
        CRC32C crc = new CRC32C();
        crc.update(body, 0, body.length);
        return ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).getInt(32) == (int) crc.getValue();
    }

    /** A record read back, with its full-page images (null where a block has none). */
    public record Decoded(WalRecord record, List<byte[]> images) {
    }

    /** Decodes a record whose CRCs have been verified; null if its inner lengths do not add up. */
    static Decoded decode(long lsn, byte[] header, byte[] body) {
        ByteBuffer h = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
        long xid = h.getLong(16);
        int rmgr = h.get(24) & 0xFF;
        int info = h.get(25) & 0xFF;
        int blockCount = h.getShort(26) & 0xFFFF;
        int dataLength = h.getInt(28);
        int total = h.getInt(0);
        ByteBuffer b = ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN);
        List<WalRecord.BlockRef> blocks = new ArrayList<>(blockCount);
        List<byte[]> images = new ArrayList<>(blockCount);
        int offset = 0;
        for (int i = 0; i < blockCount; i++) {
            if (offset + BLOCK_REF_SIZE > body.length) {
                return null;
            }
            RelFile rel = new RelFile(b.getInt(offset), b.getInt(offset + 4));
            int block = b.getInt(offset + 8);
            boolean hasImage = (b.getInt(offset + 12) & FLAG_HAS_IMAGE) != 0;
            offset += BLOCK_REF_SIZE;
            byte[] image = null;
            if (hasImage) {
                if (offset + Page.SIZE > body.length) {
                    return null;
                }
                image = new byte[Page.SIZE];
                System.arraycopy(body, offset, image, 0, Page.SIZE);
                offset += Page.SIZE;
            }
            blocks.add(new WalRecord.BlockRef(rel, block, hasImage));
            images.add(image);
        }
        if (dataLength < 0 || offset + dataLength != body.length) {
            return null;
        }
        byte[] data = new byte[dataLength];
        System.arraycopy(body, offset, data, 0, dataLength);
        long end = lsn + align(total);
        return new Decoded(new WalRecord(lsn, end, rmgr, info, xid, data, List.copyOf(blocks)), images);
    }
}
