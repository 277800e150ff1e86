package io.redstreams.mphealth;

import io.redstreams.cdi.RedStreamsHealth;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * The {@code redstreams} liveness check as a bean of the application: UP unless a consumer loop died or is stuck, or a
 * method runs past its processing timeout; a consumer waiting to reconnect is live. See the README, "Health checks".
 * While this class is a bean of the deployment, redstreams adds no liveness check of its own. Thread-safe.
 */
@Liveness
@ApplicationScoped
public class RedStreamsLivenessCheck implements HealthCheck {

    @Inject
    RedStreamsHealth health;

    /** @return the answer of {@link RedStreamsHealth#liveness()}, never throws */
    @Override
    public HealthCheckResponse call() {
        return health.liveness();
    }
}
