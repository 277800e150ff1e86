package io.redstreams.it.server.app;

import java.io.IOException;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** {@link BusyLog#report()}, for the test running as a client. */
@WebServlet("/busy")
public class BusyServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Inject
    BusyLog log;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain");
        response.getWriter().print(log.report());
    }
}
