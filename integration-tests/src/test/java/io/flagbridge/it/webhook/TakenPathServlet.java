package io.flagbridge.it.webhook;

import java.io.IOException;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** An application's own servlet at the path that FlagBridge's webhook would take by default. */
@WebServlet(name = "notifications", urlPatterns = "/flagbridge/configcat-webhook")
public class TakenPathServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().write("the application's own notifications");
    }
}
