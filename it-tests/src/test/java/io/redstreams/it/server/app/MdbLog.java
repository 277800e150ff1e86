package io.redstreams.it.server.app;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

/** What the message-driven bean saw: deliveries per order id, and the ids it completed. */
@ApplicationScoped
public class MdbLog {

    private final Map<Long, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private final Set<Long> done = new ConcurrentSkipListSet<>();

    /** @return the number of this delivery, 1 for the first */
    public int attempt(long id) {
        return attempts.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
    }

    public void done(long id) {
        done.add(id);
    }

    /** One line per order: {@code id attempts done|failed}, by id. */
    public String report() {
        StringBuilder out = new StringBuilder();
        new TreeMap<>(attempts).forEach((id, n) -> out.append(id).append(' ').append(n.get()).append(' ')
                .append(done.contains(id) ? "done" : "failed").append('\n'));
        return out.toString();
    }
}
