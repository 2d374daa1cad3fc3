package io.flagbridge.it.probe;

import java.io.IOException;
import java.io.PrintWriter;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Deployed on its own, so that it outlives the applications under test: lists every live thread of the server as
 * {@code ID|name|context class loader}, one a line.
 */
@WebServlet("/threads")
public class ThreadsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain;charset=UTF-8");
        PrintWriter out = response.getWriter();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.isAlive()) {
                out.println((thread.getId() + "|" + thread.getName() + "|" + thread.getContextClassLoader())
                        .replace('\n', ' '));
            }
        }
    }
}
