package io.redstreams.it.server.app;

import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * The tracing application's JAX-RS resource (MicroProfile Telemetry traces each request, continuing a
 * {@code traceparent} header the caller sends): {@code GET send?id=} has {@link TracedProducer} send an order;
 * {@code GET report} answers {@link TraceLog#report()}.
 */
@Path("/")
public class TracingResource {

    @EJB
    TracedProducer producer;

    @Inject
    TraceLog log;

    @GET
    @Path("send")
    @Produces(MediaType.TEXT_PLAIN)
    public String send(@QueryParam("id") long id) {
        return producer.send(id);
    }

    @GET
    @Path("report")
    @Produces(MediaType.TEXT_PLAIN)
    public String report() {
        return log.report();
    }
}
