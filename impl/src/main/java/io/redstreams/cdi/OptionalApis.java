package io.redstreams.cdi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.redstreams.impl.engine.EngineListener;
import io.redstreams.impl.engine.RedStreamsEngine;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.BeanManager;

/**
 * The guard in front of the optional integrations (MicroProfile Health, Micrometer): each
 * adapter class references its API and is loaded only after a class check found that API, so an application without
 * it never loads a class that would fail to link. This class references none of them. Metrics libraries that ship
 * as artifacts of their own (MicroProfile Metrics: {@code redstreams-mp-metrics}) come in as {@link MetricsBinder}s.
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

    /**
     * Adds the health check beans when MicroProfile Health is on the class path: {@link RedStreamsHealth}, and the
     * synthetic checks of the kinds {@code redstreams-mp-health} does not bring ({@code healthClasses}: the names of its
     * classes that are beans of the deployment).
     */
    static void registerHealthChecks(AfterBeanDiscovery event, RedStreamsExtension extension,
                                     Set<String> healthClasses) {
        if (HEALTH) {
            HealthChecks.register(event, extension, healthClasses);
        }
    }

    /**
     * The {@link MetricsBinder}s on {@code loader} (the application's), sorted by class name, each class once. A binder
     * that cannot be loaded or created is logged and left out.
     */
    static List<MetricsBinder> metricsBinders(ClassLoader loader) {
        List<MetricsBinder> found = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        try {
            Iterator<MetricsBinder> it = ServiceLoader.load(MetricsBinder.class, loader).iterator();
            while (it.hasNext()) {
                try {
                    MetricsBinder binder = it.next();
                    if (seen.add(binder.getClass().getName())) {
                        found.add(binder);
                    }
                } catch (ServiceConfigurationError | LinkageError e) {
                    LOG.log(Level.WARNING, "redstreams: a metrics binder could not be loaded; left out: " + e, e);
                }
            }
        } catch (ServiceConfigurationError | LinkageError | RuntimeException e) {
            LOG.log(Level.WARNING, "redstreams: could not look for metrics binders; going on without them: " + e, e);
        }
        found.sort(Comparator.comparing(b -> b.getClass().getName()));
        return found;
    }

    /**
     * Binds the engine's metrics to the first of: Micrometer, when a {@code MeterRegistry} bean exists; the first of
     * {@code binders} that answers a binding (MicroProfile Metrics with {@code redstreams-mp-metrics}); Micrometer's
     * global registry, when Micrometer is on the class path. Returns the binding to close with the engine, or
     * {@code null} when none applies. A failure to bind is logged and leaves the application without metrics, never
     * without its consumers.
     */
    static AutoCloseable bindMetrics(RedStreamsEngine engine, BeanManager beanManager, List<MetricsBinder> binders) {
        if (!engine.settings().metricsEnabled()) {
            return null;
        }
        try {
            EngineListener binding = null;
            if (MICROMETER && MicrometerMetrics.hasRegistryBean(beanManager)) {
                binding = MicrometerMetrics.fromBean(engine, beanManager);
                if (!binders.isEmpty()) {
                    LOG.info(() -> "redstreams: the application's Micrometer MeterRegistry bean comes first; "
                            + names(binders) + " not used");
                }
            }
            for (int i = 0; binding == null && i < binders.size(); i++) {
                binding = bind(binders.get(i), engine, beanManager);
            }
            if (binding == null && MICROMETER) {
                binding = MicrometerMetrics.global(engine);
            }
            if (binding == null) {
                return null;
            }
            engine.listen(binding);
            EngineListener bound = binding;
            LOG.info(() -> "redstreams: metrics bound to " + bound);
            return (AutoCloseable) binding;
        } catch (RuntimeException | LinkageError e) {
            LOG.log(Level.WARNING, "redstreams: could not bind metrics; going on without them: " + e, e);
            return null;
        }
    }

    /** One binder's binding, or {@code null} when it cannot be used here or failed (logged). */
    private static MetricsBinder.Binding bind(MetricsBinder binder, RedStreamsEngine engine, BeanManager beanManager) {
        try {
            MetricsBinder.Binding binding = binder.bind(engine, beanManager);
            if (binding == null) {
                LOG.fine(() -> "redstreams: " + binder.getClass().getName() + " cannot be used here");
            }
            return binding;
        } catch (RuntimeException | LinkageError e) {
            LOG.log(Level.WARNING, "redstreams: could not bind metrics with " + binder.getClass().getName()
                    + "; trying the next: " + e, e);
            return null;
        }
    }

    private static String names(List<MetricsBinder> binders) {
        List<String> names = new ArrayList<>();
        for (MetricsBinder binder : binders) {
            try {
                names.add(binder.name());
            } catch (RuntimeException | LinkageError e) {
                names.add(binder.getClass().getName());
            }
        }
        return String.join(", ", names);
    }
}
