package dev.sessionkeeper.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The figures of one run: printed as one table at the end, and written as JSON on request. */
final class Results {

    /**
     * One figure.
     *
     * @param benchmark which benchmark, e.g. {@code drain (batch 200, 1,000,000 sessions)}
     * @param metric what was measured
     * @param value the number (NaN when not measured)
     * @param unit its unit, e.g. {@code ms}
     * @param target the goal in words, e.g. {@code <= 10}, or empty
     * @param met whether the goal is met; null when there is no goal
     */
    record Row(String benchmark, String metric, double value, String unit, String target, Boolean met) {
    }

    private final List<Row> rows = new ArrayList<>();
    private final Map<String, String> facts = new LinkedHashMap<>();

    synchronized void fact(String name, String value) {
        facts.put(name, value);
    }

    synchronized void add(String benchmark, String metric, double value, String unit) {
        rows.add(new Row(benchmark, metric, value, unit, "", null));
    }

    /** A figure with an upper bound as its goal. */
    synchronized void atMost(String benchmark, String metric, double value, String unit, double bound) {
        rows.add(new Row(benchmark, metric, value, unit, "<= " + format(bound), value <= bound));
    }

    /** A figure with a lower bound as its goal. */
    synchronized void atLeast(String benchmark, String metric, double value, String unit, double bound) {
        rows.add(new Row(benchmark, metric, value, unit, ">= " + format(bound), value >= bound));
    }

    /** A figure with a strict upper bound as its goal. */
    synchronized void below(String benchmark, String metric, double value, String unit, double bound) {
        rows.add(new Row(benchmark, metric, value, unit, "< " + format(bound), value < bound));
    }

    synchronized Map<String, String> facts() {
        return new LinkedHashMap<>(facts);
    }

    synchronized List<Row> rows() {
        return List.copyOf(rows);
    }

    synchronized void printTable(PrintStream out) {
        String[] head = {"benchmark", "metric", "value", "unit", "target", "met"};
        List<String[]> lines = new ArrayList<>();
        for (Row r : rows) {
            lines.add(new String[] {r.benchmark(), r.metric(), format(r.value()), r.unit(), r.target(),
                    r.met() == null ? "" : r.met() ? "yes" : "NO"});
        }
        int[] width = new int[head.length];
        for (int i = 0; i < head.length; i++) {
            width[i] = head[i].length();
            for (String[] l : lines) {
                width[i] = Math.max(width[i], l[i].length());
            }
        }
        out.println(line(head, width));
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < width.length; i++) {
            rule.append(i == 0 ? "" : "-+-").append("-".repeat(width[i]));
        }
        out.println(rule);
        String previous = null;
        for (String[] l : lines) {
            String[] shown = l.clone();
            if (shown[0].equals(previous)) {
                shown[0] = "";
            } else {
                previous = shown[0];
            }
            out.println(line(shown, width));
        }
    }

    private static String line(String[] cells, int[] width) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                b.append(" | ");
            }
            boolean right = i == 2;
            String pad = " ".repeat(width[i] - cells[i].length());
            b.append(right ? pad + cells[i] : cells[i] + (i == cells.length - 1 ? "" : pad));
        }
        return b.toString().stripTrailing();
    }

    /** Integers without decimals, small figures with up to two. */
    static String format(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.format(Locale.ROOT, "%,d", (long) v);
        }
        if (Math.abs(v) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    synchronized void writeJson(Path file) throws IOException {
        StringBuilder b = new StringBuilder("{\n");
        for (Map.Entry<String, String> f : facts.entrySet()) {
            b.append("  ").append(quote(f.getKey())).append(": ").append(quote(f.getValue())).append(",\n");
        }
        b.append("  \"results\": [\n");
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            b.append("    {\"benchmark\": ").append(quote(r.benchmark()))
                    .append(", \"metric\": ").append(quote(r.metric()))
                    .append(", \"value\": ").append(Double.isNaN(r.value()) ? "null" : number(r.value()))
                    .append(", \"unit\": ").append(quote(r.unit()))
                    .append(", \"target\": ").append(r.target().isEmpty() ? "null" : quote(r.target()))
                    .append(", \"met\": ").append(r.met() == null ? "null" : r.met().toString())
                    .append(i == rows.size() - 1 ? "}\n" : "},\n");
        }
        b.append("  ]\n}\n");
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, b, StandardCharsets.UTF_8);
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v)
                : String.format(Locale.ROOT, "%.3f", v);
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
