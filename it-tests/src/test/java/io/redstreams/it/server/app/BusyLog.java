package io.redstreams.it.server.app;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;

/** What {@link BusyPoolListenerBean} saw: per order id, the delivery count of each delivery. */
@ApplicationScoped
public class BusyLog {

    private final Map<Long, List<Long>> seen = new ConcurrentHashMap<>();

    public void seen(long id, long deliveryCount) {
        seen.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(deliveryCount);
    }

    /** One line per order: {@code id count,count,...}, by id. */
    public String report() {
        StringBuilder out = new StringBuilder();
        new TreeMap<>(seen).forEach((id, counts) -> out.append(id).append(' ')
                .append(String.join(",", counts.stream().map(String::valueOf).toList())).append('\n'));
        return out.toString();
    }
}
