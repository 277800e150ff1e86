package io.redstreams.it.server.app;

import java.io.IOException;
import java.time.Duration;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Drives {@link OrderLog}:
 * <ul>
 *   <li>{@code op=range&stream=&from=&to=&count=}: the entries, {@code <id>/<order id>} comma separated</li>
 *   <li>{@code op=tail&stream=&after=&count=&timeoutMs=}: what a tail after that id read, the same way</li>
 * </ul>
 * A failure answers 500 with the exception.
 */
@WebServlet("/reader")
public class ReaderServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Inject
    OrderLog log;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain");
        String op = request.getParameter("op");
        String stream = request.getParameter("stream");
        int count = Integer.parseInt(request.getParameter("count"));
        try {
            String answer = switch (op == null ? "" : op) {
                case "range" -> String.join(",", log.range(stream, request.getParameter("from"),
                        request.getParameter("to"), count));
                case "tail" -> String.join(",", log.tail(stream, request.getParameter("after"), count,
                        Duration.ofMillis(Long.parseLong(request.getParameter("timeoutMs")))));
                default -> throw new IllegalArgumentException("unknown op " + op);
            };
            response.getWriter().print(answer);
        } catch (RuntimeException e) {
            response.setStatus(500);
            e.printStackTrace(response.getWriter());
        }
    }
}
