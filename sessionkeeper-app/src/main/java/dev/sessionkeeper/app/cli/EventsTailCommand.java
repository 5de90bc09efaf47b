package dev.sessionkeeper.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sessionkeeper.SessionStore;
import dev.sessionkeeper.app.support.Redaction;
import dev.sessionkeeper.app.support.Times;
import dev.sessionkeeper.events.ConsumerGroupBuilder;
import dev.sessionkeeper.events.SessionEvent;
import dev.sessionkeeper.events.Subscription;
import java.io.PrintWriter;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code sessionkeeper events tail}: the live event stream, one line per event. Without a group it reads as a
 * broadcast subscriber (it sees everything and takes nothing from anyone); with {@code --group} it joins that
 * consumer group, so it competes with the group's other instances and acknowledges what it prints.
 */
@Command(name = "tail",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Print events as they are written, one line each, until Ctrl-C or SIGTERM",
            "(or --count events). Session ids are shortened: they are credentials.",
            "",
            "Without --group, it watches without taking anything from any consumer",
            "group. With --group G, it is one more instance of group G: it takes its",
            "share of the group's events and acknowledges them; use a group of its",
            "own (e.g. ops-tail) unless you mean to drain one.",
            ""
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  ./sessionkeeper events tail --redis redis://localhost:6379",
            "  ./sessionkeeper events tail --type expired,destroyed",
            "  ./sessionkeeper events tail --group ops-audit --from start --json",
            "      every retained event, then new ones, as JSON lines"
        })
public final class EventsTailCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--group", paramLabel = "G", description = "Read as an instance of this consumer group.")
    String group;

    @Option(names = "--from", paramLabel = "start|now", defaultValue = "now",
            description = "Where a new group starts: 'start' (the oldest retained event; needs --group) or 'now' "
                    + "(default). An existing group keeps its position.")
    String from;

    @Option(names = "--type", paramLabel = "TYPES", split = ",",
            description = "Only these types: created, expired, destroyed, rotated (comma-separated).")
    List<String> types;

    @Option(names = "--json", description = "One JSON object per line, for machines.")
    boolean json;

    @Option(names = "--count", paramLabel = "N", description = "Stop after N events.")
    Long count;

    private final Map<String, String> env;

    public EventsTailCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() throws InterruptedException {
        Set<SessionEvent.Type> wanted = wantedTypes();
        boolean fromStart = switch (from.toLowerCase(Locale.ROOT)) {
            case "start" -> true;
            case "now" -> false;
            default -> throw new ParameterException(spec.commandLine(), "--from must be 'start' or 'now', got '" + from + "'.");
        };
        if (fromStart && group == null) {
            throw new ParameterException(spec.commandLine(), "--from start needs --group G: without a group, tail "
                    + "watches new events only.");
        }
        if (count != null && count < 1) {
            throw new ParameterException(spec.commandLine(), "--count must be at least 1, got " + count + ".");
        }
        ConnectionOptions.Settings settings = connection.resolve(env, spec);
        PrintWriter out = spec.commandLine().getOut();
        AtomicLong printed = new AtomicLong();
        StopSignals signals = StopSignals.install();
        try (SessionStore store = ConnectionOptions.connect(settings, spec)) {
            spec.commandLine().getErr().println("tailing events of namespace '" + settings.namespace() + "'"
                    + (group == null ? " (watching; no group)" : " as group '" + group + "'") + "; Ctrl-C stops.");
            spec.commandLine().getErr().flush();
            Subscription sub = subscribe(store, event -> {
                if (!wanted.contains(event.type()) || signals.isRequested()) {
                    return;
                }
                synchronized (out) {
                    out.println(json ? json(event) : line(event));
                    out.flush();
                }
                if (count != null && printed.incrementAndGet() >= count) {
                    signals.request(count + " events");
                }
            });
            try (sub) {
                signals.await();
            }
        } finally {
            signals.close();
        }
        spec.commandLine().getErr().println(signals.cause() + ": stopped.");
        spec.commandLine().getErr().flush();
        return 0;
    }

    private Subscription subscribe(SessionStore store, dev.sessionkeeper.events.EventHandler handler) {
        if (group == null) {
            return store.events().broadcast(handler);
        }
        ConsumerGroupBuilder builder;
        try {
            builder = store.events().group(group);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "Invalid --group: " + e.getMessage());
        }
        if ("start".equalsIgnoreCase(from)) {
            builder.fromStartOfRetention();
        }
        return builder.subscribe(handler);
    }

    private Set<SessionEvent.Type> wantedTypes() {
        if (types == null || types.isEmpty()) {
            return EnumSet.allOf(SessionEvent.Type.class);
        }
        Set<SessionEvent.Type> set = EnumSet.noneOf(SessionEvent.Type.class);
        for (String t : types) {
            SessionEvent.Type type = null;
            for (SessionEvent.Type candidate : SessionEvent.Type.values()) {
                if (candidate.wireName().equalsIgnoreCase(t.strip())) {
                    type = candidate;
                }
            }
            if (type == null) {
                throw new ParameterException(spec.commandLine(), "Unknown event type '" + t
                        + "' (--type): use created, expired, destroyed, rotated.");
            }
            set.add(type);
        }
        return set;
    }

    /** E.g. {@code 2026-11-21 06:50:01.123  expired    007Qm3x...  principal=alice  late 3 ms  id=007:1700000000000-0}. */
    static String line(SessionEvent e) {
        StringBuilder b = new StringBuilder();
        b.append(Times.precise(e.writtenAt())).append("  ")
                .append(String.format(Locale.ROOT, "%-9s", e.type().wireName())).append("  ")
                .append(Redaction.id(e.sessionId()));
        if (e.principal() != null) {
            b.append("  principal=").append(e.principal());
        }
        if (e.reason() != null) {
            b.append("  reason=").append(e.reason());
        }
        if (e.successorId() != null) {
            b.append("  successor=").append(Redaction.id(e.successorId()));
        }
        if (e.type() == SessionEvent.Type.EXPIRED) {
            b.append("  late ").append(e.latenessMillis()).append(" ms");
        }
        if (!e.snapshot().isEmpty()) {
            b.append("  snapshot=").append(e.snapshot().keySet());
        }
        b.append("  id=").append(e.eventId());
        return b.toString();
    }

    static String json(SessionEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.eventId());
        m.put("type", e.type().wireName());
        m.put("session", Redaction.id(e.sessionId()));
        m.put("principal", e.principal());
        m.put("deadline", e.deadline() == null ? null : e.deadline().toString());
        m.put("at", e.writtenAt().toString());
        m.put("reason", e.reason());
        m.put("successor", e.successorId() == null ? null : Redaction.id(e.successorId()));
        if (e.type() == SessionEvent.Type.EXPIRED) {
            m.put("latenessMs", e.latenessMillis());
        }
        m.put("delivery", e.deliveryCount());
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
