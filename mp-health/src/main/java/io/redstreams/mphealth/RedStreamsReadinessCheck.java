package io.redstreams.mphealth;

import io.redstreams.cdi.RedStreamsHealth;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * The {@code redstreams} readiness check as a bean of the application: UP when every started consumer has a live
 * connection and its group exists; DOWN while one reconnects, its data entry saying why. See the README, "Health
 * checks". While this class is a bean of the deployment, redstreams adds no readiness check of its own. Thread-safe.
 */
@Readiness
@ApplicationScoped
public class RedStreamsReadinessCheck implements HealthCheck {

    @Inject
    RedStreamsHealth health;

    /** @return the answer of {@link RedStreamsHealth#readiness()}, never throws */
    @Override
    public HealthCheckResponse call() {
        return health.readiness();
    }
}
