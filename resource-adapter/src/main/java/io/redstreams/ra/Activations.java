package io.redstreams.ra;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;

/**
 * The adapter's active endpoints, keyed by the (factory, spec) pair the container activated
 * them with: the container passes the same two objects to deactivate them.
 */
final class Activations {

    private static final Logger LOG = Logger.getLogger(Activations.class.getName());

    /** Identity, not equals: two beans may have equal specs, and factories need not define equals. */
    private record Key(MessageEndpointFactory factory, ActivationSpec spec) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.factory == factory && k.spec == spec;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(factory) * 31 + System.identityHashCode(spec);
        }
    }

    private final Map<Key, EndpointActivation> active = new LinkedHashMap<>();
    /** stream/group/consumer -> the name of the activation reading as that consumer. */
    private final Map<String, String> consumers = new LinkedHashMap<>();

    /**
     * Reserves the consumer identity of a new activation.
     *
     * @return {@code null}, or the name of the activation that already reads as this consumer
     */
    synchronized String reserve(String consumerKey, String name) {
        return consumers.putIfAbsent(consumerKey, name);
    }

    synchronized void unreserve(String consumerKey) {
        consumers.remove(consumerKey);
    }

    synchronized void add(MessageEndpointFactory factory, ActivationSpec spec, EndpointActivation activation) {
        active.put(new Key(factory, spec), activation);
    }

    /** Removes and returns the activation, or {@code null} if it is not (or no longer) active. */
    synchronized EndpointActivation remove(MessageEndpointFactory factory, ActivationSpec spec) {
        EndpointActivation activation = active.remove(new Key(factory, spec));
        if (activation != null) {
            consumers.remove(activation.consumerKey());
        }
        return activation;
    }

    synchronized int size() {
        return active.size();
    }

    /**
     * Stops every activation at once, each on a short-lived thread, so that the whole stop takes
     * about one shutdown timeout however many beans there are; waits at most {@code timeoutMs}.
     */
    void stopAll(long timeoutMs) {
        List<EndpointActivation> all;
        synchronized (this) {
            all = new ArrayList<>(active.values());
            active.clear();
            consumers.clear();
        }
        List<Thread> stoppers = new ArrayList<>(all.size());
        for (EndpointActivation activation : all) {
            Thread t = new Thread(activation::stop, "redstreams-stop-" + activation.name());
            t.setDaemon(true);
            t.start();
            stoppers.add(t);
        }
        long deadline = System.currentTimeMillis() + timeoutMs;
        for (Thread t : stoppers) {
            try {
                t.join(Math.max(1, deadline - System.currentTimeMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (t.isAlive()) {
                LOG.warning(() -> "redstreams: " + t.getName() + " did not finish within " + timeoutMs + " ms");
            }
        }
    }
}
