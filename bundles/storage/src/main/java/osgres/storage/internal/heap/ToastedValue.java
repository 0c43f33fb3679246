package osgres.storage.internal.heap;

/**
 * A varlena column value in one of its toasted forms (PostgreSQL's varattrib_4b compressed datum and
 * varatt_external toast pointer), as the toaster hands it to {@link TupleCodec#encode} and as
 * {@link TupleCodec#decode} hands it back. Never seen above the storage engine: every decode path for the SQL layer
 * replaces it by the plain value ({@code toast.Toaster.detoast}). The byte layouts are in {@link TupleCodec}.
 */
public sealed interface ToastedValue {
    /** Compression methods (two bits in the stored form, like PostgreSQL's ToastCompressionId). */
    int PGLZ = 0;

    /** The column's type (a TypeOids value), to turn the detoasted bytes back into its Java value. */
    int type();

    /** Bytes of the value once detoasted (its varlena payload, header not counted). */
    int rawSize();

    /** Bytes this form occupies in a tuple, header included. */
    int storedSize();

    /**
     * Compressed in line: {@code data} is the compressed payload of {@code method}.
     */
    record Compressed(int type, int rawSize, int method, byte[] data) implements ToastedValue {
        @Override
        public int storedSize() {
            return TupleCodec.COMPRESSED_OVERHEAD + data.length;
        }
    }

    /**
     * A toast pointer: the value is stored out of line as chunks {@code valueId} of the toast relation whose
     * relfilenode is {@code toastRelfilenode}, {@code extSize} bytes in all, compressed with {@code method} when
     * {@code extSize < rawSize}.
     */
    record External(int type, int rawSize, int extSize, int method, int valueId, int toastRelfilenode)
            implements ToastedValue {
        public boolean compressed() {
            return extSize < rawSize;
        }

        @Override
        public int storedSize() {
            return TupleCodec.EXTERNAL_SIZE;
        }
    }
}
