package dev.sessionkeeper.bench;

import dev.sessionkeeper.Session;
import dev.sessionkeeper.SessionStore;
import dev.sessionkeeper.servlet.SessionKeeperFilter;
import dev.sessionkeeper.testkit.RedisServer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * JMH: the servlet filter's own cost per request, Redis excluded. The filter runs on a
 * {@link StubSessionStore}, whose {@code find} returns a session that was loaded through a real
 * store once, at set-up, from a redis-server the benchmark starts and stops (the public API has
 * no way to build a loaded {@link Session} without Redis). Requests and responses are
 * {@link StubHttp} proxies.
 *
 * <ul>
 *   <li>{@link #bareChain}: no filter: the stub request and the chain alone (the floor);</li>
 *   <li>{@link #untouched}: the filter around a request that never asks for its session;</li>
 *   <li>{@link #readTwo}: reads theme and the cart through {@code HttpSession};</li>
 *   <li>{@link #readTwoChangeOne}: also sets lastPage, so the save path runs (up to its script call).</li>
 * </ul>
 * The filter's overhead is each figure less {@link #bareChain}. The cost of decoding a session
 * when it is loaded is in the store, not the filter: see {@link CodecBenchmark#decodeAll}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class FilterBenchmark {

    private RedisServer redis;
    private SessionStore realStore;
    private SessionKeeperFilter filter;
    private HttpServletRequest requestWithCookie;
    private HttpServletRequest requestWithoutCookie;
    private HttpServletResponse response;
    private Map<String, Object> attributesWithCookie;
    private Map<String, Object> attributesWithoutCookie;

    @Setup(Level.Trial)
    public void setUp() {
        redis = RedisServer.builder().build().start();
        realStore = SessionStore.builder().redis(redis.uri()).namespace("jmh").codec(WorkloadSession.codec()).build();
        Session s = realStore.newSession();
        WorkloadSession.attributes().forEach(s::set);
        String id = realStore.login(s, "user-1").id();
        Session loaded = realStore.find(id).orElseThrow();
        filter = SessionKeeperFilter.builder(new StubSessionStore(loaded, realStore)).build();
        attributesWithCookie = StubHttp.attributes();
        attributesWithoutCookie = StubHttp.attributes();
        requestWithCookie = StubHttp.request(id, attributesWithCookie);
        requestWithoutCookie = StubHttp.request(null, attributesWithoutCookie);
        response = StubHttp.response();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        realStore.close();
        redis.close();
    }

    @Benchmark
    public void bareChain(Blackhole bh) throws IOException, ServletException {
        attributesWithoutCookie.clear();
        FilterChain chain = (req, res) -> bh.consume(((HttpServletRequest) req).getAttribute("x"));
        chain.doFilter(requestWithoutCookie, response);
    }

    @Benchmark
    public void untouched(Blackhole bh) throws IOException, ServletException {
        attributesWithoutCookie.clear();
        filter.doFilter(requestWithoutCookie, response, (req, res) -> bh.consume(((HttpServletRequest) req).getAttribute("x")));
    }

    @Benchmark
    public void readTwo(Blackhole bh) throws IOException, ServletException {
        attributesWithCookie.clear();
        filter.doFilter(requestWithCookie, response, (req, res) -> {
            HttpSession session = ((HttpServletRequest) req).getSession(false);
            bh.consume(session.getAttribute(WorkloadSession.THEME));
            bh.consume(session.getAttribute(WorkloadSession.CART));
        });
    }

    @Benchmark
    public void readTwoChangeOne(Blackhole bh) throws IOException, ServletException {
        attributesWithCookie.clear();
        filter.doFilter(requestWithCookie, response, (req, res) -> {
            HttpSession session = ((HttpServletRequest) req).getSession(false);
            bh.consume(session.getAttribute(WorkloadSession.THEME));
            bh.consume(session.getAttribute(WorkloadSession.CART));
            session.setAttribute(WorkloadSession.LAST_PAGE, "/page/7");
        });
    }
}
