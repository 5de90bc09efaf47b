package dev.sessionkeeper.internal;

/**
 * Makes text from outside (bytes stored in Redis, names and values from requests, messages of
 * errors that quote either) safe to quote in a log line. Control characters, line and
 * paragraph separators, format characters such as bidirectional overrides, and lone
 * surrogates become {@code \n}, {@code \r}, {@code \t} or {@code \}{@code uXXXX}; a backslash
 * becomes two, so an escape in the output always means an escape was made. A forged value can
 * then neither start a new log line nor hide part of one. Long text is cut, so one stored value
 * cannot flood a log.
 */
final class LogText {

    /** At most this many characters of one quoted text reach a log line. */
    static final int MAX_CHARS = 512;

    private LogText() {
    }

    static String escape(Object value) {
        String text = String.valueOf(value);
        int end = Math.min(text.length(), MAX_CHARS);
        StringBuilder out = null;
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            String replacement = replacement(text, i, c);
            if (replacement == null) {
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            if (out == null) {
                out = new StringBuilder(end + 16).append(text, 0, i);
            }
            out.append(replacement);
        }
        if (out == null && end == text.length()) {
            return text;
        }
        if (out == null) {
            out = new StringBuilder(text.substring(0, end));
        }
        if (end < text.length()) {
            out.append("...(").append(text.length()).append(" chars)");
        }
        return out.toString();
    }

    /** The escape for the character at {@code i}, or null to keep it. */
    private static String replacement(String text, int i, char c) {
        switch (c) {
            case '\n':
                return "\\n";
            case '\r':
                return "\\r";
            case '\t':
                return "\\t";
            case '\\':
                return "\\\\";
            default:
                break;
        }
        if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
            return invisible(text.codePointAt(i)) ? unicode(c) : null;
        }
        if (Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(text.charAt(i - 1))) {
            return invisible(text.codePointAt(i - 1)) ? unicode(c) : null;
        }
        return Character.isSurrogate(c) || invisible(c) ? unicode(c) : null;
    }

    private static boolean invisible(int codePoint) {
        if (codePoint == ' ') {
            return false;
        }
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                 Character.SPACE_SEPARATOR, Character.UNASSIGNED, Character.PRIVATE_USE -> true;
            default -> false;
        };
    }

    private static String unicode(char c) {
        return String.format("\\u%04X", (int) c);
    }
}
