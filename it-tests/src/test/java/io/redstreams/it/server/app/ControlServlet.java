package io.redstreams.it.server.app;

import java.io.IOException;
import java.util.stream.Collectors;

import io.redstreams.it.app.Received;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * What the tests (running as clients) ask of the application:
 * <ul>
 *   <li>{@code op=send&stream=&first=&count=&amount=}: {@link OrderService} sends orders with the producer</li>
 *   <li>{@code op=outbound&stream=&first=&count=}: {@link OutboundSender} sends through the connection factory</li>
 *   <li>{@code op=received}: the ids the CDI consumer received, comma separated</li>
 *   <li>{@code op=mdb}: {@link MdbLog#report()}</li>
 * </ul>
 * A failure answers 500 with the exception, so the test shows it.
 */
@WebServlet("/control")
public class ControlServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @EJB
    OrderService orders;

    @EJB
    OutboundSender outbound;

    @Inject
    Received received;

    @Inject
    MdbLog mdb;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain");
        String op = request.getParameter("op");
        try {
            String answer = switch (op == null ? "" : op) {
                case "send" -> "sent " + orders.send(request.getParameter("stream"), number(request, "first"),
                        (int) number(request, "count"), Double.parseDouble(request.getParameter("amount"))).size();
                case "outbound" -> "sent " + outbound.send(request.getParameter("stream"), number(request, "first"),
                        (int) number(request, "count"));
                case "received" -> received.orders().stream().map(o -> Long.toString(o.id()))
                        .collect(Collectors.joining(","));
                case "mdb" -> mdb.report();
                default -> throw new IllegalArgumentException("unknown op " + op);
            };
            response.getWriter().print(answer);
        } catch (RuntimeException e) {
            response.setStatus(500);
            e.printStackTrace(response.getWriter());
        }
    }

    private static long number(HttpServletRequest request, String name) {
        return Long.parseLong(request.getParameter(name));
    }
}
