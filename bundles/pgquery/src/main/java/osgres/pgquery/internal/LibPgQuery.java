package osgres.pgquery.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * The native side: Debian's {@code libpg_query.so.1504.0.0} (PostgreSQL 15.4's parser as a library), loaded once
 * with dlopen through {@link SymbolLookup#libraryLookup} and called through downcall handles; structs come back by
 * value. {@code pg_query_parse_protobuf} returns {@code {PgQueryProtobuf parse_tree; char* stderr_buffer;
 * PgQueryError* error}}, freed with {@code pg_query_free_protobuf_parse_result}. libpg_query keeps its memory
 * context per OS thread, so concurrent calls from different threads are safe.
 */
public final class LibPgQuery {
    /** The shared object and the Debian package that installs it. */
    public static final String LIBRARY = "libpg_query.so.1504.0.0";
    public static final String PACKAGE = "libpg-query1504.0";

    private static final StructLayout PROTOBUF = MemoryLayout.structLayout(JAVA_LONG.withName("len"),
            ADDRESS.withName("data"));
    private static final StructLayout PARSE_RESULT = MemoryLayout.structLayout(PROTOBUF.withName("parse_tree"),
            ADDRESS.withName("stderr_buffer"), ADDRESS.withName("error"));
    private static final StructLayout ERROR = MemoryLayout.structLayout(ADDRESS.withName("message"),
            ADDRESS.withName("funcname"), ADDRESS.withName("filename"), JAVA_INT.withName("lineno"),
            JAVA_INT.withName("cursorpos"), ADDRESS.withName("context"));
    private static final long LEN = PARSE_RESULT.byteOffset(MemoryLayout.PathElement.groupElement("parse_tree"),
            MemoryLayout.PathElement.groupElement("len"));
    private static final long DATA = PARSE_RESULT.byteOffset(MemoryLayout.PathElement.groupElement("parse_tree"),
            MemoryLayout.PathElement.groupElement("data"));
    private static final long ERROR_POINTER = PARSE_RESULT.byteOffset(
            MemoryLayout.PathElement.groupElement("error"));
    private static final long MESSAGE = ERROR.byteOffset(MemoryLayout.PathElement.groupElement("message"));
    private static final long CURSORPOS = ERROR.byteOffset(MemoryLayout.PathElement.groupElement("cursorpos"));
    /** C strings of an error are short; a bound keeps a corrupt pointer from reading the whole address space. */
    private static final long MAX_MESSAGE = 64 * 1024;

    /** {@code {char* plpgsql_funcs; PgQueryError* error}}, freed with pg_query_free_plpgsql_parse_result. */
    private static final StructLayout PLPGSQL_RESULT = MemoryLayout.structLayout(ADDRESS.withName("plpgsql_funcs"),
            ADDRESS.withName("error"));
    private static final long PLPGSQL_ERROR = PLPGSQL_RESULT.byteOffset(MemoryLayout.PathElement.groupElement(
            "error"));
    /** A function's JSON can be long, but not longer than this. */
    private static final long MAX_JSON = 256L << 20;

    private static final LibPgQuery INSTANCE = load();

    private final MethodHandle parseProtobuf;
    private final MethodHandle freeProtobufParseResult;
    private MethodHandle parsePlpgsql;
    private MethodHandle freePlpgsqlParseResult;
    private final String loadFailure;

    /** What one parse returned: the protobuf bytes of the tree, or PostgreSQL's error message and cursor. */
    public record Result(byte[] tree, String errorMessage, int cursorPosition) {
        public boolean failed() {
            return errorMessage != null;
        }
    }

    private LibPgQuery(MethodHandle parseProtobuf, MethodHandle freeProtobufParseResult, String loadFailure) {
        this.parseProtobuf = parseProtobuf;
        this.freeProtobufParseResult = freeProtobufParseResult;
        this.loadFailure = loadFailure;
    }

    private static LibPgQuery load() {
        try {
            Linker linker = Linker.nativeLinker();
            SymbolLookup library = SymbolLookup.libraryLookup(LIBRARY, Arena.global());
            MethodHandle parse = linker.downcallHandle(library.find("pg_query_parse_protobuf").orElseThrow(),
                    FunctionDescriptor.of(PARSE_RESULT, ADDRESS));
            MethodHandle free = linker.downcallHandle(
                    library.find("pg_query_free_protobuf_parse_result").orElseThrow(),
                    FunctionDescriptor.ofVoid(PARSE_RESULT));
            LibPgQuery lib = new LibPgQuery(parse, free, null);
            lib.parsePlpgsql = linker.downcallHandle(library.find("pg_query_parse_plpgsql").orElseThrow(),
                    FunctionDescriptor.of(PLPGSQL_RESULT, ADDRESS));
            lib.freePlpgsqlParseResult = linker.downcallHandle(
                    library.find("pg_query_free_plpgsql_parse_result").orElseThrow(),
                    FunctionDescriptor.ofVoid(PLPGSQL_RESULT));
            return lib;
        } catch (RuntimeException e) {
            // IllegalArgumentException (no such library), NoSuchElementException (not the expected version)
            return new LibPgQuery(null, null, "could not load library \"" + LIBRARY + "\"");
        }
    }

    public static LibPgQuery instance() {
        return INSTANCE;
    }

    /** Null when the library is loaded; else what went wrong, for a message that names {@link #PACKAGE}. */
    public String loadFailure() {
        return loadFailure;
    }

    /** Parses {@code sql} (must be loaded: {@link #loadFailure()} null). */
    public Result parse(String sql) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment input = arena.allocateFrom(sql);
            MemorySegment result = (MemorySegment) parseProtobuf.invokeExact((SegmentAllocator) arena, input);
            try {
                MemorySegment error = result.get(ADDRESS, ERROR_POINTER);
                if (!error.equals(MemorySegment.NULL)) {
                    MemorySegment e = error.reinterpret(ERROR.byteSize());
                    String message = e.get(ADDRESS, MESSAGE).reinterpret(MAX_MESSAGE).getString(0);
                    return new Result(null, message, e.get(JAVA_INT, CURSORPOS));
                }
                long len = result.get(JAVA_LONG, LEN);
                MemorySegment data = result.get(ADDRESS, DATA).reinterpret(len);
                return new Result(data.toArray(JAVA_BYTE), null, 0);
            } finally {
                freeProtobufParseResult.invokeExact(result);
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("pg_query_parse_protobuf", t);
        }
    }

    /**
     * PL/pgSQL's own parser (pl_gram.y) over a CREATE FUNCTION statement: the function as libpg_query's JSON
     * ({@code [{"PLpgSQL_function": ...}]}) in {@link Result#tree()} as UTF-8, or the error.
     */
    public Result parsePlpgsql(String createFunction) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment input = arena.allocateFrom(createFunction);
            MemorySegment result = (MemorySegment) parsePlpgsql.invokeExact((SegmentAllocator) arena, input);
            try {
                MemorySegment error = result.get(ADDRESS, PLPGSQL_ERROR);
                if (!error.equals(MemorySegment.NULL)) {
                    MemorySegment e = error.reinterpret(ERROR.byteSize());
                    String message = e.get(ADDRESS, MESSAGE).reinterpret(MAX_MESSAGE).getString(0);
                    return new Result(null, message, e.get(JAVA_INT, CURSORPOS));
                }
                String json = result.get(ADDRESS, 0).reinterpret(MAX_JSON).getString(0);
                return new Result(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), null, 0);
            } finally {
                freePlpgsqlParseResult.invokeExact(result);
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("pg_query_parse_plpgsql", t);
        }
    }
}
