package dev.sessionkeeper.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionkeeper.SessionStore;
import dev.sessionkeeper.app.ops.PrometheusMetrics;
import dev.sessionkeeper.testkit.ExternalTool;
import dev.sessionkeeper.testkit.RedisExtension;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web demo in headless Chromium, as a visitor uses it: signs in as one user from two browsers, sees both
 * devices, signs out everywhere, goes back, then watches a short session expire on its devices page and
 * arrive in the dashboard's feed. It also checks that no page logs a console error and that each page fits a
 * phone's width. Screenshots go to target/screenshots.
 *
 * <p>Uses the distribution's chromium and chromedriver (Debian: apt-get install chromium chromium-driver, as
 * .ci/run does), never a downloaded one. It skips where they do not run, except under {@code CI=true}, where it
 * fails and says what to install.
 */
class BrowserDemoTest {

    @RegisterExtension
    static final RedisExtension REDIS = RedisExtension.standalone();

    private static final ExternalTool CHROMIUM = ExternalTool.at(Path.of("/usr/bin/chromium"),
            "apt-get install chromium chromium-driver");
    private static final ExternalTool CHROMEDRIVER = ExternalTool.at(Path.of("/usr/bin/chromedriver"),
            "apt-get install chromium chromium-driver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path profiles;

    private SessionStore store;
    private WebDemo demo;
    private String base;
    private final List<WebDriver> browsers = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        CHROMIUM.require();
        CHROMEDRIVER.require();
        Files.createDirectories(SCREENSHOTS);
        PrometheusMetrics metrics = new PrometheusMetrics();
        store = WebDemo.configure(SessionStore.builder().redis(REDIS.uri()).namespace("browser"), metrics).build();
        // A few simulated users, so that the dashboard in the screenshot has something to chart.
        demo = WebDemo.start(store, metrics, "127.0.0.1", 0, 3);
        base = "http://localhost:" + demo.port();
    }

    @AfterEach
    void stop() {
        browsers.forEach(WebDriver::quit);
        if (demo != null) {
            demo.close();
            store.close();
        }
    }

    @Test
    void signInOnTwoDevicesSignOutEverywhereAndWatchASessionExpire() throws Exception {
        WebDriver laptop = browser("laptop");
        WebDriver phone = browser("phone");

        laptop.get(base + "/");
        screenshot(laptop, "1-sign-in");
        signIn(laptop, "dana", "90");
        signIn(phone, "dana", "90");
        assertThat(phone.findElements(By.cssSelector(".device"))).hasSize(2);
        assertThat(phone.findElements(By.cssSelector(".device.current"))).hasSize(1);
        laptop.navigate().refresh();
        assertThat(laptop.findElements(By.cssSelector(".device"))).hasSize(2);
        assertThat(laptop.findElement(By.cssSelector(".device.current .countdown")).getText()).matches("1 min \\d\\d s|\\d+ s");
        screenshot(laptop, "2-devices");

        laptop.findElement(By.cssSelector("button[data-scope=everywhere]")).click();
        await(laptop, "the laptop is signed out", d -> d.getPageSource().contains("signed out on all your devices"));
        assertThat(store.sessionsOf("dana")).isEmpty();
        phone.navigate().refresh();
        assertThat(phone.getPageSource()).contains("Your session has ended");

        // Back to the devices page: not a stale copy from the cache, but the server's answer that nobody is signed in.
        laptop.navigate().back();
        await(laptop, "back leads to the sign-in page", d -> d.findElement(By.tagName("h1")).getText().equals("Sign in"));

        WebDriver dashboard = laptop;
        dashboard.get(base + "/dashboard");
        await(dashboard, "the event feed connects", d -> d.findElement(By.id("feed-state")).getText().equals("live"));
        signIn(phone, "erin", "10");
        screenshot(phone, "3-short-session");
        // The phone's page reloads itself once its session's countdown runs out.
        new WebDriverWait(phone, Duration.ofSeconds(25)).until(d -> d.getPageSource().contains("Your session has ended"));
        await(dashboard, "erin's expiry in the feed", d -> d.findElements(By.cssSelector("#feed li.expired .who"))
                .stream().anyMatch(e -> e.getText().equals("erin")));
        assertThat(dashboard.findElement(By.id("live")).getText()).matches("\\d+");
        dashboard.manage().window().setSize(new Dimension(1280, 1400));
        screenshot(dashboard, "4-dashboard");

        for (WebDriver browser : browsers) {
            browser.manage().window().setSize(new Dimension(390, 844));
        }
        signIn(phone, "frank", "90");
        assertFitsTheWidth(phone, "devices");
        screenshot(phone, "5-phone-devices");
        dashboard.navigate().refresh();
        await(dashboard, "the event feed connects", d -> d.findElement(By.id("feed-state")).getText().equals("live"));
        assertFitsTheWidth(dashboard, "dashboard");
        screenshot(dashboard, "6-phone-dashboard");
        dashboard.get(base + "/");
        assertFitsTheWidth(dashboard, "sign-in");
        screenshot(dashboard, "7-phone-sign-in");

        for (WebDriver browser : browsers) {
            List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue()).collect(Collectors.toList());
            assertThat(errors).as("console errors and warnings").isEmpty();
        }
    }

    private void signIn(WebDriver browser, String name, String idleSeconds) {
        browser.get(base + "/");
        browser.findElement(By.id("name")).clear();
        browser.findElement(By.id("name")).sendKeys(name);
        new Select(browser.findElement(By.id("idle"))).selectByValue(idleSeconds);
        browser.findElement(By.cssSelector("form[action='/signin'] button")).click();
        await(browser, name + " signed in", d -> d.getCurrentUrl().endsWith("/devices")
                && d.getPageSource().contains("Signed in as"));
    }

    private static void assertFitsTheWidth(WebDriver browser, String page) {
        Object overflow = ((JavascriptExecutor) browser).executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        assertThat(((Number) overflow).longValue()).as("horizontal overflow of the " + page + " page in px").isLessThanOrEqualTo(0);
    }

    private static void await(WebDriver browser, String what, Function<WebDriver, Boolean> condition) {
        new WebDriverWait(browser, WAIT).withMessage(what).until(condition::apply);
    }

    private static void screenshot(WebDriver browser, String name) throws IOException {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    private WebDriver browser(String name) throws IOException {
        ChromeOptions options = new ChromeOptions();
        // Set explicitly, with the driver below, so that Selenium Manager never looks for (or downloads) either.
        options.setBinary(CHROMIUM.path().toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1280,900",
                "--user-data-dir=" + Files.createDirectories(profiles.resolve(name)));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.path().toFile())
                .usingAnyFreePort()
                .build();
        WebDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
        browsers.add(driver);
        return driver;
    }
}
