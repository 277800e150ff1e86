package io.redstreams.impl.engine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.redstreams.impl.consumer.Consumers;

/**
 * The consumer sets an engine runs for message-driven beans of the resource adapter (one per activation, see
 * {@link RedStreamsEngine#prepareEndpointConsumers}), and who listens to them.
 *
 * <p>Each set has signals of its own ({@link EngineSignals}), with two kinds of listeners: those of its engine
 * ({@link RedStreamsEngine#listen}), and those of the application engines hosted by it whose application can load the
 * bean's class ({@link #watch}): a CDI application's metrics hear its message-driven beans' deliveries exactly as
 * those of its own consumers, and not those of another application deployed on the same adapter (which would count
 * twice in a registry the two share). The per-message path is the one of every consumer set: one emptiness check
 * when nobody listens, no lookup otherwise.
 *
 * <p>Thread-safe: registration and listening (rare) under one lock; {@link #isEndpoint} and {@link #seenBy} are
 * lock-free.
 */
final class EndpointSets {

    /** One activation's set: the bean class (may be {@code null}: the container did not say) and its signals. */
    private static final class Endpoint {
        final Class<?> beanClass;
        final EngineSignals signals;
        boolean started;

        Endpoint(Class<?> beanClass, EngineSignals signals) {
            this.beanClass = beanClass;
            this.signals = signals;
        }
    }

    /** A hosted application's listener and the class loader that says which beans the application sees. */
    private record Watch(ClassLoader application, EngineListener listener) {
    }

    /** Keyed by identity: {@link Consumers} does not override {@code equals}. */
    private final Map<Consumers, Endpoint> sets = new ConcurrentHashMap<>();
    private final List<Watch> watches = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();

    /**
     * Registers a set before it is started or reported: it gets {@code engineListeners} and the listeners of every
     * watching application that sees {@code beanClass}.
     */
    void add(Consumers set, Class<?> beanClass, EngineSignals signals, List<EngineListener> engineListeners) {
        synchronized (lock) {
            for (EngineListener listener : engineListeners) {
                signals.add(listener);
            }
            for (Watch watch : watches) {
                if (sees(watch.application(), beanClass)) {
                    signals.add(watch.listener());
                }
            }
            sets.put(set, new Endpoint(beanClass, signals));
        }
    }

    boolean isEndpoint(Consumers set) {
        return sets.containsKey(set);
    }

    /** Whether {@code set} is an endpoint set whose bean {@code application} can load. */
    boolean seenBy(Consumers set, ClassLoader application) {
        Endpoint endpoint = sets.get(set);
        return endpoint != null && sees(application, endpoint.beanClass);
    }

    /** The set started: its listeners hear it, and listeners attached later are told at once. */
    void started(Consumers set) {
        Endpoint endpoint;
        synchronized (lock) {
            endpoint = sets.get(set);
            if (endpoint == null) {
                return;
            }
            endpoint.started = true;
        }
        endpoint.signals.consumersStarted(RedStreamsEngine.names(set));
    }

    /** Forgets the set; returns its signals (to tell them it stopped), or {@code null} for any other set. */
    EngineSignals remove(Consumers set) {
        synchronized (lock) {
            Endpoint endpoint = sets.remove(set);
            return endpoint == null ? null : endpoint.signals;
        }
    }

    /** A listener of the engine itself: it hears every endpoint set, present and future (the engine passes it). */
    void listen(EngineListener listener) {
        synchronized (lock) {
            for (Endpoint endpoint : sets.values()) {
                endpoint.signals.add(listener);
            }
        }
    }

    /**
     * A hosted application's listener: it hears the endpoint sets whose bean {@code application} can load, present
     * (told at once of those already started) and future, until {@link #unwatch}.
     */
    void watch(ClassLoader application, EngineListener listener) {
        Map<Consumers, EngineSignals> startedBefore = new LinkedHashMap<>();
        synchronized (lock) {
            watches.add(new Watch(application, listener));
            for (Map.Entry<Consumers, Endpoint> e : sets.entrySet()) {
                if (sees(application, e.getValue().beanClass)) {
                    e.getValue().signals.add(listener);
                    if (e.getValue().started) {
                        startedBefore.put(e.getKey(), e.getValue().signals);
                    }
                }
            }
        }
        startedBefore.forEach((set, signals) -> signals.tellStarted(listener, RedStreamsEngine.names(set)));
    }

    /** Detaches a listener given to {@link #watch} or {@link #listen}. */
    void unwatch(EngineListener listener) {
        synchronized (lock) {
            watches.removeIf(w -> w.listener() == listener);
            for (Endpoint endpoint : sets.values()) {
                endpoint.signals.remove(listener);
            }
        }
    }

    /**
     * Whether {@code application} sees {@code beanClass}: it loads that very class. A bean the container named no
     * class for, and an application without a context class loader, see (and are seen by) everything.
     */
    static boolean sees(ClassLoader application, Class<?> beanClass) {
        if (application == null || beanClass == null) {
            return true;
        }
        try {
            return Class.forName(beanClass.getName(), false, application) == beanClass;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
