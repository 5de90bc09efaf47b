package dev.sessionkeeper.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * The expiry lateness of every system side by side, as an SVG chart: one cumulative
 * distribution per system (share of events that arrived within x of their deadline) on a
 * logarithmic time axis, because the systems differ by three orders of magnitude. Plain SVG text,
 * so the chart is produced by the benchmark run itself and needs no plotting library.
 */
final class LatenessChart {

    private static final int WIDTH = 860;
    private static final int HEIGHT = 440;
    private static final int LEFT = 70;
    private static final int RIGHT = 30;
    private static final int TOP = 50;
    private static final int BOTTOM = 120;
    /** The x axis: 0.1 ms to 100 s. */
    private static final double MIN_MS = 0.1;
    private static final double MAX_MS = 100_000;
    private static final List<String> COLOURS = List.of("#1b7837", "#c51b7d", "#2166ac", "#b35806");

    private LatenessChart() {
    }

    static void write(Path file, Map<String, Histogram> bySystem, String subtitle) throws IOException {
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                        + "font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append(text(LEFT, 22, "Expiry lateness: deadline -> handler call (cumulative share of events)", "font-size=\"15\" font-weight=\"bold\""));
        svg.append(text(LEFT, 40, subtitle, "fill=\"#555\""));
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        // Grid: decades on x, quarters on y.
        for (double ms = MIN_MS; ms <= MAX_MS * 1.0001; ms *= 10) {
            double x = x(ms, plotW);
            svg.append(line(x, TOP, x, TOP + plotH, "#ddd"));
            svg.append(text(x - 14, TOP + plotH + 16, label(ms), "fill=\"#333\""));
        }
        for (int q = 0; q <= 4; q++) {
            double y = TOP + plotH - plotH * q / 4.0;
            svg.append(line(LEFT, y, LEFT + plotW, y, "#ddd"));
            svg.append(text(LEFT - 38, y + 4, (q * 25) + " %", "fill=\"#333\""));
        }
        svg.append(text(LEFT + plotW / 2.0 - 90, TOP + plotH + 34, "lateness (log scale)", "fill=\"#333\""));
        svg.append(line(LEFT, TOP + plotH, LEFT + plotW, TOP + plotH, "#333"));
        svg.append(line(LEFT, TOP, LEFT, TOP + plotH, "#333"));

        int i = 0;
        for (Map.Entry<String, Histogram> e : bySystem.entrySet()) {
            String colour = COLOURS.get(i % COLOURS.size());
            Histogram h = e.getValue();
            if (h.getTotalCount() > 0) {
                StringBuilder points = new StringBuilder();
                long total = h.getTotalCount();
                long cumulative = 0;
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", (double) LEFT, (double) TOP + plotH));
                for (HistogramIterationValue v : h.recordedValues()) {
                    cumulative += v.getCountAtValueIteratedTo();
                    double ms = Math.max(MIN_MS, Math.min(MAX_MS, h.highestEquivalentValue(v.getValueIteratedTo()) / 1000.0));
                    double y = TOP + plotH - plotH * (double) cumulative / total;
                    points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(ms, plotW), y));
                }
                svg.append(String.format(Locale.ROOT,
                        "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>%n", colour, points.toString().trim()));
            }
            double ly = TOP + plotH + 56 + 18 * i;
            svg.append(line(LEFT, ly - 4, LEFT + 24, ly - 4, colour, 3));
            svg.append(text(LEFT + 32, ly, String.format(Locale.ROOT, "%s: %,d events, p50 %s, p99 %s, max %s", e.getKey(),
                    h.getTotalCount(), ms(Latencies.p(h, 50)), ms(Latencies.p(h, 99)), ms(Latencies.max(h))), ""));
            i++;
        }
        svg.append("</svg>\n");
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, svg, StandardCharsets.UTF_8);
    }

    private static double x(double ms, int plotW) {
        return LEFT + plotW * (Math.log10(ms) - Math.log10(MIN_MS)) / (Math.log10(MAX_MS) - Math.log10(MIN_MS));
    }

    private static String label(double ms) {
        return ms < 1 ? "0.1 ms" : ms < 1000 ? String.format(Locale.ROOT, "%.0f ms", ms) : String.format(Locale.ROOT, "%.0f s", ms / 1000);
    }

    private static String ms(double ms) {
        return Double.isNaN(ms) ? "n/a" : ms >= 1000 ? String.format(Locale.ROOT, "%.1f s", ms / 1000)
                : String.format(Locale.ROOT, "%.1f ms", ms);
    }

    private static String line(double x1, double y1, double x2, double y2, String colour) {
        return line(x1, y1, x2, y2, colour, 1);
    }

    private static String line(double x1, double y1, double x2, double y2, String colour, int width) {
        return String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"%d\"/>%n",
                x1, y1, x2, y2, colour, width);
    }

    private static String text(double x, double y, String s, String attributes) {
        String escaped = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" %s>%s</text>%n", x, y, attributes, escaped);
    }
}
