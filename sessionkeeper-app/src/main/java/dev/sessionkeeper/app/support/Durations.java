package dev.sessionkeeper.app.support;

import dev.sessionkeeper.app.demo.Narrator;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Durations on the command line: {@code 250ms}, {@code 1s}, {@code 1.5s}, {@code 2m}, {@code 1h}, and {@code 0}. */
public final class Durations {

    private static final Pattern FORMAT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|min|h)");

    private Durations() {
    }

    /** @throws IllegalArgumentException when the text is not such a duration */
    public static Duration parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        if (t.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = FORMAT.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (expected e.g. 250ms, 1s, 1.5s, 2m, 1h)");
        }
        long unitMillis = switch (m.group(2)) {
            case "ms" -> 1;
            case "s" -> 1_000;
            case "m", "min" -> 60_000;
            default -> 3_600_000;
        };
        BigDecimal millis = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unitMillis));
        if (millis.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("'" + text + "' is too long");
        }
        return Duration.ofMillis(millis.longValue());
    }

    /** E.g. "250 ms", "1 s", "1.5 s", "2 min", "1 h", "none". */
    public static String format(Duration d) {
        if (!d.isZero() && d.toMillis() < 1000) {
            return d.toMillis() + " ms";
        }
        return Narrator.human(d);
    }

    /** A span of running time, to the second: "42 s", "3 min 12 s", "2 h 5 min"; under 10 s to a tenth. */
    public static String uptime(Duration d) {
        long ms = Math.max(0, d.toMillis());
        if (ms < 10_000) {
            return Narrator.seconds(ms);
        }
        long s = Math.round(ms / 1000.0);
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return s / 60 + " min " + s % 60 + " s";
        }
        return s / 3600 + " h " + s % 3600 / 60 + " min";
    }

    /** For picocli: a bad duration is a usage error (exit code 2). */
    public static final class Converter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
