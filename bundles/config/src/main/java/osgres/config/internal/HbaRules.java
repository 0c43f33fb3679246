package osgres.config.internal;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import osgres.api.HostBasedAuth;
import osgres.api.Severity;

/**
 * pg_hba.conf, as hba.c reads and matches it: one record per line ({@code \} continues a line), fields
 * separated by blanks, comma lists, double quotes that make a keyword a plain name, {@code #} comments.
 * Records: {@code local DATABASE USER METHOD [OPTIONS]} and {@code host|hostssl|hostnossl|hostgssenc|
 * hostnogssenc DATABASE USER ADDRESS [MASK] METHOD [OPTIONS]}. The first record whose connection type,
 * database, user and address match decides; none matching means reject.
 *
 * <p>{@code +role} and {@code samerole} ask the caller's {@link Membership} (the role catalog's, through the
 * backend). Simplifications: {@code @file} inclusions are plain names; a host name matches when it
 * resolves forward to the client address (no reverse lookup); {@code hostssl} matches TLS connections only and
 * {@code hostnossl} the others, and with {@code ssl = off} a hostssl line is an error, as in PostgreSQL;
 * {@code hostgssenc} never matches (no GSSAPI).
 */
final class HbaRules implements HostBasedAuth {

    enum ConnectionType { LOCAL, HOST, HOSTSSL, HOSTNOSSL, HOSTGSSENC, HOSTNOGSSENC }

    private enum AddressKind { ALL, SAMEHOST, SAMENET, MASK, HOSTNAME }

    /** A token of a field; {@code quoted} tokens are never keywords. */
    private record Token(String text, boolean quoted) {
        boolean isKeyword(String keyword) {
            return !quoted && text.equals(keyword);
        }
    }

    private record Rule(ConnectionType type, List<Token> databases, List<Token> roles, AddressKind addressKind,
                        byte[] address, byte[] mask, String hostname, String method, Map<String, String> options,
                        int lineNumber, String rawLine) {
    }

    /** The outcome of reading the file: the rules when {@code ok}, and what to log either way. */
    record Load(HbaRules rules, List<LogEntry> messages, boolean ok) {
    }

    private static final Set<String> METHODS = Set.of("trust", "reject", "md5", "password", "scram-sha-256",
            "gss", "ident", "peer", "ldap", "radius", "cert", "pam");
    private static final Set<String> UNSUPPORTED_METHODS = Set.of("sspi", "bsd");
    private static final Set<String> OPTIONS = Set.of("map", "clientcert", "clientname", "pamservice",
            "pam_use_hostname", "ldapurl", "ldaptls", "ldapscheme", "ldapserver", "ldapport", "ldapbinddn",
            "ldapbindpasswd", "ldapsearchattribute", "ldapsearchfilter", "ldapbasedn", "ldapprefix", "ldapsuffix",
            "krb_realm", "include_realm", "compat_realm", "upn_username", "radiusservers", "radiussecrets",
            "radiusidentifiers", "radiusports");
    private static final Pattern NUMERIC_ADDRESS = Pattern.compile("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.%a-z]*");

    private final List<Rule> rules;

    private HbaRules(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** load_hba: the whole file or nothing; every bad line is logged with its CONTEXT. */
    static Load load(Path file, boolean sslEnabled) {
        List<LogEntry> messages = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            String reason = e instanceof NoSuchFileException ? Messages.NO_SUCH_FILE : String.valueOf(e.getMessage());
            messages.add(LogEntry.log(Messages.COULD_NOT_OPEN_FILE.formatted(file, reason)));
            return new Load(null, messages, false);
        }
        List<Rule> parsed = new ArrayList<>();
        boolean ok = true;
        int lineNumber = 1;
        for (int i = 0; i < lines.size(); i++) {
            StringBuilder line = new StringBuilder(lines.get(i));
            int continuations = 0;
            while (line.length() > 0 && line.charAt(line.length() - 1) == '\\' && i + 1 < lines.size()) {
                line.setLength(line.length() - 1);
                line.append(lines.get(++i));
                continuations++;
            }
            List<List<Token>> fields = tokenize(line.toString());
            if (!fields.isEmpty()) {
                LineParser parser = new LineParser(fields, lineNumber, line.toString(), file, sslEnabled);
                Rule rule = parser.parse();
                messages.addAll(parser.messages);
                if (rule == null) {
                    ok = false;
                } else {
                    parsed.add(rule);
                }
            }
            lineNumber += continuations + 1;
        }
        if (ok && parsed.isEmpty()) {
            messages.add(LogEntry.log(Messages.HBA_NO_ENTRIES.formatted(file)));
            ok = false;
        }
        return new Load(ok ? new HbaRules(parsed) : null, messages, ok);
    }

    /** next_field_expand / next_token: fields of comma-separated tokens, quotes and comments handled. */
    private static List<List<Token>> tokenize(String line) {
        List<List<Token>> fields = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (i < n) {
            while (i < n && isBlank(line.charAt(i))) {
                i++;
            }
            if (i >= n || line.charAt(i) == '#') {
                break;
            }
            List<Token> field = new ArrayList<>();
            boolean moreInField = true;
            while (moreInField && i < n) {
                StringBuilder text = new StringBuilder();
                boolean inQuote = false;
                boolean sawQuote = false;
                boolean initialQuote = false;
                moreInField = false;
                while (i < n) {
                    char c = line.charAt(i);
                    if (!inQuote && (isBlank(c) || c == '#')) {
                        break;
                    }
                    if (!inQuote && c == ',') {
                        moreInField = true;
                        i++;
                        break;
                    }
                    if (c == '"') {
                        if (inQuote && i + 1 < n && line.charAt(i + 1) == '"') {
                            text.append('"');
                            i += 2;
                            continue;
                        }
                        if (text.isEmpty() && !sawQuote) {
                            initialQuote = true;
                        }
                        inQuote = !inQuote;
                        sawQuote = true;
                        i++;
                        continue;
                    }
                    text.append(c);
                    i++;
                }
                if (sawQuote || !text.isEmpty()) {
                    field.add(new Token(text.toString(), initialQuote));
                }
            }
            if (!field.isEmpty()) {
                fields.add(field);
            }
        }
        return fields;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    /** parse_hba_line for one tokenized line; collects its error (with CONTEXT) and returns null on error. */
    private static final class LineParser {
        private final List<List<Token>> fields;
        private final int lineNumber;
        private final String rawLine;
        private final Path file;
        private final boolean sslEnabled;
        private final List<LogEntry> messages = new ArrayList<>();
        private int next;

        LineParser(List<List<Token>> fields, int lineNumber, String rawLine, Path file, boolean sslEnabled) {
            this.fields = fields;
            this.lineNumber = lineNumber;
            this.rawLine = rawLine;
            this.file = file;
            this.sslEnabled = sslEnabled;
        }

        private Rule error(String message) {
            return error(message, null);
        }

        private Rule error(String message, String hint) {
            messages.add(new LogEntry(Severity.LOG, message, null, hint,
                    Messages.HBA_CONTEXT.formatted(lineNumber, file)));
            return null;
        }

        private List<Token> nextField() {
            return next < fields.size() ? fields.get(next++) : null;
        }

        Rule parse() {
            List<Token> typeField = nextField();
            if (typeField.size() > 1) {
                return error(Messages.HBA_MULTIPLE_CONNECTION_TYPES, Messages.HBA_MULTIPLE_CONNECTION_TYPES_HINT);
            }
            ConnectionType type;
            switch (typeField.get(0).text()) {
                case "local" -> type = ConnectionType.LOCAL;
                case "host" -> type = ConnectionType.HOST;
                case "hostssl" -> {
                    type = ConnectionType.HOSTSSL;
                    if (!sslEnabled) {
                        return error(Messages.HBA_HOSTSSL_DISABLED, Messages.HBA_HOSTSSL_DISABLED_HINT);
                    }
                }
                case "hostnossl" -> type = ConnectionType.HOSTNOSSL;
                case "hostgssenc" -> {
                    return error(Messages.HBA_HOSTGSSENC_UNSUPPORTED);
                }
                case "hostnogssenc" -> type = ConnectionType.HOSTNOGSSENC;
                default -> {
                    return error(Messages.HBA_INVALID_CONNECTION_TYPE.formatted(typeField.get(0).text()));
                }
            }
            List<Token> databases = nextField();
            if (databases == null) {
                return error(Messages.HBA_EOL_BEFORE_DATABASE);
            }
            List<Token> roles = nextField();
            if (roles == null) {
                return error(Messages.HBA_EOL_BEFORE_ROLE);
            }
            AddressKind kind = AddressKind.ALL;
            byte[] address = null;
            byte[] mask = null;
            String hostname = null;
            if (type != ConnectionType.LOCAL) {
                List<Token> addressField = nextField();
                if (addressField == null) {
                    return error(Messages.HBA_EOL_BEFORE_ADDRESS);
                }
                if (addressField.size() > 1) {
                    return error(Messages.HBA_MULTIPLE_ADDRESSES, Messages.HBA_MULTIPLE_ADDRESSES_HINT);
                }
                Token token = addressField.get(0);
                if (token.isKeyword("all")) {
                    kind = AddressKind.ALL;
                } else if (token.isKeyword("samehost")) {
                    kind = AddressKind.SAMEHOST;
                } else if (token.isKeyword("samenet")) {
                    kind = AddressKind.SAMENET;
                } else {
                    String text = token.text();
                    int slash = text.indexOf('/');
                    String host = slash >= 0 ? text.substring(0, slash) : text;
                    address = numericAddress(host);
                    if (address == null) {
                        kind = AddressKind.HOSTNAME;
                        hostname = host;
                        if (slash >= 0) {
                            return error(Messages.HBA_HOSTNAME_AND_MASK.formatted(text));
                        }
                    } else {
                        kind = AddressKind.MASK;
                        if (slash >= 0) {
                            mask = cidrMask(text.substring(slash + 1), address.length);
                            if (mask == null) {
                                return error(Messages.HBA_INVALID_CIDR.formatted(text));
                            }
                        } else {
                            List<Token> maskField = nextField();
                            if (maskField == null) {
                                return error(Messages.HBA_EOL_BEFORE_NETMASK, Messages.HBA_EOL_BEFORE_NETMASK_HINT);
                            }
                            if (maskField.size() > 1) {
                                return error(Messages.HBA_MULTIPLE_NETMASKS);
                            }
                            mask = numericAddress(maskField.get(0).text());
                            if (mask == null) {
                                return error(Messages.HBA_INVALID_MASK.formatted(maskField.get(0).text()));
                            }
                            if (mask.length != address.length) {
                                return error(Messages.HBA_MASK_MISMATCH);
                            }
                        }
                    }
                }
            }
            List<Token> methodField = nextField();
            if (methodField == null) {
                return error(Messages.HBA_EOL_BEFORE_METHOD);
            }
            if (methodField.size() > 1) {
                return error(Messages.HBA_MULTIPLE_METHODS, Messages.HBA_MULTIPLE_METHODS_HINT);
            }
            String method = methodField.get(0).text();
            if (UNSUPPORTED_METHODS.contains(method)) {
                return error(Messages.HBA_UNSUPPORTED_METHOD.formatted(method));
            }
            if (!METHODS.contains(method)) {
                return error(Messages.HBA_INVALID_METHOD.formatted(method));
            }
            if (type == ConnectionType.LOCAL && method.equals("ident")) {
                method = "peer";
            }
            if (type == ConnectionType.LOCAL && method.equals("gss")) {
                return error(Messages.HBA_GSS_ON_LOCAL);
            }
            if (type != ConnectionType.LOCAL && method.equals("peer")) {
                return error(Messages.HBA_PEER_NOT_LOCAL);
            }
            if (type != ConnectionType.HOSTSSL && method.equals("cert")) {
                return error(Messages.HBA_CERT_NOT_HOSTSSL);
            }
            Map<String, String> options = new TreeMap<>();
            List<Token> optionField;
            while ((optionField = nextField()) != null) {
                for (Token option : optionField) {
                    int eq = option.text().indexOf('=');
                    if (eq < 0) {
                        return error(Messages.HBA_OPTION_FORMAT.formatted(option.text()));
                    }
                    String name = option.text().substring(0, eq);
                    if ((name.equals("clientcert") || name.equals("clientname")) && type != ConnectionType.HOSTSSL) {
                        return error(name.equals("clientcert") ? Messages.HBA_CLIENTCERT_NOT_HOSTSSL
                                : Messages.HBA_CLIENTNAME_NOT_HOSTSSL);
                    }
                    if (!OPTIONS.contains(name)) {
                        return error(Messages.HBA_UNRECOGNIZED_OPTION.formatted(name));
                    }
                    String value = option.text().substring(eq + 1);
                    if (name.equals("clientcert")) {
                        if (value.equals("verify-ca") && method.equals("cert")) {
                            return error(Messages.HBA_CLIENTCERT_CERT_METHOD);
                        }
                        if (!value.equals("verify-ca") && !value.equals("verify-full")) {
                            return error(Messages.HBA_CLIENTCERT_INVALID.formatted(value));
                        }
                    }
                    options.put(name, value);
                }
            }
            return new Rule(type, databases, roles, kind, address, mask, hostname, method,
                    Collections.unmodifiableMap(options), lineNumber, rawLine);
        }
    }

    /** A literal IPv4 or IPv6 address (never a DNS lookup), or null. */
    static byte[] numericAddress(String text) {
        if (text.isEmpty() || !NUMERIC_ADDRESS.matcher(text).matches()) {
            return null;
        }
        if (!text.contains(":") && text.split("\\.", -1).length != 4) {
            return null;
        }
        try {
            return InetAddress.getByName(text).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** pg_sockaddr_cidr_mask: a prefix length in 0..32 (IPv4) or 0..128 (IPv6). */
    private static byte[] cidrMask(String bits, int length) {
        if (bits.isEmpty() || !bits.chars().allMatch(Character::isDigit) || bits.length() > 3) {
            return null;
        }
        int prefix = Integer.parseInt(bits);
        if (prefix > length * 8) {
            return null;
        }
        byte[] mask = new byte[length];
        for (int i = 0; i < prefix; i++) {
            mask[i / 8] |= (byte) (0x80 >>> (i % 8));
        }
        return mask;
    }

    @Override
    public Optional<Match> match(boolean local, boolean ssl, InetAddress address, String database, String user,
                                 Membership membership) {
        return match(local, ssl, address, database, user, false, membership);
    }

    /** A connection without TLS. */
    Optional<Match> match(boolean local, InetAddress address, String database, String user, boolean replication) {
        return match(local, false, address, database, user, replication, Membership.SELF);
    }

    /** check_hba; {@code replication} is true for a physical replication connection (walsender). */
    Optional<Match> match(boolean local, boolean ssl, InetAddress address, String database, String user,
                          boolean replication, Membership membership) {
        for (Rule rule : rules) {
            if (local != (rule.type() == ConnectionType.LOCAL)) {
                continue;
            }
            if ((rule.type() == ConnectionType.HOSTSSL && !ssl) || (rule.type() == ConnectionType.HOSTNOSSL && ssl)
                    || rule.type() == ConnectionType.HOSTGSSENC) {
                continue;
            }
            if (!local && !addressMatches(rule, address)) {
                continue;
            }
            if (!databaseMatches(rule.databases(), database, user, replication, membership)) {
                continue;
            }
            if (!roleMatches(rule.roles(), user, membership)) {
                continue;
            }
            return Optional.of(new Match(rule.method(), rule.lineNumber(), rule.rawLine(), rule.options()));
        }
        return Optional.empty();
    }

    private static boolean databaseMatches(List<Token> tokens, String database, String user, boolean replication,
                                           Membership membership) {
        for (Token token : tokens) {
            if (replication) {
                if (token.isKeyword("replication")) {
                    return true;
                }
            } else if (token.isKeyword("all")) {
                return true;
            } else if (token.isKeyword("sameuser")) {
                if (database.equals(user)) {
                    return true;
                }
            } else if (token.isKeyword("samerole") || token.isKeyword("samegroup")) {
                if (membership.isMember(user, database)) {
                    return true;
                }
            } else if (token.isKeyword("replication")) {
                continue;
            } else if (token.text().equals(database)) {
                return true;
            }
        }
        return false;
    }

    /** check_role: a name, {@code all}, or {@code +role} for the members of that role. */
    private static boolean roleMatches(List<Token> tokens, String user, Membership membership) {
        for (Token token : tokens) {
            if (token.isKeyword("all")) {
                return true;
            }
            if (!token.quoted() && token.text().startsWith("+")) {
                if (membership.isMember(user, token.text().substring(1))) {
                    return true;
                }
            } else if (token.text().equals(user)) {
                return true;
            }
        }
        return false;
    }

    private static boolean addressMatches(Rule rule, InetAddress client) {
        if (client == null) {
            return false;
        }
        return switch (rule.addressKind()) {
            case ALL -> true;
            case MASK -> inNetwork(bytesOf(client, rule.address().length), rule.address(), rule.mask());
            case HOSTNAME -> hostnameMatches(rule.hostname(), client);
            case SAMEHOST -> localAddresses().stream().anyMatch(a -> a.getAddress().equals(client));
            case SAMENET -> localAddresses().stream().anyMatch(a -> inNetwork(
                    bytesOf(client, a.getAddress().getAddress().length), a.getAddress().getAddress(),
                    prefixMask(a.getNetworkPrefixLength(), a.getAddress().getAddress().length)));
        };
    }

    /** The client address in the rule's family: IPv4-mapped IPv6 addresses compare as IPv4 and vice versa. */
    private static byte[] bytesOf(InetAddress client, int length) {
        byte[] bytes = client.getAddress();
        if (bytes.length == length) {
            return bytes;
        }
        if (client instanceof Inet4Address && length == 16) {
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xFF;
            mapped[11] = (byte) 0xFF;
            System.arraycopy(bytes, 0, mapped, 12, 4);
            return mapped;
        }
        if (client instanceof Inet6Address && length == 4 && isV4Mapped(bytes)) {
            byte[] v4 = new byte[4];
            System.arraycopy(bytes, 12, v4, 0, 4);
            return v4;
        }
        return null;
    }

    private static boolean isV4Mapped(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xFF && bytes[11] == (byte) 0xFF;
    }

    private static boolean inNetwork(byte[] client, byte[] network, byte[] mask) {
        if (client == null || client.length != network.length) {
            return false;
        }
        for (int i = 0; i < client.length; i++) {
            if (((client[i] ^ network[i]) & mask[i]) != 0) {
                return false;
            }
        }
        return true;
    }

    private static byte[] prefixMask(int prefix, int length) {
        byte[] mask = cidrMask(Integer.toString(Math.max(0, prefix)), length);
        return mask == null ? new byte[length] : mask;
    }

    private static boolean hostnameMatches(String hostname, InetAddress client) {
        try {
            for (InetAddress resolved : InetAddress.getAllByName(hostname)) {
                if (resolved.equals(client)) {
                    return true;
                }
            }
        } catch (UnknownHostException e) {
            return false;
        }
        return false;
    }

    private static List<InterfaceAddress> localAddresses() {
        List<InterfaceAddress> addresses = new ArrayList<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                addresses.addAll(nic.getInterfaceAddresses());
            }
        } catch (SocketException e) {
            // no interfaces to compare with: samehost / samenet match nothing
        }
        return addresses;
    }

    int size() {
        return rules.size();
    }
}
