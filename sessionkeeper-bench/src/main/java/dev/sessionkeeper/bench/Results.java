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
import org.HdrHistogram.Histogram;

/**
 * The figures of one run: printed as one table at the end, one column per system with each
 * other system's ratio to the first, and written as JSON on request. Rows are recorded for the
 * {@linkplain #system(String) current system}; the workloads never name it.
 */
final class Results {

    /**
     * One figure.
     *
     * @param system which system it was measured on (empty when it is not about one)
     * @param benchmark which benchmark, e.g. {@code drain (batch 200, 1,000,000 sessions)}
     * @param metric what was measured
     * @param value the number (NaN when not measured)
     * @param unit its unit, e.g. {@code ms}
     * @param target the goal in words, e.g. {@code <= 10}, or empty
     * @param met whether the goal is met; null when there is no goal
     */
    record Row(String system, String benchmark, String metric, double value, String unit, String target, Boolean met) {
    }

    private final List<Row> rows = new ArrayList<>();
    private final Map<String, String> facts = new LinkedHashMap<>();
    private final Map<String, Histogram> lateness = new LinkedHashMap<>();
    private final List<String> systems = new ArrayList<>();
    private String system = "";

    /** The system the rows recorded from now on belong to; the first one named is the reference of the ratios. */
    synchronized void system(String name) {
        system = name;
        if (!systems.contains(name)) {
            systems.add(name);
        }
    }

    /** The expiry lateness distribution of the current system (µs), for the chart. */
    synchronized void lateness(Histogram histogram) {
        lateness.put(system, histogram.copy());
    }

    synchronized Map<String, Histogram> lateness() {
        return new LinkedHashMap<>(lateness);
    }

    /** The figure of one system, NaN when it was not measured. */
    synchronized double value(String system, String benchmark, String metric) {
        for (Row r : rows) {
            if (r.system().equals(system) && r.benchmark().equals(benchmark) && r.metric().equals(metric)) {
                return r.value();
            }
        }
        return Double.NaN;
    }

    synchronized void fact(String name, String value) {
        facts.put(name, value);
    }

    synchronized void add(String benchmark, String metric, double value, String unit) {
        rows.add(new Row(system, benchmark, metric, value, unit, "", null));
    }

    /** A figure with an upper bound as its goal. */
    synchronized void atMost(String benchmark, String metric, double value, String unit, double bound) {
        rows.add(new Row(system, benchmark, metric, value, unit, "<= " + format(bound), value <= bound));
    }

    /** A figure with a lower bound as its goal. */
    synchronized void atLeast(String benchmark, String metric, double value, String unit, double bound) {
        rows.add(new Row(system, benchmark, metric, value, unit, ">= " + format(bound), value >= bound));
    }

    /** A figure with a strict upper bound as its goal. */
    synchronized void below(String benchmark, String metric, double value, String unit, double bound) {
        rows.add(new Row(system, benchmark, metric, value, unit, "< " + format(bound), value < bound));
    }

    synchronized Map<String, String> facts() {
        return new LinkedHashMap<>(facts);
    }

    synchronized List<Row> rows() {
        return List.copyOf(rows);
    }

    synchronized void printTable(PrintStream out) {
        // One line per (benchmark, metric), in the order first measured; the first system's
        // target and verdict, since the targets are sessionkeeper's.
        List<String> order = new ArrayList<>();
        Map<String, Map<String, Row>> byKey = new LinkedHashMap<>();
        for (Row r : rows) {
            String key = r.benchmark() + "\u0000" + r.metric();
            if (!byKey.containsKey(key)) {
                order.add(key);
                byKey.put(key, new LinkedHashMap<>());
            }
            byKey.get(key).put(r.system(), r);
        }
        List<String> cols = systems.isEmpty() ? List.of("") : systems;
        String reference = cols.get(0);
        List<String> head = new ArrayList<>(List.of("benchmark", "metric", "unit"));
        for (int i = 0; i < cols.size(); i++) {
            head.add(cols.get(i).isEmpty() ? "value" : cols.get(i));
            if (i > 0) {
                head.add(reference + " / " + cols.get(i));
            }
        }
        head.add("target");
        head.add("met");
        List<String[]> lines = new ArrayList<>();
        for (String key : order) {
            Map<String, Row> bySystem = byKey.get(key);
            Row any = bySystem.values().iterator().next();
            Row ref = bySystem.get(reference);
            List<String> cells = new ArrayList<>(List.of(any.benchmark(), any.metric(), any.unit()));
            for (int i = 0; i < cols.size(); i++) {
                Row r = bySystem.get(cols.get(i));
                cells.add(r == null ? "-" : format(r.value()));
                if (i > 0) {
                    cells.add(ref == null || r == null ? "-" : ratio(ref.value(), r.value()));
                }
            }
            cells.add(ref == null ? "" : ref.target());
            cells.add(ref == null || ref.met() == null ? "" : ref.met() ? "yes" : "NO");
            lines.add(cells.toArray(String[]::new));
        }
        String[] header = head.toArray(String[]::new);
        int[] width = new int[header.length];
        for (int i = 0; i < header.length; i++) {
            width[i] = header[i].length();
            for (String[] l : lines) {
                width[i] = Math.max(width[i], l[i].length());
            }
        }
        out.println(line(header, width));
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

    /** How many times the reference's figure the other's is, e.g. {@code 6.5x}; "-" when undefined. */
    static String ratio(double reference, double other) {
        if (Double.isNaN(reference) || Double.isNaN(other) || other == 0) {
            return "-";
        }
        double r = reference / other;
        if (r == 0) {
            return "0x";
        }
        return r >= 100 ? String.format(Locale.ROOT, "%,.0fx", r)
                : r >= 0.01 ? String.format(Locale.ROOT, "%.2fx", r) : String.format(Locale.ROOT, "%.4fx", r);
    }

    private static String line(String[] cells, int[] width) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                b.append(" | ");
            }
            boolean right = i >= 3 && i < cells.length - 2;
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
            b.append("    {\"system\": ").append(quote(r.system()))
                    .append(", \"benchmark\": ").append(quote(r.benchmark()))
                    .append(", \"metric\": ").append(quote(r.metric()))
                    .append(", \"value\": ").append(Double.isNaN(r.value()) ? "null" : number(r.value()))
                    .append(", \"unit\": ").append(quote(r.unit()))
                    .append(", \"target\": ").append(r.target().isEmpty() ? "null" : quote(r.target()))
                    .append(", \"met\": ").append(r.met() == null ? "null" : r.met().toString())
                    .append(referenceRatio(r))
                    .append(i == rows.size() - 1 ? "}\n" : "},\n");
        }
        b.append("  ]\n}\n");
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, b, StandardCharsets.UTF_8);
    }

    /**
     * For a row of a system other than the first: the first system's figure divided by this
     * one, as in the table ({@code "reference_ratio": 6.000}); nothing for the first system's rows.
     */
    private String referenceRatio(Row r) {
        if (systems.isEmpty() || r.system().equals(systems.get(0)) || r.system().isEmpty()) {
            return "";
        }
        double reference = Double.NaN;
        for (Row other : rows) {
            if (other.system().equals(systems.get(0)) && other.benchmark().equals(r.benchmark())
                    && other.metric().equals(r.metric())) {
                reference = other.value();
            }
        }
        double ratio = reference / r.value();
        return ", \"reference_ratio\": " + (Double.isNaN(ratio) || Double.isInfinite(ratio) ? "null" : number(ratio));
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
