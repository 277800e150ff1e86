package io.redstreams.it.server.app;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * JAX-RS requests (traced by the server's MicroProfile Telemetry): {@code GET rest/traced/send?id=} sends an order
 * with {@link TracedOrderService}; {@code GET rest/traced/consumed?id=} answers {@link TracedOrderConsumer#spanOf}
 * (404 until the order was consumed).
 */
@Path("traced")
@RequestScoped
public class TracedOrderResource {

    @EJB
    TracedOrderService service;

    @Inject
    TracedOrderConsumer consumer;

    @GET
    @Path("send")
    @Produces(MediaType.TEXT_PLAIN)
    public String send(@QueryParam("id") long id) {
        return service.send(id);
    }

    @GET
    @Path("consumed")
    @Produces(MediaType.TEXT_PLAIN)
    public String consumed(@QueryParam("id") long id) {
        String span = consumer.spanOf(id);
        if (span == null) {
            throw new NotFoundException("order " + id + " not consumed yet");
        }
        return span;
    }
}
