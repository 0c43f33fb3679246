package osgres.backend.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import osgres.api.PgException;
import osgres.api.Severity;
import osgres.api.SqlState;

/**
 * The {@code options} startup parameter: command-line switches for the backend (postinit.c pg_split_opts,
 * postgres.c process_postgres_switches), turned into GUC assignments that are applied, in order, before the
 * packet's other parameters.
 *
 * <p>Words are split at white space, a backslash escapes the next character. Understood: {@code -c name=value},
 * {@code -cname=value}, {@code --name=value} (a {@code -} in the name reads as {@code _}), and the switches
 * that are shorthands for a GUC ({@code -B -N -p -S -W}); {@code -T} is ignored as in PostgreSQL. Anything else
 * is FATAL 42601 {@code invalid command-line argument for server process}. Not done: the debugging switches
 * ({@code -d -E -e -F -f -i -j -k -l -O -P -r -s -t -v}), which osgres has no use for.
 */
final class StartupOptions {
    private static final Map<Character, String> GUC_SWITCHES = Map.of(
            'B', "shared_buffers", 'N', "max_connections", 'p', "port", 'S', "work_mem", 'W', "post_auth_delay");

    private StartupOptions() {
    }

    static List<Map.Entry<String, String>> parse(String options) {
        List<String> words = split(options);
        List<Map.Entry<String, String>> settings = new ArrayList<>();
        int i = 0;
        while (i < words.size()) {
            String word = words.get(i);
            if (word.length() < 2 || word.charAt(0) != '-') {
                throw invalidArgument(word);
            }
            char flag = word.charAt(1);
            if (flag == '-' && word.length() == 2) {
                i++;
                if (i < words.size()) {
                    throw invalidArgument(words.get(i));
                }
                break;
            }
            if (flag == 'T' && word.length() == 2) {
                i++;
                continue;
            }
            if (flag != 'c' && flag != '-' && !GUC_SWITCHES.containsKey(flag)) {
                throw invalidArgument(word);
            }
            String argument;
            if (word.length() > 2) {
                argument = word.substring(2);
            } else if (i + 1 < words.size()) {
                argument = words.get(++i);
            } else {
                throw invalidArgument(word);
            }
            i++;
            if (flag == 'c' || flag == '-') {
                settings.add(longOption(flag == 'c' ? "-c" : "--", argument));
            } else {
                settings.add(Map.entry(GUC_SWITCHES.get(flag), argument));
            }
        }
        return settings;
    }

    /** guc.c ParseLongOption: {@code name=value}, with {@code -} in the name read as {@code _}. */
    private static Map.Entry<String, String> longOption(String flag, String argument) {
        int equals = argument.indexOf('=');
        if (equals < 0) {
            throw new PgException(Severity.FATAL, SqlState.SYNTAX_ERROR,
                    Messages.optionRequiresValue(flag, argument), null, null, 0);
        }
        return Map.entry(argument.substring(0, equals).replace('-', '_'), argument.substring(equals + 1));
    }

    /** pg_split_opts: white space separates words, a backslash makes the next character literal. */
    static List<String> split(String options) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        boolean escaped = false;
        for (int i = 0; i < options.length(); i++) {
            char c = options.charAt(i);
            if (!escaped && Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                continue;
            }
            inWord = true;
            if (!escaped && c == '\\') {
                escaped = true;
            } else {
                escaped = false;
                word.append(c);
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    private static PgException invalidArgument(String argument) {
        return new PgException(Severity.FATAL, SqlState.SYNTAX_ERROR, Messages.invalidCommandLineArgument(argument),
                null, Messages.TRY_HELP_HINT, 0);
    }
}
