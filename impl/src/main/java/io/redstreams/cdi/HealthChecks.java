package io.redstreams.cdi;

import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

import io.redstreams.impl.engine.ConsumerStatus;
import io.redstreams.impl.engine.EngineStatus;
import io.redstreams.impl.engine.PoolStatus;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.health.Startup;

/**
 * The MicroProfile Health checks, each named {@code redstreams} (see the README, "Health checks"): startup, readiness
 * and liveness, answered from {@link io.redstreams.impl.engine.RedStreamsEngine#status()} without a Redis round trip.
 * Each carries one data entry per consumer ({@code stream/group/consumer}) and one per producer pool. The consumers of
 * message-driven beans of the resource adapter that hosts the application, when the application can load the bean's
 * class ({@link EngineStatus#endpoints()}), count like the application's own and their entries end with
 * {@code (message-driven bean <class>)}. Loaded only when MicroProfile Health is on the class path
 * ({@link OptionalApis}).
 *
 * <p>Thread-safe.
 */
final class HealthChecks {

    static final String NAME = "redstreams";

    /**
     * The classes of {@code redstreams-mp-health} (the checks as beans of the application), by kind: a kind whose class
     * is a bean of the deployment gets no synthetic check here, so there is never a second {@code redstreams} check.
     * Names, not classes: this extension never loads them.
     */
    static final String STARTUP_CLASS = "io.redstreams.mphealth.RedStreamsStartupCheck";
    static final String READINESS_CLASS = "io.redstreams.mphealth.RedStreamsReadinessCheck";
    static final String LIVENESS_CLASS = "io.redstreams.mphealth.RedStreamsLivenessCheck";

    private HealthChecks() {
    }

    /**
     * Adds the {@link RedStreamsHealth} bean, and a synthetic check for each kind whose {@code redstreams-mp-health}
     * class is not a bean of the deployment ({@code present} holds the names of those that are).
     */
    static void register(AfterBeanDiscovery event, RedStreamsExtension extension, Set<String> present) {
        event.addBean().beanClass(RedStreamsHealth.class)
                .types(RedStreamsHealth.class, Object.class)
                .scope(Singleton.class)
                .createWith(c -> new RedStreamsHealth(extension));
        if (!present.contains(STARTUP_CLASS)) {
            add(event, Startup.Literal.INSTANCE, () -> startup(extension));
        }
        if (!present.contains(READINESS_CLASS)) {
            add(event, Readiness.Literal.INSTANCE, () -> readiness(extension));
        }
        if (!present.contains(LIVENESS_CLASS)) {
            add(event, Liveness.Literal.INSTANCE, () -> liveness(extension));
        }
    }

    private static void add(AfterBeanDiscovery event, Annotation kind, HealthCheck check) {
        event.addBean().beanClass(HealthChecks.class)
                .types(HealthCheck.class, Object.class)
                .qualifiers(kind, Any.Literal.INSTANCE)
                .scope(Singleton.class)
                .createWith(c -> check);
    }

    /** UP once the deployment is validated and every consumer started (or consumers are disabled). */
    static HealthCheckResponse startup(RedStreamsExtension extension) {
        HealthCheckResponseBuilder b = HealthCheckResponse.named(NAME);
        RedStreamsExtension.Phase phase = extension.phase();
        b.withData("phase", phase.name().toLowerCase(Locale.ROOT));
        EngineStatus status = extension.status();
        if (status != null) {
            data(b, status, c -> c.state().name());
        }
        return b.status(phase == RedStreamsExtension.Phase.STARTED || phase == RedStreamsExtension.Phase.DISABLED)
                .build();
    }

    /**
     * UP when every started consumer has a live connection and its group exists; DOWN while one reconnects (its data
     * entry says why) or is not connected yet. Always UP, saying so, with {@code redstreams.health.readiness-enabled}
     * false.
     */
    static HealthCheckResponse readiness(RedStreamsExtension extension) {
        HealthCheckResponseBuilder b = HealthCheckResponse.named(NAME);
        if (!extension.readinessEnabled()) {
            return b.withData("readiness", "not checked (redstreams.health.readiness-enabled=false)").up().build();
        }
        EngineStatus status = extension.status();
        if (status == null) {
            return b.status(extension.phase() != RedStreamsExtension.Phase.STARTING).build();
        }
        boolean up = !status.closed();
        for (ConsumerStatus c : all(status)) {
            up &= c.ready() || c.state() == ConsumerStatus.State.STOPPED;
        }
        data(b, status, c -> c.reason() == null ? c.state().name() : c.state().name() + ": " + c.reason());
        return b.status(up && extension.phase() != RedStreamsExtension.Phase.STARTING).build();
    }

    /**
     * UP unless a consumer loop died or is stuck (not back for far longer than its block time while no method of it
     * runs) or a method runs past its processing timeout; a consumer waiting to reconnect is live.
     */
    static HealthCheckResponse liveness(RedStreamsExtension extension) {
        HealthCheckResponseBuilder b = HealthCheckResponse.named(NAME);
        EngineStatus status = extension.status();
        if (status == null) {
            return b.up().build();
        }
        boolean up = true;
        for (ConsumerStatus c : all(status)) {
            up &= c.live();
        }
        data(b, status, c -> c.live() ? "live" : "not live: " + c.notLive());
        return b.status(up).build();
    }

    /** The application's consumers, then the message-driven beans' it sees. */
    private static List<ConsumerStatus> all(EngineStatus status) {
        List<ConsumerStatus> all = new ArrayList<>(status.consumers());
        all.addAll(status.endpoints());
        return all;
    }

    private static void data(HealthCheckResponseBuilder b, EngineStatus status,
                             Function<ConsumerStatus, String> describe) {
        for (ConsumerStatus c : status.consumers()) {
            b.withData(c.key(), describe.apply(c));
        }
        for (ConsumerStatus c : status.endpoints()) {
            b.withData(c.key(), describe.apply(c) + " (message-driven bean " + c.name() + ")");
        }
        for (PoolStatus p : status.pools()) {
            b.withData(p.name() + "-pool", "active=" + p.active() + ", open=" + p.open()
                    + (p.max() == PoolStatus.UNKNOWN ? " (pooled by the server)" : ", max=" + p.max()));
        }
    }
}
