package io.redstreams.it.server.app;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** JAX-RS at {@code /rest} of the tracing application. */
@ApplicationPath("/rest")
public class TracingApplication extends Application {
}
