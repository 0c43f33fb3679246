/*
 * The search_path parameter as name lookup and name output read it (PostgreSQL's namespace.c recomputeNamespacePath
 * and SplitIdentifierString): the schema names in order, and whether {@code public}, the one schema user relations
 * live in, is on it. Output functions (regclass, format_type, pg_get_viewdef, pg_get_constraintdef) qualify a user
 * object's name with {@code public.} when it is not, as PostgreSQL's do for an object that is not visible: that is
 * what lets pg_dump, which runs with {@code search_path = ''}, write a dump that restores anywhere.
 */
package osgres.sql.internal.utils;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

public final class SearchPath {

    private SearchPath() {
    }

    /** SplitIdentifierString: names lower-cased unless double-quoted. */
    public static List<String> split(String value) {
        List<String> names = new ArrayList<>();
        int i = 0;
        while (i < value.length()) {
            while (i < value.length() && (Character.isWhitespace(value.charAt(i)) || value.charAt(i) == ',')) {
                i++;
            }
            if (i >= value.length()) {
                break;
            }
            StringBuilder name = new StringBuilder();
            if (value.charAt(i) == '"') {
                i++;
                while (i < value.length()) {
                    char c = value.charAt(i++);
                    if (c == '"') {
                        if (i < value.length() && value.charAt(i) == '"') {
                            name.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        name.append(c);
                    }
                }
            } else {
                while (i < value.length() && value.charAt(i) != ',') {
                    name.append(value.charAt(i++));
                }
                names.add(name.toString().strip().toLowerCase(Locale.ROOT));
                continue;
            }
            names.add(name.toString());
        }
        return names;
    }

    /** Whether the schema {@code public} is on this search_path (a "$user" entry never names it in osgres). */
    public static boolean includesPublic(String value) {
        return value == null || split(value).contains("public");
    }

    /** A user object's name as output functions print it: {@code public.} first when public is not visible. */
    public static String qualified(String quotedName, boolean publicVisible) {
        return publicVisible ? quotedName : "public." + quotedName;
    }
}
