package osgres.backend.internal;

import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * A client address as PostgreSQL prints it (getnameinfo with NI_NUMERICHOST): {@code [local]} for a
 * Unix-domain socket, dotted IPv4, and IPv6 in its shortest form ({@code ::1}, not Java's
 * {@code 0:0:0:0:0:0:0:1}), with the scope kept ({@code fe80::1%lo}).
 */
final class NumericHost {

    private NumericHost() {
    }

    static String of(boolean local, InetAddress address) {
        if (local || address == null) {
            return "[local]";
        }
        if (!(address instanceof Inet6Address v6)) {
            return address.getHostAddress();
        }
        String text = v6.getHostAddress();
        int percent = text.indexOf('%');
        String scope = percent < 0 ? "" : text.substring(percent);
        return compress(v6.getAddress()) + scope;
    }

    /** RFC 5952: lower-case hex groups without leading zeros, the longest run (>= 2) of zero groups as "::". */
    private static String compress(byte[] bytes) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 0;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int start = i;
            while (i < 8 && groups[i] == 0) {
                i++;
            }
            if (i - start > bestLength) {
                bestStart = start;
                bestLength = i - start;
            }
        }
        if (bestLength < 2) {
            bestStart = -1;
        }
        StringBuilder out = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }
}
