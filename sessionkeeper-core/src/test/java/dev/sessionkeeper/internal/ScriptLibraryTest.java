package dev.sessionkeeper.internal;

import dev.sessionkeeper.RawRedis;
import dev.sessionkeeper.SaveResult;
import dev.sessionkeeper.Session;
import dev.sessionkeeper.SessionStore;
import dev.sessionkeeper.testkit.RedisExtension;
import dev.sessionkeeper.testkit.ScriptCalls;
import io.lettuce.core.AclSetuserArgs;
import io.lettuce.core.FlushMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The function library: it holds every script, it loads, the store calls it where Redis has
 * functions, and every way a function cannot run ends in the same script by EVALSHA, unseen by
 * the caller. On Redis 6.2 (no functions) the rest of the suite is the proof of the EVALSHA path.
 */
class ScriptLibraryTest {

    @RegisterExtension
    static final RedisExtension REDIS = RedisExtension.standalone();

    private static final Pattern GLOBAL_ARGUMENTS = Pattern.compile("\\b(KEYS|ARGV)\\b");
    private static final Pattern TOP_LEVEL_TABLE = Pattern.compile("(?m)^local ([A-Za-z_][A-Za-z0-9_]*)\\s*=\\s*\\{");

    @Test
    void theLibraryHoldsEveryShippedScript() throws Exception {
        Path root = Path.of(LuaScript.class.getResource("/dev/sessionkeeper/lua/").toURI());
        try (Stream<Path> files = Files.list(root)) {
            List<String> shipped = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".lua"))
                    .map(n -> n.substring(0, n.length() - 4)).sorted().collect(Collectors.toList());
            assertThat(ScriptLibrary.SCRIPTS).containsExactlyElementsOf(shipped);
        }
    }

    /**
     * Under the library, KEYS and ARGV are the calling function's parameters, not globals: an
     * include that read them would find nothing, and only on the path that reaches that line.
     */
    @Test
    void noIncludeReadsKeysOrArgvOfItsOwn() throws Exception {
        Path includes = Path.of(LuaScript.class.getResource("/dev/sessionkeeper/lua/include/").toURI());
        try (Stream<Path> files = Files.list(includes)) {
            for (Path file : files.sorted().toList()) {
                String code = Files.readString(file).replaceAll("--[^\n]*", "");
                assertThat(GLOBAL_ARGUMENTS.matcher(code).find()).as("%s reads KEYS or ARGV", file.getFileName()).isFalse();
            }
        }
    }

    /**
     * Under the library, the tables an include defines at its top level (the names, the codes)
     * are shared by every call: a call that wrote into one would change what the next call
     * sees. No file writes into them.
     */
    @Test
    void noFileWritesIntoATableAnIncludeDefinesAtItsTopLevel() throws Exception {
        Path root = Path.of(LuaScript.class.getResource("/dev/sessionkeeper/lua/").toURI());
        List<String> tables = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> includes = Files.list(root.resolve("include"))) {
            for (Path include : includes.sorted().toList()) {
                files.add(include);
                Matcher m = TOP_LEVEL_TABLE.matcher(Files.readString(include));
                while (m.find()) {
                    tables.add(m.group(1));
                }
            }
        }
        for (String script : ScriptLibrary.SCRIPTS) {
            files.add(root.resolve(script + ".lua"));
        }
        assertThat(tables).contains("META", "CODE", "EVENT", "EVENT_TYPE");
        for (Path file : files) {
            String code = Files.readString(file).replaceAll("--[^\n]*", "");
            for (String table : tables) {
                Matcher write = Pattern.compile("\\b" + table + "\\s*(\\.\\w+|\\[[^\\]]*\\])+\\s*=[^=]"
                        + "|\\b(table\\.insert|table\\.remove|table\\.sort|rawset)\\(\\s*" + table + "\\b").matcher(code);
                assertThat(write.find()).as("%s writes into %s, a table an include defines at its top level",
                        file.getFileName(), table).isFalse();
            }
        }
    }

    @Test
    void onRedisWithFunctionsTheStoreCallsTheLibrary() {
        try (RawRedis raw = RawRedis.connect(REDIS.uri(), REDIS.nodeUris())) {
            assumeTrue(hasFunctions(raw), "this Redis has no functions");
            raw.sync().configResetstat();
            try (SessionStore store = SessionStore.builder().redis(REDIS.uri()).namespace("lib").build()) {
                exercise(store);
            }
            Map<String, Long> calls = ScriptCalls.byCommand(REDIS.nodeUris());
            assertThat(calls.get("fcall")).isPositive();
            assertThat(calls.get("evalsha") + calls.get("eval")).isZero();
            assertThat(libraries(raw)).contains(ScriptLibrary.get().name());
        }
    }

    /**
     * The library gone from the server (FUNCTION FLUSH; also a restart without persistence, or a
     * new master): the requests in flight all miss it at once, and every one is served, by the
     * library loaded again, never by EVALSHA.
     */
    @Test
    void requestsInFlightWhenTheLibraryGoesAreAllServedByItLoadedAgain() throws Exception {
        try (RawRedis raw = RawRedis.connect(REDIS.uri(), REDIS.nodeUris());
             SessionStore store = SessionStore.builder().redis(REDIS.uri()).namespace("lib").build()) {
            assumeTrue(hasFunctions(raw), "this Redis has no functions");
            Session s = store.create();
            s.set("kept", 1);
            store.save(s);
            ExecutorService pool = Executors.newFixedThreadPool(16);
            try {
                for (int round = 0; round < 5; round++) {
                    raw.sync().functionFlush(FlushMode.SYNC);
                    raw.sync().configResetstat();
                    List<Future<Integer>> reads = new ArrayList<>();
                    for (int i = 0; i < 64; i++) {
                        reads.add(pool.submit(() -> store.find(s.id()).orElseThrow().get("kept", Integer.class)));
                    }
                    for (Future<Integer> read : reads) {
                        assertThat(read.get(30, TimeUnit.SECONDS)).isEqualTo(1);
                    }
                    Map<String, Long> calls = ScriptCalls.byCommand(REDIS.nodeUris());
                    assertThat(calls.get("evalsha") + calls.get("eval")).isZero();
                    assertThat(calls.get("fcall")).isEqualTo(64);
                    assertThat(libraries(raw)).contains(ScriptLibrary.get().name());
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /** An ACL without FCALL and FUNCTION: every operation still works, by EVALSHA. */
    @Test
    void aUserWhoMayNotUseFunctionsIsServedByEvalsha() {
        try (RawRedis raw = RawRedis.connect(REDIS.uri(), REDIS.nodeUris())) {
            assumeTrue(hasFunctions(raw), "this Redis has no functions");
            raw.sync().aclSetuser("scripts-only", AclSetuserArgs.Builder.on().addPassword("pw").allKeys().allChannels()
                    .allCommands().removeCommand(io.lettuce.core.protocol.CommandType.FCALL)
                    .removeCommand(io.lettuce.core.protocol.CommandType.FUNCTION));
            raw.sync().configResetstat();
            String uri = REDIS.uri().replace("redis://", "redis://scripts-only:pw@");
            try (SessionStore store = SessionStore.builder().redis(uri).namespace("lib").build()) {
                exercise(store);
            }
            Map<String, Long> calls = ScriptCalls.byCommand(REDIS.nodeUris());
            assertThat(calls.get("evalsha")).isPositive();
        }
    }

    private static void exercise(SessionStore store) {
        Session s = store.create();
        s.set("a", 1);
        assertThat(store.save(s)).isEqualTo(SaveResult.SAVED);
        Session loaded = store.find(s.id()).orElseThrow();
        assertThat(loaded.get("a", Integer.class)).isEqualTo(1);
        Session signedIn = store.login(loaded, "ana");
        assertThat(store.sessionsOf("ana")).hasSize(1);
        assertThat(store.exists(signedIn.id())).isTrue();
        store.destroy(signedIn.id(), dev.sessionkeeper.DestroyReason.LOGOUT);
        assertThat(store.find(signedIn.id())).isEmpty();
    }

    private static boolean hasFunctions(RawRedis raw) {
        String version = raw.sync().info("server").lines().filter(l -> l.startsWith("redis_version:")).findFirst()
                .orElseThrow().substring("redis_version:".length()).trim();
        return Integer.parseInt(version.substring(0, version.indexOf('.'))) >= 7;
    }

    private static List<String> libraries(RawRedis raw) {
        return raw.sync().functionList().stream().map(l -> String.valueOf(l.get("library_name"))).toList();
    }
}
