package io.redstreams.it.server.app;

import java.io.IOException;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Answers {@link DeliveryCounts#report()}: {@code id:deliveries,...}. */
@WebServlet("/deliveries")
public class DeliveryCountServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Inject
    DeliveryCounts counts;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain");
        response.getWriter().print(counts.report());
    }
}
