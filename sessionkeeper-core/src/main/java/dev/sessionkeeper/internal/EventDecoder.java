package dev.sessionkeeper.internal;

import dev.sessionkeeper.events.SessionEvent;
import dev.sessionkeeper.events.SessionEvents;
import dev.sessionkeeper.codec.AttributeCodec;
import dev.sessionkeeper.codec.CodecException;
import io.lettuce.core.StreamMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Turns stream entries into {@link SessionEvent}s. */
final class EventDecoder {

    private static final Logger log = LoggerFactory.getLogger(SessionEvents.class);

    private final AttributeCodec codec;

    EventDecoder(AttributeCodec codec) {
        this.codec = codec;
    }

    /** The stable event id: the shard and the entry id, unique across the store. */
    static String eventId(int shard, String entryId) {
        return SessionIds.shardTag(shard) + ":" + entryId;
    }

    SessionEvent decode(int shard, StreamMessage<String, byte[]> message, int deliveryCount) {
        Map<String, byte[]> body = message.getBody();
        Map<String, Object> snapshot = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> field : body.entrySet()) {
            if (field.getKey().startsWith(WireFormat.ATTRIBUTE_PREFIX_TEXT)) {
                String name = field.getKey().substring(1);
                try {
                    snapshot.put(name, codec.decode(field.getValue()));
                } catch (CodecException e) {
                    log.warn("event {}: snapshot attribute '{}' cannot be decoded ({}); left out",
                            eventId(shard, message.getId()), LogText.escape(name), LogText.escape(e.getMessage()));
                }
            }
        }
        return new SessionEvent(
                eventId(shard, message.getId()),
                SessionEvent.Type.of(text(body, WireFormat.EVENT_TYPE)),
                text(body, WireFormat.EVENT_SID),
                text(body, WireFormat.EVENT_PRINCIPAL),
                instant(body, WireFormat.EVENT_DEADLINE),
                instant(body, WireFormat.EVENT_AT),
                text(body, WireFormat.EVENT_REASON),
                text(body, WireFormat.EVENT_SUCCESSOR),
                text(body, WireFormat.EVENT_PREDECESSOR),
                Collections.unmodifiableMap(snapshot),
                omitted(body),
                WireFormat.SNAPSHOT_LOST.equals(text(body, WireFormat.EVENT_SNAPSHOT)),
                deliveryCount);
    }

    private static String text(Map<String, byte[]> body, String field) {
        byte[] v = body.get(field);
        return v == null ? null : new String(v, StandardCharsets.UTF_8);
    }

    private static int omitted(Map<String, byte[]> body) {
        String v = text(body, WireFormat.EVENT_SNAPSHOT_OMITTED);
        return v == null ? 0 : Integer.parseInt(v);
    }

    private static Instant instant(Map<String, byte[]> body, String field) {
        String v = text(body, field);
        return v == null ? null : Instant.ofEpochMilli(Long.parseLong(v));
    }
}
