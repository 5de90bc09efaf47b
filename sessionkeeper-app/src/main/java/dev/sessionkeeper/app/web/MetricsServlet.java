package dev.sessionkeeper.app.web;

import dev.sessionkeeper.app.ops.PrometheusMetrics;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** {@code /metrics} of the web demo: the store's meters in Prometheus text format. */
final class MetricsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient PrometheusMetrics metrics;

    MetricsServlet(PrometheusMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType(PrometheusMetrics.CONTENT_TYPE);
        response.getWriter().write(metrics.scrape());
    }
}
