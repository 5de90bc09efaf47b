package dev.sessionkeeper.app.web;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Serves files from the classpath: {@code /static/*} from the app's own web resources and {@code /webjars/*}
 * from webjars ({@code META-INF/resources/webjars/...}), so the demo is one jar with nothing to unpack. Only
 * plain relative paths are looked up: no "..", no empty or hidden segments, a closed set of file types.
 */
final class ClasspathResourceServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Pattern SAFE_PATH = Pattern.compile("(/[A-Za-z0-9_-][A-Za-z0-9._-]*)+");
    private static final Map<String, String> TYPES = Map.of(
            "js", "text/javascript;charset=utf-8",
            "css", "text/css;charset=utf-8",
            "map", "application/json",
            "svg", "image/svg+xml",
            "png", "image/png");
    private static final String CHART_JS_POM = "META-INF/maven/org.webjars.npm/chart.js/pom.properties";

    private final String root;
    private final String cacheControl;

    /**
     * @param root classpath folder the request's path info is resolved in, e.g. "META-INF/resources/webjars"
     * @param cacheControl the header for what is served: long for versioned webjar paths, none for the app's files
     */
    ClasspathResourceServlet(String root, String cacheControl) {
        this.root = root;
        this.cacheControl = cacheControl;
    }

    /** The URL of Chart.js's browser bundle, with the version of the webjar on the classpath. */
    static String chartJs() {
        try (InputStream in = ClasspathResourceServlet.class.getClassLoader().getResourceAsStream(CHART_JS_POM)) {
            if (in == null) {
                throw new IllegalStateException("the chart.js webjar is not on the classpath");
            }
            Properties pom = new Properties();
            pom.load(in);
            return "/webjars/chart.js/" + pom.getProperty("version") + "/dist/chart.umd.js";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo();
        String type = path == null ? null : TYPES.get(path.substring(path.lastIndexOf('.') + 1));
        if (type == null || !SAFE_PATH.matcher(path).matches()) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(root + path)) {
            if (in == null) {
                response.sendError(HttpServletResponse.SC_NOT_FOUND);
                return;
            }
            response.setContentType(type);
            response.setHeader("Cache-Control", cacheControl);
            response.setHeader("X-Content-Type-Options", "nosniff");
            in.transferTo(response.getOutputStream());
        }
    }
}
