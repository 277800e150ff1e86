package io.redstreams.mpmetrics;

import java.util.logging.Logger;

import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.annotation.RegistryType;

import io.redstreams.cdi.MetricsBinder;
import io.redstreams.impl.engine.RedStreamsEngine;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.util.AnnotationLiteral;

/**
 * Finds the application's MicroProfile Metrics registry among its beans: first the one qualified
 * {@code @RegistryType(type = APPLICATION)} (Payara and SmallRye Metrics produce it without needing an injection
 * point, which a programmatic lookup does not have), else the {@code @Default} {@code MetricRegistry} (an application's
 * own producer). Loaded only after {@link MicroProfileMetricsBinder} found the API.
 */
final class RegistryLookup {

    private static final Logger LOG = Logger.getLogger(RegistryLookup.class.getName());

    private RegistryLookup() {
    }

    /** @return the binding, or {@code null} when no registry bean resolves */
    static MetricsBinder.Binding bind(RedStreamsEngine engine, BeanManager beanManager) {
        MetricRegistry registry = find(beanManager);
        if (registry == null) {
            LOG.fine("redstreams: MicroProfile Metrics is on the class path but no MetricRegistry bean resolves");
            return null;
        }
        return new MicroProfileMetrics(registry, engine);
    }

    static MetricRegistry find(BeanManager beanManager) {
        Instance<Object> beans = beanManager.createInstance();
        Instance<MetricRegistry> application = beans.select(MetricRegistry.class, new ApplicationRegistry());
        if (application.isResolvable()) {
            return application.get();
        }
        Instance<MetricRegistry> plain = beans.select(MetricRegistry.class);
        return plain.isResolvable() ? plain.get() : null;
    }

    /** {@code @RegistryType(type = MetricRegistry.Type.APPLICATION)}. */
    @SuppressWarnings("all") // an annotation implemented as a class, as CDI's AnnotationLiteral wants
    static final class ApplicationRegistry extends AnnotationLiteral<RegistryType> implements RegistryType {
        private static final long serialVersionUID = 1L;

        @Override
        public MetricRegistry.Type type() {
            return MetricRegistry.Type.APPLICATION;
        }
    }
}
