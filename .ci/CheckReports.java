import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;

/**
 * Fails when a test report under any module's target/*-reports/ is not well-formed XML, which CI test
 * reporters cannot read (for example a character that XML 1.0 forbids, copied from a test's output).
 *
 * <p>Run as {@code java .ci/CheckReports.java [root]}: a single-file program, so it needs nothing but the JDK.
 */
public class CheckReports {

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".");
        List<Path> reports;
        try (Stream<Path> files = Files.walk(root)) {
            reports = files.filter(p -> p.getFileName().toString().endsWith(".xml"))
                    .filter(p -> p.getParent() != null && p.getParent().getFileName().toString().endsWith("-reports"))
                    .filter(p -> p.getParent().getParent() != null
                            && p.getParent().getParent().getFileName().toString().equals("target"))
                    .filter(p -> p.toString().indexOf("node_modules") < 0)
                    .sorted()
                    .toList();
        }
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        List<String> bad = new ArrayList<>();
        for (Path report : reports) {
            try {
                var builder = factory.newDocumentBuilder();
                builder.setErrorHandler(null);
                builder.parse(report.toFile());
            } catch (Exception e) {
                bad.add(report + ": " + e.getMessage());
            }
        }
        if (reports.isEmpty()) {
            System.err.println("check-reports: no test reports under " + root.toAbsolutePath() + "/**/target/*-reports/");
            System.exit(1);
        }
        if (!bad.isEmpty()) {
            System.err.println("check-reports: " + bad.size() + " of " + reports.size()
                    + " test reports are not well-formed XML (CI reporters cannot read them):");
            bad.forEach(b -> System.err.println("  " + b));
            System.exit(1);
        }
        System.out.println("check-reports: all " + reports.size() + " test reports are well-formed XML");
    }
}
