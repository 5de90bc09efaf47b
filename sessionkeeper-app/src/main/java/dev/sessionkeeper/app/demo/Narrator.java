package dev.sessionkeeper.app.demo;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Prints the demo's narration: numbered steps, lines stamped with the local time, and a countdown. Plain
 * ASCII, so it reads the same in any terminal, log file or CI console.
 */
public final class Narrator {

    private static final DateTimeFormatter CLOCK =
            DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT).withZone(ZoneId.systemDefault());
    private static final String INDENT = " ".repeat(14);
    private static final int BAR_WIDTH = 20;

    private final PrintWriter out;
    private final boolean live;
    private final long startNanos = System.nanoTime();
    private int steps;

    /**
     * @param live whether the output is a terminal: then the countdown redraws one line; otherwise (pipes,
     *     CI logs, tests) it prints a line every half second
     */
    public Narrator(PrintWriter out, boolean live) {
        this.out = out;
        this.live = live;
    }

    /** A heading, without a number. */
    public void heading(String text) {
        out.println();
        out.println(text);
        out.flush();
    }

    /** The next numbered step. */
    public void step(String title) {
        heading(++steps + ". " + title);
    }

    /** A line stamped with the current time. */
    public void say(String text) {
        out.println(clock(Instant.now()) + "  " + text);
        out.flush();
    }

    /** A line continuing the one before, indented under its text. */
    public void more(String text) {
        out.println(INDENT + text);
        out.flush();
    }

    /** A line without a time stamp and without indentation. */
    public void plain(String text) {
        out.println(text);
        out.flush();
    }

    /** Time since this narrator was created. */
    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /** Shows the time left until {@code deadline}, which is {@code span} after the countdown's start, until it passes. */
    void countdown(Instant deadline, Duration span) throws InterruptedException {
        long tick = live ? 100 : 500;
        long lastPrinted = Long.MAX_VALUE;
        while (true) {
            long leftMs = Duration.between(Instant.now(), deadline).toMillis();
            if (leftMs <= 0) {
                break;
            }
            if (live) {
                out.print("\r" + INDENT + bar(leftMs, span) + " " + seconds(leftMs) + " left ");
                out.flush();
            } else if (lastPrinted - leftMs >= tick) {
                say(bar(leftMs, span) + " " + seconds(leftMs) + " left");
                lastPrinted = leftMs;
            }
            Thread.sleep(Math.min(tick, leftMs) + 1);
        }
        if (live) {
            out.print("\r" + INDENT + bar(0, span) + " " + seconds(0) + " left \n");
            out.flush();
        }
    }

    private static String bar(long leftMs, Duration span) {
        long spanMs = Math.max(1, span.toMillis());
        int done = (int) Math.round(BAR_WIDTH * (double) (spanMs - Math.min(leftMs, spanMs)) / spanMs);
        return "[" + "#".repeat(done) + ".".repeat(BAR_WIDTH - done) + "]";
    }

    static String clock(Instant instant) {
        return instant == null ? "-" : CLOCK.format(instant);
    }

    /** E.g. "1.4 s". */
    public static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    /** E.g. "30 min", "12 h", "2 s", "1.5 s", "none" for zero. */
    public static String human(Duration d) {
        if (d.isZero()) {
            return "none";
        }
        if (d.toMillis() % 3_600_000 == 0) {
            return d.toHours() + " h";
        }
        if (d.toMillis() % 60_000 == 0) {
            return d.toMinutes() + " min";
        }
        if (d.toMillis() % 1000 == 0) {
            return d.toSeconds() + " s";
        }
        return seconds(d.toMillis());
    }
}
