package dev.sessionkeeper.example;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's servlet section shows the web.xml that the deployment tests deploy, word for word. */
class ReadmeExampleTest {

    @Test
    void theReadmeShowsTheDeployedWebXml() throws Exception {
        String readme = Files.readString(Path.of(System.getProperty("readme")));
        String webXml = Files.readString(Path.of(System.getProperty("web.xml")));
        assertThat(readme).contains("```xml\n" + webXml + "```");
    }
}
