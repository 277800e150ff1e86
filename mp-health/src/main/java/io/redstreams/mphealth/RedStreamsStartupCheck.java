package io.redstreams.mphealth;

import io.redstreams.cdi.RedStreamsHealth;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

/**
 * The {@code redstreams} startup check as a bean of the application: UP once the deployment is validated and every
 * consumer started (or consumers are disabled). See the README, "Health checks". While this class is a bean of the
 * deployment, redstreams adds no startup check of its own. Thread-safe.
 */
@Startup
@ApplicationScoped
public class RedStreamsStartupCheck implements HealthCheck {

    @Inject
    RedStreamsHealth health;

    /** @return the answer of {@link RedStreamsHealth#startup()}, never throws */
    @Override
    public HealthCheckResponse call() {
        return health.startup();
    }
}
