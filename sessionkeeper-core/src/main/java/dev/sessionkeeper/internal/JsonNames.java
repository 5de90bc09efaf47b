package dev.sessionkeeper.internal;

/**
 * Attribute names as JSON strings, for the scripts that take a list of names (decoded there
 * with cjson). Names are arbitrary text, so quotes, backslashes and control characters are
 * escaped.
 */
public final class JsonNames {

    private JsonNames() {
    }

    static String quote(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("attribute names must not be empty");
        }
        StringBuilder json = new StringBuilder(name.length() + 2).append('"');
        for (char c : name.toCharArray()) {
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        return json.append('"').toString();
    }

    public static String array(String... names) {
        StringBuilder json = new StringBuilder("[");
        for (String name : names) {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append(quote(name));
        }
        return json.append(']').toString();
    }
}
