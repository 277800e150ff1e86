package io.redstreams.cdi;

import io.redstreams.impl.engine.RedStreamsEngine;
import io.redstreams.impl.engine.TrafficListener;
import jakarta.enterprise.inject.spi.BeanManager;

/**
 * A metrics library that ships in an artifact of its own, outside {@code redstreams-impl} (and so outside the resource
 * adapter's {@code .rar}): {@code redstreams-mp-metrics} binds to MicroProfile Metrics this way. The CDI extension
 * finds implementations with {@link java.util.ServiceLoader} ({@code META-INF/services/io.redstreams.cdi.MetricsBinder})
 * on the application's class loader when the deployment is validated, and asks them, in the order of their class
 * names, after a Micrometer {@code MeterRegistry} bean and before Micrometer's global registry (see the README,
 * "Metrics"); the first that answers a binding is the only one bound.
 *
 * <p>An implementation must be loadable without its library (check for it and answer {@code null}), so that the jar
 * on a class path without that library costs nothing. Its constructor is public and takes no argument.
 */
public interface MetricsBinder {

    /** @return the library, for the log (e.g. {@code MicroProfile Metrics}) */
    String name();

    /**
     * Binds the engine's metrics when the library can be used in this application, e.g. when its registry is a bean.
     * Called once, when the engine is created (on the thread that first needs it: the start of the application or its
     * first send), before any consumer starts; the extension then attaches the binding with
     * {@link RedStreamsEngine#listen} and closes it when the application stops. What it throws is logged and leaves the
     * application without metrics, never without its consumers.
     *
     * @param engine      the application's engine: its status, sampled group gauges and producer status
     * @param beanManager the application's bean manager, to look up the library's registry
     * @return the binding, or {@code null} when the library cannot be used here
     */
    Binding bind(RedStreamsEngine engine, BeanManager beanManager);

    /**
     * The engine's signals turned into metrics. Its methods are called on engine threads, once per message for the
     * {@link TrafficListener} ones: they must be cheap, must not block and must contain what the library throws (the
     * engine contains it too, and logs the first failure, then one warning per 1,000).
     */
    interface Binding extends TrafficListener, AutoCloseable {

        /** Removes every metric this binding registered; called once, when the application stops. Never throws. */
        @Override
        void close();
    }
}
