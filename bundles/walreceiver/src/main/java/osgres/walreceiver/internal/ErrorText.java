package osgres.walreceiver.internal;

/**
 * An ErrorResponse as libpq's PQerrorMessage shows it at the default verbosity (pqBuildErrorMessage3):
 * {@code SEVERITY:  message}, then {@code DETAIL:  ...} and {@code HINT:  ...} lines when present, without the
 * trailing newline (pchomp).
 */
final class ErrorText {
    private ErrorText() {
    }

    static String format(BackendMessage error) {
        String severity = null;
        String message = "";
        String detail = null;
        String hint = null;
        while (error.remaining() > 0) {
            byte field = error.readByte();
            if (field == 0) {
                break;
            }
            String value = error.readString();
            switch (field) {
                case 'S' -> severity = severity == null ? value : severity;
                case 'V' -> severity = severity == null ? value : severity;
                case 'M' -> message = value;
                case 'D' -> detail = value;
                case 'H' -> hint = value;
                default -> {
                    // SQLSTATE, position, file, line: not in libpq's default text
                }
            }
        }
        StringBuilder text = new StringBuilder();
        if (severity != null) {
            text.append(severity).append(":  ");
        }
        text.append(message);
        if (detail != null) {
            text.append("\nDETAIL:  ").append(detail);
        }
        if (hint != null) {
            text.append("\nHINT:  ").append(hint);
        }
        return text.toString();
    }
}
