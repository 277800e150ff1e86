package io.redstreams.it.server.app;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET rest/deliveries}: {@link DeliveryCounts#report()}, as {@link DeliveryCountServlet} answers it. */
@Path("deliveries")
@RequestScoped
public class DeliveryCountResource {

    @Inject
    DeliveryCounts counts;

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public String report() {
        return counts.report();
    }
}
