package dev.sessionkeeper.sample;

import dev.sessionkeeper.testkit.ExternalTool;
import dev.sessionkeeper.testkit.RedisExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample in headless Chromium: alice signs in on two browsers, sees both sessions, signs out
 * everywhere, and the other browser is back at the sign-in page. Uses the distribution's
 * chromium and chromedriver (apt-get install chromium chromium-driver), never a downloaded one;
 * skips where they do not run, except under {@code CI=true}, where it fails and says what to install.
 */
class BrowserSampleTest {

    @RegisterExtension
    static final RedisExtension REDIS = RedisExtension.standalone();

    private static final ExternalTool CHROMIUM = ExternalTool.at(Path.of("/usr/bin/chromium"),
            "apt-get install chromium chromium-driver");
    private static final ExternalTool CHROMEDRIVER = ExternalTool.at(Path.of("/usr/bin/chromedriver"),
            "apt-get install chromium chromium-driver");

    @TempDir
    Path profiles;

    private ConfigurableApplicationContext app;
    private String base;
    private final List<WebDriver> browsers = new ArrayList<>();

    @BeforeEach
    void start() {
        CHROMIUM.require();
        CHROMEDRIVER.require();
        app = SampleApplication.start("--server.port=0", "--sessionkeeper.redis.url=" + REDIS.uri(),
                "--sessionkeeper.namespace=browser");
        base = "http://localhost:" + app.getEnvironment().getProperty("local.server.port");
    }

    @AfterEach
    void stop() {
        browsers.forEach(WebDriver::quit);
        if (app != null) {
            app.close();
        }
    }

    private WebDriver browser(String name) throws IOException {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.path().toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--user-data-dir=" + Files.createDirectories(profiles.resolve(name)));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.path().toFile()).usingAnyFreePort().build();
        WebDriver driver = new ChromeDriver(service, options);
        browsers.add(driver);
        return driver;
    }

    private void signIn(WebDriver browser, String user) {
        browser.get(base + "/");
        browser.findElement(By.name("username")).sendKeys(user);
        browser.findElement(By.name("password")).sendKeys("password");
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        await(browser, d -> !d.findElements(By.id("user")).isEmpty());
        assertThat(browser.findElement(By.id("user")).getText()).isEqualTo(user);
    }

    private static void await(WebDriver browser, Function<WebDriver, Boolean> condition) {
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(condition::apply);
    }

    @Test
    void signInOnTwoBrowsersAndSignOutEverywhere() throws Exception {
        WebDriver laptop = browser("laptop");
        WebDriver phone = browser("phone");
        signIn(laptop, "alice");
        signIn(phone, "alice");
        assertThat(phone.findElement(By.id("count")).getText()).isEqualTo("2");
        assertThat(phone.findElements(By.cssSelector("#sessions li"))).hasSize(2);

        phone.findElement(By.id("everywhere")).click();
        // A click does not wait for the form's navigation: wait for the page it leads to.
        await(phone, d -> d.getPageSource().contains("Signed out of 2 sessions"));
        laptop.navigate().refresh();
        assertThat(laptop.findElements(By.name("username"))).as("back at the sign-in page").hasSize(1);
    }
}
