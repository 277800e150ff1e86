package io.redstreams.cdi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;

import io.redstreams.StreamConsumer;
import io.redstreams.StreamAdmin;
import io.redstreams.StreamProducer;
import io.redstreams.StreamReader;
import io.redstreams.impl.consumer.ConsumerSpec;
import io.redstreams.impl.consumer.Consumers;
import io.redstreams.impl.engine.EngineSettings;
import io.redstreams.impl.engine.EngineStatus;
import io.redstreams.impl.engine.RedStreamsEngine;
import io.redstreams.impl.engine.StartupReport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Conversation;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.AfterDeploymentValidation;
import jakarta.enterprise.inject.spi.AnnotatedMethod;
import jakarta.enterprise.inject.spi.AnnotatedParameter;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.BeforeShutdown;
import jakarta.enterprise.inject.spi.DeploymentException;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessManagedBean;
import jakarta.inject.Singleton;

/**
 * The CDI side of redstreams. It only collects and validates: it finds the bean methods with a
 * {@code @StreamConsumer} parameter, reports every problem at deployment (each naming the method),
 * registers the {@code StreamProducer} bean, and hands the consumers to the plain-Java engine
 * when the application starts; the engine does the work and is closed (drained) when the
 * application stops. The engine's signals (dead letters, outages, claims) become asynchronous CDI events of
 * {@code io.redstreams.events} (see {@link CdiEvents}).
 */
public class RedStreamsExtension implements Extension {

    private static final Logger LOG = Logger.getLogger(RedStreamsExtension.class.getName());
    private static final String MP_HEALTH_PACKAGE = "io.redstreams.mphealth.";

    private final List<ConsumerMethod> found = new ArrayList<>();
    private final List<ConsumerSpec> specs = new ArrayList<>();
    /** The classes of redstreams-mp-health that are beans of the deployment (then no synthetic check of their kind). */
    private final Set<String> healthClasses = new HashSet<>();
    private EngineSettings settings;
    private volatile RedStreamsEngine engine;
    private BeanManager beanManager;
    private CdiEvents events;
    private AutoCloseable metrics;
    private List<MetricsBinder> metricsBinders = List.of();
    private volatile boolean closed;
    private volatile Phase phase = Phase.STARTING;

    /** Where the application's consumers are, for the startup health check. */
    enum Phase {
        /** Not validated or not started yet (or the start failed). */
        STARTING,
        /** Every consumer started (or there are none). */
        STARTED,
        /** Consumers are disabled by configuration ({@code redstreams.consumer.enabled=false}). */
        DISABLED,
        /** The application stopped. */
        STOPPED
    }

    void registerBeans(@Observes AfterBeanDiscovery event) {
        // A synthetic bean bound to this very extension instance: on WildFly an @Inject RedStreamsExtension in a
        // bean added with addAnnotatedType got another instance, never configured. Singleton, not
        // ApplicationScoped: no client proxy to generate across class loaders, and it is stateless anyway.
        event.addBean().beanClass(CdiStreamProducer.class)
                .types(StreamProducer.class, Object.class)
                .scope(Singleton.class)
                .createWith(c -> new CdiStreamProducer(this));
        event.addBean().beanClass(CdiStreamReader.class)
                .types(StreamReader.class, Object.class)
                .scope(Singleton.class)
                .createWith(c -> new CdiStreamReader(this));
        event.addBean().beanClass(CdiStreamAdmin.class)
                .types(StreamAdmin.class, Object.class)
                .scope(Singleton.class)
                .createWith(c -> new CdiStreamAdmin(this));
        OptionalApis.registerHealthChecks(event, this, healthClasses);
    }

    <T> void collect(@Observes ProcessManagedBean<T> event) {
        String beanClass = event.getBean().getBeanClass().getName();
        if (beanClass.startsWith(MP_HEALTH_PACKAGE)) {
            healthClasses.add(beanClass); // fired before AfterBeanDiscovery: see registerBeans
        }
        for (AnnotatedMethod<? super T> method : event.getAnnotatedBeanClass().getMethods()) {
            if (method.getJavaMember().isBridge() || method.getJavaMember().isSynthetic()) {
                // javac copies parameter annotations to the bridge of a generic interface's method (on(Object) for
                // on(Order)): that is the same consumer, not a second one
                continue;
            }
            List<AnnotatedParameter<?>> payloads = new ArrayList<>();
            for (AnnotatedParameter<? super T> parameter : method.getParameters()) {
                if (parameter.isAnnotationPresent(StreamConsumer.class)) {
                    payloads.add(parameter);
                }
            }
            if (!payloads.isEmpty()) {
                found.add(new ConsumerMethod(event.getBean(), method, payloads));
            }
        }
    }

    void validate(@Observes AfterDeploymentValidation event, BeanManager beanManager) {
        this.beanManager = beanManager;
        List<String> problems = new ArrayList<>();
        try {
            settings = EngineSettings.fromMicroProfileConfig(classLoader());
            StartupReport.configuration(settings, classLoader());
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        // A stable order, so that problems and consumer names read the same on every deployment.
        found.sort(Comparator.comparing(ConsumerMethod::name));
        boolean requestContext = !found.isEmpty() && requestContextPerMessage(beanManager);
        for (ConsumerMethod method : found) {
            ConsumerSpec spec = method.toSpec(beanManager, settings, requestContext, problems);
            if (spec != null) {
                specs.add(spec);
            }
        }
        if (settings != null) {
            // Methods sharing a stream and group with distinct types become one type-routed consumer.
            List<ConsumerSpec> routed = settings.routeByType(specs, problems);
            specs.clear();
            specs.addAll(routed);
            addIfPresent(problems, settings.hostingProblem());
            addIfPresent(problems, settings.startupRedisProblem());
            problems.addAll(settings.nameClashes(specs));
        }
        for (String problem : problems) {
            event.addDeploymentProblem(new DeploymentException("redstreams: " + problem));
        }
        if (problems.isEmpty()) {
            StartupReport.consumers(specs, settings.consumersEnabled());
            if (settings.metricsEnabled()) {
                // here, where the context class loader is the application's (in a server too): the binders ship in
                // the application's archive, not with this extension
                metricsBinders = OptionalApis.metricsBinders(classLoader());
            }
        }
    }

    /**
     * Whether consumer methods run in a request context of their own, one per message: always with
     * {@code redstreams.consumer.request-context=always}; with {@code auto} only when the deployment can observe it,
     * that is when a bean the bean manager sees (the application's, an extension's synthetic ones, the container's
     * built-in ones) has the scope {@code @RequestScoped}. Weld's built-in {@code Conversation} bean, request-scoped
     * in every deployment, does not count: it also needs the conversation context, which no consumer thread has
     * (a request context would not make it usable). Without such a bean nothing can tell the difference but code that
     * asks for the context itself; skipping it saves Weld's context activation per message (about a tenth of the
     * consumer's CPU and 460 bytes per message in the benchmark).
     */
    private boolean requestContextPerMessage(BeanManager beanManager) {
        if (settings != null && settings.requestContextAlways()) {
            LOG.fine("redstreams: consumer methods run in a request context per message"
                    + " (redstreams.consumer.request-context=always)");
            return true;
        }
        for (Bean<?> bean : beanManager.getBeans(Object.class, Any.Literal.INSTANCE)) {
            if (bean.getScope() == RequestScoped.class && !bean.getTypes().contains(Conversation.class)) {
                LOG.fine(() -> "redstreams: consumer methods run in a request context per message (a @RequestScoped"
                        + " bean is deployed: " + bean + ")");
                return true;
            }
        }
        LOG.info("redstreams: consumer methods run without a request context: the deployment has no @RequestScoped"
                + " bean (redstreams.consumer.request-context=always activates one per message anyway)");
        return false;
    }

    private static void addIfPresent(List<String> problems, String problem) {
        if (problem != null) {
            problems.add(problem);
        }
    }

    void start(@Observes @Initialized(ApplicationScoped.class) Object event) {
        if (specs.isEmpty() || !settings.consumersEnabled()) {
            if (settings != null && (settings.periodicTrim() || RedStreamsEngine.hostedByAdapter(settings))) {
                // the periodic trim runs on the engine, and a hosted engine reports the application's message-driven
                // beans (health, metrics): create it even with nothing to consume
                engine();
            }
            phase = settings != null && !settings.consumersEnabled() && !specs.isEmpty() ? Phase.DISABLED
                    : Phase.STARTED;
            return;
        }
        engine().startConsumers(specs);
        phase = Phase.STARTED;
    }

    void stop(@Observes @BeforeDestroyed(ApplicationScoped.class) Object event) {
        close();
    }

    void shutdown(@Observes BeforeShutdown event) {
        close();
    }

    /**
     * The engine, created on first use (the producer may be used before consumers start). Once created it is
     * returned even while the application stops: the engine drains the consumers before it closes its producer,
     * so a consumer method that produces can finish its work (issue 9, case 3).
     */
    RedStreamsEngine engine() {
        RedStreamsEngine current = engine;
        if (current != null) {
            return current; // the hot path of every send: no lock
        }
        return createOrFail();
    }

    private synchronized RedStreamsEngine createOrFail() {
        if (closed) {
            throw new IllegalStateException("redstreams is shut down: the application is stopping");
        }
        if (engine == null) {
            if (settings == null) {
                throw new IllegalStateException("redstreams is not configured yet: the container has not validated"
                        + " the deployment");
            }
            RedStreamsEngine created = RedStreamsEngine.forApplication(settings, openTelemetryBean());
            events = new CdiEvents(beanManager);
            created.listen(events);
            metrics = OptionalApis.bindMetrics(created, beanManager, metricsBinders);
            engine = created;
        }
        return engine;
    }

    /**
     * The application's {@code OpenTelemetry} bean (a server's MicroProfile Telemetry has one), when the API is on
     * the class path and exactly one such bean resolves; else {@code null} (the engine then uses
     * {@code GlobalOpenTelemetry} if it was set). Looked up by the class the engine sees, so this class never
     * refers to the API.
     */
    private Object openTelemetryBean() {
        Class<?> api = RedStreamsEngine.openTelemetryApi().orElse(null);
        if (api == null || beanManager == null) {
            return null;
        }
        try {
            @SuppressWarnings("unchecked")
            Instance<Object> found = beanManager.createInstance().select((Class<Object>) api);
            if (found.isResolvable()) {
                return found.get();
            }
            if (found.isAmbiguous()) {
                LOG.warning("redstreams: more than one OpenTelemetry bean; tracing with GlobalOpenTelemetry if set");
            }
        } catch (RuntimeException e) {
            LOG.warning(() -> "redstreams: could not look up an OpenTelemetry bean (" + e + "); tracing with"
                    + " GlobalOpenTelemetry if set");
        }
        return null;
    }

    /**
     * Closes the engine outside this extension's lock: a running consumer method that sends meanwhile must not wait
     * for the lock (it would hold up the drain until the shutdown timeout, and then fail).
     */
    private void close() {
        RedStreamsEngine toClose;
        CdiEvents eventsToClose;
        AutoCloseable metricsToClose;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            phase = Phase.STOPPED;
            toClose = engine;
            eventsToClose = events;
            metricsToClose = metrics;
        }
        if (toClose != null) {
            toClose.close();
        }
        if (eventsToClose != null) {
            eventsToClose.close();
        }
        if (metricsToClose != null) {
            try {
                metricsToClose.close();
            } catch (Exception e) {
                LOG.fine(() -> "redstreams: removing the metrics failed: " + e);
            }
        }
    }

    /** The consumers found and accepted at deployment. */
    public List<ConsumerSpec> consumerSpecs() {
        return List.copyOf(specs);
    }

    /** Where the consumers are, for the startup health check. */
    Phase phase() {
        return phase;
    }

    /** The engine's status, or {@code null} when no engine was created (nothing consumed or sent yet). */
    EngineStatus status() {
        RedStreamsEngine current = engine;
        return current == null ? null : current.status();
    }

    /** Whether the readiness check reports the consumers ({@code redstreams.health.readiness-enabled}). */
    boolean readinessEnabled() {
        return settings == null || settings.healthReadiness();
    }

    /** The running consumers, or {@code null} before start. */
    public synchronized Consumers consumers() {
        return engine == null ? null : engine.consumers();
    }

    private static ClassLoader classLoader() {
        ClassLoader tccl = Thread.currentThread().getContextClassLoader();
        return tccl != null ? tccl : RedStreamsExtension.class.getClassLoader();
    }
}
