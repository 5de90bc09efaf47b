package dev.sessionkeeper;

import dev.sessionkeeper.internal.SessionIds;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The raw event log of a namespace, read straight from the streams, for invariant checks. */
final class EventLog {

    final List<Map<String, String>> entries = new ArrayList<>();

    static EventLog read(RawRedis raw, String namespace, int shards) {
        EventLog log = new EventLog();
        for (int shard = 0; shard < shards; shard++) {
            String stream = namespace + ":{" + SessionIds.shardTag(shard) + "}:events";
            for (StreamMessage<String, String> m : raw.sync().xrange(stream, Range.create("-", "+"))) {
                log.entries.add(m.getBody());
            }
        }
        return log;
    }

    /** Terminal events per session id. */
    Map<String, List<Map<String, String>>> terminalBySession() {
        Map<String, List<Map<String, String>>> out = new HashMap<>();
        for (Map<String, String> e : entries) {
            if (!"created".equals(e.get("type"))) {
                out.computeIfAbsent(e.get("sid"), k -> new ArrayList<>()).add(e);
            }
        }
        return out;
    }

    long count(String type) {
        return entries.stream().filter(e -> type.equals(e.get("type"))).count();
    }
}
