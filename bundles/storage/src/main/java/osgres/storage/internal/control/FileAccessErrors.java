package osgres.storage.internal.control;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;

import osgres.api.PgException;
import osgres.api.Severity;
import osgres.api.SqlState;

/**
 * An IOException of a data-directory file as PostgreSQL reports a failed system call: the {@code %m} text
 * (strerror, never a Java class name or a bare path) and errcode_for_file_access's SQLSTATE (elog.c):
 * <pre>
 *   No space left on device                                   53100 disk_full
 *   Too many open files                                       53000 insufficient_resources
 *   Input/output error                                        58030 io_error
 *   Permission denied, Operation not permitted, Read-only     42501 insufficient_privilege
 *   No such file or directory                                 58P01 undefined_file
 *   File exists                                               58P02 duplicate_file
 *   Not a directory, Is a directory, Directory not empty      42809 wrong_object_type
 *   anything else                                             XX000 internal_error
 * </pre>
 * The JDK passes the OS's strerror text through as the message of a plain IOException (FileChannel read and
 * write); a FileSystemException carries it as its reason, or says it by its class.
 */
public final class FileAccessErrors {

    private FileAccessErrors() {
    }

    /** The ERROR (or PANIC) {@code message: %m}, with the IOException kept as its cause. */
    public static PgException error(Severity severity, String message, IOException e) {
        PgException error = new PgException(severity, sqlState(e), message + ": " + reason(e), null, null, 0);
        error.initCause(e);
        return error;
    }

    /** What {@code %m} prints for this failure. */
    public static String reason(IOException e) {
        if (e instanceof FileSystemException fs) {
            if (fs.getReason() != null) {
                return fs.getReason();
            }
            return switch (fs) {
                case NoSuchFileException ignored -> "No such file or directory";
                case AccessDeniedException ignored -> "Permission denied";
                case FileAlreadyExistsException ignored -> "File exists";
                case NotDirectoryException ignored -> "Not a directory";
                case DirectoryNotEmptyException ignored -> "Directory not empty";
                default -> "Input/output error";
            };
        }
        return e.getMessage() != null ? e.getMessage() : "Input/output error";
    }

    /** errcode_for_file_access. */
    public static String sqlState(IOException e) {
        String reason = reason(e).toLowerCase(Locale.ROOT);
        if (reason.contains("no space left")) {
            return SqlState.DISK_FULL;
        } else if (reason.contains("too many open files")) {
            return SqlState.INSUFFICIENT_RESOURCES;
        } else if (reason.contains("input/output error")) {
            return SqlState.IO_ERROR;
        } else if (reason.contains("permission denied") || reason.contains("operation not permitted")
                || reason.contains("read-only file system")) {
            return SqlState.INSUFFICIENT_PRIVILEGE;
        } else if (reason.contains("no such file")) {
            return SqlState.UNDEFINED_FILE;
        } else if (reason.contains("file exists")) {
            return SqlState.DUPLICATE_FILE;
        } else if (reason.contains("not a directory") || reason.contains("is a directory")
                || reason.contains("directory not empty")) {
            return SqlState.WRONG_OBJECT_TYPE;
        }
        return SqlState.INTERNAL_ERROR;
    }
}
