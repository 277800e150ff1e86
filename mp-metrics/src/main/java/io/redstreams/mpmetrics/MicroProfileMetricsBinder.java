package io.redstreams.mpmetrics;

import io.redstreams.cdi.MetricsBinder;
import io.redstreams.impl.engine.RedStreamsEngine;
import jakarta.enterprise.inject.spi.BeanManager;

/**
 * The entry point of {@code redstreams-mp-metrics}, found by the redstreams CDI extension with
 * {@link java.util.ServiceLoader}: binds the engine's metrics to the application's MicroProfile Metrics 5 registry when
 * the API is on the class path and the application registry is a CDI bean (Payara 6 offers it to every application
 * its metrics service claims, which an application with this jar is; SmallRye Metrics' producer does it in Weld SE).
 * This class refers to no MicroProfile Metrics type, so the jar on a class path without the API costs one class check.
 *
 * <p>Thread-safe (stateless).
 */
public final class MicroProfileMetricsBinder implements MetricsBinder {

    static final String API = "org.eclipse.microprofile.metrics.MetricRegistry";

    /** Created by {@link java.util.ServiceLoader}. */
    public MicroProfileMetricsBinder() {
    }

    @Override
    public String name() {
        return "MicroProfile Metrics";
    }

    /**
     * @return the binding to the application registry, or {@code null} without the API or without a registry bean
     */
    @Override
    public Binding bind(RedStreamsEngine engine, BeanManager beanManager) {
        if (!apiPresent()) {
            return null;
        }
        return RegistryLookup.bind(engine, beanManager);
    }

    /** Whether the MicroProfile Metrics API can be loaded by this jar's class loader (without initialising it). */
    static boolean apiPresent() {
        try {
            Class.forName(API, false, MicroProfileMetricsBinder.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return name();
    }
}
