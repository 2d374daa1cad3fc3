package io.flagbridge.it.app;

import java.io.IOException;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** {@code GET /flags/<command>?...}: {@link FlagProbe} over HTTP. */
@WebServlet("/flags/*")
public class FlagServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Inject
    FlagProbe probe;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String command = request.getPathInfo() == null ? "" : request.getPathInfo().substring(1);
        String answer = probe.handle(command, request::getParameter);
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().write(answer);
    }
}
