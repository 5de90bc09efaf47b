package dev.sessionkeeper.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionkeeper.app.ops.Check;
import dev.sessionkeeper.app.ops.Doctor;
import dev.sessionkeeper.app.ops.StatsReport;
import dev.sessionkeeper.events.GroupStatus;
import dev.sessionkeeper.inspect.ShardStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code stats} and {@code doctor} on a consumer group's lag against the stream's retention: quiet while it is
 * well within, a warning as it nears it, a failure once events were trimmed before the group got them. The
 * figures themselves are read from real Redis in the core's RetentionContract.
 */
class RetentionWarningTest {

    private static final long RETENTION = 1_000_000;

    private static List<ShardStatus> shardWith(long lag, long lost) {
        GroupStatus group = new GroupStatus("billing", 2, 0, "1-0", lag, false, lost, RETENTION);
        return List.of(new ShardStatus(7, Instant.ofEpochMilli(1_700_000_000_000L), 10, 0, null, lag, 0, Map.of(),
                false, List.of(group)));
    }

    private static String stats(List<ShardStatus> shards) {
        StringWriter out = new StringWriter();
        StatsReport.print(new PrintWriter(out), "stats", shards, List.of());
        return out.toString();
    }

    @Test
    void aGroupWellWithinRetentionIsFine() {
        assertThat(Doctor.eventRetention(shardWith(5, 0)).status()).isEqualTo(Check.Status.OK);
        assertThat(stats(shardWith(5, 0))).doesNotContain("WARNING");
    }

    @Test
    void aGroupNearingRetentionIsWarnedAbout() {
        Check check = Doctor.eventRetention(shardWith(850_000, 0));
        assertThat(check.status()).isEqualTo(Check.Status.WARN);
        assertThat(check.finding()).contains("group 'billing' on shard 7 is 850,000 behind (retention 1,000,000)");
        assertThat(stats(shardWith(850_000, 0)))
                .contains("WARNING: group 'billing' is 850,000 events behind on shard 7, near the retention of 1,000,000");
    }

    @Test
    void eventsTrimmedBeforeAGroupGotThemAreAProblem() {
        Check check = Doctor.eventRetention(shardWith(1_000_000, 1_234));
        assertThat(check.status()).isEqualTo(Check.Status.FAIL);
        assertThat(check.finding()).contains("group 'billing' on shard 7 lost 1,234");
        assertThat(stats(shardWith(1_000_000, 1_234))).contains("WARNING: group 'billing' lost 1,234 events on shard 7");
    }

    @Test
    void aLossThatCannotBeToldIsNotReportedAsOne() {
        assertThat(Doctor.eventRetention(shardWith(5, -1)).status()).isEqualTo(Check.Status.OK);
    }
}
