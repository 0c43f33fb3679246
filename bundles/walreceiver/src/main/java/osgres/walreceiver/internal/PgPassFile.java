package osgres.walreceiver.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The password file libpq reads when the connection string has no password (passwordFromFile in fe-connect.c):
 * lines {@code hostname:port:database:username:password}, {@code *} matching anything in the first four fields,
 * {@code \} escaping {@code :} and {@code \}, {@code #} starting a comment line; the first matching line wins.
 * As libpq, a file readable by group or others is ignored.
 */
final class PgPassFile {
    private PgPassFile() {
    }

    /** The password for these connection parameters, or null. */
    static String lookup(Path file, String host, String port, String database, String user) {
        try {
            if (!Files.isRegularFile(file)) {
                return null;
            }
            try {
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
                for (PosixFilePermission p : permissions) {
                    if (p != PosixFilePermission.OWNER_READ && p != PosixFilePermission.OWNER_WRITE
                            && p != PosixFilePermission.OWNER_EXECUTE) {
                        return null;
                    }
                }
            } catch (UnsupportedOperationException notPosix) {
                // no permission bits to check
            }
            for (String line : Files.readAllLines(file)) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                List<String> fields = split(line);
                if (fields.size() < 5) {
                    continue;
                }
                if (matches(fields.get(0), host) && matches(fields.get(1), port) && matches(fields.get(2), database)
                        && matches(fields.get(3), user)) {
                    return fields.get(4);
                }
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean matches(String pattern, String value) {
        return pattern.equals("*") || pattern.equals(value);
    }

    /** The first four fields split at unescaped colons; the fifth is the rest of the line, unescaped. */
    static List<String> split(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                field.append(line.charAt(++i));
            } else if (c == ':' && fields.size() < 4) {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }
}
