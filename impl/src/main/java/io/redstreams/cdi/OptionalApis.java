package io.redstreams.cdi;

import java.util.logging.Level;
import java.util.logging.Logger;

import io.redstreams.impl.engine.EngineListener;
import io.redstreams.impl.engine.RedStreamsEngine;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.BeanManager;

/**
 * The guard in front of the optional integrations (MicroProfile Health, Micrometer): each
 * adapter class references its API and is loaded only after a class check found that API, so an application without
 * it never loads a class that would fail to link. This class references none of them.
 */
final class OptionalApis {

    private static final Logger LOG = Logger.getLogger(OptionalApis.class.getName());

    static final boolean HEALTH = present("org.eclipse.microprofile.health.HealthCheck");
    static final boolean MICROMETER = present("io.micrometer.core.instrument.MeterRegistry");

    private OptionalApis() {
    }

    /** Whether {@code className} can be loaded by the class loader of this library (without initialising it). */
    static boolean present(String className) {
        try {
            Class.forName(className, false, OptionalApis.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Adds the health check beans when MicroProfile Health is on the class path. */
    static void registerHealthChecks(AfterBeanDiscovery event, RedStreamsExtension extension) {
        if (HEALTH) {
            HealthChecks.register(event, extension);
        }
    }

    /**
     * Binds the engine's metrics: to Micrometer when a {@code MeterRegistry} bean exists; else to Micrometer's global
     * registry when Micrometer is on the class path. Returns the binding to close with the engine, or {@code null} when none applies. A failure to bind
     * is logged and leaves the application without metrics, never without its consumers.
     */
    static AutoCloseable bindMetrics(RedStreamsEngine engine, BeanManager beanManager) {
        if (!engine.settings().metricsEnabled()) {
            return null;
        }
        try {
            EngineListener binding = null;
            if (MICROMETER && MicrometerMetrics.hasRegistryBean(beanManager)) {
                binding = MicrometerMetrics.fromBean(engine, beanManager);
            } else if (MICROMETER) {
                binding = MicrometerMetrics.global(engine);
            }
            if (binding == null) {
                return null;
            }
            engine.listen(binding);
            LOG.fine("redstreams: metrics bound to " + binding);
            return (AutoCloseable) binding;
        } catch (RuntimeException | LinkageError e) {
            LOG.log(Level.WARNING, "redstreams: could not bind metrics; going on without them: " + e, e);
            return null;
        }
    }
}
