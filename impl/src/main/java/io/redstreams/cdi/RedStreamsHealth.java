package io.redstreams.cdi;

import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * The answers of the three MicroProfile Health checks named {@code redstreams}, for health check classes that live in
 * the application itself: the {@code redstreams-mp-health} jar (README, "Health checks"). A bean ({@code @Singleton},
 * bound to the application's redstreams extension) only when MicroProfile Health is on the class path; not for
 * applications to call otherwise.
 *
 * <p>Each answer comes from the engine's status, without a Redis round trip, and never throws: a failure while
 * building it is a DOWN response that names the exception's class. Thread-safe.
 */
public final class RedStreamsHealth {

    private final RedStreamsExtension extension;

    RedStreamsHealth(RedStreamsExtension extension) {
        this.extension = extension;
    }

    /** @return UP once the deployment is validated and every consumer started (or consumers are disabled) */
    public HealthCheckResponse startup() {
        try {
            return HealthChecks.startup(extension);
        } catch (RuntimeException | LinkageError e) {
            return failed(e);
        }
    }

    /** @return UP when every started consumer has a live connection and its group exists (README, "Health checks") */
    public HealthCheckResponse readiness() {
        try {
            return HealthChecks.readiness(extension);
        } catch (RuntimeException | LinkageError e) {
            return failed(e);
        }
    }

    /** @return UP unless a consumer loop died or is stuck, or a method runs past its processing timeout */
    public HealthCheckResponse liveness() {
        try {
            return HealthChecks.liveness(extension);
        } catch (RuntimeException | LinkageError e) {
            return failed(e);
        }
    }

    private static HealthCheckResponse failed(Throwable e) {
        // the class only: a message may carry a URL with credentials
        return HealthCheckResponse.named(HealthChecks.NAME).withData("error", e.getClass().getName()).down().build();
    }
}
