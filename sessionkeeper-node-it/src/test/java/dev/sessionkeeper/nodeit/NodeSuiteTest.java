package dev.sessionkeeper.nodeit;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Node package's own suite ({@code node --test}, test/*.test.js), run from Maven so that {@code mvn -B
 * verify} covers it: a failing Node test fails this test, with the suite's output. Its JUnit report lands in
 * target/node-reports/ beside Surefire's.
 */
class NodeSuiteTest {

    private static final long SUITE_MINUTES = 15;

    @Test
    void theNodeSuitePasses() throws Exception {
        Path node = NodePackage.ready();
        Path report = Path.of("target", "node-reports", "TEST-node.xml").toAbsolutePath();
        NodePackage.run(List.of(node.toString(), "test/support/run.js", report.toString()), SUITE_MINUTES,
                Path.of("target", "node-suite.log"));
    }
}
