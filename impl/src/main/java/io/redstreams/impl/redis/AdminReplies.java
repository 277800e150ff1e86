package io.redstreams.impl.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.redstreams.ConsumerInfo;
import io.redstreams.GroupInfo;
import io.redstreams.PendingEntry;
import io.redstreams.PendingSummary;

/**
 * Parses the RESP2 replies of the admin commands: XINFO GROUPS, CONSUMERS and STREAM, and both forms of XPENDING.
 * Integers arrive as {@code Long}, strings as {@code byte[]}, nil as {@code null}.
 */
final class AdminReplies {

    private AdminReplies() {
    }

    /**
     * Whether an error reply means that the stream or the group does not exist ({@code ERR no such key} from XINFO,
     * {@code NOGROUP} from XINFO CONSUMERS and XPENDING): the admin views answer that with an empty result.
     */
    static boolean isAbsent(String errorMessage) {
        return errorMessage != null
                && (errorMessage.startsWith("NOGROUP") || errorMessage.startsWith("ERR no such key"));
    }

    /** XINFO GROUPS: one flat record per group; {@code lag} and {@code entries-read} may be nil (absent before 7.0). */
    static List<GroupInfo> groups(Object reply) {
        List<GroupInfo> groups = new ArrayList<>();
        for (Object record : list(reply)) {
            Map<String, Object> info = StreamReplies.infoMap(record);
            groups.add(new GroupInfo(text(info.get("name")), number(info.get("consumers")),
                    number(info.get("pending")), nullableNumber(info.get("lag")),
                    text(info.get("last-delivered-id")), nullableNumber(info.get("entries-read"))));
        }
        return groups;
    }

    /** XINFO CONSUMERS: one flat record per consumer; {@code inactive} only from Redis 7.2 (-1: never succeeded). */
    static List<ConsumerInfo> consumers(Object reply) {
        List<ConsumerInfo> consumers = new ArrayList<>();
        for (Object record : list(reply)) {
            Map<String, Object> info = StreamReplies.infoMap(record);
            Long inactive = nullableNumber(info.get("inactive"));
            consumers.add(new ConsumerInfo(text(info.get("name")), number(info.get("pending")),
                    Duration.ofMillis(number(info.get("idle"))),
                    inactive == null || inactive < 0 ? null : Duration.ofMillis(inactive)));
        }
        return consumers;
    }

    /** XPENDING summary: {@code [count, lowest id, highest id, [[consumer, count], ...]]}; ids and list nil when 0. */
    static PendingSummary pendingSummary(Object reply) {
        List<?> parts = list(reply);
        if (parts.isEmpty()) {
            return new PendingSummary(0, null, null, Map.of());
        }
        Map<String, Long> perConsumer = new LinkedHashMap<>();
        for (Object pair : list(parts.size() > 3 ? parts.get(3) : null)) {
            List<?> p = list(pair);
            perConsumer.put(text(p.get(0)), number(p.get(1)));
        }
        return new PendingSummary(number(parts.get(0)), text(parts.get(1)), text(parts.get(2)), perConsumer);
    }

    /** XPENDING extended: {@code [[id, consumer, idle ms, deliveries], ...]}. */
    static List<PendingEntry> pendingEntries(Object reply) {
        List<PendingEntry> entries = new ArrayList<>();
        for (Object item : list(reply)) {
            List<?> e = list(item);
            entries.add(new PendingEntry(text(e.get(0)), text(e.get(1)), Duration.ofMillis(number(e.get(2))),
                    number(e.get(3))));
        }
        return entries;
    }

    /** XINFO STREAM: the {@code last-generated-id}. */
    static String lastGeneratedId(Object reply) {
        return text(StreamReplies.infoMap(reply).get("last-generated-id"));
    }

    private static List<?> list(Object reply) {
        return reply instanceof List<?> l ? l : Collections.emptyList();
    }

    private static String text(Object raw) {
        return raw == null ? null : StreamReplies.text(raw);
    }

    private static long number(Object raw) {
        Long n = nullableNumber(raw);
        return n == null ? 0 : n;
    }

    private static Long nullableNumber(Object raw) {
        if (raw instanceof Number n) {
            return n.longValue();
        }
        if (raw instanceof byte[] b) { // XPENDING summary sends the per-consumer counts as strings
            try {
                return Long.parseLong(StreamReplies.text(b));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}
