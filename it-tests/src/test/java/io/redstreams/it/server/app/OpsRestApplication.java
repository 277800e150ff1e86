package io.redstreams.it.server.app;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** JAX-RS under {@code rest/} for {@link TracedOrderResource}. */
@ApplicationPath("rest")
public class OpsRestApplication extends Application {
}
