package osgres.walreceiver.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses {@code primary_conninfo} as libpq does (fe-connect.c): either {@code keyword = value} pairs separated by
 * white space, where a value is a single-quoted string ({@code \'} and {@code \\} escaped) or a run of non-blank
 * characters (a backslash escapes the next one), or a URI
 * {@code postgresql://[user[:password]@][host][:port][,...][/dbname][?keyword=value&...]} with %-escapes and IPv6
 * addresses in brackets. Errors carry libpq's texts; the caller prefixes them as the walreceiver does.
 */
final class ConnInfoParser {
    private static final String URI_PREFIX = "postgresql://";
    private static final String SHORT_URI_PREFIX = "postgres://";

    private ConnInfoParser() {
    }

    static ConnInfo parse(String text) throws ConnInfoException {
        if (text.startsWith(URI_PREFIX) || text.startsWith(SHORT_URI_PREFIX)) {
            return parseUri(text);
        }
        return parseKeywords(text);
    }

    private static ConnInfo parseKeywords(String text) throws ConnInfoException {
        Map<String, String> options = new LinkedHashMap<>();
        int i = 0;
        int n = text.length();
        while (true) {
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i >= n) {
                break;
            }
            int nameStart = i;
            while (i < n && text.charAt(i) != '=' && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            String name = text.substring(nameStart, i);
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i >= n || text.charAt(i) != '=') {
                throw new ConnInfoException("missing \"=\" after \"" + name + "\" in connection info string");
            }
            i++;
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            StringBuilder value = new StringBuilder();
            if (i < n && text.charAt(i) == '\'') {
                i++;
                boolean closed = false;
                while (i < n) {
                    char c = text.charAt(i);
                    if (c == '\\' && i + 1 < n) {
                        value.append(text.charAt(i + 1));
                        i += 2;
                    } else if (c == '\'') {
                        i++;
                        closed = true;
                        break;
                    } else {
                        value.append(c);
                        i++;
                    }
                }
                if (!closed) {
                    throw new ConnInfoException("unterminated quoted string in connection info string");
                }
            } else {
                while (i < n && !Character.isWhitespace(text.charAt(i))) {
                    char c = text.charAt(i);
                    if (c == '\\' && i + 1 < n) {
                        value.append(text.charAt(i + 1));
                        i += 2;
                    } else {
                        value.append(c);
                        i++;
                    }
                }
            }
            put(options, name, value.toString());
        }
        return new ConnInfo(options);
    }

    private static void put(Map<String, String> options, String name, String value) throws ConnInfoException {
        if (!ConnInfo.KEYWORDS.contains(name)) {
            throw new ConnInfoException("invalid connection option \"" + name + "\"");
        }
        options.put(name, value);
    }

    /** conninfo_uri_parse_options: the URI's parts, then its query parameters (which override them). */
    private static ConnInfo parseUri(String uri) throws ConnInfoException {
        Map<String, String> options = new LinkedHashMap<>();
        String rest = uri.substring(uri.startsWith(URI_PREFIX) ? URI_PREFIX.length() : SHORT_URI_PREFIX.length());
        int query = rest.indexOf('?');
        String queryPart = query < 0 ? null : rest.substring(query + 1);
        String beforeQuery = query < 0 ? rest : rest.substring(0, query);
        int slash = beforeQuery.indexOf('/');
        String authority = slash < 0 ? beforeQuery : beforeQuery.substring(0, slash);
        String dbname = slash < 0 ? null : beforeQuery.substring(slash + 1);

        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            authority = authority.substring(at + 1);
            int colon = userInfo.indexOf(':');
            String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
            if (!user.isEmpty()) {
                options.put("user", decode(user, uri));
            }
            if (colon >= 0) {
                options.put("password", decode(userInfo.substring(colon + 1), uri));
            }
        }

        List<String> hosts = new ArrayList<>();
        List<String> ports = new ArrayList<>();
        for (String hostPort : authority.split(",", -1)) {
            String host;
            String port = "";
            if (hostPort.startsWith("[")) {
                int close = hostPort.indexOf(']');
                if (close < 0) {
                    throw new ConnInfoException("end of string reached when looking for matching \"]\" in IPv6 host"
                            + " address in URI: \"" + uri + "\"");
                }
                if (close == 1) {
                    throw new ConnInfoException("IPv6 host address may not be empty in URI: \"" + uri + "\"");
                }
                host = hostPort.substring(1, close);
                String after = hostPort.substring(close + 1);
                if (!after.isEmpty() && !after.startsWith(":")) {
                    throw new ConnInfoException("unexpected character \"" + after.charAt(0) + "\" at position "
                            + (uri.indexOf(hostPort) + close + 2) + " in URI (expected \":\" or \"/\"): \""
                            + uri + "\"");
                }
                port = after.startsWith(":") ? after.substring(1) : "";
            } else {
                int colon = hostPort.indexOf(':');
                host = colon < 0 ? hostPort : hostPort.substring(0, colon);
                port = colon < 0 ? "" : hostPort.substring(colon + 1);
            }
            hosts.add(decode(host, uri));
            ports.add(decode(port, uri));
        }
        if (hosts.stream().anyMatch(h -> !h.isEmpty())) {
            options.put("host", String.join(",", hosts));
        }
        if (ports.stream().anyMatch(p -> !p.isEmpty())) {
            options.put("port", String.join(",", ports));
        }
        if (dbname != null && !dbname.isEmpty()) {
            options.put("dbname", decode(dbname, uri));
        }
        if (queryPart != null) {
            for (String parameter : queryPart.split("&")) {
                if (parameter.isEmpty()) {
                    continue;
                }
                int eq = parameter.indexOf('=');
                if (eq < 0 || parameter.indexOf('=', eq + 1) >= 0) {
                    throw new ConnInfoException(eq < 0
                            ? "missing key/value separator \"=\" in URI query parameter: \"" + parameter + "\""
                            : "extra key/value separator \"=\" in URI query parameter: \"" + parameter + "\"");
                }
                String keyword = decode(parameter.substring(0, eq), uri);
                String value = decode(parameter.substring(eq + 1), uri);
                // JDBC-style aliases libpq accepts in URIs
                if (keyword.equals("ssl") && value.equals("true")) {
                    keyword = "sslmode";
                    value = "require";
                }
                if (!ConnInfo.KEYWORDS.contains(keyword)) {
                    throw new ConnInfoException("invalid URI query parameter: \"" + keyword + "\"");
                }
                options.put(keyword, value);
            }
        }
        return new ConnInfo(options);
    }

    /** conninfo_uri_decode: %XX escapes into bytes, read as UTF-8; "%00" is refused. */
    private static String decode(String text, String uri) throws ConnInfoException {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '%') {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                continue;
            }
            if (i + 2 >= text.length()) {
                throw new ConnInfoException("invalid percent-encoded token: \"" + text + "\"");
            }
            int hi = Character.digit(text.charAt(i + 1), 16);
            int lo = Character.digit(text.charAt(i + 2), 16);
            if (hi < 0 || lo < 0) {
                throw new ConnInfoException("invalid percent-encoded token: \"" + text + "\"");
            }
            int b = hi * 16 + lo;
            if (b == 0) {
                throw new ConnInfoException("forbidden value %00 in percent-encoded value: \"" + text + "\"");
            }
            bytes.write(b);
            i += 2;
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** A connection string libpq would refuse, with libpq's message. */
    static final class ConnInfoException extends Exception {
        ConnInfoException(String message) {
            super(message);
        }
    }
}
