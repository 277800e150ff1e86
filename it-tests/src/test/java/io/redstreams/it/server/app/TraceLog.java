package io.redstreams.it.server.app;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * What the tracing application saw, per order id: the trace id current in the producing bean, and the trace id and
 * span of the consumer method's current span. In memory; thread-safe.
 */
@ApplicationScoped
public class TraceLog {

    private final Map<Long, String> produced = new ConcurrentHashMap<>();
    private final Map<Long, String> consumed = new ConcurrentHashMap<>();

    public void produced(long id, String traceId) {
        produced.put(id, traceId);
    }

    public void consumed(long id, String traceId, String span) {
        consumed.put(id, traceId + " " + span);
    }

    /**
     * One line per order, by id: {@code id producer=<trace id> consumer=<trace id> <span>}; {@code -} for a side that
     * has not happened yet.
     */
    public String report() {
        TreeMap<Long, String> lines = new TreeMap<>();
        produced.keySet().forEach(id -> lines.put(id, ""));
        consumed.keySet().forEach(id -> lines.put(id, ""));
        StringBuilder out = new StringBuilder();
        lines.keySet().forEach(id -> out.append(id).append(" producer=").append(produced.getOrDefault(id, "-"))
                .append(" consumer=").append(consumed.getOrDefault(id, "-")).append('\n'));
        return out.toString();
    }
}
