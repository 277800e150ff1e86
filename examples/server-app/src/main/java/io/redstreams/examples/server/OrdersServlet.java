package io.redstreams.examples.server;

import java.io.IOException;
import java.util.List;

import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code POST /orders?count=N} sends N orders and answers with their entry ids, one per line;
 * {@code GET /orders} answers how many the CDI consumer billed.
 */
@WebServlet("/orders")
public class OrdersServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @EJB
    private OrderService orders;

    @Inject
    private Billing billing;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        int count = Integer.parseInt(request.getParameter("count") == null ? "1" : request.getParameter("count"));
        List<String> ids = orders.place(count);
        response.setContentType("text/plain");
        response.getWriter().print(String.join("\n", ids));
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain");
        response.getWriter().print(billing.billed());
    }
}
