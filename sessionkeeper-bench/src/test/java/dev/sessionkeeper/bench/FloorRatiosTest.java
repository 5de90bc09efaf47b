package dev.sessionkeeper.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Every Redis-side figure is also given as a ratio to the floor's, in each system's own column. */
class FloorRatiosTest {

    @Test
    void redisSideFiguresAreDividedByTheFloorsAndOthersAreNot() {
        Results results = new Results();
        results.system("sessionkeeper");
        results.add("request (10 requests)", "Redis CPU per request", 30, "us");
        results.add("request (10 requests)", "requests per second", 20_000, "/s");
        results.add("memory (after 10)", "Redis memory per session (used_memory delta)", 1_500, "bytes");
        results.system("spring-session");
        results.add("request (10 requests)", "Redis CPU per request", 40, "us");
        results.system("bare");
        results.add("request (10 requests)", "Redis CPU per request", 10, "us");
        results.add("request (10 requests)", "requests per second", 40_000, "/s");
        results.add("memory (after 10)", "Redis memory per session (used_memory delta)", 500, "bytes");

        FloorRatios.add(results, List.of(SessionkeeperSystem.FACTORY, SpringSessionSystem.FACTORY, BareSystem.FACTORY));

        assertThat(results.value("sessionkeeper", FloorRatios.BENCHMARK, "Redis CPU per request (request)")).isEqualTo(3);
        assertThat(results.value("spring-session", FloorRatios.BENCHMARK, "Redis CPU per request (request)")).isEqualTo(4);
        assertThat(results.value("sessionkeeper", FloorRatios.BENCHMARK,
                "Redis memory per session (used_memory delta) (memory)")).isEqualTo(3);
        assertThat(results.value("sessionkeeper", FloorRatios.BENCHMARK, "requests per second (request)")).isNaN();
        Results.Row cpu = results.rows().stream()
                .filter(r -> r.system().equals("sessionkeeper") && r.metric().equals("Redis CPU per request (request)"))
                .findFirst().orElseThrow();
        assertThat(cpu.target()).isEqualTo("<= 2");
        assertThat(cpu.met()).isFalse();
    }

    @Test
    void withoutTheFloorInTheRunThereIsNothingToDivideBy() {
        Results results = new Results();
        results.system("sessionkeeper");
        results.add("request", "Redis CPU per request", 30, "us");

        FloorRatios.add(results, List.of(SessionkeeperSystem.FACTORY));

        assertThat(results.rows()).hasSize(1);
    }
}
